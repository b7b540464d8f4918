"""Pieces every UI screen shares: a view of scoped rows, a form whose valid data a service writes (and the page
of such a form), a filtered, paginated list of rows in the user's scope, a record's history, and the page of a
background job."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterMixin
from django_htmx.http import HttpResponseClientRedirect

from core.errors import OutOfScope, StaleVersion, add_service_errors, as_validation_error
from core.models import Job, JobState

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


def safe_next(request, default: str) -> str:
    """Where to go back to after a POST: the page it came from (``next``) when that is a path of ours, else
    ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return default


def private_download(file, *, filename: str, content_type: str) -> FileResponse:
    """A stored file (a FieldFile) as a download under the name given, which no shared tablet's browser or proxy keeps
    in its cache."""
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


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
        except (ValidationError, OutOfScope, StaleVersion) as exc:
            add_service_errors(form, as_validation_error(exc))
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
    "published in the catalogue": _("published in the public catalogue"),
    "round opened": _("round opened"),
    "round closed": _("round closed"),
    "submitted": _("submitted"),
    "returned": _("returned"),
    "approved": _("approved"),
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


def history_of(record, *, excluded_fields=(), size: int = HISTORY_ROWS, merged_ids=()) -> list[dict]:
    """The record's latest changes, newest first: when, who, what happened and which fields changed (one query).
    With ``merged_ids`` (records merged into this one) their past is shown too, each entry marked with its record."""
    history = type(record).history.filter(id__in=[record.pk, *merged_ids]) if merged_ids else record.history
    entries = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: size + 1])
    rows = []
    for index, newer in enumerate(entries[:size]):
        older = next((entry for entry in entries[index + 1 :] if entry.id == newer.id), None)
        changed = newer.diff_against(older, excluded_fields=excluded_fields).changed_fields if older else []
        rows.append(
            {
                "entry": newer,
                "what": history_reason(record, newer),
                "fields": [label_of(type(record), name) for name in changed],
                "merged_record": getattr(newer, "name", "") or str(newer) if newer.id != record.pk else "",
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


class OfferedMixin:
    """A screen offered only to some signed-in users (``offered()``, e.g. whom a rule gives the action at all): to
    anybody else it does not exist (404, not 403: nothing says what is there). An anonymous user is still sent to sign
    in."""

    def offered(self) -> bool:
        raise NotImplementedError(f"{type(self).__name__} must say to whom it is offered")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.offered():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


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


# -------------------------------------------------------------------------------------------- background jobs --

# How often the page of a running job asks for its progress.
POLL_SECONDS = 1


class JobView(ScopedViewMixin, DetailView):
    """A job of the user's own (anyone else's is 404). htmx asks for the progress part only, every second."""

    model = Job
    context_object_name = "job"

    def get_object(self, queryset=None):
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        """A finished job whose work continues on another page (its result names it) goes there."""
        self.object = self.get_object()
        following = (self.object.result or {}).get("redirect") if self.object.state == JobState.DONE else None
        if following:
            return HttpResponseClientRedirect(following) if request.htmx else HttpResponseRedirect(following)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_template_names(self):
        return ["core/_job_progress.html" if self.request.htmx else "core/job.html"]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "poll_seconds": POLL_SECONDS,
            "result_template": f"network/jobs/{self.object.kind}.html",
        }


class JobDownloadView(ScopedViewMixin, View):
    """The file a finished job wrote."""

    model = Job

    def get(self, request, pk):
        job = self.get_scoped_object(pk=pk, state=JobState.DONE)
        if job.output is None:
            raise Http404
        response = HttpResponse(bytes(job.output), content_type=job.output_type or "application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{job.output_name}"'
        return response
