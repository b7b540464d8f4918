"""The form roles are given with: it offers only the roles and places the rules let the actor give."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from permissions.models import RoleAssignment
from permissions.roles import ROLE_SCOPE, Role
from permissions.rules import ASSIGNS, Level
from permissions.scoping import get_scope
from permissions.services import OWN_ROLE_MESSAGE
from territory.models import District, Region

SCOPE_FIELDS = ("district", "region", "organization")
# The organisations an OSPOD role is given at, known from the assignment's own key (organizations sits above).
Organization = RoleAssignment._meta.get_field("organization").related_model


class RoleAssignmentForm(forms.Form):
    """Who gets which role where; the scope field that the role needs is required."""

    username = forms.CharField(label=_("User name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"))
    district = forms.ModelChoiceField(label=_("District (ORP)"), queryset=District.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    organization = forms.ModelChoiceField(label=_("OSPOD"), queryset=Organization.objects.none(), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        scope = get_scope(actor)
        ospods = Organization.objects.restrict(actor, "view").ospods()
        if scope.superuser:
            roles, regions = set(Role.values), Region.objects.all()
        else:
            # What permissions.rules.ASSIGNS lets the actor give: a lead's field roles in the kraj, a head's OSPOD role
            # at its own OSPOD. The service checks the same rule again on the choice made.
            roles, region_ids, ospod_ids = set(), set(), set()
            for assignment in scope.assignments:
                for role, at in ASSIGNS.get(assignment.role, {}).items():
                    roles.add(role)
                    if at is Level.REGION:
                        region_ids.add(assignment.region_id)
                    elif at is Level.OWN_OSPOD:
                        ospod_ids.add(assignment.organization_id)
            regions = Region.objects.filter(pk__in=region_ids)
            ospods = ospods.filter(pk__in=ospod_ids)
        self.fields["role"].choices = [(value, label) for value, label in Role.choices if value in roles]
        self.fields["region"].queryset = regions
        self.fields["district"].queryset = District.objects.filter(region__in=regions).order_by("name")
        self.fields["organization"].queryset = ospods.order_by("name")
        # Only the places the offered roles are given in are asked for.
        wanted = {ROLE_SCOPE[Role(role)] for role in roles}
        for field in SCOPE_FIELDS:
            if field not in wanted:
                del self.fields[field]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("There is no active user with this name."))
        if user.pk == self.actor.pk:
            raise forms.ValidationError(OWN_ROLE_MESSAGE)
        self.cleaned_data["user"] = user
        return username

    def clean(self):
        # The page shows every scope field the offered roles use; those the chosen role does not use are dropped. That
        # the one it needs is filled in is RoleAssignment.clean()'s rule, reported on the field by the service.
        cleaned = super().clean()
        wanted = ROLE_SCOPE.get(cleaned.get("role"))
        for field in SCOPE_FIELDS:
            if field != wanted:
                cleaned[field] = None
        return cleaned
