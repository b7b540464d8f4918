"""The UI screens of cooperation links and case networks (mounted at /links/ and /cases/ by network/urls.py)."""

urlpatterns = []
