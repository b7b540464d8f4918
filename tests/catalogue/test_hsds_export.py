"""The public catalogue as open data files: manage.py export_hsds DIR writes HSDS 3.0's tables as CSV with a
datapackage.json that Frictionless validates (types, required cells, unique ids, foreign keys); only public services,
nothing of the staff's work; the nightly task and its download at /hsds/data/.

The demo is built once for the module inside a transaction rolled back at its end.
"""

import csv
import io
import re

import pytest
from django.core.management import call_command
from frictionless import Package, validate

from catalogue.ids import stable_id
from catalogue.tasks import export_hsds_task
from tests.catalogue.public_data import leaked, public_service_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(seeded, tmp_path):
    target = tmp_path / "hsds"
    output = io.StringIO()
    call_command("export_hsds", str(target), stdout=output)
    return target, output.getvalue()


def rows(folder, name: str) -> list[dict]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_export_is_a_valid_data_package_of_the_public_services(exported):
    folder, output = exported
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    services = rows(folder, "services.csv")
    assert {row["id"] for row in services} == {stable_id("service", pk) for pk in public_service_ids()}
    assert re.search(rf"^service +{len(services)}$", output, re.MULTILINE) and "HSDS export written" in output
    package = Package(str(folder / "datapackage.json"))
    assert {resource.name for resource in package.resources} >= {"organization", "service", "taxonomy_term"}


def test_the_export_holds_nothing_of_the_staff_work(exported):
    folder, _ = exported
    everything = "\n".join(path.read_text(encoding="utf-8") for path in folder.iterdir())
    assert not leaked(everything)


def test_a_new_export_replaces_the_last_one_and_is_served(seeded, tmp_path, settings, client):
    settings.HSDS_EXPORT_DIR = tmp_path / "open-data"
    assert client.get("/hsds/data/").status_code == 404  # nothing exported yet
    (tmp_path / "open-data").mkdir()
    (tmp_path / "open-data" / "stale.csv").write_text("old")
    counts = export_hsds_task()
    assert counts["service"] == len(public_service_ids())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["open-data"]
    assert not (tmp_path / "open-data" / "stale.csv").exists()
    package = client.get("/hsds/data/")
    assert package.status_code == 200 and package["Content-Type"] == "application/json"
    assert "public" in package["Cache-Control"] and not package.cookies
    services = client.get("/hsds/data/services.csv")
    assert services.status_code == 200 and b"".join(services.streaming_content).startswith(b"id,organization_id")
    assert client.get("/hsds/data/..%2Fsettings.py").status_code == 404


def test_the_export_runs_every_night(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["hsds-export-nightly"]
    assert entry["task"] == "catalogue.tasks.export_hsds_task"
    assert entry["schedule"].hour == {3}
