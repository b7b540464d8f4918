"""Pieces every UI screen shares: a form whose valid data a service writes, and a filtered, paginated list of rows in
the user's scope. Views derive from these together with permissions.views.ScopedViewMixin."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.functional import Promise
from django_filters.views import FilterMixin

from network.common import NOT_ALLOWED_MESSAGE, STALE_MESSAGE, OutOfScope, StaleVersion, errors_by_field

# Rows per page of every UI list (the API lets the client choose).
PAGE_SIZE = 50


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
