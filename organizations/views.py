"""The directory (list, map, export) and the organisation card with its edit forms.

Every view reads through ``restrict(user, action)`` (ScopedViewMixin) and writes through organizations.services, so an
organisation out of the user's reach answers 404 and bad input comes back as errors next to the fields.
"""

import json
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from core.exports import FORMATS, Column, export_response
from core.filters import STALE_AFTER
from core.links import record_url
from core.reference import id_of
from core.views import (
    ChildFormMixin,
    RecordFormView,
    ScopedFilteredListMixin,
    ScopedViewMixin,
    ServiceFormMixin,
    history_of,
    label_of,
    safe_next,
)
from organizations import card
from organizations.filtersets import DirectoryFilterSet
from organizations.forms import AvailabilityForm, OrganizationForm, ServiceForm, VerifyForm
from organizations.models import AVAILABILITY_STALE_AFTER, Organization, Service
from organizations.selectors import (
    directory_home,
    merged_ids_of,
    merges_into,
    organization_card,
    organization_detail,
    organization_list,
    organization_may,
    recent_merges,
    verification_default,
    verification_meetings,
    visible_survivor,
    with_visible_services,
)
from organizations.services import (
    organization_create,
    organization_update,
    organization_verify,
    service_availability_update,
    service_create,
    service_update,
)
from permissions.scoping import may
from permissions.views import AddViewMixin

# The map shows at most this many of the filtered organisations (the list pages through all of them).
MAP_LIMIT = 1000

# A name in the map's JSON could close the <script> it sits in: these are written as escapes (as json_script does).
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def map_json(points: list[dict]) -> str:
    """The map's points as the page carries them: [id, name, lat, lon] (and 1 if approximate) each, in UTF-8 without
    spaces. A thousand points as objects with \\u-escaped Czech names were 150–165 KiB of a 185–205 KiB page; as rows
    they are 65–80 KiB (directory.js turns them back into points)."""
    rows = [
        [point["id"], point["name"], point["lat"], point["lon"], *([1] if point["approx"] else [])] for point in points
    ]
    return mark_safe(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).translate(JSON_SCRIPT_ESCAPES))


# The directory ----------------------------------------------------------------------------------------------------


class DirectoryMixin(ScopedFilteredListMixin):
    """Organisations in the user's scope narrowed by the directory's filters: what the list, map and export show."""

    model = Organization
    filterset_class = DirectoryFilterSet

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "queryset": organization_list(user=self.request.user)}


# The filters next to the search box; the others are folded under "More filters".
TERRITORY_FILTERS = ("region", "district")


class OrganizationListView(DirectoryMixin, ListView):
    """The directory: the search and the territory above the organisations found, as a list or (a tab) on a map; the
    other filters folded. Opened without a query it shows the user's home (directory_home), the rest one tap away.
    Searching as one types (htmx) asks for the results alone."""

    template_name = "organizations/organization_list.html"

    @cached_property
    def home(self) -> dict[str, str]:
        return directory_home(user=self.request.user)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not self.request.GET and self.home:
            kwargs["data"] = QueryDict(mutable=True)
            kwargs["data"].update(self.home["filters"])
        return kwargs

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        if not self.request.GET and self.home and not filterset.is_valid():
            # A home with nothing in it to see is not offered as a choice: open on everything the user can see.
            filterset = filterset_class(
                data=QueryDict(), request=self.request, queryset=organization_list(user=self.request.user)
            )
        return filterset

    def get_template_names(self):
        if self.request.htmx and not self.request.htmx.history_restore_request:
            return ["organizations/_directory_results.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        folded = [field for field in form if field.name not in {"q", *TERRITORY_FILTERS}]
        for field in folded:
            # Folded next to the title, outside the search form, yet sent with it.
            field.field.widget.attrs["form"] = "directory-search"
        data = self.filterset.data
        points = self.map_points()
        context.update(
            search_field=form["q"],
            territory_fields=[form[name] for name in TERRITORY_FILTERS],
            folded_fields=folded,
            folded_active=sum(1 for field in folded if data.get(field.name) or field.errors),
            shortcuts=self.shortcuts(),
            served_district=self.served_district(),
            people=self.people(),
            stale_before=timezone.now() - STALE_AFTER,
            availability_stale_before=timezone.localdate() - AVAILABILITY_STALE_AFTER,
            map_points=points,
            map_json=map_json(points),
            map_tiles={"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
            map_limit=MAP_LIMIT,
            # The duplicates page (duplicates app) for whoever may merge organisations somewhere.
            can_merge=may(self.request.user, "organization", "merge"),
        )
        if self.request.GET != self.filterset.data:
            # The home filters, as a link of its own would give them (the export and the pages keep them).
            context["query_without_page"] = self.filterset.data.urlencode()
        return context

    def people(self) -> list:
        """The contact persons whose name the search names, as the user may see them (one query, with a search)."""
        query = self.filterset.form.cleaned_data.get("q") if self.filterset.is_valid() else ""
        return card.people_found(self.request.user, query) if query else []

    def served_district(self) -> int | None:
        """The ORP filtered by: organisations seated elsewhere are marked as serving it."""
        code = self.filterset.form.cleaned_data.get("district") if self.filterset.is_valid() else None
        return id_of("territory.District", code) if code else None

    def shortcuts(self) -> list[dict]:
        """My ORP or kraj, the whole kraj, everything I can see: one tap each, the search kept."""
        if not self.home:
            return []
        data = self.filterset.data
        query = {"q": data.get("q", "")}
        links = []
        if "district" in self.home["filters"]:
            links.append(({**query, "district": self.home["filters"]["district"], "region": ""}, _("My ORP")))
        region = self.home["region"]
        links.append(({**query, "region": region, "district": ""}, _("The whole kraj")))
        links.append(({**query, "region": "", "district": ""}, _("Everything I can see")))
        current = {"region": data.get("region", ""), "district": data.get("district", "")}
        return [
            {
                "url": f"{reverse('organization-list')}?{urlencode(params)}",
                "label": label,
                "current": {k: params[k] for k in ("region", "district")} == current,
            }
            for params, label in links
        ]

    def map_points(self) -> list[dict]:
        """Where each organisation sits: its own coordinates, else the centre of its ORP (marked as approximate)."""
        rows = self.object_list.values_list(
            "pk", "name", "latitude", "longitude", "district__centroid_lat", "district__centroid_lon"
        )[:MAP_LIMIT]
        url = record_url("organization-detail")
        return [
            {
                "id": pk,
                "name": name,
                "url": url(pk),
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
        rows = with_visible_services(rows, user=request.user)
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
        return organization_detail(user=self.request.user)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A merged record's old id leads to the survivor, if the user may see it (else 404 like any other).
            survivor = visible_survivor(request.user, self.kwargs["pk"])
            if survivor is None:
                raise
            return HttpResponseRedirect(reverse("organization-detail", args=[survivor]))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, organization = self.request.user, self.object
        may = organization_may(user=user, organization=organization, actions=("change", "verify", "merge"))
        # Services, contact persons, cooperation, meetings, needs, follow-ups and the meeting of the verification.
        card = organization_card(user=user, organization=organization)
        merges = merges_into(organization)
        context.update(
            **card,
            history=history_of(organization, excluded_fields=["served_districts"], merged_ids=merged_ids_of(merges)),
            # Merges into this record that its merger's peers may still undo (duplicates.merge.merge_undo).
            recent_merges=recent_merges(merges) if may["merge"] else [],
            stale_before=timezone.now() - STALE_AFTER,
            # Services and contacts are scoped with their organisation: who may change it may add and change them.
            can_change=may["change"],
            verify_form=VerifyForm(
                meetings=verification_meetings(user=user, organization=organization)[:10],
                initial={"meeting": verification_default(user=user, organization=organization)},
            )
            if may["verify"]
            else None,
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
        meetings = verification_meetings(user=self.request.user, organization=self.organization)
        if self.request.method != "POST":
            # Offered: the last ten (the select would be endless otherwise). Any meeting of the organisation may be
            # cited, though: the meeting page verifies on an older visit too.
            meetings = meetings.model.objects.filter(pk__in=meetings.values("pk")[:10]).order_by("-held_on")
        return {**super().get_form_kwargs(), "meetings": meetings}

    def get_initial(self):
        return {"meeting": verification_default(user=self.request.user, organization=self.organization)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organization=self.organization, **kwargs)

    def save(self, form):
        return organization_verify(
            actor=self.request.user, organization=self.organization, meeting=form.cleaned_data["meeting"]
        )

    def get_success_url(self):
        # Back where the verification was made: the card, or the meeting page's "verify on this visit".
        return safe_next(self.request, reverse("organization-detail", args=[self.organization.pk]))


# Forms of the card ------------------------------------------------------------------------------------------------


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

    def back_url(self) -> str:
        return reverse("organization-list")

    def save(self, form):
        data = dict(form.cleaned_data)
        return organization_create(actor=self.request.user, reason=data.pop("reason"), **data)

    def get_success_url(self):
        return reverse("organization-detail", args=[self.object.pk])


class OrganizationChildMixin(ChildFormMixin):
    """A form under one organisation (``pk`` in the URL) that the user may change, back to its card when done."""

    model = Organization
    parent_url = "organization-detail"

    @property
    def organization(self) -> Organization:
        return self.parent


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


class ServiceAvailabilityView(RecordFormView):
    """Free places and waiting time of a service, as the organisation says on a visit (posted from the card's service
    row; errors come back on this page next to their fields)."""

    model = Service
    action = "change"
    form_class = AvailabilityForm
    success_message = _("The free places of %(object)s have been saved.")

    @cached_property
    def service(self) -> Service:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    @property
    def title(self):
        return _("Free places: %(service)s · %(organization)s") % {
            "service": self.service.name,
            "organization": self.service.organization,
        }

    def back_url(self) -> str:
        return reverse("organization-detail", args=[self.service.organization_id]) + "#services"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "service": self.service}

    def get_template_names(self):
        # The card's service row asks for the form alone when it is opened.
        if self.request.htmx and self.request.method == "GET":
            return ["organizations/_availability_fields.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.service, **kwargs)

    def save(self, form):
        data = form.cleaned_data
        return service_availability_update(
            actor=self.request.user,
            service=self.service,
            capacity=data["capacity"],
            capacity_unit=data["capacity_unit"],
            free_places=data["free_places"],
            waiting_days=data["waiting_days"],
            as_of=data["availability_as_of"],
            reason=data["reason"],
        )
