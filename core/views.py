"""Pieces every UI screen shares: a form whose valid data a service writes (and the page of such a form), and a
filtered, paginated list of rows in the user's scope. Views derive from these and from ScopedViewMixin."""

from functools import cached_property

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from django_filters.views import FilterMixin

from core.services import NOT_ALLOWED_MESSAGE, STALE_MESSAGE, OutOfScope, StaleVersion, errors_by_field

# The tablet's own date picker; the value in the ISO form it expects.
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
# Rows per page of every UI list (the API lets the client choose).
PAGE_SIZE = 50
# The largest primary key the database can hold (bigint); a longer number names no record.
MAX_ID = 2**63 - 1


def label_of(model, name: str) -> str:
    """A model field's own (translated) label, as Django's model forms write it: form labels, column headers."""
    return capfirst(model._meta.get_field(name).verbose_name)


def record_id(value) -> int | None:
    """The record id a query string or form value names, or None: "12" → 12; "abc", "²", "-1" or a number too large
    for the database → None (so that a hand-edited URL is "not found" or "not chosen", never a server error)."""
    text = str(value)
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def with_unseen(chosen, stored, offered) -> list:
    """The related records an edit keeps: those chosen on the form, plus those stored that the form could not offer
    (another OSPOD's case conference, a contact erased on request). A form shows only what the user may see, and an
    edit must not silently drop the rest."""
    return [*chosen, *stored.exclude(pk__in=offered.values("pk"))]


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message on its field when the form has it, else on the form
    as a whole; the form keeps what was typed."""
    for field, errors in errors_by_field(exc).items():
        form.add_error(field if field in form.fields else None, errors)


class ServiceFormMixin:
    """A FormView/CreateView/UpdateView whose valid form is written by a service (``save(form)`` returns the record).

    A ValidationError of the service lands on the form's fields; a record the user may not touch (OutOfScope) and a
    change based on an older version (StaleVersion) are errors of the form as a whole. Nothing is half-saved: the
    services are atomic. On success: ``success_message`` (formatted with the record as ``object``) and a redirect.
    """

    success_message = ""

    def save(self, form):
        raise NotImplementedError(f"{type(self).__name__} must say which service saves the form")

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except OutOfScope as exc:
            # A service's own (translated) message says what was refused; a bare check says nothing a user can read.
            own = exc.args[0] if exc.args and isinstance(exc.args[0], Promise) else None
            form.add_error(None, own or NOT_ALLOWED_MESSAGE)
            return self.form_invalid(form)
        except StaleVersion:
            form.add_error(None, STALE_MESSAGE)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message % {"object": self.object})
        return HttpResponseRedirect(self.get_success_url())


class FilteredListMixin(FilterMixin):
    """A list of rows in scope narrowed by the app's FilterSet (the one the API uses), ``PAGE_SIZE`` per page.

    Use with ScopedViewMixin and ListView: ``get_queryset`` is restrict(user, "view") filtered; an invalid filter value
    shows its error next to the filter and lists nothing rather than everything.
    """

    paginate_by = PAGE_SIZE

    def get_queryset(self):
        queryset = super().get_queryset()
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_valid():
            return queryset.none()
        return self.filterset.qs

    def get_filterset_kwargs(self, filterset_class):
        # Bound also without a query string (no filter: every row in scope), on the scoped rows. django-filter's own
        # version would call self.get_queryset(), this filtered one, and recurse.
        return {"data": self.request.GET, "request": self.request, "queryset": super().get_queryset()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


# The reasons the services record for their own writes (core.services.save_validated), as a user reads them; a
# reason a person typed is shown as it is.
HISTORY_REASONS = {
    "created": _("created"),
    "verified": _("verified"),
    "erased": _("erased on request"),
    "confirmed": _("confirmed with a meeting"),
    "assigned": _("assigned"),
    "done": _("done"),
    "reopened": _("reopened"),
    "moved with the organisation": _("moved with the organisation"),
    "moved with the meeting": _("moved with the meeting"),
}
HISTORY_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HISTORY_ROWS = 20


def history_reason(record, entry) -> str:
    """What happened, in the user's language: a service's own reason translated ("status: resolved" with the
    status's label), a typed reason as it is, else the kind of change."""
    reason = entry.history_change_reason or ""
    if reason.startswith("status: ") and hasattr(record, "get_status_display"):
        status = reason.removeprefix("status: ")
        choices = dict(record._meta.get_field("status").choices)
        return f"{capfirst(record._meta.get_field('status').verbose_name)}: {choices.get(status, status)}"
    return HISTORY_REASONS.get(reason) or reason or HISTORY_TYPES.get(entry.history_type, "")


def history_of(record, *, excluded_fields=(), size: int = HISTORY_ROWS) -> list[dict]:
    """The record's latest changes, newest first: when, who, what happened and which fields changed (one query)."""
    entries = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: size + 1])
    rows = []
    for newer, older in zip(entries[:size], [*entries[1:], None]):
        changed = newer.diff_against(older, excluded_fields=excluded_fields).changed_fields if older else []
        rows.append(
            {
                "entry": newer,
                "what": history_reason(record, newer),
                "fields": [label_of(type(record), name) for name in changed],
            }
        )
    return rows


class ScopedViewMixin(LoginRequiredMixin):
    """A view of scoped rows: its queryset is ``model.objects.restrict(user, action)``, so out of scope is 404."""

    model = None
    action = "view"

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)

    def get_scoped_object(self, **lookup):
        return get_object_or_404(self.get_queryset(), **lookup)


class ScopedFilteredListMixin(FilteredListMixin, ScopedViewMixin):
    """A filtered list of the rows in the user's scope (with ListView, or a view of its own such as an export).

    The filters in ``linked_filters`` take a record's id: the form does not offer them (a select of every such record
    would be endless), it only keeps them when a link brings them (?meeting=12).
    """

    linked_filters: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "linked_filters": self.linked_filters}


class RecordFormView(ScopedViewMixin, ServiceFormMixin, FormView):
    """A form whose data a service writes, on the page every record form shares: its title, the fields, and Cancel
    back to ``back_url()`` (where a saved record leads too)."""

    template_name = "core/record_form.html"
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.back_url(), **kwargs)

    def back_url(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say where the form leads back to")

    def get_success_url(self):
        return self.back_url()

    @staticmethod
    def changes(form) -> dict:
        """What the user changed: the services record only that (and the history shows it)."""
        return {name: form.cleaned_data[name] for name in form.changed_data if name != "reason"}


class ChildFormMixin:
    """A RecordFormView under one record the user may change (``pk`` in the URL, 404 out of scope), which leads back
    to that record's page (``parent_url``, a URL name) when done."""

    action = "change"
    parent_url = ""

    @cached_property
    def parent(self):
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return reverse(self.parent_url, args=[self.parent.pk])
