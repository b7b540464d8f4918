"""The read-only HSDS 3.0 API at /hsds/, after the Open Referral reference OpenAPI (catalogue/data/hsds-3.0/openapi.json).

The same public data for everybody (catalogue.public): no authentication, no session, no CSRF; answers carry an ETag of
the catalogue's state and may be kept by any cache for a minute; requests are throttled per address. Bad parameters are
a JSON 400 naming the field, an unknown id a JSON 404.
"""

import json
import math

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogue import caching, hsds
from catalogue.export import TABLES, table
from catalogue.ids import key_of, stable_id
from catalogue.public import catalogue_state, helping_q, helping_with, life_situations, matching
from core.opendata import PublicRateThrottle, served_file
from organizations.models import Service
from organizations.search import normalize

# The largest page a client may ask for; the default is the reference's usual 50 (PAGE_SIZE).
MAX_PER_PAGE = 200
OPENAPI = settings.BASE_DIR / "catalogue" / "data" / "hsds-3.0" / "openapi.json"


class ListQuery(serializers.Serializer):
    """The reference's query parameters of the lists (unknown parameters are ignored, as in the reference)."""

    search = serializers.CharField(required=False, max_length=200, allow_blank=True)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    per_page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PER_PAGE, default=50)
    format = serializers.ChoiceField(required=False, choices=["json", "ndjson"], default="json")
    taxonomy_term_id = serializers.CharField(required=False, max_length=64)
    taxonomy_id = serializers.CharField(required=False, max_length=64)
    organization_id = serializers.CharField(required=False, max_length=64)
    modified_after = serializers.DateTimeField(required=False)
    full = serializers.BooleanField(required=False, default=False)
    full_service = serializers.BooleanField(required=False, default=False)
    minimal = serializers.BooleanField(required=False, default=False)
    postcode = serializers.RegexField(r"^\s*\d{3}\s?\d{2}\s*$", required=False)
    proximity = serializers.CharField(required=False)
    top_only = serializers.BooleanField(required=False, default=False)
    parent_id = serializers.CharField(required=False, max_length=64)

    def validate_taxonomy_term_id(self, value):
        term = hsds.term_of(key_of("taxonomy_term", value) or 0)
        if term is None:
            raise serializers.ValidationError(_("Not the id of a taxonomy term of this catalogue."))
        return term

    def validate_taxonomy_id(self, value):
        taxonomy = hsds.TAXONOMY_BY_NUMBER.get(key_of("taxonomy", value) or 0)
        if taxonomy is None:
            raise serializers.ValidationError(_("Not the id of a taxonomy of this catalogue."))
        return taxonomy

    def validate_organization_id(self, value):
        key = key_of("organization", value)
        if key is None:
            raise serializers.ValidationError(_("Not the id of an organisation of this catalogue."))
        return key

    def validate_postcode(self, value):
        return "".join(value.split())

    def validate_proximity(self, value):
        raise serializers.ValidationError(
            _("A search by distance is not offered: search by postcode, or by obec and ORP in the catalogue.")
        )


class HsdsView(APIView):
    """An answer of the public HSDS API: anyone, JSON only, conditional on the catalogue's state."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (PublicRateThrottle,)
    renderer_classes = (JSONRenderer,)
    schema = None  # not in the staff API's OpenAPI: this API follows the reference's (/hsds/openapi.json)
    # Which of the reference's list parameters this endpoint reads (others are ignored).
    parameters: tuple[str, ...] = ()

    def perform_content_negotiation(self, request, force=False):
        """Always JSON: the reference's ``format`` parameter (json or ndjson) is the list's, not DRF's choice of a
        renderer."""
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        translation.activate(settings.LANGUAGE_CODE)  # the data's language; errors follow the request's (below)

    def get(self, request, *args, **kwargs):
        self.etag = quote_etag(f"hsds-{catalogue_state().etag}")
        response = get_conditional_response(request, etag=self.etag) or caching.kept(self.etag, request)
        if response is None:
            response = self.answer(request, *args, **kwargs)
            self.fresh = True
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        etag = getattr(self, "etag", None)
        if etag is not None and response.status_code in (200, 304):
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=settings.CATALOGUE_MAX_AGE)
            if getattr(self, "fresh", False) and hasattr(response, "render"):
                caching.keep(etag, request, response.render())
        return response

    def answer(self, request, *args, **kwargs):
        raise NotImplementedError

    def query(self, request) -> dict:
        """The list's parameters, validated; a JSON 400 with the field's error in the client's language."""
        asked = {name: request.query_params[name] for name in self.parameters if name in request.query_params}
        with translation.override(translation.get_language_from_request(request)):
            checked = ListQuery(data=asked)
            if not checked.is_valid():
                raise serializers.ValidationError(
                    {field: [str(error) for error in errors] for field, errors in checked.errors.items()}
                )
        return checked.validated_data

    def handle_exception(self, exc):
        with translation.override(translation.get_language_from_request(self.request)):
            response = super().handle_exception(exc)
            if isinstance(response.data, dict) and "detail" in response.data:
                response.data["detail"] = str(response.data["detail"])
            return response

    def listing(self, query: dict, rows, record):
        """A page of the rows in the reference's envelope, or with format=ndjson all of them as lines."""
        return self.stream(rows, record) if query["format"] == "ndjson" else self.page(query, rows, record)

    def page(self, query: dict, rows, record) -> Response:
        """The reference's paginated envelope of one page of ``rows`` (a queryset, or a list). The count of a list is
        kept for the catalogue's state and the list's parameters, so its other pages do not count it again."""
        if isinstance(rows, list):
            total = len(rows)
        else:
            asked = sorted((name, value) for name, value in self.request.query_params.items() if name != "page")
            total = caching.for_state(f"count:{self.etag}:{self.request.path}:{asked}", rows.count)
        size, number = query["per_page"], query["page"]
        chosen = rows[(number - 1) * size : number * size]
        contents = [record(row) for row in chosen]
        pages = math.ceil(total / size)
        return Response(
            {
                "total_items": total,
                "total_pages": pages,
                "page_number": number,
                "size": len(contents),
                "first_page": number == 1,
                "last_page": number >= pages,
                "empty": total == 0,
                "contents": contents,
            }
        )

    @staticmethod
    def stream(rows, record) -> StreamingHttpResponse:
        """format=ndjson: every result, one JSON object a line, without pages."""
        rows = rows if isinstance(rows, list) else rows.iterator(chunk_size=500)
        lines = (json.dumps(record(row), ensure_ascii=False) + "\n" for row in rows)
        return StreamingHttpResponse(lines, content_type="application/x-ndjson; charset=utf-8")


# The reference's parameters of the lists of services and of services at locations alike.
SERVICE_FILTERS = (
    "search",
    "page",
    "per_page",
    "format",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "modified_after",
)


def filtered_services(query: dict, services=None):
    """The public services the list's parameters choose."""
    services = hsds.services_query() if services is None else services
    if query.get("search"):
        services = matching(services, query["search"])
    if "organization_id" in query:
        services = services.filter(organization_id=query["organization_id"])
    if "modified_after" in query:
        services = services.filter(updated_at__gte=query["modified_after"])
    if "taxonomy_term_id" in query:
        services = with_term(services, *query["taxonomy_term_id"])
    if "taxonomy_id" in query:
        services = with_taxonomy(services, query["taxonomy_id"])
    if "postcode" in query:
        services = services.filter(organization__postcode=query["postcode"], organization__municipality__isnull=False)
    return services


def _having(relation, **lookups) -> Exists:
    """A service with a row of this many-to-many relation (of these values)."""
    return Exists(relation.through.objects.filter(service_id=OuterRef("pk"), **lookups))


def with_term(services, taxonomy: hsds.Taxonomy, pk: int):
    """The services the term describes (a life situation: the services that help with it)."""
    if taxonomy.model is hsds.ServiceKind:
        return services.filter(kind_id=pk)
    if taxonomy.model is hsds.TargetGroup:
        return services.filter(_having(Service.target_groups, targetgroup_id=pk))
    if taxonomy.model is hsds.ServiceForm:
        return services.filter(_having(Service.forms, serviceform_id=pk))
    situation = life_situations().filter(pk=pk).first()
    return helping_with(services, situation) if situation else services.none()


def with_taxonomy(services, taxonomy: hsds.Taxonomy):
    if taxonomy.model is hsds.ServiceKind:
        return services  # every service has its kind
    if taxonomy.model is hsds.TargetGroup:
        return services.filter(_having(Service.target_groups))
    if taxonomy.model is hsds.ServiceForm:
        return services.filter(_having(Service.forms))
    return services.filter(helping_q(list(life_situations())))


def one(rows, kind: str, value: str):
    """The row an id of this kind names, or a 404."""
    key = key_of(kind, value)
    found = rows.filter(pk=key).first() if key else None
    if found is None:
        raise NotFound()
    return found


class Root(HsdsView):
    def answer(self, request):
        return Response(
            {
                "version": hsds.VERSION,
                "profile": hsds.PROFILE,
                "openapi_url": request.build_absolute_uri("/hsds/openapi.json"),
            }
        )


class OpenApi(HsdsView):
    """The reference OpenAPI this API follows, as published."""

    def answer(self, request):
        return Response(json.loads(OPENAPI.read_text(encoding="utf-8")))


class Services(HsdsView):
    parameters = (*SERVICE_FILTERS, "minimal", "full")

    def answer(self, request):
        query = self.query(request)
        services = filtered_services(query)
        if query["minimal"]:
            return Response(
                [
                    {"id": stable_id("service", pk), "last_modified": at.isoformat()}
                    for pk, at in services.values_list("pk", "updated_at")
                ]
            )
        if query["full"]:
            catalogue = hsds.Catalogue()

            def record(service):
                return hsds.service_full(service, catalogue)

        else:
            record = hsds.service_brief
        return self.listing(query, services, record)


class ServiceDetail(HsdsView):
    def answer(self, request, pk):
        return Response(hsds.service_full(one(hsds.services_query(), "service", pk), hsds.Catalogue()))


class Organizations(HsdsView):
    parameters = ("search", "page", "per_page", "format", "full", "full_service")

    def answer(self, request):
        query = self.query(request)
        organizations = hsds.organizations_query(with_services=query["full"] or query["full_service"])
        for word in normalize(query.get("search", "")).split():
            organizations = organizations.filter(search_name__contains=word)
        if query["full"] or query["full_service"]:
            record = hsds.OrganizationRecords(full_service=query["full_service"]).record
        else:
            record = hsds.organization_brief
        return self.listing(query, organizations, record)


class OrganizationDetail(HsdsView):
    parameters = ("full_service",)

    def answer(self, request, pk):
        query = self.query(request)
        organization = one(hsds.organizations_query(with_services=True), "organization", pk)
        return Response(hsds.OrganizationRecords(full_service=query["full_service"]).record(organization))


class ServiceAtLocations(HsdsView):
    parameters = (*SERVICE_FILTERS, "full", "postcode", "proximity")

    def answer(self, request):
        query = self.query(request)
        services = filtered_services(query, hsds.services_query().filter(organization__municipality__isnull=False))
        catalogue = hsds.Catalogue() if query["full"] else None

        def record(service):
            return hsds.service_at_location_record(service, catalogue)

        return self.listing(query, services, record)


class ServiceAtLocationDetail(HsdsView):
    def answer(self, request, pk):
        services = hsds.services_query().filter(organization__municipality__isnull=False)
        return Response(hsds.service_at_location_record(one(services, "service_at_location", pk), hsds.Catalogue()))


class Taxonomies(HsdsView):
    parameters = ("search", "page", "per_page", "format")

    def answer(self, request):
        query = self.query(request)
        words = normalize(query.get("search", "")).split()
        records = [hsds.taxonomy_record(taxonomy) for taxonomy in hsds.TAXONOMIES]
        records = [record for record in records if all(word in normalize(record["name"]) for word in words)]
        return self.listing(query, records, lambda record: record)


class TaxonomyDetail(HsdsView):
    def answer(self, request, pk):
        taxonomy = hsds.TAXONOMY_BY_NUMBER.get(key_of("taxonomy", pk) or 0)
        if taxonomy is None:
            raise NotFound()
        return Response(hsds.taxonomy_record(taxonomy))


class TaxonomyTerms(HsdsView):
    parameters = ("search", "page", "per_page", "format", "taxonomy_id", "top_only", "parent_id")

    def answer(self, request):
        query = self.query(request)
        # The taxonomies are flat: every term is a top term, and none has a parent.
        records = [] if "parent_id" in query else hsds.terms(query.get("taxonomy_id"))
        words = normalize(query.get("search", "")).split()
        records = [
            record
            for record in records
            if all(word in normalize(f"{record['name']} {record.get('code', '')}") for word in words)
        ]
        return self.listing(query, records, lambda record: record)


class TaxonomyTermDetail(HsdsView):
    def answer(self, request, pk):
        term = hsds.term_of(key_of("taxonomy_term", pk) or 0)
        record = hsds.term(*term) if term else None
        if record is None:
            raise NotFound()
        return Response(record)


@require_safe
def export_file(request, name: str = "datapackage.json"):
    """A file of the last nightly export (catalogue.tasks): its datapackage.json, or one of the CSV files it lists."""
    return served_file(request, settings.HSDS_EXPORT_DIR, name, export_files())


def export_files() -> set[str]:
    return {"datapackage.json"} | {table(name).path for name in TABLES}
