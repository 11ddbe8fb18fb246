"""The types of answer of a questionnaire, one class each, registered in ``TYPES`` (see ``base``).

Importing this package registers the types in the order forms list them.
"""
from __future__ import annotations

# In this order on purpose: the order of registration is the order forms offer the types in.
from . import numbers, choices, texts, rows  # noqa: I001
from .base import TYPES, QuestionType, expected, refuse, register

__all__ = ["TYPES", "QuestionType", "expected", "refuse", "register", "choices", "numbers", "rows", "texts",
           "form_choices", "codes"]


def form_choices() -> list[tuple[str, str]]:
    """(code, label) of the types the regional question form offers."""
    return [(code, kind.label) for code, kind in TYPES.items() if kind.in_form]


def codes(flag: str) -> list[str]:
    """Sorted codes of the types whose class attribute ``flag`` is true (``codes("numeric")``)."""
    return sorted(code for code, kind in TYPES.items() if getattr(kind, flag))
