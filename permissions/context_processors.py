"""Template context about the signed-in user's roles (for the menu)."""

from django.utils.functional import SimpleLazyObject

from permissions.rules import RULES
from permissions.scoping import can_assign_roles, get_scope, may


def _roles_of(user) -> frozenset[str]:
    if not (user and user.is_authenticated):
        return frozenset()
    return frozenset(assignment.role for assignment in get_scope(user).assignments)


def _addable_by(user) -> frozenset[str]:
    if not (user and user.is_authenticated):
        return frozenset()
    models = {model for rules in RULES.values() for model in rules}
    return frozenset(model for model in models if may(user, model, "add"))


def roles(request) -> dict:
    """What the menu and the screens offer: the role-assignment page, the user's roles (``"ospod" in user_roles``)
    and the models the user may add somewhere (``"meeting" in addable``). Computed only when a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_assign_roles": SimpleLazyObject(lambda: bool(user and user.is_authenticated and can_assign_roles(user))),
        "user_roles": SimpleLazyObject(lambda: _roles_of(user)),
        "addable": SimpleLazyObject(lambda: _addable_by(user)),
    }
