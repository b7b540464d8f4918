"""`manage.py seed_demo`: the demo users and their scopes, Kraj Vysočina in depth and a smaller Liberecký kraj, cases of
two OSPODs, history, no birth numbers; a second run changes nothing; a tiny national run adds its data once.

The regional demo takes a while to build, so it is built once for the module inside a transaction that is rolled back
at the end; every test runs in a savepoint inside it.
"""

import datetime
import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from demo.hand_entered import ORIGINAL, TYPED
from duplicates.candidates import candidate_pairs
from meetings.models import FollowUp, Meeting, MeetingKind, Need, NeedStatus
from network.models import Case, CooperationLink
from network.validators import validate_case_reference
from organizations.models import Organization, OrganizationKind, Service
from organizations.validators import ico_is_valid
from permissions.models import DistrictUserObjectPermission, RegionUserObjectPermission, Role, RoleAssignment
from permissions.services import sync_grants
from surveys.models import ParticipantStatus, RoundStatus, SurveyRound
from surveys.results import results
from surveys.selectors import round_rows
from territory.models import District, Region

pytestmark = pytest.mark.django_db

# Rodné číslo: six digits, an optional slash, three or four digits (as the case-reference validator reads it).
BIRTH_NUMBER = re.compile(r"\d{6}\s*/?\s*\d{3,4}")
DOMAIN_APPS = ("network", "organizations", "contacts", "meetings", "permissions", "auth")
EXPECTED_USERS = {
    "narodni": (Role.NARODNI, None),
    "vedouci.vysocina": (Role.VEDOUCI, "3107"),
    "poradce.vysocina": (Role.PORADCE, "3107"),
    "sitar.pelhrimov": (Role.SITAR, "6110"),
    "sitar.jihlava": (Role.SITAR, "6105"),
    "ospod.jihlava": (Role.OSPOD, "6105"),
    "vedouci.ospod.jihlava": (Role.VEDOUCI_OSPOD, "6105"),
    "sitar.liberec": (Role.SITAR, "5105"),
    "vedouci.liberec": (Role.VEDOUCI, "3077"),
}


def counts() -> dict[str, int]:
    """The number of rows of every model of the project (history and many-to-many tables included)."""
    models = [model for app in DOMAIN_APPS for model in apps.get_app_config(app).get_models(include_auto_created=True)]
    return {model._meta.label: model.objects.count() for model in models}


def grants(user) -> set[tuple[str, str, int]]:
    """A user's guardian grants on regions and districts."""
    return {
        ("region", codename, pk)
        for codename, pk in RegionUserObjectPermission.objects.filter(user=user).values_list(
            "permission__codename", "content_object_id"
        )
    } | {
        ("district", codename, pk)
        for codename, pk in DistrictUserObjectPermission.objects.filter(user=user).values_list(
            "permission__codename", "content_object_id"
        )
    }


def vysocina() -> Region:
    return Region.objects.get(code="3107")


# ------------------------------------------------------------------------------------------------------- users --


def test_it_creates_the_demo_users_with_the_demo_password(seeded):
    users = {user.username: user for user in get_user_model().objects.filter(username__in=[*EXPECTED_USERS, "admin"])}
    assert set(users) == {*EXPECTED_USERS, "admin"}
    assert users["admin"].is_superuser and users["admin"].is_staff
    for username in EXPECTED_USERS:
        assert not users[username].is_staff and not users[username].is_superuser
    for user in users.values():
        assert user.is_active and user.check_password(settings.DEMO_PASSWORD)


@pytest.mark.parametrize(("username", "expected"), EXPECTED_USERS.items())
def test_each_demo_user_holds_its_role_in_its_scope(seeded, username, expected):
    role, code = expected
    assignments = list(
        RoleAssignment.objects.filter(user__username=username).select_related(
            "region", "district", "organization__district", "assigned_by"
        )
    )
    assert len(assignments) == 1
    assignment = assignments[0]
    assert assignment.role == role
    assert assignment.assigned_by.username == "admin"
    assert assignment.history.filter(history_type="+").exists()
    if role == Role.NARODNI:
        assert (assignment.region, assignment.district, assignment.organization) == (None, None, None)
    elif role == Role.SITAR:
        assert assignment.district.code == code
    elif role in (Role.OSPOD, Role.VEDOUCI_OSPOD):
        assert assignment.organization.kind == OrganizationKind.OSPOD
        assert assignment.organization.district.code == code
        # The head and the worker of the demo are of one and the same OSPOD.
        assert assignment.organization_id == RoleAssignment.objects.get(user__username="ospod.jihlava").organization_id
    else:
        assert assignment.region.code == code


def test_the_demo_users_reach_the_demo_in_their_scope(seeded):
    users = {user.username: user for user in get_user_model().objects.filter(username__in=EXPECTED_USERS)}
    in_pelhrimov = Organization.objects.filter(district__code="6110")
    assert (
        Organization.objects.restrict(users["sitar.pelhrimov"], "change").filter(district__code="6110").count()
        == in_pelhrimov.count()
    )
    cases = Case.objects.restrict(users["ospod.jihlava"], "view")
    assert cases.exists()
    assert set(cases.values_list("ospod__name", flat=True)) == {"Magistrát města Jihlavy – OSPOD"}
    assert not Organization.objects.restrict(users["vedouci.liberec"], "view").filter(region=vysocina()).exists()
    assert Meeting.objects.restrict(users["narodni"], "view").count() > 500


def test_it_prints_the_users_their_password_and_where_to_log_in(seeded):
    for username in [*EXPECTED_USERS, "admin"]:
        assert username in seeded
    assert settings.DEMO_PASSWORD in seeded
    assert "http://127.0.0.1:8000/" in seeded


# ------------------------------------------------------------------------------------------------- territory --


def test_every_orp_of_vysocina_has_its_ospod(seeded):
    districts = District.objects.filter(region__code="3107")
    assert districts.count() == 15
    for district in districts:
        ospods = Organization.objects.filter(kind=OrganizationKind.OSPOD, district=district)
        assert ospods.exists(), district.name
    assert Organization.objects.filter(name="Městský úřad Pelhřimov – OSPOD", district__code="6110").exists()
    assert Organization.objects.filter(kind=OrganizationKind.OSPOD, district__code="6105").count() == 2


def test_vysocina_has_about_300_organisations_of_all_kinds(seeded):
    organizations = Organization.objects.filter(region=vysocina())
    assert 270 <= organizations.count() <= 330
    assert set(organizations.values_list("kind", flat=True)) == set(OrganizationKind.values)
    assert Service.objects.filter(region=vysocina()).count() >= 200
    assert not organizations.filter(contacts=None).exists()


def test_demo_organisations_have_names_unique_within_the_country(seeded):
    names = Organization.objects.values("name").annotate(count=Count("pk")).filter(count__gt=1)
    assert list(names) == []
    call_command("seed_demo", "--scale", "national", "--national-factor", "0.002", stdout=StringIO())
    assert list(Organization.objects.values("name").annotate(count=Count("pk")).filter(count__gt=1)) == []


def test_liberecky_kraj_is_smaller_with_an_ospod_in_each_of_its_10_orp(seeded):
    organizations = Organization.objects.filter(region__code="3077")
    assert 60 <= organizations.count() <= 100
    for district in District.objects.filter(region__code="3077"):
        assert organizations.filter(kind=OrganizationKind.OSPOD, district=district).exists(), district.name
    assert Meeting.objects.filter(region__code="3077").count() < Meeting.objects.filter(region=vysocina()).count() / 3


def test_organisations_sit_in_real_municipalities_of_their_orp_near_its_centre(seeded):
    organizations = list(Organization.objects.select_related("municipality", "district"))
    for organization in organizations:
        assert organization.municipality.district_id == organization.district_id
        assert abs(organization.latitude - organization.district.centroid_lat) < 0.1
        assert abs(organization.longitude - organization.district.centroid_lon) < 0.15
    icos = [o.ico for o in organizations if o.ico]
    assert icos and all(ico_is_valid(ico) for ico in icos)
    assert len(icos) < len(organizations)


# -------------------------------------------------------------------------------------------------- activity --


def test_it_logs_two_years_of_meetings_of_every_kind_up_to_today(seeded):
    today = timezone.localdate()
    meetings = Meeting.objects.all()
    assert set(meetings.values_list("kind", flat=True)) == set(MeetingKind.values)
    assert meetings.order_by("held_on").first().held_on >= today - datetime.timedelta(days=731)
    assert meetings.order_by("held_on").last().held_on <= today
    assert meetings.filter(held_on__gte=today - datetime.timedelta(days=30)).exists()
    assert meetings.filter(organizations=None).count() == 0


def test_follow_ups_are_done_due_and_overdue(seeded):
    today = timezone.localdate()
    assert FollowUp.objects.exclude(done_at=None).exists()
    assert FollowUp.objects.filter(done_at=None, due_on__lt=today).exists()
    assert FollowUp.objects.filter(done_at=None, due_on__gte=today).exists()


def test_needs_are_in_every_status_and_closed_ones_say_why(seeded):
    assert set(Need.objects.values_list("status", flat=True)) == set(NeedStatus.values)
    closed = Need.objects.filter(status__in=[NeedStatus.RESOLVED, NeedStatus.DISMISSED])
    assert not closed.filter(resolution_note="").exists()
    assert not closed.filter(resolved_at=None).exists()


def test_links_are_evidenced_by_meetings_both_organisations_took_part_in(seeded):
    links = list(CooperationLink.objects.prefetch_related("evidence__organizations"))
    assert 500 <= len(links) <= 1000
    evidenced = [link for link in links if link.evidence.all()]
    for link in evidenced:
        for meeting in link.evidence.all():
            present = {organization.pk for organization in meeting.organizations.all()} | {meeting.organizer_id}
            assert {link.source_id, link.target_id} <= present
        assert link.confirmed_on == max(meeting.held_on for meeting in link.evidence.all())
    today = timezone.localdate()
    assert any(link.needs_reconfirmation(today) for link in links)
    assert len(evidenced) > len(links) / 2


def test_some_organisations_are_verified_on_a_visit_some_long_ago(seeded):
    verified = Organization.objects.exclude(verified_at=None).select_related("verified_in")
    assert verified.count() >= 30
    for organization in verified:
        assert organization.verified_in.kind == MeetingKind.VISIT
        assert organization.verified_in.organizations.filter(pk=organization.pk).exists()
    assert verified.filter(verified_at__lt=timezone.now() - datetime.timedelta(days=365)).exists()


def test_cases_of_the_pelhrimov_and_jihlava_ospods_have_involvements_and_conferences(seeded):
    cases = Case.objects.select_related("ospod__district")
    assert {case.ospod.district.code for case in cases} >= {"6110", "6105"}
    for case in cases:
        validate_case_reference(case.reference)
        assert re.fullmatch(r"OSPOD-(PE|JI)-\d{4}-\d{3}", case.reference)
        assert case.involvements.exists()
        assert case.conferences.filter(kind=MeetingKind.CASE_CONFERENCE).exists()


def test_every_record_has_history_with_its_actor(seeded):
    for model in (Organization, Service, Contact, Meeting, FollowUp, Need, CooperationLink, Case):
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count(), model.__name__
        assert not created.filter(history_user=None).exists(), model.__name__
    assert Need.history.filter(history_type="~", history_change_reason__startswith="status:").exists()
    assert Organization.history.filter(history_type="~", history_change_reason="verified").exists()


def test_records_are_dated_when_they_first_appeared(seeded):
    for meeting in Meeting.objects.all():
        logged = timezone.localtime(meeting.created_at).date()
        assert meeting.held_on <= logged <= meeting.held_on + datetime.timedelta(days=1)
    for link in CooperationLink.objects.select_related("source", "target"):
        assert link.created_at >= max(link.source.created_at, link.target.created_at)
    for model in (Organization, Meeting, CooperationLink):
        created = dict(model.history.filter(history_type="+").values_list("id", "history_date"))
        assert created == dict(model.objects.values_list("pk", "created_at")), model.__name__
    assert Organization.objects.dates("created_at", "month").count() >= 12


def test_no_contact_case_or_meeting_holds_anything_like_a_birth_number(seeded):
    texts = []
    for contact in Contact.objects.all():
        texts += [contact.name, contact.position, contact.email, contact.phone]
    texts += list(Case.objects.values_list("reference", flat=True))
    for meeting in Meeting.objects.all():
        texts += [meeting.title, meeting.summary, meeting.outcomes, meeting.location]
    for need in Need.objects.all():
        texts += [need.title, need.description, need.resolution_note]
    assert [text for text in texts if BIRTH_NUMBER.search(text)] == []


# ----------------------------------------------------------------------------------------------- idempotency --


def test_running_it_again_changes_no_counts(seeded):
    before = counts()
    output = StringIO()
    call_command("seed_demo", stdout=output)
    assert counts() == before
    assert "http://127.0.0.1:8000/" in output.getvalue()


def test_running_it_again_sets_the_current_demo_password(seeded, settings):
    settings.DEMO_PASSWORD = "jine-heslo-pro-demo-2027"
    call_command("seed_demo", stdout=StringIO())
    for user in get_user_model().objects.filter(username__in=[*EXPECTED_USERS, "admin"]):
        assert user.check_password("jine-heslo-pro-demo-2027")


def test_running_it_again_brings_a_removed_assignment_back(seeded):
    RoleAssignment.objects.filter(user__username="sitar.pelhrimov").delete()
    call_command("seed_demo", stdout=StringIO())
    assert RoleAssignment.objects.filter(user__username="sitar.pelhrimov", district__code="6110").count() == 1


# -------------------------------------------------------------------------------------------------- national --


def test_the_national_scale_adds_its_data_once(seeded):
    before = counts()
    output = StringIO()
    call_command("seed_demo", "--scale", "national", "--national-factor", "0.001", stdout=output)
    after = counts()
    assert after["organizations.Organization"] - before["organizations.Organization"] == 20
    assert after["meetings.Meeting"] - before["meetings.Meeting"] == 500
    assert after["auth.User"] - before["auth.User"] == 2
    assert after["organizations.Service"] - before["organizations.Service"] == 60
    assert after["contacts.Contact"] - before["contacts.Contact"] == 80
    assert 0 < after["network.CooperationLink"] - before["network.CooperationLink"] <= 60
    # Bulk data without history rows, as the command's help says.
    assert after["meetings.HistoricalMeeting"] == before["meetings.HistoricalMeeting"]
    # Every OSPOD of the country has an approved form in each of the demo's past rounds.
    from evaluation.models import CollectionRound, Report

    rounds = list(CollectionRound.objects.all())
    assert len(rounds) == 2
    for round_ in rounds:
        assert not Organization.objects.filter(kind="ospod", status="active").exclude(reports__round=round_).exists()
        assert not Report.objects.filter(round=round_).exclude(status="approved").exists()
    call_command("seed_demo", "--scale", "national", "--national-factor", "0.001", stdout=StringIO())
    assert counts() == after


def test_national_users_have_the_grants_their_assignments_give(seeded):
    call_command("seed_demo", "--scale", "national", "--national-factor", "0.003", stdout=StringIO())
    users = get_user_model().objects.filter(email__endswith="@bench.sitar.example")
    assert set(RoleAssignment.objects.filter(user__in=users).values_list("role", flat=True)) == set(Role.values)
    for user in users:
        bulk = grants(user)
        sync_grants(user)
        assert grants(user) == bulk, user.username


def test_it_refuses_a_national_factor_out_of_range(seeded):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "national", "--national-factor", "0", stdout=StringIO())


# Issue 21: the demo's partner surveys and duplicate organisations (tests/surveys, tests/duplicates have the rest).


def demo_user(name):
    return get_user_model().objects.get(username=name)


def test_the_demo_has_a_closed_and_an_open_round_of_pelhrimov(seeded, client):
    """A closed earlier round and an open one of ORP Pelhřimov, owned by its síťař, with answers whose results (some
    reciprocal pairs) and comparison show."""
    earlier, current = SurveyRound.objects.order_by("pk")
    owner = get_user_model().objects.get(username="sitar.pelhrimov")
    assert earlier.owner == current.owner == owner
    assert earlier.district.code == current.district.code == "6110"
    assert earlier.status == RoundStatus.CLOSED and current.status == RoundStatus.OPEN
    assert current.previous == earlier
    full = results(*round_rows(current))
    assert full.network.submitted >= 3 and full.network.reciprocal_pairs > 0
    assert full.network.known_pairs > full.network.reciprocal_pairs  # some pairs are one-sided
    assert current.participants.filter(status=ParticipantStatus.REFUSED).count() == 1
    client.force_login(owner)
    page = client.get(reverse("survey-round", args=[current.pk])).content.decode()
    assert 'id="comparison"' in page and 'data-reciprocal="yes"' in page


def found(candidates) -> dict[frozenset, object]:
    return {frozenset((c.first.pk, c.second.pk)): c for c in candidates}


def ids_of(*filters) -> frozenset:
    return frozenset(Organization.objects.get(**f).pk for f in filters)


def test_the_demo_pairs_are_found_by_whoever_may_merge_them(seeded):
    """ "Speciálně pedagogické centrum Jihlava" twice (ORP Jihlava), "Azylový dům Klubko, o. p. s." in two ORPs of
    Vysočina (different IČOs: listed, marked) and the kindergarten entered again by hand without IČO; each only by
    whoever may merge both records, and nothing of another kraj."""
    spc = ids_of(
        {"name": "Speciálně pedagogické centrum Jihlava"}, {"name": "Speciálně pedagogické centrum Jihlava, Družstevní"}
    )
    klubko = ids_of({"name": "Azylový dům Klubko, o. p. s."}, {"name": "Azylový dům Klubko, o. p. s. – Pelhřimov"})
    typed = ids_of({"name": ORIGINAL}, {"name": TYPED})
    lead = found(candidate_pairs(demo_user("vedouci.vysocina")))
    assert {spc, klubko, typed} <= lead.keys()
    assert lead[klubko].different_ico and lead[spc].different_ico
    assert not lead[typed].different_ico
    # The hand-entered copy is the likeliest: the same address and phone, a name one typo away.
    assert lead[typed].score > lead[spc].score > lead[klubko].score
    assert {"name", "address", "phone"} <= set(lead[typed].matched)
    sitar = found(candidate_pairs(demo_user("sitar.jihlava")))
    assert {spc, typed} <= sitar.keys()
    assert klubko not in sitar  # one of the two lies outside the síťař's ORP
    jihlava = set(Organization.objects.filter(district__code="6105").values_list("pk", flat=True))
    assert all(pair <= jihlava for pair in sitar)
    vysocina = set(Organization.objects.filter(region__code="3107").values_list("pk", flat=True))
    assert all(pair <= vysocina for pair in lead)
    liberec = found(candidate_pairs(demo_user("vedouci.liberec")))
    assert not any(pair & vysocina for pair in liberec)
    assert candidate_pairs(demo_user("narodni")) == [] and candidate_pairs(demo_user("ospod.jihlava")) == []
