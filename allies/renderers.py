"""The form renderer: Django's own, with its commonest widgets written out in Python.

Django draws each widget through a template, and each option of a select and
each attribute list through another; the editor of a meeting late in a
group's history draws some 350 widgets, which took half of its page's time.
The widgets below come out exactly as Django's templates draw them (a test
compares the two); any other template is Django's.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape

INPUT = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "text", "number", "email", "url", "password", "hidden",
        "date", "time", "datetime", "checkbox",
    )
}  # fmt: skip
TEXTAREA = "django/forms/widgets/textarea.html"
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
RADIO = {"django/forms/widgets/radio.html", "django/forms/widgets/multiple_input.html"}
RADIO_OPTION = {"django/forms/widgets/radio_option.html", "django/forms/widgets/input_option.html"}


class WidgetRenderer(DjangoTemplates):
    """Django's template renderer, drawing inputs, text areas, selects and radios in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if widget is not None:
            if template_name in INPUT:
                return _input(widget)
            if template_name == TEXTAREA:
                return _textarea(widget)
            if template_name == SELECT and _drawn_here(widget, {OPTION}):
                return _select(widget)
            if template_name in RADIO and _drawn_here(widget, RADIO_OPTION):
                return _radios(widget)
        return super().render(template_name, context, request)


def _drawn_here(widget: dict[str, Any], templates: set[str]) -> bool:
    return all(
        option["template_name"] in templates
        for _, options, _ in widget["optgroups"]
        for option in options
    )


def _text(value: Any) -> str:
    """{{ value }}: escaped unless it is safe already."""
    return str(conditional_escape(value))


def _string(value: object) -> str:
    """{{ value|stringformat:'s' }}: made a plain string, then escaped."""
    return str(escape(str(value)))


def _attrs(attrs: dict[str, Any]) -> str:
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict[str, Any]) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict[str, Any]) -> str:
    html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group, options, _ in widget["optgroups"]:
        if group:
            html.append(f'\n  <optgroup label="{_text(group)}">')
        for option in options:
            html.append(
                f'\n  <option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _radios(widget: dict[str, Any]) -> str:
    id_ = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    html = [
        "<div"
        + (f' id="{_text(id_)}"' if id_ else "")
        + (f' class="{_text(css)}"' if css else "")
        + ">"
    ]
    for group, options, _ in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_text(group)}</label>")
        for option in options:
            html.append(f"<div>\n    {_option(option)}</div>")
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def _option(option: dict[str, Any]) -> str:
    # The templates' own line ends are kept: after the input, after the option, and
    # after radio_option.html, which includes input_option.html.
    end = "\n\n" if option["template_name"].endswith("radio_option.html") else "\n"
    drawn = _input(option) + "\n"
    if not option.get("wrap_label"):
        return drawn + end
    id_ = option["attrs"].get("id")
    label_for = f' for="{_text(id_)}"' if id_ else ""
    return f"<label{label_for}>{drawn} {_text(option['label'])}</label>{end}"
