"""The action plans of an ORP or a whole kraj: recommendations, who does what by when, and where each step stands;
and the kraj's open needs grouped across its ORP, from which the kraj's plan takes its steps.

A step of an ORP's plan is placed in the ORP; a step of the kraj's plan in the kraj alone (no district), so only kraj
roles reach it (permissions.rules, "actionitem"). Written through restrict(): out of reach is OutOfScope (404), a
place out of reach a field error on the district.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.services import apply_changes, ensure_allowed, save_validated
from evaluation.models import ActionItem, ActionStatus
from meetings.models import FollowUp, Need, NeedCategory, NeedStatus
from organizations.search import normalize
from permissions.rules import Level, level
from permissions.scoping import get_scope
from permissions.selectors import districts_where, role_holder_ids
from territory.models import District, Region

ACTION_FIELDS = ("recommendation", "step", "owner", "due_on", "status", "indicator", "need_category", "followup")
# The steps still to do: what "overdue" applies to.
OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
# The needs a plan answers: those not closed yet.
OPEN_NEEDS = (NeedStatus.OPEN, NeedStatus.IN_PROGRESS)


def _check(actor, item: ActionItem, changed) -> None:
    """What was chosen fits the step: a category of needs, an owner of the kraj, a follow-up the actor sees in the
    kraj. Only what changed is checked: an owner who left the kraj, or a follow-up linked by somebody who sees more,
    stays until somebody changes it."""
    errors = {}
    if "need_category" in changed and item.need_category and item.need_category not in NeedCategory.values:
        errors["need_category"] = _("Choose one of the categories of needs.")
    if "owner" in changed and item.owner_id is not None:
        if not role_holder_ids([item.region_id]).filter(user_id=item.owner_id, user__is_active=True).exists():
            errors["owner"] = _("Choose somebody who holds a role in this kraj.")
    if "followup" in changed and item.followup_id is not None and actor is not None:
        followup = FollowUp.objects.restrict(actor, "view").filter(pk=item.followup_id).first()
        if followup is None:
            errors["followup"] = _("Choose a follow-up you can see.")
        elif followup.region_id != item.region_id:
            errors["followup"] = _("Choose a follow-up of a meeting in this kraj.")
    if item.district_id is not None and item.region_id is not None and item.district.region_id != item.region_id:
        errors["district"] = _("The ORP lies in another kraj.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_item_create(*, actor, region=None, district=None, **data) -> ActionItem:
    """A step of the plan of an ORP (``district``) or of the whole kraj (``region`` alone)."""
    if district is None and region is None:
        raise ValidationError({"district": _("Choose the ORP, or the kraj for a step of the whole kraj.")})
    item = ActionItem(region_id=district.region_id if district is not None else region.pk, district=district)
    apply_changes(item, data, allowed=ACTION_FIELDS)
    _check(actor, item, ACTION_FIELDS)
    # Saved, then checked against the actor's rules for adding: out of reach, a field error and nothing kept.
    return save_validated(item, actor=actor, reason="created")


@transaction.atomic
def action_item_update(*, actor, item: ActionItem, data: dict, reason: str = "") -> ActionItem:
    """Change a step of a plan the actor may change (its place stays)."""
    ensure_allowed(actor, item, "change")
    changed = apply_changes(item, data, allowed=ACTION_FIELDS)
    _check(actor, item, changed)
    if not reason and changed == ["status"]:
        reason = f"status: {item.status}"
    return save_validated(item, actor=actor, reason=reason)


# ------------------------------------------------------------------------------------------------------ reads --


def plan_regions(user) -> QuerySet[Region]:
    """The kraje whose plans the user may read (a kraj's roles theirs, the country's every kraj)."""
    districts = districts_where(user, "actionitem", "view")
    return Region.objects.filter(pk__in=districts.order_by().values("region_id")).order_by("name")


def may_plan_for_kraj(user, region: Region) -> bool:
    """Whether the user may add a step of the whole kraj's plan (a kraj role there, not an ORP's networker)."""
    scope = get_scope(user)
    if scope.superuser:
        return True
    for assignment in scope.assignments:
        at = level(assignment.role, "actionitem", "add")
        if at is Level.ALL or (at is Level.REGION and assignment.region_id == region.pk):
            return True
    return False


def plan_districts(user, region: Region) -> QuerySet[District]:
    """The ORP of the kraj in which the user may add a step."""
    return districts_where(user, "actionitem", "add").filter(region=region)


def action_item_list(*, user, region: Region, district: District | None = None) -> QuerySet[ActionItem]:
    """The steps of a kraj's plans the user may see (those of one ORP with ``district``), due soonest first."""
    items = ActionItem.objects.restrict(user, "view").filter(region=region)
    if district is not None:
        items = items.filter(district=district)
    return items.select_related("district", "owner", "indicator", "followup__meeting").order_by(
        "due_on", "district__name", "id"
    )


def is_overdue(item: ActionItem, today: datetime.date) -> bool:
    return item.status in OPEN_STATUSES and item.due_on is not None and item.due_on < today


@dataclass
class NeedGroup:
    """Needs of one category that say the same thing (their titles alike but for case, diacritics and spaces)."""

    category: str
    key: str
    titles: Counter = field(default_factory=Counter)
    district_ids: set[int] = field(default_factory=set)
    count: int = 0
    oldest: datetime.date | None = None
    districts: list[District] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The spelling most of its needs use (the first one met, the oldest, on a tie)."""
        return self.titles.most_common(1)[0][0]

    @property
    def category_label(self) -> str:
        return NeedCategory(self.category).label


@dataclass
class NeedsAcross:
    """A kraj's open needs the user may see: grouped across its ORP, and counted by ORP and category."""

    groups: list[NeedGroup]
    categories: list[tuple[str, str]]
    rows: list[tuple[District, list[int], int]]
    totals: list[int]
    total: int


def needs_across_orp(*, user, region: Region) -> NeedsAcross:
    """The kraj's open and in-progress needs the user may see, one group per category and normalised title (the same
    need typed in many ORP is one line), the largest first; and a table of ORP × category counts."""
    needs = (
        Need.objects.restrict(user, "view")
        .filter(region=region, status__in=OPEN_NEEDS)
        .order_by("created_at", "pk")
        .values_list("title", "category", "district_id", "created_at")
    )
    districts = {district.pk: district for district in District.objects.filter(region=region)}
    groups: dict[tuple[str, str], NeedGroup] = {}
    counts: dict[int, Counter] = {}
    for title, category, district_id, created_at in needs:
        key = normalize(title)
        group = groups.setdefault((category, key), NeedGroup(category=category, key=key))
        group.titles[title] += 1
        group.district_ids.add(district_id)
        group.count += 1
        if group.oldest is None:
            group.oldest = timezone.localtime(created_at).date()
        counts.setdefault(district_id, Counter())[category] += 1
    for group in groups.values():
        group.districts = sorted((districts[pk] for pk in group.district_ids), key=lambda d: d.name)
    ordered = sorted(groups.values(), key=lambda g: (-len(g.district_ids), -g.count, g.category, g.key))
    present = {category for by_category in counts.values() for category in by_category}
    categories = [(value, label) for value, label in NeedCategory.choices if value in present]
    rows = [
        (districts[pk], [counts[pk][value] for value, _label in categories], sum(counts[pk].values()))
        for pk in sorted(counts, key=lambda pk: districts[pk].name)
    ]
    totals = [sum(row[1][index] for row in rows) for index in range(len(categories))]
    return NeedsAcross(
        groups=ordered, categories=categories, rows=rows, totals=totals, total=sum(row[2] for row in rows)
    )
