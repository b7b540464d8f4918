"""The owner's form of a round: title, territory, deadline, the organisations with their respondents, the questions.
The respondent's page is not a Django form: its fields are named by services.answer_field and checked there."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.views import record_id
from surveys.models import DEFAULT_QUESTIONS, FREQUENCY, Section
from surveys.services import QuestionInput

# Empty rows the form offers for new questions.
NEW_QUESTIONS = 2


def territory_value(district=None, region=None) -> str:
    return f"d-{district.pk}" if district is not None else (f"r-{region.pk}" if region is not None else "")


def parse_territory(value: str, districts, regions):
    """(district, region) a territory value names among those offered, or (None, None)."""
    kind, _sep, pk = (value or "").partition("-")
    pk = record_id(pk)
    if kind == "d" and pk is not None:
        district = districts.filter(pk=pk).select_related("region").first()
        return (district, district.region) if district else (None, None)
    if kind == "r" and pk is not None:
        return None, regions.filter(pk=pk).first()
    return None, None


class TerritoryForm(forms.Form):
    """The first step: the ORP or the kraj whose organisations the round asks."""

    territory = forms.ChoiceField(label=_("Territory"))

    def __init__(self, *args, districts, regions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")]
        if regions:
            choices.append((_("Kraj"), [(territory_value(region=r), r.name) for r in regions]))
        if districts:
            choices.append((_("ORP"), [(territory_value(district=d), d.name) for d in districts]))
        self.fields["territory"].choices = choices


class RoundForm(forms.Form):
    """A round's set-up; the organisations (``org-<id>``, ``contact-<id>``) and questions (``question-<n>-…``) are
    fields of their own, made from the candidates and the round's current questions."""

    title = forms.CharField(label=_("Title"), max_length=200)
    territory = forms.CharField(widget=forms.HiddenInput)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, candidates, questions=None, chosen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        # The service's errors on the organisations and the questions as a whole (no single field of the form).
        self.extra_errors: dict[str, list[str]] = {}
        chosen = chosen or {}
        for candidate in candidates:
            pk = candidate.organization.pk
            self.fields[f"org-{pk}"] = forms.BooleanField(
                label=candidate.organization.name, required=False, initial=not chosen or pk in chosen
            )
            initial = chosen.get(pk) or (candidate.default_contact.pk if candidate.default_contact else None)
            self.fields[f"contact-{pk}"] = forms.TypedChoiceField(
                label=_("Respondent"),
                choices=[(c.pk, c.name) for c in candidate.contacts] or [("", "—")],
                coerce=int,
                required=False,
                initial=initial,
            )
        questions = questions if questions is not None else [(c, s, str(t)) for c, s, t in DEFAULT_QUESTIONS]
        self.question_rows = []
        for index, (code, section, text) in enumerate([*questions, *([("", "", "")] * NEW_QUESTIONS)]):
            prefix = f"question-{index}"
            self.fields[f"{prefix}-code"] = forms.CharField(widget=forms.HiddenInput, required=False, initial=code)
            self.fields[f"{prefix}-section"] = forms.ChoiceField(
                label=_("Section"), choices=[("", "—"), *Section.choices], required=False, initial=section
            )
            self.fields[f"{prefix}-text"] = forms.CharField(
                label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), required=False, initial=text
            )
            self.fields[f"{prefix}-remove"] = forms.BooleanField(label=_("Remove"), required=False)
            if code == FREQUENCY:
                # The frequency question decides which other questions count: it may be reworded, never removed.
                del self.fields[f"{prefix}-remove"]
                self.fields[f"{prefix}-section"].disabled = True
            self.question_rows.append(prefix)

    def organization_rows(self):
        return [
            (candidate, self[f"org-{candidate.organization.pk}"], self[f"contact-{candidate.organization.pk}"])
            for candidate in self.candidates
        ]

    def question_fields(self):
        return [
            (
                self[f"{p}-code"],
                self[f"{p}-section"],
                self[f"{p}-text"],
                self[f"{p}-remove"] if f"{p}-remove" in self.fields else None,
            )
            for p in self.question_rows
        ]

    def respondents(self) -> dict[int, int | None]:
        data = self.cleaned_data
        return {
            c.organization.pk: data.get(f"contact-{c.organization.pk}")
            for c in self.candidates
            if data.get(f"org-{c.organization.pk}")
        }

    def questions(self) -> list[QuestionInput]:
        data, found, codes = self.cleaned_data, [], set()
        for prefix in self.question_rows:
            text = (data.get(f"{prefix}-text") or "").strip()
            code = data.get(f"{prefix}-code") or ""
            section = data.get(f"{prefix}-section") or (Section.FREQUENCY if code == FREQUENCY else "")
            if data.get(f"{prefix}-remove") or (not code and not text):
                continue
            if not code:
                code = _new_code(text, codes)
            codes.add(code)
            found.append(QuestionInput(code=code, section=section, text=text))
        return found


def _new_code(text: str, taken: set[str]) -> str:
    base = (slugify(text)[:30] or "question").replace("-", "_")
    code, number = base, 2
    while code in taken or code == FREQUENCY:
        code, number = f"{base}_{number}", number + 1
    return code
