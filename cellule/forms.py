"""Form helpers shared by every feature."""
from __future__ import annotations

from typing import Iterable, Mapping

from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice
from wtforms.widgets.core import clean_key


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """SelectField choices from ``{value: label}`` or ``(value, label)`` pairs (WTForms ≥ 3.3 style)."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(str(value), label) for value, label in pairs]


# -- rendering speed -------------------------------------------------------------
def fast_html_params(**kwargs) -> Markup:
    """WTForms' ``html_params``, byte for byte, three times faster.

    WTForms builds each attribute through ``Markup.format`` (string.Formatter
    with escaping hooks): on the profile page its 14 calls were a sixth of the
    request. Same rules here: keys sorted and cleaned (``class_`` → ``class``,
    ``data_``/``aria_`` underscores → hyphens), ``True`` → bare attribute,
    ``False`` → omitted, keys and values escaped, and a double quote left in a
    value that was already Markup written ``&quot;``.
    """
    params = []
    for key, value in sorted(kwargs.items()):
        key = escape(clean_key(key))
        if value is True:
            params.append(key)
        elif value is not False:
            params.append(f'{key}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))


_SAMPLES = (
    {"id": "f", "name": "n", "type": "text", "value": 'a <b> & "c" \'d\'', "required": True, "readonly": False,
     "maxlength": 160, "class_": "x y", "aria_describedby": "f-aide f-erreur", "data_x_y": "z"},
    {"value": Markup('déjà "sûr" <i>'), "for_": "f", "label": "<optgroup>", "checked": True},
    {},
)


def speed_up_wtforms() -> bool:
    """Have WTForms' widgets and labels use :func:`fast_html_params`, if it still agrees with theirs.

    Checked against WTForms' own function on sample attributes first: should a
    WTForms release change its output, the swap is not made (and a warning says so).
    """
    import logging

    from wtforms import widgets
    from wtforms.widgets import core

    original = getattr(core, "_cellule_original_html_params", core.html_params)
    if any(fast_html_params(**sample) != original(**sample) for sample in _SAMPLES):
        logging.getLogger(__name__).warning("WTForms html_params changed: keeping WTForms' own")
        return False
    core._cellule_original_html_params = original
    core.html_params = widgets.html_params = fast_html_params  # module functions and Label
    core.Input.html_params = core.Button.html_params = staticmethod(fast_html_params)
    return True
