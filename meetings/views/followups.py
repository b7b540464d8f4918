"""The follow-ups to do, and marking one done (or not done again)."""

from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from core.views import ScopedFilteredListMixin, ScopedViewMixin, safe_next
from meetings.filtersets import FollowUpFilterSet
from meetings.models import FollowUp
from meetings.services import followup_complete
from meetings.views.common import LINKED_FILTERS, changeable_ids
from permissions.filters import ScreenPickersMixin
from permissions.selectors import districts_where

# What Úkoly opens on when its URL names no filter: the user's own follow-ups not done yet (due soonest first, the
# model's order); everything they can see, and the done ones, are a tap away.
MY_OPEN_FOLLOWUPS = "mine=true&done=false"


class FollowUpListView(ScreenPickersMixin, ScopedFilteredListMixin, ListView):
    """Follow-ups to do, soonest first: the user's own (``mine``, what it opens on, the open ones), those of the
    districts where they work (``tab=districts``) or all in scope; overdue ones stand out and each can be marked done
    with one tap. Whose follow-ups is the choice here (the tabs), not the place: the pickers open on no own place."""

    model = FollowUp
    filterset_class = FollowUpFilterSet
    linked_filters = LINKED_FILTERS
    template_name = "meetings/followup_list.html"

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.request.GET:
            kwargs["data"] = QueryDict(MY_OPEN_FOLLOWUPS)
        return kwargs

    def get_queryset(self):
        queryset = super().get_queryset().select_related("meeting", "assignee", "district")
        if self.request.GET.get("tab") == "districts":
            queryset = queryset.filter(district__in=districts_where(self.request.user, "followup"))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.filterset.data
        tab = "mine" if data.get("mine") == "true" else data.get("tab", "all")
        done = data.get("done", "")
        context.update(
            tab=tab,
            tabs=[
                {"tab": "mine", "label": _("Mine"), "url": self.url_with(mine="true", tab=None)},
                {"tab": "districts", "label": _("My districts"), "url": self.url_with(tab="districts", mine=None)},
                {"tab": "all", "label": _("All I can see"), "url": self.url_with(tab=None, mine=None)},
            ],
            done_switch=[
                {"label": _("Open"), "url": self.url_with(done="false"), "current": done == "false"},
                {"label": _("Done too"), "url": self.url_with(done=""), "current": done == ""},
            ],
            keep_params=[("tab", data.get("tab", ""))],
            today=timezone.localdate(),
            list_url=self.request.get_full_path(),
            changeable=changeable_ids(self.request.user, context["object_list"]),
        )
        return context

    def url_with(self, **changes) -> str:
        """The list as it is now (its filters, from the first page) with ``changes`` (None: left out). Whether done
        ones show is always said, so that no choice leads back to the bare URL, which means "my open ones"."""
        query = self.filterset.data.copy() if isinstance(self.filterset.data, QueryDict) else QueryDict(mutable=True)
        query.pop("page", None)
        query.setdefault("done", "")
        for key, value in changes.items():
            if value is None:
                query.pop(key, None)
            else:
                query[key] = value
        return f"?{query.urlencode()}"


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
