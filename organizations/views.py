"""The directory (list, map, export) and the organisation card with its edit forms.

Every view reads through ``restrict(user, action)`` (ScopedViewMixin) and writes through organizations.services, so an
organisation out of the user's reach answers 404 and bad input comes back as errors next to the fields.
"""

from functools import cached_property

from django.conf import settings
from django.db.models import Prefetch, Q
from django.forms.models import model_to_dict
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from contacts.models import Contact
from core.exports import FORMATS, Column, export_response
from core.filters import STALE_AFTER
from core.views import FilteredListMixin, ScopedViewMixin, ServiceFormMixin, history_of, label_of
from meetings.models import FollowUp, Meeting, Need
from meetings.selectors import shared_meetings
from network.models import CooperationLink
from organizations.forms import DirectoryFilterSet, OrganizationForm, ServiceForm, VerifyForm
from organizations.models import Organization, Service
from organizations.services import (
    organization_create,
    organization_update,
    organization_verify,
    service_create,
    service_update,
)
from permissions.views import AddViewMixin

# The map shows at most this many of the filtered organisations (the list pages through all of them).
MAP_LIMIT = 1000

# The directory ----------------------------------------------------------------------------------------------------


class DirectoryMixin(FilteredListMixin, ScopedViewMixin):
    """Organisations in the user's scope narrowed by the directory's filters: what the list, map and export show."""

    model = Organization
    filterset_class = DirectoryFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("region", "district", "municipality")


class OrganizationListView(DirectoryMixin, ListView):
    """The directory: search and filters above the organisations as a list and on a map."""

    template_name = "organizations/organization_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stale_before"] = timezone.now() - STALE_AFTER
        context["map_points"] = self.map_points()
        context["map_tiles"] = {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}
        context["map_limit"] = MAP_LIMIT
        return context

    def map_points(self) -> list[dict]:
        """Where each organisation sits: its own coordinates, else the centre of its ORP (marked as approximate)."""
        rows = self.object_list.values_list(
            "pk", "name", "latitude", "longitude", "district__centroid_lat", "district__centroid_lon"
        )[:MAP_LIMIT]
        return [
            {
                "name": name,
                "url": reverse("organization-detail", args=[pk]),
                "approx": lat is None,
                "lat": float(lat if lat is not None else centre_lat),
                "lon": float(lon if lon is not None else centre_lon),
            }
            for pk, name, lat, lon, centre_lat, centre_lon in rows
        ]


class OrganizationExportView(DirectoryMixin, View):
    """The filtered directory as CSV or XLSX; filters it cannot apply send the user back to the list to see why."""

    columns: list[Column] = [
        (label_of(Organization, "name"), lambda o: o.name),
        (label_of(Organization, "kind"), lambda o: o.get_kind_display()),
        (label_of(Organization, "ico"), lambda o: o.ico),
        (label_of(Organization, "street"), lambda o: o.street),
        (label_of(Organization, "postcode"), lambda o: o.postcode),
        (label_of(Organization, "municipality"), lambda o: o.municipality),
        (_("District (ORP)"), lambda o: o.district),
        (label_of(Organization, "region"), lambda o: o.region),
        (label_of(Organization, "web"), lambda o: o.web),
        (label_of(Organization, "email"), lambda o: o.email),
        (label_of(Organization, "phone"), lambda o: o.phone),
        (label_of(Organization, "status"), lambda o: o.get_status_display()),
        (label_of(Organization, "verified_at"), lambda o: o.verified_at),
        # The kinds of service it offers, each once.
        (
            capfirst(Service._meta.verbose_name_plural),
            lambda o: "; ".join(dict.fromkeys(str(s.kind) for s in o.visible_services)),
        ),
        # The key the bulk import matches an edited export by (imports/bulk).
        (_("Síťař id"), lambda o: o.pk),
    ]

    def get(self, request):
        rows = self.get_queryset()
        fmt = request.GET.get("format")
        if fmt not in FORMATS or not self.filterset.is_valid():
            query = request.GET.copy()
            query.pop("format", None)
            return HttpResponseRedirect(f"{reverse('organization-list')}?{query.urlencode()}")
        services = Service.objects.restrict(request.user, "view").select_related("kind").order_by("kind__sort_order")
        rows = rows.prefetch_related(Prefetch("services", queryset=services, to_attr="visible_services"))
        name = f"{slugify(Organization._meta.verbose_name_plural)}-{timezone.localdate():%Y-%m-%d}"
        return export_response(
            rows, self.columns, fmt=fmt, filename=name, title=str(capfirst(Organization._meta.verbose_name_plural))
        )


# The organisation card --------------------------------------------------------------------------------------------


class OrganizationDetailView(ScopedViewMixin, DetailView):
    """An organisation with what the network knows of it: services, contacts, cooperation, meetings, needs, history."""

    model = Organization
    template_name = "organizations/organization_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("region", "district", "municipality", "verified_by")
            .prefetch_related("served_districts")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organization = self.request.user, self.object
        may = {
            action: Organization.objects.restrict(user, action).filter(pk=organization.pk).exists()
            for action in ("change", "verify")
        }
        meetings = shared_meetings(user, organization)
        context.update(
            services=Service.objects.restrict(user, "view")
            .filter(organization=organization)
            .select_related("kind")
            .prefetch_related("forms", "target_groups"),
            contacts=Contact.objects.restrict(user, "view").filter(organization=organization, erased_at__isnull=True),
            links=CooperationLink.objects.restrict(user, "view")
            .filter(Q(source=organization) | Q(target=organization))
            .select_related("source", "target"),
            meetings=meetings.select_related("district")[:20],
            # Needs it raised and needs heard at meetings it attended; follow-ups still open from those meetings.
            needs=Need.objects.restrict(user, "view")
            .filter(Q(raised_by=organization) | Q(raised_in__in=meetings.values("pk")))
            .select_related("district")
            .order_by("-created_at")[:20],
            followups=FollowUp.objects.restrict(user, "view")
            .filter(meeting__in=meetings.values("pk"), done_at__isnull=True)
            .select_related("assignee", "meeting")
            .order_by("due_on", "pk")[:20],
            history=history_of(organization, excluded_fields=["served_districts"]),
            # The meeting of the verification only if the user may see it (a case conference is OSPOD's business).
            verified_in=Meeting.objects.restrict(user, "view").filter(pk=organization.verified_in_id).first()
            if organization.verified_in_id
            else None,
            stale_before=timezone.now() - STALE_AFTER,
            # Services and contacts are scoped with their organisation: who may change it may add and change them.
            can_change=may["change"],
            verify_form=VerifyForm(meetings=meetings[:10]) if may["verify"] else None,
        )
        return context


class OrganizationVerifyView(ScopedViewMixin, ServiceFormMixin, FormView):
    """ "Verified on this visit": the user confirms the organisation's data, optionally on a meeting it took part in."""

    model = Organization
    action = "verify"
    form_class = VerifyForm
    template_name = "organizations/organization_verify.html"
    success_message = _("The data of %(object)s are verified.")

    @cached_property
    def organization(self) -> Organization:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        # A meeting of the last ten: the visit being logged is among them (the select would be endless otherwise).
        recent = shared_meetings(self.request.user, self.organization).values("pk")[:10]
        return {**super().get_form_kwargs(), "meetings": Meeting.objects.filter(pk__in=recent).order_by("-held_on")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

    def save(self, form):
        return organization_verify(
            actor=self.request.user, organization=self.organization, meeting=form.cleaned_data["meeting"]
        )

    def get_success_url(self):
        return reverse("organization-detail", args=[self.organization.pk])


# Forms of the card ------------------------------------------------------------------------------------------------


class RecordFormView(ScopedViewMixin, ServiceFormMixin, FormView):
    """A form whose data a service writes, on the page every edit form of the card shares."""

    template_name = "organizations/form.html"
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, back_url=self.back_url(), **kwargs)

    def back_url(self) -> str:
        return reverse("organization-list")

    def get_success_url(self):
        return self.back_url()

    @staticmethod
    def changes(form) -> dict:
        """What the user changed: the services record only that (and the history shows it)."""
        return {name: form.cleaned_data[name] for name in form.changed_data if name != "reason"}


class OrganizationFormMixin:
    """The organisation form with the districts where the user may do this view's action."""

    form_class = OrganizationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "action": self.action}


class OrganizationCreateView(AddViewMixin, OrganizationFormMixin, RecordFormView):
    """A new organisation, placed in one of the districts where the user may add them (nobody else gets the form)."""

    adds = "organization"
    model = Organization
    action = "add"
    title = _("New organisation")
    success_message = _("The organisation %(object)s has been created.")

    def save(self, form):
        data = dict(form.cleaned_data)
        return organization_create(actor=self.request.user, reason=data.pop("reason"), **data)

    def get_success_url(self):
        return reverse("organization-detail", args=[self.object.pk])


class OrganizationChildMixin:
    """A form under one organisation (``pk`` in the URL) that the user may change, back to its card when done."""

    model = Organization
    action = "change"

    @cached_property
    def organization(self) -> Organization:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    def back_url(self) -> str:
        return reverse("organization-detail", args=[self.organization.pk])


class OrganizationEditView(OrganizationChildMixin, OrganizationFormMixin, RecordFormView):
    """Change an organisation; a new obec moves it (with its services and contacts) to the obec's district."""

    success_message = _("The organisation %(object)s has been saved.")

    @property
    def title(self):
        return self.organization.name

    def get_initial(self):
        initial = model_to_dict(self.organization, fields=OrganizationForm.base_fields)
        # The district is asked for only without an obec; filled in next to one it would contradict a new obec.
        initial["district"] = None if self.organization.municipality_id else self.organization.district_id
        return initial

    def save(self, form):
        return organization_update(
            actor=self.request.user,
            organization=self.organization,
            data=self.changes(form),
            reason=form.cleaned_data["reason"],
        )


class ServiceCreateView(OrganizationChildMixin, RecordFormView):
    """A new service of the organisation."""

    form_class = ServiceForm
    success_message = _("The service %(object)s has been added.")

    @property
    def title(self):
        return _("New service of %(organization)s") % {"organization": self.organization}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.organization}

    def save(self, form):
        data = dict(form.cleaned_data)
        return service_create(
            actor=self.request.user, organization=self.organization, reason=data.pop("reason"), **data
        )


class ServiceEditView(RecordFormView):
    """Change a service of an organisation."""

    model = Service
    action = "change"
    form_class = ServiceForm
    success_message = _("The service %(object)s has been saved.")

    @cached_property
    def service(self) -> Service:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    @property
    def title(self):
        return f"{self.service.name} · {self.service.organization}"

    def back_url(self) -> str:
        return reverse("organization-detail", args=[self.service.organization_id]) + "#services"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organization": self.service.organization}

    def get_initial(self):
        return model_to_dict(self.service, fields=ServiceForm.base_fields)

    def save(self, form):
        return service_update(
            actor=self.request.user, service=self.service, data=self.changes(form), reason=form.cleaned_data["reason"]
        )
