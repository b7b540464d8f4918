"""What a registry import did: outcomes of organisations and services, the items left out and why."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext, gettext_lazy

OUTCOMES = ("created", "updated", "unchanged", "ended", "rejected")
ENTITY_LABELS = {"organization": gettext_lazy("organisation"), "service": gettext_lazy("service")}


@dataclass
class Rejection:
    """One item (or its provider) left out, with the reason."""

    item: str
    entity: str  # "organization" or "service"
    reason: str


@dataclass
class ImportReport:
    """What an import did: outcomes of organisations (counted once per IČO) and services, and the rejected items."""

    items: int = 0
    organizations: Counter = field(default_factory=Counter)
    services: Counter = field(default_factory=Counter)
    rejected: list[Rejection] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "items": self.items,
            "organizations": {outcome: self.organizations[outcome] for outcome in OUTCOMES},
            "services": {outcome: self.services[outcome] for outcome in OUTCOMES},
            "rejected": [vars(rejection) for rejection in self.rejected],
        }

    def as_text(self) -> str:
        lines = [gettext("Registry items read: %(count)d") % {"count": self.items}]
        for label, counts in ((gettext("Organisations"), self.organizations), (gettext("Services"), self.services)):
            lines.append(
                gettext(
                    "%(label)s: created %(created)d, updated %(updated)d, unchanged %(unchanged)d, "
                    "ended %(ended)d, rejected %(rejected)d"
                )
                % {"label": label, **{outcome: counts[outcome] for outcome in OUTCOMES}}
            )
        for rejection in self.rejected:
            lines.append(
                gettext("Rejected item %(item)s (%(entity)s): %(reason)s")
                % {**vars(rejection), "entity": ENTITY_LABELS.get(rejection.entity, rejection.entity)}
            )
        return "\n".join(lines)


class RegistryFileError(Exception):
    """The registry file could not be read to its end; the items before the break are imported (`report`)."""

    def __init__(self, error: Exception, report: ImportReport):
        self.report = report
        if isinstance(error, OSError):
            message = gettext("The registry file cannot be opened: %(error)s") % {"error": error.strerror or error}
        else:
            message = gettext("The registry file is not a valid JSON document: %(error)s") % {"error": error}
        if report.items:
            message += " " + gettext(
                "The %(count)d items before the error were imported; import the whole file again."
            ) % {"count": report.items}
        super().__init__(message)


class Rejected(Exception):
    """An item (or its provider) the import leaves out; `reason` is for the user."""

    def __init__(self, entity: str, reason: str):
        super().__init__(reason)
        self.entity = entity
        self.reason = reason
