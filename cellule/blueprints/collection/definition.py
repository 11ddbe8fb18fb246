"""Questionnaire definitions as data, checked with pydantic.

A definition is plain JSON (stored in ``collection_questionnaire.definition``):
sections → questions, each with a stable variable code. Pydantic was chosen
over jsonschema because the same models that validate a definition are then
used, typed, by the form renderer, the answer checks, the codebook and the
exports; its error messages carry the exact path of a mistake, which the admin
page shows as is.
"""
from __future__ import annotations

import re
from typing import Iterator, Literal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

CODE = r"^[a-z][a-z0-9_]{0,39}$"
QuestionType = Literal["integer", "decimal", "amount_eur", "percentage", "year", "single_choice",
                       "multiple_choice", "scale_0_5", "short_text", "long_text", "repeated"]
NUMERIC = {"integer", "decimal", "amount_eur", "percentage", "year"}
CHOICE = {"single_choice", "multiple_choice"}
TEXT = {"short_text", "long_text"}
TYPE_LABELS = {
    "integer": _l("Nombre entier"), "decimal": _l("Nombre décimal"), "amount_eur": _l("Montant en euros"),
    "percentage": _l("Pourcentage"), "year": _l("Année"), "single_choice": _l("Choix unique"),
    "multiple_choice": _l("Choix multiple"), "scale_0_5": _l("Échelle de 0 à 5"), "short_text": _l("Texte court"),
    "long_text": _l("Texte long"), "repeated": _l("Lignes répétées"),
}
Scalar = str | int | float | bool


def _refuse(kind: str, message: str, **context) -> PydanticCustomError:
    """A rule's refusal with a stable ``kind`` (the error's type), so that forms can explain it."""
    return PydanticCustomError(kind, message, context)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Choice(_Strict):
    code: str = Field(pattern=CODE)
    label: str = Field(min_length=1, max_length=300)
    label_en: str | None = Field(default=None, min_length=1, max_length=300)


class Condition(_Strict):
    """Show a question only when another variable holds one of some values."""

    var: str = Field(pattern=CODE)
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    equals: Scalar | None = None

    @model_validator(mode="after")
    def _one_test(self):
        if (self.in_ is None) == (self.equals is None):
            raise _refuse("condition_test", "show_if needs exactly one of 'in' or 'equals'")
        return self

    @property
    def values(self) -> list[Scalar]:
        return list(self.in_) if self.in_ is not None else [self.equals]

    def holds(self, answers: dict) -> bool:
        """Whether the condition is met by ``answers`` (a multiple choice meets it if any value does)."""
        value = answers.get(self.var)
        if isinstance(value, list):
            return any(v in self.values for v in value)
        return value is not None and value in self.values


class Question(_Strict):
    var: str = Field(pattern=CODE)
    label: str = Field(min_length=1, max_length=500)
    help: str = ""
    # The English wording, shown to English readers (French when absent) and in the codebook.
    label_en: str | None = Field(default=None, min_length=1, max_length=500)
    help_en: str | None = None
    type: QuestionType
    unit: str | None = Field(default=None, max_length=30)
    required: bool = False
    min: float | None = None
    max: float | None = None
    choices: list[Choice] = []
    show_if: Condition | None = None
    # Regional extra questions reach the council only when marked ``true``; the national
    # questionnaire's always do (the flag is meaningful in region extensions only).
    forward: bool | None = None
    introduced_in: int = Field(default=1, ge=1)
    # Numbers compared with the PTCE's last validated year (soft warning when far off).
    compare: bool = False
    columns: list[Question] = []
    max_rows: int = Field(default=50, ge=1, le=500)

    @model_validator(mode="after")
    def _coherent(self):
        if self.type in CHOICE and not self.choices:
            raise _refuse("choices_missing", "{var}: a {type} question needs choices", var=self.var, type=self.type)
        if self.type not in CHOICE and self.choices:
            raise _refuse("choices_not_allowed", "{var}: only choice questions have choices", var=self.var)
        if len({c.code for c in self.choices}) != len(self.choices):
            raise _refuse("choices_duplicate", "{var}: duplicate choice codes", var=self.var)
        if (self.min is not None or self.max is not None) and self.type not in NUMERIC:
            raise _refuse("bounds_not_allowed", "{var}: min/max apply to numeric questions only", var=self.var)
        if self.min is not None and self.max is not None and self.min > self.max:
            raise _refuse("bounds_inverted", "{var}: min is greater than max", var=self.var)
        if self.type == "repeated":
            if not self.columns:
                raise _refuse("columns_missing", "{var}: a repeated block needs columns", var=self.var)
            if any(c.type == "repeated" for c in self.columns):
                raise _refuse("columns_nested", "{var}: repeated blocks cannot be nested", var=self.var)
            if len({c.var for c in self.columns}) != len(self.columns):
                raise _refuse("columns_duplicate", "{var}: duplicate column codes", var=self.var)
            if any(c.show_if for c in self.columns):
                raise _refuse("columns_conditional", "{var}: columns cannot have show_if", var=self.var)
        elif self.columns:
            raise _refuse("columns_not_allowed", "{var}: only repeated blocks have columns", var=self.var)
        if self.compare and self.type not in NUMERIC:
            raise _refuse("compare_not_allowed", "{var}: compare applies to numeric questions only", var=self.var)
        return self

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The effective range: explicit min/max, else the type's natural one."""
        low, high = self.min, self.max
        if self.type == "percentage":
            low = 0 if low is None else low
            high = 100 if high is None else high
        if self.type in ("amount_eur", "integer") and low is None:
            low = 0
        if self.type == "year":
            low = 1900 if low is None else low
            high = 2100 if high is None else high
        return low, high

    @property
    def allowed(self) -> list[tuple[str, str]]:
        """Allowed codes and labels of a choice or scale question."""
        if self.type == "scale_0_5":
            return [(str(n), str(n)) for n in range(6)]
        return [(c.code, c.label) for c in self.choices]

    def choice_label(self, code) -> str:
        return dict(self.allowed).get(str(code), str(code))


class Section(_Strict):
    code: str = Field(pattern=CODE)
    title: str = Field(min_length=1, max_length=200)
    help: str = ""
    title_en: str | None = Field(default=None, min_length=1, max_length=200)
    help_en: str | None = None
    questions: list[Question] = Field(min_length=1)


class Definition(_Strict):
    title: str = Field(min_length=1, max_length=200)
    title_en: str | None = Field(default=None, min_length=1, max_length=200)
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_and_conditions(self):
        seen: dict[str, Question] = {}
        for section in self.sections:
            for q in section.questions:
                if q.var in seen:
                    raise _refuse("var_duplicate", "variable code '{var}' is used twice", var=q.var)
                if q.show_if is not None:
                    target = seen.get(q.show_if.var)
                    if target is None:
                        raise _refuse("condition_target", "{var}: show_if refers to '{target}', which is "
                                      "not an earlier question", var=q.var, target=q.show_if.var)
                    if target.type in CHOICE | {"scale_0_5"}:
                        codes = {code for code, _ in target.allowed}
                        bad = [v for v in q.show_if.values if str(v) not in codes]
                        if bad:
                            raise _refuse("condition_values", "{var}: show_if values {values} are not "
                                          "choices of '{target}'", var=q.var, values=str(bad), target=target.var)
                seen[q.var] = q
        return self

    # -- reading -----------------------------------------------------------
    def questions(self) -> Iterator[Question]:
        for section in self.sections:
            yield from section.questions

    def question(self, var: str) -> Question | None:
        return next((q for q in self.questions() if q.var == var), None)

    def as_json(self) -> dict:
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)

    def localized(self, language: str, known: dict[str, str] | None = None) -> Definition:
        """The same definition worded for ``language``: for "en", the English texts replace the
        French ones where the definition has them, else where ``known`` (French → English, e.g.
        today's national wordings, for versions stored before they had English) has them;
        French stays where neither has."""
        return _worded(self, "_en", known or {}) if language == "en" else self


_WORDED = ("label", "help", "title")


def _worded(model: BaseModel, suffix: str, known: dict[str, str]):
    """A copy of ``model`` (and its parts) whose ``label``/``help``/``title`` take ``<name><suffix>``."""
    update = {}
    for name in _WORDED:
        text = model.__dict__.get(name)
        other = model.__dict__.get(name + suffix) or known.get(text or "")
        if text and other:
            update[name] = other
    for name in ("sections", "questions", "choices", "columns"):
        parts = model.__dict__.get(name)  # fields only (Definition.questions() is a method)
        if parts:
            update[name] = [_worded(part, suffix, known) for part in parts]
    return model.model_copy(update=update)


def parse_definition(data: dict) -> Definition:
    """A checked Definition; raises DefinitionError with readable messages."""
    try:
        return Definition.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(_messages(exc), exc.errors(include_url=False)) from None


class DefinitionError(ValueError):
    """A definition that does not follow the schema; ``messages`` says where and why.

    ``errors`` keeps pydantic's structured errors (``type``, ``loc``, ``ctx``) for pages
    that explain each one next to the field it concerns.
    """

    def __init__(self, messages: list[str], errors: list[dict] | None = None):
        super().__init__("; ".join(messages))
        self.messages = messages
        self.errors = errors or []


def _messages(exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        message = re.sub(r"^Value error, ", "", err["msg"])
        out.append(f"{where}: {message}" if where else message)
    return out


def merge(base: Definition, extension: Definition | None) -> Definition:
    """A campaign definition with a region's extra sections appended (codes must stay unique)."""
    if extension is None:
        return base
    data = base.as_json()
    data["sections"] += extension.as_json()["sections"]
    return parse_definition(data)


def codebook(definition: Definition) -> Iterator[dict]:
    """One entry per variable (repeated block columns as ``block.column``)."""
    for section in definition.sections:
        for q in section.questions:
            yield _entry(section, q, q.var)
            for col in q.columns:
                yield _entry(section, col, f"{q.var}.{col.var}", introduced_in=q.introduced_in)


def allowed_values(q: Question) -> str:
    """The allowed values of a question in words: ``code = label ; …`` or ``min – max``."""
    low, high = q.bounds
    if q.type in CHOICE or q.type == "scale_0_5":
        return " ; ".join(f"{c} = {label}" if c != label else c for c, label in q.allowed)
    if q.type in NUMERIC:
        return f"{'' if low is None else _num(low)} – {'' if high is None else _num(high)}".strip()
    return ""


def _entry(section: Section, q: Question, code: str, introduced_in: int | None = None) -> dict:
    return {"code": code, "label": q.label, "label_en": q.label_en or "", "type": q.type,
            "type_label": str(TYPE_LABELS[q.type]),
            "unit": q.unit or ("€" if q.type == "amount_eur" else "%" if q.type == "percentage" else ""),
            "allowed": allowed_values(q), "choices": q.allowed if q.type in CHOICE else [],
            "introduced_in": introduced_in or q.introduced_in,
            "section": section.title, "required": q.required, "multiple": q.type == "multiple_choice",
            "repeated": q.type == "repeated"}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
