"""What síťaři write into the ORP network analysis report by hand: the recommendations for each ORP."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class NetworkRecommendation(models.Model):
    """The recommendations of the network analysis of one ORP (chapter 5 of the report), with who changed them last."""

    district = models.OneToOneField(
        "territory.District",
        verbose_name=_("district (ORP)"),
        on_delete=models.CASCADE,
        related_name="network_recommendation",
    )
    text = models.TextField(_("recommendations"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_recommendations",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("network recommendation")
        verbose_name_plural = _("network recommendations")
        ordering = ["district__name"]

    def __str__(self) -> str:
        return str(self.district)
