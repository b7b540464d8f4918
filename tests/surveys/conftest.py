"""A partner survey of four organisations of ORP Pelhřimov, set up by the síťař of Pelhřimov."""

import datetime

import pytest
from django.utils import timezone

from surveys.models import DEFAULT_QUESTIONS
from surveys.services import QuestionInput, round_save


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
