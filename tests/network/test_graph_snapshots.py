"""Snapshots of the network's metrics: taken for every ORP and kraj by the system, read back within the user's scope."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from network.analysis.snapshots import snapshot_take
from network.models import NetworkSnapshot
from network.selectors import snapshot_series
from network.tasks import snapshot_take_task
from territory.models import District, Region

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 1)


@pytest.fixture
def links(make_organization, make_link, liberec_town):
    a, b, c = (make_organization(name=name) for name in "ABC")
    make_organization(name="Osamělá")
    make_link(a, b, since=datetime.date(2025, 1, 1))
    make_link(b, c, since=datetime.date(2026, 6, 1))
    make_link(
        make_organization(name="L1", municipality=liberec_town), make_organization(name="L2", municipality=liberec_town)
    )


def test_a_snapshot_is_taken_of_every_district_and_kraj(links, pelhrimov, vysocina):
    count = snapshot_take(on=DAY)
    assert count == District.objects.count() + Region.objects.count()
    assert NetworkSnapshot.objects.filter(taken_on=DAY).count() == count
    metrics = NetworkSnapshot.objects.get(district=pelhrimov, taken_on=DAY).metrics
    assert (metrics["nodes"], metrics["edges"], metrics["links_active"], metrics["isolates"]) == (4, 2, 2, 1)
    assert metrics["density"] == pytest.approx(2 / 6)
    assert metrics["components"] == 2
    kraj = NetworkSnapshot.objects.get(region=vysocina, district__isnull=True, taken_on=DAY).metrics
    assert kraj["edges"] == 2


def test_a_past_day_counts_the_links_in_force_then(links, pelhrimov):
    snapshot_take(on=datetime.date(2026, 1, 1))
    assert NetworkSnapshot.objects.get(district=pelhrimov, taken_on=datetime.date(2026, 1, 1)).metrics["edges"] == 1


def test_a_second_run_on_the_same_day_replaces_the_first(links, make_organization, make_link, pelhrimov):
    snapshot_take(on=DAY)
    make_link(*(make_organization(name=name) for name in ("D", "E")))
    snapshot_take(on=DAY)
    assert NetworkSnapshot.objects.filter(district=pelhrimov).count() == 1
    assert NetworkSnapshot.objects.get(district=pelhrimov).metrics["edges"] == 3


def test_a_kraj_has_one_snapshot_a_day(vysocina):
    NetworkSnapshot.objects.create(region=vysocina, district=None, taken_on=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkSnapshot.objects.create(region=vysocina, district=None, taken_on=DAY)


def test_the_command_and_the_task(links, pelhrimov):
    call_command("snapshot_network", "--on", "2026-10-01")
    assert NetworkSnapshot.objects.filter(taken_on=datetime.date(2026, 10, 1), district=pelhrimov).exists()
    with pytest.raises(CommandError):
        call_command("snapshot_network", "--on", "1. 10. 2026")
    assert snapshot_take_task.apply(args=["2026-09-01"]).get() > 200  # here, not on a worker (see test_celery_worker)
    assert NetworkSnapshot.objects.filter(taken_on=datetime.date(2026, 9, 1)).exists()


def test_the_monthly_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["snapshot-network-monthly"]
    assert entry["task"] == "network.tasks.snapshot_take_task"
    assert entry["schedule"].day_of_month == {1} and entry["schedule"].hour == {2}


def test_the_series_is_scoped(
    links, make_role_user, make_user, make_organization, pelhrimov, liberec, vysocina, liberecky_kraj, ospod
):
    snapshot_take(on=datetime.date(2026, 10, 1))
    snapshot_take(on=DAY)
    vysocina_user = make_role_user("sitar.pelhrimov", "sitar", district=pelhrimov)
    series = snapshot_series(vysocina_user, district=pelhrimov)
    assert [row["date"] for row in series] == [datetime.date(2026, 10, 1), DAY]
    assert series[0]["district"] == "6110" and series[0]["metrics"]["edges"] == 2
    assert [row["district"] for row in snapshot_series(vysocina_user, region=vysocina)] == [None, None]
    assert snapshot_series(vysocina_user, district="6105")  # the whole kraj's districts
    assert snapshot_series(vysocina_user, district=liberec) == []
    assert snapshot_series(vysocina_user, region=liberecky_kraj) == []
    assert {row["region"] for row in snapshot_series(vysocina_user)} == {"3107"}
    assert snapshot_series(make_user("nikdo"), district=pelhrimov) == []
    # An OSPOD worker sees only their own links, so no snapshot of the whole territory.
    assert snapshot_series(make_role_user("ospod.pelhrimov", "ospod", organization=ospod), district=pelhrimov) == []
    national = make_role_user("metodik", "narodni")
    assert len(snapshot_series(national)) == 2 * Region.objects.count()
