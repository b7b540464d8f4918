"""What every admin of Síťař shares: superuser-only access, read-only reference data, writes through the services.

The admin must not become a second way to write data that skips the rules the services keep (region and district
derived from the owner, many-to-many relations validated with the record, the history with its actor and reason). So a
service-backed admin never saves a form itself: `save_model` and `save_formset` call the services, and a
ValidationError they raise comes back to the user as errors on the form, with nothing saved.

How an error gets from a service to the form: the admin saves after it has validated the form and the inlines, so a
rejection in `save_model` or `save_formset` raises `ServiceRejected`, which leaves the admin's transaction (rolling
everything back) and is caught in `changeform_view`. The view then runs once more on the same POST with the errors
waiting in a context variable; every form built from `ServiceModelForm` picks up the errors of its prefix while it
validates, so the page comes back exactly as the admin renders any invalid form.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.errors import StaleVersion, add_service_errors, as_validation_error
from core.filters import SearchField
from core.forms import reason_field

# Form fields that carry no data for the service: the reason goes to the history, the version guards the update,
# "id" and "DELETE" belong to inline formsets.
BOOKKEEPING_FIELDS = frozenset({"change_reason", "expected_version", "id", "DELETE"})

# Errors of the first, rejected try of a POST, keyed by form prefix ("" is the main form); set only while the view
# runs the second time.
_pending_errors: ContextVar[dict[str, ValidationError] | None] = ContextVar("admin_service_errors", default=None)


class ServiceRejected(Exception):
    """A service refused a write the admin asked for; the errors are keyed by the prefix of the form they belong to."""

    def __init__(self, errors: dict[str, ValidationError]):
        super().__init__(errors)
        self.errors = errors


@contextmanager
def rejected_into(prefix: str) -> Iterator[None]:
    """Turn a service's refusal into a ServiceRejected for the form with this prefix."""
    try:
        yield
    except (ValidationError, StaleVersion) as exc:
        raise ServiceRejected({prefix: as_validation_error(exc)}) from exc


def is_superuser(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


# ----------------------------------------------------------------------------------------------------- access --


class SuperuserOnlyMixin:
    """Only active superusers see or change anything: the admin is not scoped, so nobody else may look at it."""

    def has_module_permission(self, request):
        return is_superuser(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_superuser(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):  # inlines also get the parent object
        return is_superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_superuser(request) and super().has_delete_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        """The admin's search, bounded as the screens' (core.filters.SearchField): each word is one more condition
        on every search field, so a pasted page would be thousands of LIKEs (and a 500 on SQLite); it says why and
        finds nothing instead."""
        try:
            SearchField(required=False).clean(search_term)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class ReadOnlyAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """Reference data loaded by migration (territory, codelists) or logs written by services: only looked at here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ------------------------------------------------------------------------------------------------------ forms --


class ServiceModelForm(forms.ModelForm):
    """A model form of a service-backed admin: validated as usual, plus the errors a service gave for it."""

    def _post_clean(self):
        super()._post_clean()
        pending = _pending_errors.get()
        if pending and (self.prefix or "") in pending:
            add_service_errors(self, pending[self.prefix or ""])


class ReasonModelForm(ServiceModelForm):
    """A service-backed form that also asks why the record changes: the reason is kept in its history."""

    change_reason = reason_field()


class VersionedModelForm(ReasonModelForm):
    """A form of a record a tablet may change offline: an update based on an older version is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("expected_version", self.instance.version)


def service_data(form: forms.BaseForm, *, skip: tuple[str, ...] = ()) -> dict:
    """The cleaned values of a form that a service takes, keyed by field name."""
    return {
        name: value for name, value in form.cleaned_data.items() if name not in BOOKKEEPING_FIELDS and name not in skip
    }


# ------------------------------------------------------------------------------------------- autocomplete labels --


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete answers labelled by the target admin's `autocomplete_label`, when it has one.

    591 obce share their name with another one (14 × Nová Ves): "Nová Ves, ORP Liberec" tells them apart, and so
    decides the right ORP of an address.
    """

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self.model_admin, "autocomplete_label", None)
        if label is not None:
            result["text"] = label(obj)
        return result


class LabelledChoicesMixin:
    """Selected values of autocomplete fields use the same labels as the autocomplete answers."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, (models.ForeignKey, models.ManyToManyField)):
            try:
                related_admin = self.admin_site.get_model_admin(db_field.remote_field.model)
            except NotRegistered:
                related_admin = None
            label = getattr(related_admin, "autocomplete_label", None)
            if label is not None:
                formfield.label_from_instance = label
                formfield.queryset = formfield.queryset.select_related(
                    *getattr(related_admin, "autocomplete_select_related", ())
                )
        return formfield


# --------------------------------------------------------------------------------------------- service-backed --


class ServiceBackedInline(SuperuserOnlyMixin, LabelledChoicesMixin, admin.TabularInline):
    """An inline whose rows are created, changed and removed by services (see ServiceBackedAdmin.save_formset).

    Rows are deletable only where a service removes them (set `can_delete = True` and implement `remove`).
    """

    form = ServiceModelForm
    extra = 0
    can_delete = False

    def create(self, request, parent, form: forms.ModelForm, data: dict):
        raise NotImplementedError

    def update(self, request, obj, form: forms.ModelForm, data: dict):
        raise NotImplementedError

    def remove(self, request, obj) -> None:
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = self  # save_formset needs the inline that knows the services
        return formset


class HistoryAdmin(SuperuserOnlyMixin, SimpleHistoryAdmin):
    """The history of a record, for reading: a revert would write the old row back past the services."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ServiceBackedAdmin(LabelledChoicesMixin, HistoryAdmin):
    """An admin whose writes go through the domain services; see the module docstring for how errors come back.

    A subclass implements `create` and `update` (and `remove` with `can_remove = True` where a service deletes).
    `data` holds the form's cleaned values, many-to-many ones included (the service sets them with the record),
    `reason` the optional reason for the history.
    """

    form = ReasonModelForm
    can_remove = False
    readonly_on_change: tuple[str, ...] = ()  # fields the services keep once the record exists (its owner, …)

    def create(self, request, form: forms.ModelForm, data: dict, reason: str):
        raise NotImplementedError

    def update(self, request, obj, form: forms.ModelForm, data: dict, reason: str):
        raise NotImplementedError

    def remove(self, request, obj) -> None:
        raise NotImplementedError

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + self.readonly_on_change if obj is not None else readonly

    def has_delete_permission(self, request, obj=None):
        return self.can_remove and super().has_delete_permission(request, obj)

    # -- the view: a rejected save comes back as form errors

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRejected as rejected:
            errors = dict(rejected.errors)
            # The main form always gets an error, so the second run cannot save whatever the inline errors are.
            errors.setdefault("", ValidationError(_("Nothing was saved. Correct the errors below.")))
            token = _pending_errors.set(errors)
            try:
                return super().changeform_view(request, object_id, form_url, extra_context)
            finally:
                _pending_errors.reset(token)

    # -- writes

    def fresh(self, obj):
        """The stored record, locked: the form has already copied its values onto `obj`, the service compares."""
        return type(obj)._default_manager.select_for_update().get(pk=obj.pk)

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason", "")
        data = service_data(form)
        with rejected_into(""):
            if change:
                saved = self.update(request, self.fresh(obj), form, data, reason)
            else:
                saved = self.create(request, form, data, reason)
        # The admin goes on with the object it passed in (inlines, log entry, redirect): make it the saved record.
        vars(obj).update(vars(saved))

    def save_related(self, request, form, formsets, change):
        # No form.save_m2m(): the many-to-many values went to the service together with the record.
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        inline: ServiceBackedInline = formset.service_inline
        parent = form.instance
        skip = (formset.fk.name,)
        # construct_change_message() reads these three lists, which formset.save() would have filled.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        errors: dict[str, ValidationError] = {}
        deleted = formset.deleted_forms if formset.can_delete else []
        for row in formset.initial_forms:
            if row in deleted:
                # The stored row, not the form's instance: the history keeps the values the record really had.
                inline.remove(request, self.fresh(row.instance))
                formset.deleted_objects.append(row.instance)
            elif row.has_changed():
                try:
                    saved = inline.update(request, self.fresh(row.instance), row, service_data(row, skip=skip))
                except (ValidationError, StaleVersion) as exc:
                    errors[row.prefix] = as_validation_error(exc)
                else:
                    formset.changed_objects.append((saved, row.changed_data))
        for row in formset.extra_forms:
            if not row.has_changed() or row in deleted:
                continue
            try:
                created = inline.create(request, parent, row, service_data(row, skip=skip))
            except (ValidationError, StaleVersion) as exc:
                errors[row.prefix] = as_validation_error(exc)
            else:
                formset.new_objects.append(created)
        if errors:
            raise ServiceRejected(errors)

    def delete_model(self, request, obj):
        self.remove(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.remove(request, obj)
