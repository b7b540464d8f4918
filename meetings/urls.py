"""The meetings screens of the UI (mounted at /meetings/ by config/urls.py)."""

from django.urls import path

from meetings.views.attachments import AttachmentDeleteView, AttachmentDownloadView, AttachmentUploadView
from meetings.views.followups import FollowUpDoneView, FollowUpListView
from meetings.views.groups import (
    GroupCreateView,
    GroupDetailView,
    GroupEditView,
    GroupListView,
    GroupMeetingPlanView,
    MeetingAttendanceView,
    MeetingInviteView,
)
from meetings.views.meetings import (
    MeetingCreateView,
    MeetingDetailView,
    MeetingListView,
    MeetingUpdateView,
    ParticipantSearchView,
)
from meetings.views.needs import NeedBoardView, NeedCreateView, NeedDetailView, NeedUpdateView

urlpatterns = [
    path("", MeetingListView.as_view(), name="meeting-list"),
    path("new/", MeetingCreateView.as_view(), name="meeting-create"),
    path("participants/", ParticipantSearchView.as_view(), name="participant-search"),
    path("<int:pk>/", MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/edit/", MeetingUpdateView.as_view(), name="meeting-edit"),
    path("<int:pk>/attachments/", AttachmentUploadView.as_view(), name="meeting-attachment-add"),
    path("<int:pk>/attachments/<int:attachment_pk>/", AttachmentDownloadView.as_view(), name="meeting-attachment"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        AttachmentDeleteView.as_view(),
        name="meeting-attachment-delete",
    ),
    path("<int:pk>/attendance/", MeetingAttendanceView.as_view(), name="meeting-attendance"),
    path("<int:pk>/invite/", MeetingInviteView.as_view(), name="meeting-invite"),
    path("groups/", GroupListView.as_view(), name="group-list"),
    path("groups/new/", GroupCreateView.as_view(), name="group-create"),
    path("groups/<int:pk>/", GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/edit/", GroupEditView.as_view(), name="group-edit"),
    path("groups/<int:pk>/plan/", GroupMeetingPlanView.as_view(), name="group-plan"),
    path("needs/", NeedBoardView.as_view(), name="need-board"),
    path("needs/new/", NeedCreateView.as_view(), name="need-create"),
    path("needs/<int:pk>/", NeedDetailView.as_view(), name="need-detail"),
    path("needs/<int:pk>/edit/", NeedUpdateView.as_view(), name="need-edit"),
    path("followups/", FollowUpListView.as_view(), name="followup-list"),
    path("followups/<int:pk>/done/", FollowUpDoneView.as_view(), name="followup-done"),
]
