"""Item 4: nothing out of scope is named: a need's page does not show the meeting (nor the organisation) it came from
to a reader for whom that meeting is 404, and a 400 on a meeting does not name contact persons its editor cannot see."""

import pytest
from django.urls import reverse

from meetings.models import Meeting

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Případová porada o rodině Novákových"
SECRET_CONTACT = "Lenka Kopecká"


@pytest.fixture
def need_placed_in_liberec(make_meeting, make_need, liberec, make_organization, pelhrimov_town):
    """A need heard at a Pelhřimov meeting but placed in Liberec, raised by a Pelhřimov organisation."""
    meeting = make_meeting(title=SECRET_TITLE)
    raiser = make_organization(name="Poradna Vysočina, z. ú.", municipality=pelhrimov_town)
    return make_need(title="Chybí azylový dům", district=liberec, raised_in=meeting, raised_by=raiser)


def test_a_need_page_does_not_name_a_meeting_the_reader_may_not_see(
    need_placed_in_liberec, make_role_user, liberec, as_user
):
    reader = make_role_user("sitar.li", "sitar", district=liberec)
    assert not Meeting.objects.restrict(reader, "view").filter(pk=need_placed_in_liberec.raised_in_id).exists()
    response = as_user(reader).get(reverse("need-detail", args=[need_placed_in_liberec.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert need_placed_in_liberec.title in page
    assert SECRET_TITLE not in page and "Poradna Vysočina" not in page
    assert reverse("meeting-detail", args=[need_placed_in_liberec.raised_in_id]) not in page


def test_a_need_page_names_its_meeting_to_a_reader_who_may_see_it(need_placed_in_liberec, as_user, actor):
    page = as_user(actor).get(reverse("need-detail", args=[need_placed_in_liberec.pk])).content.decode()
    assert SECRET_TITLE in page and "Poradna Vysočina" in page


@pytest.fixture
def ospod_meeting(make_meeting, ospod, organization, make_contact):
    """A meeting of the Pelhřimov OSPOD with an NGO whose contact person did not agree to be shown to OSPOD."""
    private = make_contact(organization, name=SECRET_CONTACT, shareable_with_ospod=False)
    return make_meeting(organizer=ospod, organizations=[ospod, organization], contacts=[private])


def test_a_400_on_a_meeting_does_not_name_contacts_the_editor_may_not_see(ospod_meeting, ospod, make_role_user, api_as):
    editor = make_role_user("ospod.pe", "ospod", organization=ospod)
    response = api_as(editor).patch(
        f"/api/v1/meetings/{ospod_meeting.pk}/", {"organizations": [ospod.pk]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["contacts"]
    assert SECRET_CONTACT not in response.content.decode()
    assert set(Meeting.objects.get(pk=ospod_meeting.pk).organizations.values_list("pk", flat=True)) == {
        ospod.pk,
        ospod_meeting.organizations.exclude(pk=ospod.pk).get().pk,
    }


def test_the_same_400_names_the_contact_to_an_editor_who_may_see_it(ospod_meeting, ospod, api_as, actor):
    response = api_as(actor).patch(
        f"/api/v1/meetings/{ospod_meeting.pk}/", {"organizations": [ospod.pk]}, format="json"
    )
    assert response.status_code == 400
    assert SECRET_CONTACT in response.content.decode()


def test_a_link_error_does_not_name_an_evidence_meeting_the_editor_may_not_see(
    make_meeting, make_case, make_link, organization, partner, ospod, actor, make_role_user, pelhrimov
):
    from django.core.exceptions import ValidationError

    from meetings.services import meeting_update
    from network.services import link_update

    conference = make_meeting(
        kind="case_conference",
        title=SECRET_TITLE,
        case=make_case(),
        organizer=ospod,
        organizations=[organization, partner, ospod],
    )
    link = make_link(organization, partner, evidence=[conference])
    meeting_update(actor=actor, meeting=conference, data={"organizations": [organization, ospod]})
    editor = make_role_user("sitar.pe", "sitar", district=pelhrimov)
    assert not Meeting.objects.restrict(editor, "view").filter(pk=conference.pk).exists()
    # The link's edit form keeps the evidence its editor cannot see (core.services.keep_unseen).
    with pytest.raises(ValidationError) as refused:
        link_update(actor=editor, link=link, data={"evidence": [conference]})
    assert SECRET_TITLE not in str(refused.value.message_dict)
    with pytest.raises(ValidationError) as refused:
        link_update(actor=actor, link=link, data={"evidence": [conference]})
    assert SECRET_TITLE in str(refused.value.message_dict)


def test_the_needs_board_does_not_name_an_organisation_the_reader_may_not_see(
    need_placed_in_liberec, make_role_user, liberec, as_user, actor
):
    reader = make_role_user("sitar.li", "sitar", district=liberec)
    response = as_user(reader).get(reverse("need-board"))
    assert "Poradna Vysočina" not in response.content.decode()
    cards = [card for column in response.context["columns"] for card in column["needs"]]
    assert [card.need.pk for card in cards] == [need_placed_in_liberec.pk]
    assert cards[0].raised_by is None
    cards = [
        card for column in as_user(actor).get(reverse("need-board")).context["columns"] for card in column["needs"]
    ]
    assert [card.raised_by.pk for card in cards] == [need_placed_in_liberec.raised_by_id]
