"""The form renderer (settings.FORM_RENDERER): Django's own, except that the common templates are written out in Python.

Django renders each field through four to six small templates (the field group, its label, its error list, the
widget, the widget's attributes, and one template per option of a select). An organisation's card carries ~55 fields
of its edit forms and a meeting's form ~480 options: on the national data that was 40–50 ms of a 70–75 ms page. The
HTML written here is the same, character for character, as the templates give (tests/core/test_form_renderer.py
compares them, on sample fields and on whole pages); any other template, or a select whose options have a template of
their own, goes through the templates as before.
"""

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData, mark_safe

# Django's widget templates that only include django/forms/widgets/input.html.
INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
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
    """django/forms/attrs.html and django/forms/widgets/attrs.html."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        parts.append(f" {_value(name)}" if value is True else f' {_value(name)}="{_value(_formatted(value))}"')
    return "".join(parts)


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html with its options; None if an option has a template of its own."""
    parts = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_value(_formatted(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{_value(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_value(_formatted(widget["value"]))}"'
    return f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    """django/forms/widgets/textarea.html."""
    value = _value(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _field(field) -> str:
    """django/forms/field.html (a field's label, help, errors and widget)."""
    if field.use_fieldset:
        describedby = f' aria-describedby="{_value(field.aria_describedby)}"' if field.aria_describedby else ""
        head = f"<fieldset{describedby}>\n  {_value(field.legend_tag()) if field.label else ''}"
    else:
        head = _value(field.label_tag()) if field.label else ""
    helptext = ""
    if field.help_text:
        helpid = f' id="{_value(field.auto_id)}_helptext"' if field.auto_id else ""
        helptext = f'<div class="helptext"{helpid}>{mark_safe(field.help_text)}</div>'
    tail = "</fieldset>" if field.use_fieldset else ""
    return f"{head}\n\n{helptext}\n{_value(field.errors)}\n{_value(field)}{tail}"


def _label(context: dict) -> str:
    """django/forms/label.html."""
    if not context["use_tag"]:
        return _value(context["label"])
    tag = _value(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_value(context['label'])}</{tag}>"


def _errors(context: dict) -> str:
    """django/forms/errors/list/default.html (ul.html)."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = f' id="{_value(errors.field_id)}_error"' if getattr(errors, "field_id", None) else ""
    items = "".join(f"<li>{_value(error)}</li>" for error in errors)
    return f'<ul class="{_value(context["error_class"])}"{field_id}>{items}</ul>'


class FormRenderer(DjangoTemplates):
    """Django's template-based renderer with its common templates written out in Python."""

    def render(self, template_name, context, request=None):
        html = self._written(template_name, context)
        if html is None:
            return super().render(template_name, context, request=request)
        return html.strip()

    @staticmethod
    def _written(template_name: str, context: dict) -> str | None:
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == "django/forms/field.html":
            return _field(context["field"])
        if template_name == "django/forms/label.html":
            return _label(context)
        if template_name in ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html"):
            return _errors(context)
        if template_name == "django/forms/widgets/select.html":
            return _select(context["widget"])
        if template_name == "django/forms/widgets/textarea.html":
            return _textarea(context["widget"])
        return None
