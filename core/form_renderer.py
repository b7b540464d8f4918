"""The form renderer (settings.FORM_RENDERER): Django's own, except that a select is written out in Python.

Django renders a select through three templates per option (the option, its attributes); a form of a meeting with
its follow-up and need rows carries ~480 options (the assignee, the service kinds, the target groups), which took
~50 ms of its ~75 ms. The HTML is the same, character for character, as the templates give (tests/core/
test_form_renderer.py compares them); a select or option whose template a widget changed goes through the templates.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"

# render_value_in_context needs a context for its autoescape, time zone and localisation settings: the defaults.
_CONTEXT = Context()


def _value(value) -> str:
    """A {{ value }} of a template: localised and escaped."""
    return render_value_in_context(value, _CONTEXT)


def _formatted(value):
    """{{ value|stringformat:'s' }} before it is escaped (the filter keeps a safe string safe)."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return mark_safe(text) if isinstance(value, SafeData) else text


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_value(name)}" if value is True else f' {_value(name)}="{_value(_formatted(value))}"')
    return "".join(parts)


def _select(widget: dict) -> str:
    """django/forms/widgets/select.html with its options, as the templates write them."""
    parts = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{_value(_formatted(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{_value(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """Django's template-based renderer with the select written out in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and all(
            option["template_name"] == OPTION for _name, choices, _index in widget["optgroups"] for option in choices
        ):
            return _select(widget).strip()
        return super().render(template_name, context, request=request)
