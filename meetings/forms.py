"""Forms of the meetings screens: a meeting with its participants, follow-up and need rows, a need on its own and the
move of a need to another status; a working group, a meeting planned for it and its attendance; a meeting's document.
Every choice a form offers is limited to the user's scope; the services write."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.models import Contact
from core.forms import DATE_WIDGET, RecordForm
from core.views import record_id
from meetings.models import (
    NEED_TRANSITIONS,
    AttachmentKind,
    FollowUp,
    Meeting,
    MeetingKind,
    Need,
    NeedStatus,
    WorkingGroupKind,
)
from meetings.services import FOLLOWUP_FIELDS, MEETING_FIELDS
from organizations.models import Organization
from permissions.scoping import get_scope
from permissions.selectors import districts_where, role_holder_ids
from territory.models import District

# Follow-up and need rows one meeting form accepts: far more than a meeting produces, and a forged POST cannot make
# the server build thousands of forms.
INLINE_MAX = 50
ROWS_TO_CORRECT = _("Correct the marked rows below.")
# Where an error of a field with no widget of its own takes the user: the participants' search, else the form's top.
ERROR_ANCHORS = {"organizations": "participant-q", "contacts": "participant-q"}


def home_district(user):
    """The user's own district (the first of their district roles), the default place of what they record."""
    return next((a.district_id for a in get_scope(user).assignments if a.district_id), None)


def colleagues(user):
    """Active users a follow-up may be assigned to: the user and those holding a role in the user's kraje."""
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    scope = get_scope(user)
    if scope.superuser:
        return users
    regions = {a.region_id for a in scope.assignments if a.region_id}
    return users.filter(Q(pk=user.pk) | Q(pk__in=role_holder_ids(regions)))


class UsernameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else obj.username


def proposed_title(kind: str, organizations) -> str:
    """A meeting's title when none is typed: its kind and the organisations, e.g. "Návštěva: Klub Spirála, SAS"."""
    label = capfirst(MeetingKind(kind).label)
    names = ", ".join(organization.name for organization in organizations)
    max_length = Meeting._meta.get_field("title").max_length
    return Truncator(f"{label}: {names}" if names else str(label)).chars(max_length)


class MeetingForm(forms.ModelForm):
    """What was held where and when, and who took part (participants are chips: hidden inputs with their ids)."""

    required_css_class = "required"
    district = forms.ModelChoiceField(label=_("District (ORP)"), queryset=District.objects.none())
    organizations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Participating contact persons"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = [
        "kind",
        "title",
        "held_on",
        "starts_at",
        "ends_at",
        "location",
        "district",
        "organizer",
        "case",
        "summary",
        "outcomes",
    ]

    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = {
            "held_on": DATE_WIDGET,
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Left empty, it is named after the kind and the organisations.")
        self.fields["district"].queryset = districts_where(user, "meeting")
        self.fields["organizations"].queryset = Organization.objects.restrict(user, "view")
        self.fields["contacts"].queryset = Contact.objects.restrict(user, "view").filter(erased_at__isnull=True)
        # The model of the meeting's own case key (a case network, one layer up): its rows the user may see.
        self.fields["case"].queryset = (
            self.fields["case"].queryset.model.objects.restrict(user, "view").order_by("reference")
        )
        self._offer_own_ospods(get_scope(user).own_ospods)
        if not self.initial.get("case") and not self.instance.case_id and not self.fields["case"].queryset.exists():
            del self.fields["case"]  # only OSPOD workers and those a case is shared with log case conferences
        if self.instance.pk:
            self.initial.setdefault("district", self.instance.district_id)
            self.initial.setdefault("expected_version", self.instance.version)
            self.initial.setdefault("organizations", [o.pk for o in self.instance.organizations.all()])
            self.initial.setdefault("contacts", [c.pk for c in self.instance.contacts.all()])
        else:
            self.initial.setdefault("kind", MeetingKind.VISIT)
            self.initial.setdefault("held_on", timezone.localdate())
            self.initial.setdefault("district", self._shared_district() or home_district(user))
            del self.fields["expected_version"]

    def _shared_district(self) -> int | None:
        """The ORP of the organisations the form starts with, when they all sit in one where the user may log it."""
        chosen = self.initial.get("organizations") or ()
        districts = set(
            self.fields["organizations"].queryset.filter(pk__in=chosen).values_list("district_id", flat=True)
        )
        if len(districts) != 1:
            return None
        district = districts.pop()
        return district if self.fields["district"].queryset.filter(pk=district).exists() else None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and cleaned.get("kind"):
            # In the order they were picked: the organisation the visit started from comes first.
            order = {record_id(value): index for index, value in enumerate(self.data.getlist("organizations"))}
            organizations = sorted(cleaned.get("organizations") or (), key=lambda o: order.get(o.pk, len(order)))
            cleaned["title"] = proposed_title(cleaned["kind"], organizations)
        return cleaned

    def _offer_own_ospods(self, ospods: list[int]) -> None:
        """An OSPOD worker logs the meetings of their own OSPOD (that is what their scope reaches), so it is offered,
        and preselected, as the organiser; nobody else is asked for an organiser on this screen."""
        if not ospods:
            del self.fields["organizer"]
            return
        self.fields["organizer"].queryset = Organization.objects.filter(pk__in=ospods)
        self.fields["organizer"].required = True  # without it the meeting would lie outside the worker's scope
        self.initial.setdefault("organizer", self.instance.organizer_id or ospods[0])

    def chosen(self, name: str):
        """The participants of one kind the form holds (typed or stored), for their chips; only those in scope."""
        values = self.data.getlist(name) if self.is_bound else self.initial.get(name, ())
        ids = [number for value in values if (number := record_id(getattr(value, "pk", value))) is not None]
        return (
            self.fields[name]
            .queryset.filter(pk__in=ids)
            .select_related("organization" if name == "contacts" else "district")
        )

    def service_data(self) -> dict:
        """The cleaned values as the meeting services take them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "expected_version"}


class FollowUpForm(forms.ModelForm):
    """One follow-up row of a meeting; whoever logs it is its assignee unless they choose someone else (or nobody)."""

    required_css_class = "required"
    shared_choices = ("assignee",)  # read once for all the rows (InlineFormSet)
    assignee = UsernameChoiceField(
        label=capfirst(_("assignee")), queryset=get_user_model().objects.none(), required=False
    )

    class Meta:
        model = FollowUp
        fields = FOLLOWUP_FIELDS
        widgets = {"due_on": DATE_WIDGET}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = colleagues(user)
        self.fields["assignee"].empty_label = _("unassigned")
        if user.is_active:  # colleagues() always offers the user, if active
            self.initial.setdefault("assignee", user.pk)


class NeedForm(forms.ModelForm):
    """A need as its row in a meeting, or (with ``district``) on its own."""

    required_css_class = "required"
    shared_choices = ("target_group", "wanted_service_kind")  # read once for all the rows (InlineFormSet)

    class Meta:
        model = Need
        fields = ["title", "category", "priority", "target_group", "wanted_service_kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        # The formset hands every row the user; a need's own choices are codelists, the same for everyone.
        super().__init__(*args, **kwargs)


class StandaloneNeedForm(NeedForm):
    """A need recorded or edited on its own screen: it names its district."""

    district = forms.ModelChoiceField(label=_("District (ORP)"), queryset=District.objects.none())
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta(NeedForm.Meta):
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts_where(user, "need")
        if self.instance.pk:
            self.initial.setdefault("district", self.instance.district_id)
            self.initial.setdefault("expected_version", self.instance.version)
        else:
            self.initial.setdefault("district", home_district(user))
            del self.fields["expected_version"]

    service_data = MeetingForm.service_data


class InlineFormSet(forms.BaseFormSet):
    """Rows added on the meeting form; the user's scope reaches each row's choices."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self._shared_choices: dict[str, list] = {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "user": self.user}

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The choices a row names in ``shared_choices`` are read once for every row, the empty one the page copies
        # included, not once per row (a follow-up's colleagues: a query of 6 ms each on the national data).
        for name in getattr(form, "shared_choices", ()):
            if name not in self._shared_choices:
                # iter(): list() of the choices themselves would first count them, a query of its own.
                self._shared_choices[name] = list(iter(form.fields[name].choices))
            form.fields[name].choices = self._shared_choices[name]
        # A row's required fields are marked (required, hence aria-required) like the meeting's own, which Django
        # leaves out in formsets: the form is novalidate, so the browser never refuses a row left empty, and the
        # server skips those.
        for field in form.fields.values():
            if field.required:
                field.widget.attrs.setdefault("required", True)

    def filled(self) -> list[tuple[int, dict]]:
        """(row index, values) of the rows the user filled in; rows left empty or removed are skipped."""
        return [
            (index, {name: value for name, value in form.cleaned_data.items() if name != "DELETE"})
            for index, form in enumerate(self.forms)
            if form.has_changed() and form.cleaned_data and not self._should_delete_form(form)
        ]


def inline_formset(form: type[forms.BaseForm]) -> type[InlineFormSet]:
    """The rows of one kind on the meeting form. A row removed on the tablet is marked DELETE (hidden), so the other
    rows keep their numbers."""
    return forms.formset_factory(
        form,
        formset=InlineFormSet,
        extra=0,
        can_delete=True,
        max_num=INLINE_MAX,
        absolute_max=INLINE_MAX,
        validate_max=True,
    )


FollowUpFormSet = inline_formset(FollowUpForm)
NeedFormSet = inline_formset(NeedForm)

ROW_NAMES = {"followups": _("Follow-up %(number)d"), "needs": _("Need %(number)d")}


def error_summary(form: forms.BaseForm, formsets: dict[str, InlineFormSet]) -> dict:
    """Every error of the meeting form and its rows, each with the id of the element it takes the user to, and the
    summary's title ("Please correct 3 errors"); empty when there is none."""
    items: list[dict] = []
    rows_with_errors = any(formset.total_error_count() for formset in formsets.values())

    def add(anchor: str, errors, label="") -> None:
        for error in errors:
            items.append({"anchor": anchor, "text": f"{label}: {error}" if label else str(error)})

    for error in form.non_field_errors():
        if not (rows_with_errors and error == str(ROWS_TO_CORRECT)):
            add("meeting-fields", [error])
    for field in form:
        if field.errors:
            anchor = ERROR_ANCHORS.get(field.name, "meeting-fields" if field.is_hidden else field.id_for_label)
            add(anchor, field.errors, field.label)
    for prefix, formset in formsets.items():
        if not formset.is_bound:
            continue
        add(f"{prefix}-fieldset", formset.non_form_errors())
        number = 0
        for row in formset.forms:
            if formset.can_delete and formset._should_delete_form(row):
                continue
            number += 1
            name = ROW_NAMES[prefix] % {"number": number}
            add(row.prefix, row.non_field_errors(), name)
            for field in row:
                if field.errors:
                    add(field.id_for_label, field.errors, f"{name} – {field.label}")
    if not items:
        return {}
    title = ngettext("Please correct %(count)d error", "Please correct %(count)d errors", len(items))
    return {"title": title % {"count": len(items)}, "items": items}


class NeedStatusForm(forms.Form):
    """Move a need to another status; resolving or dismissing it says how or why (the service insists)."""

    status = forms.ChoiceField(label=_("New status"), choices=NeedStatus.choices)
    resolution_note = forms.CharField(
        label=_("Resolution note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, need: Need, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = NEED_TRANSITIONS[NeedStatus(need.status)]
        self.fields["status"].choices = [(value, label) for value, label in NeedStatus.choices if value in allowed]
        self.initial.setdefault("expected_version", need.version)


# ----------------------------------------------------------------------------------- working groups, documents --


class GroupForm(RecordForm):
    """A working group, platform or round table in an ORP, with its members from the kraj it works in."""

    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=WorkingGroupKind.choices)
    district = forms.ModelChoiceField(label=_("District (ORP)"), queryset=District.objects.none())
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    organizations = forms.ModelMultipleChoiceField(
        label=_("Member organisations"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Member contact persons"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, action: str, region_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        districts = districts_where(user, "workinggroup", action)
        self.fields["district"].queryset = districts.order_by("name")
        regions = region_ids if region_ids is not None else districts.values("region_id")
        # Members from the kraj the group works in: the partners of a local network.
        self.fields["organizations"].queryset = (
            Organization.objects.restrict(user, "view").filter(region__in=regions).order_by("name")
        )
        self.fields["contacts"].queryset = (
            Contact.objects.restrict(user, "view")
            .filter(region__in=regions, erased_at__isnull=True)
            .select_related("organization")
            .order_by("name")
        )


class PlanForm(forms.Form):
    """A meeting of a group planned ahead, and whether the members are invited by e-mail."""

    title = forms.CharField(label=_("Title"), max_length=255)
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    starts_at = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("To"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label=_("Place"), max_length=255, required=False)
    invite = forms.BooleanField(
        label=_("E-mail an invitation with a calendar file to the members"), required=False, initial=True
    )


class AttendanceForm(forms.Form):
    """Who of a group came to its meeting: the members the user may see (a person erased on request is not ticked
    again)."""

    organizations = forms.ModelMultipleChoiceField(
        label=_("Organisations that came"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contact persons who came"),
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, meeting: Meeting, **kwargs):
        group = meeting.group
        kwargs.setdefault(
            "initial",
            {
                "organizations": list(meeting.organizations.restrict(user, "view").values_list("pk", flat=True)),
                "contacts": list(meeting.contacts.restrict(user, "view").values_list("pk", flat=True)),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = group.organizations.restrict(user, "view").order_by("name")
        self.fields["contacts"].queryset = (
            group.contacts.restrict(user, "view").filter(erased_at__isnull=True).order_by("name")
        )


# What the file picker offers first; the content is checked whatever the picker lets through.
ACCEPT = ".pdf,.docx,.odt,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class AttachmentForm(forms.Form):
    """A document attached to a meeting: its kind and the file (the service checks its size and content)."""

    kind = forms.ChoiceField(label=_("Kind of document"), choices=AttachmentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, ODT, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
