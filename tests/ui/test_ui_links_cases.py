"""The cooperation-link and case-network screens: what each role sees, and writes through the services."""

import datetime

import pytest
from django.urls import reverse

from network.models import Case, CaseInvolvement, CooperationLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def jihlava_worker(make_role_user, ospod_jihlava):
    return make_role_user("ospod.jihlava", "ospod", organization=ospod_jihlava)


def link_data(**fields):
    return {"kind": "referral", "strength": "3", "status": "active", **fields}


# ------------------------------------------------------------------------------------------- cooperation links --


def test_a_link_is_recorded_from_an_organisation_card(as_user, sitar, organization, partner):
    client = as_user(sitar)
    form = client.get(reverse("link-create") + f"?organization={organization.pk}")
    assert form.status_code == 200
    assert f'<option value="{organization.pk}" selected>' in form.content.decode()

    response = client.post(
        reverse("link-create") + f"?organization={organization.pk}",
        link_data(source=organization.pk, target=partner.pk, note="Posílají si klienty."),
    )
    link = CooperationLink.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("link-detail", args=[link.pk])
    assert (link.source, link.target, link.note, link.district) == (
        organization,
        partner,
        "Posílají si klienty.",
        organization.district,
    )
    assert link.history.get().history_user == sitar


def test_the_organisations_of_the_networkers_district_are_offered_first(
    as_user, sitar, organization, make_organization, jihlava_town
):
    make_organization(name="Agentura Jihlava", municipality=jihlava_town)
    form = as_user(sitar).get(reverse("link-create")).context["form"]
    near, other = [[label for value, label in choices] for group, choices in list(form.fields["source"].choices)[1:]]
    assert (near, other) == (["Spirála Pelhřimov (Pelhřimov)"], ["Agentura Jihlava (Jihlava)"])


def test_a_meeting_out_of_sight_or_malformed_answers_404(as_user, make_role_user, liberec, make_meeting):
    client = as_user(make_role_user("sitar.liberec", "sitar", district=liberec))
    assert client.get(reverse("link-create") + f"?meeting={make_meeting().pk}").status_code == 404
    assert client.get(reverse("link-create") + "?meeting=abc").status_code == 404


def test_a_link_logged_from_a_meeting_offers_its_participants_and_keeps_the_meeting_as_evidence(
    as_user, sitar, organization, partner, ospod, make_organization, make_meeting
):
    stranger = make_organization(name="Nezúčastněná organizace")
    meeting = make_meeting(
        title="Kulatý stůl", held_on=datetime.date(2026, 2, 3), organizations=[organization, partner], organizer=ospod
    )
    client = as_user(sitar)
    page = client.get(reverse("link-create") + f"?meeting={meeting.pk}").content.decode()
    assert "Spirála Pelhřimov" in page and "OSPOD Pelhřimov" in page and "Nezúčastněná organizace" not in page

    client.post(
        reverse("link-create") + f"?meeting={meeting.pk}",
        link_data(source=organization.pk, target=partner.pk, evidence=[meeting.pk]),
    )
    link = CooperationLink.objects.get()
    assert list(link.evidence.all()) == [meeting]
    assert link.confirmed_on == datetime.date(2026, 2, 3)
    assert stranger.pk not in {link.source_id, link.target_id}


def test_a_link_of_an_organisation_with_itself_is_refused_on_the_field_with_the_values_kept(
    as_user, sitar, organization
):
    response = as_user(sitar).post(
        reverse("link-create"), link_data(source=organization.pk, target=organization.pk, note="Sama se sebou")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == ["Organizace nemůže spolupracovat sama se sebou."]
    assert "Sama se sebou" in response.content.decode()
    assert not CooperationLink.objects.exists()


def test_a_link_is_confirmed_with_a_meeting_both_organisations_attended(
    as_user, sitar, organization, partner, make_link, make_meeting
):
    link = make_link(organization, partner)
    meeting = make_meeting(held_on=datetime.date(2026, 4, 1), organizations=[organization, partner])
    client = as_user(sitar)
    detail = client.get(reverse("link-detail", args=[link.pk])).content.decode()
    assert f'value="{meeting.pk}"' in detail

    response = client.post(reverse("link-confirm", args=[link.pk]), {"meeting": meeting.pk})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.confirmed_on == datetime.date(2026, 4, 1)
    assert list(link.evidence.all()) == [meeting]


def test_a_link_is_edited_and_the_detail_shows_what_changed(as_user, sitar, organization, partner, make_link):
    link = make_link(organization, partner)
    client = as_user(sitar)
    response = client.post(reverse("link-edit", args=[link.pk]), link_data(strength="5", note="Pravidelně"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.strength, link.note) == (5, "Pravidelně")
    detail = client.get(reverse("link-detail", args=[link.pk])).content.decode()
    assert "Síla" in detail and "sitar.pelhrimov" in detail


def test_the_link_list_filters_by_organisation_in_constant_queries(
    as_user, sitar, organization, partner, make_organization, make_link, django_assert_max_num_queries
):
    make_link(organization, partner)
    client = as_user(sitar)
    client.get(reverse("link-list"))
    for _number in range(10):
        make_link(make_organization(), make_organization())
    with django_assert_max_num_queries(12):
        page = client.get(reverse("link-list"))
    assert len(page.context["object_list"]) == 11
    filtered = client.get(reverse("link-list"), {"organization": organization.pk})
    assert [link.target for link in filtered.context["object_list"]] == [partner]


def test_a_networker_of_liberec_cannot_open_a_link_of_vysocina(
    as_user, make_role_user, liberec, organization, partner, make_link
):
    link = make_link(organization, partner)
    client = as_user(make_role_user("sitar.liberec", "sitar", district=liberec))
    assert client.get(reverse("link-detail", args=[link.pk])).status_code == 404
    assert client.post(reverse("link-confirm", args=[link.pk]), {}).status_code == 404
    assert list(client.get(reverse("link-list")).context["object_list"]) == []


# ------------------------------------------------------------------------------------------------ case networks --


def test_an_ospod_worker_sees_only_the_cases_of_their_own_ospod(as_user, jihlava_worker, ospod_jihlava, make_case):
    own = make_case(owner=ospod_jihlava, reference="OSPOD-JI-001")
    make_case(reference="OSPOD-PE-001")
    client = as_user(jihlava_worker)
    page = client.get(reverse("case-list"))
    assert list(page.context["object_list"]) == [own]
    assert "OSPOD-PE-001" not in page.content.decode()


def test_a_case_of_another_ospod_answers_404(as_user, jihlava_worker, make_case):
    other = make_case(reference="OSPOD-PE-002")
    client = as_user(jihlava_worker)
    for name in ("case-detail", "case-edit", "case-involvement-add"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404


def test_a_networker_of_liberec_opening_a_vysocina_case_gets_404(as_user, make_role_user, liberec, make_case):
    case = make_case()
    client = as_user(make_role_user("sitar.liberec", "sitar", district=liberec))
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
    assert list(client.get(reverse("case-list")).context["object_list"]) == []


def test_an_ospod_worker_opens_a_case_of_their_own_ospod(as_user, jihlava_worker, ospod_jihlava, ospod):
    client = as_user(jihlava_worker)
    form = client.get(reverse("case-create")).context["form"]
    assert list(form.fields["ospod"].queryset) == [ospod_jihlava]
    response = client.post(
        reverse("case-create"), {"ospod": ospod_jihlava.pk, "reference": "OSPOD-JI-2026-7", "opened_on": "2026-03-02"}
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("case-detail", args=[case.pk])
    assert (case.ospod, case.district, case.reference) == (ospod_jihlava, ospod_jihlava.district, "OSPOD-JI-2026-7")
    refused = client.post(
        reverse("case-create"), {"ospod": ospod.pk, "reference": "OSPOD-JI-2026-8", "opened_on": "2026-03-02"}
    )
    assert "ospod" in refused.context["form"].errors


def test_a_case_is_edited_and_a_closed_one_needs_its_date(as_user, jihlava_worker, ospod_jihlava, make_case):
    case = make_case(owner=ospod_jihlava)
    client = as_user(jihlava_worker)
    data = {"reference": case.reference, "status": "closed", "opened_on": "2026-01-15", "closed_on": ""}
    refused = client.post(reverse("case-edit", args=[case.pk]), data)
    assert refused.context["form"].errors["closed_on"] == ["U ukončeného případu uveďte datum ukončení."]
    client.post(reverse("case-edit", args=[case.pk]), {**data, "closed_on": "2026-05-01"})
    case.refresh_from_db()
    assert (case.status, case.closed_on) == ("closed", datetime.date(2026, 5, 1))


def test_an_organisation_is_added_to_a_case_and_removed_again(
    as_user, jihlava_worker, ospod_jihlava, organization, make_case, make_meeting
):
    case = make_case(owner=ospod_jihlava)
    conference = make_meeting(
        kind="case_conference",
        title="Případová konference",
        case=case,
        organizer=ospod_jihlava,
        organizations=[organization],
    )
    client = as_user(jihlava_worker)
    response = client.post(
        reverse("case-involvement-add", args=[case.pk]),
        {"organization": organization.pk, "role": "social_service", "since": "2026-02-01"},
    )
    assert response["Location"] == reverse("case-detail", args=[case.pk])
    involvement = CaseInvolvement.objects.get()
    detail = client.get(reverse("case-detail", args=[case.pk])).content.decode()
    assert "Spirála Pelhřimov" in detail and str(conference) in detail

    client.post(reverse("case-involvement-remove", args=[involvement.pk]))
    assert not CaseInvolvement.objects.exists()


def test_the_owning_ospod_cannot_be_involved_in_its_own_case(as_user, jihlava_worker, ospod_jihlava, make_case):
    case = make_case(owner=ospod_jihlava)
    form = as_user(jihlava_worker).get(reverse("case-involvement-add", args=[case.pk])).context["form"]
    assert ospod_jihlava not in form.fields["organization"].queryset


def test_an_involvement_in_another_ospods_case_cannot_be_removed(
    as_user, jihlava_worker, organization, make_case, actor
):
    from network.services import case_involvement_add

    involvement = case_involvement_add(actor=actor, case=make_case(), organization=organization, role="school")
    response = as_user(jihlava_worker).post(reverse("case-involvement-remove", args=[involvement.pk]))
    assert response.status_code == 404
    assert CaseInvolvement.objects.filter(pk=involvement.pk).exists()
