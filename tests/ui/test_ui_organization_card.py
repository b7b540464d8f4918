"""The organisation card and its forms: what it shows to whom, verification on a visit, and edits written by the
services (bad input comes back next to its field, in Czech, with what was typed kept)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from contacts.models import Contact, ContactErasure
from organizations.models import Organization, Service

pytestmark = pytest.mark.django_db


def card(pk: int) -> str:
    return f"/organizations/{pk}/"


def test_the_card_urls_are_the_uis():
    assert reverse("organization-detail", args=[3]) == card(3)
    assert reverse("organization-edit", args=[3]) == "/organizations/3/edit/"
    assert reverse("service-edit", args=[3]) == "/organizations/services/3/edit/"
    assert reverse("contact-erase", args=[3]) == "/organizations/contacts/3/erase/"


# ------------------------------------------------------------------------------------------- what it shows --


def test_the_card_shows_the_organisation_with_its_services_contacts_links_meetings_needs_and_history(
    signed_in,
    organization,
    partner,
    make_service,
    make_contact,
    make_link,
    make_meeting,
    make_need,
    families_with_children,
):
    make_service(organization, name="Rodinná SAS", target_groups=[families_with_children])
    make_contact(organization, name="Jana Nováková", position="vedoucí")
    make_link(organization, partner, kind="referral")
    make_meeting(title="Kulatý stůl Pelhřimov", organizations=[organization, partner])
    make_meeting(title="Setkání bez Spirály", organizations=[partner])
    make_need(title="Chybí klub pro 12–15leté", raised_by=organization)
    response = signed_in.get(card(organization.pk))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Spirála Pelhřimov",
        "Rodinná SAS",
        "rodiny s dětmi",
        "Jana Nováková",
        "ZŠ Komenského Pelhřimov",
        "doporučování klientů",
        "Kulatý stůl Pelhřimov",
        "Chybí klub pro 12–15leté",
    ):
        assert text in page, text
    assert "Setkání bez Spirály" not in page
    assert [row["entry"].history_type for row in response.context["history"]] == ["+"]


def test_the_history_names_the_fields_a_change_changed(signed_in, actor, organization):
    from organizations.services import organization_update

    organization_update(
        actor=actor, organization=organization, data={"phone": "+420 565 351 111"}, reason="ověřeno telefonicky"
    )
    latest = signed_in.get(card(organization.pk)).context["history"][0]
    assert (latest["what"], latest["fields"]) == ("ověřeno telefonicky", ["Telefon"])


def test_an_organisation_of_another_kraj_is_404_on_the_card_and_every_form(
    signed_in, make_organization, liberec_town, make_service, make_contact
):
    elsewhere = make_organization(name="Maják Liberec", municipality=liberec_town)
    service, contact = make_service(elsewhere), make_contact(elsewhere)
    for url in (
        card(elsewhere.pk),
        f"/organizations/{elsewhere.pk}/edit/",
        f"/organizations/{elsewhere.pk}/verify/",
        f"/organizations/{elsewhere.pk}/services/new/",
        f"/organizations/{elsewhere.pk}/contacts/new/",
        f"/organizations/services/{service.pk}/edit/",
        f"/organizations/contacts/{contact.pk}/edit/",
        f"/organizations/contacts/{contact.pk}/erase/",
    ):
        assert signed_in.get(url).status_code == 404, url


def test_an_ospod_worker_sees_only_the_contacts_shared_with_ospod_and_no_edit_buttons(
    client, make_role_user, ospod, organization, make_contact
):
    make_contact(organization, name="Sdílená Osoba", shareable_with_ospod=True)
    make_contact(organization, name="Nesdílená Osoba")
    worker = make_role_user("ospod.pelhrimov", "ospod", organization=ospod)
    client.force_login(worker)
    response = client.get(card(organization.pk))
    page = response.content.decode()
    assert "Sdílená Osoba" in page
    assert "Nesdílená Osoba" not in page
    assert f"/organizations/{organization.pk}/edit/" not in page
    assert response.context["verify_form"] is None
    assert client.get(f"/organizations/{organization.pk}/edit/").status_code == 404


def test_a_networker_of_another_orp_in_the_kraj_reads_the_card_but_may_not_change_it(
    client, make_role_user, jihlava, organization
):
    client.force_login(make_role_user("sitar.jihlava", "sitar", district=jihlava))
    response = client.get(card(organization.pk))
    assert response.status_code == 200
    assert response.context["can_change"] is False
    assert client.get(f"/organizations/{organization.pk}/edit/").status_code == 404
    assert client.post(f"/organizations/{organization.pk}/verify/").status_code == 404


# ------------------------------------------------------------------------------------------ verification --


def test_verified_on_this_visit_records_the_meeting_and_its_date(signed_in, sitar, organization, make_meeting):
    import datetime

    visit = make_meeting(
        kind="visit", title="Návštěva Spirály", organizations=[organization], held_on=datetime.date(2026, 3, 10)
    )
    response = signed_in.post(f"/organizations/{organization.pk}/verify/", {"meeting": visit.pk}, follow=True)
    assert response.redirect_chain[-1][0] == card(organization.pk)
    organization.refresh_from_db()
    assert (organization.verified_in, organization.verified_by) == (visit, sitar)
    assert organization.verified_at.date() == datetime.date(2026, 3, 10)
    assert [str(message) for message in response.context["messages"]] == [
        str(_("The data of %(object)s are verified.") % {"object": organization})
    ]


def test_the_meeting_of_a_verification_shows_only_to_who_may_see_it(
    signed_in, client, actor, make_role_user, ospod, organization, make_meeting
):
    from organizations.services import organization_verify

    visit = make_meeting(kind="visit", title="Návštěva u rodiny N.", organizations=[organization])
    organization_verify(actor=actor, organization=organization, meeting=visit)
    assert "Návštěva u rodiny N." in signed_in.get(card(organization.pk)).content.decode()

    client.force_login(make_role_user("ospod.pelhrimov", "ospod", organization=ospod))
    assert client.get(f"/meetings/{visit.pk}/").status_code == 404
    page = client.get(card(organization.pk)).content.decode()
    assert "Návštěva u rodiny N." not in page


def test_verified_without_a_meeting_is_verified_now(signed_in, organization):
    signed_in.post(f"/organizations/{organization.pk}/verify/", {"meeting": ""})
    organization.refresh_from_db()
    assert organization.verified_at is not None and organization.verified_in is None


def test_a_meeting_the_organisation_did_not_attend_cannot_verify_it(signed_in, organization, partner, make_meeting):
    other = make_meeting(organizations=[partner])
    response = signed_in.post(f"/organizations/{organization.pk}/verify/", {"meeting": other.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["meeting"]
    organization.refresh_from_db()
    assert organization.verified_at is None


# ------------------------------------------------------------------------------------------- organisations --


def organization_data(town, **changes) -> dict:
    return {
        "name": "Nová Naděje",
        "kind": "ngo",
        "ico": "",
        "status": "active",
        "municipality": town.pk,
        "district": "",
        "street": "Hlavní 1",
        "postcode": "393 01",
        **changes,
    }


def test_a_networker_creates_an_organisation_in_their_orp(signed_in, sitar, pelhrimov_town):
    response = signed_in.post(
        "/organizations/new/", organization_data(pelhrimov_town, ico="00551023", reason="zjištěno na platformě")
    )
    created = Organization.objects.get(name="Nová Naděje")
    assert response["Location"] == card(created.pk)
    assert (created.district.code, created.ico) == ("6110", "00551023")
    assert created.history.get().history_change_reason == "zjištěno na platformě"


def test_a_bad_ico_keeps_what_was_typed_and_says_why_in_czech_next_to_the_field(signed_in, pelhrimov_town):
    response = signed_in.post("/organizations/new/", organization_data(pelhrimov_town, ico="12345678"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ico"] == ["Toto IČO není platné: nesouhlasí kontrolní číslice."]
    page = response.content.decode()
    assert 'value="Nová Naděje"' in page and 'value="12345678"' in page
    assert 'aria-invalid="true"' in page
    assert not Organization.objects.filter(name="Nová Naděje").exists()


def test_an_ico_another_organisation_has_is_refused_by_the_service_on_the_ico_field(
    signed_in, make_organization, pelhrimov_town
):
    make_organization(name="Spirála Pelhřimov", ico="00551023")
    response = signed_in.post("/organizations/new/", organization_data(pelhrimov_town, ico="00551023"))
    assert response.context["form"].errors["ico"] == ["Organizace s tímto IČO už existuje."]
    assert 'value="Nová Naděje"' in response.content.decode()


def test_the_obec_is_offered_only_in_the_orp_where_the_networker_works(signed_in, pelhrimov_town, jihlava_town):
    form = signed_in.get("/organizations/new/").context["form"]
    offered = {pk for _group, options in form.fields["municipality"].choices[1:] for pk, _name in options}
    assert pelhrimov_town.pk in offered and jihlava_town.pk not in offered
    response = signed_in.post("/organizations/new/", organization_data(jihlava_town))
    assert "municipality" in response.context["form"].errors
    assert not Organization.objects.filter(name="Nová Naděje").exists()


def test_nobody_without_a_place_to_add_organisations_gets_the_form(client, make_role_user, ospod):
    client.force_login(make_role_user("ospod.pelhrimov", "ospod", organization=ospod))
    assert client.get("/organizations/new/").status_code == 404


def test_a_new_obec_moves_the_organisation_and_its_services_to_that_orp(
    client, make_role_user, vysocina, organization, make_service, jihlava_town
):
    service = make_service(organization)
    client.force_login(make_role_user("poradce.vysocina", "poradce", region=vysocina))
    form = client.get(f"/organizations/{organization.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(municipality=jihlava_town.pk, served_districts=[], reason="přestěhovali se")
    response = client.post(f"/organizations/{organization.pk}/edit/", data)
    assert response.status_code == 302
    organization.refresh_from_db()
    service.refresh_from_db()
    assert (organization.district.code, service.district.code) == ("6105", "6105")


def test_an_edit_records_only_what_changed(signed_in, organization):
    form = signed_in.get(f"/organizations/{organization.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(phone="+420 565 351 111", served_districts=[])
    signed_in.post(f"/organizations/{organization.pk}/edit/", data)
    latest = organization.history.first()
    assert latest.prev_record.diff_against(latest).changed_fields == ["phone"]


# ----------------------------------------------------------------------------------------------- services --


def test_a_service_is_added_and_changed_from_the_card(signed_in, organization, sas_families, families_with_children):
    response = signed_in.post(
        f"/organizations/{organization.pk}/services/new/",
        {
            "name": "Rodinná SAS",
            "kind": sas_families.pk,
            "target_groups": [families_with_children.pk],
            "status": "active",
            "age_from": "0",
            "age_to": "18",
        },
    )
    assert response["Location"] == card(organization.pk)
    service = Service.objects.get(name="Rodinná SAS")
    assert list(service.target_groups.all()) == [families_with_children]
    response = signed_in.post(
        f"/organizations/services/{service.pk}/edit/",
        {"name": "Rodinná SAS", "kind": sas_families.pk, "status": "active", "age_from": "12", "age_to": "6"},
    )
    assert response.context["form"].errors["age_to"] == ["Horní věková hranice nemůže být nižší než dolní."]
    service.refresh_from_db()
    assert service.age_from == 0


# ----------------------------------------------------------------------------------------------- contacts --


def test_a_contact_is_added_and_changed_from_the_card(signed_in, organization):
    response = signed_in.post(
        f"/organizations/{organization.pk}/contacts/new/",
        {"name": "Jana Nováková", "legal_basis": "legitimate_interest", "email": "jana@example.cz"},
    )
    assert response["Location"] == card(organization.pk)
    contact = Contact.objects.get(name="Jana Nováková")
    response = signed_in.post(
        f"/organizations/contacts/{contact.pk}/edit/", {"name": "Jana Nováková", "legal_basis": "consent"}
    )
    assert "consent_on" in response.context["form"].errors
    response = signed_in.post(
        f"/organizations/contacts/{contact.pk}/edit/",
        {"name": "Jana Nováková", "legal_basis": "consent", "consent_on": "2026-03-01", "position": "ředitelka"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.position, contact.legal_basis) == ("ředitelka", "consent")


def test_a_contact_is_erased_on_request_after_a_confirmation_with_the_legal_ground(
    signed_in, sitar, organization, make_contact
):
    contact = make_contact(organization, name="Jana Nováková", email="jana@example.cz")
    confirm = signed_in.get(f"/organizations/contacts/{contact.pk}/erase/")
    assert "Jana Nováková" in confirm.content.decode()
    response = signed_in.post(f"/organizations/contacts/{contact.pk}/erase/", {"ground": ""})
    assert response.context["form"].errors["ground"]
    response = signed_in.post(f"/organizations/contacts/{contact.pk}/erase/", {"ground": "request"}, follow=True)
    contact.refresh_from_db()
    assert contact.is_erased and contact.email == ""
    erasure = ContactErasure.objects.get(contact=contact)
    assert (erasure.ground, erasure.erased_by) == ("request", sitar)
    assert "Jana Nováková" not in response.content.decode()
    assert signed_in.get(f"/organizations/contacts/{contact.pk}/erase/").status_code == 404


def test_editing_a_service_keeps_a_served_district_of_another_kraj(
    signed_in, organization, make_service, sas_families, liberec, pelhrimov
):
    service = make_service(organization, served_districts=[pelhrimov, liberec])
    form = signed_in.get(f"/organizations/services/{service.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(kind=sas_families.pk, served_districts=[d.pk for d in form.initial["served_districts"]], capacity="12")
    assert signed_in.post(f"/organizations/services/{service.pk}/edit/", data).status_code == 302
    service.refresh_from_db()
    assert (service.capacity, set(service.served_districts.all())) == (12, {pelhrimov, liberec})
