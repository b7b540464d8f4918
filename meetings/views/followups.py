"""The follow-ups to do, and marking one done (or not done again)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from core.views import ScopedFilteredListMixin, ScopedViewMixin
from meetings.filtersets import FollowUpFilterSet
from meetings.models import FollowUp
from meetings.services import followup_complete
from meetings.views.common import LINKED_FILTERS, changeable_ids, safe_next
from permissions.filters import ScreenFiltersMixin
from permissions.selectors import districts_where


class FollowUpListView(ScreenFiltersMixin, ScopedFilteredListMixin, ListView):
    """Follow-ups to do, soonest first: the user's own (``mine``), those of the districts where they work
    (``tab=districts``) or all in scope; overdue ones stand out and each can be marked done with one tap."""

    model = FollowUp
    filterset_class = FollowUpFilterSet
    linked_filters = LINKED_FILTERS
    # The filters as pickers in the user's words; what the list opens on is left as it was.
    own_place_default = False
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
