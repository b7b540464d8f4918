"""The meetings screens of the UI (mounted at /meetings/ by config/urls.py)."""

from django.urls import path

from meetings import attachment_views, group_views, views

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting-list"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("participants/", views.ParticipantSearchView.as_view(), name="participant-search"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting-edit"),
    path("<int:pk>/attachments/", attachment_views.AttachmentUploadView.as_view(), name="meeting-attachment-add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        attachment_views.AttachmentDownloadView.as_view(),
        name="meeting-attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/delete/",
        attachment_views.AttachmentDeleteView.as_view(),
        name="meeting-attachment-delete",
    ),
    path("<int:pk>/attendance/", group_views.MeetingAttendanceView.as_view(), name="meeting-attendance"),
    path("<int:pk>/invite/", group_views.MeetingInviteView.as_view(), name="meeting-invite"),
    path("groups/", group_views.GroupListView.as_view(), name="group-list"),
    path("groups/new/", group_views.GroupCreateView.as_view(), name="group-create"),
    path("groups/<int:pk>/", group_views.GroupDetailView.as_view(), name="group-detail"),
    path("groups/<int:pk>/edit/", group_views.GroupEditView.as_view(), name="group-edit"),
    path("groups/<int:pk>/plan/", group_views.GroupMeetingPlanView.as_view(), name="group-plan"),
    path("needs/", views.NeedBoardView.as_view(), name="need-board"),
    path("needs/new/", views.NeedCreateView.as_view(), name="need-create"),
    path("needs/<int:pk>/", views.NeedDetailView.as_view(), name="need-detail"),
    path("needs/<int:pk>/edit/", views.NeedUpdateView.as_view(), name="need-edit"),
    path("followups/", views.FollowUpListView.as_view(), name="followup-list"),
    path("followups/<int:pk>/done/", views.FollowUpDoneView.as_view(), name="followup-done"),
]
