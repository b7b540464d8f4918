"""Stored metrics of the cooperation network, taken regularly, so that its change over time can be shown."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NetworkSnapshot(models.Model):
    """The metrics of the cooperation network of one ORP (or, with no district, one kraj) on one day."""

    region = models.ForeignKey(
        "network.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="network_snapshots"
    )
    district = models.ForeignKey(
        "network.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="network_snapshots",
        null=True, blank=True, help_text=_("Empty for the snapshot of the whole region."),
    )
    taken_on = models.DateField(_("taken on"))
    # network.graph.network_metrics (isolates as a count) and links_active; a JSON field, so that a metric added
    # later needs no migration and old snapshots simply lack it.
    metrics = models.JSONField(_("metrics"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("network snapshot")
        verbose_name_plural = _("network snapshots")
        ordering = ["taken_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "district", "taken_on"], name="snapshot_unique_district_day",
                violation_error_message=_("This territory already has a snapshot of this day."),
            ),
            # NULL districts are all different to a unique index: the kraj-level snapshot needs its own constraint.
            models.UniqueConstraint(
                fields=["region", "taken_on"], condition=Q(district__isnull=True), name="snapshot_unique_region_day",
                violation_error_message=_("This territory already has a snapshot of this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district or self.region} {self.taken_on:%Y-%m-%d}"

    @property
    def date(self):
        """The day the snapshot shows (what charts plot it by)."""
        return self.taken_on
