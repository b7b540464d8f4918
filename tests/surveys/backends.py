"""A mail backend that refuses recipients as a mail server does (SMTPRecipientsRefused) for addresses at
refused.example; everything else goes to the locmem outbox. A component of the tests, not a mock of the code."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = {r: (550, b"5.1.1 User unknown") for r in message.recipients() if r.endswith("@refused.example")}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)
