"""How the API's lists stay cheap on national data: codes of kraje, ORP, obce and codelists read from memory
(core.reference), many-to-many sets read for a whole page at once (api.attached.attach_ids), the directory search's
trigram index."""

import pytest
from django.db import connection
from knox.models import AuthToken
from rest_framework import serializers as drf
from rest_framework.test import APIClient

from api import contacts, meetings, network_links, organizations, permissions
from api import reference as api_reference
from core import reference
from organizations.models import Organization, ServiceKind
from territory.models import District, Municipality, Region


@pytest.fixture(autouse=True)
def _empty_tables():
    reference.forget()
    yield
    reference.forget()


@pytest.mark.django_db
def test_codes_and_ids_of_the_territory_loaded_by_migration(pelhrimov, vysocina):
    assert reference.code_of(District, pelhrimov.pk) == "6110"
    assert reference.id_of("territory.District", "6110") == pelhrimov.pk
    assert reference.id_of("territory.Region", "3107") == vysocina.pk
    assert reference.id_of("territory.District", "9999") is None
    assert reference.code_of(Region, 10**9) is None


@pytest.mark.django_db
def test_a_row_saved_in_this_process_is_seen_at_once(django_assert_num_queries):
    reference.code_of(ServiceKind, ServiceKind.objects.first().pk)  # the table is in memory now
    kind = ServiceKind.objects.create(code="nova_sluzba", name="Nová služba", category="other")
    assert reference.id_of("organizations.ServiceKind", "nova_sluzba") == kind.pk
    with django_assert_num_queries(0):
        assert reference.code_of(ServiceKind, kind.pk) == "nova_sluzba"


@pytest.mark.django_db
def test_a_row_written_elsewhere_is_found_by_reading_the_table_again(pelhrimov):
    reference.code_of(Municipality, Municipality.objects.first().pk)
    # bulk_create sends no signal, as a row written by another process sends none to this one
    [town] = Municipality.objects.bulk_create(
        [
            Municipality(
                code="999999", name="Nová obec", kind="obec", district=pelhrimov, pou_code="61101", lau_code="CZ0633"
            )
        ]
    )
    town_pk = town.pk or Municipality.objects.get(code="999999").pk
    assert reference.code_of(Municipality, town_pk) == "999999"


@pytest.mark.django_db
def test_the_api_shows_the_codes_without_joining_the_territory(make_organization, make_user, actor, pelhrimov):
    from permissions.services import role_assign

    organization = make_organization(name="Rodinné centrum")
    user = make_user("codes.sitar")
    role_assign(actor=actor, user=user, role="sitar", district=pelhrimov)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/organizations/", {"q": "rodinne"}).json()
    [row] = body["results"]
    assert (row["id"], row["district"], row["region"]) == (organization.pk, "6110", "3107")
    assert row["municipality"] == organization.municipality.code
    listing = next(
        q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "organizations_organization"."id"')
    )
    for table in ("network_region", "network_district", "network_municipality"):
        assert table not in listing


@pytest.mark.django_db
def test_the_directory_search_reads_a_trigram_index_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'organizations_organization_search_trgm'")
        [definition] = cursor.fetchone()
        assert "gin_trgm_ops" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny: make the planner show the index
        plan = Organization.objects.filter(search_name__contains="rodin").order_by().explain()
    assert "organizations_organization_search_trgm" in plan


@pytest.mark.django_db
def test_a_list_shows_the_sets_of_a_row_as_its_detail_does(
    make_organization, make_meeting, make_role_user, api_as, pelhrimov, jihlava, liberec
):
    """The list reads participants and served districts for the whole page in one query per set; the detail reads
    them from the row's own set: both give the same ids and codes in the same order (by name)."""
    cyril, adam, bohdan = (make_organization(name=name) for name in ("Cyril", "Adam", "Bohdan"))
    meeting = make_meeting(organizations=[cyril, adam, bohdan])
    make_meeting(organizations=[])
    served = make_organization(name="Široký záběr", served_districts=[pelhrimov, liberec, jihlava])
    api = api_as(make_role_user("sets.poradce", "poradce", region=pelhrimov.region))

    meetings = {row["id"]: row for row in api.get("/api/v1/meetings/").json()["results"]}
    assert meetings[meeting.pk]["organizations"] == [adam.pk, bohdan.pk, cyril.pk]
    assert api.get(f"/api/v1/meetings/{meeting.pk}/").json()["organizations"] == [adam.pk, bohdan.pk, cyril.pk]
    assert [row["organizations"] for row in meetings.values() if row["id"] != meeting.pk] == [[]]

    listed = next(row for row in api.get("/api/v1/organizations/").json()["results"] if row["id"] == served.pk)
    detail = api.get(f"/api/v1/organizations/{served.pk}/").json()
    assert listed["served_districts"] == detail["served_districts"] == ["6105", "5105", "6110"]


@pytest.fixture
def records(
    actor,
    make_organization,
    make_service,
    make_contact,
    make_meeting,
    make_need,
    make_link,
    make_case,
    ospod,
    sas_families,
    families_with_children,
    pelhrimov,
    jihlava,
    make_role_user,
):
    """One of every kind of record, with the optional parts filled in and some left empty."""
    import datetime

    from meetings.services import followup_create
    from network.services import case_involvement_add

    partner = make_organization(
        name="Partner",
        served_districts=[pelhrimov, jihlava],
        latitude="49.43",
        longitude="15.22",
        web="https://partner.example.cz",
    )
    make_service(partner, target_groups=[families_with_children], capacity=12, age_from=0, age_to=18)
    make_service(ospod, kind=sas_families)
    make_contact(partner, email="kontakt@example.cz")
    case = make_case()
    case_involvement_add(actor=actor, case=case, organization=partner, role="social_service")
    meeting = make_meeting(organizations=[partner, ospod], organizer=ospod, starts_at=datetime.time(9, 30))
    followup_create(
        actor=actor, meeting=meeting, description="Zavolat", due_on=datetime.date(2026, 4, 1), assignee=actor
    )
    followup_create(actor=actor, meeting=meeting, description="Hotovo", done=True)
    make_need(raised_in=meeting, raised_by=partner, target_group=families_with_children, priority="high")
    make_need()
    make_link(partner, ospod, since=datetime.date(2025, 1, 1))
    make_role_user("read.path", "sitar", district=pelhrimov)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "serializer_class",
    [
        organizations.OrganizationSerializer,
        organizations.OrganizationBriefSerializer,
        organizations.ServiceSerializer,
        organizations.ServiceBriefSerializer,
        contacts.ContactSerializer,
        meetings.MeetingSerializer,
        meetings.MeetingBriefSerializer,
        meetings.FollowUpSerializer,
        meetings.FollowUpInlineSerializer,
        meetings.NeedSerializer,
        meetings.NeedInlineSerializer,
        network_links.LinkSerializer,
        network_links.CaseSerializer,
        network_links.InvolvementSerializer,
        permissions.RoleAssignmentSerializer,
        api_reference.RegionSerializer,
        api_reference.DistrictSerializer,
        api_reference.MunicipalitySerializer,
        api_reference.ServiceKindSerializer,
        api_reference.TargetGroupSerializer,
    ],
    ids=lambda serializer_class: serializer_class.__name__,
)
def test_the_quick_read_of_a_record_gives_what_drf_gives(serializer_class, records):
    """api.serializers.DirectReadModelSerializer reads plain columns directly: the same values, types and keys as
    DRF's own to_representation, for every serializer of the API and every record."""
    name = serializer_class.__name__
    instances = list(serializer_class.Meta.model.objects.all()[:40])
    assert instances, name
    for instance in instances:
        serializer = serializer_class(instance)
        quick = serializer.data
        plain = drf.Serializer.to_representation(serializer_class(instance), instance)
        assert list(quick) == list(plain), (name, instance.pk)
        for key in plain:
            assert (quick[key], type(quick[key])) == (plain[key], type(plain[key])), (name, instance.pk, key)
