"""Views of the project package: the home page."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from permissions.selectors import role_assignment_list_for_user


class HomeView(LoginRequiredMixin, TemplateView):
    """The signed-in user's start page: who they are and where they work."""

    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = role_assignment_list_for_user(user=self.request.user)
        return context
