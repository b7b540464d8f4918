"""Working groups and platforms: standing groups with member organisations and contact persons, scoped like meetings
(their district), whose meetings invite the members (an e-mail with an .ics) and tick who came.

Kept apart from meetings.views; every read goes through ``restrict(user, action)`` and every write through
meetings.services.
"""

from functools import cached_property

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core.views import RecordFormView, ScopedViewMixin, ServiceFormMixin, history_of
from meetings.forms import AttendanceForm, GroupForm, PlanForm
from meetings.models import Meeting, WorkingGroup
from meetings.selectors import invitable_contacts
from meetings.services import group_create, group_meeting_plan, group_update, meeting_attendance_set, meeting_invite
from permissions.selectors import districts_where
from permissions.views import AddViewMixin


class GroupListView(ScopedViewMixin, ListView):
    model = WorkingGroup
    template_name = "meetings/group_list.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().select_related("district")


class GroupDetailView(ScopedViewMixin, DetailView):
    """A group with its members (those the user may see), its meetings and its history."""

    model = WorkingGroup
    template_name = "meetings/group_detail.html"

    def get_context_data(self, **kwargs):
        user, group = self.request.user, self.object
        can_change = WorkingGroup.objects.restrict(user, "change").filter(pk=group.pk).exists()
        return super().get_context_data(
            organizations=group.organizations.restrict(user, "view").order_by("name"),
            contacts=group.contacts.restrict(user, "view").select_related("organization").order_by("name"),
            meetings=Meeting.objects.restrict(user, "view").filter(group=group)[:20],
            can_change=can_change,
            can_plan=districts_where(user, "meeting").filter(pk=group.district_id).exists(),
            invitable=invitable_contacts(actor=user, group=group).count(),
            history=history_of(group, excluded_fields=["organizations", "contacts"]),
            plan_form=PlanForm(),
            **kwargs,
        )


class GroupCreateView(AddViewMixin, RecordFormView):
    adds = "workinggroup"
    model = WorkingGroup
    action = "add"
    form_class = GroupForm
    title = _("New working group")
    success_message = _("The group %(object)s has been created.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "action": "add"}

    def back_url(self):
        return reverse("group-list")

    def save(self, form):
        data = dict(form.cleaned_data)
        return group_create(actor=self.request.user, reason=data.pop("reason"), **data)

    def get_success_url(self):
        return reverse("group-detail", args=[self.object.pk])


class GroupEditView(RecordFormView):
    model = WorkingGroup
    action = "change"
    form_class = GroupForm
    success_message = _("The group %(object)s has been saved.")

    @cached_property
    def group(self) -> WorkingGroup:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    @property
    def title(self):
        return self.group.name

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "action": "change",
            "region_ids": [self.group.region_id],
        }

    def get_initial(self):
        group, user = self.group, self.request.user
        return {
            "name": group.name,
            "kind": group.kind,
            "district": group.district,
            "description": group.description,
            "organizations": list(group.organizations.restrict(user, "view")),
            "contacts": list(group.contacts.restrict(user, "view")),
        }

    def back_url(self):
        return reverse("group-detail", args=[self.group.pk])

    def save(self, form):
        return group_update(
            actor=self.request.user, group=self.group, data=self.changes(form), reason=form.cleaned_data["reason"]
        )


class GroupMeetingPlanView(ScopedViewMixin, ServiceFormMixin, FormView):
    """Plan a meeting of the group (in its district); optionally e-mail the members an invitation with an .ics."""

    model = WorkingGroup
    form_class = PlanForm
    template_name = "meetings/group_plan.html"

    @cached_property
    def group(self) -> WorkingGroup:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def save(self, form):
        data = dict(form.cleaned_data)
        invite = data.pop("invite")
        meeting = group_meeting_plan(actor=self.request.user, group=self.group, **data)
        if invite:
            sent = meeting_invite(actor=self.request.user, meeting=meeting)
            messages.info(
                self.request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent) % {"count": sent},
            )
        return meeting

    def get_success_url(self):
        return reverse("meeting-detail", args=[self.object.pk])


class MeetingAttendanceView(ScopedViewMixin, ServiceFormMixin, FormView):
    """Tick who of the group came to its meeting: they become the meeting's participants."""

    model = Meeting
    action = "change"
    form_class = AttendanceForm
    template_name = "meetings/meeting_attendance.html"
    success_message = _("The attendance of %(object)s has been saved.")

    @cached_property
    def meeting(self) -> Meeting:
        return self.get_scoped_object(pk=self.kwargs["pk"], group__isnull=False)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "meeting": self.meeting}

    def get_context_data(self, **kwargs):
        return super().get_context_data(meeting=self.meeting, **kwargs)

    def save(self, form):
        return meeting_attendance_set(
            actor=self.request.user,
            meeting=self.meeting,
            organizations=form.cleaned_data["organizations"],
            contacts=form.cleaned_data["contacts"],
        )

    def get_success_url(self):
        return reverse("meeting-detail", args=[self.meeting.pk])


class MeetingInviteView(ScopedViewMixin, View):
    """E-mail (again) the invitation with the .ics of a group's meeting to its members."""

    model = Meeting
    action = "change"

    def post(self, request, pk):
        meeting = self.get_scoped_object(pk=pk, group__isnull=False)
        sent = meeting_invite(actor=request.user, meeting=meeting)
        messages.info(
            request, ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent) % {"count": sent}
        )
        return HttpResponseRedirect(reverse("meeting-detail", args=[pk]))
