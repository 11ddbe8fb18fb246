"""One base for enums whose members people see: each member carries its French label.

Declare a member with its stored value and its label, as a pair:

    class SheetStatus(LabelledEnum):
        DRAFT = "draft", _l("Brouillon")
        PUBLISHED = "published", _l("Publiée")

``SheetStatus.DRAFT.value`` stays ``"draft"`` (what ``database.str_enum`` stores, CSV
files and the API carry), ``SheetStatus("draft")`` still finds the member, and
``SheetStatus.DRAFT.label`` is a lazy gettext string, so it is translated into the
reader's language when shown, not when the module is imported. Forms take
``SheetStatus.choices()``; templates iterate ``SheetStatus.labels()`` or show
``member.label`` (or ``value|enum_label(SheetStatus)`` for a stored value).
"""
from __future__ import annotations

import enum

from wtforms.fields.choices import SelectChoice


class LabelledEnum(enum.Enum):
    """An enum whose members are declared ``NAME = "value", _l("Label")``."""

    # Members are singletons compared by identity (``Enum`` defines no ``__eq__``): hashed by identity too,
    # in C, where ``Enum.__hash__`` hashes the name in Python. Items kept under keys holding a kind or a
    # visibility (``templating.kept_fragments``: the month list's, the grid's) and a page's labels
    # (``PageWriter.once``) hash several a page.
    __hash__ = object.__hash__

    def __new__(cls, value: str, label=None):
        member = object.__new__(cls)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self):
        """The member's label in the active language (the raw value if none was declared)."""
        return self.value if self._label is None else self._label

    @classmethod
    def labels(cls) -> dict:
        """``{member: label}`` in declaration order, for templates listing every option."""
        return {member: member.label for member in cls}

    @classmethod
    def choices(cls, exclude=()) -> list[SelectChoice]:
        """SelectField/RadioField choices: the values, labelled (WTForms ≥ 3.2 ``SelectChoice``)."""
        return [SelectChoice(member.value, member.label) for member in cls if member not in exclude]

    @classmethod
    def label_of(cls, value):
        """The label of a stored value (a member or its string); unknown values come back as they are."""
        if value is None or isinstance(value, cls):
            return None if value is None else value.label
        try:
            return cls(value).label
        except ValueError:
            return value
