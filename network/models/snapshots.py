"""Stored metrics of the cooperation network, taken regularly, so that its change over time can be shown, and the
banded joint-case counts of pairs of organisations as of each snapshot (what the graph shows of case work)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from permissions.scoping import RestrictableQuerySet


class NetworkSnapshotQuerySet(RestrictableQuerySet):
    """Snapshots a user may see: a snapshot counts every cooperation link of its territory, so it is seen where the
    user's roles reach the links of the whole territory (a kraj-wide reader: the kraj's and its districts' snapshots;
    a district's reader: the district's). A user who sees only their OSPOD's own links sees none. Only the system
    writes snapshots."""

    def within(self, scope, user, action: str) -> "NetworkSnapshotQuerySet":
        condition = scope.territory_q(self.model, action, rules_of="cooperationlink") if action == "view" else None
        return self.none() if condition is None else self.filter(condition)


class NetworkSnapshot(models.Model):
    """The metrics of the cooperation network of one ORP (or, with no district, one kraj) on one day."""

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="network_snapshots"
    )
    district = models.ForeignKey(
        "territory.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="network_snapshots",
        null=True,
        blank=True,
        help_text=_("Empty for the snapshot of the whole region."),
    )
    taken_on = models.DateField(_("taken on"))
    # network.analysis.metrics.network_metrics (isolates as a count) and links_active; a JSON field, so that a metric added
    # later needs no migration and old snapshots simply lack it.
    metrics = models.JSONField(_("metrics"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NetworkSnapshotQuerySet.as_manager()
    # Scoping (permissions.scoping): no row belongs to an OSPOD, so a rule of the OSPOD's own links reaches none.
    own_ospod_lookups = ()

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        ordering = ["taken_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "district", "taken_on"],
                name="snapshot_unique_district_day",
                violation_error_message=_("This territory already has a snapshot of this day."),
            ),
            # NULL districts are all different to a unique index: the kraj-level snapshot needs its own constraint.
            models.UniqueConstraint(
                fields=["region", "taken_on"],
                condition=Q(district__isnull=True),
                name="snapshot_unique_region_day",
                violation_error_message=_("This territory already has a snapshot of this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district or self.region} {self.taken_on:%Y-%m-%d}"

    @property
    def date(self):
        """The day the snapshot shows (what charts plot it by)."""
        return self.taken_on


class JointCasesBand(models.TextChoices):
    """How many cases two organisations share, in bands: an exact count going 3 → 4 would tell of a new case."""

    FEW = "3-5", "3–5"
    SEVERAL = "6-10", "6–10"
    MANY = "over-10", _("more than 10")

    @classmethod
    def of(cls, count: int) -> "JointCasesBand | None":
        """The band of a count; None below 3 (small counts are never shown, not even as a band)."""
        if count < 3:
            return None
        return cls.FEW if count <= 5 else cls.SEVERAL if count <= 10 else cls.MANY


class JointCasesSnapshot(models.Model):
    """The band of the cases two organisations shared on a snapshot day (pairs of 3 cases and more only)."""

    taken_on = models.DateField(_("taken on"))
    first = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    band = models.CharField(_("joint cases"), max_length=10, choices=JointCasesBand.choices)

    class Meta:
        verbose_name = _("joint cases of a snapshot")
        verbose_name_plural = _("joint cases of snapshots")
        ordering = ["taken_on", "first", "second"]
        constraints = [
            models.UniqueConstraint(fields=["taken_on", "first", "second"], name="joint_cases_unique_pair_day"),
            models.CheckConstraint(condition=models.Q(first__lt=models.F("second")), name="joint_cases_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.taken_on:%Y-%m-%d} {self.first_id}–{self.second_id}: {self.band}"
