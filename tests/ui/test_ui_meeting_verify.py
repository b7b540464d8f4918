"""After a meeting (issue 16, item 9): its page verifies each participating organisation the user may verify, with
the meeting as evidence, and comes back to it; the card's verification offers the user's own recent visit; the link
form opened from a meeting has its first two participants picked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import Organization
from organizations.selectors import VERIFY_RECENT_DAYS

pytestmark = pytest.mark.django_db


def verify_button(organization) -> str:
    return f'action="{reverse("organization-verify", args=[organization.pk])}"'


def test_the_meeting_page_offers_verification_only_where_the_user_may_verify(
    signed_in, make_meeting, organization, make_organization, jihlava_town
):
    elsewhere = make_organization(name="Spirála Jihlava", municipality=jihlava_town)
    meeting = make_meeting(organizations=[organization, elsewhere])

    html = signed_in.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()

    assert f'href="{reverse("organization-detail", args=[organization.pk])}"' in html
    assert f'href="{reverse("organization-detail", args=[elsewhere.pk])}"' in html
    assert verify_button(organization) in html
    assert verify_button(elsewhere) not in html


def test_verifying_from_the_meeting_page_cites_the_meeting_and_comes_back_to_it(
    signed_in, sitar, make_meeting, organization
):
    meeting = make_meeting(organizations=[organization])
    detail = reverse("meeting-detail", args=[meeting.pk])

    response = signed_in.post(
        reverse("organization-verify", args=[organization.pk]), {"meeting": meeting.pk, "next": detail}
    )

    assert response.status_code == 302 and response["Location"] == detail
    organization.refresh_from_db()
    assert (organization.verified_in_id, organization.verified_by_id) == (meeting.pk, sitar.pk)
    html = signed_in.get(detail).content.decode()
    assert verify_button(organization) not in html and "verified-here" in html


@pytest.mark.parametrize("elsewhere", ["https://example.com/", "//example.com/", "javascript:alert(1)"])
def test_a_verification_goes_back_only_within_the_site(signed_in, make_meeting, organization, elsewhere):
    meeting = make_meeting(organizations=[organization])

    response = signed_in.post(
        reverse("organization-verify", args=[organization.pk]), {"meeting": meeting.pk, "next": elsewhere}
    )

    assert response["Location"] == reverse("organization-detail", args=[organization.pk])


def test_an_older_meeting_than_the_ten_offered_may_still_be_cited(signed_in, make_meeting, organization):
    old = make_meeting(organizations=[organization], held_on=datetime.date(2025, 1, 6))
    for day in range(1, 12):
        make_meeting(organizations=[organization], held_on=datetime.date(2026, 2, day))

    signed_in.post(reverse("organization-verify", args=[organization.pk]), {"meeting": old.pk})

    assert Organization.objects.get(pk=organization.pk).verified_in_id == old.pk


def test_the_cards_verification_offers_the_users_latest_visit_of_the_last_days(
    signed_in, sitar, actor, make_meeting, organization
):
    today = timezone.localdate()
    make_meeting(actor=sitar, organizations=[organization], held_on=today - datetime.timedelta(days=3))
    latest = make_meeting(actor=sitar, organizations=[organization], held_on=today - datetime.timedelta(days=1))
    make_meeting(actor=actor, organizations=[organization], held_on=today)  # a colleague's

    response = signed_in.get(reverse("organization-detail", args=[organization.pk]))

    assert response.context["verify_form"]["meeting"].value() == latest.pk
    assert (
        signed_in.get(reverse("organization-verify", args=[organization.pk])).context["form"]["meeting"].value()
        == latest.pk
    )


def test_an_older_visit_is_not_offered_first(signed_in, sitar, make_meeting, organization):
    held = timezone.localdate() - datetime.timedelta(days=VERIFY_RECENT_DAYS + 1)
    make_meeting(actor=sitar, organizations=[organization], held_on=held)

    response = signed_in.get(reverse("organization-detail", args=[organization.pk]))

    assert response.context["verify_form"]["meeting"].value() is None


def test_the_link_form_from_a_meeting_picks_its_first_two_participants_as_listed(
    signed_in, make_meeting, organization, partner, ospod
):
    meeting = make_meeting(organizations=[partner, ospod, organization])

    form = signed_in.get(reverse("link-create"), {"meeting": meeting.pk}).context["form"]

    # Listed by name: OSPOD Pelhřimov, Spirála Pelhřimov, ZŠ Komenského Pelhřimov.
    assert (form["source"].value(), form["target"].value()) == (ospod.pk, organization.pk)
    assert form["evidence"].value() == [meeting.pk]


def test_the_link_form_from_a_card_keeps_its_organisation_as_the_source(signed_in, make_meeting, organization, partner):
    meeting = make_meeting(organizations=[organization, partner])

    form = signed_in.get(reverse("link-create"), {"meeting": meeting.pk, "organization": partner.pk}).context["form"]

    assert (form["source"].value(), form["target"].value()) == (partner.pk, None)
