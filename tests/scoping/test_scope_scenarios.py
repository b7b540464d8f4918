"""The named scenarios of the permissions issue, on a small world built through the services.

Kraj Vysočina (3107) with ORP Pelhřimov (6110) and Jihlava (6105), and Liberecký kraj (3077) with ORP Liberec (5105);
the superuser `actor` builds the records and gives the roles, then each person's reach is checked.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from guardian.shortcuts import assign_perm

from contacts.models import Contact
from core.errors import OutOfScope
from meetings.models import FollowUp, Meeting, Need
from meetings.services import meeting_create
from network.models import Case, CaseInvolvement, CooperationLink
from network.services import case_create, case_involvement_add, case_update
from organizations.models import Organization, Service
from organizations.services import organization_create, organization_update, organization_verify
from permissions.models import DistrictUserObjectPermission, RegionUserObjectPermission, RoleAssignment
from permissions.services import role_assign, role_revoke
from tests.helpers import fresh

pytestmark = pytest.mark.django_db

SCOPED_MODELS = [Organization, Service, Contact, Meeting, FollowUp, Need, CooperationLink, Case, CaseInvolvement]
HELD_ON = datetime.date(2026, 3, 10)


def visible(model, user, action: str = "view") -> set:
    return set(model.objects.restrict(user, action))


def grants_of(user) -> set[tuple[str, str]]:
    """(codename, code of the region or district) of every guardian grant the user holds on territory."""
    fields = ("permission__codename", "content_object__code")
    return {
        *RegionUserObjectPermission.objects.filter(user=user).values_list(*fields),
        *DistrictUserObjectPermission.objects.filter(user=user).values_list(*fields),
    }


@pytest.fixture
def world(
    actor,
    make_user,
    make_organization,
    make_service,
    make_contact,
    make_link,
    make_case,
    ospod,
    vysocina,
    liberecky_kraj,
    pelhrimov,
    jihlava,
    liberec,
    pelhrimov_town,
    jihlava_town,
    liberec_town,
):
    """Organisations in Pelhřimov, Jihlava and Liberec, two OSPODs with a case and a case conference each, contacts
    (shareable or not), a service, a link, a round table with a follow-up and a need, and one user per role."""
    w = SimpleNamespace(
        vysocina=vysocina,
        liberecky_kraj=liberecky_kraj,
        pelhrimov=pelhrimov,
        jihlava=jihlava,
        liberec=liberec,
        jihlava_town=jihlava_town,
    )
    w.spirala = make_organization(name="Spirála Pelhřimov", municipality=pelhrimov_town)
    w.jihlava_ngo = make_organization(name="Klub Jihlava", municipality=jihlava_town)
    w.liberec_ngo = make_organization(name="Centrum Liberec", municipality=liberec_town)
    w.ospod_jihlava = make_organization(name="OSPOD Jihlava", kind="ospod", municipality=jihlava_town)
    w.ospod_pelhrimov = ospod
    w.service = make_service(w.jihlava_ngo)
    w.link = make_link(w.jihlava_ngo, w.ospod_jihlava)
    w.shared_contact = make_contact(w.jihlava_ngo, name="Sdílený kontakt", shareable_with_ospod=True)
    w.private_contact = make_contact(w.jihlava_ngo, name="Nesdílený kontakt")

    w.own_case = make_case(owner=w.ospod_jihlava, reference="JI-2026-001")
    w.other_case = make_case(owner=w.ospod_pelhrimov, reference="PE-2026-001")
    w.own_involvement = case_involvement_add(
        actor=actor, case=w.own_case, organization=w.jihlava_ngo, role="social_service"
    )
    w.other_involvement = case_involvement_add(
        actor=actor, case=w.other_case, organization=w.spirala, role="social_service"
    )
    w.own_conference = meeting_create(
        actor=actor,
        kind="case_conference",
        title="Případová konference JI",
        held_on=HELD_ON,
        district=jihlava,
        case=w.own_case,
        organizer=w.ospod_jihlava,
        organizations=[w.ospod_jihlava, w.jihlava_ngo],
    )
    w.other_conference = meeting_create(
        actor=actor,
        kind="case_conference",
        title="Případová konference PE",
        held_on=HELD_ON,
        district=pelhrimov,
        case=w.other_case,
        organizer=w.ospod_pelhrimov,
        organizations=[w.ospod_pelhrimov, w.spirala],
    )
    w.meeting = meeting_create(
        actor=actor,
        kind="round_table",
        title="Kulatý stůl Jihlava",
        held_on=HELD_ON,
        district=jihlava,
        organizations=[w.jihlava_ngo, w.ospod_jihlava],
        followups=[{"description": "Rozeslat katalog služeb"}],
        needs=[{"title": "Chybí nízkoprahový klub", "category": "missing_service"}],
    )

    def user_with(username, role, **scope):
        user = make_user(username)
        w.assignments[username] = role_assign(actor=actor, user=user, role=role, **scope)
        return user

    w.assignments = {}
    w.vedouci = user_with("vedouci.vysocina", "vedouci", region=vysocina)
    w.vedouci_liberec = user_with("vedouci.liberec", "vedouci", region=liberecky_kraj)
    w.sitar = user_with("sitar.pelhrimov", "sitar", district=pelhrimov)
    w.sitar_jihlava = user_with("sitar.jihlava", "sitar", district=jihlava)
    w.sitar_liberec = user_with("sitar.liberec", "sitar", district=liberec)
    w.ospod = user_with("ospod.jihlava", "ospod", organization=w.ospod_jihlava)
    w.narodni = user_with("narodni", "narodni")
    w.newcomer = make_user("nova.pracovnice")
    return w


# ------------------------------------------------------------------- vedouci.vysocina: roles within the kraj --


@pytest.mark.parametrize(
    "role, scope",
    [
        pytest.param("sitar", lambda w: {"district": w.jihlava}, id="sitar"),
        pytest.param("poradce", lambda w: {"region": w.vysocina}, id="poradce"),
    ],
)
def test_a_regional_lead_assigns_a_field_role_within_the_own_kraj(world, role, scope):
    assignment = role_assign(actor=world.vedouci, user=world.newcomer, role=role, **scope(world))
    assert RoleAssignment.objects.get(pk=assignment.pk).assigned_by == world.vedouci


@pytest.mark.parametrize(
    "role, scope",
    [
        pytest.param("sitar", lambda w: {"district": w.liberec}, id="sitar"),
        pytest.param("poradce", lambda w: {"region": w.liberecky_kraj}, id="poradce"),
    ],
)
def test_a_regional_lead_cannot_assign_a_role_in_another_kraj(world, role, scope):
    with pytest.raises(OutOfScope):
        role_assign(actor=world.vedouci, user=world.newcomer, role=role, **scope(world))
    assert not world.newcomer.role_assignments.exists()
    assert grants_of(world.newcomer) == set()


@pytest.mark.parametrize(
    "role, scope",
    [
        pytest.param("vedouci", lambda w: {"region": w.vysocina}, id="vedouci"),
        pytest.param("narodni", lambda w: {}, id="narodni"),
        # An OSPOD role comes from a superuser or the head of that OSPOD only (issue 14).
        pytest.param("ospod", lambda w: {"organization": w.ospod_jihlava}, id="ospod"),
        pytest.param("vedouci_ospod", lambda w: {"organization": w.ospod_jihlava}, id="vedouci_ospod"),
    ],
)
def test_a_regional_lead_cannot_assign_a_lead_national_or_ospod_role(world, role, scope):
    with pytest.raises(OutOfScope):
        role_assign(actor=world.vedouci, user=world.newcomer, role=role, **scope(world))
    assert not world.newcomer.role_assignments.exists()


def test_a_regional_lead_revokes_a_field_role_within_the_own_kraj(world):
    role_revoke(actor=world.vedouci, assignment=world.assignments["sitar.jihlava"])
    assert not world.sitar_jihlava.role_assignments.exists()


def test_a_regional_lead_cannot_revoke_a_role_in_another_kraj(world):
    with pytest.raises(OutOfScope):
        role_revoke(actor=world.vedouci, assignment=world.assignments["sitar.liberec"])
    assert world.sitar_liberec.role_assignments.exists()


def test_a_regional_lead_verifies_an_organisation_of_the_own_kraj(world):
    organization_verify(actor=world.vedouci, organization=world.jihlava_ngo)
    world.jihlava_ngo.refresh_from_db()
    assert world.jihlava_ngo.verified_by == world.vedouci


def test_a_regional_lead_cannot_change_an_organisation_of_the_own_kraj(world):
    with pytest.raises(OutOfScope):
        organization_update(actor=world.vedouci, organization=world.jihlava_ngo, data={"name": "Přejmenováno"})
    assert Organization.objects.get(pk=world.jihlava_ngo.pk).name == "Klub Jihlava"


def test_a_regional_lead_cannot_verify_an_organisation_of_another_kraj(world):
    with pytest.raises(OutOfScope):
        organization_verify(actor=world.vedouci, organization=world.liberec_ngo)
    assert Organization.objects.get(pk=world.liberec_ngo.pk).verified_at is None


# -------------------------------------------------------------- sitar.pelhrimov: reads the kraj, works in ORP --


def test_a_networker_sees_an_organisation_in_another_orp_of_the_kraj_but_may_not_change_it(world):
    assert world.jihlava_ngo in visible(Organization, world.sitar, "view")
    assert world.jihlava_ngo not in visible(Organization, world.sitar, "change")


def test_a_networker_does_not_see_an_organisation_of_another_kraj(world):
    assert world.liberec_ngo not in visible(Organization, world.sitar)


def test_a_networker_changes_an_organisation_of_the_own_orp(world):
    organization_update(actor=world.sitar, organization=world.spirala, data={"name": "Spirála, z. s."})
    assert Organization.objects.get(pk=world.spirala.pk).name == "Spirála, z. s."


def test_a_networker_cannot_change_an_organisation_in_another_orp(world):
    with pytest.raises(OutOfScope):
        organization_update(actor=world.sitar, organization=world.jihlava_ngo, data={"name": "Přejmenováno"})
    assert Organization.objects.get(pk=world.jihlava_ngo.pk).name == "Klub Jihlava"


def test_a_networker_cannot_create_an_organisation_in_another_orp(world):
    with pytest.raises(ValidationError) as exc:
        organization_create(actor=world.sitar, name="Nová v Jihlavě", kind="ngo", municipality=world.jihlava_town)
    assert set(exc.value.message_dict) == {"district"}
    assert not Organization.objects.filter(name="Nová v Jihlavě").exists()


def test_a_networker_cannot_log_a_meeting_in_another_orp(world):
    with pytest.raises(ValidationError) as exc:
        meeting_create(
            actor=world.sitar,
            kind="visit",
            title="Návštěva v Jihlavě",
            held_on=HELD_ON,
            district=world.jihlava,
            organizations=[world.jihlava_ngo],
        )
    assert set(exc.value.message_dict) == {"district"}
    assert not Meeting.objects.filter(title="Návštěva v Jihlavě").exists()


def test_a_networker_cannot_move_an_organisation_of_the_own_orp_into_another_orp(world):
    history_before = world.spirala.history.count()
    with pytest.raises(ValidationError) as exc:
        organization_update(actor=world.sitar, organization=world.spirala, data={"municipality": world.jihlava_town})
    assert set(exc.value.message_dict) == {"district"}
    stored = Organization.objects.get(pk=world.spirala.pk)
    assert (stored.district, stored.municipality.name) == (world.pelhrimov, "Pelhřimov")
    assert stored.history.count() == history_before


# ---------------------------------------------------------------------- ospod.jihlava: its own cases only --


def test_an_ospod_worker_sees_the_own_ospods_cases_only(world):
    assert visible(Case, world.ospod) == {world.own_case}


def test_an_ospod_worker_sees_the_conferences_of_the_own_cases_only(world):
    conferences = {meeting for meeting in visible(Meeting, world.ospod) if meeting.case_id}
    assert conferences == {world.own_conference}


def test_an_ospod_worker_sees_the_involvements_of_the_own_cases_only(world):
    assert visible(CaseInvolvement, world.ospod) == {world.own_involvement}


def test_an_ospod_worker_sees_contacts_that_agreed_to_be_shared_but_no_others(world):
    contacts = visible(Contact, world.ospod)
    assert world.shared_contact in contacts
    assert world.private_contact not in contacts


def test_an_ospod_worker_logs_a_case_conference_of_an_own_case(world):
    conference = meeting_create(
        actor=world.ospod,
        kind="case_conference",
        title="Druhá konference",
        held_on=HELD_ON,
        district=world.jihlava,
        case=world.own_case,
        organizer=world.ospod_jihlava,
    )
    assert conference in visible(Meeting, world.ospod, "change")


def test_an_ospod_worker_cannot_open_a_case_for_another_ospod(world):
    with pytest.raises(ValidationError) as exc:
        case_create(actor=world.ospod, ospod=world.ospod_pelhrimov, reference="PE-2026-099", opened_on=HELD_ON)
    assert set(exc.value.message_dict) == {"ospod"}
    assert not Case.objects.filter(reference="PE-2026-099").exists()


def test_an_ospod_worker_looks_up_the_organisations_of_the_kraj(world):
    assert {world.spirala, world.jihlava_ngo} <= visible(Organization, world.ospod)
    assert world.liberec_ngo not in visible(Organization, world.ospod)


# --------------------------------------------------------------------- a case shared with a sitar of Liberec --


def test_a_networker_of_another_kraj_sees_no_case(world):
    assert visible(Case, world.sitar_liberec) == set()


def test_a_networker_of_the_same_orp_does_not_see_a_case_or_its_conference(world):
    assert visible(Case, world.sitar_jihlava) == set()
    assert world.own_conference not in visible(Meeting, world.sitar_jihlava)
    assert visible(CaseInvolvement, world.sitar_jihlava) == set()


def test_a_case_shared_with_a_user_becomes_visible_to_that_user_and_no_other_case(world):
    assign_perm("view_case", world.sitar_liberec, world.own_case)
    assert visible(Case, fresh(world.sitar_liberec)) == {world.own_case}


def test_a_shared_case_brings_its_involvements_and_conferences_but_no_other_cases(world):
    assign_perm("view_case", world.sitar_liberec, world.own_case)
    user = fresh(world.sitar_liberec)
    assert visible(CaseInvolvement, user) == {world.own_involvement}
    assert {meeting for meeting in visible(Meeting, user) if meeting.case_id} == {world.own_conference}


def test_a_case_shared_for_viewing_cannot_be_changed(world):
    assign_perm("view_case", world.sitar_liberec, world.own_case)
    user = fresh(world.sitar_liberec)
    assert visible(Case, user, "change") == set()
    with pytest.raises(OutOfScope):
        case_update(actor=user, case=world.own_case, data={"reference": "JI-2026-999"})


def test_a_need_raised_in_a_case_conference_stays_with_the_case(world, actor):
    need = meeting_create(
        actor=actor,
        kind="case_conference",
        title="Případová konference JI 2",
        held_on=HELD_ON,
        district=world.jihlava,
        case=world.own_case,
        organizer=world.ospod_jihlava,
        needs=[{"title": "Chybí odlehčovací služba", "category": "missing_service"}],
    ).needs.get()
    assert need in visible(Need, world.ospod)
    assert need not in visible(Need, world.sitar_jihlava)


# -------------------------------------------------------------------- narodni: the whole country, no cases --


def test_a_national_methodologist_sees_the_organisations_of_every_kraj(world):
    assert visible(Organization, world.narodni) == set(Organization.objects.all())
    assert {o.region.code for o in visible(Organization, world.narodni)} == {"3107", "3077"}


def test_a_national_methodologist_sees_no_case_and_no_case_conference(world):
    assert visible(Case, world.narodni) == set()
    assert visible(CaseInvolvement, world.narodni) == set()
    assert visible(Meeting, world.narodni) == {world.meeting}


def test_a_national_methodologist_changes_nothing(world):
    assert visible(Organization, world.narodni, "change") == set()
    with pytest.raises(OutOfScope):
        organization_update(actor=world.narodni, organization=world.spirala, data={"name": "Přejmenováno"})


# ------------------------------------------------------------------------------ nobody: anonymous, inactive --


def reached(user) -> set[str]:
    """The scoped models of which the user reaches at least one row."""
    return {model.__name__ for model in SCOPED_MODELS if model.objects.restrict(user, "view").exists()}


def test_the_world_has_rows_of_every_scoped_model(world, actor):
    assert reached(actor) == {model.__name__ for model in SCOPED_MODELS}


def test_an_anonymous_user_gets_nothing(world):
    assert reached(AnonymousUser()) == set()


@pytest.mark.parametrize("who", ["sitar", "ospod", "narodni", "actor"])
def test_an_inactive_user_gets_nothing_whatever_the_role(world, actor, who):
    user = actor if who == "actor" else getattr(world, who)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert reached(fresh(user)) == set()


# ---------------------------------------------------------------------------- revoking takes the scope away --


def test_revoking_a_role_removes_its_guardian_grants(world, actor):
    assert grants_of(world.sitar) == {("view_region_records", "3107"), ("work_in_district", "6110")}
    role_revoke(actor=actor, assignment=world.assignments["sitar.pelhrimov"])
    assert grants_of(world.sitar) == set()


def test_revoking_a_role_removes_its_scope(world, actor):
    role_revoke(actor=actor, assignment=world.assignments["sitar.pelhrimov"])
    user = fresh(world.sitar)
    assert visible(Organization, user) == set()
    assert not user.has_perm("territory.work_in_district", world.pelhrimov)


def test_revoking_one_of_two_roles_keeps_exactly_the_grants_of_the_other(world, actor):
    role_assign(actor=actor, user=world.sitar, role="sitar", district=world.liberec)
    role_revoke(actor=actor, assignment=world.assignments["sitar.pelhrimov"])
    assert grants_of(world.sitar) == {("view_region_records", "3077"), ("work_in_district", "5105")}
    assert visible(Organization, fresh(world.sitar)) == {world.liberec_ngo}
