"""The national catalogue of indicators (issue 19): what is collected from the OSPOD or computed by Síťař, per ORP and
period, with the rules a value must keep. Kept by the national methodologist; every change is a new version, in the
history, and a collection round keeps the version it asked for."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimestampedModel
from evaluation.suppression import THRESHOLD
from permissions.scoping import RestrictableQuerySet, Scope, may


class Unit(models.TextChoices):
    COUNT = "count", _("count")
    PERCENT = "percent", _("per cent")
    DAYS = "days", _("days")


class Supplier(models.TextChoices):
    OSPOD = "ospod", _("the OSPOD")
    SITAR = "sitar", _("the networker")
    COMPUTED = "computed", _("computed by Síťař")


class Period(models.TextChoices):
    HALF_YEAR = "half_year", _("half-year")
    YEAR = "year", _("year")


class IndicatorQuerySet(RestrictableQuerySet):
    """A national table: every signed-in user reads it; who may change it, the rules say ("indicator")."""

    def within(self, scope: Scope, user, action: str) -> "IndicatorQuerySet":
        return self if action == "view" or may(user, "indicator", action) else self.none()


class Indicator(TimestampedModel):
    """One indicator: what it counts and the rules its values keep."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    supplier = models.CharField(_("supplied by"), max_length=10, choices=Supplier.choices)
    period = models.CharField(_("period"), max_length=10, choices=Period.choices, default=Period.YEAR)
    minimum = models.DecimalField(_("lowest value"), max_digits=12, decimal_places=2, null=True, blank=True, default=0)
    maximum = models.DecimalField(_("highest value"), max_digits=12, decimal_places=2, null=True, blank=True)
    at_most = models.ForeignKey(
        "self",
        verbose_name=_("not more than"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_(
            "Another indicator of the same form that this one may not exceed (new cases ≤ children in records)."
        ),
    )
    change_factor = models.DecimalField(
        _("allowed change against the previous period"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        default=5,
        help_text=_("A value this many times the last period's, or that part of it, asks for a comment."),
    )
    threshold = models.PositiveSmallIntegerField(
        _("smallest count shown outside its source"),
        default=THRESHOLD,
        help_text=_('Counts below it are shown as "< N" to everyone but the office that reported them.'),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name

    def clean(self) -> None:
        errors = {}
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            errors["maximum"] = _("The highest value cannot be below the lowest.")
        if self.at_most_id is not None and self.at_most_id == self.pk:
            errors["at_most"] = _("An indicator cannot be compared with itself.")
        if self.change_factor is not None and self.change_factor <= 1:
            errors["change_factor"] = _("Give a factor above 1 (5 = five times the last value, or a fifth of it).")
        if self.unit == Unit.PERCENT and self.maximum is not None and self.maximum > 100:
            errors["maximum"] = _("A share in per cent cannot be above 100.")
        if errors:
            raise ValidationError(errors)
