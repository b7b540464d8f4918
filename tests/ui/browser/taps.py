"""Taps: a page wrapper that counts what a person does on a tablet, step by step.

A tap is one touch on the screen: a click, a checkbox, a key on the on-screen keyboard that submits (Enter); choosing
an option in a select is two (open, choose), and nothing when it is already chosen. Typing into a field counts apart, as one typed field per fill. Nothing
else moves the page: going to an address by typing it is not something this wrapper offers.
"""

from collections import Counter


class Taps:
    def __init__(self, page):
        self.page = page
        self.taps: Counter[str] = Counter()
        self.typed: Counter[str] = Counter()
        self.step = "start"

    def _locator(self, target):
        return self.page.locator(target) if isinstance(target, str) else target

    def begin(self, step: str):
        self.step = step

    def tap(self, target):
        self._locator(target).tap()
        self.taps[self.step] += 1

    def click(self, target):
        self._locator(target).click()
        self.taps[self.step] += 1

    def check(self, target):
        self._locator(target).check()
        self.taps[self.step] += 1

    def select_option(self, target, value):
        self._locator(target).select_option(value)
        self.taps[self.step] += 2

    def choose(self, target, value: str):
        """A select set to value as a person does it: two taps when it shows something else, none when the screen
        already offers the right choice."""
        locator = self._locator(target)
        if locator.input_value() != value:
            self.select_option(locator, value)

    def press_enter(self, target):
        self._locator(target).press("Enter")
        self.taps[self.step] += 1

    def fill(self, target, text: str):
        self._locator(target).fill(text)
        self.typed[self.step] += 1

    @property
    def total(self) -> int:
        return sum(self.taps.values())

    @property
    def total_typed(self) -> int:
        return sum(self.typed.values())

    def report(self) -> str:
        steps = dict.fromkeys([*self.taps, *self.typed])
        per_step = ", ".join(f"{step} {self.taps[step]}/{self.typed[step]}" for step in steps)
        return f"{self.total} taps, {self.total_typed} typed fields ({per_step})"
