"""Roles and their assignment to a piece of territory (or to an OSPOD): the source of truth of who sees what."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from network.models import TimestampedModel


class Role(models.TextChoices):
    SITAR = "sitar", _("local networker")
    PORADCE = "poradce", _("regional advisor")
    OSPOD = "ospod", _("OSPOD worker")
    VEDOUCI = "vedouci", _("regional lead")
    NARODNI = "narodni", _("national methodologist")


# Which scope each role is assigned to: exactly that one of region / district / organization is set.
ROLE_SCOPE = {
    Role.SITAR: "district",
    Role.PORADCE: "region",
    Role.OSPOD: "organization",
    Role.VEDOUCI: "region",
    Role.NARODNI: None,
}


class RoleAssignment(TimestampedModel):
    """A user holds a role in one scope: a district, a region, an OSPOD organisation, or the whole country."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    region = models.ForeignKey(
        "network.Region", verbose_name=_("region"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments",
    )
    district = models.ForeignKey(
        "network.District", verbose_name=_("district"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("OSPOD"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False,
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__username", "role"]
        # One constraint per kind of scope: portable (SQLite has no NULLS NOT DISTINCT) and each uses an index.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", field], condition=models.Q(**{f"{field}__isnull": False}),
                name=f"role_assignment_unique_{field}",
                violation_error_message=_("The user already holds this role in this scope."),
            )
            for field in ("region", "district", "organization")
        ] + [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(region__isnull=True, district__isnull=True, organization__isnull=True),
                name="role_assignment_unique_country",
                violation_error_message=_("The user already holds this role."),
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.district or self.organization or _("whole country")
        return f"{self.user} – {self.get_role_display()} – {scope}"

    def clean(self) -> None:
        from organizations.models import OrganizationKind

        wanted = ROLE_SCOPE.get(self.role)
        errors = {}
        for field in ("region", "district", "organization"):
            given = getattr(self, f"{field}_id") is not None
            if field == wanted and not given:
                errors[field] = _("This role is assigned to a %(scope)s.") % {
                    "scope": self._meta.get_field(field).verbose_name
                }
            elif field != wanted and given:
                errors[field] = _("Leave this empty for this role.")
        if wanted == "organization" and self.organization_id and self.organization.kind != OrganizationKind.OSPOD:
            errors["organization"] = _("An OSPOD worker is assigned to an OSPOD organisation.")
        if errors:
            raise ValidationError(errors)
