"""The import of the MPSV registry of social-service providers (RPSS): imports/registry/, its command and task."""

import copy
import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.utils import translation

from imports.registry import DEFAULT_CODELISTS_DIR, rpss_import
from organizations.models import Organization, Service, ServiceStatus
from tests.data import PERSON_NAMES, RPSS_SAMPLE

TODAY = datetime.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _english():
    """Reasons and the report are asserted in English (the msgids)."""
    with translation.override("en"):
        yield


def run(actor, source=RPSS_SAMPLE, **kwargs):
    kwargs.setdefault("today", TODAY)
    return rpss_import(actor=actor, source=source, **kwargs)


def history_rows() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_app_config("organizations").get_models()
        if model.__name__.startswith("Historical")
    )


def sample_items() -> list[dict]:
    return json.loads(RPSS_SAMPLE.read_text(encoding="utf-8"))["polozky"]


def write_items(path: Path, items: list[dict]) -> Path:
    path.write_text(json.dumps({"polozky": items}, ensure_ascii=False), encoding="utf-8")
    return path


def service(registry_id: str) -> Service:
    return Service.objects.get(registry_id=registry_id)


def rejection(report, item: str):
    return next(r for r in report.rejected if r.item == item)


# ------------------------------------------------------------------------------------------------------- sample --


def test_the_sample_creates_organisations_and_services(actor):
    report = run(actor)

    assert report.items == 12
    assert report.organizations == {"created": 5, "rejected": 2}
    assert report.services == {"created": 9, "rejected": 3}
    assert Organization.objects.count() == 5
    assert Service.objects.count() == 9
    spirala = Organization.objects.get(ico="26543109")
    assert spirala.name == "Spirála Pelhřimov, z. s."
    assert spirala.kind == "social_service_provider"
    assert (spirala.street, spirala.postcode) == ("Masarykovo náměstí 12/3", "393 01")
    assert (spirala.web, spirala.email, spirala.phone) == (
        "https://www.spirala-pe.cz",
        "info@spirala-pe.cz",
        "+420 565 323 111",
    )
    assert spirala.services.count() == 3
    # leading zeros of an IČO are kept; an invalid phone ("neuvedeno") is left out instead of rejecting the provider
    assert Organization.objects.filter(ico="00083674").exists()
    assert Organization.objects.get(ico="69812055").phone == ""
    sas = service("4012345")
    assert sas.name == "Sociálně aktivizační služba pro rodiny s dětmi"
    assert (sas.capacity, sas.capacity_note) == (50, "ter: 30 klientů; amb: 20 klientů")
    assert sas.active_from == datetime.date(2010, 1, 1)
    # without a name of its own a service is named after its first place
    assert service("4012346").name == "Klub Spirála (NZDM)"
    # counts in different units are not summed
    assert service("4012347").capacity is None


def test_organisations_and_services_are_placed_in_their_districts(actor):
    run(actor)

    spirala = Organization.objects.get(ico="26543109")
    assert (spirala.municipality.code, spirala.district.code, spirala.region.code) == ("547492", "6110", "3107")
    # Polná lies in ORP Jihlava
    assert Organization.objects.get(ico="00083674").district.code == "6105"
    assert Organization.objects.get(ico="69812055").district.code == "5105"

    def served(registry_id):
        return sorted(service(registry_id).served_districts.values_list("code", flat=True))

    assert served("4012345") == ["6110"]  # Pelhřimov and Kamenice nad Lipou: one ORP
    assert served("4012347") == ["6105"]  # Spirála's counselling in Jihlava
    assert service("4012347").district.code == "6110"  # …scoped with its organisation
    assert served("5000102") == ["6105"]  # the place in Polná ended in 2020 (also ORP Jihlava)


def test_a_hidden_address_falls_back_to_the_providers_seat_or_is_rejected(actor):
    report = run(actor)

    # shelter and intervention centre with hidden places: served where the provider sits
    assert list(service("5000101").served_districts.values_list("code", flat=True)) == ["6105"]
    assert list(service("6100001").served_districts.values_list("code", flat=True)) == ["5105"]
    # no seat and no place with an address: the provider and its service are rejected
    hidden = rejection(report, "9000001")
    assert hidden.entity == "organization"
    assert "address" in hidden.reason
    assert not Organization.objects.filter(ico="05370116").exists()


def test_a_provider_without_ico_is_rejected_with_the_reason(actor):
    report = run(actor)

    missing = rejection(report, "7000001")
    assert (missing.entity, missing.reason) == ("organization", "The provider has no IČO.")
    assert not Organization.objects.filter(name__startswith="Pomoc v nouzi").exists()
    assert not Service.objects.filter(registry_id="7000001").exists()


def test_codelists_are_mapped_by_code(actor, sas_families, families_with_children):
    report = run(actor)

    sas = service("4012345")
    assert sas.kind == sas_families
    assert sorted(sas.forms.values_list("code", flat=True)) == ["ambulatory", "field"]
    assert sorted(sas.target_groups.values_list("code", flat=True)) == ["crisis", "families_children"]
    assert service("4012346").kind.code == "low_threshold_youth"
    assert service("4012347").kind.code == "specialised_counselling"
    assert service("6100001").kind.code == "intervention_centres"
    assert service("8000001").kind.code == "homes_seniors"
    assert service("8000002").kind.code == "emergency_care"
    # a registry group Síťař does not track (senioři) is left out, the others kept
    assert list(service("9100001").target_groups.values_list("code", flat=True)) == ["families_children"]
    assert list(service("5000101").forms.values_list("code", flat=True)) == ["residential"]
    unknown = rejection(report, "4012348")
    assert unknown.entity == "service"
    assert "DruhSocialniSluzby/999" in unknown.reason


def test_another_codelist_file_changes_the_mapping(actor, tmp_path):
    """The ids mean what the codelist file says, wherever they stand in it."""
    codelists = tmp_path / "codelists"
    shutil.copytree(DEFAULT_CODELISTS_DIR, codelists)
    path = codelists / "druhy-socialni-sluzby.json"
    entries = json.loads(path.read_text(encoding="utf-8"))["polozky"]
    names = {entry["id"]: entry["nazev"]["cs"] for entry in entries}
    swapped = dict(
        names,
        **{
            "DruhSocialniSluzby/28": names["DruhSocialniSluzby/25"],
            "DruhSocialniSluzby/25": names["DruhSocialniSluzby/28"],
        },
    )
    entries = [{"id": code, "nazev": {"cs": name}} for code, name in reversed(list(swapped.items()))]
    path.write_text(json.dumps({"polozky": entries}, ensure_ascii=False), encoding="utf-8")

    run(actor, codelists_dir=codelists)

    assert service("4012345").kind.code == "low_threshold_youth"
    assert service("4012346").kind.code == "sas_families"


def test_an_ended_registration_ends_the_service(actor, tmp_path):
    run(actor)

    ended = service("8000001")
    assert (ended.status, ended.active_until) == (ServiceStatus.ENDED, datetime.date(2024, 6, 30))
    assert service("8000002").status == ServiceStatus.ACTIVE

    items = sample_items()
    items[11]["datumPoskytovaniDo"] = "2026-09-30"  # Kamínek's early intervention ends
    report = run(actor, source=write_items(tmp_path / "next.json", items))

    assert report.services == {"unchanged": 8, "ended": 1, "rejected": 3}
    early = service("9100001")
    assert (early.status, early.active_until) == (ServiceStatus.ENDED, datetime.date(2026, 9, 30))
    assert early.history.first().history_change_reason == "RPSS import"


def test_a_rerun_changes_nothing(actor):
    run(actor)
    rows = history_rows()
    stored = {s.registry_id: s.updated_at for s in Service.objects.all()}

    report = run(actor)

    assert report.organizations == {"unchanged": 5, "rejected": 2}
    assert report.services == {"unchanged": 9, "rejected": 3}
    assert history_rows() == rows
    assert {s.registry_id: s.updated_at for s in Service.objects.all()} == stored


def test_a_changed_item_updates_only_what_changed(actor, tmp_path):
    run(actor)
    sas = service("4012345")
    before = sas.history.count()
    items = sample_items()
    items[0]["ciloveSkupiny"].append({"cilovaSkupina": {"id": "CilovaSkupinaOsoby/4"}})
    items[0]["poskytovatel"]["nazev"] = "Spirála Pelhřimov, z. ú."

    report = run(actor, source=write_items(tmp_path / "changed.json", items))

    assert report.services["updated"] == 1
    assert report.organizations["updated"] == 1
    assert "domestic_violence" in service("4012345").target_groups.values_list("code", flat=True)
    assert service("4012345").history.count() > before
    assert Organization.objects.get(ico="26543109").name == "Spirála Pelhřimov, z. ú."


def test_no_names_of_people_are_stored(actor):
    run(actor)
    text = "".join(
        serializers.serialize("json", model.objects.all())
        for model in apps.get_app_config("organizations").get_models()
    )
    text += serializers.serialize("json", apps.get_model("contacts", "Contact").objects.all())

    assert "Spirála" in json.loads(json.dumps(text))  # the dump really holds the imported data
    found = [name for name in PERSON_NAMES if name in text or name.lower() in text.lower()]
    assert found == []


def test_a_bad_item_is_rolled_back_whole_and_the_import_goes_on(actor, tmp_path):
    items = sample_items()
    lonely = copy.deepcopy(items[11])
    lonely.update(identifikator="9200001", druhSocialniSluzby={"id": "DruhSocialniSluzby/999"})
    lonely["poskytovatel"] = dict(lonely["poskytovatel"], ico="44992785", nazev="Nový spolek")
    bad_ico = copy.deepcopy(items[11])
    bad_ico.update(identifikator="9200002")
    bad_ico["poskytovatel"] = dict(bad_ico["poskytovatel"], ico="12345678")
    broken = copy.deepcopy(items[11])
    broken.update(identifikator="9200003", datumPoskytovaniOd="yesterday")

    report = run(actor, source=write_items(tmp_path / "bad.json", [lonely, bad_ico, broken] + items))

    # the provider of a rejected service is not left behind half-saved
    assert not Organization.objects.filter(ico="44992785").exists()
    assert rejection(report, "9200002").reason == "IČO: This IČO is not valid: its check digit does not match."
    assert "yesterday" in rejection(report, "9200003").reason
    assert report.services["created"] == 9
    assert not Service.objects.filter(registry_id__startswith="92").exists()


# ---------------------------------------------------------------------------------------------------- streaming --


def test_the_registry_is_streamed_item_by_item(actor, monkeypatch):
    """The importer works on a stream of chunks and reaches the first items before the stream is read to its end."""
    parsed_whole = []  # what went through json.load / json.loads: only the small codelist files may
    for name in ("load", "loads"):
        original = getattr(json, name)

        def spy(source, *args, _original=original, _name=name, **kwargs):
            if isinstance(source, (str, bytes)):
                if "identifikator" in (source.decode() if isinstance(source, bytes) else source):
                    parsed_whole.append((_name, "registry"))
            elif not str(getattr(source, "name", "")).startswith(str(DEFAULT_CODELISTS_DIR)):
                parsed_whole.append((_name, str(getattr(source, "name", source))))
            return _original(source, *args, **kwargs)

        monkeypatch.setattr(json, name, spy)
    raw = RPSS_SAMPLE.read_bytes()
    chunks = [raw[i : i + 512] for i in range(0, len(raw), 512)]
    consumed = []

    def stream():
        for chunk in chunks:
            consumed.append(len(chunk))
            yield chunk

    first_progress = []
    report = run(
        actor,
        source=stream(),
        progress_every=1,
        progress=lambda done, total: first_progress.append((done, total, len(consumed))),
    )

    assert report.services["created"] == 9
    assert len(consumed) == len(chunks)
    done, total, chunks_read = first_progress[0]
    assert (done, total) == (1, None)
    assert chunks_read < len(chunks) / 4  # the first item arrived long before the end of the stream
    assert first_progress[-1][:2] == (12, 12)
    assert parsed_whole == []


def test_a_text_file_object_works_too(actor):
    with open(RPSS_SAMPLE, encoding="utf-8") as handle:
        report = run(actor, source=handle)
    assert report.services["created"] == 9


# ---------------------------------------------------------------------------------------------- command and task --


def test_the_command_prints_the_report(actor, tmp_path):
    out = io.StringIO()
    call_command(
        "import_rpss", str(RPSS_SAMPLE), "--codelists", str(DEFAULT_CODELISTS_DIR), "--actor", "actor", stdout=out
    )
    text = out.getvalue()
    assert "Registry items read: 12" in text
    assert "Organisations: created 5, updated 0, unchanged 0, ended 0, rejected 2" in text
    assert "Services: created" in text
    assert "Rejected item 7000001 (organisation): The provider has no IČO." in text
    assert Service.objects.get(registry_id="4012345").history.first().history_user == actor


def test_the_command_refuses_a_missing_file_or_a_broken_document(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("import_rpss", "/nonexistent/rpss.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"polozky": [{"identifikator": "1"', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_rpss", str(broken))


def test_the_task_imports_as_the_jobs_user_and_records_progress(actor, settings, tmp_path):
    from core.models import Job, JobState
    from imports.tasks import rpss_import_task

    settings.SITAR_UPLOAD_DIR = tmp_path
    path = write_items(tmp_path / "rpss-upload.json", sample_items())
    job = Job.objects.create(user=actor, kind="rpss_import", title="Import", params={"path": str(path)})

    assert rpss_import_task.apply(args=(str(job.pk),)).get() == JobState.DONE

    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (JobState.DONE, 12, 12)
    assert job.result["services"]["rejected"] == 3 and job.result["organizations"]["created"] == 5
    assert "Registry items read: 12" in job.result["text"]
    assert Service.objects.first().history.first().history_user == actor
    assert not path.exists()  # the uploaded file is removed once imported


def test_progress_estimates_the_total_from_the_part_of_the_file_read(actor, tmp_path):
    from demo.rpss_file import write

    path = tmp_path / "big.json"
    write(path, 600, obce=["547492", "586846"])
    calls = []

    run(actor, source=path, progress=lambda done, total: calls.append((done, total)), progress_every=100)

    assert [done for done, _ in calls] == [100, 200, 300, 400, 500, 600, 600]
    assert calls[-1] == (600, 600)
    assert all(total is not None and 500 <= total <= 700 for _, total in calls), calls  # 600 items in the file


# -------------------------------------------------------------------------------------------- bulk and one by one --


def test_a_bulk_import_leaves_the_history_a_save_through_the_services_leaves(actor, tmp_path):
    """Superusers' imports are written in bulk: one "+" record per row with its m2m snapshot, then "~" per change."""
    from core.views import history_of

    run(actor)
    sas = service("4012345")
    [created] = sas.history.all()
    assert (created.history_type, created.history_user, created.history_change_reason) == ("+", actor, "RPSS import")
    assert (
        {row.district_id for row in created.served_districts.all()}
        == set(sas.served_districts.values_list("pk", flat=True))
        != set()
    )
    assert (
        {row.targetgroup_id for row in created.target_groups.all()}
        == set(sas.target_groups.values_list("pk", flat=True))
        != set()
    )
    assert Organization.objects.get(ico="26543109").history.get().history_type == "+"

    items = sample_items()
    items[0]["ciloveSkupiny"].append({"cilovaSkupina": {"id": "CilovaSkupinaOsoby/4"}})
    items[0]["datumPoskytovaniOd"] = "2013-02-01"
    run(actor, source=write_items(tmp_path / "changed.json", items))

    newest, first = sas.history.all()
    assert (newest.history_type, newest.history_change_reason) == ("~", "RPSS import")
    assert sorted(newest.diff_against(first).changed_fields) == ["active_from", "target_groups"]
    with translation.override("en"):
        assert sorted(map(str, history_of(sas)[0]["fields"])) == ["Provided since", "Target groups"]


def test_a_scoped_actor_imports_one_by_one_within_their_territory(make_role_user, pelhrimov, liberec):
    """Items outside a síťař's ORP are rejected with the scope's reason; the rest is saved as by an administrator."""
    sitar = make_role_user("import.sitar", "sitar", district=pelhrimov)

    report = run(sitar)

    inside = set(Service.objects.values_list("district_id", flat=True))
    assert inside == {pelhrimov.pk}
    assert report.services["created"] == Service.objects.count() > 0
    assert not Organization.objects.filter(district=liberec).exists()
    reasons = {r.reason for r in report.rejected}
    assert any("outside the territory where you work" in reason for reason in reasons)
    assert Service.objects.filter(registry_id="4012345").get().history.get().history_user == sitar


def test_a_provider_moving_to_another_district_takes_its_services_along(actor, tmp_path):
    run(actor)
    items = sample_items()
    moved = Organization.objects.get(ico="26543109")
    for item in items:
        if item["poskytovatel"].get("ico") == "26543109":
            item["poskytovatel"]["adresa"]["obec"] = {"id": "Obec/563889"}  # Liberec

    report = run(actor, source=write_items(tmp_path / "moved.json", items))

    moved.refresh_from_db()
    assert moved.district.name == "Liberec"
    assert report.organizations["updated"] == 1
    assert set(Service.objects.filter(organization=moved).values_list("district_id", flat=True)) == {moved.district_id}


def test_the_same_service_twice_in_a_file_is_saved_once(actor, tmp_path):
    items = sample_items()
    again = copy.deepcopy(items[0])
    again["nazev"] = "Sociálně aktivizační služba (opraveno)"

    report = run(actor, source=write_items(tmp_path / "twice.json", items + [again]))

    assert Service.objects.filter(registry_id="4012345").count() == 1
    assert service("4012345").name == "Sociálně aktivizační služba (opraveno)"
    assert report.services["created"] == 9 and report.services["updated"] == 1


def test_a_batch_whose_bulk_write_fails_is_imported_one_by_one(actor, monkeypatch):
    """A concurrent writer (a unique IČO taken meanwhile) fails the bulk write; the items then go through the services."""
    from django.db import IntegrityError

    from imports.registry import plan

    def conflict(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(plan, "bulk_save_with_history", conflict)

    report = run(actor)

    assert report.organizations == {"created": 5, "rejected": 2}
    assert report.services == {"created": 9, "rejected": 3}
    assert Service.objects.count() == 9


def test_a_change_saved_in_bulk_equals_the_same_change_saved_one_by_one(actor, monkeypatch, tmp_path):
    """Stored rows and their newest history records, m2m snapshots included, are the same on both paths (an
    organisation's search name, which clean() derives from its name, too)."""
    from django.db import transaction

    from imports.registry.importer import Importer

    run(actor)
    items = sample_items()
    items[0]["poskytovatel"]["nazev"] = "Úplně Nový Název, z. s."
    items[0]["ciloveSkupiny"].append({"cilovaSkupina": {"id": "CilovaSkupinaOsoby/4"}})
    items[0]["datumPoskytovaniDo"] = "2026-06-30"
    changed = write_items(tmp_path / "changed.json", items)
    moments = ("created_at", "updated_at", "history_date", "history_id", "m2m_history_id")

    def stored() -> dict:
        organization = Organization.objects.get(ico="26543109")
        sas = service("4012345")
        rows = {}
        for record in (organization, sas):
            newest = record.history.first()
            rows[record._meta.model_name] = (
                {
                    key: value
                    for key, value in type(record).objects.filter(pk=record.pk).values().get().items()
                    if key not in moments
                },
                {key: value for key, value in vars(newest).items() if not key.startswith("_") and key not in moments},
                {
                    field.name: sorted(
                        getattr(row, field.m2m_reverse_field_name() + "_id")
                        for row in getattr(newest, field.name).all()
                    )
                    for field in type(newest)._history_m2m_fields
                },
            )
        return rows

    with transaction.atomic():
        report = run(actor, source=changed)
        in_bulk = stored()
        transaction.set_rollback(True)
    monkeypatch.setattr(Importer, "in_bulk", property(lambda self: False))
    one_by_one_report = run(actor, source=changed)

    assert report.as_dict() == one_by_one_report.as_dict()
    assert report.services["ended"] == 1 and report.organizations["updated"] == 1
    assert in_bulk == stored()
    assert Organization.objects.get(ico="26543109").search_name == "uplne novy nazev, z. s."


def test_a_file_cut_short_imports_the_items_before_the_break_and_says_so(actor, tmp_path):
    from demo.rpss_file import write
    from imports.registry import RegistryFileError

    whole = tmp_path / "whole.json"
    write(whole, 700, obce=["547492", "586846"])
    text = whole.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) * 9 // 10], encoding="utf-8")

    with pytest.raises(RegistryFileError) as raised:
        run(actor, source=cut)

    read = raised.value.report.items
    assert 550 < read < 700
    assert f"The {read} items before the error were imported" in str(raised.value)
    assert Service.objects.count() == read - raised.value.report.services["rejected"]
