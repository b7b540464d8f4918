"""The one table of who may do what, by role: every scoping decision in Síťař is read from here.

A rule says, for a role, a model and an action, which rows qualify, relative to the scope the role was assigned to:

- ``ALL``: every row in the country;
- ``REGION``: rows in the kraj of the assignment (a sitar's district lies in one kraj);
- ``DISTRICT``: rows in the assigned district;
- ``REGION_SHAREABLE``: rows in the kraj that the person agreed to share with OSPOD (contacts);
- ``OWN_OSPOD``: rows that belong to the assigned OSPOD (its meetings, its cases, its links);
- ``APPROVED``: every row in the country that its kraj has approved (an OSPOD's form of a collection round);
- ``OWN_OSPOD_IN_REGION``: rows that belong to the assigned OSPOD and lie in its kraj: what an OSPOD worker or head
  adds and changes (meetings, follow-ups, needs) stays in the OSPOD's kraj. The kraj, not the OSPOD's ORP, because
  the OSPOD's partners are those of its kraj (it looks them up kraj-wide) and its meetings are held where they are
  (a children's home in the next ORP, a platform at the kraj office); nothing is ever placed in another kraj;
- missing: nothing.

Cases are never reached through territory: only the owning OSPOD's workers (``OWN_OSPOD``) and users the case is
explicitly shared with (a guardian grant on the Case) see them, and a case conference inherits its case's rule; a
case conference and what hangs on it are added and changed only within the kraj of its case.
Superusers may do everything and are not in the table.

Who gives and takes roles is the second table, ``ASSIGNS`` (see ``may_assign``): a regional lead the field roles
(``sitar``, ``poradce``) within the kraj, an OSPOD head (``vedouci_ospod``) the ``ospod`` role of its own OSPOD,
superusers every role; and nobody, superusers included, gives or takes a role of their own.
"""

from enum import StrEnum

from permissions.roles import Role


class Level(StrEnum):
    ALL = "all"
    REGION = "region"
    DISTRICT = "district"
    REGION_SHAREABLE = "region_shareable"
    OWN_OSPOD = "own_ospod"
    OWN_OSPOD_IN_REGION = "own_ospod_in_region"
    APPROVED = "approved"


# "review": return or approve an OSPOD's form of a collection round; "merge": merge two records of one organisation
# (duplicates.merge): both must be within the rule's reach, so a pair across two kraje only a superuser merges.
ACTIONS = ("view", "add", "change", "delete", "verify", "review", "merge")

# The models that carry territory and are scoped, by their model name.
SCOPED_MODELS = (
    "organization",
    "service",
    "contact",
    "meeting",
    "followup",
    "need",
    "cooperationlink",
    "case",
    "caseinvolvement",
    "workinggroup",
    "report",
    "actionitem",
)
FIELD_MODELS = ("organization", "service", "contact", "meeting", "followup", "need", "cooperationlink", "workinggroup")
# What is written for a whole ORP rather than kept as rows with territory (the report's recommendations): the same
# levels say in which districts a role may write it (permissions.selectors.districts_where).
# A partner survey's round (surveys.SurveyRound) is started for an ORP or, at the REGION level, for a whole kraj; the
# same levels say who sees its results (a respondent's own answers only its owner, surveys.results).
DISTRICT_RECORDS = ("networkrecommendation", "surveyround")
# National tables the rules let a role change (the public catalogue's life situations, the indicators, the rounds of
# data collection); everybody signed in reads them.
NATIONAL_TABLES = ("lifesituation", "indicator", "collectionround")


def _field_work(*, work: Level) -> dict[str, dict[str, Level]]:
    """A networker's rules: view the whole kraj, add and change field records where they work."""
    rules = {model: {"view": Level.REGION, "add": work, "change": work} for model in FIELD_MODELS}
    rules["organization"]["verify"] = work
    rules["organization"]["merge"] = work
    rules["networkrecommendation"] = {"change": work}
    rules["surveyround"] = {"view": Level.REGION, "add": work, "change": work}
    # The action plans of the kraj and its ORP (evaluation.ActionItem): a kraj's own steps only from a kraj role.
    rules["actionitem"] = {"view": Level.REGION, "add": work, "change": work}
    return rules


# An OSPOD worker: the directory of its kraj, its OSPOD's own meetings, follow-ups, needs and cases.
OSPOD_RULES: dict[str, dict[str, Level]] = {
    "organization": {"view": Level.REGION},
    "service": {"view": Level.REGION},
    "contact": {"view": Level.REGION_SHAREABLE},
    **{
        model: {"view": Level.OWN_OSPOD, "add": Level.OWN_OSPOD_IN_REGION, "change": Level.OWN_OSPOD_IN_REGION}
        for model in ("meeting", "followup", "need")
    },
    "cooperationlink": {"view": Level.OWN_OSPOD},
    "case": dict.fromkeys(("view", "add", "change", "delete"), Level.OWN_OSPOD),
    "caseinvolvement": dict.fromkeys(("view", "add", "change", "delete"), Level.OWN_OSPOD),
    # Its own forms of the collection rounds, filled and submitted; the kraj's action plans, to read.
    "report": {"view": Level.OWN_OSPOD, "change": Level.OWN_OSPOD},
    "actionitem": {"view": Level.REGION},
    # The aggregates of the kraj's partner surveys (never a respondent's own answers).
    "surveyround": {"view": Level.REGION},
}

# The kraj's lead and advisor read, return and approve the OSPOD's forms of the kraj.
KRAJ_REVIEW = {"report": {"view": Level.REGION, "review": Level.REGION}}

RULES: dict[str, dict[str, dict[str, Level]]] = {
    Role.SITAR: _field_work(work=Level.DISTRICT),
    Role.PORADCE: {**_field_work(work=Level.REGION), **KRAJ_REVIEW},
    Role.OSPOD: OSPOD_RULES,
    # An OSPOD head does what its workers do; what it adds is who may work for its OSPOD (ASSIGNS).
    Role.VEDOUCI_OSPOD: OSPOD_RULES,
    # A regional lead reads its kraj, verifies organisations and writes the recommendations of its ORPs' reports.
    Role.VEDOUCI: {
        **{model: {"view": Level.REGION} for model in FIELD_MODELS},
        "organization": {"view": Level.REGION, "verify": Level.REGION, "merge": Level.REGION},
        "networkrecommendation": {"change": Level.REGION},
        "actionitem": {"view": Level.REGION, "add": Level.REGION, "change": Level.REGION},
        "surveyround": {"view": Level.REGION, "add": Level.REGION, "change": Level.REGION},
        **KRAJ_REVIEW,
    },
    # The national methodologist reads the whole country and every approved form, keeps the national tables (the
    # public catalogue's life situations, the indicators) and opens the rounds of collection.
    Role.NARODNI: {
        **{model: {"view": Level.ALL} for model in FIELD_MODELS},
        **{table: {"change": Level.ALL} for table in NATIONAL_TABLES},
        "collectionround": {"add": Level.ALL, "change": Level.ALL},
        "report": {"view": Level.APPROVED},
        "actionitem": {"view": Level.ALL},
        "surveyround": {"view": Level.ALL},
    },
}

# Who gives and takes which roles, by the giver's role: role given → where, relative to the giver's assignment
# (``REGION``: a scope in the giver's kraj; ``OWN_OSPOD``: the giver's own OSPOD). Superusers give every role and are
# not in the table; nobody gives or takes a role of their own (may_assign).
ASSIGNS: dict[str, dict[str, Level]] = {
    Role.VEDOUCI: {Role.SITAR: Level.REGION, Role.PORADCE: Level.REGION},
    Role.VEDOUCI_OSPOD: {Role.OSPOD: Level.OWN_OSPOD},
}

# Roles whose holders must sign in with a second factor (with superusers): those that give roles.
TWO_FACTOR_ROLES = tuple(ASSIGNS)

# What users a case is shared with may do with it (guardian grants on Case, codename → actions).
CASE_SHARE_ACTIONS = {"view_case": ("view",), "change_case": ("view", "change")}


def level(role: str, model: str, action: str) -> Level | None:
    """The rule for a role, model and action (None: not allowed at all)."""
    return RULES.get(role, {}).get(model, {}).get(action)


def assigns(role: str, given: str) -> Level | None:
    """Where a holder of ``role`` gives and takes the role ``given`` (None: nowhere)."""
    return ASSIGNS.get(role, {}).get(given)


def may_assign(
    scope, *, actor_id: int, user_id: int, role: str, region_id: int | None, organization_id: int | None
) -> bool:
    """Whether the actor (with this resolved scope) may give or take the role held in this place (the kraj it lies
    in, the OSPOD it is held at) by this user: never their own, else as a superuser or as ASSIGNS says."""
    if user_id == actor_id:
        return False
    if scope.superuser:
        return True
    for assignment in scope.assignments:
        at = assigns(assignment.role, role)
        if at is Level.REGION and region_id is not None and region_id == assignment.region_id:
            return True
        if at is Level.OWN_OSPOD and organization_id is not None and organization_id == assignment.organization_id:
            return True
    return False
