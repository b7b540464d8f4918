"""The merge form: the surviving record, and for each field (or group of fields) the record whose value is kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import OutOfScope
from duplicates.merge import CHOICES
from duplicates.services import mergeable_pair
from organizations.models import Organization

SIDES = ("first", "second")
LABELS = {
    "name": _("Name"),
    "kind": _("Kind"),
    "ico": _("IČO"),
    "address": _("Address"),
    "coordinates": _("Coordinates"),
    "web": _("Web"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "description": _("Description"),
    "status": _("Status"),
}


def shown_value(organization: Organization, group: str) -> str:
    """A record's value of a field group as the form shows it."""
    if group == "address":
        parts = [organization.street, organization.postcode, str(organization.municipality or "")]
        return ", ".join(part for part in parts if part) or "—"
    if group == "coordinates":
        if organization.latitude is None:
            return "—"
        return f"{organization.latitude}, {organization.longitude}"
    if group in ("kind", "status"):
        return getattr(organization, f"get_{group}_display")()
    return str(getattr(organization, CHOICES[group][0]) or "—")


class MergeForm(forms.Form):
    """Which record survives (its id and card stay), which record's value each field keeps, and why."""

    survivor = forms.ChoiceField(label=_("The record that stays"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why are the two records one organisation?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Kept in the history of the organisation with your name."),
    )

    def __init__(self, *args, first: Organization, second: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {"first": first, "second": second}
        self.fields["survivor"].choices = [
            (side, f"{record.name} (#{record.pk})") for side, record in self.records.items()
        ]
        self.fields["survivor"].initial = "first"
        for group in CHOICES:
            self.fields[group] = forms.ChoiceField(
                label=LABELS[group],
                widget=forms.RadioSelect,
                choices=[(side, shown_value(record, group)) for side, record in self.records.items()],
                initial="first",
            )
        self.order_fields(["survivor", *CHOICES, "reason"])

    @property
    def choice_fields(self):
        return [self[group] for group in CHOICES]

    def values(self) -> dict:
        """The values chosen, field by field, as merge_organizations takes them."""
        values = {}
        for group, names in CHOICES.items():
            record = self.records[self.cleaned_data[group]]
            for name in names:
                values[name] = getattr(record, name)
        return values

    def pair(self):
        """(survivor, merged)."""
        survivor = self.cleaned_data["survivor"]
        other = "second" if survivor == "first" else "first"
        return self.records[survivor], self.records[other]


class PairForm(forms.Form):
    """Two records named by their numbers (the number in the address of its card), to compare and merge a pair the list does not offer
    (two kraje for a superuser, names too unlike). A number the user may not merge is refused without saying why."""

    first = forms.IntegerField(label=_("First record (#)"), min_value=1)
    second = forms.IntegerField(label=_("Second record (#)"), min_value=1)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            field.widget.attrs.update(inputmode="numeric")

    def clean(self):
        data = super().clean()
        first, second = data.get("first"), data.get("second")
        if first is None or second is None:
            return data
        if first == second:
            self.add_error("second", _("Give two different records."))
            return data
        try:
            mergeable_pair(self.user, first, second)
        except OutOfScope:
            reachable = set(
                Organization.objects.restrict(self.user, "merge")
                .filter(pk__in=[first, second])
                .values_list("pk", flat=True)
            )
            for name, pk in (("first", first), ("second", second)):
                if pk not in reachable:
                    self.add_error(name, _("No record with this number that you may merge."))
        return data
