"""Answers chosen from a list: one choice, several choices, a scale from 0 to 5."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .base import QuestionType, register

SEPARATOR = "|"  # between the codes of a multiple choice in a CSV or spreadsheet cell
# The longest list still shown as radio buttons; a longer one is a drop-down list.
RADIO_MAX = 6


class Coded(QuestionType):
    """An answer that is one of the codes of ``allowed``."""

    coded = True
    widget = "radios"

    def convert(self, q, raw):
        if str(raw) not in {code for code, _label in self.allowed(q)}:
            return None, _("Choisissez parmi les réponses proposées.")
        return str(raw), None

    def allowed_values(self, q) -> str:
        return " ; ".join(f"{c} = {label}" if c != label else c for c, label in self.allowed(q))

    def text(self, q, value) -> str:
        return q.choice_label(value)


@register
class SingleChoice(Coded):
    code, label = "single_choice", _l("Choix unique")
    has_choices = True

    def constraints(self, q) -> dict:
        return {"enum": [c.code for c in q.choices]}

    def input_widget(self, q) -> str:
        return "radios" if len(q.choices) <= RADIO_MAX else "select"


@register
class MultipleChoice(Coded):
    code, label = "multiple_choice", _l("Choix multiple")
    has_choices = True
    widget = "checkboxes"

    def read(self, q, formdata, name):
        raw = formdata.getlist(name)
        codes = [code for code, _label in self.allowed(q)]
        if any(v not in codes for v in raw):
            return None, {name: _("Choisissez parmi les réponses proposées.")}
        return ([c for c in codes if c in raw] or None), {}

    def text(self, q, value) -> str:
        return " ; ".join(q.choice_label(v) for v in value)

    def notes(self, q) -> list[str]:
        return [f"Codes séparés par « {SEPARATOR} » : " + ", ".join(c.code for c in q.choices)]


@register
class Scale(Coded):
    code, label = "scale_0_5", _l("Échelle de 0 à 5")
    table_type = "integer"
    widget = "scale"

    def allowed(self, q) -> list[tuple[str, str]]:
        return [(str(n), str(n)) for n in range(6)]

    def convert(self, q, raw):
        value, error = super().convert(q, raw)
        return (None, error) if error else (int(value), None)

    def constraints(self, q) -> dict:
        return {"minimum": 0, "maximum": 5}
