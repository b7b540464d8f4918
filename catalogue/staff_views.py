"""The table of life situations for the national methodologist: which service kinds and target groups help with what
a family searches the public catalogue by. Read by every signed-in user, changed by who may (restrict, else 404)."""

from functools import cached_property

from django import forms
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalogue.models import LifeSituation
from catalogue.services import life_situation_update
from core.views import RecordFormView
from permissions.views import NationalTableListView


class LifeSituationForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=200)

    class Meta:
        model = LifeSituation
        fields = ["name", "name_en", "description", "description_en", "kinds", "target_groups", "crisis", "sort_order"]
        widgets = {"kinds": forms.CheckboxSelectMultiple, "target_groups": forms.CheckboxSelectMultiple}


class SituationListView(NationalTableListView):
    model = LifeSituation
    template_name = "catalogue/situation_list.html"
    context_object_name = "situations"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("kinds", "target_groups")


class SituationEditView(RecordFormView):
    model = LifeSituation
    action = "change"
    form_class = LifeSituationForm
    success_message = _("The life situation %(object)s has been saved.")

    @cached_property
    def situation(self) -> LifeSituation:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    @property
    def title(self):
        return str(self.situation)

    def back_url(self) -> str:
        return reverse("life-situation-list")

    def get_initial(self):
        return model_to_dict(self.situation, fields=LifeSituationForm.Meta.fields)

    def save(self, form):
        return life_situation_update(
            actor=self.request.user,
            situation=self.situation,
            data=self.changes(form),
            reason=form.cleaned_data["reason"],
        )
