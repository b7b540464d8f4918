"""How a refused write reaches its user: the refusals the services raise besides ValidationError, the messages a user
reads for them, and the helpers that key a service's errors by field (the API, the imports) or put them on a form (the
screens, the admin)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# What a user reads when a change was based on an older version of the record (API 412, UI and admin form error).
STALE_MESSAGE = _("The record was changed since you loaded it. Load the current version and repeat the change.")
# What a user reads when a write would reach outside their scope (a service's OutOfScope without its own message).
NOT_ALLOWED_MESSAGE = _("You may not make this change in this scope.")
# What a user reads when a record, as saved, would lie outside their scope (core.services.save_validated).
SCOPE_ERRORS = {
    "add": _("You may not add a record here: it lies outside the territory where you work."),
    "change": _("You may not move the record here: it would lie outside the territory where you work."),
}


class OutOfScope(Exception):
    """The actor may not act on this record; views answer 404, exactly as for a record that does not exist."""


class StaleVersion(Exception):
    """An update was based on an older version of the record than the one stored."""

    def __init__(self, instance: models.Model):
        super().__init__(f"{instance._meta.label} {instance.pk} is at version {instance.version}")
        self.instance = instance


def out_of_scope_message(exc: OutOfScope) -> str:
    """What a user reads for a refusal: a service's own (translated) message says what was refused; a bare check's
    text is for the log, not for a user."""
    own = exc.args[0] if exc.args and isinstance(exc.args[0], Promise) else None
    return own or NOT_ALLOWED_MESSAGE


def as_validation_error(exc: Exception) -> ValidationError:
    """The error a user reads for a refused write: a ValidationError as it is; a change based on an older version or
    one outside the user's scope as an error of the record as a whole."""
    if isinstance(exc, StaleVersion):
        return ValidationError(STALE_MESSAGE, code="stale")
    if isinstance(exc, OutOfScope):
        return ValidationError(out_of_scope_message(exc), code="out_of_scope")
    return exc


def errors_by_field(exc: ValidationError) -> dict[str, list[str]]:
    """A ValidationError's messages by field; an error of the record as a whole under NON_FIELD_ERRORS ("__all__")."""
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: exc.messages}


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message on its field when the form has it, else on the form
    as a whole; the form keeps what was typed."""
    for field, errors in errors_by_field(exc).items():
        form.add_error(field if field in form.fields else None, errors)
