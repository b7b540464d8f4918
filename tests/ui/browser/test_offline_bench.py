"""The tablet step of `make bench` (benchmarks/tablet.py) runs: in Chromium, the sitar of Pelhřimov opens Síťař and
the offline app's first copy is timed and weighed; the step's line is written."""

import pytest
from django.conf import settings

from benchmarks.sync import SYNC_USER
from benchmarks.tablet import measure_tablet, tablet_table

pytestmark = pytest.mark.django_db


def test_the_tablet_step_of_the_benchmark_runs(browser, live_url, make_role_user, pelhrimov, make_organization):
    user = make_role_user(SYNC_USER, "sitar", district=pelhrimov)
    user.set_password(settings.DEMO_PASSWORD)
    user.save(update_fields=["password"])
    organization = make_organization(name="Spirála Pelhřimov")

    result = measure_tablet(live_url, runs=1, browser=browser)

    assert result["rows"]["organizations"] == 1 and organization.pk
    assert result["p50_ms"] > 0 and result["indexeddb_kib"] > 0
    assert "IndexedDB" in tablet_table(result)[0]
