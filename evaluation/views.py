"""The indicator catalogue's screens: every signed-in user reads it, who may change it (restrict, else 404) edits."""

from functools import cached_property

from django import forms
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.views import RecordFormView
from evaluation.models import Indicator
from evaluation.services import INDICATOR_FIELDS, indicator_update
from permissions.views import NationalTableListView


class IndicatorForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=200)

    class Meta:
        model = Indicator
        fields = list(INDICATOR_FIELDS)

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_most"].queryset = Indicator.objects.exclude(pk=indicator.pk)


class IndicatorListView(NationalTableListView):
    model = Indicator
    template_name = "evaluation/indicator_list.html"
    context_object_name = "indicators"

    def get_queryset(self):
        return super().get_queryset().select_related("at_most")


class IndicatorEditView(RecordFormView):
    model = Indicator
    action = "change"
    form_class = IndicatorForm
    success_message = _("The indicator %(object)s has been saved.")

    @cached_property
    def indicator(self) -> Indicator:
        return self.get_scoped_object(pk=self.kwargs["pk"])

    @property
    def title(self):
        return str(self.indicator)

    def back_url(self) -> str:
        return reverse("indicator-list")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.indicator}

    def get_initial(self):
        return model_to_dict(self.indicator, fields=INDICATOR_FIELDS)

    def save(self, form):
        return indicator_update(
            actor=self.request.user,
            indicator=self.indicator,
            data=self.changes(form),
            reason=form.cleaned_data["reason"],
        )
