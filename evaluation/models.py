"""The national catalogue of indicators (issue 19): what is collected from the OSPOD or computed by Síťař, per ORP and
period, with the rules a value must keep. Kept by the national methodologist; every change is a new version, in the
history, and a collection round keeps the version it asked for."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimestampedModel
from evaluation.suppression import THRESHOLD
from permissions.scoping import RestrictableQuerySet, Scope, ScopedModel, ScopedQuerySet, may


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


class WarnAgainst(models.TextChoices):
    NONE = "", _("no early warning")
    PREVIOUS = "previous", _("the ORP's previous round")
    MEDIAN = "median", _("the national median ORP")


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
    warn_against = models.CharField(
        _("early warning against"), max_length=10, choices=WarnAgainst.choices, blank=True, default=""
    )
    warn_band = models.DecimalField(
        _("early warning band"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "How far the ORP's value may move from what it is compared with before a warning: 0.5 = between two "
            "thirds and one and a half times it, 1 = between half and twice it."
        ),
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
        if self.warn_against and (self.warn_band is None or self.warn_band <= 0):
            errors["warn_band"] = _(
                "Give the band of the early warning (0.5 = between two thirds and one and a half times)."
            )
        if errors:
            raise ValidationError(errors)


class CollectionRoundQuerySet(RestrictableQuerySet):
    """A national table like the indicators: every signed-in user reads the rounds; the rules say who opens and
    changes them ("collectionround")."""

    def within(self, scope: Scope, user, action: str) -> "CollectionRoundQuerySet":
        return self if action == "view" or may(user, "collectionround", action) else self.none()


PERIOD_LABEL = r"^20\d\d(/[12])?$"


class CollectionRound(TimestampedModel):
    """A round of collection opened by the national methodologist: a period, the indicators asked (each in the
    version of the day it was opened) and the deadline. Each OSPOD of the country gets its form (Report)."""

    period = models.CharField(
        _("period"),
        max_length=7,
        unique=True,
        error_messages={"unique": _("A round of this period is already open.")},
        validators=[RegexValidator(PERIOD_LABEL, _("Give a half-year as 2026/1 or 2026/2, or a year as 2026."))],
        help_text=_("A half-year as 2026/1 or 2026/2, or a year as 2026."),
    )
    deadline = models.DateField(_("deadline"))
    note = models.TextField(_("note for the OSPOD"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    indicators = models.ManyToManyField(
        Indicator, through="RoundIndicator", through_fields=("round", "indicator"), related_name="rounds"
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CollectionRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("collection round")
        verbose_name_plural = _("collection rounds")
        ordering = ["-period", "-id"]

    def __str__(self) -> str:
        return str(_("Round %(period)s") % {"period": self.period})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def period_bounds(self):
        """The first and last day of the round's period (evaluation.computed.Period)."""
        from evaluation.computed import Period as Span

        return Span.of_label(self.period)


class RoundIndicator(models.Model):
    """An indicator as a round asked for it: its version and the rules of that version, kept when the catalogue
    changes later."""

    round = models.ForeignKey(CollectionRound, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    minimum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    maximum = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    at_most = models.ForeignKey(Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    change_factor = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(default=THRESHOLD)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["round", "indicator"], name="roundindicator_unique")]

    def __str__(self) -> str:
        return f"{self.indicator} (v{self.version})"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("being filled in")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for correction")
    APPROVED = "approved", _("approved")


class ReportQuerySet(ScopedQuerySet):
    """The forms: scoped like every record placed in the territory (restrict(user, action))."""

    def public(self) -> "ReportQuerySet":
        """The approved forms: what the open data is made of, and only as aggregates of the ORP and kraje with the
        small counts suppressed (evaluation.opendata), never as one OSPOD's raw form."""
        return self.filter(status=ReportStatus.APPROVED)


class Report(ScopedModel):
    """An OSPOD's form of a round: its values of the round's indicators, filled by its workers, submitted, then
    returned or approved by the kraj's lead or advisor. Placed where the OSPOD is."""

    # Scoping (permissions.scoping.ScopedModel): an OSPOD's own forms; the kraj's; approved ones for the country.
    own_ospod_lookups = ("ospod_id__in",)
    scope_field = "ospod"

    round = models.ForeignKey(
        CollectionRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reports"
    )
    ospod = models.ForeignKey(
        "organizations.Organization", verbose_name=_("OSPOD"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    review_note = models.TextField(_("what to correct"), blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("OSPOD's form")
        verbose_name_plural = _("OSPOD's forms")
        ordering = ["round", "district__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "ospod"],
                name="report_unique_per_round",
                violation_error_message=_("This OSPOD already has a form in this round."),
            )
        ]
        indexes = [models.Index(fields=["round", "region", "status"], name="report_round_region_idx")]

    def __str__(self) -> str:
        return f"{self.ospod} – {self.round.period}"

    @classmethod
    def approved_q(cls) -> models.Q:
        return models.Q(status=ReportStatus.APPROVED)

    @classmethod
    def merge_organization(cls, *, survivor, merged) -> None:
        """Two records of one OSPOD are merged (duplicates.merge): its forms move to the survivor with the rest, but
        two forms of one round cannot be made one, so such a merge is refused."""
        rounds = cls.objects.filter(ospod=survivor).values("round")
        clash = cls.objects.filter(ospod=merged, round__in=rounds).select_related("round").first()
        if clash is not None:
            raise ValidationError(
                {
                    "survivor": _(
                        "Both records have a form in the collection round %(period)s; two forms of one round cannot be"
                        " merged. Settle the forms first."
                    )
                    % {"period": clash.round.period}
                },
                code="report_clash",
            )

    @property
    def editable(self) -> bool:
        return self.round.is_open and self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    def is_late(self, today) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and today > self.round.deadline


class ReportValueQuerySet(RestrictableQuerySet):
    """The values of the forms a user may reach (the form decides)."""

    def within(self, scope: Scope, user, action: str) -> "ReportValueQuerySet":
        return self.filter(report__in=Report.objects.within(scope, user, action).values("pk"))

    def public(self) -> "ReportValueQuerySet":
        """The values of the approved forms (Report's public()), for the open data's suppressed aggregates."""
        return self.filter(report__in=Report.objects.public().values("pk"))


class ReportValue(TimestampedModel):
    """One value of a form, with the OSPOD's comment; every change is in its history."""

    report = models.ForeignKey(Report, verbose_name=_("form"), on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ReportValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        ordering = ["report", "indicator__sort_order", "indicator__code"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="reportvalue_unique")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class Population(models.Model):
    """The children (0–17) living in an ORP in a year: ČSÚ's published table, or the demo's generated numbers."""

    district = models.ForeignKey(
        "territory.District", verbose_name=_("district (ORP)"), on_delete=models.CASCADE, related_name="populations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    children = models.PositiveIntegerField(_("children aged 0–17"))
    source = models.CharField(_("source"), max_length=200)
    demo = models.BooleanField(_("generated for the demo"), default=False)

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        ordering = ["district", "-year"]
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="population_unique")]

    def __str__(self) -> str:
        return f"{self.district} {self.year}: {self.children}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class ActionItem(TimestampedModel):
    """A recommendation and its step in the action plan of an ORP or of a whole kraj (district empty): who does it by
    when, where it stands, and the meeting's follow-up where it was agreed."""

    # Scoping like a record in the territory (permissions.scoping): a kraj's item is reached by the kraj's rules only.
    own_ospod_lookups: tuple[str, ...] = ()
    case_path = None
    scoped_by_case = False
    placed_apart_from_case = False
    scope_field = "district"

    region = models.ForeignKey(
        "territory.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="action_items"
    )
    district = models.ForeignKey(
        "territory.District",
        verbose_name=_("district (ORP)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        help_text=_("Empty for a step of the whole kraj's plan."),
    )
    recommendation = models.CharField(_("recommendation"), max_length=300)
    step = models.TextField(_("what will be done"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator it answers"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    need_category = models.CharField(_("category of needs it answers"), max_length=20, blank=True)
    followup = models.ForeignKey(
        "meetings.FollowUp",
        verbose_name=_("follow-up of the meeting where it is discussed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan step")
        verbose_name_plural = _("action plan steps")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["region", "district", "status"], name="actionitem_place_idx")]

    def __str__(self) -> str:
        return self.recommendation
