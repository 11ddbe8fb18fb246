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
from typing import Iterator

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .qtypes import TYPES, QuestionType, expected, refuse as _refuse

CODE = r"^[a-z][a-z0-9_]{0,39}$"
Scalar = str | int | float | bool


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
    type: str  # a code of qtypes.TYPES: ``kind`` is its class
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

    @field_validator("type", mode="before")
    @classmethod
    def _known_type(cls, value):
        if not isinstance(value, str) or value not in TYPES:
            # Worded as pydantic words a literal, as when the types were one.
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected()})
        return value

    @model_validator(mode="after")
    def _coherent(self):
        self.kind.check(self)
        return self

    @property
    def kind(self) -> QuestionType:
        """The question's type of answer, which knows how to check, read, show and export it."""
        return TYPES[self.type]

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """The effective range: explicit min/max, else the type's natural one."""
        return self.kind.bounds(self)

    @property
    def allowed(self) -> list[tuple[str, str]]:
        """Allowed codes and labels of a choice or scale question."""
        return self.kind.allowed(self)

    @property
    def shown_unit(self) -> str:
        """The question's unit, else its type's (€, %), else ""."""
        return self.unit or self.kind.unit

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
                    if target.kind.coded:
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


def bilingual_codebook(definition: Definition, known: dict[str, str]) -> Iterator[tuple[dict, dict]]:
    """Each codebook entry with its twin worded in English (see ``Definition.localized``); the French
    entry's ``label_en`` falls back on the twin's label when the definition has no English of its own."""
    for entry, other in zip(codebook(definition), codebook(definition.localized("en", known))):
        if not entry["label_en"] and other["label"] != entry["label"]:
            entry["label_en"] = other["label"]
        yield entry, other


def _entry(section: Section, q: Question, code: str, introduced_in: int | None = None) -> dict:
    return {"code": code, "label": q.label, "label_en": q.label_en or "", "help": q.help, "type": q.type,
            "type_label": str(q.kind.label), "unit": q.shown_unit, "allowed": q.kind.allowed_values(q),
            "choices": q.allowed if q.kind.has_choices else [], "introduced_in": introduced_in or q.introduced_in,
            "section": section.title, "required": q.required}
