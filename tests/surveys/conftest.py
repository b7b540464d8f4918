"""A partner survey of four organisations of ORP Pelhřimov, set up by the síťař of Pelhřimov."""

import datetime

import pytest
from django.utils import timezone

from surveys.models import DEFAULT_QUESTIONS
from surveys.services import QuestionInput, answers_save, round_open, round_save


def default_questions() -> list[QuestionInput]:
    return [QuestionInput(code, section, str(text)) for code, section, text in DEFAULT_QUESTIONS]


@pytest.fixture
def four(make_organization, make_contact):
    """Four organisations of Pelhřimov, each with a contact with an e-mail: [(organisation, contact)]."""
    found = []
    for index in range(4):
        organization = make_organization(name=f"Průzkum {index}")
        found.append((organization, make_contact(organization, email=f"osoba{index}@example.cz")))
    return found


@pytest.fixture
def make_round(sitar, pelhrimov, four):
    def make(*, actor=sitar, district=pelhrimov, region=None, members=None, deadline=None, **fields):
        members = four if members is None else members
        return round_save(
            actor=actor,
            title=fields.pop("title", "Průzkum 2026"),
            district=district,
            region=region,
            deadline=deadline or timezone.localdate() + datetime.timedelta(days=14),
            respondents={organization.pk: contact.pk for organization, contact in members},
            questions=fields.pop("questions", default_questions()),
        )

    return make


def answers(about, frequency, trust=None, value=None) -> dict[str, str]:
    """Form data of one organisation's answers: frequency, and every trust / value item at one value."""
    data = {f"q-{about.pk}-frequency": str(frequency)}
    for code, section, _text in DEFAULT_QUESTIONS:
        if section == "trust" and trust is not None:
            data[f"q-{about.pk}-{code}"] = str(trust)
        if section == "value" and value is not None:
            data[f"q-{about.pk}-{code}"] = str(value)
    return data


@pytest.fixture
def opened(make_round, sitar):
    """The four organisations' round, opened by its owner (the síťař)."""
    round_ = make_round()
    round_open(actor=sitar, round_=round_)
    return round_


@pytest.fixture
def answered(opened, four):
    """Every organisation submitted: 1↔2 reciprocal; 3 and 4 rate 1 and 2 (so 1 and 2 have 3 raters each); nobody
    works with 3 or 4."""
    (a, _), (b, _), (c, _), (d, _) = four
    plan = {
        a: {**answers(b, 4, trust=4, value=3), **answers(c, 0), **answers(d, 0)},
        b: {**answers(a, 3, trust=3, value=3), **answers(c, 0), **answers(d, 0)},
        c: {**answers(a, 2, trust=2, value=2), **answers(b, 2, trust=4, value=4), **answers(d, 0)},
        d: {**answers(a, 1, trust=1, value=1), **answers(b, 1, trust=4, value=2), **answers(c, 0)},
    }
    for organization, data in plan.items():
        answers_save(participant=opened.participants.get(organization=organization), data=data, submit=True)
    return opened


def form_data(form, **values) -> dict:
    """The round form's data as the page offers it (every candidate ticked with its default respondent, the questions
    as they are), with ``values`` on top."""
    data = {"territory": form["territory"].initial}
    for candidate in form.candidates:
        data[f"org-{candidate.organization.pk}"] = "on"
        data[f"contact-{candidate.organization.pk}"] = str(candidate.default_contact.pk)
    for field in form.question_rows:
        for part in ("code", "section", "text"):
            data[f"{field}-{part}"] = form[f"{field}-{part}"].initial
    return {**data, **values}
