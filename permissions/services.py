"""Writes of role assignments."""
from django.db import transaction

from network.common import save_validated
from permissions.models import RoleAssignment


@transaction.atomic
def role_assign(*, actor, user, role: str, region=None, district=None, organization=None) -> RoleAssignment:
    """Give a user a role in one scope (a district, a region, an OSPOD or the whole country)."""
    assignment = RoleAssignment(
        user=user, role=role, region=region, district=district, organization=organization, assigned_by=actor
    )
    return save_validated(assignment, actor=actor, reason="assigned")


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Take a role assignment away (the history keeps it)."""
    assignment._history_user = actor
    assignment.delete()
