"""Sign-in lockouts (django-axes) that a regional lead sees and lifts: those of the users holding a role in the kraj.

A module of its own beside services.py and selectors.py: the rows are axes' (AccessAttempt), not the project's, and
whom a lead may unlock is read from the role assignments the lead manages (RoleAssignment.objects.restrict).
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import OutOfScope
from core.models import signed_in
from permissions.models import RoleAssignment
from permissions.scoping import can_assign_roles

log = logging.getLogger("permissions.signin")


@dataclass(frozen=True)
class SignInFailures:
    """The failed sign-ins counted against one account: how many, the last one, and whether it is locked now."""

    user_id: int
    username: str
    failures: int
    last_failure: datetime
    locked: bool


def unlockable_users(actor) -> QuerySet:
    """The users whose lockout the actor may lift: any for a superuser; for a regional lead (an OSPOD head), the users
    whose every role the actor may revoke (field roles of the kraj; the OSPOD role of its OSPOD), never a superuser nor
    the actor's own account."""
    User = get_user_model()
    if not signed_in(actor) or not can_assign_roles(actor):
        return User.objects.none()
    if actor.is_superuser:
        return User.objects.all()
    # Only the users all of whose roles the actor manages (may revoke): not a fellow lead, nor someone who also
    # holds a role elsewhere, whose lockout is the business of whoever manages that role.
    managed = RoleAssignment.objects.restrict(actor, "delete")
    elsewhere = RoleAssignment.objects.exclude(pk__in=managed.values("pk")).values("user_id")
    return (
        User.objects.filter(pk__in=managed.values("user_id"), is_superuser=False)
        .exclude(pk__in=elsewhere)
        .exclude(pk=actor.pk)
    )


def lockout_list(*, user) -> list[SignInFailures]:
    """The accounts with failed sign-ins still counted, among those the user may unlock, by user name."""
    attempts = AccessAttempt.objects.filter(username__in=unlockable_users(user).values("username"))
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    rows = list(
        attempts.values("username")
        .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
        .order_by("username")
    )
    ids = dict(
        get_user_model().objects.filter(username__in=[row["username"] for row in rows]).values_list("username", "pk")
    )
    return [
        SignInFailures(
            user_id=ids[row["username"]],
            username=row["username"],
            failures=row["failures"],
            last_failure=row["last_failure"],
            locked=row["failures"] >= settings.AXES_FAILURE_LIMIT,
        )
        for row in rows
    ]


@transaction.atomic
def lockout_lift(*, actor, user) -> int:
    """Lift a user's sign-in lockout: forget the failed sign-ins of the account (with them, what they added to the
    count of their addresses), and log who lifted it."""
    if not unlockable_users(actor).filter(pk=user.pk).exists():
        raise OutOfScope(_("You may not unlock this account."))
    removed = axes_reset(username=user.get_username())
    log.warning(
        "Sign-in unlocked: account %r by %r (%d attempt records removed)",
        user.get_username(),
        actor.get_username(),
        removed,
    )
    return removed
