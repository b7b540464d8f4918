"""The public catalogue as Open Referral HSDS 3.0 objects (the API at /hsds/ and the export).

Only what restrict(user, PUBLIC) gives (catalogue.public), and of it only what a family may read: a service's own
phone, e-mail and web, its provider's name, IČO, address (unless hidden) and web; never a contact person. Ids are stable
(catalogue.ids). Taxonomies: the service kinds (zákon 108/2006 Sb. and others), the target groups, the forms of a
service and the life situations; the ORP a service serves are its service areas; the IČO is the provider's identifier.
Empty values are left out rather than sent as null (the schemas type most fields as strings).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation

from catalogue.ids import derived_id, stable_id
from catalogue.models import LifeSituation
from catalogue.public import life_situations, public_organizations, public_services
from organizations.models import Organization, Service, ServiceForm, ServiceKind, TargetGroup
from territory.models import District

VERSION = "3.0"
PROFILE = "https://docs.openreferral.org/en/v3.0/hsds/overview.html"
COUNTRY = "CZ"
# org-id.guide's list for Czech companies' identification numbers.
ICO_SCHEME = "CZ-ICO"


@dataclass(frozen=True)
class Taxonomy:
    number: int
    code: str
    name: str
    name_en: str
    description: str
    model: type | None


TAXONOMIES = (
    Taxonomy(
        1,
        "service-kinds",
        "Druhy služeb",
        "Kinds of service",
        "Social services under zákon 108/2006 Sb. (with their §) and the other services around a family.",
        ServiceKind,
    ),
    Taxonomy(2, "target-groups", "Cílové skupiny", "Target groups", "Whom a service is for.", TargetGroup),
    Taxonomy(
        3, "service-forms", "Formy služby", "Forms of service", "Outpatient, outreach or residential.", ServiceForm
    ),
    Taxonomy(
        4,
        "life-situations",
        "Životní situace",
        "Life situations",
        "What a family needs help with, in plain words (kept by the national methodologist).",
        LifeSituation,
    ),
)
TAXONOMY_BY_NUMBER = {taxonomy.number: taxonomy for taxonomy in TAXONOMIES}


def _clean(record: dict) -> dict:
    """The record without its empty values."""
    return {key: value for key, value in record.items() if value not in (None, "", [])}


# ---------------------------------------------------------------------------------------------- taxonomies --


def taxonomy_record(taxonomy: Taxonomy) -> dict:
    name = taxonomy.name_en if translation.get_language() == "en" else taxonomy.name
    return {
        "id": stable_id("taxonomy", taxonomy.number),
        "name": name,
        "description": taxonomy.description,
        "version": "1",
    }


def term_key(taxonomy: Taxonomy, pk: int) -> int:
    """The key a term's id carries: its taxonomy and its row."""
    return (taxonomy.number << 32) | pk


def term_of(key: int) -> tuple[Taxonomy, int] | None:
    taxonomy = TAXONOMY_BY_NUMBER.get(key >> 32)
    return (taxonomy, key & 0xFFFFFFFF) if taxonomy else None


def term_record(taxonomy: Taxonomy, row) -> dict:
    code = getattr(row, "paragraph", "") and f"§ {row.paragraph}"
    description = getattr(row, "text", "") if isinstance(row, LifeSituation) else ""
    return _clean(
        {
            "id": stable_id("taxonomy_term", term_key(taxonomy, row.pk)),
            "code": code or row.code,
            "name": str(row),
            "description": description or str(row),
            "taxonomy": taxonomy.code,
            "taxonomy_id": stable_id("taxonomy", taxonomy.number),
            "language": translation.get_language() or "cs",
        }
    )


def _rows(taxonomy: Taxonomy):
    """The rows a taxonomy's terms are made of (the life situations: those of the public catalogue)."""
    return life_situations() if taxonomy.model is LifeSituation else taxonomy.model.objects.all()


def term(taxonomy: Taxonomy, pk: int) -> dict | None:
    """The term of this taxonomy and row, or None."""
    row = _rows(taxonomy).filter(pk=pk).first()
    return term_record(taxonomy, row) if row else None


def terms(taxonomy: Taxonomy | None = None) -> list[dict]:
    """Every term of one taxonomy, or of all."""
    chosen = [taxonomy] if taxonomy else TAXONOMIES
    records = []
    for each in chosen:
        records += [term_record(each, row) for row in _rows(each)]
    return records


# ---------------------------------------------------------------------------------------------- the records --


class Catalogue:
    """The codelists and life situations read once for the many services of one answer."""

    def __init__(self, situations: list | None = None):
        self.situations = list(life_situations()) if situations is None else situations
        self.kind_taxonomy, self.group_taxonomy, self.form_taxonomy, self.situation_taxonomy = TAXONOMIES

    def situations_of(self, service: Service) -> list[LifeSituation]:
        groups = {group.pk for group in service.target_groups.all()}
        return [
            situation
            for situation in self.situations
            if service.kind_id in {kind.pk for kind in situation.kinds.all()}
            or groups & {group.pk for group in situation.target_groups.all()}
        ]

    def attributes(self, service: Service) -> list[dict]:
        service_id = stable_id("service", service.pk)
        pairs = [(self.kind_taxonomy, service.kind)]
        pairs += [(self.group_taxonomy, group) for group in service.target_groups.all()]
        pairs += [(self.form_taxonomy, form) for form in service.forms.all()]
        pairs += [(self.situation_taxonomy, situation) for situation in self.situations_of(service)]
        records = []
        for taxonomy, row in pairs:
            term = term_record(taxonomy, row)
            records.append(
                {
                    "id": derived_id("attribute", service.pk, term["id"]),
                    "link_id": service_id,
                    "link_type": taxonomy.code,
                    "link_entity": "service",
                    "taxonomy_term_id": term["id"],
                    "taxonomy_term": term,
                }
            )
        return records


def services_query(user=None):
    """Public services with what their records read, in a stable order (by id: pages do not shift as names change)."""
    return (
        public_services(user)
        .select_related("kind", "district")
        .prefetch_related(
            # The providers of the page's rows alone: joined, the whole country's would be read for a page.
            Prefetch(
                "organization", queryset=Organization.objects.select_related("municipality", "region", "district")
            ),
            "target_groups",
            "forms",
            Prefetch("served_districts", queryset=District.objects.only("pk", "name")),
        )
        .order_by("pk")
    )


def organization_brief(organization: Organization) -> dict:
    """An organisation's one-to-one fields (the list's shape)."""
    return {
        "id": stable_id("organization", organization.pk),
        "name": organization.name,
        "description": description(organization),
        **_clean({"website": organization.web, "email": organization.email}),
    }


def description(organization: Organization) -> str:
    """The provider's own description; without one (it is required), what it is and where: "nestátní nezisková
    organizace, Pelhřimov"."""
    if organization.description.strip():
        return organization.description
    place = organization.municipality.name if organization.municipality else organization.district.name
    return f"{organization.get_kind_display()}, {place}"


def identifiers(organization: Organization) -> list[dict]:
    if not organization.ico:
        return []
    return [
        {
            "id": derived_id("organization_identifier", organization.pk),
            "organization_id": stable_id("organization", organization.pk),
            "identifier_scheme": ICO_SCHEME,
            "identifier_type": "IČO",
            "identifier": organization.ico,
        }
    ]


def location(organization: Organization) -> dict | None:
    """The provider's address as a physical location; None when the address is hidden (a shelter, an intervention
    centre: the registry does not publish it)."""
    municipality = organization.municipality
    if municipality is None:
        return None
    location_id = stable_id("location", organization.pk)
    record = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": stable_id("organization", organization.pk),
        "name": organization.name,
        "addresses": [
            {
                "id": derived_id("address", organization.pk),
                "location_id": location_id,
                "address_1": organization.street or municipality.name,
                "city": municipality.name,
                "state_province": organization.region.name,
                # Required by the schema: an address without a postcode is published with an empty one.
                "postal_code": organization.postcode,
                "country": COUNTRY,
                "address_type": "physical",
            }
        ],
    }
    if organization.latitude is not None:
        record["latitude"] = float(organization.latitude)
        record["longitude"] = float(organization.longitude)
    return record


def areas(service: Service) -> list[District]:
    return list(service.served_districts.all()) or [service.district]


def service_brief(service: Service) -> dict:
    """The one-to-one fields of a service (the list's shape), with its provider."""
    organization = service.organization
    return _clean(
        {
            "id": stable_id("service", service.pk),
            "organization_id": stable_id("organization", organization.pk),
            "name": service.name,
            "description": service.description,
            "url": service.web,
            "email": service.email,
            "status": "active",
            "minimum_age": service.age_from,
            "maximum_age": service.age_to,
            "assured_date": organization.verified_at.date().isoformat() if organization.verified_at else "",
            "last_modified": service.updated_at.isoformat(),
            "organization": organization_brief(organization),
        }
    )


def service_at_location(service: Service, place: dict, *, nested_service: bool = False) -> dict:
    record = {
        "id": stable_id("service_at_location", service.pk),
        "service_id": stable_id("service", service.pk),
        "location_id": place["id"],
        "location": place,
    }
    if nested_service:
        record["service"] = service_brief(service)
    return record


def service_full(service: Service, catalogue: Catalogue) -> dict:
    """A service with everything public about it nested."""
    record = service_brief(service)
    service_id = record["id"]
    organization = service.organization
    record["organization"] = {**record["organization"], "organization_identifiers": identifiers(organization)}
    if service.phone:
        record["phones"] = [
            {"id": derived_id("phone", "service", service.pk), "service_id": service_id, "number": service.phone}
        ]
    record["service_areas"] = [
        {
            "id": derived_id("service_area", service.pk, district.pk),
            "service_id": service_id,
            "name": district.name,
            "description": "ORP",
            "extent_type": "text",
            "extent": district.name,
        }
        for district in areas(service)
    ]
    place = location(organization)
    if place is not None:
        record["service_at_locations"] = [service_at_location(service, place)]
    record["attributes"] = catalogue.attributes(service)
    record["languages"] = [
        {"id": derived_id("language", service.pk), "service_id": service_id, "name": "čeština", "code": "cs"}
    ]
    return record


def organization_full(organization: Organization, services: Iterable[Service], catalogue: "Catalogue | None") -> dict:
    """An organisation with its identifier, phone, place and public services (each in full with a catalogue)."""
    record = organization_brief(organization)
    record["organization_identifiers"] = identifiers(organization)
    if organization.phone:
        record["phones"] = [
            {
                "id": derived_id("phone", "organization", organization.pk),
                "organization_id": record["id"],
                "number": organization.phone,
            }
        ]
    place = location(organization)
    if place is not None:
        record["locations"] = [place]
    record["services"] = [
        service_full(service, catalogue) if catalogue else service_brief(service) for service in services
    ]
    return record


class OrganizationRecords:
    """Organisations in full, their services brief or (full_service) in full."""

    def __init__(self, *, full_service: bool):
        self.catalogue = Catalogue() if full_service else None

    def record(self, organization: Organization) -> dict:
        return organization_full(organization, organization.public_services, self.catalogue)


def organizations_query(user=None, *, with_services: bool = False):
    """Public organisations in a stable order, with their public services as ``public_services`` if asked."""
    organizations = public_organizations(user).select_related("municipality", "region", "district").order_by("pk")
    if with_services:
        services = Prefetch("services", queryset=services_query(user), to_attr="public_services")
        organizations = organizations.prefetch_related(services)
    return organizations


def service_at_location_record(service: Service, catalogue: Catalogue | None = None) -> dict:
    """The service at its provider's address (public services whose address is not hidden), with the service's
    one-to-one fields; with a catalogue also its taxonomy terms."""
    record = service_at_location(service, location(service.organization), nested_service=True)
    if catalogue is not None:
        record["attributes"] = catalogue.attributes(service)
    return record
