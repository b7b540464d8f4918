"""The project's form renderer writes the common form templates in Python: the HTML is exactly what Django's templates
give. Checked on a form of every kind of field (selects plain, grouped, multiple, disabled; inputs, text, check boxes,
dates, files, radio buttons and check box lists in a fieldset; help texts, errors, escaped labels and values, lazy
texts, numbers, a model's choices) in both languages, and on whole pages of the project's forms; a widget with a
template of its own still goes through the templates."""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from core import form_renderer
from core.form_renderer import FormRenderer
from territory.models import Region

pytestmark = pytest.mark.django_db


class CustomOption(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Á <b>&"), (1, 1000), ('x"y', gettext_lazy("Czech"))])
    grouped = forms.ChoiceField(
        choices=[("Skupina <1>", [("g1", "jedna"), ("g2", "dvě")]), ("solo", "sólo")], required=False
    )
    many = forms.MultipleChoiceField(choices=[("m1", "M1"), ("m2", "M2"), ("m3", "M3")], required=False)
    flags = forms.ChoiceField(
        choices=[("f", mark_safe("<i>safe</i>"))],
        widget=forms.Select(attrs={"data-x": 'a"b', "autofocus": True, "hidden": False, "form": "other"}),
        disabled=True,
    )
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("code"), required=False)
    boolean = forms.NullBooleanField()
    custom = forms.ChoiceField(choices=[("c", "C")], widget=CustomOption)
    name = forms.CharField(label="Jméno <a&b>", max_length=5, help_text="Nápověda <b>tučně</b>")
    count = forms.IntegerField(required=False, min_value=1, label=gettext_lazy("Czech"))
    mail = forms.EmailField(required=False)
    web = forms.URLField(required=False, assume_scheme="https")
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    hour = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tick = forms.BooleanField(required=False)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    upload = forms.FileField(required=False)
    kept = forms.FileField(required=False, widget=forms.ClearableFileInput)
    radio = forms.ChoiceField(choices=[("r1", "R1"), ("r2", "R2")], widget=forms.RadioSelect, required=False)
    boxes = forms.MultipleChoiceField(
        choices=[("b1", "B1"), ("b2", "B2")], widget=forms.CheckboxSelectMultiple, required=False
    )
    unlabelled = forms.CharField(required=False, label="")

    def clean(self):
        raise forms.ValidationError("Celý formulář <špatně>")


INITIAL = {"plain": 1, "many": ["m2"], "day": datetime.date(2026, 12, 24), "note": "Řádek 1\n<b>", "tick": True}
BOUND = {
    "plain": 'x"y',
    "grouped": "g2",
    "many": ["m1", "m3"],
    "region": "",
    "boolean": "true",
    "custom": "c",
    "name": 'příliš dlouhé "jméno"',
    "count": "0",
    "mail": "není-adresa",
    "day": "2026-02-30",
    "hour": "25:00",
    "note": "<script>",
    "tick": "on",
    "radio": "r9",
    "boxes": ["b2"],
}


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize("bound", [False, True], ids=["initial", "bound"])
def test_every_kind_of_field_is_the_html_of_djangos_templates(vysocina, language, bound, monkeypatch):
    Region.objects.filter(pk=vysocina.pk).update(name='Kraj "Vysočina" <&>')
    written = []
    select = form_renderer._select
    monkeypatch.setattr(form_renderer, "_select", lambda widget: written.append(widget["name"]) or select(widget))

    def form(renderer):
        if bound:
            return Sample(data=BOUND, renderer=renderer)
        return Sample(initial=INITIAL, renderer=renderer)

    ours, djangos = form(FormRenderer()), form(DjangoTemplates())
    with override(language):
        for name in Sample.base_fields:
            assert str(ours[name]) == str(djangos[name]), name
            assert ours[name].as_field_group() == djangos[name].as_field_group(), name
        assert str(ours) == str(djangos)
        assert str(ours.non_field_errors()) == str(djangos.non_field_errors())
    if bound:
        assert ours.errors.keys() >= {"name", "count", "mail", "day", "hour", "radio", "__all__"}
    # The selects were written in Python, but the one whose options have a template of their own.
    selects = {"plain", "grouped", "many", "flags", "region", "boolean", "custom"}
    assert set(written) == selects


# A page's masked CSRF token and CSP nonce differ from one answer to the next.
VARYING = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=|"csrfToken": ?|X-CSRFToken": ?)"[^"]*"')


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return VARYING.sub(r'\1"…"', response.content.decode())


def test_pages_of_the_projects_forms_are_the_same_as_with_djangos_renderer(
    as_user, make_role_user, pelhrimov, organization, make_service, make_contact, settings
):
    make_service(organization)
    make_contact(organization)
    client = as_user(make_role_user("sitar.renderer", "sitar", district=pelhrimov))
    urls = [
        "/meetings/new/",
        f"/organizations/{organization.pk}/",
        "/organizations/?q=%3Cx%3E&kind=nonsense",
        "/meetings/needs/",
        "/meetings/followups/",
        "/links/",
    ]
    ours = {url: page(client, url) for url in urls}
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    for url in urls:
        assert page(client, url) == ours[url], url
