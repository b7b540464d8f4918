"""Item 14: erasing a contact scrubs every copy of the person (history reasons, the admin's log, import reports, free
text quoting them), and its log keeps only who erased, when and the legal ground (a code, never free text)."""

import io
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection

from contacts.models import Contact, ContactErasure
from contacts.services import contact_update
from imports.batches import bulk_check_batch, import_batch_create

pytestmark = pytest.mark.django_db

NAME = "Zdeňka Kratochvílová"
EMAIL = "zdenka.kratochvilova@seznam.cz"
PHONE = "+420 603 918 274"


def database_copies(*values: str) -> list[tuple[str, str]]:
    """Every (table, column) of the whole database whose text holds one of the values: every text, character, JSON
    and binary column of every table of the schema, read through information_schema (not through the models)."""
    needles = set(values) | {json.dumps(value)[1:-1] for value in values}  # JSON text escapes non-ASCII letters
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'character', 'json', 'jsonb', 'bytea')"
        )
        columns = cursor.fetchall()
        found = []
        for table, column, data_type in columns:
            text = f'"{column}"::text' if data_type != "bytea" else f"convert_from(\"{column}\", 'LATIN1')"
            for needle in needles:
                like = needle if data_type != "bytea" else needle.encode().decode("latin-1")
                cursor.execute(f'SELECT count(*) FROM "{table}" WHERE {text} ILIKE %s', [f"%{like}%"])
                if cursor.fetchone()[0]:
                    found.append((table, column))
    return sorted(set(found))


@pytest.fixture
def quoted_everywhere(admin_client, sitar, organization, make_contact, make_meeting, make_need):
    """A contact with a private e-mail, edited with a reason that quotes it, edited in the admin, named in a meeting's
    notes, a need and a pending bulk-import file."""
    contact = make_contact(
        organization, name=NAME, email=EMAIL, phone=PHONE, position="sociální pracovnice", actor=sitar
    )
    contact_update(
        actor=sitar, contact=contact, data={"position": "vedoucí"}, reason=f"{NAME} píše ze soukromého {EMAIL}"
    )
    response = admin_client.post(
        f"/admin/contacts/contact/{contact.pk}/change/",
        {
            "name": NAME,
            "position": "vedoucí",
            "email": EMAIL,
            "phone": "+420 603 918 275",
            "legal_basis": "legitimate_interest",
            "consent_on": "",
            "change_reason": f"telefon od {NAME}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LogEntry.objects.filter(object_id=str(contact.pk)).exists()
    meeting = make_meeting(
        summary=f"Za Spirálu {NAME} ({EMAIL}, {PHONE}).", organizations=[organization], contacts=[contact], actor=sitar
    )
    make_need(title=f"Supervize pro {NAME}", description=f"Kontakt {EMAIL}", actor=sitar)
    batch = import_batch_create(
        actor=sitar,
        entity="contact",
        filename="osoby.csv",
        content=(
            "\ufeffID organizace;Jméno;E-mail;Právní základ zpracování\r\n"
            f"{organization.pk};{NAME};{EMAIL};legitimate_interest\r\n"
        ).encode(),
    )
    bulk_check_batch(batch.pk, sitar.pk)
    assert database_copies(NAME, EMAIL)  # the person is there before the erasure
    return contact, meeting


def test_after_an_erasure_no_text_in_the_whole_database_holds_the_name_or_the_email(quoted_everywhere, api, sitar):
    contact, meeting = quoted_everywhere

    response = api.post(f"/api/v1/contacts/{contact.pk}/erase/", {"ground": "request"}, format="json")

    assert response.status_code == 204
    assert database_copies(NAME, EMAIL, PHONE, "+420 603 918 275") == []
    erasure = ContactErasure.objects.get()
    assert (erasure.contact_id, erasure.erased_by_id, erasure.ground) == (contact.pk, sitar.pk, "request")
    assert erasure.erased_at is not None
    # The meeting still shows that a person of the organisation took part.
    assert list(meeting.contacts.values_list("pk", flat=True)) == [contact.pk]


def test_the_erasure_log_keeps_a_legal_ground_and_no_free_text():
    fields = {field.name for field in ContactErasure._meta.concrete_fields}
    assert fields == {"id", "contact", "organization", "erased_at", "erased_by", "ground"}


def test_a_free_text_reason_or_an_unknown_ground_is_a_400_on_that_field_and_erases_nothing(
    api, organization, make_contact, sitar
):
    contact = make_contact(organization, name=NAME, email=EMAIL, actor=sitar)

    for body, field in (({"ground": "because"}, "ground"), ({"reason": f"e-mail od {NAME}"}, "reason"), ({}, "ground")):
        response = api.post(f"/api/v1/contacts/{contact.pk}/erase/", body, format="json")
        assert response.status_code == 400 and field in response.json(), body

    contact.refresh_from_db()
    assert not contact.is_erased and not ContactErasure.objects.exists()


def test_the_old_reason_field_still_takes_a_ground_code(api, organization, make_contact, sitar):
    contact = make_contact(organization, actor=sitar)

    response = api.post(f"/api/v1/contacts/{contact.pk}/erase/", {"reason": "death"}, format="json")

    assert response.status_code == 204
    assert ContactErasure.objects.values_list("contact", "ground").get() == (contact.pk, "death")


def test_the_erase_page_asks_for_the_legal_ground_and_erases(client, sitar, organization, make_contact):
    contact = make_contact(organization, name=NAME, email=EMAIL, actor=sitar)
    client.force_login(sitar)
    url = f"/organizations/contacts/{contact.pk}/erase/"

    assert client.post(url, {"ground": ""}).status_code == 200
    response = client.post(url, {"ground": "consent_withdrawn"})

    assert response.status_code == 302
    assert Contact.objects.filter(pk=contact.pk, erased_at__isnull=False).exists()
    assert ContactErasure.objects.values_list("contact", "ground").get() == (contact.pk, "consent_withdrawn")


def test_the_command_scrubs_contacts_erased_before_the_fix(actor, organization, make_contact, make_meeting):
    """An erasure of the old kind anonymised the record and its history's fields only; the command finds the names
    left in the admin's log and scrubs the typed reasons, the log and quotes of those names."""
    from django.contrib.admin.models import CHANGE
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone

    contact = make_contact(organization, name=NAME, email=EMAIL)
    contact_update(actor=actor, contact=contact, data={"position": "vedoucí"}, reason=f"soukromý {EMAIL}")
    LogEntry.objects.create(
        user=actor,
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(contact.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["E-mail"]}}]),
    )
    make_meeting(summary=f"Přišla {NAME}.", organizations=[organization], contacts=[contact])
    Contact.objects.filter(pk=contact.pk).update(name="—", email="", position="", erased_at=timezone.now())
    contact.history.update(name="—", email="", position="", phone="")
    assert database_copies(NAME, EMAIL)

    output = io.StringIO()
    call_command("scrub_erased_contacts", stdout=output)
    call_command("scrub_erased_contacts", stdout=output)  # a second run changes nothing
    assert output.getvalue().splitlines()[-1].endswith(", 0 rows of other records rewritten")

    assert database_copies(NAME, EMAIL) == []
