"""Scoped base views (every view of user-visible rows derives from them) and the role-assignment page of a lead."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.views import ScopedViewMixin, ServiceFormMixin
from permissions.forms import RoleAssignmentForm
from permissions.lockouts import lockout_lift, lockout_list, unlockable_users
from permissions.models import RoleAssignment
from permissions.scoping import can_assign_roles, may
from permissions.selectors import role_assignment_changes, role_assignment_list
from permissions.services import role_assign, role_revoke


class NationalTableListView(ScopedViewMixin, ListView):
    """A national table every signed-in user reads (the life situations, the indicators): ``can_change`` tells the
    page whether the rules let this user change its rows (``permissions.rules.NATIONAL_TABLES``)."""

    def get_context_data(self, **kwargs):
        can_change = may(self.request.user, self.model._meta.model_name, "change")
        return super().get_context_data(can_change=can_change, **kwargs)


class AddViewMixin:
    """A "new …" screen: a user who may add no ``adds`` record anywhere gets 404 (the same as any other screen out
    of their reach), not a form they could never send."""

    adds: str = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, self.adds, "add"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class RoleAssignmentView(ScopedViewMixin, ServiceFormMixin, FormView):
    """Who manages roles (a regional lead in the kraj, an OSPOD head at its OSPOD, a superuser) sees the assignments
    there and the latest assignments and revocations, and gives the roles the rules allow."""

    model = RoleAssignment
    template_name = "permissions/assignments.html"
    form_class = RoleAssignmentForm
    success_message = _("The role has been assigned.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_assign_roles(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "actor": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["assignments"] = role_assignment_list(user=user)
        context["revocable"] = set(RoleAssignment.objects.restrict(user, "delete").values_list("pk", flat=True))
        context["changes"] = role_assignment_changes(user=user)
        return context

    def save(self, form):
        data = form.cleaned_data
        return role_assign(
            actor=self.request.user,
            user=data["user"],
            role=data["role"],
            region=data.get("region"),
            district=data.get("district"),
            organization=data.get("organization"),
        )

    def get_success_url(self):
        return reverse("role-assignments")


class RoleRevokeView(ScopedViewMixin, View):
    """Revoke one assignment (POST only); an assignment the user may not revoke answers 404."""

    model = RoleAssignment
    action = "delete"

    def post(self, request, pk):
        assignment = self.get_scoped_object(pk=pk)
        role_revoke(actor=request.user, assignment=assignment)
        messages.success(request, _("The role has been revoked."))
        return HttpResponseRedirect(reverse("role-assignments"))


class LockoutListView(ScopedViewMixin, TemplateView):
    """A regional lead's list of the failed sign-ins of the users of the kraj (a superuser's: everyone's), each with
    "Unlock"."""

    model = RoleAssignment
    template_name = "permissions/lockouts.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_assign_roles(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "lockouts": lockout_list(user=self.request.user),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        }


class LockoutLiftView(ScopedViewMixin, View):
    """Unlock one user's sign-in (POST only); a user the actor may not unlock answers 404."""

    model = RoleAssignment

    def post(self, request, user_id):
        user = get_object_or_404(unlockable_users(request.user), pk=user_id)
        lockout_lift(actor=request.user, user=user)
        messages.success(request, _("The sign-in has been unlocked."))
        return HttpResponseRedirect(reverse("lockout-list"))
