"""Log a meeting in one step (participants, follow-ups and needs), change it, find its participants; the list and
detail of meetings."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from contacts.models import Contact
from contacts.selectors import contact_search
from core.services import INLINE_KEY
from core.views import ScopedFilteredListMixin, ScopedViewMixin, ServiceFormMixin, history_of, record_id
from meetings.filtersets import MeetingFilterSet
from meetings.forms import ROWS_TO_CORRECT, AttachmentForm, FollowUpFormSet, MeetingForm, NeedFormSet, error_summary
from meetings.models import FollowUp, Meeting, Need
from meetings.selectors import meeting_attachments
from meetings.services import meeting_create, meeting_update
from meetings.views.common import LINKED_FILTERS, changeable_ids
from organizations.filtersets import OrganizationFilterSet
from organizations.models import Organization
from permissions.filters import ScreenFiltersMixin
from permissions.views import AddViewMixin

# Results of one participant search: enough to pick from on a tablet, few enough to stay quick.
SEARCH_RESULTS = 8


class MeetingListView(ScreenFiltersMixin, ScopedFilteredListMixin, ListView):
    """Meetings in the user's scope, newest first, narrowed by the filters the API has (as pickers); it opens on the
    user's own ORP or kraj."""

    model = Meeting
    filterset_class = MeetingFilterSet
    linked_filters = LINKED_FILTERS
    template_name = "meetings/meeting_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district")


class MeetingDetailView(ScopedViewMixin, DetailView):
    """One meeting with its participants, follow-ups, needs, documents and history; another scope's meeting is 404."""

    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "case", "created_by", "group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.object
        followups = list(FollowUp.objects.restrict(user, "view").filter(meeting=meeting).select_related("assignee"))
        organizations = list(meeting.organizations.restrict(user, "view").order_by("name"))
        can_change = Meeting.objects.restrict(user, "change").filter(pk=meeting.pk).exists()
        context.update(
            # The organiser is named only to a reader who may see it (its kraj may not be the meeting's).
            organizer=Organization.objects.restrict(user, "view").filter(pk=meeting.organizer_id).first(),
            organizations=organizations,
            # "Verify on this visit" for each participant the user may verify (as on its card), in one query.
            verifiable=set(
                Organization.objects.restrict(user, "verify")
                .filter(pk__in=[organization.pk for organization in organizations])
                .values_list("pk", flat=True)
            ),
            contacts=meeting.contacts.restrict(user, "view").select_related("organization"),
            followups=followups,
            changeable=changeable_ids(user, followups),
            needs=Need.objects.restrict(user, "view").filter(raised_in=meeting).select_related("district"),
            history=history_of(meeting, excluded_fields=["organizations", "contacts"]),
            attachments=meeting_attachments(user, meeting),
            attachment_form=AttachmentForm() if can_change else None,
            can_change=can_change,
            today=timezone.localdate(),
        )
        return context


class MeetingFormMixin(ScopedViewMixin, ServiceFormMixin):
    """The meeting form of both create and edit: choices in the user's scope, a service writes, back to the detail."""

    model = Meeting
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            chosen_organizations=form.chosen("organizations"),
            chosen_contacts=form.chosen("contacts"),
            error_summary=error_summary(form, getattr(self, "formsets", {})),
        )
        return context

    def get_success_url(self):
        return reverse("meeting-detail", args=[self.object.pk])


class MeetingCreateView(AddViewMixin, MeetingFormMixin, CreateView):
    """Log a meeting with its participants, follow-ups and needs in one atomic step; a bad value anywhere re-renders
    the whole page with everything typed and the error next to its field (or its row)."""

    adds = "meeting"
    action = "add"
    success_message = _("The meeting has been logged.")

    def get_initial(self):
        initial = super().get_initial()
        organization = record_id(self.request.GET.get("organization", ""))
        case = record_id(self.request.GET.get("case", ""))
        if organization is not None:
            initial["organizations"] = [organization]
        if case is not None:
            initial.update(case=case, kind="case_conference")
        return initial

    def get_formsets(self):
        data = self.request.POST if self.request.method == "POST" else None
        formsets = {
            "followups": FollowUpFormSet(data, prefix="followups", user=self.request.user),
            "needs": NeedFormSet(data, prefix="needs", user=self.request.user),
        }
        if data is None:
            # A visit mostly ends with a task and a need heard: one row of each is open (a row left empty is not
            # saved), and without JavaScript there is a row to fill at all.
            for formset in formsets.values():
                formset.extra = 1
        return formsets

    def get(self, request, *args, **kwargs):
        self.formsets = self.get_formsets()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = None
        self.formsets = self.get_formsets()
        form = self.get_form()
        rows_valid = all(formset.is_valid() for formset in self.formsets.values())
        if form.is_valid() and rows_valid:
            return self.form_valid(form)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "formsets": self.formsets}

    def save(self, form):
        rows = {name: formset.filled() for name, formset in self.formsets.items()}
        data = form.service_data()
        try:
            return meeting_create(
                actor=self.request.user,
                **data,
                followups=[values for _index, values in rows["followups"]],
                needs=[values for _index, values in rows["needs"]],
            )
        except ValidationError as exc:
            raise self._rows_marked(exc, rows) from exc

    def _rows_marked(self, exc: ValidationError, rows: dict) -> ValidationError:
        """Put a service's errors of inline rows ("followups-0-due_on") on the row the user typed them in (rows left
        empty were not sent, so the service's index is not the form's); return the errors of the meeting itself."""
        own: dict[str, list] = {}
        for key, errors in exc.message_dict.items():
            inline = INLINE_KEY.match(key)
            if not inline or inline["name"] not in rows:
                own[key] = errors
                continue
            row = self.formsets[inline["name"]].forms[rows[inline["name"]][int(inline["index"])][0]]
            field = inline["field"]
            row.add_error(field if field in row.fields else None, errors)
        return ValidationError(own or {NON_FIELD_ERRORS: [ROWS_TO_CORRECT]})


class MeetingUpdateView(MeetingFormMixin, UpdateView):
    """Change a meeting; the version it was loaded at goes with the form, so a stale edit is refused, not saved."""

    action = "change"
    success_message = _("The meeting has been saved.")

    def save(self, form):
        return meeting_update(
            actor=self.request.user,
            meeting=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("expected_version"),
        )


class ParticipantSearchView(ScopedViewMixin, TemplateView):
    """The type-ahead of the meeting form (htmx): organisations in scope whose name matches, without diacritics and
    case, their contact persons and the contact persons whose own name matches (as the role may see them: an OSPOD
    worker only those shareable with OSPOD); tapping one adds it as a participant."""

    model = Organization
    template_name = "meetings/participant_results.html"

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        organizations = Organization.objects.none()
        contacts = Contact.objects.none()
        errors = []
        if len(query) >= 2:
            search = OrganizationFilterSet(
                {"q": query}, queryset=self.get_queryset().select_related("district"), request=self.request
            )
            # An invalid search (too long, too many words) is said, never run unfiltered.
            errors = search.errors.get("q", [])
            organizations = search.qs.order_by("name")[:SEARCH_RESULTS] if not errors else organizations
            if not errors:
                # A person is found by their own name too ("benesova"), not only by their organisation's.
                by_name = contact_search(self.request.user, query)
                of_organizations = (
                    Contact.objects.restrict(self.request.user, "view")
                    .filter(erased_at__isnull=True, organization__in=list(organizations))
                    .exclude(pk__in=[contact.pk for contact in by_name])
                    .select_related("organization")[: max(SEARCH_RESULTS - len(by_name), 0)]
                )
                contacts = [*by_name, *of_organizations][:SEARCH_RESULTS]
        return {
            **super().get_context_data(**kwargs),
            "query": query,
            "organizations": organizations,
            "contacts": contacts,
            "errors": errors,
        }
