"""Forms of the organisation card, whose data the services of organizations.services write: plain forms built from
the model's own fields (core.forms.record_form), not ModelForms, so that the service sees what changed.
"""

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import record_form
from organizations.models import Organization, Service
from organizations.services import AVAILABILITY_FIELDS
from permissions.selectors import districts_where
from territory.models import District, Municipality


def served_district_choices(form: forms.Form, regions) -> QuerySet[District]:
    """The districts of the kraje given, and those the record already serves: an edit never drops one unseen."""
    current = [district.pk for district in form.initial.get("served_districts") or []]
    return District.objects.filter(Q(region__in=regions) | Q(pk__in=current)).order_by("name")


def municipality_choices(districts: QuerySet[District]) -> list:
    """The obce of the districts, grouped by ORP: a short list a finger can pick from, instead of all 6 258."""
    groups: dict[str, list] = {}
    for municipality in (
        Municipality.objects.filter(district__in=districts)
        .select_related("district")
        .order_by("district__name", "name", "code")
    ):
        groups.setdefault(municipality.district.name, []).append((municipality.pk, municipality.name))
    return [("", "---------"), *groups.items()]


ORGANIZATION_FORM_FIELDS = [
    "name",
    "kind",
    "ico",
    "street",
    "postcode",
    "municipality",
    "latitude",
    "longitude",
    "web",
    "email",
    "phone",
    "description",
    "served_districts",
    "status",
]


class OrganizationForm(record_form(Organization, ORGANIZATION_FORM_FIELDS)):
    """An organisation's data; the obec (and so the district) only among the districts the user may work in."""

    district = forms.ModelChoiceField(
        label=_("District (ORP)"),
        queryset=District.objects.none(),
        required=False,
        help_text=_("Only for an organisation with a hidden address: without an obec, it is placed in this ORP."),
    )
    field_order = ["name", "kind", "ico", "status", "street", "postcode", "municipality", "district"]

    def __init__(self, *args, user, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        districts = districts_where(user, "organization", action)
        self.fields["municipality"].queryset = Municipality.objects.filter(district__in=districts)
        self.fields["municipality"].choices = municipality_choices(districts)
        self.fields["district"].queryset = districts
        self.fields["served_districts"].queryset = served_district_choices(self, districts.values("region_id"))
        self.fields["ico"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["description"].widget.attrs["rows"] = 3


SERVICE_FORM_FIELDS = [
    "name",
    "kind",
    "forms",
    "target_groups",
    "age_from",
    "age_to",
    "capacity",
    "capacity_unit",
    "capacity_note",
    "served_districts",
    "registry_id",
    "description",
    "status",
    "active_from",
    "active_until",
    "phone",
    "email",
    "web",
    "published",
    "withdrawal_reason",
]


class ServiceForm(
    record_form(
        Service,
        SERVICE_FORM_FIELDS,
        widgets={"forms": forms.CheckboxSelectMultiple, "target_groups": forms.CheckboxSelectMultiple},
    )
):
    """A service of an organisation; the districts it serves are offered from the organisation's kraj."""

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["served_districts"].queryset = served_district_choices(self, [organization.region_id])
        self.fields["description"].widget.attrs["rows"] = 3


class AvailabilityForm(record_form(Service, AVAILABILITY_FIELDS)):
    """Free places and waiting time of a service as said on a visit (the card's small form on each service row)."""

    def __init__(self, *args, service: Service, **kwargs):
        initial = {name: getattr(service, name) for name in AVAILABILITY_FIELDS}
        # The form is about today's visit: the day of the last answer would make a new one look old.
        initial["availability_as_of"] = timezone.localdate()
        kwargs.setdefault("auto_id", f"id_availability_{service.pk}_%s")
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        for name in ("capacity", "free_places", "waiting_days"):
            self.fields[name].widget.attrs.update(inputmode="numeric")


# The model of the meetings a verification cites, known from the organisation's own key (meetings sits above).
Meeting = Organization._meta.get_field("verified_in").related_model


class VerifyForm(forms.Form):
    """ "Verified on this visit": optionally the meeting (one the organisation took part in) the data was checked on."""

    meeting = forms.ModelChoiceField(
        label=_("On the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("today, without a meeting"),
    )

    def __init__(self, *args, meetings: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
