"""The meetings screens: log a meeting in one step (participants, follow-ups and needs), the list and detail of
meetings, the needs board and the follow-ups to do. Rows come from restrict(user, action); the services write."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from contacts.models import Contact
from core.services import INLINE_KEY
from core.views import ScopedFilteredListMixin, ScopedViewMixin, ServiceFormMixin, history_of, record_id, with_unseen
from meetings.filtersets import FollowUpFilterSet, MeetingFilterSet, NeedFilterSet
from meetings.forms import FollowUpFormSet, MeetingForm, NeedFormSet, NeedStatusForm, StandaloneNeedForm
from meetings.models import FollowUp, Meeting, Need, NeedStatus
from meetings.services import (
    followup_complete,
    meeting_create,
    meeting_update,
    need_create,
    need_set_status,
    need_update,
)
from organizations.filtersets import OrganizationFilterSet
from organizations.models import Organization
from permissions.selectors import districts_where
from permissions.views import AddViewMixin

# Results of one participant search: enough to pick from on a tablet, few enough to stay quick.
SEARCH_RESULTS = 8
# Cards per column of the needs board (the newest first); the filters narrow it down.
BOARD_COLUMN_SIZE = 100
ROWS_TO_CORRECT = _("Correct the marked rows below.")
# Filters by one related record (a meeting, an organisation, a case) would be a select of every such record in the
# kraj: they are not offered in the filter form, only kept when a link brings them (?meeting=12).
LINKED_FILTERS = ("meeting", "raised_in", "organization", "case")


def changeable_ids(user, rows) -> set[int]:
    """Which of these follow-ups the user may mark done (one query), so a row offers only what will work."""
    return set(
        FollowUp.objects.restrict(user, "change").filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True)
    )


def safe_next(request, default: str) -> str:
    """Where to go back to after a POST: the page it came from when that is one of ours, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


# Meetings -------------------------------------------------------------------------------------------------------


class MeetingListView(ScopedFilteredListMixin, ListView):
    """Meetings in the user's scope, newest first, narrowed by the filters the API has."""

    model = Meeting
    filterset_class = MeetingFilterSet
    linked_filters = LINKED_FILTERS
    template_name = "meetings/meeting_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district")


class MeetingDetailView(ScopedViewMixin, DetailView):
    """One meeting with its participants, follow-ups, needs and history; another scope's meeting is 404."""

    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("district", "case", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, meeting = self.request.user, self.object
        followups = list(FollowUp.objects.restrict(user, "view").filter(meeting=meeting).select_related("assignee"))
        context.update(
            # The organiser is named only to a reader who may see it (its kraj may not be the meeting's).
            organizer=Organization.objects.restrict(user, "view").filter(pk=meeting.organizer_id).first(),
            organizations=meeting.organizations.restrict(user, "view").order_by("name"),
            contacts=meeting.contacts.restrict(user, "view").select_related("organization"),
            followups=followups,
            changeable=changeable_ids(user, followups),
            needs=Need.objects.restrict(user, "view").filter(raised_in=meeting).select_related("district"),
            history=history_of(meeting, excluded_fields=["organizations", "contacts"]),
            can_change=Meeting.objects.restrict(user, "change").filter(pk=meeting.pk).exists(),
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
        context.update(chosen_organizations=form.chosen("organizations"), chosen_contacts=form.chosen("contacts"))
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
        return {
            "followups": FollowUpFormSet(data, prefix="followups", user=self.request.user),
            "needs": NeedFormSet(data, prefix="needs", user=self.request.user),
        }

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
        data = form.service_data()
        for name in ("organizations", "contacts"):
            data[name] = with_unseen(data.get(name, ()), getattr(self.object, name).all(), form.fields[name].queryset)
        return meeting_update(
            actor=self.request.user,
            meeting=self.object,
            data=data,
            expected_version=form.cleaned_data.get("expected_version"),
        )


class ParticipantSearchView(ScopedViewMixin, TemplateView):
    """The type-ahead of the meeting form (htmx): organisations in scope whose name matches, without diacritics and
    case, and their contact persons; tapping one adds it as a participant."""

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
            contacts = (
                Contact.objects.restrict(self.request.user, "view")
                .filter(erased_at__isnull=True, organization__in=list(organizations))
                .select_related("organization")[:SEARCH_RESULTS]
            )
        return {
            **super().get_context_data(**kwargs),
            "query": query,
            "organizations": organizations,
            "contacts": contacts,
            "errors": errors,
        }


# Needs ----------------------------------------------------------------------------------------------------------


class NeedBoardView(ScopedFilteredListMixin, ListView):
    """The needs in scope as a board: a column per status, newest first, each card movable to another status."""

    model = Need
    filterset_class = NeedFilterSet
    linked_filters = LINKED_FILTERS
    template_name = "meetings/need_board.html"
    paginate_by = None

    def get_queryset(self):
        return super().get_queryset().select_related("district", "raised_by", "target_group")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        needs = context["object_list"]
        context["columns"] = [
            {
                "status": status,
                "label": label,
                "needs": [NeedCard(need) for need in needs.filter(status=status)[:BOARD_COLUMN_SIZE]],
                "count": needs.filter(status=status).count(),
            }
            for status, label in NeedStatus.choices
        ]
        # Who raised a need is named only if the reader may see that organisation (it may sit in another kraj).
        cards = [card for column in context["columns"] for card in column["needs"]]
        seen = set(
            Organization.objects.restrict(self.request.user, "view")
            .filter(pk__in={card.need.raised_by_id for card in cards if card.need.raised_by_id})
            .values_list("pk", flat=True)
        )
        for card in cards:
            card.raised_by = card.need.raised_by if card.need.raised_by_id in seen else None
        context["board_url"] = self.request.get_full_path()
        return context


class NeedCard:
    """A need on the board with the status form of its card."""

    def __init__(self, need: Need):
        self.need = need
        self.form = NeedStatusForm(need=need, auto_id=f"id_need{need.pk}_%s")
        self.raised_by = None


class NeedDetailView(ScopedViewMixin, ServiceFormMixin, FormView):
    """One need, its history, and the form that moves it to another status (from here or from its board card);
    closing it without a note is refused with the error next to the note."""

    model = Need
    form_class = NeedStatusForm
    template_name = "meetings/need_detail.html"
    success_message = _("The status of the need has been changed.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_scoped_object(pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("district", "target_group", "wanted_service_kind", "created_by")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "need": self.object}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "next": safe_next(self.request, ""),
            "history": history_of(self.object),
            "can_change": Need.objects.restrict(user, "change").filter(pk=self.object.pk).exists(),
            # A need may be placed elsewhere than the meeting it was raised in (or by an organisation of another
            # kraj): what the reader may not see is not named, not even by its title.
            "raised_in": Meeting.objects.restrict(user, "view").filter(pk=self.object.raised_in_id).first(),
            "raised_by": Organization.objects.restrict(user, "view").filter(pk=self.object.raised_by_id).first(),
        }

    def save(self, form):
        data = form.cleaned_data
        return need_set_status(
            actor=self.request.user,
            need=self.object,
            status=data["status"],
            note=data["resolution_note"],
            expected_version=data.get("expected_version"),
        )

    def get_success_url(self):
        return safe_next(self.request, reverse("need-detail", args=[self.object.pk]))


class NeedFormMixin(ScopedViewMixin, ServiceFormMixin):
    model = Need
    form_class = StandaloneNeedForm
    template_name = "meetings/need_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return reverse("need-detail", args=[self.object.pk])


class NeedCreateView(AddViewMixin, NeedFormMixin, CreateView):
    """Record a need heard outside a logged meeting."""

    adds = "need"
    action = "add"
    success_message = _("The need has been recorded.")

    def save(self, form):
        return need_create(actor=self.request.user, **form.service_data())


class NeedUpdateView(NeedFormMixin, UpdateView):
    """Change what a need says; a stale edit is refused."""

    action = "change"
    success_message = _("The need has been saved.")

    def save(self, form):
        return need_update(
            actor=self.request.user,
            need=self.object,
            data=form.service_data(),
            expected_version=form.cleaned_data.get("expected_version"),
        )


# Follow-ups -----------------------------------------------------------------------------------------------------


class FollowUpListView(ScopedFilteredListMixin, ListView):
    """Follow-ups to do, soonest first: the user's own (``mine``), those of the districts where they work
    (``tab=districts``) or all in scope; overdue ones stand out and each can be marked done with one tap."""

    model = FollowUp
    filterset_class = FollowUpFilterSet
    linked_filters = LINKED_FILTERS
    template_name = "meetings/followup_list.html"

    def get_queryset(self):
        queryset = super().get_queryset().select_related("meeting", "assignee", "district")
        if self.request.GET.get("tab") == "districts":
            queryset = queryset.filter(district__in=districts_where(self.request.user, "followup"))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        get = self.request.GET
        context.update(
            tab="mine" if get.get("mine") == "true" else get.get("tab", "all"),
            keep_params=[("tab", get.get("tab", ""))],
            today=timezone.localdate(),
            list_url=self.request.get_full_path(),
            changeable=changeable_ids(self.request.user, context["object_list"]),
        )
        return context


class FollowUpDoneView(ScopedViewMixin, View):
    """Mark a follow-up done (``done=0``: not done again): htmx swaps its row, a plain POST goes back to the list."""

    model = FollowUp
    action = "change"

    def post(self, request, pk):
        followup = self.get_scoped_object(pk=pk)
        followup = followup_complete(actor=request.user, followup=followup, done=request.POST.get("done") != "0")
        back = safe_next(request, reverse("followup-list"))
        if request.htmx:
            return render(
                request,
                "meetings/followup_row.html",
                {
                    "followup": followup,
                    "today": timezone.localdate(),
                    "list_url": back,
                    "changeable": {followup.pk},
                    "in_meeting": back.startswith(reverse("meeting-detail", args=[followup.meeting_id])),
                },
            )
        messages.success(
            request, _("The follow-up has been marked done.") if followup.done_at else _("The follow-up is open again.")
        )
        return HttpResponseRedirect(back)
