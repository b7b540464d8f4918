"""The one table of who may do what, by role: every scoping decision in Síťař is read from here.

A rule says, for a role, a model and an action, which rows qualify, relative to the scope the role was assigned to:

- ``ALL``: every row in the country;
- ``REGION``: rows in the kraj of the assignment (a sitar's district lies in one kraj);
- ``DISTRICT``: rows in the assigned district;
- ``REGION_SHAREABLE``: rows in the kraj that the person agreed to share with OSPOD (contacts);
- ``OWN_OSPOD``: rows that belong to the assigned OSPOD (its meetings, its cases, its links);
- missing: nothing.

Cases are never reached through territory: only the owning OSPOD's workers (``OWN_OSPOD``) and users the case is
explicitly shared with (a guardian grant on the Case) see them, and a case conference inherits its case's rule.
Superusers may do everything and are not in the table.
"""
from enum import StrEnum

from permissions.roles import Role


class Level(StrEnum):
    ALL = "all"
    REGION = "region"
    DISTRICT = "district"
    REGION_SHAREABLE = "region_shareable"
    OWN_OSPOD = "own_ospod"


ACTIONS = ("view", "add", "change", "delete", "verify")

# The models that carry territory and are scoped, by their model name.
SCOPED_MODELS = (
    "organization", "service", "contact", "meeting", "followup", "need", "cooperationlink", "case", "caseinvolvement",
)
FIELD_MODELS = ("organization", "service", "contact", "meeting", "followup", "need", "cooperationlink")


def _field_work(*, work: Level) -> dict[str, dict[str, Level]]:
    """A networker's rules: view the whole kraj, add and change field records where they work."""
    rules = {model: {"view": Level.REGION, "add": work, "change": work} for model in FIELD_MODELS}
    rules["organization"]["verify"] = work
    return rules


RULES: dict[str, dict[str, dict[str, Level]]] = {
    Role.SITAR: _field_work(work=Level.DISTRICT),
    Role.PORADCE: _field_work(work=Level.REGION),
    Role.OSPOD: {
        "organization": {"view": Level.REGION},
        "service": {"view": Level.REGION},
        "contact": {"view": Level.REGION_SHAREABLE},
        "meeting": {"view": Level.OWN_OSPOD, "add": Level.OWN_OSPOD, "change": Level.OWN_OSPOD},
        "followup": {"view": Level.OWN_OSPOD, "add": Level.OWN_OSPOD, "change": Level.OWN_OSPOD},
        "need": {"view": Level.OWN_OSPOD, "add": Level.OWN_OSPOD, "change": Level.OWN_OSPOD},
        "cooperationlink": {"view": Level.OWN_OSPOD},
        "case": {action: Level.OWN_OSPOD for action in ("view", "add", "change", "delete")},
        "caseinvolvement": {action: Level.OWN_OSPOD for action in ("view", "add", "change", "delete")},
    },
    Role.VEDOUCI: {
        **{model: {"view": Level.REGION} for model in FIELD_MODELS},
        "organization": {"view": Level.REGION, "verify": Level.REGION},
    },
    Role.NARODNI: {model: {"view": Level.ALL} for model in FIELD_MODELS},
}

# Roles a regional lead may assign and revoke within the kraj.
ASSIGNABLE_BY_LEAD = (Role.SITAR, Role.PORADCE, Role.OSPOD)

# What users a case is shared with may do with it (guardian grants on Case, codename → actions).
CASE_SHARE_ACTIONS = {"view_case": ("view",), "change_case": ("view", "change")}


def level(role: str, model: str, action: str) -> Level | None:
    """The rule for a role, model and action (None: not allowed at all)."""
    return RULES.get(role, {}).get(model, {}).get(action)
