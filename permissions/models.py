"""Roles and their assignment to a piece of territory (or to an OSPOD): the source of truth of who sees what."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from core.models import TimestampedModel
from permissions.roles import ROLE_SCOPE, Role
from permissions.rules import ASSIGNS, Level
from permissions.scoping import RestrictableQuerySet, Scope


def assignments_reached(scope: Scope, action: str) -> Q | None:
    """The assignments (or their history rows: the same columns) a non-superuser reaches through the roles that give
    roles (permissions.rules.ASSIGNS): to view, every assignment held in the giver's kraj or OSPOD; to give or take,
    only the roles the table lets the giver give there. None: none at all."""
    parts = []
    for assignment in scope.assignments:
        given = ASSIGNS.get(assignment.role, {})
        for at in sorted(set(given.values())):
            if at is Level.REGION:
                region = assignment.region_id
                where = Q(region_id=region) | Q(district__region_id=region) | Q(organization__region_id=region)
            elif at is Level.OWN_OSPOD:
                where = Q(organization_id=assignment.organization_id)
            else:
                continue
            if action != "view":
                where &= Q(role__in=sorted(role for role, level in given.items() if level is at))
            parts.append(where)
    if not parts:
        return None
    reached = parts[0]
    for part in parts[1:]:
        reached |= part
    return reached


class RoleAssignmentQuerySet(RestrictableQuerySet):
    """Assignments a user may see: their own, and those in the kraj or OSPOD where the user gives roles."""

    def restrict(self, user, action: str = "view"):
        """As every scoped queryset; and nobody, a superuser included, gives or takes a role of their own."""
        rows = super().restrict(user, action)
        return rows if action == "view" else rows.exclude(user_id=user.pk)

    def within(self, scope, user, action: str) -> "RoleAssignmentQuerySet":
        """A lead sees the assignments of the kraj and takes the field roles there, an OSPOD head sees those of its
        OSPOD and takes the OSPOD role there; everyone sees their own assignments."""
        reached = assignments_reached(scope, action)
        if action == "view":
            return self.filter(Q(user_id=user.pk) | reached) if reached is not None else self.filter(user_id=user.pk)
        return self.none() if reached is None else self.filter(reached)


class RoleAssignment(TimestampedModel):
    """A user holds a role in one scope: a district, a region, an OSPOD organisation, or the whole country."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    district = models.ForeignKey(
        "territory.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("OSPOD"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__username", "role"]
        # One constraint per kind of scope: portable (SQLite has no NULLS NOT DISTINCT) and each uses an index.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", field],
                condition=models.Q(**{f"{field}__isnull": False}),
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
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope or _('whole country')}"

    @property
    def scope(self):
        """The region, district or OSPOD the role is assigned to (None: the whole country)."""
        return self.region or self.district or self.organization

    @property
    def scope_region(self):
        """The kraj the scope lies in (None: the whole country)."""
        if self.region_id:
            return self.region
        owner = self.district or self.organization
        return owner.region if owner else None

    def clean(self) -> None:
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
        if wanted == "organization" and self.organization_id and not self.organization.is_ospod:
            errors["organization"] = _("An OSPOD role is assigned to an OSPOD organisation.")
        if errors:
            raise ValidationError(errors)


class RegionUserObjectPermission(UserObjectPermissionBase):
    """A guardian grant on a region (direct foreign key: one indexed table, not the generic one)."""

    content_object = models.ForeignKey("territory.Region", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("grant on a region")
        verbose_name_plural = _("grants on regions")


class DistrictUserObjectPermission(UserObjectPermissionBase):
    """A guardian grant on a district."""

    content_object = models.ForeignKey("territory.District", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("grant on a district")
        verbose_name_plural = _("grants on districts")


class CaseUserObjectPermission(UserObjectPermissionBase):
    """A case shared explicitly with a user outside the owning OSPOD."""

    content_object = models.ForeignKey("network.Case", on_delete=models.CASCADE, related_name="user_grants")

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("case shared with a user")
        verbose_name_plural = _("cases shared with users")
