"""Form helpers shared by every feature."""
from __future__ import annotations

from typing import Iterable, Mapping

from wtforms.fields.choices import SelectChoice


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """SelectField choices from ``{value: label}`` or ``(value, label)`` pairs (WTForms ≥ 3.3 style)."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(str(value), label) for value, label in pairs]
