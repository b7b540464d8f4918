"""The organizations screens of the UI (mounted at /organizations/ by network/urls.py)."""

urlpatterns = []
