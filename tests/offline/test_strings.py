"""The offline app's strings: every key its JavaScript asks for is given to the page, in Czech too."""

import html
import json
import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

from offline.strings import BAR, PAGE

SOURCES = Path(__file__).resolve().parents[2] / "offline" / "src"
# t("…") with a literal key (not the `.get("…")` or `request("…")` that end in a t).
CALL = re.compile(r"(?<![\w.])t\(\"((?:[^\"\\]|\\.)*)\"")


def keys_used() -> set[str]:
    keys = set()
    for source in SOURCES.glob("*.js"):
        keys |= {json.loads(f'"{key}"') for key in CALL.findall(source.read_text(encoding="utf-8"))}
    return keys


def test_every_key_of_the_javascript_is_given_to_the_page():
    used = keys_used()
    assert len(used) > 50
    assert used - set(BAR) - set(PAGE) == set()


def test_the_strings_are_given_in_czech_in_an_attribute_not_a_script():
    with translation.override("cs"):
        rendered = Template(
            """{% load offline %}<div id="offline-bar" data-strings="{% offline_strings 'bar' %}"></div>"""
            """<div id="offline-app" data-strings="{% offline_strings 'page' %}"></div>"""
        ).render(Context())
    found = {
        element: json.loads(html.unescape(strings))
        for element, strings in re.findall(r'<div id="([\w-]+)" data-strings="([^"]*)">', rendered)
    }
    assert found["offline-bar"]["Send now"] == "Odeslat hned"
    assert found["offline-app"]["Save on the tablet"] == "Uložit na tablet"
    assert set(found["offline-app"]) == set(PAGE) and "<script" not in rendered
