"""Forms of the action plans: a step of an ORP's or the kraj's plan and the filters of a plan. Every choice is limited
to the user's scope and the plan's kraj; the services (evaluation.plans) write and check again."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import record_form
from evaluation.models import ActionItem, ActionStatus, Indicator
from meetings.forms import UsernameChoiceField
from meetings.models import FollowUp, NeedCategory
from permissions.selectors import role_holder_ids

# The place of a step of the whole kraj's plan (else the ORP's id).
KRAJ = "kraj"
# The status filter's choice of the steps still to do.
OPEN = "open"


class FollowUpChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.description} – {obj.meeting.title} ({obj.meeting.held_on:%d. %m. %Y})"


class ActionItemForm(record_form(ActionItem, ["recommendation", "step", "due_on", "status"])):
    """A step of a plan. ``districts``: the ORP the user may place a new step in; ``kraj_wide``: whether the whole
    kraj's plan is offered too; with ``item`` (an edit) the place is not offered (it stays)."""

    required_css_class = "required"
    place = forms.ChoiceField(label=_("Plan"))
    owner = UsernameChoiceField(label=capfirst(_("owner")), queryset=get_user_model().objects.none(), required=False)
    need_category = forms.ChoiceField(label=capfirst(_("category of needs it answers")), required=False)
    indicator = forms.ModelChoiceField(
        label=capfirst(_("indicator it answers")), queryset=Indicator.objects.none(), required=False
    )
    followup = FollowUpChoiceField(
        label=capfirst(_("follow-up of the meeting where it is discussed")),
        queryset=FollowUp.objects.none(),
        required=False,
        help_text=_("An open follow-up of a meeting in the kraj that you can see."),
    )

    field_order = ["place", "recommendation", "step", "owner", "due_on", "status", "need_category", "indicator"]

    def __init__(self, *args, user, region, districts=(), kraj_wide=False, item: ActionItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].widget = forms.Textarea(attrs={"rows": 3})
        if item is None:
            choices = [(KRAJ, _("The whole kraj's plan (%(kraj)s)") % {"kraj": region.name})] if kraj_wide else []
            choices += [(str(district.pk), _("ORP %(orp)s") % {"orp": district.name}) for district in districts]
            self.fields["place"].choices = choices
            self.districts = {str(district.pk): district for district in districts}
        else:
            del self.fields["place"]
        users = get_user_model().objects.filter(is_active=True, pk__in=role_holder_ids([region.pk]))
        if item is not None and item.owner_id:
            users = get_user_model().objects.filter(Q(pk__in=users.values("pk")) | Q(pk=item.owner_id))
        self.fields["owner"].queryset = users.order_by("username")
        self.fields["owner"].empty_label = _("nobody yet")
        self.fields["need_category"].choices = [("", "—"), *NeedCategory.choices]
        indicators = Indicator.objects.restrict(user, "view")
        current_indicator = item.indicator_id if item else None
        self.fields["indicator"].queryset = indicators.filter(Q(active=True) | Q(pk=current_indicator))
        visible = FollowUp.objects.restrict(user, "view").filter(region=region)
        current = item.followup_id if item else None
        if current is not None and not visible.filter(pk=current).exists():
            # Linked by somebody who sees more: not named to this user, and kept as it is (the form does not offer it).
            del self.fields["followup"]
        else:
            self.fields["followup"].queryset = (
                visible.filter(Q(done_at__isnull=True) | Q(pk=current))
                .select_related("meeting")
                .order_by("-meeting__held_on", "-pk")
            )

    def place_of(self) -> dict:
        """Where a new step goes: {"district": the ORP} or {"region": None} for the kraj (the view gives the kraj)."""
        chosen = self.cleaned_data["place"]
        return {"district": None} if chosen == KRAJ else {"district": self.districts[chosen]}

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("place", "reason")}


class PlanFilterForm(forms.Form):
    """A plan's filters: the status (or every step still to do) and, on a kraj's page, the ORP or the kraj's own."""

    status = forms.ChoiceField(label=capfirst(_("status")), required=False)
    orp = forms.ChoiceField(label="ORP", required=False)

    def __init__(self, data, *, districts=None):
        super().__init__(data)
        self.fields["status"].choices = [("", _("— every status —")), (OPEN, _("still to do")), *ActionStatus.choices]
        if districts is None:
            del self.fields["orp"]
        else:
            self.fields["orp"].choices = [
                ("", _("— the kraj and every ORP —")),
                (KRAJ, _("the whole kraj's own steps")),
                *((district.code, district.name) for district in districts),
            ]

    def apply(self, items):
        if not self.is_valid():
            return items.none()
        status = self.cleaned_data.get("status")
        if status == OPEN:
            items = items.filter(status__in=(ActionStatus.PLANNED, ActionStatus.IN_PROGRESS))
        elif status:
            items = items.filter(status=status)
        orp = self.cleaned_data.get("orp")
        if orp == KRAJ:
            items = items.filter(district__isnull=True)
        elif orp:
            items = items.filter(district__code=orp)
        return items


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=capfirst(_("status")), choices=ActionStatus.choices)
