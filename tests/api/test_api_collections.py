"""The REST API's scoped collections over HTTP: each lists only its kraj, answers 404 outside it, shows an ETag, creates
and changes through its service (placed in the territory, recorded in the history with its actor), and filters."""

import datetime

import pytest
from django.utils import timezone

from contacts.models import Contact, ContactErasure
from meetings.models import FollowUp, Meeting, Need
from meetings.services import followup_create, need_set_status
from network.models import Case, CaseInvolvement, CooperationLink
from organizations.models import Organization, Service
from permissions.models import RoleAssignment
from tests.helpers import api_client

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2026, 3, 10)


# ----------------------------------------------------------------------------------------------------- people --


@pytest.fixture
def ospod_worker(make_role_user, ospod):
    """A caseworker of the OSPOD of Pelhřimov."""
    return make_role_user("api.ospod", "ospod", organization=ospod)


# ------------------------------------------------------------------------------------------------------ places --


@pytest.fixture
def orgs(make_organization, pelhrimov, jihlava, liberec):
    """Organisations in Pelhřimov (two), Jihlava (same kraj, another ORP) and Liberec (another kraj)."""
    return {
        "pe": make_organization(name="Spirála Pelhřimov", district=pelhrimov),
        "pe2": make_organization(name="ZŠ Komenského Pelhřimov", kind="school", district=pelhrimov),
        "ji": make_organization(name="Kamarád Jihlava", district=jihlava),
        "li": make_organization(name="Maják Liberec", district=liberec),
    }


@pytest.fixture
def liberec_ospod(make_organization, liberec):
    return make_organization(name="OSPOD Liberec", kind="ospod", district=liberec)


# How to build one record of each collection, owned by an organisation in a district.
BUILDERS = {
    "organizations": lambda get, org, district: org,
    "services": lambda get, org, district: get("make_service")(org),
    "contacts": lambda get, org, district: get("make_contact")(org),
    "meetings": lambda get, org, district: get("make_meeting")(district=district, organizations=[org]),
    "followups": lambda get, org, district: followup_create(
        actor=get("actor"), meeting=get("make_meeting")(district=district), description="Poslat kontakty"
    ),
    "needs": lambda get, org, district: get("make_need")(district=district),
    "links": lambda get, org, district: get("make_link")(
        org, get("make_organization")(kind="school", district=district)
    ),
    "cases": lambda get, org, district: get("make_case")(owner=org),
}
COLLECTIONS = list(BUILDERS)


@pytest.fixture
def pair(request, make_organization, pelhrimov, liberec):
    """pair(name): one record of the collection in ORP Pelhřimov (in scope) and one in ORP Liberec (another kraj)."""
    get = request.getfixturevalue

    def build(name: str):
        if name == "cases":
            owners = get("ospod"), get("liberec_ospod")
        else:
            owners = make_organization(district=pelhrimov), make_organization(district=liberec)
        return tuple(BUILDERS[name](get, owner, owner.district) for owner in owners)

    return build


@pytest.fixture
def reader(request):
    """reader(name): who works with the collection; cases are reached only by their OSPOD's workers."""
    return lambda name: request.getfixturevalue("ospod_worker" if name == "cases" else "sitar")


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


# ------------------------------------------------------------------------------------ every collection: reads --


@pytest.mark.parametrize("name", COLLECTIONS)
def test_a_list_shows_the_own_kraj_and_nothing_of_another(name, pair, reader):
    inside, outside = pair(name)
    ids = _ids(api_client(reader(name)).get(f"/api/v1/{name}/"))
    assert inside.pk in ids
    assert outside.pk not in ids


@pytest.mark.parametrize("name", COLLECTIONS)
def test_a_record_in_scope_has_an_etag_and_one_outside_answers_404(name, pair, reader):
    inside, outside = pair(name)
    client = api_client(reader(name))
    response = client.get(f"/api/v1/{name}/{inside.pk}/")
    assert response.status_code == 200
    assert response.json()["id"] == inside.pk
    assert response["ETag"].startswith('"') and len(response["ETag"]) > 2
    assert client.get(f"/api/v1/{name}/{outside.pk}/").status_code == 404


def test_a_networker_sees_no_case_at_all(api, make_case):
    case = make_case()
    assert _ids(api.get("/api/v1/cases/")) == set()
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404


# ------------------------------------------------------------------------------- every collection: creates --


def _payloads(orgs, ospod, meeting):
    return {
        "services": (
            Service,
            {
                "organization": orgs["pe"].pk,
                "name": "Sanace rodiny",
                "kind": "sas_families",
                "target_groups": ["families_children"],
            },
        ),
        "contacts": (
            Contact,
            {
                "organization": orgs["pe"].pk,
                "name": "Jana Nová",
                "email": "jana@spirala.cz",
                "legal_basis": "legitimate_interest",
            },
        ),
        "meetings": (
            Meeting,
            {
                "kind": "visit",
                "title": "Návštěva Spirály",
                "held_on": "2026-03-10",
                "district": "6110",
                "organizations": [orgs["pe"].pk],
            },
        ),
        "followups": (FollowUp, {"meeting": meeting.pk, "description": "Poslat leták", "due_on": "2026-04-01"}),
        "needs": (Need, {"title": "Chybí SAS", "category": "capacity", "district": "6110"}),
        "links": (
            CooperationLink,
            {"source": orgs["pe"].pk, "target": orgs["ji"].pk, "kind": "referral", "strength": 4},
        ),
        "cases": (Case, {"reference": "OSPOD-2026-001", "ospod": ospod.pk, "opened_on": "2026-01-15"}),
    }


@pytest.mark.parametrize("name", ["services", "contacts", "meetings", "followups", "needs", "links", "cases"])
def test_a_create_is_placed_in_the_territory_and_recorded_with_its_actor(name, orgs, ospod, make_meeting, reader):
    user = reader(name)
    model, payload = _payloads(orgs, ospod, make_meeting())[name]
    before = model.objects.count()
    response = api_client(user).post(f"/api/v1/{name}/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["district"], body["region"]) == ("6110", "3107")
    assert response["ETag"]
    assert model.objects.count() == before + 1
    created = model.objects.get(pk=body["id"])
    assert created.district.code == "6110"
    assert created.history.earliest().history_user == user


# ------------------------------------------------------------------------------- every collection: updates --

UPDATES = {
    "organizations": {"phone": "+420 565 111 222"},
    "services": {"capacity": 12},
    "contacts": {"position": "koordinátorka"},
    "meetings": {"title": "Přejmenované setkání"},
    "followups": {"description": "Poslat kontakty do pátku"},
    "needs": {"priority": "high"},
    "links": {"strength": 5},
    "cases": {"status": "closed", "closed_on": "2026-06-30"},
}


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_an_update_in_scope_is_saved_and_changes_the_etag(name, pair, reader):
    user = reader(name)
    record, _outside = pair(name)
    client = api_client(user)
    etag = client.get(f"/api/v1/{name}/{record.pk}/")["ETag"]
    response = client.patch(f"/api/v1/{name}/{record.pk}/", UPDATES[name], format="json")
    assert response.status_code == 200, response.json()
    for field, value in UPDATES[name].items():
        assert response.json()[field] == value
    assert response["ETag"] != etag
    record.refresh_from_db()
    assert record.history.latest().history_user == user


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_an_update_outside_the_kraj_answers_404_and_changes_nothing(name, pair, reader):
    _inside, record = pair(name)
    before = record.history.count()
    response = api_client(reader(name)).patch(f"/api/v1/{name}/{record.pk}/", UPDATES[name], format="json")
    assert response.status_code == 404
    assert record.history.count() == before


# ---------------------------------------------------------------------------------------------- organisations --


def test_a_regional_advisor_verifies_an_organisation_of_the_kraj(orgs, poradce):
    response = api_client(poradce).post(f"/api/v1/organizations/{orgs['ji'].pk}/verify/", {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["verified_at"]
    orgs["ji"].refresh_from_db()
    assert orgs["ji"].verified_by == poradce


def test_a_sitar_verifies_in_its_district_but_a_visible_organisation_elsewhere_answers_404(orgs, api):
    # rules.py: a sitar verifies at the DISTRICT level; Jihlava is visible (same kraj) but not the sitar's district.
    assert api.post(f"/api/v1/organizations/{orgs['ji'].pk}/verify/", {}, format="json").status_code == 404
    orgs["ji"].refresh_from_db()
    assert orgs["ji"].verified_at is None
    assert api.post(f"/api/v1/organizations/{orgs['pe'].pk}/verify/", {}, format="json").status_code == 200


def test_an_ospod_worker_may_not_verify_an_organisation(orgs, ospod_worker):
    response = api_client(ospod_worker).post(f"/api/v1/organizations/{orgs['pe'].pk}/verify/", {}, format="json")
    assert response.status_code == 404


def test_a_regional_lead_verifies_on_a_visit_dated_by_the_visit(orgs, vedouci, make_meeting):
    visit = make_meeting(kind="visit", organizations=[orgs["pe"]], held_on=datetime.date(2026, 3, 10))
    response = api_client(vedouci).post(
        f"/api/v1/organizations/{orgs['pe'].pk}/verify/", {"meeting": visit.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["verified_at"].startswith("2026-03-10")


def test_verifying_on_a_meeting_the_organisation_missed_is_an_error_on_meeting(orgs, poradce, make_meeting):
    other = make_meeting(organizations=[orgs["pe2"]])
    response = api_client(poradce).post(
        f"/api/v1/organizations/{orgs['pe'].pk}/verify/", {"meeting": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert "meeting" in response.json()
    orgs["pe"].refresh_from_db()
    assert orgs["pe"].verified_at is None


def test_organisations_filter_by_verified_and_stale(orgs, poradce):
    client = api_client(poradce)
    client.post(f"/api/v1/organizations/{orgs['pe'].pk}/verify/", {}, format="json")
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Organization.objects.filter(pk=orgs["ji"].pk).update(verified_at=long_ago)

    assert _ids(client.get("/api/v1/organizations/", {"verified": "false"})) == {orgs["pe2"].pk}
    assert _ids(client.get("/api/v1/organizations/", {"verified": "true"})) == {orgs["pe"].pk, orgs["ji"].pk}
    assert _ids(client.get("/api/v1/organizations/", {"stale": "true"})) == {orgs["pe2"].pk, orgs["ji"].pk}
    assert _ids(client.get("/api/v1/organizations/", {"stale": "false"})) == {orgs["pe"].pk}


def test_organisations_search_ignores_diacritics_and_case_within_the_scope(api, make_organization, pelhrimov, liberec):
    found = make_organization(name="Poradna Česká Lípa", district=pelhrimov)
    make_organization(name="Česká Lípa – pobočka Liberec", district=liberec)
    make_organization(name="Jiná poradna", district=pelhrimov)
    assert _ids(api.get("/api/v1/organizations/", {"q": "ceska lipa"})) == {found.pk}


def test_organisations_filter_by_district_code(orgs, api):
    assert _ids(api.get("/api/v1/organizations/", {"district": "6110"})) == {orgs["pe"].pk, orgs["pe2"].pk}
    assert _ids(api.get("/api/v1/organizations/", {"region": "3077"})) == set()
    # a code of no kraj or ORP finds nothing (the codes are resolved to ids once per process)
    for params in ({"district": "9999"}, {"region": "0000"}):
        response = api.get("/api/v1/organizations/", params)
        assert response.status_code == 200 and response.json()["count"] == 0


# --------------------------------------------------------------------------------------------------- services --


def test_services_filter_by_organisation_and_kind(orgs, api, make_service, families_with_children):
    first = make_service(orgs["pe"])
    make_service(orgs["ji"])
    assert _ids(api.get("/api/v1/services/", {"organization": orgs["pe"].pk})) == {first.pk}
    assert len(_ids(api.get("/api/v1/services/", {"kind": "sas_families"}))) == 2
    assert _ids(api.get("/api/v1/services/", {"kind": "no_such_kind"})) == set()


@pytest.mark.parametrize("name", ["services", "contacts", "meetings", "links"])
def test_filtering_by_an_organisation_of_another_kraj_is_an_error_on_organization(name, orgs, api):
    response = api.get(f"/api/v1/{name}/", {"organization": orgs["li"].pk})
    assert response.status_code == 400
    assert "organization" in response.json()


def test_a_service_stays_with_its_organisation(orgs, api, make_service):
    service = make_service(orgs["pe"])
    response = api.patch(f"/api/v1/services/{service.pk}/", {"organization": orgs["pe2"].pk}, format="json")
    assert response.status_code == 400 and "organization" in response.json()
    service.refresh_from_db()
    assert service.organization == orgs["pe"]


def test_a_service_is_withdrawn_from_the_public_catalogue_only_with_a_reason(orgs, api, make_service):
    service = make_service(orgs["pe"], registry_id="1234567")
    response = api.patch(f"/api/v1/services/{service.pk}/", {"published": False}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"withdrawal_reason"}
    assert Service.objects.filter(pk=service.pk, published=True).exists()
    response = api.patch(
        f"/api/v1/services/{service.pk}/",
        {"published": False, "withdrawal_reason": "Adresa neodpovídá, ověřuji."},
        format="json",
    )
    assert response.status_code == 200
    assert (response.json()["published"], response.json()["withdrawal_reason"]) == (
        False,
        "Adresa neodpovídá, ověřuji.",
    )


def test_a_sitar_cannot_add_a_service_to_an_organisation_outside_its_district(orgs, api):
    before = Service.objects.count()
    response = api.post(
        "/api/v1/services/", {"organization": orgs["ji"].pk, "name": "X", "kind": "sas_families"}, format="json"
    )
    assert response.status_code == 400 and "organization" in response.json()
    assert Service.objects.count() == before


# --------------------------------------------------------------------------------------------------- contacts --


def test_erasing_a_contact_anonymises_it_and_logs_the_erasure(orgs, api, sitar, make_contact):
    contact = make_contact(
        orgs["pe"], name="Jana Nová", email="jana@spirala.cz", phone="+420 777 111 222", position="ředitelka"
    )
    response = api.post(f"/api/v1/contacts/{contact.pk}/erase/", {"ground": "request"}, format="json")
    assert response.status_code == 204
    contact.refresh_from_db()
    assert (contact.name, contact.email, contact.phone, contact.position) == ("—", "", "", "")
    assert contact.erased_at is not None
    erasure = ContactErasure.objects.get(contact=contact)
    assert (erasure.ground, erasure.erased_by, erasure.organization) == ("request", sitar, orgs["pe"])
    assert not contact.history.filter(name="Jana Nová").exists()


def test_erasing_needs_a_legal_ground(orgs, api, make_contact):
    contact = make_contact(orgs["pe"], name="Jana Nová")
    response = api.post(f"/api/v1/contacts/{contact.pk}/erase/", {}, format="json")
    assert response.status_code == 400 and "ground" in response.json()
    contact.refresh_from_db()
    assert contact.name == "Jana Nová" and not ContactErasure.objects.exists()


def test_an_erased_contact_cannot_be_changed_back(orgs, api, make_contact):
    contact = make_contact(orgs["pe"], name="Jana Nová")
    api.post(f"/api/v1/contacts/{contact.pk}/erase/", {"ground": "request"}, format="json")
    response = api.patch(f"/api/v1/contacts/{contact.pk}/", {"name": "Jana Nová"}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    contact.refresh_from_db()
    assert contact.name == "—"


def test_a_contact_in_jihlava_is_visible_but_cannot_be_erased_by_a_sitar_of_pelhrimov(orgs, api, make_contact):
    contact = make_contact(orgs["ji"], name="Petr Malý")
    assert api.get(f"/api/v1/contacts/{contact.pk}/").status_code == 200
    assert api.post(f"/api/v1/contacts/{contact.pk}/erase/", {"ground": "request"}, format="json").status_code == 404
    assert not ContactErasure.objects.exists()


def test_an_ospod_worker_sees_only_the_contacts_shared_with_ospod(orgs, ospod_worker, make_contact):
    shared = make_contact(orgs["pe"], shareable_with_ospod=True)
    private = make_contact(orgs["pe"])
    client = api_client(ospod_worker)
    assert _ids(client.get("/api/v1/contacts/")) == {shared.pk}
    assert client.get(f"/api/v1/contacts/{private.pk}/").status_code == 404


def test_contacts_filter_by_organisation_legal_basis_and_name(orgs, api, make_contact):
    jana = make_contact(orgs["pe"], name="Jana Nová", legal_basis="consent", consent_on=HELD_ON)
    petr = make_contact(orgs["pe2"], name="Petr Malý")
    assert _ids(api.get("/api/v1/contacts/", {"organization": orgs["pe2"].pk})) == {petr.pk}
    assert _ids(api.get("/api/v1/contacts/", {"legal_basis": "consent"})) == {jana.pk}
    assert _ids(api.get("/api/v1/contacts/", {"name": "nová"})) == {jana.pk}


# --------------------------------------------------------------------------------------------------- meetings --


def test_meetings_filter_by_date_range_and_order_by_date(api, make_meeting):
    march = make_meeting(held_on=datetime.date(2026, 3, 10))
    april = make_meeting(held_on=datetime.date(2026, 4, 20))
    make_meeting(held_on=datetime.date(2026, 6, 1))
    response = api.get(
        "/api/v1/meetings/", {"held_on_after": "2026-03-01", "held_on_before": "2026-04-30", "ordering": "held_on"}
    )
    assert [row["id"] for row in response.json()["results"]] == [march.pk, april.pk]
    newest_first = api.get("/api/v1/meetings/", {"ordering": "-held_on"}).json()["results"]
    assert [row["held_on"] for row in newest_first] == ["2026-06-01", "2026-04-20", "2026-03-10"]


def test_meetings_filter_by_district_and_participating_organisation(orgs, api, make_meeting, jihlava):
    with_pe = make_meeting(organizations=[orgs["pe"]])
    in_jihlava = make_meeting(district=jihlava)
    assert _ids(api.get("/api/v1/meetings/", {"district": "6105"})) == {in_jihlava.pk}
    assert _ids(api.get("/api/v1/meetings/", {"organization": orgs["pe"].pk})) == {with_pe.pk}


def test_a_meeting_created_with_follow_ups_and_needs_shows_them(orgs, api, sitar):
    response = api.post(
        "/api/v1/meetings/",
        {
            "kind": "working_meeting",
            "title": "Pracovní schůzka",
            "held_on": "2026-03-10",
            "district": "6110",
            "organizations": [orgs["pe"].pk, orgs["pe2"].pk],
            "followups": [{"description": "Poslat leták", "assignee": sitar.username}],
            "needs": [{"title": "Chybí SAS", "category": "capacity"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [row["assignee"] for row in body["followups"]] == [sitar.username]
    assert [row["district"] for row in body["needs"]] == ["6110"]
    meeting = Meeting.objects.get(pk=body["id"])
    assert meeting.needs.get().created_by == sitar


def test_a_sitar_cannot_log_a_meeting_in_another_district(api):
    before = Meeting.objects.count()
    response = api.post(
        "/api/v1/meetings/",
        {"kind": "visit", "title": "Jinde", "held_on": "2026-03-10", "district": "6105"},
        format="json",
    )
    assert response.status_code == 400 and "district" in response.json()
    assert Meeting.objects.count() == before


def test_follow_ups_cannot_be_added_by_changing_a_meeting(api, make_meeting):
    meeting = make_meeting()
    response = api.patch(f"/api/v1/meetings/{meeting.pk}/", {"followups": [{"description": "x"}]}, format="json")
    assert response.status_code == 400 and "followups" in response.json()
    assert not meeting.followups.exists()


def test_a_meeting_changed_since_it_was_loaded_is_refused_with_412(api, make_meeting):
    meeting = make_meeting()
    etag = api.get(f"/api/v1/meetings/{meeting.pk}/")["ETag"]
    assert (
        api.patch(f"/api/v1/meetings/{meeting.pk}/", {"title": "První"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 200
    )
    response = api.patch(f"/api/v1/meetings/{meeting.pk}/", {"title": "Druhá"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert response.json()["current"]["title"] == "První"
    meeting.refresh_from_db()
    assert meeting.title == "První"


# -------------------------------------------------------------------------------------------------- follow-ups --


def test_marking_a_follow_up_done_sets_done_at_and_undoing_clears_it(api, make_meeting, actor):
    followup = followup_create(actor=actor, meeting=make_meeting(), description="Zavolat")
    done = api.patch(f"/api/v1/followups/{followup.pk}/", {"done": True}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["done_at"]
    followup.refresh_from_db()
    assert followup.done_at is not None
    undone = api.patch(f"/api/v1/followups/{followup.pk}/", {"done": False}, format="json")
    assert undone.status_code == 200 and undone.json()["done_at"] is None


def test_a_follow_up_stays_with_its_meeting(api, make_meeting, actor):
    meeting, other = make_meeting(), make_meeting()
    followup = followup_create(actor=actor, meeting=meeting, description="Zavolat")
    response = api.patch(f"/api/v1/followups/{followup.pk}/", {"meeting": other.pk}, format="json")
    assert response.status_code == 400 and "meeting" in response.json()
    followup.refresh_from_db()
    assert followup.meeting == meeting


def test_a_sitar_cannot_add_a_follow_up_to_a_visible_meeting_in_another_district(api, make_meeting, jihlava):
    meeting = make_meeting(district=jihlava)
    response = api.post("/api/v1/followups/", {"meeting": meeting.pk, "description": "Zavolat"}, format="json")
    assert response.status_code == 400 and "meeting" in response.json()
    assert not FollowUp.objects.exists()


def test_a_follow_up_on_a_meeting_of_another_kraj_is_an_error_on_meeting(api, make_meeting, liberec):
    meeting = make_meeting(district=liberec)
    response = api.post("/api/v1/followups/", {"meeting": meeting.pk, "description": "Zavolat"}, format="json")
    assert response.status_code == 400 and "meeting" in response.json()
    assert not FollowUp.objects.exists()


def test_follow_ups_filter_by_done_meeting_and_mine(api, sitar, make_meeting, actor):
    meeting, other = make_meeting(), make_meeting()
    open_one = followup_create(actor=actor, meeting=meeting, description="Otevřený", assignee=sitar)
    done_one = followup_create(actor=actor, meeting=other, description="Hotový", done=True)
    assert _ids(api.get("/api/v1/followups/", {"done": "false"})) == {open_one.pk}
    assert _ids(api.get("/api/v1/followups/", {"done": "true"})) == {done_one.pk}
    assert _ids(api.get("/api/v1/followups/", {"meeting": other.pk})) == {done_one.pk}
    assert _ids(api.get("/api/v1/followups/", {"mine": "true"})) == {open_one.pk}


# ------------------------------------------------------------------------------------------------------ needs --


def test_resolving_a_need_needs_a_note_and_sets_resolved_at(api, make_need):
    need = make_need()
    refused = api.patch(f"/api/v1/needs/{need.pk}/", {"status": "resolved"}, format="json")
    assert refused.status_code == 400 and "resolution_note" in refused.json()
    need.refresh_from_db()
    assert (need.status, need.resolved_at) == ("open", None)

    resolved = api.patch(
        f"/api/v1/needs/{need.pk}/", {"status": "resolved", "resolution_note": "Otevřena SAS"}, format="json"
    )
    assert resolved.status_code == 200, resolved.json()
    assert resolved.json()["status"] == "resolved" and resolved.json()["resolved_at"]
    need.refresh_from_db()
    assert need.resolved_at is not None and need.resolution_note == "Otevřena SAS"


def test_a_need_cannot_skip_its_lifecycle(api, make_need):
    need = make_need()
    api.patch(f"/api/v1/needs/{need.pk}/", {"status": "resolved", "resolution_note": "Vyřešeno"}, format="json")
    response = api.patch(f"/api/v1/needs/{need.pk}/", {"status": "open"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    need.refresh_from_db()
    assert need.status == "resolved"


def test_a_new_need_is_open(api):
    response = api.post(
        "/api/v1/needs/",
        {"title": "X", "category": "capacity", "district": "6110", "status": "resolved"},
        format="json",
    )
    assert response.status_code == 400 and "status" in response.json()
    assert not Need.objects.exists()


def test_a_need_without_a_district_or_meeting_is_an_error_on_district(api):
    response = api.post("/api/v1/needs/", {"title": "X", "category": "capacity"}, format="json")
    assert response.status_code == 400 and "district" in response.json()
    assert not Need.objects.exists()


def test_needs_filter_by_status_and_category(api, make_need, jihlava, actor):
    open_need = make_need(category="capacity")
    dismissed = make_need(category="funding", district=jihlava)
    need_set_status(actor=actor, need=dismissed, status="dismissed", note="Mimo naši působnost")
    assert _ids(api.get("/api/v1/needs/", {"status": "open"})) == {open_need.pk}
    assert _ids(api.get("/api/v1/needs/", {"status": ["open", "dismissed"]})) == {open_need.pk, dismissed.pk}
    assert _ids(api.get("/api/v1/needs/", {"category": "funding"})) == {dismissed.pk}
    assert api.get("/api/v1/needs/", {"status": "nonsense"}).status_code == 400


# ------------------------------------------------------------------------------------------------------ links --


def test_confirming_a_link_by_a_meeting_of_both_sets_confirmed_on(orgs, api, make_link, make_meeting):
    link = make_link(orgs["pe"], orgs["pe2"])
    both = make_meeting(organizations=[orgs["pe"], orgs["pe2"]], held_on=datetime.date(2026, 5, 4))
    response = api.post(f"/api/v1/links/{link.pk}/confirm/", {"meeting": both.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["confirmed_on"] == "2026-05-04"
    assert response.json()["evidence"] == [both.pk]
    link.refresh_from_db()
    assert link.confirmed_on == datetime.date(2026, 5, 4)


def test_a_meeting_without_both_organisations_does_not_confirm_a_link(orgs, api, make_link, make_meeting):
    link = make_link(orgs["pe"], orgs["pe2"])
    one_side = make_meeting(organizations=[orgs["pe"]])
    response = api.post(f"/api/v1/links/{link.pk}/confirm/", {"meeting": one_side.pk}, format="json")
    assert response.status_code == 400
    assert {"evidence", "meeting"} & set(response.json())
    link.refresh_from_db()
    assert link.confirmed_on is None and not link.evidence.exists()


def test_the_organisations_of_a_link_stay(orgs, api, make_link):
    link = make_link(orgs["pe"], orgs["pe2"])
    response = api.patch(f"/api/v1/links/{link.pk}/", {"target": orgs["ji"].pk}, format="json")
    assert response.status_code == 400 and "target" in response.json()


def test_links_filter_by_stale_and_either_organisation(orgs, api, make_link, make_meeting):
    today = timezone.localdate()
    recent = make_link(
        orgs["pe"],
        orgs["pe2"],
        evidence=[make_meeting(organizations=[orgs["pe"], orgs["pe2"]], held_on=today - datetime.timedelta(days=30))],
    )
    old = make_link(
        orgs["pe"],
        orgs["ji"],
        evidence=[make_meeting(organizations=[orgs["pe"], orgs["ji"]], held_on=today - datetime.timedelta(days=400))],
    )
    never = make_link(orgs["ji"], orgs["pe2"], kind="joint_activity")
    assert _ids(api.get("/api/v1/links/", {"stale": "true"})) == {old.pk, never.pk}
    assert _ids(api.get("/api/v1/links/", {"stale": "false"})) == {recent.pk}
    assert _ids(api.get("/api/v1/links/", {"organization": orgs["ji"].pk})) == {old.pk, never.pk}
    assert _ids(api.get("/api/v1/links/", {"strength_min": 4})) == set()


# ------------------------------------------------------------------------------------------------------ cases --


def test_a_case_reference_like_a_birth_number_is_refused(ospod, ospod_worker):
    response = api_client(ospod_worker).post(
        "/api/v1/cases/", {"reference": "045612/1234", "ospod": ospod.pk, "opened_on": "2026-01-15"}, format="json"
    )
    assert response.status_code == 400 and "reference" in response.json()
    assert not Case.objects.exists()


def test_a_superuser_opens_a_case_of_any_ospod(liberec_ospod, actor):
    response = api_client(actor).post(
        "/api/v1/cases/",
        {"reference": "OSPOD-2026-001", "ospod": liberec_ospod.pk, "opened_on": "2026-01-15"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["district"], response.json()["region"]) == ("5105", "3077")


def test_an_ospod_worker_cannot_open_a_case_of_another_ospod(liberec_ospod, ospod_worker):
    response = api_client(ospod_worker).post(
        "/api/v1/cases/",
        {"reference": "OSPOD-2026-002", "ospod": liberec_ospod.pk, "opened_on": "2026-01-15"},
        format="json",
    )
    assert response.status_code == 400 and "ospod" in response.json()
    assert not Case.objects.exists()


def test_an_organisation_is_involved_in_a_case_and_the_involvement_ends(orgs, ospod_worker, make_case):
    case = make_case()
    client = api_client(ospod_worker)
    added = client.post(
        f"/api/v1/cases/{case.pk}/involvements/", {"organization": orgs["pe2"].pk, "role": "school"}, format="json"
    )
    assert added.status_code == 201, added.json()
    [involvement] = added.json()["involvements"]
    assert (involvement["organization"], involvement["role"]) == (orgs["pe2"].pk, "school")

    removed = client.delete(f"/api/v1/cases/{case.pk}/involvements/{involvement['id']}/")
    assert removed.status_code == 204
    assert not CaseInvolvement.objects.filter(pk=involvement["id"]).exists()
    assert CaseInvolvement.history.filter(id=involvement["id"], history_type="-").get().history_user == ospod_worker


def test_an_involvement_of_another_case_is_not_removed_through_this_one(orgs, ospod_worker, make_case, actor):
    from network.services import case_involvement_add

    case, other = make_case(), make_case()
    involvement = case_involvement_add(actor=actor, case=other, organization=orgs["pe"], role="social_service")
    response = api_client(ospod_worker).delete(f"/api/v1/cases/{case.pk}/involvements/{involvement.pk}/")
    assert response.status_code == 404
    assert CaseInvolvement.objects.filter(pk=involvement.pk).exists()


def test_cases_filter_by_status_and_opening_date(ospod_worker, make_case, liberec_ospod):
    january = make_case(opened_on=datetime.date(2026, 1, 15))
    may = make_case(opened_on=datetime.date(2026, 5, 15))
    client = api_client(ospod_worker)
    assert _ids(client.get("/api/v1/cases/", {"status": "open"})) == {january.pk, may.pk}
    assert _ids(client.get("/api/v1/cases/", {"opened_on_after": "2026-05-01"})) == {may.pk}
    response = client.get("/api/v1/cases/", {"ospod": liberec_ospod.pk})
    assert response.status_code == 400 and "ospod" in response.json()


# ------------------------------------------------------------------------------------------- role assignments --


def _assignment(user) -> RoleAssignment:
    return RoleAssignment.objects.get(user=user)


def test_a_regional_lead_lists_the_assignments_of_the_kraj(vedouci, sitar, poradce, sitar_liberec):
    client = api_client(vedouci)
    ids = _ids(client.get("/api/v1/role-assignments/"))
    assert ids == {_assignment(vedouci).pk, _assignment(sitar).pk, _assignment(poradce).pk}
    assert client.get(f"/api/v1/role-assignments/{_assignment(sitar_liberec).pk}/").status_code == 404
    assert _ids(client.get("/api/v1/role-assignments/", {"role": "sitar"})) == {_assignment(sitar).pk}


def test_a_regional_lead_assigns_a_sitar_in_the_kraj_by_user_name(vedouci, make_user):
    newcomer = make_user("nova.sitarka")
    response = api_client(vedouci).post(
        "/api/v1/role-assignments/", {"user": "nova.sitarka", "role": "sitar", "district": "6110"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["user"], body["role"], body["district"], body["assigned_by"]) == (
        "nova.sitarka",
        "sitar",
        "6110",
        vedouci.username,
    )
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert assignment.history.get().history_user == vedouci


def test_a_regional_lead_cannot_assign_in_another_kraj(vedouci, make_user):
    newcomer = make_user("nova.sitarka")
    response = api_client(vedouci).post(
        "/api/v1/role-assignments/", {"user": "nova.sitarka", "role": "sitar", "district": "5105"}, format="json"
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_a_regional_lead_revokes_an_assignment_in_the_kraj_but_not_in_another(vedouci, sitar, sitar_liberec):
    client = api_client(vedouci)
    assert client.delete(f"/api/v1/role-assignments/{_assignment(sitar).pk}/").status_code == 204
    assert not RoleAssignment.objects.filter(user=sitar).exists()
    assert client.delete(f"/api/v1/role-assignments/{_assignment(sitar_liberec).pk}/").status_code == 404
    assert RoleAssignment.objects.filter(user=sitar_liberec).exists()


def test_a_sitar_lists_only_the_own_assignment_and_cannot_assign(api, sitar, poradce, make_user):
    assert _ids(api.get("/api/v1/role-assignments/")) == {_assignment(sitar).pk}
    newcomer = make_user("nova.sitarka")
    response = api.post(
        "/api/v1/role-assignments/", {"user": "nova.sitarka", "role": "sitar", "district": "6110"}, format="json"
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=newcomer).exists()
    assert api.delete(f"/api/v1/role-assignments/{_assignment(sitar).pk}/").status_code == 404


def test_assigning_an_unknown_user_is_an_error_on_user(vedouci):
    response = api_client(vedouci).post(
        "/api/v1/role-assignments/", {"user": "nikdo", "role": "sitar", "district": "6110"}, format="json"
    )
    assert response.status_code == 400 and "user" in response.json()
