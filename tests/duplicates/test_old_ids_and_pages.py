"""After a merge the old id keeps working (the card redirects, the API answers 301/410 with ``merged_into``, a queued
meeting naming the old id is stored with the survivor, the sync feed lists the old id as deleted, an import meeting
the old IČO finds the survivor); the duplicates pages: the candidates, "Not a duplicate", the merge page."""

import datetime

import pytest
from django.utils import timezone

from api.sync import COLLECTIONS
from duplicates.candidates import candidate_pairs
from duplicates.merge import merge_organizations
from duplicates.models import NotDuplicate
from imports.bulk import bulk_import
from meetings.models import Meeting
from organizations.models import Organization, OrganizationMerge
from tests.helpers import api_client, fresh
from tests.imports.files import ORG_HEADERS, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(make_organization, kamenice_nad_lipou):
    survivor = make_organization(name="Spirála Pelhřimov, z. s.", web="https://www.spirala.example/")
    merged = make_organization(
        name="Spirala Pelhrimov", ico="44992785", web="https://spirala.example/kontakt", municipality=kamenice_nad_lipou
    )
    return survivor, merged


def merged_pair(pair, actor):
    survivor, merged = pair
    merge_organizations(actor=actor, survivor=survivor, merged=merged, values={}, reason="Twice")
    return survivor, merged


# The old id ---------------------------------------------------------------------------------------------------------


def test_the_old_card_redirects_to_the_survivor_for_whoever_may_see_it(pair, actor, sitar, sitar_liberec, as_user):
    survivor, merged = merged_pair(pair, actor)
    response = as_user(sitar).get(f"/organizations/{merged.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/organizations/{survivor.pk}/"
    assert as_user(sitar_liberec).get(f"/organizations/{merged.pk}/").status_code == 404


def test_the_api_answers_the_old_id_with_merged_into(pair, actor, sitar, sitar_liberec):
    survivor, merged = merged_pair(pair, actor)
    api = api_client(sitar)
    response = api.get(f"/api/v1/organizations/{merged.pk}/")
    assert response.status_code == 301
    assert response.json()["merged_into"] == survivor.pk
    assert response["Location"].endswith(f"/api/v1/organizations/{survivor.pk}/")
    response = api.patch(f"/api/v1/organizations/{merged.pk}/", {"phone": "777123456"}, format="json")
    assert response.status_code == 410
    assert response.json()["merged_into"] == survivor.pk
    # Out of the user's sight: a plain 404 that names nothing.
    response = api_client(sitar_liberec).get(f"/api/v1/organizations/{merged.pk}/")
    assert response.status_code == 404
    assert "merged_into" not in response.json()


def test_a_queued_meeting_naming_the_old_id_is_stored_with_the_survivor(pair, actor, sitar):
    survivor, merged = merged_pair(pair, actor)
    body = {
        "kind": "working_meeting",
        "title": "Schůzka z tabletu",
        "held_on": str(timezone.localdate()),
        "district": "6110",
        "organizations": [merged.pk],
        "organizer": merged.pk,
    }
    response = api_client(sitar).post("/api/v1/meetings/", body, format="json")
    assert response.status_code == 201, response.content
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert list(meeting.organizations.values_list("pk", flat=True)) == [survivor.pk]
    assert meeting.organizer_id == survivor.pk


def test_the_sync_feed_lists_the_old_id_as_deleted(pair, actor, sitar):
    past = timezone.now() - datetime.timedelta(days=1)
    for model in COLLECTIONS.values():
        model._base_manager.update(updated_at=past)
        model.history.model.objects.update(history_date=past)
    first = api_client(fresh(sitar)).get("/api/v1/sync/").json()
    survivor, merged = merged_pair(pair, actor)
    delta = api_client(fresh(sitar)).get("/api/v1/sync/", {"since": first["cursor"]}).json()
    assert merged.pk in delta["deleted"]["organizations"]
    assert survivor.pk in {record["id"] for record in delta["records"]["organizations"]}


def test_an_import_meeting_the_old_ico_updates_the_survivor(pair, actor, sitar):
    survivor, merged = merged_pair(pair, actor)
    before = Organization.objects.count()
    rows = [ORG_HEADERS, ["Spirála", "ngo", "44992785", "Pelhřimov", "", "nova@spirala.example"]]
    report = bulk_import(actor=sitar, entity="organization", file=xlsx(rows), dry_run=False)
    assert [row.outcome for row in report.rows] == ["updated"]
    assert Organization.objects.count() == before
    survivor.refresh_from_db()
    assert survivor.email == "nova@spirala.example"


# The pages ----------------------------------------------------------------------------------------------------------


def test_the_candidates_page_lists_the_pair_and_not_a_duplicate_is_remembered(pair, sitar, as_user):
    survivor, merged = pair
    client = as_user(sitar)
    response = client.get("/organizations/duplicates/")
    assert response.status_code == 200
    keys = [candidate.key for candidate in response.context["pairs"]]
    assert f"{survivor.pk}-{merged.pk}" in keys
    response = client.post(f"/organizations/duplicates/{survivor.pk}-{merged.pk}/not-duplicate/")
    assert response.status_code == 302
    assert NotDuplicate.objects.filter(first=survivor, second=merged, decided_by=sitar).exists()
    keys = [candidate.key for candidate in client.get("/organizations/duplicates/").context["pairs"]]
    assert f"{survivor.pk}-{merged.pk}" not in keys


def test_the_merge_page_merges_and_leads_to_the_survivors_card(pair, sitar, as_user):
    survivor, merged = pair
    client = as_user(sitar)
    url = f"/organizations/duplicates/{survivor.pk}-{merged.pk}/merge/"
    page = client.get(url)
    assert page.status_code == 200
    choices = dict.fromkeys(("name", "kind", "ico", "address", "coordinates", "web", "email", "phone"), "first")
    data = {**choices, "description": "first", "status": "first", "survivor": "second", "ico": "second"}
    # Without a reason: a field error, nothing merged.
    response = client.post(url, data)
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Organization.objects.filter(pk__in=[survivor.pk, merged.pk]).count() == 2
    response = client.post(url, {**data, "reason": "Jedna organizace"})
    assert response.status_code == 302
    assert response["Location"] == f"/organizations/{merged.pk}/"
    kept = Organization.objects.get(pk=merged.pk)
    assert (kept.name, kept.ico, kept.municipality_id) == (survivor.name, "44992785", survivor.municipality_id)
    assert OrganizationMerge.objects.get(merged_id=survivor.pk).merged_by == sitar
    assert client.get(response["Location"]).status_code == 200


def test_the_czech_error_of_a_missing_reason(pair, sitar, as_user):
    survivor, merged = pair
    client = as_user(sitar)
    client.cookies["django_language"] = "cs"
    response = client.post(f"/organizations/duplicates/{survivor.pk}-{merged.pk}/merge/", {"survivor": "first"})
    assert response.status_code == 200
    assert "Toto pole je vyžadováno." in response.context["form"].errors["reason"]


def test_nothing_out_of_scope_is_listed_or_named(pair, make_organization, sitar, liberec_town, jihlava_town, as_user):
    survivor, merged = pair
    elsewhere = make_organization(name="Spirála Pelhřimov", municipality=jihlava_town)
    far = make_organization(name="Spirála Pelhřimov, z. s.", municipality=liberec_town)
    listed = {pk for candidate in candidate_pairs(sitar) for pk in (candidate.first.pk, candidate.second.pk)}
    assert survivor.pk in listed and merged.pk in listed
    assert not listed & {elsewhere.pk, far.pk}
    client = as_user(sitar)
    page = client.get("/organizations/duplicates/").content.decode()
    assert f"#{elsewhere.pk}<" not in page and f"#{far.pk}<" not in page
    for other in (elsewhere, far):
        for path in ("merge/", "not-duplicate/"):
            url = f"/organizations/duplicates/{survivor.pk}-{other.pk}/{path}"
            assert client.post(url, {"survivor": "first", "reason": "x"}).status_code == 404
    assert client.get(f"/organizations/duplicates/{survivor.pk}-{far.pk}/merge/").status_code == 404
    assert Organization.objects.filter(pk__in=[elsewhere.pk, far.pk]).count() == 2


def test_two_records_given_by_number_open_their_merge_page_and_one_out_of_reach_is_not_named(
    pair, make_organization, liberec_town, sitar, actor, as_user
):
    survivor, merged = pair
    far = make_organization(name="Spirála Liberec", municipality=liberec_town)
    client = as_user(sitar)
    client.cookies["django_language"] = "cs"
    response = client.get("/organizations/duplicates/", {"first": survivor.pk, "second": merged.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/organizations/duplicates/{survivor.pk}-{merged.pk}/merge/"

    response = client.get("/organizations/duplicates/", {"first": survivor.pk, "second": far.pk})
    assert response.status_code == 200
    errors = response.context["pair_form"].errors
    assert set(errors) == {"second"}
    assert errors["second"] == ["Záznam s tímto číslem, který smíte sloučit, neexistuje."]
    assert far.name not in response.content.decode()
    response = client.get("/organizations/duplicates/", {"first": survivor.pk, "second": survivor.pk})
    assert response.context["pair_form"].errors["second"] == ["Zadejte dva různé záznamy."]
    # A superuser compares a pair across two kraje (which the list, kraj by kraj, never offers).
    response = as_user(actor).get("/organizations/duplicates/", {"first": survivor.pk, "second": far.pk})
    assert response["Location"] == f"/organizations/duplicates/{survivor.pk}-{far.pk}/merge/"


def test_who_may_merge_nowhere_does_not_get_the_page(ospod, make_role_user, as_user):
    worker = make_role_user("ospod.worker", "ospod", organization=ospod)
    assert as_user(worker).get("/organizations/duplicates/").status_code == 404


def test_the_survivors_card_offers_the_undo_and_it_brings_the_record_back(pair, sitar, as_user):
    survivor, merged = pair
    merge_organizations(actor=sitar, survivor=survivor, merged=merged, values={}, reason="Twice")
    client = as_user(sitar)
    record = OrganizationMerge.objects.get(merged_id=merged.pk)
    card = client.get(f"/organizations/{survivor.pk}/")
    assert [merge.pk for merge in card.context["recent_merges"]] == [record.pk]
    response = client.post(f"/organizations/duplicates/merges/{record.pk}/undo/")
    assert response.status_code == 302
    assert response["Location"] == f"/organizations/{merged.pk}/"
    assert Organization.objects.filter(pk__in=[survivor.pk, merged.pk]).count() == 2
    # Gone with the undo: nothing more to undo.
    assert client.post(f"/organizations/duplicates/merges/{record.pk}/undo/").status_code == 404


def test_an_undo_out_of_reach_is_404(pair, actor, sitar_liberec, as_user):
    survivor, merged = merged_pair(pair, actor)
    record = OrganizationMerge.objects.get(merged_id=merged.pk)
    response = as_user(sitar_liberec).post(f"/organizations/duplicates/merges/{record.pk}/undo/")
    assert response.status_code == 404
    assert not Organization.objects.filter(pk=merged.pk).exists()


def test_an_import_row_naming_the_old_id_updates_the_survivor(pair, actor, sitar):
    survivor, merged = merged_pair(pair, actor)
    rows = [[*ORG_HEADERS, "Síťař id"], [survivor.name, "ngo", "", "Pelhřimov", "", "id@spirala.example", merged.pk]]
    report = bulk_import(actor=sitar, entity="organization", file=xlsx(rows), dry_run=False)
    assert [row.outcome for row in report.rows] == ["updated"], report.rows
    survivor.refresh_from_db()
    assert survivor.email == "id@spirala.example"
