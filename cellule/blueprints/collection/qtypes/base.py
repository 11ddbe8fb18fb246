"""What every type of answer does, and the one table the types are registered in.

A type is a class holding everything that depends on it: the definition checks
(``check``), reading a posted answer (``read``/``convert``), what a required
answer lacks (``missing``), the form widget and the display (names of macros of
``collection/_widgets.html``, and ``text`` for a plain answer), and the export
(unit, Frictionless type and constraints, codebook words). The rest of the room
asks ``question.kind`` instead of comparing type names, so that a new type is one
class (registered with ``@register``) and its tests.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from flask_babel import lazy_gettext as _l
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:  # the definition models import this module; annotations only
    from ..definition import Question


def refuse(kind: str, message: str, **context) -> PydanticCustomError:
    """A rule's refusal with a stable ``kind`` (the error's type), so that forms can explain it."""
    return PydanticCustomError(kind, message, context)

# Input macros that show several inputs (radio buttons, boxes, a table), inside a fieldset.
GROUPS = {"radios", "checkboxes", "scale", "rows"}


class QuestionType:
    """One type of answer. Subclasses set the class attributes and override the hooks they change."""

    code: ClassVar[str]
    label: ClassVar = ""  # French, lazily translated
    numeric: ClassVar[bool] = False  # min/max, comparison with last year, a range in the codebook
    has_choices: ClassVar[bool] = False  # the definition lists its choices
    coded: ClassVar[bool] = False  # answers are codes of ``allowed`` (display conditions may test them)
    has_rows: ClassVar[bool] = False  # a block of repeated rows (columns; a sheet of its own in exports)
    in_form: ClassVar[bool] = True  # edited with the regional question form (else in the JSON editor)
    unit: ClassVar[str] = ""  # shown and exported when the question names no unit
    natural: ClassVar[tuple] = (None, None)  # the range when the question sets no min/max
    table_type: ClassVar[str] = "string"  # Frictionless Table Schema type
    inputmode: ClassVar[str | None] = None  # of the text input (None: a text, with ``limit``)
    limit: ClassVar[int | None] = None  # characters at most of a text answer
    widget: ClassVar[str] = "line"  # input macro of collection/_widgets.html
    display: ClassVar[str] = "plain_answer"  # display macro of collection/_widgets.html

    # -- the definition ------------------------------------------------------
    def check(self, q: Question) -> None:
        """Refuse (raise ``refuse(...)``) what a question of this type cannot hold."""
        self.check_choices(q)
        self.check_bounds(q)
        self.check_columns(q)
        if q.compare and not self.numeric:
            raise refuse("compare_not_allowed", "{var}: compare applies to numeric questions only", var=q.var)

    def check_choices(self, q: Question) -> None:
        if self.has_choices and not q.choices:
            raise refuse("choices_missing", "{var}: a {type} question needs choices", var=q.var, type=q.type)
        if not self.has_choices and q.choices:
            raise refuse("choices_not_allowed", "{var}: only choice questions have choices", var=q.var)
        if len({c.code for c in q.choices}) != len(q.choices):
            raise refuse("choices_duplicate", "{var}: duplicate choice codes", var=q.var)

    def check_bounds(self, q: Question) -> None:
        if (q.min is not None or q.max is not None) and not self.numeric:
            raise refuse("bounds_not_allowed", "{var}: min/max apply to numeric questions only", var=q.var)
        if q.min is not None and q.max is not None and q.min > q.max:
            raise refuse("bounds_inverted", "{var}: min is greater than max", var=q.var)

    def check_columns(self, q: Question) -> None:
        if q.columns:
            raise refuse("columns_not_allowed", "{var}: only repeated blocks have columns", var=q.var)

    def bounds(self, q: Question) -> tuple[float | None, float | None]:
        """The effective range: explicit min/max, else the type's natural one."""
        low, high = self.natural
        return (low if q.min is None else q.min), (high if q.max is None else q.max)

    def allowed(self, q: Question) -> list[tuple[str, str]]:
        """Allowed codes and labels (of a choice or scale question; empty for the others)."""
        return [(c.code, c.label) for c in q.choices]

    def allowed_values(self, q: Question) -> str:
        """The allowed values in words, for the codebook and the exports' dictionary."""
        return ""

    # -- the answer form and its display --------------------------------------
    def input_widget(self, q: Question) -> str:
        """The input macro of collection/_widgets.html for this question."""
        return self.widget

    def grouped(self, q: Question) -> bool:
        """Whether the inputs form a group (a fieldset and its legend) rather than one labelled field."""
        return self.input_widget(q) in GROUPS

    def text(self, q: Question, value) -> str:
        """A (non-empty) answer as the reader reads it, for the ``plain_answer`` display."""
        return f"{value} {q.unit}" if q.unit else str(value)

    # -- answers -------------------------------------------------------------
    def read(self, q: Question, formdata, name: str) -> tuple[object, dict[str, str]]:
        """(value, errors by field name) of the answer posted under ``name``; an empty field is None."""
        raw = (formdata.get(name) or "").strip()
        if raw == "":
            return None, {}
        value, error = self.convert(q, raw)
        return (None, {name: error}) if error else (value, {})

    def convert(self, q: Question, raw) -> tuple[object, str | None]:
        """(value, error) for one raw answer, with the type's and range's checks."""
        raise NotImplementedError(self.code)

    def missing(self, q: Question, value) -> dict[str, str]:
        """Errors by field name when a required answer is left empty."""
        if q.required and value in (None, "", []):
            return {q.var: _l("Cette question est obligatoire.")}
        return {}

    # -- exports -------------------------------------------------------------
    @property
    def column_type(self) -> str:
        """The type of the exports' column (a Table Schema type, or "year" for the dictionary's wording)."""
        return self.table_type

    def constraints(self, q: Question) -> dict:
        """Frictionless constraints of the question's field."""
        return {}

    def notes(self, q: Question) -> list[str]:
        """What the field's description says about its values (after the English wording)."""
        return []


TYPES: dict[str, QuestionType] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Class decorator: make ``cls`` a type definitions may use (in registration order)."""
    TYPES[cls.code] = cls()
    return cls


def expected() -> str:
    """The registered codes as pydantic words them for a literal: « 'a', 'b' or 'c' »."""
    codes = [repr(code) for code in TYPES]
    return codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " or " + codes[-1]
