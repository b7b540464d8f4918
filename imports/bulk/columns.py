"""The columns of a bulk-import file per entity: the headers they are known by and how a cell becomes a value.

A column is known by its field's label in Czech and in English (the directory export writes the labels of the active
language, so an exported file goes back in), by the field's own name, and by a few aliases. Codelist values are taken
by their code or their Czech or English name, territory by its ČSÚ code or its name.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, LegalBasis
from core.views import MAX_ID, label_of
from imports import cells
from imports.cells import CellError, text
from organizations.models import (
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Service,
    ServiceForm,
    ServiceKind,
    ServiceStatus,
    TargetGroup,
)
from organizations.search import normalize
from territory.models import District, Municipality

LANGUAGES = ("cs", "en")
# Several values in one cell (forms, target groups, districts served): the export joins them with "; ".
LIST_SEPARATORS = re.compile(r"[;,\n|]")
# A Czech birth number (rodné číslo): never kept with a contact.
BIRTH_NUMBER = re.compile(r"\d{6}\s*/?\s*\d{3,4}")
DISTRICT_LABEL = _("District (ORP)")


class Lookups:
    """Codelists and territory, read once per import and matched by code or name without diacritics and case."""

    def __init__(self):
        self.district_index = _index(District.objects.all(), lambda d: (d.code, d.name, f"ORP {d.name}"))
        self.service_kinds = _index(
            ServiceKind.objects.all(),
            lambda k: (
                k.code,
                k.name,
                k.name_en,
                *_both_languages(str, k),
                *((k.paragraph, f"§ {k.paragraph}", f"§{k.paragraph}") if k.paragraph else ()),
            ),
        )
        self.target_groups = _index(TargetGroup.objects.all(), lambda g: (g.code, g.name, g.name_en, g.registry_name))
        self.service_forms = _index(ServiceForm.objects.all(), lambda f: (f.code, f.name, f.name_en, f.registry_code))
        self._municipalities: dict[str, list[Municipality]] | None = None
        self._municipality_codes: dict[str, Municipality] = {}

    def district(self, raw: Any) -> District | None:
        value = text(raw)
        if not value:
            return None
        message = _("Unknown ORP “%(value)s”: give its name or its ČSÚ code, e.g. 6110.")
        return _one(self.district_index, value, message)

    def districts(self, raw: Any) -> list[District]:
        return [self.district(part) for part in _parts(raw)]

    def service_kind(self, raw: Any) -> ServiceKind | None:
        value = text(raw)
        return (
            _one(
                self.service_kinds,
                value,
                _("Unknown kind of service “%(value)s”: give its code, its name or its section of the Act, e.g. 65."),
            )
            if value
            else None
        )

    def target_group_list(self, raw: Any) -> list[TargetGroup]:
        message = _("Unknown target group “%(value)s”: give its code or its name, e.g. families_children.")
        return [_one(self.target_groups, part, message) for part in _parts(raw)]

    def form_list(self, raw: Any) -> list[ServiceForm]:
        message = _("Unknown form of service “%(value)s”: give ambulatory, field or residential.")
        return [_one(self.service_forms, part, message) for part in _parts(raw)]

    def municipality(self, value: str, district: District | None) -> Municipality | None:
        """The obec of the address by its code, or by its name (within the row's ORP when a name is not unique)."""
        if not value:
            return None
        if re.fullmatch(r"\d{6}", value):
            if value not in self._municipality_codes:
                found = Municipality.objects.filter(code=value).select_related("district").first()
                if found is None:
                    raise CellError(_("No obec has the code %(value)s.") % {"value": value})
                self._municipality_codes[value] = found
            return self._municipality_codes[value]
        if self._municipalities is None:
            self._municipalities = defaultdict(list)
            for municipality in Municipality.objects.select_related("district"):
                self._municipalities[normalize(municipality.name)].append(municipality)
        candidates = self._municipalities.get(normalize(value), [])
        if district is not None:
            candidates = [m for m in candidates if m.district_id == district.pk] or candidates
        if not candidates:
            raise CellError(_("Unknown obec “%(value)s”: give its name or its six-digit code.") % {"value": value})
        if len(candidates) > 1:
            raise CellError(
                _("There are several obce named “%(value)s”: give the ORP too, or the obec's six-digit code.")
                % {"value": value}
            )
        return candidates[0]


def _both_languages(function: Callable, *args) -> list[str]:
    values = []
    for language in LANGUAGES:
        with translation.override(language):
            values.append(str(function(*args)))
    return values


def _index(rows, keys: Callable) -> dict[str, list]:
    index: dict[str, list] = defaultdict(list)
    for row in rows:
        for key in keys(row):
            if key and row not in index[normalize(key)]:
                index[normalize(key)].append(row)
    return index


def _one(index: dict[str, list], value: str, message):
    found = index.get(normalize(value), [])
    if len(found) != 1:
        raise CellError(message % {"value": value})
    return found[0]


def _parts(raw: Any) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(text(raw)) if part.strip()]


# ------------------------------------------------------------------------------------------------ cell parsers --


def parse_text(raw: Any, lookups: Lookups) -> str:
    return text(raw)


def parse_optional_text(raw: Any, lookups: Lookups) -> str | None:
    return text(raw) or None


def parse_id(raw: Any, lookups: Lookups) -> int | None:
    value = text(raw)
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_ID:
        raise CellError(_("An id is a whole number, e.g. 125."))
    return int(value)


def parse_ico(raw: Any, lookups: Lookups) -> str | None:
    return cells.ico(raw)


def parse_web(raw: Any, lookups: Lookups) -> str:
    return cells.web(raw)


def parse_int(raw: Any, lookups: Lookups) -> int | None:
    value = text(raw).replace(" ", "").replace("\u00a0", "")
    if not value:
        return None
    if not re.fullmatch(r"-?\d{1,9}", value):
        raise CellError(_("Enter a whole number."))
    return int(value)


def parse_decimal(raw: Any, lookups: Lookups) -> Decimal | None:
    """A number with a decimal point or comma; more than six decimals (a spreadsheet's float) rounded to six."""
    value = str(raw) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else text(raw)
    value = value.replace(" ", "").replace(",", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
        if not number.is_finite():
            raise InvalidOperation
        return number.quantize(Decimal("0.000001")) if number.as_tuple().exponent < -6 else number
    except InvalidOperation:
        raise CellError(_("Enter a number, e.g. 49.39.")) from None


def parse_date(raw: Any, lookups: Lookups) -> datetime.date | None:
    return cells.date(raw)


TRUE_WORDS = {"ano", "a", "yes", "y", "true", "pravda", "1", "x"}
FALSE_WORDS = {"ne", "n", "no", "false", "nepravda", "0", ""}


def parse_bool(raw: Any, lookups: Lookups) -> bool:
    value = normalize(text(raw))
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise CellError(_("Enter yes or no (ano / ne)."))


def choice_parser(choices: type[models.TextChoices]) -> Callable[[Any, Lookups], str]:
    """A TextChoices value by its code or its Czech or English label; an empty cell is ""."""
    index = {}

    def parse(raw: Any, lookups: Lookups) -> str:
        if not index:
            for value, label in choices.choices:
                index[normalize(value)] = value
                for translated in _both_languages(str, label):
                    index[normalize(translated)] = value
        value = text(raw)
        if not value:
            return ""
        try:
            return index[normalize(value)]
        except KeyError:
            raise CellError(
                _("Unknown value “%(value)s”: use one of %(choices)s.")
                % {"value": value, "choices": ", ".join(str(label) for label in choices.labels)}
            ) from None

    return parse


def parse_district(raw: Any, lookups: Lookups) -> District | None:
    return lookups.district(raw)


def parse_districts(raw: Any, lookups: Lookups) -> list[District]:
    return lookups.districts(raw)


def parse_service_kind(raw: Any, lookups: Lookups) -> ServiceKind | None:
    return lookups.service_kind(raw)


def parse_forms(raw: Any, lookups: Lookups) -> list[ServiceForm]:
    return lookups.form_list(raw)


def parse_target_groups(raw: Any, lookups: Lookups) -> list[TargetGroup]:
    return lookups.target_group_list(raw)


def parse_person_text(raw: Any, lookups: Lookups) -> str:
    value = text(raw)
    if BIRTH_NUMBER.search(value):
        raise CellError(_("Do not enter birth numbers: a contact keeps only a work contact of an adult."))
    return value


def ignored(raw: Any, lookups: Lookups) -> None:
    return None


# ------------------------------------------------------------------------------------------------- the columns --


@dataclass(frozen=True)
class Column:
    """One column of an import file: the field it fills (or a pseudo-field such as ``organization_ico``)."""

    name: str
    label: Any
    parse: Callable[[Any, Lookups], Any] = parse_text
    aliases: tuple[str, ...] = ()
    required: bool = False
    # A column of the directory export the import does not read (kraj, verified at, the list of services).
    ignored: bool = False

    def headers(self) -> set[str]:
        """Every header this column is known by, normalised (no diacritics, case or extra spaces)."""
        names = {self.name, self.name.replace("_", " "), *self.aliases, *_both_languages(str, self.label)}
        return {header_key(name) for name in names}


def header_key(header: Any) -> str:
    """A header as it is compared: without diacritics, case, surrounding spaces, a trailing * or :."""
    return normalize(text(header)).rstrip("*: ").strip()


ID = Column("id", _("Síťař id"), parse_id, aliases=("sitar id", "id v sitari"))
ORGANIZATION_ID = Column(
    "organization_id", _("Organisation id"), parse_id, aliases=("organisation id", "id organizace", "organizace id")
)
# In a file of services or contacts a bare "IČO" can only be the organisation's.
ORGANIZATION_ICO = Column(
    "organization_ico",
    _("Organisation IČO"),
    parse_ico,
    aliases=("ico organizace", "organization ico", "organisation ico", "ico"),
)

ORGANIZATION_COLUMNS = [
    ID,
    Column("name", label_of(Organization, "name"), required=True, aliases=("nazev organizace",)),
    Column("kind", label_of(Organization, "kind"), choice_parser(OrganizationKind), required=True),
    Column("ico", label_of(Organization, "ico"), parse_ico),
    Column("street", label_of(Organization, "street"), aliases=("ulice", "street")),
    Column("postcode", label_of(Organization, "postcode"), aliases=("psc",)),
    Column("municipality", label_of(Organization, "municipality"), aliases=("kod obce", "municipality code")),
    Column("district", DISTRICT_LABEL, parse_district, aliases=("orp", "district code", "kod orp")),
    Column("region", label_of(Organization, "region"), ignored, aliases=("kraj",), ignored=True),
    Column("latitude", label_of(Organization, "latitude"), parse_decimal, aliases=("lat",)),
    Column("longitude", label_of(Organization, "longitude"), parse_decimal, aliases=("lon", "lng")),
    Column("web", label_of(Organization, "web"), parse_web),
    Column("email", label_of(Organization, "email"), aliases=("email",)),
    Column("phone", label_of(Organization, "phone")),
    Column("description", label_of(Organization, "description")),
    Column("served_districts", label_of(Organization, "served_districts"), parse_districts),
    Column("status", label_of(Organization, "status"), choice_parser(OrganizationStatus)),
    Column("verified_at", label_of(Organization, "verified_at"), ignored, ignored=True),
    Column("services", capfirst(Service._meta.verbose_name_plural), ignored, ignored=True),
]

SERVICE_COLUMNS = [
    ID,
    ORGANIZATION_ID,
    ORGANIZATION_ICO,
    Column("name", label_of(Service, "name"), required=True, aliases=("nazev sluzby",)),
    Column("kind", label_of(Service, "kind"), parse_service_kind, required=True, aliases=("druh sluzby",)),
    Column("forms", label_of(Service, "forms"), parse_forms, aliases=("forma",)),
    Column("target_groups", label_of(Service, "target_groups"), parse_target_groups, aliases=("cilova skupina",)),
    Column("age_from", label_of(Service, "age_from"), parse_int),
    Column("age_to", label_of(Service, "age_to"), parse_int),
    Column("capacity", label_of(Service, "capacity"), parse_int),
    Column("capacity_note", label_of(Service, "capacity_note")),
    Column("served_districts", label_of(Service, "served_districts"), parse_districts),
    Column(
        "registry_id",
        label_of(Service, "registry_id"),
        parse_optional_text,
        aliases=("identifikator sluzby", "registry id"),
    ),
    Column("description", label_of(Service, "description")),
    Column("status", label_of(Service, "status"), choice_parser(ServiceStatus)),
    Column("active_from", label_of(Service, "active_from"), parse_date),
    Column("active_until", label_of(Service, "active_until"), parse_date),
]

CONTACT_COLUMNS = [
    ID,
    ORGANIZATION_ID,
    ORGANIZATION_ICO,
    Column("name", label_of(Contact, "name"), parse_person_text, required=True, aliases=("jmeno", "jmeno a prijmeni")),
    Column("position", label_of(Contact, "position"), parse_person_text, aliases=("funkce", "pozice")),
    Column("email", label_of(Contact, "email"), aliases=("email",)),
    Column("phone", label_of(Contact, "phone")),
    Column(
        "legal_basis",
        label_of(Contact, "legal_basis"),
        choice_parser(LegalBasis),
        required=True,
        aliases=("pravni zaklad",),
    ),
    Column("consent_on", label_of(Contact, "consent_on"), parse_date),
    Column(
        "shareable_with_ospod",
        label_of(Contact, "shareable_with_ospod"),
        parse_bool,
        aliases=("pro ospod", "shareable with ospod"),
    ),
]

COLUMNS: dict[str, list[Column]] = {
    "organization": ORGANIZATION_COLUMNS,
    "service": SERVICE_COLUMNS,
    "contact": CONTACT_COLUMNS,
}
# Columns of which a file needs at least one (the organisation of a service or contact).
REQUIRED_ANY: dict[str, tuple[str, ...]] = {
    "organization": (),
    "service": ("organization_id", "organization_ico"),
    "contact": ("organization_id", "organization_ico"),
}
