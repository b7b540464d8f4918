"""Screens of the network domain: the home page of each role, cooperation links and case networks."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, F, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from core.filters import stale_since
from core.views import FilteredListMixin, ScopedViewMixin, ServiceFormMixin, history_of, record_id
from meetings.models import FollowUp, Meeting, Need, NeedStatus
from network.filtersets import CaseFilterSet, LinkFilterSet
from network.forms import CaseForm, InvolvementForm, LinkConfirmForm, LinkForm
from network.models import Case, CaseInvolvement, CaseStatus, CooperationLink, LinkStatus
from network.selectors import existing_link, kraj_overview
from network.services import (
    CASE_FIELDS,
    LINK_FIELDS,
    case_create,
    case_involvement_add,
    case_involvement_remove,
    case_update,
    link_confirm,
    link_create,
    link_update,
)
from organizations.models import Organization
from permissions.filters import ScreenFiltersMixin
from permissions.roles import Role
from permissions.scoping import get_scope, may
from permissions.selectors import role_assignment_list_for_user
from permissions.views import AddViewMixin

# How far ahead the home page warns about follow-ups, and how many rows each of its sections shows.
FOLLOWUP_HORIZON = datetime.timedelta(days=7)
HOME_ROWS = 10
STALE_ROWS = 5


# ------------------------------------------------------------------------------------------------------- home --


class HomeView(LoginRequiredMixin, TemplateView):
    """The signed-in user's start page: where they work and what waits for them there.

    Allow-listed in tests/scoping/test_url_scoping.py rather than derived from ScopedViewMixin (it shows several models): every
    row it shows comes from ``restrict(user, "view")``, and each section costs a fixed number of queries.
    """

    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        context = super().get_context_data(**kwargs)
        context.update(
            today=today,
            assignments=role_assignment_list_for_user(user=user),
            followups=self.followups_due(today)[:HOME_ROWS],
            cases=Case.objects.restrict(user, "view")
            .filter(status=CaseStatus.OPEN)
            .select_related("ospod")[:HOME_ROWS],
            show_cases=may(user, "case", "view") or bool(get_scope(user).shared_cases.get("view")),
        )
        # A síťař's meetings and needs open on their own ORP, all they may see (the kraj) one tap away. (An OSPOD's
        # rows are its own already; regional roles work the whole kraj.)
        own = [a.district_id for a in get_scope(user).assignments if a.district_id and a.role == Role.SITAR]
        wide = self.request.GET.get("scope") == "all" or not own
        meetings = Meeting.objects.restrict(user, "view")
        needs = Need.objects.restrict(user, "view").filter(status__in=[NeedStatus.OPEN, NeedStatus.IN_PROGRESS])
        if not wide:
            meetings, needs = meetings.filter(district_id__in=own), needs.filter(district_id__in=own)
        context.update(
            scope_choice=self.scope_choice(wide) if own else [],
            wide=wide,
            meetings=meetings.select_related("district")[:HOME_ROWS],
        )
        context.update(needs_count=needs.count(), needs=needs.select_related("district")[:HOME_ROWS])
        if may(user, "organization", "verify"):
            stale = Organization.objects.restrict(user, "view").filter(stale_since("verified_at"))
            context.update(
                show_stale=True,
                stale_count=stale.count(),
                stale=stale.select_related("district").order_by("verified_at", "name")[:STALE_ROWS],
            )
        if may(user, "cooperationlink", "change"):
            # Active links no meeting has reconfirmed for a year: the same rows as the list's ?stale=true&status=active.
            unconfirmed = CooperationLink.objects.restrict(user, "view").filter(
                stale_since("confirmed_on", date_only=True), status=LinkStatus.ACTIVE
            )
            context.update(
                show_unconfirmed=True,
                unconfirmed_count=unconfirmed.count(),
                unconfirmed=unconfirmed.select_related("source", "target").order_by(
                    F("confirmed_on").asc(nulls_first=True), "id"
                )[:STALE_ROWS],
            )
        context["kraje"] = kraj_overview(user)
        return context

    @staticmethod
    def scope_choice(wide: bool) -> list[dict]:
        """A síťař's ORP or everything they may see, one tap apart (core/_place_switch.html)."""
        home = reverse("home")
        return [
            {"label": _("My ORP"), "url": home, "current": not wide},
            {"label": _("Everything I can see"), "url": f"{home}?scope=all", "current": wide},
        ]

    def followups_due(self, today):
        """Open follow-ups due within the horizon (or overdue) that are the user's own or lie where they work."""
        user = self.request.user
        assignments = get_scope(user).assignments
        territory = Q(assignee=user)
        districts = [a.district_id for a in assignments if a.district_id]
        regions = [a.region_id for a in assignments if a.region_id and not a.district_id]
        if districts:
            territory |= Q(district_id__in=districts)
        if regions:
            territory |= Q(region_id__in=regions)
        return (
            FollowUp.objects.restrict(user, "view")
            .filter(territory, done_at__isnull=True, due_on__lte=today + FOLLOWUP_HORIZON)
            .select_related("meeting", "assignee")
            .order_by("due_on", "id")
        )


# ------------------------------------------------------------------------------------------- cooperation links --


class LinkQuerysetMixin(ScopedViewMixin):
    """Links in scope with the two organisations and the place each screen shows."""

    model = CooperationLink

    def get_queryset(self):
        return super().get_queryset().select_related("source", "target", "district")

    @staticmethod
    def flag_unconfirmed(links) -> None:
        """Mark the active links nobody has reconfirmed for a year (``link.unconfirmed``) for the templates."""
        today = timezone.localdate()
        for link in links:
            link.unconfirmed = link.needs_reconfirmation(today)


class LinkListView(ScreenFiltersMixin, FilteredListMixin, LinkQuerysetMixin, ListView):
    """Who cooperates with whom, filtered as in the API; links nobody reconfirmed for a year are flagged."""

    filterset_class = LinkFilterSet
    template_name = "network/link_list.html"
    shown_filters = ("district", "kind", "status", "formalized", "stale")
    # A select of every organisation the user may see (thousands, 130 KiB of a kraj's page) is not offered: the
    # filter by an organisation is kept when a link brings it (?organization=12), and named above the list.
    linked_filters = ("organization", "source", "target")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            **kwargs, shown_filters=self.shown_filters, linked_filters=self.linked_filters
        )
        self.flag_unconfirmed(context["object_list"])
        context["linked_organizations"] = self.linked_organizations()
        return context

    def linked_organizations(self) -> list[dict]:
        """The organisations a link filters by (each one the user may see: the filter refuses the others), with the
        list without that filter."""
        if not self.filterset.is_valid():
            return []
        chosen = []
        for name in self.linked_filters:
            organization = self.filterset.form.cleaned_data.get(name)
            if organization:
                query = self.request.GET.copy()
                query.pop(name, None)
                query.pop("page", None)
                chosen.append(
                    {
                        "label": self.filterset.form[name].label,
                        "organization": organization,
                        "clear_url": f"{reverse('link-list')}?{query.urlencode()}",
                    }
                )
        return chosen


class LinkDetailView(LinkQuerysetMixin, DetailView):
    """One link: both organisations, how they cooperate, the meetings that show it and its history."""

    template_name = "network/link_detail.html"

    def get_context_data(self, **kwargs):
        link, user = self.object, self.request.user
        self.flag_unconfirmed([link])
        return super().get_context_data(
            **kwargs,
            evidence=Meeting.objects.restrict(user, "view").filter(evidenced_links=link).select_related("district"),
            history=history_of(link, excluded_fields=["evidence"]),
            can_change=CooperationLink.objects.restrict(user, "change").filter(pk=link.pk).exists(),
            confirm_form=LinkConfirmForm(user=user, link=link),
        )


class LinkFormMixin(ServiceFormMixin):
    """The link form, given the user and (on edit) the link."""

    form_class = LinkForm
    template_name = "network/link_form.html"
    link = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "link": self.link}

    def get_success_url(self):
        return reverse("link-detail", args=[self.object.pk])


class LinkCreateView(AddViewMixin, LinkFormMixin, ScopedViewMixin, FormView):
    """Record a cooperation: from an organisation's card (``?organization=``, the source) or from a meeting
    (``?meeting=``: its participants to choose from, the meeting as the evidence)."""

    adds = "cooperationlink"
    model = CooperationLink
    action = "add"
    success_message = _("The cooperation has been recorded.")

    @cached_property
    def meeting(self):
        pk = self.request.GET.get("meeting", "")
        if not pk:
            return None
        return get_object_or_404(Meeting.objects.restrict(self.request.user, "view"), pk=record_id(pk) or 0)

    def get_initial(self):
        initial = {"source": record_id(self.request.GET.get("organization", ""))}
        if self.meeting is not None:
            initial["evidence"] = [self.meeting.pk]
            if initial["source"] is None:
                initial["source"], initial["target"] = self.meeting_pair()
        return initial

    def meeting_pair(self) -> tuple[int | None, int | None]:
        """The meeting's first two participants the user may see, as its page lists them (by name): the pair a link
        from a visit of two organisations is about (either may be changed)."""
        pair = list(
            self.meeting.organizations.restrict(self.request.user, "view")
            .order_by("name", "pk")
            .values_list("pk", flat=True)[:2]
        )
        return tuple((pair + [None, None])[:2])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting}

    duplicate = None

    def form_invalid(self, form):
        # A link the pair already has is no dead end: the form offers it (and to confirm it with the meeting) to a
        # user who may see it; anyone else gets the plain error, which names no link.
        # (The pair as sent: a service error on a field takes that field out of cleaned_data.)
        attempt = getattr(self, "attempt", None)
        if attempt is not None:
            self.duplicate = existing_link(self.request.user, **attempt)
        if self.duplicate is not None:
            self.duplicate.unconfirmed = self.duplicate.needs_reconfirmation(timezone.localdate())
            self.duplicate.may_change = (
                CooperationLink.objects.restrict(self.request.user, "change").filter(pk=self.duplicate.pk).exists()
            )
            self.duplicate.confirmable = (
                self.meeting is not None and not self.duplicate.evidence.filter(pk=self.meeting.pk).exists()
            )
        return super().form_invalid(form)

    def save(self, form):
        data = dict(form.cleaned_data)
        source, target, kind = data.pop("source"), data.pop("target"), data.pop("kind")
        self.attempt = {
            "source_id": source.pk,
            "target_id": target.pk,
            "kind": kind,
            "directed": bool(data.get("directed")),
        }
        return link_create(
            actor=self.request.user, source=source, target=target, kind=kind, evidence=data.pop("evidence", ()), **data
        )


class OneLinkMixin(LinkQuerysetMixin):
    """A screen about one link in scope for the view's action (else 404), loaded after the login check."""

    @cached_property
    def link(self):
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, link=self.link)


class LinkUpdateView(OneLinkMixin, LinkFormMixin, FormView):
    """Change how two organisations cooperate (the pair stays) and which meetings show it."""

    action = "change"
    success_message = _("The cooperation has been saved.")

    def get_initial(self):
        return {
            **{name: getattr(self.link, name) for name in LINK_FIELDS},
            "evidence": list(self.link.evidence.values_list("pk", flat=True)),
        }

    def save(self, form):
        return link_update(actor=self.request.user, link=self.link, data=dict(form.cleaned_data))


class LinkConfirmView(OneLinkMixin, ServiceFormMixin, FormView):
    """Confirm a link with a meeting both organisations attended: it counts as reconfirmed on that date."""

    action = "change"
    form_class = LinkConfirmForm
    template_name = "network/link_confirm.html"
    success_message = _("The cooperation has been confirmed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "link": self.link}

    def save(self, form):
        return link_confirm(actor=self.request.user, link=self.link, meeting=form.cleaned_data["meeting"])

    def get_success_url(self):
        return reverse("link-detail", args=[self.link.pk])


# -------------------------------------------------------------------------------------------------- case networks --


class CaseQuerysetMixin(ScopedViewMixin):
    """Cases in scope: an OSPOD worker's own OSPOD's cases and cases explicitly shared with the user, nothing else."""

    model = Case

    def get_queryset(self):
        return super().get_queryset().select_related("ospod", "district")


class OneCaseMixin(CaseQuerysetMixin):
    """A screen about one case in scope for the view's action (else 404), loaded after the login check."""

    @cached_property
    def case(self):
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, case=self.case)

    def get_success_url(self):
        return reverse("case-detail", args=[self.case.pk])


class CaseListView(FilteredListMixin, CaseQuerysetMixin, ListView):
    """The user's cases with how many organisations each involves."""

    filterset_class = CaseFilterSet
    template_name = "network/case_list.html"

    def get_queryset(self):
        # Explicit order: a grouped (annotated) queryset no longer counts as ordered by Meta.ordering for pagination.
        return (
            super().get_queryset().annotate(involved=Count("involvements", distinct=True)).order_by("-opened_on", "-id")
        )


class CaseDetailView(CaseQuerysetMixin, DetailView):
    """A case network: its reference, the organisations involved and in which role, and its case conferences."""

    template_name = "network/case_detail.html"

    def get_context_data(self, **kwargs):
        case, user = self.object, self.request.user
        involvements = CaseInvolvement.objects.filter(case=case)
        return super().get_context_data(
            **kwargs,
            involvements=involvements.restrict(user, "view").select_related("organization__district"),
            removable=set(involvements.restrict(user, "delete").values_list("pk", flat=True)),
            conferences=Meeting.objects.restrict(user, "view").filter(case=case).select_related("district"),
            can_change=Case.objects.restrict(user, "change").filter(pk=case.pk).exists(),
        )


class CaseCreateView(AddViewMixin, CaseQuerysetMixin, ServiceFormMixin, FormView):
    """Open a case network for one of the user's own OSPODs."""

    adds = "case"
    action = "add"
    form_class = CaseForm
    template_name = "network/case_form.html"
    success_message = _("The case has been opened.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        return case_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("case-detail", args=[self.object.pk])


class CaseUpdateView(OneCaseMixin, ServiceFormMixin, FormView):
    """Change a case's reference, status and dates."""

    action = "change"
    form_class = CaseForm
    template_name = "network/case_form.html"
    success_message = _("The case has been saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "case": self.case}

    def get_initial(self):
        return {name: getattr(self.case, name) for name in CASE_FIELDS}

    def save(self, form):
        return case_update(actor=self.request.user, case=self.case, data=form.cleaned_data)


class CaseInvolvementAddView(OneCaseMixin, ServiceFormMixin, FormView):
    """Add an organisation to a case network in a role; only who may change the case may."""

    action = "change"
    form_class = InvolvementForm
    template_name = "network/involvement_form.html"
    success_message = _("The organisation has been added to the case.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "case": self.case}

    def save(self, form):
        return case_involvement_add(actor=self.request.user, case=self.case, **form.cleaned_data)


class CaseInvolvementRemoveView(ScopedViewMixin, View):
    """Remove an organisation from a case (POST only); one the user may not remove answers 404."""

    model = CaseInvolvement
    action = "delete"

    def post(self, request, pk):
        involvement = self.get_scoped_object(pk=pk)
        case_involvement_remove(actor=request.user, involvement=involvement)
        messages.success(request, _("The organisation has been removed from the case."))
        return HttpResponseRedirect(reverse("case-detail", args=[involvement.case_id]))
