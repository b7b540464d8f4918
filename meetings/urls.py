"""The meetings screens of the UI (mounted at /meetings/ by config/urls.py)."""

from django.urls import path

from meetings.views.followups import FollowUpDoneView, FollowUpListView
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
    path("needs/", NeedBoardView.as_view(), name="need-board"),
    path("needs/new/", NeedCreateView.as_view(), name="need-create"),
    path("needs/<int:pk>/", NeedDetailView.as_view(), name="need-detail"),
    path("needs/<int:pk>/edit/", NeedUpdateView.as_view(), name="need-edit"),
    path("followups/", FollowUpListView.as_view(), name="followup-list"),
    path("followups/<int:pk>/done/", FollowUpDoneView.as_view(), name="followup-done"),
]
