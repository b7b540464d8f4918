"""The public HSDS 3.0 API (/hsds/) on the demo: every answer validates against the official schemas, only public
services and their providers appear (nothing of the staff's work), ids are stable, bad parameters are field errors,
answers are cacheable by anyone with an ETag and set no cookie.

The demo is built once for the module inside a transaction rolled back at its end.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone
from rest_framework.settings import api_settings

from catalogue import schemas
from catalogue.ids import stable_id
from catalogue.models import LifeSituation
from organizations.models import Organization, Service
from organizations.services import service_publication
from tests.catalogue.public_data import leaked, public_service_ids

pytestmark = pytest.mark.django_db
PAGE = json.loads((schemas.FOLDER / "openapi.json").read_text(encoding="utf-8"))["components"]["schemas"]["Page"]


def fetch(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.content[:500])
    return response.json()


def every_page(client, url, per_page=200, **params) -> list[dict]:
    """Every item of a paginated list, each page's envelope checked on the way."""
    items, number = [], 1
    while True:
        page = fetch(client, url, page=number, per_page=per_page, **params)
        assert schemas.Draft202012Validator(PAGE).is_valid(page)
        assert page["page_number"] == number and page["size"] == len(page["contents"])
        items += page["contents"]
        if page["last_page"]:
            assert page["total_items"] == len(items)
            return items
        number += 1


def assert_valid(schema: str, records: list[dict]) -> None:
    assert records
    for record in records:
        problems = schemas.problems(schema, record)
        assert not problems, (schema, record.get("id"), problems[:5])


def key(record_id: str) -> int:
    return int(record_id.rsplit("-", 1)[1], 16)


@pytest.fixture
def anonymous(client, seeded):
    return client


def test_the_root_names_the_version_and_the_openapi(anonymous):
    root = fetch(anonymous, "/hsds/")
    assert root["version"] == "3.0" and root["openapi_url"].endswith("/hsds/openapi.json")
    assert fetch(anonymous, "/hsds/openapi.json")["openapi"].startswith("3.")


def test_every_public_service_and_only_those_validate_in_the_list_and_in_full(anonymous):
    listed = every_page(anonymous, "/hsds/services")
    full = every_page(anonymous, "/hsds/services", full="true")
    assert_valid("compiled/service_list.json", listed)
    assert_valid("compiled/service.json", full)
    expected = public_service_ids()
    assert {key(record["id"]) for record in listed} == expected
    assert {key(record["id"]) for record in full} == expected
    # The demo holds what must stay out: unpublished services, ended ones, those of closed organisations.
    assert Service.objects.filter(published=False).exists()
    assert Service.objects.filter(active_until__lt=timezone.localdate()).exists()
    every = set(Service.objects.values_list("pk", flat=True))
    assert expected < every


def test_a_service_in_full_carries_its_terms_areas_and_provider(anonymous):
    service = Service.objects.filter(pk__in=public_service_ids(), target_groups__isnull=False).first()
    record = fetch(anonymous, f"/hsds/services/{stable_id('service', service.pk)}")
    assert_valid("compiled/service.json", [record])
    assert record["organization"]["id"] == stable_id("organization", service.organization_id)
    terms = {(attribute["link_type"], attribute["taxonomy_term"]["name"]) for attribute in record["attributes"]}
    assert ("service-kinds", service.kind.name) in terms
    assert {("target-groups", group.name) for group in service.target_groups.all()} <= terms
    served = {district.name for district in service.served_districts.all()} or {service.district.name}
    assert {area["name"] for area in record["service_areas"]} == served
    if service.organization.ico:
        assert record["organization"]["organization_identifiers"][0]["identifier"] == service.organization.ico


def test_organisations_service_at_locations_and_taxonomies_validate(anonymous):
    organizations = every_page(anonymous, "/hsds/organizations")
    assert_valid("compiled/organization_list.json", organizations)
    providers = set(Service.objects.filter(pk__in=public_service_ids()).values_list("organization", flat=True))
    assert {key(record["id"]) for record in organizations} == providers
    full = every_page(anonymous, "/hsds/organizations", full_service="true", per_page=50)
    assert_valid("compiled/organization.json", full)
    one = organizations[0]["id"]
    assert_valid("compiled/organization.json", [fetch(anonymous, f"/hsds/organizations/{one}")])

    places = every_page(anonymous, "/hsds/service_at_locations", full="true")
    assert_valid("compiled/service_at_location_list.json", places)
    assert_valid("service_at_location.json", [fetch(anonymous, f"/hsds/service_at_locations/{places[0]['id']}")])
    hidden = Service.objects.filter(pk__in=public_service_ids(), organization__municipality__isnull=True)
    assert not {key(place["service_id"]) for place in places} & set(hidden.values_list("pk", flat=True))

    taxonomies = every_page(anonymous, "/hsds/taxonomies")
    assert_valid("taxonomy.json", taxonomies)
    assert {taxonomy["name"] for taxonomy in taxonomies} >= {"Druhy služeb", "Cílové skupiny", "Životní situace"}
    assert_valid("taxonomy.json", [fetch(anonymous, f"/hsds/taxonomies/{taxonomies[0]['id']}")])
    terms = every_page(anonymous, "/hsds/taxonomy_terms")
    assert_valid("taxonomy_term.json", terms)
    assert_valid("taxonomy_term.json", [fetch(anonymous, f"/hsds/taxonomy_terms/{terms[-1]['id']}")])
    situations = every_page(anonymous, "/hsds/taxonomy_terms", taxonomy_id=stable_id("taxonomy", 4))
    assert {term["code"] for term in situations} == set(LifeSituation.objects.values_list("code", flat=True))


def test_nothing_of_the_staff_work_is_published(anonymous):
    everything = "\n".join(
        json.dumps(item, ensure_ascii=False)
        for url, params in [
            ("/hsds/services", {"full": "true"}),
            ("/hsds/organizations", {"full_service": "true"}),
            ("/hsds/service_at_locations", {"full": "true"}),
            ("/hsds/taxonomy_terms", {}),
        ]
        for item in every_page(anonymous, url, **params)
    )
    assert not leaked(everything)


def test_the_filters_of_the_reference(anonymous):
    public = public_service_ids()
    debts = LifeSituation.objects.get(code="debts")
    term = stable_id("taxonomy_term", (4 << 32) | debts.pk)
    helping = every_page(anonymous, "/hsds/services", taxonomy_term_id=term)
    kinds = set(debts.kinds.values_list("pk", flat=True))
    groups = set(debts.target_groups.values_list("pk", flat=True))
    expected = set(
        Service.objects.filter(Q(kind__in=kinds) | Q(target_groups__in=groups), pk__in=public).values_list(
            "pk", flat=True
        )
    )
    assert expected and {key(record["id"]) for record in helping} == expected

    organization = Organization.objects.filter(services__pk__in=public).first()
    provided = every_page(anonymous, "/hsds/services", organization_id=stable_id("organization", organization.pk))
    assert {key(record["id"]) for record in provided} == set(
        organization.services.filter(pk__in=public).values_list("pk", flat=True)
    )

    # Free text ignores diacritics and case, in the service's and its provider's names.
    found = every_page(anonymous, "/hsds/services", search="PELHRIMOV")
    assert found and all(
        "pelhrimov" in f"{record['name']} {record['organization']['name']}".lower().replace("ř", "r").replace("í", "i")
        for record in found
    )
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert fetch(anonymous, "/hsds/services", modified_after=tomorrow)["total_items"] == 0
    minimal = fetch(anonymous, "/hsds/services", minimal="true")
    assert {key(record["id"]) for record in minimal} == public and set(minimal[0]) == {"id", "last_modified"}

    lines = anonymous.get("/hsds/services", {"format": "ndjson"})
    assert lines["Content-Type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in b"".join(lines.streaming_content).decode().splitlines()]
    assert {key(row["id"]) for row in rows} == public


def test_bad_parameters_are_field_errors_and_unknown_ids_404(anonymous):
    response = anonymous.get("/hsds/services", {"page": "0", "taxonomy_term_id": "nonsense"})
    assert response.status_code == 400 and set(response.json()) == {"page", "taxonomy_term_id"}
    english = anonymous.get("/hsds/services", {"per_page": "1000"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "200" in english.json()["per_page"][0]
    assert anonymous.get("/hsds/service_at_locations", {"proximity": "5000"}).status_code == 400
    withdrawn = Service.objects.filter(published=False).first()
    for url in (
        f"/hsds/services/{stable_id('service', withdrawn.pk)}",
        f"/hsds/services/{stable_id('organization', withdrawn.organization_id)}",
        "/hsds/services/not-an-id",
        f"/hsds/organizations/{stable_id('organization', 10**9)}",
        f"/hsds/taxonomy_terms/{stable_id('taxonomy_term', (9 << 32) | 1)}",
    ):
        response = anonymous.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", url


def test_answers_are_public_cacheable_and_a_withdrawal_shows_at_once(anonymous):
    service = Service.objects.filter(pk__in=public_service_ids(), district__code="6110").first()
    url = f"/hsds/services/{stable_id('service', service.pk)}"
    first = anonymous.get(url)
    assert first.status_code == 200 and not first.cookies
    assert "public" in first["Cache-Control"] and "max-age=" in first["Cache-Control"]
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert fetch(anonymous, url)["id"] == first.json()["id"]  # the same id in every answer

    actor = get_user_model().objects.get(username="sitar.pelhrimov")
    service_publication(actor=actor, service=service, published=False, reason="Služba se přestěhovala.")
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 404
    listed = every_page(anonymous, "/hsds/services")
    assert service.pk not in {key(record["id"]) for record in listed}


def test_requests_are_throttled_per_address(anonymous):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "public": "3/minute"}
    from django.conf import settings

    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        codes = [anonymous.get("/hsds/taxonomies").status_code for _ in range(4)]
        other = anonymous.get("/hsds/taxonomies", REMOTE_ADDR="10.1.2.3").status_code
    assert codes == [200, 200, 200, 429] and other == 200
