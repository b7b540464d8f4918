"""Cooperation between organisations, and the meetings that show it."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from permissions.scoping import ScopedModel

# A link nobody has reconfirmed for this long is flagged for review.
RECONFIRM_AFTER = datetime.timedelta(days=365)


class LinkKind(models.TextChoices):
    REFERRAL = "referral", _("referral")
    CASE_COOPERATION = "case_cooperation", _("case cooperation")
    INFORMATION_SHARING = "information_sharing", _("information sharing")
    JOINT_ACTIVITY = "joint_activity", _("joint activity")
    FORMAL_AGREEMENT = "formal_agreement", _("formal agreement / memorandum")
    METHODICAL_SUPPORT = "methodical_support", _("methodical support")
    FUNDING = "funding", _("funding")


class LinkStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    DORMANT = "dormant", _("dormant")
    ENDED = "ended", _("ended")


class CooperationLink(ScopedModel):
    """Organisation A cooperates with organisation B in one way; placed in the territory of A (the source)."""

    # Scoping (permissions.scoping.ScopedModel).
    own_ospod_lookups = ("source_id__in", "target_id__in")

    scope_field = "source"

    source = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation A"),
        on_delete=models.CASCADE,
        related_name="outgoing_links",
    )
    target = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation B"),
        on_delete=models.CASCADE,
        related_name="incoming_links",
    )
    kind = models.CharField(_("kind of cooperation"), max_length=30, choices=LinkKind.choices)
    directed = models.BooleanField(
        _("directed"), default=False, help_text=_("A acts towards B (e.g. refers clients to B), not both ways.")
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = occasional contact, 5 = close, regular cooperation."),
    )
    formalized = models.BooleanField(_("formalised"), default=False)
    agreement_date = models.DateField(_("date of agreement"), null=True, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.ACTIVE)
    note = models.TextField(_("note"), blank=True)
    evidence = models.ManyToManyField(
        "meetings.Meeting", verbose_name=_("evidence (meetings)"), related_name="evidenced_links", blank=True
    )
    confirmed_on = models.DateField(
        _("last confirmed on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The date of the latest meeting that shows this cooperation."),
    )
    history = HistoricalRecords(m2m_fields=["evidence"])

    class Meta:
        verbose_name = _("cooperation link")
        verbose_name_plural = _("cooperation links")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="link_unique_pair_kind",
                violation_error_message=_("These two organisations already have a link of this kind."),
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="link_not_to_itself",
                violation_error_message=_("An organisation cannot cooperate with itself."),
            ),
            models.CheckConstraint(
                condition=models.Q(strength__gte=1, strength__lte=5),
                name="link_strength_1_5",
                violation_error_message=_("Strength is a whole number from 1 to 5."),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "district"], name="link_scope_idx"),
            # The home's active links of a kraj no meeting reconfirmed longest: read in that order, a page of five
            # joined with its organisations (not every link of the kraj joined and then sorted: 92 → 9 ms).
            models.Index(
                "region",
                "status",
                models.OrderBy(models.F("confirmed_on"), nulls_first=True),
                "id",
                name="link_unconfirmed_idx",
            ),
            # The list's order (the newest change first) in an ORP, a kraj and nationwide: its page of 50 is read off
            # an index, not sorted after joining every link of the territory to both organisations.
            models.Index(fields=["district", "-updated_at", "-id"], name="link_district_updated_idx"),
            models.Index(fields=["region", "-updated_at", "-id"], name="link_region_updated_idx"),
            models.Index(fields=["-updated_at", "-id"], name="link_updated_idx"),
        ]

    def __str__(self) -> str:
        arrow = "→" if self.directed else "↔"
        return f"{self.source} {arrow} {self.target} ({self.get_kind_display()})"

    def clean(self) -> None:
        errors = {}
        if self.source_id and self.source_id == self.target_id:
            errors["target"] = _("An organisation cannot cooperate with itself.")
        if self.formalized and not self.agreement_date:
            errors["agreement_date"] = _("A formalised cooperation needs the date of its agreement.")
        if self.agreement_date and not self.formalized:
            errors["formalized"] = _("An agreement date is given: mark the cooperation as formalised.")
        if self.since and self.until and self.until < self.since:
            errors["until"] = _("The end cannot come before the start.")
        if self.status == LinkStatus.ENDED and not self.until:
            errors["until"] = _("An ended cooperation needs the date it ended.")
        if not self.directed and self.source_id and self.target_id and self.kind:
            reverse = CooperationLink.objects.filter(
                source_id=self.target_id, target_id=self.source_id, kind=self.kind, directed=False
            ).exclude(pk=self.pk)
            if reverse.exists():
                errors["target"] = _("These two organisations already have a link of this kind.")
        if errors:
            raise ValidationError(errors)

    def needs_reconfirmation(self, today: datetime.date) -> bool:
        """True when no meeting has confirmed this active link for a year."""
        if self.status != LinkStatus.ACTIVE:
            return False
        last = self.confirmed_on or self.since or (self.created_at.date() if self.created_at else None)
        return last is None or today - last > RECONFIRM_AFTER
