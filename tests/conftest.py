"""Shared fixtures: users, places in the territory, and small factories that build records through the services.

The territory (14 kraje, 206 ORP, 6 258 obcí) and the codelists are loaded by migrations, so every test database has
them; the fixtures below only look them up. Factories go through the services, as the application does, so a record
built here has its scope, history and version exactly as in production. The people in roles and their signed-in
clients are in tests/roles.py (imported here), data at the national dataset's scale for tests of query plans in
tests/scale.py (imported here), plain helpers in tests/helpers.py.
"""

import datetime
import itertools
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

from territory.models import District, Municipality, Region
from tests.attachments import attachment_dir  # noqa: F401
from tests.celery_worker import celery_worker  # noqa: F401
from tests.helpers import api_client
from tests.roles import api, home, poradce, signed_in, sitar, sitar_liberec, vedouci  # noqa: F401
from tests.scale import country, services_serving  # noqa: F401

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


# ---------------------------------------------------------------------------------------------------------- users --


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches: no API throttle counts, no network metrics computed before, no codes of
    reference rows read by an earlier test (SQLite gives a rolled-back row's id again)."""
    from django.core.cache import caches

    from core import reference

    for alias in ("default", "metrics"):
        caches[alias].clear()
    reference.forget()
    yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """A real hasher costs about a second per user; tests check who may do what, not how passwords are hashed."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _two_factor_not_required():
    """The demo's rule (DEMO_2FA unset): superusers and leads sign in with a password alone; the tests of two-factor
    sign-in (tests/security/test_07_two_factor.py) turn the requirement on. A user with a device still gives a code."""
    with override_settings(SITAR_2FA_REQUIRED=False):
        yield


@pytest.fixture
def make_user(db):
    """Create a user: make_user() or make_user("jana.sitar", password=...)."""

    def make(username: str | None = None, *, password: str = "heslo-pro-test-2026", **fields):
        return get_user_model().objects.create_user(username or f"user{_next()}", password=password, **fields)

    return make


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """seed_demo run once for the module; its output. Everything is rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = StringIO()
        call_command("seed_demo", stdout=output)
        with connection.cursor() as cursor:
            # The planner sees the demo (ANALYZE reads this transaction's own rows), whatever statistics came before.
            cursor.execute("ANALYZE")
        yield output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The permission matrices' world (tests/permission_world.py), built once per module inside a transaction that is
    rolled back at its end; each test runs in a savepoint."""
    from tests.permission_world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def make_role_user(make_user, actor):
    """A user holding one role: make_role_user("jana.sitar", "sitar", district=pelhrimov)."""
    from permissions.services import role_assign

    def make(username: str, role: str, **scope):
        user = make_user(username)
        role_assign(actor=actor, user=user, role=role, **scope)
        return user

    return make


@pytest.fixture
def role_people(make_role_user, ospod, ospod_jihlava, vysocina, liberecky_kraj, pelhrimov, jihlava):
    """A holder of each role around ORP Pelhřimov and Jihlava (Vysočina), and a lead of Liberecký kraj: by key."""
    return {
        "narodni": make_role_user("role.narodni", "narodni"),
        "vedouci": make_role_user("role.vedouci", "vedouci", region=vysocina),
        "poradce": make_role_user("role.poradce", "poradce", region=vysocina),
        "vedouci_li": make_role_user("role.vedouci.li", "vedouci", region=liberecky_kraj),
        "ospod": make_role_user("role.ospod", "ospod", organization=ospod),
        "ospod_ji": make_role_user("role.ospod.ji", "ospod", organization=ospod_jihlava),
        "sitar": make_role_user("role.sitar", "sitar", district=pelhrimov),
        "sitar_ji": make_role_user("role.sitar.ji", "sitar", district=jihlava),
    }


@pytest.fixture
def as_user(client):
    """The test client signed in as the given user: as_user(user).get("/organizations/")."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def api_as():
    """An API client signed in as the given user: api_as(user).get("/api/v1/…")."""
    return api_client


@pytest.fixture
def actor(make_user):
    """The administrator who makes the changes in a test (the history records them); scope rules have their own tests."""
    return make_user("actor", is_superuser=True, is_staff=True)


@pytest.fixture
def other_actor(make_user):
    """A second administrator, for changes that must be told apart from the actor's."""
    return make_user("other.actor", is_superuser=True, is_staff=True)


@pytest.fixture(scope="module")
def compiled_catalogue():
    """The Czech catalogue, compiled: the .mo is git-ignored and built by the set-up; built here too when it is missing
    or older than the .po (use it with pytest.mark.usefixtures("compiled_catalogue"))."""
    catalogue = Path(settings.LOCALE_PATHS[0]) / "cs" / "LC_MESSAGES" / "django.po"
    compiled = catalogue.with_suffix(".mo")
    if not compiled.exists() or compiled.stat().st_mtime < catalogue.stat().st_mtime:
        call_command("compilemessages", locale=["cs"], ignore_patterns=[".venv", ".git"], verbosity=0)
    # Changing LOCALE_PATHS (to the same value) drops the translations Django has already loaded in this process.
    with override_settings(LOCALE_PATHS=list(settings.LOCALE_PATHS)):
        yield


# ------------------------------------------------------------------------------------------------------ territory --


@pytest.fixture
def vysocina(db) -> Region:
    return Region.objects.get(code="3107")


@pytest.fixture
def liberecky_kraj(db) -> Region:
    return Region.objects.get(code="3077")


@pytest.fixture
def pelhrimov(db) -> District:
    """ORP Pelhřimov (Vysočina)."""
    return District.objects.get(code="6110")


@pytest.fixture
def jihlava(db) -> District:
    """ORP Jihlava (Vysočina)."""
    return District.objects.get(code="6105")


@pytest.fixture
def liberec(db) -> District:
    """ORP Liberec (Liberecký kraj)."""
    return District.objects.get(code="5105")


@pytest.fixture
def pelhrimov_town(db) -> Municipality:
    """The town of Pelhřimov, in ORP Pelhřimov."""
    return Municipality.objects.get(code="547492")


@pytest.fixture
def kamenice_nad_lipou(db) -> Municipality:
    """Kamenice nad Lipou: another town in ORP Pelhřimov."""
    return Municipality.objects.get(code="548111")


@pytest.fixture
def jihlava_town(db) -> Municipality:
    return Municipality.objects.get(code="586846")


@pytest.fixture
def liberec_town(db) -> Municipality:
    return Municipality.objects.get(code="563889")


# ------------------------------------------------------------------------------------------------------ codelists --


@pytest.fixture
def sas_families(db):
    """The service kind § 65, social activation services for families with children."""
    from organizations.models import ServiceKind

    return ServiceKind.objects.get(code="sas_families")


@pytest.fixture
def families_with_children(db):
    from organizations.models import TargetGroup

    return TargetGroup.objects.get(code="families_children")


# ------------------------------------------------------------------------------------------------------ factories --


@pytest.fixture
def make_organization(actor, pelhrimov_town):
    """Create an organisation through organization_create; by default an NGO in the town of Pelhřimov."""
    from organizations.services import organization_create

    def make(*, name: str | None = None, kind: str = "ngo", actor=actor, **fields):
        if "municipality" not in fields and "district" not in fields:
            fields["municipality"] = pelhrimov_town
        return organization_create(actor=actor, name=name or f"Organizace {_next()}", kind=kind, **fields)

    return make


@pytest.fixture
def organization(make_organization):
    """An NGO in Pelhřimov."""
    return make_organization(name="Spirála Pelhřimov")


@pytest.fixture
def partner(make_organization):
    """A second organisation in Pelhřimov: a school."""
    return make_organization(name="ZŠ Komenského Pelhřimov", kind="school")


@pytest.fixture
def ospod(make_organization):
    """The OSPOD of ORP Pelhřimov."""
    return make_organization(name="OSPOD Pelhřimov", kind="ospod", ico="00248801")


@pytest.fixture
def ospod_jihlava(make_organization, jihlava_town):
    """The OSPOD of ORP Jihlava: the same kraj as Pelhřimov, another ORP."""
    return make_organization(name="OSPOD Jihlava", kind="ospod", municipality=jihlava_town)


@pytest.fixture
def make_service(actor, sas_families):
    """Create a service of an organisation through service_create."""
    from organizations.services import service_create

    def make(organization, *, name: str | None = None, kind=None, actor=actor, **fields):
        return service_create(
            actor=actor,
            organization=organization,
            name=name or f"Služba {_next()}",
            kind=kind or sas_families,
            **fields,
        )

    return make


@pytest.fixture
def make_contact(actor):
    """Create a contact person through contact_create; by default kept on legitimate interest."""
    from contacts.services import contact_create

    def make(organization, *, name: str | None = None, legal_basis: str = "legitimate_interest", actor=actor, **fields):
        return contact_create(
            actor=actor, organization=organization, name=name or f"Kontakt {_next()}", legal_basis=legal_basis, **fields
        )

    return make


@pytest.fixture
def make_meeting(actor, pelhrimov):
    """Log a meeting through meeting_create; by default a working meeting in ORP Pelhřimov."""
    from meetings.services import meeting_create

    def make(
        *, kind: str = "working_meeting", title: str | None = None, held_on=None, district=None, actor=actor, **fields
    ):
        return meeting_create(
            actor=actor,
            kind=kind,
            title=title or f"Setkání {_next()}",
            held_on=held_on or datetime.date(2026, 3, 10),
            district=district or pelhrimov,
            **fields,
        )

    return make


@pytest.fixture
def make_need(actor, pelhrimov):
    """Record a need through need_create; by default a missing service in ORP Pelhřimov."""
    from meetings.services import need_create

    def make(*, title: str | None = None, category: str = "missing_service", district=None, actor=actor, **fields):
        return need_create(
            actor=actor,
            district=district or pelhrimov,
            title=title or f"Potřeba {_next()}",
            category=category,
            **fields,
        )

    return make


@pytest.fixture
def make_link(actor):
    """Record a cooperation link through link_create; by default a referral of strength 3."""
    from network.services import link_create

    def make(source, target, *, kind: str = "referral", actor=actor, **fields):
        return link_create(actor=actor, source=source, target=target, kind=kind, **fields)

    return make


@pytest.fixture
def make_case(actor, ospod):
    """Open a case network of the Pelhřimov OSPOD through case_create."""
    from network.services import case_create

    def make(*, reference: str | None = None, owner=None, opened_on=None, actor=actor, **fields):
        return case_create(
            actor=actor,
            ospod=owner or ospod,
            reference=reference or f"OSPOD-2026-{_next():03d}",
            opened_on=opened_on or datetime.date(2026, 1, 15),
            **fields,
        )

    return make


@pytest.fixture
def jobs_at_once(monkeypatch):
    """Background jobs (core.jobs.job_start) run at once inside the request, as their task.

    Without a broker a job's task runs after the commit; a test's transaction never commits (and a browser test's
    live server shares it), so here the task runs when the job is started instead.
    """
    from core import jobs

    monkeypatch.setattr(jobs, "enqueue", lambda task, *args, **kwargs: task.apply(args=args, kwargs=kwargs))
