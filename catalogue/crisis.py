"""Crisis help, shown at the top of every page of the public catalogue: the national free lines (public facts, the same
everywhere) and, where the family's ORP is known, the crisis services that serve it and the intervention centres of
its kraj."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalogue.public import Tables, public_services, serving_q
from organizations.models import Service
from territory.models import District

# The intervention centres (§ 60a) of a kraj help its every ORP in domestic violence.
INTERVENTION_CENTRES = "intervention_centres"
SHOWN = 6


@dataclass(frozen=True)
class Line:
    number: str
    name: str
    text: str


LINES = (
    Line("112", _("Emergency"), _("Danger to life or health, any emergency.")),
    Line("116 111", _("Linka bezpečí"), _("For children and young people, free, non-stop.")),
    Line("116 000", _("Linka pro rodinu a školu"), _("For parents and teachers, free, non-stop.")),
    Line("116 123", _("Linka první psychické pomoci"), _("For adults in a hard situation, free, non-stop.")),
    Line("158", _("Police"), _("Violence, a threat, a child in danger.")),
)


def crisis_services(district: District | None, tables: Tables) -> list[Service]:
    """The crisis services serving the ORP, and the intervention centres of its kraj; none without an ORP."""
    if district is None:
        return []
    situations = [situation for situation in tables.situations if situation.crisis]
    kinds = {kind.pk for situation in situations for kind in situation.kinds.all()}
    centres = tables.kind_id(INTERVENTION_CENTRES)
    # The crisis situations' kinds (their target groups would bring every shelter of the ORP: kept for the search).
    chosen = serving_q(district) & Q(kind_id__in=sorted(kinds)) if kinds else Q(pk__in=[])
    if centres is not None:
        chosen |= Q(kind_id=centres, region_id=district.region_id)
    return list(
        public_services()
        .filter(chosen)
        .select_related("organization", "kind")
        .order_by("kind__sort_order", "name", "pk")[:SHOWN]
    )
