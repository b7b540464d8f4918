"""Form pieces every app shares: the tablet's date picker, the reason for a change that the history keeps, and form
fields built from a model's own fields (labels, validators, choices).

The screens' edit forms are plain forms, not ModelForms: a ModelForm copies the data onto the record before the service
sees it, and the service would then find nothing changed (an organisation moved to another obec would keep its old
district). The services validate the record whole.
"""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

# The tablet's own date picker; the value in the ISO form it expects.
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def reason_field() -> forms.CharField:
    """The optional reason for a change, which the record's history keeps (the screens' forms and the admin's)."""
    return forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=100,  # the history's change-reason column
        help_text=_("Kept in the history (e.g. checked on a visit)."),
    )


class RecordForm(forms.Form):
    """A form of a record that a service writes, ending with the reason for the change that the history keeps."""

    reason = reason_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = self.fields.pop("reason")


def model_fields(model, names, *, widgets: dict | None = None) -> dict[str, forms.Field]:
    """The form fields Django derives from the model's fields, as a ModelForm would have them (dates as the tablet's
    date picker)."""
    dates = [name for name in names if model._meta.get_field(name).get_internal_type() == "DateField"]
    return dict(fields_for_model(model, fields=names, widgets={**dict.fromkeys(dates, DATE_WIDGET), **(widgets or {})}))


def record_form(model, names, *, widgets: dict | None = None) -> type[RecordForm]:
    """A RecordForm with the model's form fields (model_fields) and nothing else of the model."""
    attrs = model_fields(model, names, widgets=widgets)
    return type(RecordForm)(f"{model.__name__}Fields", (RecordForm,), {**attrs, "__module__": __name__})
