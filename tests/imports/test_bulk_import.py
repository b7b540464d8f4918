"""The bulk import of organisations, services and contact persons (imports.bulk): the dry run, the all-or-nothing
real run, matching of existing records within the user's reach, and file-level errors."""

import io
import json

import pytest
from django.utils import translation
from openpyxl import load_workbook

from contacts.models import Contact
from imports.batches import BatchAlreadyImported, bulk_check_batch, bulk_import_batch, import_batch_create
from imports.bulk import BulkReport, bulk_import, template_bytes
from organizations.models import ImportBatch, Organization, Service
from tests.imports.files import ORG_HEADERS, csv_file, fifty_organisations, make_ico, xlsx

pytestmark = pytest.mark.django_db


def checked_batch(*, actor, entity: str, filename: str, content: bytes) -> ImportBatch:
    """An uploaded file kept as the actor's batch and checked (the dry run), as the upload page's job does."""
    batch = import_batch_create(actor=actor, entity=entity, filename=filename, content=content)
    bulk_check_batch(batch.pk, actor.pk)
    batch.refresh_from_db()
    return batch


def reasons(report: BulkReport) -> dict[int, list[tuple[str, str]]]:
    return {row.row: row.errors for row in report.invalid_rows}


# ------------------------------------------------------------------------------------- the 50-row workbook --


def test_a_workbook_of_fifty_with_three_bad_rows_lists_exactly_those_and_saves_nothing(sitar):
    before = Organization.objects.count()
    content = xlsx(fifty_organisations(broken=True))
    with translation.override("en"):
        dry = bulk_import(actor=sitar, entity="organization", file=content, dry_run=True)
        real = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)

    # The header is row 1: organisation 10 sits on row 11.
    assert reasons(dry) == {
        11: [("IČO", "This IČO is not valid: its check digit does not match.")],
        21: [("Municipality", "Unknown obec “Horní Dolní Nezmar”: give its name or its six-digit code.")],
        31: [("Name", "This field cannot be blank.")],
    }
    assert dry.counts == {"created": 47, "updated": 0, "unchanged": 0, "invalid": 3}
    assert not dry.ok
    assert reasons(real) == reasons(dry)
    assert Organization.objects.count() == before


def test_the_fixed_workbook_saves_all_fifty(sitar, pelhrimov):
    before = Organization.objects.count()
    content = xlsx(fifty_organisations(broken=False))

    dry = bulk_import(actor=sitar, entity="organization", file=content, dry_run=True)
    assert dry.ok and dry.counts["created"] == 50
    assert Organization.objects.count() == before

    real = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)
    assert real.ok and real.counts == {"created": 50, "updated": 0, "unchanged": 0, "invalid": 0}
    assert Organization.objects.count() == before + 50
    imported = Organization.objects.filter(name__startswith="Organizace ")
    assert imported.count() == 50
    assert set(imported.values_list("district", flat=True)) == {pelhrimov.pk}
    assert {row.row for row in real.rows} == set(range(2, 52))
    first = imported.get(name="Organizace 1")
    assert first.municipality.name == "Kamenice nad Lipou"
    assert first.history.first().history_user == sitar


def test_reimporting_the_same_file_changes_nothing(sitar):
    content = xlsx(fifty_organisations(broken=False))
    bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)
    history_rows = Organization.history.count()

    again = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)

    assert again.counts == {"created": 0, "updated": 0, "unchanged": 50, "invalid": 0}
    assert Organization.history.count() == history_rows


def test_a_changed_cell_updates_the_record_and_names_the_field(sitar):
    rows = fifty_organisations(broken=False)[:3]
    bulk_import(actor=sitar, entity="organization", file=xlsx(rows), dry_run=False)
    rows[1][5] = "nova@example.cz"
    rows[2][3:5] = ["548111", "6110"]  # another obec of the same ORP by its code, the ORP by its code

    with translation.override("en"):
        report = bulk_import(actor=sitar, entity="organization", file=xlsx(rows), dry_run=False)

    assert [(row.row, row.outcome, row.changed) for row in report.rows] == [
        (2, "updated", ["E-mail"]),
        (3, "updated", ["Municipality"]),
    ]
    assert Organization.objects.get(ico=rows[1][2]).email == "nova@example.cz"
    assert Organization.objects.get(ico=rows[2][2]).municipality.code == "548111"


# --------------------------------------------------------------------------------------------- CSV and codes --


def test_a_csv_with_a_byte_order_mark_and_semicolons_is_read(sitar):
    with translation.override("cs"):
        school = str(Organization._meta.get_field("kind").choices[3][1])
    content = csv_file(
        [
            ["Síťař id", "Název", "Druh", "IČO", "Obec", "Telefon", "Stav", "Působí v ORP"],
            ["", "ZŠ Pražská", school, "", "Pelhřimov", "'+420 565 111 222", "aktivní", "Pelhřimov; 6105"],
            ["", "", "", "", "", "", "", ""],
            ["", "Spolek Klubko", "NGO", make_ico(7200001), "548111", "", "", ""],
        ]
    )

    report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)

    assert report.ok, report.rows
    assert [(row.row, row.outcome) for row in report.rows] == [(2, "created"), (4, "created")]
    school_record = Organization.objects.get(name="ZŠ Pražská")
    assert school_record.kind == "school"
    # The apostrophe the export puts before a phone number (a formula to a spreadsheet) is dropped again.
    assert school_record.phone == "+420 565 111 222"
    assert sorted(school_record.served_districts.values_list("code", flat=True)) == ["6105", "6110"]
    assert Organization.objects.get(name="Spolek Klubko").municipality.name == "Kamenice nad Lipou"


def test_a_comma_separated_csv_without_a_byte_order_mark_in_english_headers(sitar):
    content = csv_file(
        [["name", "kind", "municipality"], ["Family Centre", "other", "547492"]], delimiter=",", bom=False
    )
    report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)
    assert report.ok
    assert Organization.objects.filter(name="Family Centre", kind="other").exists()


def test_an_exported_directory_file_imports_back_unchanged(sitar, as_user, make_organization, kamenice_nad_lipou):
    make_organization(name="Klub Hrádek", ico=make_ico(7300001), phone="+420 565 300 100", email="klub@example.cz")
    make_organization(
        name="Poradna Kamenice", ico=make_ico(7300002), municipality=kamenice_nad_lipou, kind="social_service_provider"
    )
    exported = as_user(sitar).get("/organizations/export/", {"format": "xlsx", "district": "6110"}).content
    assert load_workbook(io.BytesIO(exported)).active.max_row == 3

    report = bulk_import(actor=sitar, entity="organization", file=exported, dry_run=False)

    assert report.ok, report.rows
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2, "invalid": 0}
    assert len(report.ignored_columns) == 3  # kraj, verified at, services: written by the export, not read back


# ----------------------------------------------------------------------------------------------------- scope --


def test_a_row_outside_the_users_territory_is_a_bad_row_with_the_services_message(sitar):
    content = csv_file(
        [["Název", "Druh", "Obec"], ["Spolek v Pelhřimově", "ngo", "547492"], ["Spolek v Jihlavě", "ngo", "586846"]]
    )
    with translation.override("en"):
        report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)

    assert reasons(report) == {
        3: [("District (ORP)", "You may not add a record here: it lies outside the territory where you work.")]
    }
    assert not Organization.objects.filter(name__startswith="Spolek v").exists()


def test_a_record_of_another_kraj_referenced_by_id_is_not_found(sitar, make_organization, liberec_town, jihlava_town):
    liberec_org = make_organization(name="Liberecký spolek", municipality=liberec_town)
    jihlava_org = make_organization(name="Jihlavský spolek", municipality=jihlava_town)  # visible, not changeable
    missing_id = max(liberec_org.pk, jihlava_org.pk) + 1000
    content = csv_file(
        [
            ["Síťař id", "Název", "Druh"],
            [liberec_org.pk, "Přejmenováno", "ngo"],
            [jihlava_org.pk, "Přejmenováno", "ngo"],
            [missing_id, "Přejmenováno", "ngo"],
            [jihlava_org.pk, "Jihlavský spolek", "ngo"],  # as exported: passes unchanged
        ]
    )

    with translation.override("en"):
        report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)

    found = reasons(report)
    assert list(found) == [2, 3, 4]
    # Out of reach and non-existent read exactly alike.
    assert found[2] == found[4] == [("Síťař id", "No organisation you may change has this id.")]
    # One the user sees (Vysočina) but may not change: said so, and its row as exported is no error.
    assert found[3] == [
        ("", "You may see this organisation but not change it: leave its row as exported or remove it from the file.")
    ]
    assert report.rows[3].outcome == "unchanged"
    liberec_org.refresh_from_db()
    jihlava_org.refresh_from_db()
    assert (liberec_org.name, jihlava_org.name) == ("Liberecký spolek", "Jihlavský spolek")


def test_services_and_contacts_of_an_organisation_out_of_reach_are_bad_rows(sitar, make_organization, liberec_town):
    elsewhere = make_organization(name="Liberecký spolek", ico=make_ico(7400001), municipality=liberec_town)
    services = csv_file([["IČO organizace", "Název", "Druh"], [elsewhere.ico, "Klub", "65"]])
    contacts = csv_file(
        [["ID organizace", "Jméno", "Právní základ zpracování"], [elsewhere.pk, "Jana Nováková", "legitimate_interest"]]
    )
    with translation.override("en"):
        service_report = bulk_import(actor=sitar, entity="service", file=services, dry_run=False)
        contact_report = bulk_import(actor=sitar, entity="contact", file=contacts, dry_run=False)
    assert reasons(service_report) == {2: [("Organisation IČO", "No organisation you may change has this IČO.")]}
    assert reasons(contact_report) == {2: [("Organisation id", "No organisation you may change has this id.")]}
    assert not Service.objects.filter(organization=elsewhere).exists()
    assert not Contact.objects.filter(organization=elsewhere).exists()


# ---------------------------------------------------------------------------------------- services, contacts --


def test_services_are_created_then_matched_by_organisation_and_name(sitar, organization, families_with_children):
    organization.ico = make_ico(7500001)
    organization.save()
    rows = [
        ["IČO organizace", "Název", "Druh", "Formy", "Cílové skupiny", "Věk od", "Věk do", "Poskytována od"],
        [organization.ico, "SAS Rodina", "§ 65", "ambulantní; terénní", "families_children", "0", "18", "1. 3. 2024"],
        [organization.ico, "Poradna", "specialised_counselling", "ambulatory", "", "", "", "2024-01-15"],
    ]
    created = bulk_import(actor=sitar, entity="service", file=csv_file(rows), dry_run=False)
    assert created.counts["created"] == 2, created.rows
    sas = Service.objects.get(organization=organization, name="SAS Rodina")
    assert sas.kind.code == "sas_families"
    assert sorted(sas.forms.values_list("code", flat=True)) == ["ambulatory", "field"]
    assert list(sas.target_groups.all()) == [families_with_children]
    assert (sas.age_from, sas.age_to, str(sas.active_from)) == (0, 18, "2024-03-01")

    assert bulk_import(actor=sitar, entity="service", file=csv_file(rows), dry_run=False).counts["unchanged"] == 2

    rows[1][6] = "26"
    rows[1][3] = "terénní"
    with translation.override("en"):
        updated = bulk_import(actor=sitar, entity="service", file=csv_file(rows), dry_run=False)
    assert [(row.outcome, row.changed) for row in updated.rows] == [("updated", ["Forms", "Age to"]), ("unchanged", [])]
    assert list(sas.forms.values_list("code", flat=True)) == ["field"]


def test_a_service_is_matched_by_its_id_and_cannot_move_to_another_organisation(
    sitar, organization, partner, make_service
):
    service = make_service(organization, name="Klub")
    content = csv_file(
        [["Síťař id", "ID organizace", "Název", "Druh"], [service.pk, partner.pk, "Klub", "sas_families"]]
    )
    with translation.override("en"):
        report = bulk_import(actor=sitar, entity="service", file=content, dry_run=False)
    assert reasons(report) == {2: [("Organisation", "A service cannot move to another organisation.")]}


def test_contacts_are_created_then_matched_by_organisation_and_email(sitar, organization):
    rows = [
        [
            "ID organizace",
            "Jméno",
            "Pozice",
            "E-mail",
            "Právní základ zpracování",
            "Souhlas udělen dne",
            "Smí se zobrazit pracovníkům OSPOD",
        ],
        [
            organization.pk,
            "Jana Nováková",
            "ředitelka",
            "jana@example.cz",
            "souhlas dotčené osoby",
            "1. 3. 2026",
            "ano",
        ],
        [organization.pk, "Petr Svoboda", "", "petr@example.cz", "legitimate_interest", "", "ne"],
    ]
    report = bulk_import(actor=sitar, entity="contact", file=csv_file(rows), dry_run=False)
    assert report.counts["created"] == 2, report.rows
    jana = Contact.objects.get(email="jana@example.cz")
    assert (jana.legal_basis, str(jana.consent_on), jana.shareable_with_ospod) == ("consent", "2026-03-01", True)

    rows[2][2] = "sociální pracovník"
    rows[2][3] = "PETR@example.cz"
    again = bulk_import(actor=sitar, entity="contact", file=csv_file(rows), dry_run=False)
    assert [row.outcome for row in again.rows] == ["unchanged", "updated"]
    assert Contact.objects.filter(organization=organization).count() == 2


def test_a_contact_needs_its_legal_basis_and_never_holds_a_birth_number(sitar, organization):
    rows = [
        ["ID organizace", "Jméno", "Právní základ zpracování", "Souhlas udělen dne"],
        [organization.pk, "Jana Nováková", "consent", ""],
        [organization.pk, "Dítě 120304/1234", "consent", "2026-03-01"],
        [organization.pk, "Petr Svoboda", "", ""],
        [organization.pk, "Eva Malá", "podpis", ""],
    ]
    with translation.override("en"):
        report = bulk_import(actor=sitar, entity="contact", file=csv_file(rows), dry_run=True)
    found = reasons(report)
    assert found[2] == [("Consent given on", "With consent as the legal basis, give the date of the consent.")]
    assert found[3][0][0] == "Name" and "birth numbers" in found[3][0][1]
    assert found[4] == [("Legal basis", "This field cannot be blank.")]
    assert found[5][0][0] == "Legal basis" and "podpis" in found[5][0][1]
    assert not Contact.objects.exists()


# ------------------------------------------------------------------------------------------ file-level errors --


def test_unknown_and_missing_columns_are_errors_of_the_file(sitar):
    with translation.override("en"):
        unknown = bulk_import(
            actor=sitar,
            entity="organization",
            dry_run=True,
            file=csv_file([["Název", "Druh", "Rodné číslo", "Poznámka"], ["A", "ngo", "1", "x"]]),
        )
        missing = bulk_import(
            actor=sitar, entity="organization", dry_run=True, file=csv_file([["Název", "IČO"], ["A", ""]])
        )
        no_owner = bulk_import(
            actor=sitar, entity="service", dry_run=True, file=csv_file([["Název", "Druh"], ["Klub", "65"]])
        )
    assert unknown.file_errors == ["Unknown columns: “Rodné číslo”, “Poznámka”. Use the headers of the template."]
    assert missing.file_errors == ["Required columns are missing: “Kind”."]
    assert "Organisation id" in no_owner.file_errors[0] and "Organisation IČO" in no_owner.file_errors[0]
    assert unknown.rows == missing.rows == no_owner.rows == []


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"PK\x03\x04 this is not a workbook",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls",
        "Název;Druh\nŠkola;ngo\n".encode("cp1250"),
        b"",
    ],
    ids=["png", "broken-zip", "xls", "not-utf8", "empty"],
)
def test_a_file_that_is_no_readable_table_is_one_clear_error(sitar, content):
    report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=True)
    assert len(report.file_errors) == 1 and report.rows == [] and not report.ok


def test_too_large_a_file_and_too_many_rows_are_refused(sitar, monkeypatch):
    from imports.bulk import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [["Název", "Druh", "Obec"]] + [[f"Spolek {n}", "ngo", "547492"] for n in range(4)]
    with translation.override("en"):
        too_many = bulk_import(actor=sitar, entity="organization", file=csv_file(rows), dry_run=False)
        monkeypatch.setattr(reading, "MAX_BYTES", 100)
        too_large = bulk_import(actor=sitar, entity="organization", file=b"x" * 101, dry_run=False)
    assert too_many.file_errors == [
        "The file has more than 3 rows (empty rows count too); split it into smaller files."
    ]
    assert "larger than" in too_large.file_errors[0]
    assert not Organization.objects.filter(name__startswith="Spolek ").exists()


def test_the_empty_templates_hold_the_header_row_and_import_as_nothing(sitar):
    for entity in ("organization", "service", "contact"):
        workbook = load_workbook(io.BytesIO(template_bytes(entity, "xlsx", title=entity)), read_only=True)
        headers = next(workbook.active.iter_rows(values_only=True))
        assert "Síťař id" in headers or "ID v Síťaři" in headers
        for fmt in ("xlsx", "csv"):
            report = bulk_import(
                actor=sitar, entity=entity, file=template_bytes(entity, fmt, title=entity), dry_run=True
            )
            assert report.ok and report.rows == [], (entity, fmt, report.file_errors)


# ----------------------------------------------------------------------------------------------- the batches --


def test_a_batch_is_imported_once_and_reports_progress(sitar):
    content = xlsx(fifty_organisations(broken=False))
    batch = checked_batch(actor=sitar, entity="organization", filename="sit.xlsx", content=content)
    assert batch.can_import and batch.report["counts"]["created"] == 50
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()

    calls = []
    report = bulk_import_batch(batch.pk, sitar.pk, progress=lambda done, total: calls.append((done, total)))

    assert report.counts["created"] == 50
    assert calls[-1] == (50, 50) and calls[0] == (25, 50)
    batch.refresh_from_db()
    assert batch.status == "imported" and not batch.can_import and batch.imported_at is not None
    with pytest.raises(BatchAlreadyImported) as refused:
        bulk_import_batch(batch.pk, sitar.pk)
    assert refused.value.report.counts == report.counts
    assert Organization.objects.filter(name__startswith="Organizace ").count() == 50


def test_a_batch_belongs_to_its_uploader(sitar, make_role_user, pelhrimov):
    other = make_role_user("sitar.druhy", "sitar", district=pelhrimov)
    batch = checked_batch(
        actor=sitar, entity="organization", filename="sit.xlsx", content=xlsx(fifty_organisations(broken=False))
    )
    assert list(ImportBatch.objects.restrict(other)) == []
    with pytest.raises(ImportBatch.DoesNotExist):
        bulk_import_batch(batch.pk, other.pk)
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()


def test_a_batch_whose_rows_turned_bad_since_the_check_saves_nothing(sitar, make_organization):
    rows = [
        ORG_HEADERS,
        ["Spolek A", "ngo", make_ico(7600001), "547492", "", ""],
        ["Spolek B", "ngo", make_ico(7600002), "547492", "", ""],
    ]
    batch = checked_batch(actor=sitar, entity="organization", filename="a.csv", content=csv_file(rows))
    assert batch.can_import
    # Meanwhile somebody else records the second IČO in another kraj, where the networker cannot change it.
    from territory.models import Municipality

    make_organization(name="Jinde", ico=make_ico(7600002), municipality=Municipality.objects.get(code="563889"))

    report = bulk_import_batch(batch.pk, sitar.pk)

    assert not report.ok and [row.row for row in report.invalid_rows] == [3]
    batch.refresh_from_db()
    assert batch.status == "rejected" and not batch.can_import
    assert not Organization.objects.filter(name="Spolek A").exists()


def test_an_empty_status_keeps_the_record_as_it_is(sitar, make_organization):
    closed = make_organization(name="Zavřený klub", ico=make_ico(7700001), status="closed")
    content = csv_file(
        [
            ["Název", "Druh", "IČO", "Stav"],
            ["Zavřený klub", "ngo", closed.ico, ""],
            ["Nový klub", "ngo", make_ico(7700002), ""],
        ]
    )
    # The new one has no address: it needs its ORP.
    report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)
    assert [row.outcome for row in report.rows] == ["unchanged", "invalid"]
    content = csv_file(
        [
            ["Název", "Druh", "IČO", "Stav", "ORP"],
            ["Zavřený klub", "ngo", closed.ico, "", "6110"],
            ["Nový klub", "ngo", make_ico(7700002), "", "Pelhřimov"],
        ]
    )
    report = bulk_import(actor=sitar, entity="organization", file=content, dry_run=False)
    assert [row.outcome for row in report.rows] == ["unchanged", "created"], report.rows
    assert Organization.objects.get(name="Nový klub").status == "active"
    closed.refresh_from_db()
    assert closed.status == "closed"


def test_a_batch_can_be_kept_first_and_checked_later_by_id(sitar, as_user):

    batch = import_batch_create(
        actor=sitar, entity="organization", filename="pozdeji.xlsx", content=xlsx(fifty_organisations(broken=True))
    )
    assert batch.status == "uploaded" and not batch.can_import
    assert as_user(sitar).get(f"/organizations/import/{batch.pk}/").status_code == 200

    calls = []
    report = bulk_check_batch(batch.pk, sitar.pk, progress=lambda done, total: calls.append((done, total)))

    batch.refresh_from_db()
    assert batch.status == "checked" and batch.report["counts"]["invalid"] == 3 and not batch.can_import
    assert [row.row for row in report.invalid_rows] == [11, 21, 31]
    assert calls[-1] == (50, 50)
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()


def test_a_batch_forgets_its_file_and_contact_names_once_imported_or_after_a_day(sitar, organization):
    """Contact persons' data is kept in the records only (where erasure on request reaches it)."""
    import datetime

    from django.utils import timezone

    from imports.batches import import_batches_purge

    rows = [
        ["ID organizace", "Jméno", "E-mail", "Právní základ zpracování"],
        [organization.pk, "Jana Nováková", "jana@example.cz", "legitimate_interest"],
    ]
    imported = checked_batch(actor=sitar, entity="contact", filename="osoby.csv", content=csv_file(rows))
    bulk_import_batch(imported.pk, sitar.pk)
    imported.refresh_from_db()
    assert Contact.objects.filter(name="Jana Nováková").exists()
    assert bytes(imported.content) == b"" and "Nováková" not in json.dumps(imported.report, ensure_ascii=False)

    waiting = checked_batch(actor=sitar, entity="contact", filename="osoby-2.csv", content=csv_file(rows))
    assert import_batches_purge() == 0  # a fresh upload is kept for its import
    ImportBatch.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert import_batches_purge() == 1
    waiting.refresh_from_db()
    assert bytes(waiting.content) == b"" and "Nováková" not in json.dumps(waiting.report, ensure_ascii=False)


def test_registry_files_of_jobs_that_never_ran_are_removed_after_a_day(tmp_path, settings):
    """The hourly purge (imports.tasks.uploads_purge_task) also removes registry uploads left behind."""
    import os
    import time

    from imports.tasks import uploads_purge_task

    settings.SITAR_UPLOAD_DIR = str(tmp_path)
    old, fresh, other = tmp_path / "rpss-old.json", tmp_path / "rpss-fresh.json", tmp_path / "notes.json"
    for path in (old, fresh, other):
        path.write_text("{}")
    # Both ages set from the process's clock: the file system stamps new files with the machine's, which a test run
    # under a shifted clock (faketime) does not share.
    now = time.time()
    day_ago = now - 25 * 3600
    for path in (old, other):
        os.utime(path, (day_ago, day_ago))
    os.utime(fresh, (now, now))
    assert uploads_purge_task() == 1
    assert (old.exists(), fresh.exists(), other.exists()) == (False, True, True)


def test_a_rejected_batch_is_not_imported_by_a_later_confirmation(sitar):
    batch = checked_batch(
        actor=sitar, entity="organization", filename="a.xlsx", content=xlsx(fifty_organisations(broken=False))
    )
    ImportBatch.objects.filter(pk=batch.pk).update(status="rejected")

    with pytest.raises(BatchAlreadyImported):
        bulk_import_batch(batch.pk, sitar.pk)
    assert not Organization.objects.filter(name__startswith="Organizace ").exists()


def test_an_empty_required_cell_is_named_at_its_column(sitar, organization):
    rows = [["ID organizace", "Název", "Druh"], [organization.pk, "Klub", ""]]
    with translation.override("cs"):
        report = bulk_import(actor=sitar, entity="service", file=csv_file(rows), dry_run=True)

    assert reasons(report) == {2: [("Druh", "Pole nemůže být prázdné.")]}
