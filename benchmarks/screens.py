"""The screens of the national benchmark: every menu screen and a record of each kind, as each role that uses it.

Signed in through the login form over HTTP (a browser's session cookie), each page asked for as a tablet does
(Accept-Encoding: gzip): p50 / p95, the bytes on the wire and unpacked, and the queries the page runs (counted
in this process on the same database).
"""

import gzip
import time

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from evaluation.models import CollectionRound, Report
from meetings.models import Meeting, Need
from network.models import Case, CooperationLink
from organizations.models import Organization
from permissions.scoping import get_scope
from surveys.models import SurveyRound
from territory.models import District, Region

# The demo users of the regional demo (they keep their roles in the national dataset).
SCREEN_USERS = {
    "sitar": "sitar.pelhrimov",
    "ospod": "ospod.jihlava",
    "vedouci": "vedouci.vysocina",
    "poradce": "poradce.vysocina",
    "narodni": "narodni",
}

# Targets of issue 17 (server time over loopback; the HTML unpacked).
SCREEN_TARGETS = {"p50_ms": 60, "p95_ms": 150, "kraj_p50_ms": 150, "kib": 150}

# Screens of a whole kraj or the country (the map, coverage, report, evaluation): their p50 target is the kraj's.
KRAJ_SCREENS = {
    "network map of the kraj",
    "coverage of the kraj",
    "ORP report",
    "evaluation of the kraj",
    "evaluation of the kraje",
    "needs across ORP",
    "the kraj per 1 000 children",
    "early warnings",
}


def _home_codes(user) -> tuple[District | None, Region | None]:
    assignments = get_scope(user).assignments
    district_id = next((a.district_id for a in assignments if a.district_id), None)
    region_id = next((a.region_id for a in assignments if a.region_id), None)
    district = District.objects.select_related("region").get(pk=district_id) if district_id else None
    region = district.region if district else (Region.objects.get(pk=region_id) if region_id else None)
    return district, region


def _busiest(queryset, relation: str):
    """The record in scope with the most rows of a relation: the heaviest page of its kind a user opens."""
    return queryset.annotate(weight=Count(relation)).order_by("-weight", "pk").values_list("pk", flat=True).first()


def screen_plan() -> list[dict]:
    """(screen, role, path) of every measured page; records picked in the asking user's scope."""
    users = {role: get_user_model().objects.get(username=name) for role, name in SCREEN_USERS.items()}
    sitar_district, region = _home_codes(users["sitar"])
    ospod_district, _ = _home_codes(users["ospod"])
    sitar = users["sitar"]
    card = _busiest(Organization.objects.restrict(sitar, "view").filter(district=sitar_district), "meetings")
    meeting = _busiest(Meeting.objects.restrict(sitar, "view").filter(district=sitar_district), "organizations")
    need = (
        Need.objects.restrict(sitar, "view")
        .filter(district=sitar_district)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    link = (
        CooperationLink.objects.restrict(sitar, "view")
        .filter(source__district=sitar_district)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    case = Case.objects.restrict(users["ospod"], "view").order_by("-pk").values_list("pk", flat=True).first()
    kraj = f"?region={region.code}"
    round_ = (
        CollectionRound.objects.restrict(users["vedouci"], "view")
        .order_by("-period")
        .values_list("pk", flat=True)
        .first()
    )
    form = (
        Report.objects.restrict(users["vedouci"], "view")
        .filter(round=round_)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    survey = (
        SurveyRound.objects.restrict(sitar, "view")
        .filter(district=sitar_district)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    screens = [
        ("home", "/", ["sitar", "ospod", "vedouci", "poradce", "narodni"]),
        ("directory", "/organizations/", ["sitar", "ospod", "vedouci", "poradce", "narodni"]),
        ("log a meeting", "/meetings/new/", ["sitar", "ospod", "poradce"]),
        ("meetings", "/meetings/", ["sitar", "ospod", "vedouci", "poradce"]),
        ("working groups", "/meetings/groups/", ["sitar", "vedouci", "poradce"]),
        ("needs board", "/meetings/needs/", ["sitar", "vedouci", "poradce", "narodni"]),
        ("follow-ups", "/meetings/followups/", ["sitar", "ospod", "poradce"]),
        ("cooperation links", "/links/", ["sitar", "vedouci", "poradce"]),
        ("network map", "/network/", ["sitar", "ospod"]),
        ("network map of the kraj", f"/network/{kraj}", ["vedouci", "poradce", "narodni"]),
        ("coverage", "/network/coverage/", ["sitar"]),
        ("coverage of the kraj", f"/network/coverage/{kraj}", ["vedouci", "poradce", "narodni"]),
        ("cases", "/cases/", ["ospod"]),
        ("role assignments", "/roles/", ["vedouci"]),
        ("organisation card", f"/organizations/{card}/", ["sitar", "ospod", "vedouci", "poradce"]),
        ("meeting", f"/meetings/{meeting}/", ["sitar", "vedouci"]),
        ("need", f"/meetings/needs/{need}/", ["sitar", "vedouci"]),
        ("cooperation link", f"/links/{link}/", ["sitar", "vedouci"]),
        ("case", f"/cases/{case}/", ["ospod"]),
        ("ORP report", f"/network/report/{sitar_district.code}/", ["sitar", "vedouci", "narodni"]),
        ("evaluation of the kraj", "/evaluation/", ["vedouci", "poradce"]),
        ("evaluation of the kraje", "/evaluation/", ["narodni"]),
        ("indicators", "/evaluation/indicators/", ["narodni"]),
        ("collection rounds", "/evaluation/rounds/", ["ospod", "vedouci", "narodni"]),
        ("collection round", f"/evaluation/rounds/{round_}/", ["ospod", "vedouci", "narodni"]),
        ("an OSPOD's form", f"/evaluation/forms/{form}/", ["vedouci"]),
        ("indicators over the rounds", "/evaluation/trends/", ["ospod", "vedouci", "narodni"]),
        ("the kraj per 1 000 children", f"/evaluation/trends/?kraj={region.code}&na=1000", ["vedouci", "narodni"]),
        ("early warnings", "/evaluation/warnings/", ["vedouci", "narodni"]),
        ("action plans", "/evaluation/plans/", ["sitar", "ospod", "vedouci", "poradce", "narodni"]),
        ("action plan of the kraj", f"/evaluation/plans/{region.code}/", ["sitar", "vedouci", "poradce", "narodni"]),
        ("action plan of an ORP", f"/evaluation/plans/orp/{sitar_district.code}/", ["sitar", "vedouci"]),
        ("needs across ORP", f"/evaluation/needs/{region.code}/", ["vedouci", "poradce", "narodni"]),
        ("life situations", "/katalog/situace/", ["narodni"]),
        ("partner surveys", "/surveys/", ["sitar", "ospod", "vedouci", "poradce", "narodni"]),
        ("partner survey round", f"/surveys/{survey}/", ["sitar", "vedouci"]),
        ("duplicate organisations", "/organizations/duplicates/", ["sitar", "vedouci", "poradce"]),
    ]
    if ospod_district is None:  # pragma: no cover - the demo's OSPOD worker has an ORP
        raise RuntimeError("ospod.jihlava has no ORP")
    if form is None:  # pragma: no cover - seed_demo gives the kraj two rounds
        raise RuntimeError("the demo has no round of collection")
    return [{"screen": name, "role": role, "path": path} for name, path, roles in screens for role in roles]


def signed_in_session(base: str, username: str) -> requests.Session:
    """A browser's session: the login form with its CSRF token, as a person signs in."""
    session = requests.Session()
    session.headers.update({"Accept-Encoding": "gzip", "Accept-Language": "cs"})
    login = session.get(f"{base}/accounts/login/")
    login.raise_for_status()
    token = session.cookies.get(settings.CSRF_COOKIE_NAME)
    response = session.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": settings.DEMO_PASSWORD},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in ({response.status_code})")
    return session


def _wire_and_body(response: requests.Response) -> tuple[int, int]:
    raw = response.raw.read(decode_content=False)
    encoded = response.headers.get("Content-Encoding") == "gzip"
    return len(raw), len(gzip.decompress(raw) if encoded else raw)


def latency_stats(latencies: list[float]) -> dict:
    """p50 and p95 of request times in ms."""
    ordered = sorted(latencies)
    return {
        "p50_ms": round(ordered[len(ordered) // 2], 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
    }


def mark(good: bool) -> str:
    """✔ where a target is met, ✘ where it is missed (the tables of latest.md)."""
    return "✔" if good else "✘"


def timed_screen(session: requests.Session, url: str, count: int, warmup: int = 2) -> dict:
    for _ in range(warmup):
        session.get(url).raise_for_status()
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        response = session.get(url, stream=True)
        wire, body = _wire_and_body(response)  # the whole body read: the time includes the transfer
        latencies.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
    return {
        **latency_stats(latencies),
        "requests": count,
        "kib": round(body / 1024, 1),
        "wire_kib": round(wire / 1024, 1),
        "compressed": response.headers.get("Content-Encoding") == "gzip",
    }


def screen_queries(username: str, path: str) -> int:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code}")
    return len(queries.captured_queries)


def measure_screens(base: str, count: int) -> list[dict]:
    plan = screen_plan()
    sessions = {role: signed_in_session(base, name) for role, name in SCREEN_USERS.items()}
    results = []
    for entry in plan:
        timing = timed_screen(sessions[entry["role"]], base + entry["path"], count)
        results.append({**entry, **timing, "queries": screen_queries(SCREEN_USERS[entry["role"]], entry["path"])})
    return results


def session_cookies(base: str) -> dict[str, str]:
    """The Cookie header of each role's signed-in session, for the mixed load."""
    cookies = {}
    for role, name in SCREEN_USERS.items():
        session = signed_in_session(base, name)
        cookies[role] = "; ".join(f"{key}={value}" for key, value in session.cookies.items())
    return cookies


def screens_table(results: list[dict]) -> list[str]:
    lines = ["| screen | role | p50 ms | p95 ms | KiB (gzip on the wire) | queries |", "|---|---|---|---|---|---|"]
    for entry in results:
        p50_target = SCREEN_TARGETS["kraj_p50_ms" if entry["screen"] in KRAJ_SCREENS else "p50_ms"]
        lines.append(
            f"| {entry['screen']} | {entry['role']} | {entry['p50_ms']} {mark(entry['p50_ms'] <= p50_target)} "
            f"| {entry['p95_ms']} {mark(entry['p95_ms'] <= SCREEN_TARGETS['p95_ms'])} "
            f"| {entry['kib']} ({entry['wire_kib']}) {mark(entry['kib'] <= SCREEN_TARGETS['kib'])} "
            f"| {entry['queries']} |"
        )
    return lines
