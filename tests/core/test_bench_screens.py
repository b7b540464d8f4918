"""The screens `make bench` measures (benchmarks/screens.py) exist for the roles it asks as: on the regional demo,
every planned page answers 200 to its user, and every link of the main menu is among them."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from benchmarks.screens import SCREEN_USERS, screen_plan

pytestmark = pytest.mark.django_db


def test_every_screen_the_benchmark_measures_answers_its_user(seeded):
    plan = screen_plan()
    clients = {}
    for role, username in SCREEN_USERS.items():
        clients[role] = Client()
        clients[role].force_login(get_user_model().objects.get(username=username))
    failed = [
        (entry["screen"], entry["role"], status)
        for entry in plan
        if (status := clients[entry["role"]].get(entry["path"]).status_code) != 200
    ]
    assert failed == []
    assert {entry["role"] for entry in plan} == set(SCREEN_USERS)


def test_the_benchmark_measures_every_screen_of_the_main_menu(seeded):
    client = Client()
    client.force_login(get_user_model().objects.get(username="vedouci.vysocina"))
    page = client.get("/").content.decode()
    menu = page.split('class="topnav"', 1)[1].split("</nav>", 1)[0]
    links = {path for path in re.findall(r'href="([^"?#]+)"', menu) if not path.startswith(("/admin/", "/accounts/"))}
    measured = {entry["path"].split("?", 1)[0] for entry in screen_plan()}
    assert links - measured == set()
