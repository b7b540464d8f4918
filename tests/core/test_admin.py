"""The admin: for superusers only, pages render with bounded queries, and every write goes through a service."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse
from guardian.shortcuts import assign_perm

from contacts.models import Contact, ContactErasure
from contacts.services import contact_erase
from meetings.models import FollowUp, Meeting, Need
from meetings.services import followup_create
from network.models import Case, CaseInvolvement, CooperationLink
from network.services import case_involvement_add
from organizations.models import Organization, Service, ServiceForm, ServiceKind, TargetGroup
from permissions.models import (
    CaseUserObjectPermission,
    DistrictUserObjectPermission,
    RegionUserObjectPermission,
    RoleAssignment,
)
from permissions.services import role_assign
from territory.models import District, Municipality, Region

DOMAIN_MODELS = [
    Region,
    District,
    Municipality,
    CooperationLink,
    Case,
    CaseInvolvement,
    Organization,
    Service,
    ServiceKind,
    TargetGroup,
    ServiceForm,
    Contact,
    ContactErasure,
    Meeting,
    FollowUp,
    Need,
    RoleAssignment,
    RegionUserObjectPermission,
    DistrictUserObjectPermission,
    CaseUserObjectPermission,
]
# Loaded by migration, or written only by a service elsewhere (the erasure log, the grants): nothing to add here.
READ_ONLY_MODELS = [
    Region,
    District,
    Municipality,
    ServiceKind,
    TargetGroup,
    ServiceForm,
    ContactErasure,
    RegionUserObjectPermission,
    DistrictUserObjectPermission,
    CaseUserObjectPermission,
]
ADDABLE_MODELS = [model for model in DOMAIN_MODELS if model not in READ_ONLY_MODELS]

# A changelist costs a constant number of queries (session, user, counts, the page, the filters' choices, the date
# hierarchy: 5 to 8 today; and 3 when the session's sliding expiry is written, at most once a minute
# (config.middleware.SlidingSessionMiddleware): its UPDATE inside a savepoint of the test's transaction). Five rows of every kind are on the page, so an N+1 would blow this budget.
CHANGELIST_QUERY_BUDGET = 13


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def management_form(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def form_errors(response) -> dict:
    """The errors of the main form on an admin change page."""
    return response.context["adminform"].form.errors


@pytest.fixture
def world(
    actor,
    make_organization,
    make_service,
    make_contact,
    make_meeting,
    make_need,
    make_link,
    make_case,
    ospod,
    make_user,
    admin_user,
    pelhrimov,
    vysocina,
):
    """Five records of every kind, all in ORP Pelhřimov, built through the services."""
    organizations = [make_organization(name=f"Organizace {i}") for i in range(5)]
    services = [make_service(organization) for organization in organizations]
    contacts = [make_contact(organization) for organization in organizations]
    meetings = [
        make_meeting(organizations=organizations[:2], contacts=contacts[:1], organizer=organizations[0])
        for _ in range(5)
    ]
    followups = [
        followup_create(
            actor=actor,
            meeting=meeting,
            description="Poslat katalog služeb",
            assignee=actor,
            due_on=datetime.date(2026, 4, 1),
        )
        for meeting in meetings
    ]
    needs = [make_need(raised_by=organizations[0], raised_in=meetings[0]) for _ in range(5)]
    links = [make_link(organizations[0], target) for target in organizations[1:]]
    links.append(make_link(organizations[1], organizations[2], kind="joint_activity"))
    cases = [make_case() for _ in range(5)]
    involvements = [
        case_involvement_add(actor=actor, case=case, organization=organizations[0], role="social_service")
        for case in cases
    ]
    assignments = [role_assign(actor=admin_user, user=make_user(), role="sitar", district=pelhrimov) for _ in range(3)]
    assignments += [
        role_assign(actor=admin_user, user=make_user(), role="poradce", region=vysocina),
        role_assign(actor=admin_user, user=make_user(), role="ospod", organization=ospod),
    ]
    shared_with = make_user()
    for case in cases:
        assign_perm("network.view_case", shared_with, case)
    erasures = [
        contact_erase(actor=actor, contact=make_contact(organization), ground="request")
        for organization in organizations
    ]
    return {
        Region: vysocina,
        District: pelhrimov,
        Municipality: organizations[0].municipality,
        CooperationLink: links[0],
        Case: cases[0],
        CaseInvolvement: involvements[0],
        Organization: organizations[0],
        Service: services[0],
        ServiceKind: services[0].kind,
        TargetGroup: TargetGroup.objects.first(),
        ServiceForm: ServiceForm.objects.first(),
        Contact: contacts[0],
        ContactErasure: erasures[0],
        Meeting: meetings[0],
        FollowUp: followups[0],
        Need: needs[0],
        RoleAssignment: assignments[0],
        RegionUserObjectPermission: RegionUserObjectPermission.objects.first(),
        DistrictUserObjectPermission: DistrictUserObjectPermission.objects.first(),
        CaseUserObjectPermission: CaseUserObjectPermission.objects.first(),
    }


# ------------------------------------------------------------------------------------------------- coverage --


def test_every_domain_model_has_an_admin():
    missing = [model.__name__ for model in DOMAIN_MODELS if not admin.site.is_registered(model)]
    assert missing == []


# --------------------------------------------------------------------------------------------- pages render --


def test_every_changelist_renders_with_a_bounded_number_of_queries(admin_client, world, django_assert_max_num_queries):
    for model in DOMAIN_MODELS:
        with django_assert_max_num_queries(CHANGELIST_QUERY_BUDGET, info=f"changelist of {model.__name__}"):
            response = admin_client.get(url(model, "changelist"))
        assert response.status_code == 200, model.__name__
        assert response.context["cl"].result_count >= 1, model.__name__


def test_every_changelist_search_renders(admin_client, world):
    failing = {
        model.__name__: status
        for model in DOMAIN_MODELS
        if (status := admin_client.get(url(model, "changelist"), {"q": "pelhřimov"}).status_code) != 200
    }
    assert failing == {}


def test_district_filter_is_offered_once_a_region_is_chosen(admin_client, world, vysocina, pelhrimov):
    changelist = url(Organization, "changelist")

    assert "district=" not in admin_client.get(changelist).content.decode()
    response = admin_client.get(changelist, {"region__id__exact": vysocina.pk})
    assert f"district={pelhrimov.pk}" in response.content.decode()
    response = admin_client.get(changelist, {"region__id__exact": vysocina.pk, "district": pelhrimov.pk})
    assert response.status_code == 200
    assert response.context["cl"].result_count == Organization.objects.filter(district=pelhrimov).count()


@pytest.mark.parametrize("model", ADDABLE_MODELS, ids=lambda model: model.__name__)
def test_add_form_renders(admin_client, model):
    assert admin_client.get(url(model, "add")).status_code == 200


def test_reference_data_cannot_be_added_changed_or_deleted(admin_client, world):
    for model in READ_ONLY_MODELS:
        obj = world[model]
        assert admin_client.get(url(model, "add")).status_code == 403, model.__name__
        response = admin_client.get(url(model, "change", obj.pk))
        assert response.status_code == 200, model.__name__
        assert response.context["has_change_permission"] is False, model.__name__
        assert admin_client.post(url(model, "change", obj.pk), {}).status_code == 403, model.__name__
        assert admin_client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, model.__name__
        assert model.objects.filter(pk=obj.pk).exists(), model.__name__


def test_the_change_form_of_a_real_object_of_every_model_renders(admin_client, world):
    failing = {
        model.__name__: status
        for model in DOMAIN_MODELS
        if (status := admin_client.get(url(model, "change", world[model].pk)).status_code) != 200
    }
    assert failing == {}


def test_every_history_renders(admin_client, world):
    failing = {
        model.__name__: status
        for model in DOMAIN_MODELS
        if hasattr(model, "history")
        if (status := admin_client.get(url(model, "history", world[model].pk)).status_code) != 200
    }
    assert failing == {}


def test_history_cannot_be_reverted_past_the_services(admin_client, world):
    organization = world[Organization]
    version = organization.history.earliest()
    revert = reverse("admin:organizations_organization_simple_history", args=(organization.pk, version.history_id))

    assert admin_client.get(revert).status_code == 200
    assert admin_client.post(revert, {"name": "Přepsáno"}).status_code == 403


# ------------------------------------------------------------------------------------------ organisations --


def organization_post(**fields) -> dict:
    data = {
        "name": "Rodinné centrum Kopretina",
        "kind": "ngo",
        "ico": "",
        "status": "active",
        "street": "",
        "postcode": "",
        "municipality": "",
        "district": "",
        "latitude": "",
        "longitude": "",
        "web": "",
        "email": "",
        "phone": "",
        "description": "",
        "change_reason": "",
        **management_form("services"),
        **management_form("contacts"),
    }
    data.update(fields)
    return data


def test_creating_an_organisation_places_it_by_its_municipality_and_records_the_admin(
    admin_client, admin_user, kamenice_nad_lipou
):
    response = admin_client.post(
        url(Organization, "add"),
        organization_post(municipality=kamenice_nad_lipou.pk, ico="25596641", change_reason="zápis z terénu"),
    )

    assert response.status_code == 302, response.context and form_errors(response)
    organization = Organization.objects.get(name="Rodinné centrum Kopretina")
    assert organization.district == kamenice_nad_lipou.district
    assert organization.region_id == kamenice_nad_lipou.district.region_id
    row = organization.history.get()
    assert row.history_user == admin_user
    assert row.history_type == "+"
    assert row.history_change_reason == "zápis z terénu"


def test_a_bad_ico_is_a_field_error_and_saves_nothing(admin_client, pelhrimov_town):
    response = admin_client.post(
        url(Organization, "add"), organization_post(municipality=pelhrimov_town.pk, ico="12345678")
    )

    assert response.status_code == 200
    assert list(form_errors(response)) == ["ico"]
    assert not Organization.objects.exists()
    assert not Organization.history.exists()


def test_an_organisation_without_an_address_gets_the_district_chosen(admin_client, liberec):
    response = admin_client.post(url(Organization, "add"), organization_post(district=liberec.pk))

    assert response.status_code == 302
    organization = Organization.objects.get()
    assert (organization.district, organization.region_id) == (liberec, liberec.region_id)


def test_a_municipality_outside_the_chosen_district_is_refused_by_the_service(admin_client, pelhrimov_town, liberec):
    response = admin_client.post(
        url(Organization, "add"), organization_post(municipality=pelhrimov_town.pk, district=liberec.pk)
    )

    assert response.status_code == 200
    assert "Pelhřimov" in form_errors(response)["district"][0]
    assert not Organization.objects.exists()


def test_an_organisation_needs_a_municipality_or_a_district(admin_client):
    response = admin_client.post(url(Organization, "add"), organization_post())

    assert response.status_code == 200
    assert "district" in form_errors(response)
    assert not Organization.objects.exists()


def test_moving_an_organisation_moves_its_services_and_contacts(
    admin_client, organization, make_service, make_contact, liberec_town
):
    service, contact = make_service(organization), make_contact(organization)
    data = organization_post(
        name=organization.name,
        municipality=liberec_town.pk,
        district=organization.district_id,
        **management_form("services", 1, 1),
        **management_form("contacts", 1, 1),
    )
    data.update(
        {
            "services-0-id": service.pk,
            "services-0-organization": organization.pk,
            "services-0-name": service.name,
            "services-0-kind": service.kind_id,
            "services-0-status": "active",
            "contacts-0-id": contact.pk,
            "contacts-0-organization": organization.pk,
            "contacts-0-name": contact.name,
            "contacts-0-legal_basis": contact.legal_basis,
        }
    )

    response = admin_client.post(url(Organization, "change", organization.pk), data)

    assert response.status_code == 302, form_errors(response)
    organization.refresh_from_db()
    assert organization.district == liberec_town.district
    assert Service.objects.get(pk=service.pk).district == liberec_town.district
    assert Contact.objects.get(pk=contact.pk).district == liberec_town.district


def test_inline_services_and_contacts_are_created_through_the_services(
    admin_client, admin_user, pelhrimov_town, sas_families
):
    data = organization_post(
        municipality=pelhrimov_town.pk, **management_form("services", 1), **management_form("contacts", 1)
    )
    data.update(
        {
            "services-0-name": "SAS pro rodiny",
            "services-0-kind": sas_families.pk,
            "services-0-status": "active",
            "contacts-0-name": "Jana Dvořáková",
            "contacts-0-legal_basis": "legitimate_interest",
        }
    )

    response = admin_client.post(url(Organization, "add"), data)

    assert response.status_code == 302, form_errors(response)
    organization = Organization.objects.get()
    service, contact = organization.services.get(), organization.contacts.get()
    assert service.district == contact.district == organization.district
    assert service.history.get().history_user == contact.history.get().history_user == admin_user


def test_an_inline_error_saves_nothing_at_all(admin_client, pelhrimov_town, sas_families):
    data = organization_post(
        municipality=pelhrimov_town.pk, **management_form("services", 1), **management_form("contacts", 1)
    )
    data.update(
        {
            "services-0-name": "SAS pro rodiny",
            "services-0-kind": sas_families.pk,
            "services-0-status": "active",
            # consent as the legal basis needs its date
            "contacts-0-name": "Jana Dvořáková",
            "contacts-0-legal_basis": "consent",
        }
    )

    response = admin_client.post(url(Organization, "add"), data)

    assert response.status_code == 200
    contacts_formset = next(
        formset for formset in response.context["inline_admin_formsets"] if formset.formset.prefix == "contacts"
    )
    assert "consent_on" in contacts_formset.formset.forms[0].errors
    assert not Organization.objects.exists() and not Service.objects.exists()


def test_an_error_a_service_raises_for_an_inline_row_lands_on_that_row(
    admin_client, pelhrimov_town, sas_families, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError({"name": "Služba s tímto názvem už v organizaci je."})

    monkeypatch.setattr("organizations.admin.service_create", refuse)
    data = organization_post(municipality=pelhrimov_town.pk, **management_form("services", 1))
    data.update(
        {"services-0-name": "SAS pro rodiny", "services-0-kind": sas_families.pk, "services-0-status": "active"}
    )

    response = admin_client.post(url(Organization, "add"), data)

    assert response.status_code == 200
    services_formset = next(
        formset for formset in response.context["inline_admin_formsets"] if formset.formset.prefix == "services"
    )
    assert services_formset.formset.forms[0].errors["name"] == ["Služba s tímto názvem už v organizaci je."]
    assert form_errors(response)["__all__"]  # the main form says nothing was saved
    assert not Organization.objects.exists()


def test_a_service_gets_its_forms_target_groups_and_districts_through_the_service(
    admin_client, admin_user, organization, sas_families, families_with_children, pelhrimov, jihlava
):
    ambulatory = ServiceForm.objects.get(code="ambulatory")

    response = admin_client.post(
        url(Service, "add"),
        {
            "organization": organization.pk,
            "name": "SAS Spirála",
            "kind": sas_families.pk,
            "status": "active",
            "registry_id": "",
            "description": "",
            "forms": [ambulatory.pk],
            "target_groups": [families_with_children.pk],
            "age_from": "",
            "age_to": "",
            "served_districts": [pelhrimov.pk, jihlava.pk],
            "capacity": "12",
            "capacity_note": "",
            "active_from": "",
            "active_until": "",
            "change_reason": "",
        },
    )

    assert response.status_code == 302, form_errors(response)
    service = Service.objects.get(name="SAS Spirála")
    assert list(service.forms.all()) == [ambulatory]
    assert list(service.target_groups.all()) == [families_with_children]
    assert set(service.served_districts.all()) == {pelhrimov, jihlava}
    assert service.district == organization.district
    assert {row.history_user for row in service.history.all()} == {admin_user}
    assert service.history.filter(history_type="+").count() == 1


def test_the_verify_action_records_who_verified(admin_client, admin_user, organization):
    response = admin_client.post(
        url(Organization, "changelist"), {"action": "verify", "_selected_action": [organization.pk]}
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.verified_by == admin_user and organization.verified_at is not None


def test_organisations_cannot_be_deleted_past_the_services(admin_client, organization):
    assert admin_client.post(url(Organization, "delete", organization.pk), {"post": "yes"}).status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()


# -------------------------------------------------------------------------------------------------- meetings --


def meeting_post(district, **fields) -> dict:
    data = {
        "kind": "working_meeting",
        "title": "Kulatý stůl ORP Pelhřimov",
        "held_on": "2026-03-10",
        "starts_at": "",
        "ends_at": "",
        "district": district.pk,
        "location": "",
        "organizer": "",
        "case": "",
        "summary": "",
        "outcomes": "",
        "change_reason": "",
        **management_form("followups"),
        **management_form("needs"),
    }
    data.update(fields)
    return data


def test_a_meeting_is_logged_with_its_participants_follow_ups_and_needs(
    admin_client, admin_user, organization, make_contact, pelhrimov
):
    contact = make_contact(organization)
    data = meeting_post(
        pelhrimov,
        organizations=[organization.pk],
        contacts=[contact.pk],
        **management_form("followups", 1),
        **management_form("needs", 1),
    )
    data.update(
        {
            "followups-0-description": "Rozeslat zápis",
            "followups-0-due_on": "2026-03-20",
            "followups-0-done": "on",
            "needs-0-title": "Chybí NZDM pro 12–15leté",
            "needs-0-category": "missing_service",
            "needs-0-priority": "high",
        }
    )

    response = admin_client.post(url(Meeting, "add"), data)

    assert response.status_code == 302, form_errors(response)
    meeting = Meeting.objects.get()
    assert (meeting.district, meeting.created_by) == (pelhrimov, admin_user)
    assert list(meeting.organizations.all()) == [organization] and list(meeting.contacts.all()) == [contact]
    followup, need = meeting.followups.get(), meeting.needs.get()
    assert followup.district == need.district == pelhrimov
    assert followup.done_at is not None
    assert need.status == "open" and need.created_by == admin_user


def test_a_contact_of_an_absent_organisation_is_refused(admin_client, organization, partner, make_contact, pelhrimov):
    stranger = make_contact(partner, name="Petr Svoboda")

    response = admin_client.post(
        url(Meeting, "add"), meeting_post(pelhrimov, organizations=[organization.pk], contacts=[stranger.pk])
    )

    assert response.status_code == 200
    assert "Petr Svoboda" in form_errors(response)["contacts"][0]
    assert not Meeting.objects.exists()


def test_a_change_based_on_an_old_version_is_refused(admin_client, make_meeting, pelhrimov, organization):
    meeting = make_meeting(organizations=[organization])
    data = meeting_post(
        pelhrimov, title="Nový název", organizations=[organization.pk], expected_version=meeting.version - 1
    )

    response = admin_client.post(url(Meeting, "change", meeting.pk), data)

    assert response.status_code == 200
    assert form_errors(response)["__all__"]
    meeting.refresh_from_db()
    assert meeting.title != "Nový název"


def test_a_need_changes_status_through_its_lifecycle(admin_client, make_need, pelhrimov):
    need = make_need()
    data = {
        "title": need.title,
        "description": "",
        "category": need.category,
        "priority": need.priority,
        "district": pelhrimov.pk,
        "target_group": "",
        "wanted_service_kind": "",
        "raised_by": "",
        "status": "resolved",
        "resolution_note": "Otevřen klub v Humpolci.",
        "change_reason": "",
        "expected_version": need.version,
    }

    response = admin_client.post(url(Need, "change", need.pk), data)

    assert response.status_code == 302, form_errors(response)
    need.refresh_from_db()
    assert need.status == "resolved" and need.resolved_at is not None


def test_a_need_without_a_district_takes_the_district_of_its_meeting(admin_client, make_meeting, jihlava):
    meeting = make_meeting(district=jihlava)

    response = admin_client.post(
        url(Need, "add"),
        {
            "title": "Chybí terénní SAS",
            "description": "",
            "category": "missing_service",
            "priority": "high",
            "district": "",
            "target_group": "",
            "wanted_service_kind": "",
            "raised_by": "",
            "raised_in": meeting.pk,
            "change_reason": "",
        },
    )

    assert response.status_code == 302, form_errors(response)
    assert Need.objects.get().district == jihlava


def test_a_follow_up_is_marked_done_by_the_action(admin_client, make_meeting, actor):
    followup = followup_create(actor=actor, meeting=make_meeting(), description="Poslat zápis")

    response = admin_client.post(
        url(FollowUp, "changelist"), {"action": "mark_done", "_selected_action": [followup.pk]}
    )

    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.done_at is not None and followup.version == 2


# -------------------------------------------------------------------------------------------------- contacts --


def test_erasing_a_contact_asks_for_the_legal_ground_then_erases_and_logs(
    admin_client, admin_user, organization, make_contact
):
    contact = make_contact(organization, name="Marie Nováková", email="marie@example.cz")
    action = {"action": "erase_personal_data", "_selected_action": [contact.pk]}

    confirmation = admin_client.post(url(Contact, "changelist"), action)
    assert confirmation.status_code == 200
    assert "Marie Nováková" in confirmation.content.decode()
    contact.refresh_from_db()
    assert not contact.is_erased

    response = admin_client.post(url(Contact, "changelist"), {**action, "post": "yes", "ground": "request"})

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.is_erased and contact.email == ""
    erasure = ContactErasure.objects.get()
    assert (erasure.contact, erasure.erased_by, erasure.ground) == (contact, admin_user, "request")
    assert not contact.history.filter(name="Marie Nováková").exists()


def test_an_erased_contact_cannot_be_edited_back(admin_client, organization, make_contact, actor):
    contact = make_contact(organization)
    contact_erase(actor=actor, contact=contact, ground="request")

    response = admin_client.post(url(Contact, "change", contact.pk), {"name": "Zase tady"})

    assert response.status_code == 403


# ---------------------------------------------------------------------------------------- links and cases --


def test_a_link_is_placed_in_the_district_of_organisation_a(
    admin_client, organization, make_organization, liberec_town
):
    target = make_organization(name="Linka bezpečí Liberec", municipality=liberec_town)

    response = admin_client.post(
        url(CooperationLink, "add"),
        {
            "source": organization.pk,
            "target": target.pk,
            "kind": "referral",
            "strength": "3",
            "status": "active",
            "agreement_date": "",
            "since": "",
            "until": "",
            "note": "",
            "change_reason": "",
        },
    )

    assert response.status_code == 302, form_errors(response)
    link = CooperationLink.objects.get()
    assert link.district == organization.district


def test_case_involvements_are_added_and_removed_through_the_services(admin_client, make_case, partner):
    case = make_case()
    data = {
        "reference": case.reference,
        "status": "open",
        "opened_on": case.opened_on.isoformat(),
        "closed_on": "",
        "change_reason": "",
        **management_form("involvements", 1),
    }
    data.update({"involvements-0-organization": partner.pk, "involvements-0-role": "school"})

    response = admin_client.post(url(Case, "change", case.pk), data)

    assert response.status_code == 302, form_errors(response)
    involvement = case.involvements.get()
    assert involvement.district == case.district

    data.update(management_form("involvements", 1, 1))
    data.update({"involvements-0-id": involvement.pk, "involvements-0-case": case.pk, "involvements-0-DELETE": "on"})
    response = admin_client.post(url(Case, "change", case.pk), data)

    assert response.status_code == 302
    assert not case.involvements.exists()
    assert involvement.history.filter(history_type="-").exists()


def test_a_role_is_assigned_and_revoked_through_the_services(admin_client, admin_user, make_user, pelhrimov):
    user = make_user("jana.sitar")

    response = admin_client.post(
        url(RoleAssignment, "add"),
        {"user": user.pk, "role": "sitar", "region": "", "district": pelhrimov.pk, "organization": ""},
    )

    assert response.status_code == 302, form_errors(response)
    assignment = RoleAssignment.objects.get()
    assert assignment.assigned_by == admin_user
    response = admin_client.post(url(RoleAssignment, "delete", assignment.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not RoleAssignment.objects.exists()


def test_a_role_in_the_wrong_scope_is_a_field_error(admin_client, make_user, vysocina):
    response = admin_client.post(
        url(RoleAssignment, "add"),
        {"user": make_user().pk, "role": "sitar", "region": vysocina.pk, "district": "", "organization": ""},
    )

    assert response.status_code == 200
    assert set(form_errors(response)) == {"region", "district"}


# ---------------------------------------------------------------------------------------------- autocomplete --


def test_municipalities_are_told_apart_by_their_orp_in_autocomplete(admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Nová Ves", "app_label": "organizations", "model_name": "organization", "field_name": "municipality"},
    )

    assert response.status_code == 200
    labels = [result["text"] for result in response.json()["results"]]
    assert len(labels) > 10
    assert labels[0].startswith("Nová Ves, ORP ")  # the obce called so before "Hroznová Lhota" and the like
    assert all(", ORP " in label for label in labels)
    assert len(set(labels)) == len(labels)
    narrowed = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Nová Ves Liberec",
            "app_label": "organizations",
            "model_name": "organization",
            "field_name": "municipality",
        },
    )
    assert [result["text"] for result in narrowed.json()["results"]] == ["Nová Ves, ORP Liberec"]


# ------------------------------------------------------------------------------------------------ who sees it --


@pytest.fixture
def staff_client(client, make_user):
    """A staff user who is not a superuser, even with every model permission."""
    user = make_user("staff.user", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["network", "organizations", "contacts", "meetings", "permissions"]
        )
    )
    client.force_login(user)
    return client


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_a_staff_user_who_is_not_a_superuser_sees_no_domain_data(staff_client, world):
    answers = {
        model.__name__: [
            _sent_to_login(staff_client.get(url(model, view, *args)))
            for view, args in (("changelist", ()), ("change", (world[model].pk,)), ("history", (world[model].pk,)))
        ]
        for model in DOMAIN_MODELS
    }
    assert answers == {model.__name__: [True, True, True] for model in DOMAIN_MODELS}


def test_a_staff_user_cannot_add_domain_data(staff_client):
    answers = {model.__name__: _sent_to_login(staff_client.get(url(model, "add"))) for model in DOMAIN_MODELS}
    assert answers == {model.__name__: True for model in DOMAIN_MODELS}


def test_a_staff_user_gets_only_the_login_page_of_the_admin(staff_client):
    assert _sent_to_login(staff_client.get(reverse("admin:index")))


def test_a_staff_user_cannot_use_autocomplete_of_domain_data(staff_client):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "Pelh", "app_label": "organizations", "model_name": "organization", "field_name": "municipality"},
    )

    assert _sent_to_login(response)
