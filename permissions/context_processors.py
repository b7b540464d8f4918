"""Template context about the signed-in user's roles (for the menu)."""
from django.utils.functional import SimpleLazyObject

from permissions.scoping import can_assign_roles


def roles(request) -> dict:
    """Whether the menu offers the role-assignment page; computed only when a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_assign_roles": SimpleLazyObject(lambda: bool(user and user.is_authenticated and can_assign_roles(user)))
    }
