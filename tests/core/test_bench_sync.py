"""The sync step of `make bench` (benchmarks/sync.py) runs: on the regional demo, the sitar of Pelhřimov gets a full
copy and then a delta from its cursor, and the step's table is written."""

import pytest
from django.contrib.auth import get_user_model

from benchmarks.sync import SYNC_USER, measure_sync, sync_table
from tests.helpers import api_client

pytestmark = pytest.mark.django_db


class ClientSession:
    """The test client where the benchmark has its HTTP session (the same answers, without a server)."""

    def __init__(self, user):
        self.client = api_client(user)

    def get(self, url: str):
        return self.client.get(url)


def test_the_sync_step_of_the_benchmark_runs_on_the_demo(seeded):
    user = get_user_model().objects.get(username=SYNC_USER)

    results = measure_sync("", "", 2, session=ClientSession(user))

    assert results["full"]["rows"]["organizations"] > 0 and results["full"]["rows"]["meetings"] > 0
    assert results["full"]["kib"] > 0 and results["delta"]["full"] is False
    assert len(sync_table(results)) == 6
