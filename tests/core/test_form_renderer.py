"""The project's form renderer writes a select in Python: the HTML is exactly what Django's templates give, for
plain, grouped, multiple, required and disabled selects, escaped labels and values, lazy labels, numbers and a model's
choices; a widget with its own option template still goes through the templates."""

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


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize("bound", [False, True], ids=["initial", "bound"])
def test_a_select_is_the_html_of_djangos_templates(vysocina, language, bound, monkeypatch):
    written = []
    select = form_renderer._select
    monkeypatch.setattr(form_renderer, "_select", lambda widget: written.append(widget["name"]) or select(widget))
    Region.objects.filter(pk=vysocina.pk).update(name='Kraj "Vysočina" <&>')
    data = {"plain": 'x"y', "grouped": "g2", "many": ["m1", "m3"], "region": "", "boolean": "true", "custom": "c"}

    def form(renderer):
        if bound:
            return Sample(data=data, renderer=renderer)
        return Sample(initial={"plain": 1, "many": ["m2"]}, renderer=renderer)

    ours, djangos = form(FormRenderer()), form(DjangoTemplates())
    with override(language):
        for name in Sample.base_fields:
            assert str(ours[name]) == str(djangos[name]), name
    # Every select but the one with an option template of its own was written in Python.
    assert set(written) == set(Sample.base_fields) - {"custom"}


def test_the_project_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert settings.FORM_RENDERER == "core.form_renderer.FormRenderer"
    assert isinstance(get_default_renderer(), FormRenderer)
