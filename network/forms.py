"""Forms of the cooperation-link and case screens: the model's own fields (labels, choices, validators), with choices
limited to what the user may see; the services validate the whole record and write it."""

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from core.forms import model_fields
from core.views import label_of
from meetings.models import Meeting
from meetings.selectors import shared_meetings
from network.models import Case, CaseInvolvement, CooperationLink
from network.services import CASE_FIELDS, INVOLVEMENT_FIELDS, LINK_FIELDS
from organizations.models import Organization, OrganizationKind
from permissions.scoping import get_scope


def visible_organizations(user):
    """The organisations the user may pick, each with its district for the label."""
    return Organization.objects.restrict(user, "view").select_related("district").order_by("name", "id")


class NearFirstIterator(ModelChoiceIterator):
    """Organisations of the user's own districts first, as their own group: a field worker's partners are near."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        near, other = [], []
        for organization in self.queryset:
            (near if organization.district_id in self.field.near_districts else other).append(self.choice(organization))
        if near and other:
            yield (_("In my districts"), near)
            yield (_("Other organisations"), other)
        else:
            yield from near or other


class OrganizationChoiceField(forms.ModelChoiceField):
    """A choice of an organisation the user can see, labelled with its district, those of the user's districts first."""

    iterator = NearFirstIterator

    def __init__(self, *, user, **kwargs):
        kwargs.setdefault("queryset", visible_organizations(user))
        super().__init__(**kwargs)
        self.near_districts = {a.district_id for a in get_scope(user).assignments if a.district_id}

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.district})" if obj.district_id else obj.name


# How close a cooperation is, in words: the model and the API keep the number 1-5.
STRENGTH_WORDS = (
    (1, _("occasional contact")),
    (2, _("occasional cooperation")),
    (3, _("regular cooperation")),
    (4, _("frequent cooperation")),
    (5, _("close cooperation")),
)


class LinkForm(forms.Form):
    """A cooperation link: the two organisations (only when it is created), how they cooperate, and the evidence."""

    wide_fields = ("note", "evidence")

    def __init__(self, *args, user, link: CooperationLink | None = None, meeting: Meeting | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if link is None:
            organizations = visible_organizations(user)
            if meeting is not None:
                # Logging cooperation seen in a meeting: its participants are the likely pair.
                organizations = organizations.filter(Q(meetings=meeting) | Q(organized_meetings=meeting)).distinct()
            self.fields["source"] = OrganizationChoiceField(
                user=user, queryset=organizations, label=label_of(CooperationLink, "source")
            )
            self.fields["target"] = OrganizationChoiceField(
                user=user, queryset=organizations, label=label_of(CooperationLink, "target")
            )
        self.fields.update(model_fields(CooperationLink, LINK_FIELDS))
        self.fields["strength"] = forms.TypedChoiceField(
            label=label_of(CooperationLink, "strength"),
            choices=[(number, f"{number} – {words}") for number, words in STRENGTH_WORDS],
            coerce=int,
            initial=3,
            widget=forms.RadioSelect(attrs={"class": "choice-scale"}),
        )
        evidence = self._evidence_choices(user, link, meeting)
        if evidence is not None:
            self.fields["evidence"] = forms.ModelMultipleChoiceField(
                queryset=evidence,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=label_of(CooperationLink, "evidence"),
                help_text=_("Meetings in which both organisations took part."),
            )

    @staticmethod
    def _evidence_choices(user, link, meeting):
        """The meetings that may evidence the link: those both organisations attended (editing), or the meeting the
        link is being logged from; None when there is nothing to offer yet."""
        if link is not None:
            return shared_meetings(user, link.source_id, link.target_id)
        if meeting is not None:
            return Meeting.objects.restrict(user, "view").filter(pk=meeting.pk)
        return None


class LinkConfirmForm(forms.Form):
    """The meeting that shows the cooperation again."""

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())

    def __init__(self, *args, user, link: CooperationLink, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = shared_meetings(user, link.source_id, link.target_id).exclude(
            evidenced_links=link
        )


class CaseForm(forms.Form):
    """A case network: the owning OSPOD (only when it is opened; one of the user's own), its reference and dates."""

    wide_fields = ("reference",)

    def __init__(self, *args, user, case: Case | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is None:
            ospods = visible_organizations(user).filter(kind=OrganizationKind.OSPOD)
            scope = get_scope(user)
            if not scope.superuser:
                ospods = ospods.filter(pk__in=scope.own_ospods)
            self.fields["ospod"] = forms.ModelChoiceField(queryset=ospods, label=label_of(Case, "ospod"))
            if len(scope.own_ospods) == 1:
                self.initial.setdefault("ospod", scope.own_ospods[0])
            self.fields.update(model_fields(Case, ("reference", "opened_on")))
        else:
            self.fields.update(model_fields(Case, CASE_FIELDS))


class InvolvementForm(forms.Form):
    """An organisation involved in a case, in which role and since when."""

    def __init__(self, *args, user, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = OrganizationChoiceField(
            user=user,
            queryset=visible_organizations(user).exclude(pk=case.ospod_id),
            label=label_of(CaseInvolvement, "organization"),
        )
        self.fields.update(model_fields(CaseInvolvement, INVOLVEMENT_FIELDS))
