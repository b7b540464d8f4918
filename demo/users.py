"""The fixed demo users, one per role, with their intended scopes."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from organizations.models import Organization, OrganizationKind
from permissions.models import Role, RoleAssignment
from permissions.services import role_assign
from territory.models import District, Region

VYSOCINA, LIBERECKY = "3107", "3077"
PELHRIMOV, JIHLAVA, LIBEREC = "6110", "6105", "5105"
# The OSPOD the demo's OSPOD worker belongs to (the regional generator creates it under this name).
JIHLAVA_OSPOD_NAME = "Magistrát města Jihlavy – OSPOD"


@dataclass(frozen=True)
class DemoUser:
    """A demo user: login, fictional name, role and the code of the scope (region, district or OSPOD district)."""

    username: str
    first_name: str
    last_name: str
    role: str | None = None
    scope: str | None = None


DEMO_USERS = [
    DemoUser("admin", "Správce", "Systému"),
    DemoUser("narodni", "Helena", "Marková", Role.NARODNI),
    DemoUser("vedouci.vysocina", "Pavel", "Doležal", Role.VEDOUCI, VYSOCINA),
    DemoUser("poradce.vysocina", "Lenka", "Horáková", Role.PORADCE, VYSOCINA),
    DemoUser("sitar.pelhrimov", "Tereza", "Kolářová", Role.SITAR, PELHRIMOV),
    DemoUser("sitar.jihlava", "Martin", "Šimek", Role.SITAR, JIHLAVA),
    DemoUser("ospod.jihlava", "Ivana", "Benešová", Role.OSPOD, JIHLAVA),
    DemoUser("vedouci.ospod.jihlava", "Radka", "Vondrová", Role.VEDOUCI_OSPOD, JIHLAVA),
    DemoUser("sitar.liberec", "Jakub", "Holub", Role.SITAR, LIBEREC),
    DemoUser("vedouci.liberec", "Markéta", "Skálová", Role.VEDOUCI, LIBERECKY),
]


def ensure_users(password: str) -> dict:
    """Create the demo users, or bring back their flags and set their password to the current one."""
    User = get_user_model()
    # One hash for all: hashing is deliberately slow, and every demo user has the same password anyway.
    hashed = make_password(password)
    users = {}
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first() or User(username=spec.username)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.email = f"{spec.username}@demo.sitar.example"
        user.is_active = True
        user.is_staff = user.is_superuser = spec.username == "admin"
        user.password = hashed
        user.save()
        users[spec.username] = user
    return users


def _scope(spec: DemoUser) -> dict | None:
    """The scope keyword of role_assign for a demo user ({} for the whole country, None while its OSPOD is missing)."""
    if spec.role in (Role.OSPOD, Role.VEDOUCI_OSPOD):
        ospod = Organization.objects.filter(
            kind=OrganizationKind.OSPOD, district__code=spec.scope, name=JIHLAVA_OSPOD_NAME
        ).first()
        return {"organization": ospod} if ospod else None
    if spec.role in (Role.PORADCE, Role.VEDOUCI):
        return {"region": Region.objects.get(code=spec.scope)}
    if spec.role == Role.SITAR:
        return {"district": District.objects.get(code=spec.scope)}
    return {}


def ensure_assignments(users: dict) -> None:
    """Give every demo user its role in its scope unless it holds it (the OSPOD worker once its OSPOD exists)."""
    admin = users["admin"]
    for spec in DEMO_USERS:
        scope = _scope(spec) if spec.role else None
        if scope is None:
            continue
        lookup = {"region": None, "district": None, "organization": None} | scope
        if not RoleAssignment.objects.filter(user=users[spec.username], role=spec.role, **lookup).exists():
            role_assign(actor=admin, user=users[spec.username], role=spec.role, **scope)


def user_table(password: str) -> list[tuple[str, str, str, str]]:
    """Rows of (username, role, scope, password) describing the demo users as they are stored now."""
    rows = []
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=[spec.username for spec in DEMO_USERS])
    }
    assignments = RoleAssignment.objects.filter(user__in=users.values()).select_related(
        "region", "district", "organization"
    )
    by_user = {}
    for assignment in assignments:
        by_user.setdefault(assignment.user_id, []).append(assignment)
    for spec in DEMO_USERS:
        user = users[spec.username]
        if user.is_superuser:
            rows.append((user.username, _("administrator"), _("everything"), password))
            continue
        for assignment in by_user.get(user.pk, []):
            if assignment.district:
                scope = _("ORP %(name)s") % {"name": assignment.district.name}
            else:
                scope = str(assignment.region or assignment.organization or _("whole country"))
            rows.append((user.username, str(assignment.get_role_display()), scope, password))
    return rows
