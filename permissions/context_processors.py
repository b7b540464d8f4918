"""Template context about the signed-in user's roles (for the menu)."""
from django.utils.functional import SimpleLazyObject

from permissions.scoping import can_assign_roles, get_scope


def _roles_of(user) -> frozenset[str]:
    if not (user and user.is_authenticated):
        return frozenset()
    return frozenset(assignment.role for assignment in get_scope(user).assignments)


def roles(request) -> dict:
    """What the menu offers: the role-assignment page, and the user's roles (``"ospod" in user_roles``).
    Computed only when a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_assign_roles": SimpleLazyObject(lambda: bool(user and user.is_authenticated and can_assign_roles(user))),
        "user_roles": SimpleLazyObject(lambda: _roles_of(user)),
    }
