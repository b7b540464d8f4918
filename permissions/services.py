"""Writes of role assignments: who may assign what, and the guardian grants that mirror the assignments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm

from core.errors import OutOfScope
from core.services import save_validated
from permissions.models import DistrictUserObjectPermission, RegionUserObjectPermission, RoleAssignment
from permissions.roles import Role
from permissions.rules import TWO_FACTOR_ROLES, may_assign
from permissions.scoping import forget_scope, get_scope
from permissions.two_factor.services import api_tokens_revoke, has_two_factor
from territory.models import District, Region

# The guardian grants each role brings: on the region of its scope, and (a sitar) on its district.
ROLE_REGION_GRANTS = {
    Role.SITAR: ("view_region_records",),
    Role.PORADCE: ("view_region_records", "work_in_region", "verify_in_region"),
    Role.OSPOD: ("use_directory_in_region",),
    Role.VEDOUCI_OSPOD: ("use_directory_in_region",),
    Role.VEDOUCI: ("view_region_records", "verify_in_region", "assign_roles_in_region"),
    Role.NARODNI: ("view_region_records",),
}
ROLE_DISTRICT_GRANTS = {Role.SITAR: ("work_in_district",)}


# What a user reads who tries to give or take a role of their own (a field error on the user).
OWN_ROLE_MESSAGE = _("Nobody gives or takes a role of their own: ask another person who manages roles.")


def _check_actor(actor, assignment: RoleAssignment) -> None:
    """The actor may give or take this assignment as permissions.rules.may_assign says (actor None: the system)."""
    if actor is None:
        return
    region = assignment.scope_region
    if not may_assign(
        get_scope(actor),
        actor_id=actor.pk,
        user_id=assignment.user_id,
        role=assignment.role,
        region_id=region.pk if region else None,
        organization_id=assignment.organization_id,
    ):
        raise OutOfScope(_("You may not assign this role in this scope."))


def sync_grants(user) -> None:
    """Make the user's guardian grants on regions and districts mirror their role assignments exactly."""
    RegionUserObjectPermission.objects.filter(user=user).delete()
    DistrictUserObjectPermission.objects.filter(user=user).delete()
    for assignment in RoleAssignment.objects.filter(user=user).select_related("district", "organization"):
        regions = Region.objects.all() if assignment.role == Role.NARODNI else [assignment.scope_region]
        for codename in ROLE_REGION_GRANTS[assignment.role]:
            for region in regions:
                assign_perm(f"territory.{codename}", user, region)
        for codename in ROLE_DISTRICT_GRANTS.get(assignment.role, ()):
            assign_perm(f"territory.{codename}", user, assignment.district)
    forget_scope(user)


@transaction.atomic
def role_assign(
    *, actor, user, role: str, region: Region | None = None, district: District | None = None, organization=None
) -> RoleAssignment:
    """Give a user a role in one scope (a district, a region, an OSPOD or the whole country)."""
    assignment = RoleAssignment(
        user=user, role=role, region=region, district=district, organization=organization, assigned_by=actor
    )
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    # Bad input (a role without the scope it needs) is reported on its field before asking whether the actor may.
    assignment.full_clean()
    if actor is not None and user.pk == actor.pk:
        raise ValidationError({"user": OWN_ROLE_MESSAGE})
    _check_actor(actor, assignment)
    save_validated(assignment, actor=actor, reason="assigned")
    sync_grants(user)
    if role in TWO_FACTOR_ROLES and settings.SITAR_2FA_REQUIRED and not has_two_factor(user):
        # A role that requires 2FA: the user's sessions are sent to enrol at their next request (the 2FA gate), and
        # tokens issued with a password alone end here.
        api_tokens_revoke(user=user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Take a role assignment away (the history keeps it) and the grants that came with it."""
    _check_actor(actor, assignment)
    assignment._history_user = actor
    user = assignment.user
    assignment.delete()
    sync_grants(user)
