"""The meetings screens of the UI (mounted at /meetings/ by network/urls.py)."""

urlpatterns = []
