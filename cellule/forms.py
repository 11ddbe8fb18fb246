"""Form helpers shared by every feature, and the field rendering used by ``_macros/forms.html``."""
from __future__ import annotations

from typing import Iterable, Mapping
from weakref import WeakKeyDictionary

from flask import abort, request
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta
from wtforms.widgets import HiddenInput, Input, html_params


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """SelectField choices from ``{value: label}`` or ``(value, label)`` pairs (WTForms ≥ 3.3 style)."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(str(value), label) for value, label in pairs]


def confirmed(form) -> bool:
    """Whether this request is the POST of a confirmation page (``templates/confirm.html``).

    Destructive actions answer GET (and an unconfirmed POST, e.g. an old form)
    with that page, which says what will happen and who is mailed; only its own
    button sends ``confirm=1``. A confirmed POST with a bad CSRF token is refused (400).
    """
    if request.method != "POST" or request.form.get("confirm") != "1":
        return False
    if not form.validate_on_submit():
        abort(400)
    return True


# -- rendering -----------------------------------------------------------------
# WTForms writes each attribute of an <input> through ``Markup.format`` (escape the
# name, escape the value, format, escape again in the join): about half of the cost of
# a page with a form. Its ``Input`` widgets read that formatter from their class
# attribute ``html_params``, so a subclass can supply another. The field macro renders
# through such twins, built once per widget; every other caller of WTForms (and every
# widget that is not a plain ``Input``) is untouched.
_NAMES: dict[str, str] = {}
_TWINS: WeakKeyDictionary = WeakKeyDictionary()
_TWIN_CLASSES: dict[type, type] = {}


def _clean(key: str) -> str:
    """WTForms' key cleaning: ``class_`` → ``class``, ``aria_x`` → ``aria-x``."""
    name = key.rstrip("_")
    return name.replace("_", "-") if name.startswith(("data_", "aria_")) else name


def _attribute_name(key: str) -> str:
    name = _NAMES.get(key)
    if name is None:
        name = _NAMES[key] = str(escape(_clean(key)))
    return name


def quick_html_params(**attributes) -> Markup:
    """What ``wtforms.widgets.html_params`` returns (sorted, ``True`` bare, ``False`` left out)."""
    parts = []
    for key in sorted(attributes):
        value = attributes[key]
        if value is True:
            parts.append(_attribute_name(key))
        elif value is not False:
            parts.append(f'{_attribute_name(key)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(parts))


def _twin(widget):
    """The same widget, formatting with ``quick_html_params``; None when it cannot be twinned."""
    twin = _TWINS.get(widget)
    if twin is None:
        cls = type(widget)
        if not isinstance(widget, Input) or cls.html_params is not html_params:
            return None  # not a plain Input, or one with its own formatter: leave it alone
        twin_cls = _TWIN_CLASSES.get(cls)
        if twin_cls is None:
            twin_cls = _TWIN_CLASSES[cls] = type(cls.__name__, (cls,),
                                                 {"html_params": staticmethod(quick_html_params)})
        twin = object.__new__(twin_cls)
        twin.__dict__ = widget.__dict__  # the widget's own settings (input type, hide_value …)
        _TWINS[widget] = twin
    return twin


def render_field(field, **attributes) -> Markup:
    """``field(**attributes)``: the same HTML, faster for plain ``<input>`` widgets."""
    twin = _twin(field.widget)
    if twin is None or type(field.meta).render_field is not DefaultMeta.render_field:
        return field(**attributes)
    attributes = {_clean(key): value for key, value in attributes.items()}
    own = getattr(field, "render_kw", None)
    if own is not None:  # as DefaultMeta.render_field: the caller's attributes win
        attributes = {**{_clean(key): value for key, value in own.items()}, **attributes}
    return twin(field, **attributes)


def hidden_fields(form) -> Markup:
    """``form.hidden_tag()`` (Flask-WTF): the form's hidden inputs, CSRF token included."""
    return Markup("\n".join(str(render_field(f)) for f in form if isinstance(f.widget, HiddenInput)))
