"""Scrub every copy of the contacts erased so far (erasures made before contacts.erasure left typed reasons and the
admin's log behind); running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from contacts.erasure import contact_scrub, personal_values
from contacts.models import Contact


class Command(BaseCommand):
    help = "Scrub the history, the admin's log and quotes of every contact erased on request."

    def handle(self, *args, **options):
        count = rows = 0
        for contact in Contact.objects.filter(erased_at__isnull=False).order_by("pk").iterator():
            with transaction.atomic():
                erasure_row = contact.history.filter(history_change_reason="erased").order_by("-history_date").first()
                # The record and its history were anonymised already: the admin's log may still hold the names.
                rows += contact_scrub(
                    contact=contact,
                    values=personal_values(contact),
                    keep_history_id=erasure_row.pk if erasure_row else None,
                )
            count += 1
        self.stdout.write(f"{count} erased contacts scrubbed, {rows} rows of other records rewritten")
