"""The duplicates pages (mounted at /organizations/duplicates/ by config/urls.py)."""

from django.urls import path

from duplicates.views import DuplicateListView, MergeUndoView, MergeView, NotDuplicateView

urlpatterns = [
    path("", DuplicateListView.as_view(), name="duplicate-list"),
    path("<int:first>-<int:second>/merge/", MergeView.as_view(), name="duplicate-merge"),
    path("<int:first>-<int:second>/not-duplicate/", NotDuplicateView.as_view(), name="duplicate-dismiss"),
    path("merges/<int:pk>/undo/", MergeUndoView.as_view(), name="duplicate-undo"),
]
