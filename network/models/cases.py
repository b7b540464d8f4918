"""Case networks: a pseudonymous case of an OSPOD and the organisations involved in it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from network.validators import validate_case_reference
from organizations.models import OrganizationKind
from permissions.scoping import ScopedModel


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Case(ScopedModel):
    """A case of an OSPOD under a pseudonymous reference (never a child's name or birth number)."""

    # Scoping (permissions.scoping.ScopedModel).
    own_ospod_lookups = ("ospod_id__in",)
    case_path = ""
    scoped_by_case = True

    scope_field = "ospod"

    reference = models.CharField(
        _("case reference"),
        max_length=40,
        validators=[validate_case_reference],
        help_text=_("A pseudonymous reference, e.g. OSPOD-2026-014. Never a name, birth number or date of birth."),
    )
    ospod = models.ForeignKey(
        "organizations.Organization", verbose_name=_("OSPOD"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ospod", "reference"],
                name="case_unique_reference_per_ospod",
                violation_error_message=_("This OSPOD already has a case with this reference."),
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        errors = {}
        if self.ospod_id and self.ospod.kind != OrganizationKind.OSPOD:
            errors["ospod"] = _("A case belongs to an OSPOD organisation.")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot close before it opened.")
        if self.status == CaseStatus.CLOSED and not self.closed_on:
            errors["closed_on"] = _("A closed case needs the date it was closed.")
        if errors:
            raise ValidationError(errors)


class InvolvementRole(models.TextChoices):
    SOCIAL_SERVICE = "social_service", _("social service working with the family")
    SCHOOL = "school", _("school or kindergarten")
    COUNSELLING = "counselling", _("school counselling facility")
    HEALTH = "health", _("health care")
    POLICE = "police", _("police")
    COURT = "court", _("court")
    FOSTER_CARE = "foster_care", _("foster-care support")
    MUNICIPALITY = "municipality", _("municipality")
    OTHER = "other", _("other")


class CaseInvolvement(ScopedModel):
    """An organisation involved in a case, in one role; scoped with its case."""

    # Scoping (permissions.scoping.ScopedModel).
    own_ospod_lookups = ("case__ospod_id__in",)
    case_path = "case__"
    scoped_by_case = True

    scope_field = "case"

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="involvements")
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="case_involvements",
    )
    role = models.CharField(_("role"), max_length=20, choices=InvolvementRole.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case involvement")
        verbose_name_plural = _("case involvements")
        ordering = ["case", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organization", "role"],
                name="involvement_unique",
                violation_error_message=_("This organisation is already involved in the case in this role."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.organization} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("The end cannot come before the start.")})
        if self.case_id and self.organization_id and self.organization_id == self.case.ospod_id:
            raise ValidationError({"organization": _("The OSPOD owns the case; add the other organisations.")})
