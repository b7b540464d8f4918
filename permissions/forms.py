"""The form a regional lead assigns roles with: choices limited to the lead's own kraj."""
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from network.models import District, Region
from organizations.models import Organization, OrganizationKind
from permissions.roles import ROLE_SCOPE, Role
from permissions.rules import ASSIGNABLE_BY_LEAD
from permissions.scoping import get_scope


class RoleAssignmentForm(forms.Form):
    """Who gets which role where; the scope field that the role needs is required."""

    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    district = forms.ModelChoiceField(label=_("District (ORP)"), queryset=District.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    organization = forms.ModelChoiceField(label=_("OSPOD"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        scope = get_scope(actor)
        if scope.superuser:
            roles, regions = Role.choices, Region.objects.all()
        else:
            roles = [(value, label) for value, label in Role.choices if value in ASSIGNABLE_BY_LEAD]
            regions = Region.objects.filter(
                pk__in=[a.region_id for a in scope.assignments if a.role == Role.VEDOUCI]
            )
        self.fields["role"].choices = roles
        self.fields["region"].queryset = regions
        self.fields["district"].queryset = District.objects.filter(region__in=regions).order_by("name")
        self.fields["organization"].queryset = (
            Organization.objects.restrict(actor, "view").filter(kind=OrganizationKind.OSPOD, region__in=regions)
        )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active user with this name."))
        self.cleaned_data["user"] = user
        return username

    def clean(self):
        # The page shows every scope field; those the chosen role does not use are dropped. That the one it needs is
        # filled in is RoleAssignment.clean()'s rule, reported on the field by the service.
        cleaned = super().clean()
        wanted = ROLE_SCOPE.get(cleaned.get("role"))
        for field in ("district", "region", "organization"):
            if field != wanted:
                cleaned[field] = None
        return cleaned
