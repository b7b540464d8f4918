"""The Czech catalogue: messages, model names and choice labels come out in Czech, and in English on request."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from contacts.models import Contact
from meetings.models import MeetingKind, NeedStatus
from organizations.models import Organization, OrganizationKind
from organizations.validators import validate_ico

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "cs" / "LC_MESSAGES" / "django.po"
CZECH_PLURALS = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"

pytestmark = pytest.mark.usefixtures("compiled_catalogue")


def ico_error(value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_ico(value)
    return caught.value.messages[0]


# --------------------------------------------------------------------------------------------------- Czech --


def test_the_ico_errors_are_in_czech():
    with translation.override("cs"):
        assert ico_error("12345678") == "Toto IČO není platné: nesouhlasí kontrolní číslice."
        assert ico_error("1234") == "IČO má přesně 8 číslic (včetně úvodních nul), např. 00551023."


def test_model_names_are_in_czech():
    with translation.override("cs"):
        assert str(Organization._meta.verbose_name) == "organizace"
        assert str(Contact._meta.verbose_name_plural) == "kontaktní osoby"
        assert str(Organization._meta.get_field("ico").verbose_name) == "IČO"


def test_choice_labels_are_in_czech():
    with translation.override("cs"):
        assert str(OrganizationKind.OSPOD.label) == "OSPOD (orgán sociálně-právní ochrany dětí)"
        assert str(MeetingKind.CASE_CONFERENCE.label) == "případová konference"
        assert str(NeedStatus.IN_PROGRESS.label) == "v řešení"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 úkol byl označen jako splněný."),
        (3, "3 úkoly byly označeny jako splněné."),
        (5, "5 úkolů bylo označeno jako splněné."),
    ],
)
def test_plurals_follow_czech_grammar(count, expected):
    with translation.override("cs"):
        message = translation.ngettext(
            "%(count)d follow-up marked as done.", "%(count)d follow-ups marked as done.", count
        ) % {"count": count}
    assert message == expected


def test_the_admin_speaks_czech_by_default(admin_client, pelhrimov_town):
    response = admin_client.post(
        reverse("admin:organizations_organization_add"),
        {
            "name": "Kopretina",
            "kind": "ngo",
            "ico": "12345678",
            "status": "active",
            "municipality": pelhrimov_town.pk,
            "services-TOTAL_FORMS": "0",
            "services-INITIAL_FORMS": "0",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Toto IČO není platné: nesouhlasí kontrolní číslice." in page
    assert "Ulice a číslo popisné" in page


# ------------------------------------------------------------------------------------------------- English --


def test_the_same_messages_are_in_english_on_request():
    with translation.override("en"):
        assert ico_error("12345678") == "This IČO is not valid: its check digit does not match."
        assert str(Organization._meta.verbose_name) == "organisation"
        assert str(Contact._meta.verbose_name_plural) == "contact persons"
        assert str(OrganizationKind.OSPOD.label) == "OSPOD (child protection authority)"
        assert str(MeetingKind.CASE_CONFERENCE.label) == "case conference"


# ----------------------------------------------------------------------------------------------- catalogue --


def test_the_catalogue_has_czech_plural_forms():
    assert f'"Plural-Forms: {CZECH_PLURALS}\\n"' in CATALOGUE.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt (Debian package gettext)")
def test_every_message_is_translated_and_none_is_fuzzy():
    """After makemessages, translate the new strings (and check the fuzzy guesses) before committing."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages?\.\s*", result.stderr), result.stderr
