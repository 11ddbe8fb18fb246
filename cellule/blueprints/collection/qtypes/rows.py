"""Repeated rows: a table whose columns are questions of the other types."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from .base import QuestionType, refuse, register


def cell_name(q, i: int, column) -> str:
    """The form field of row ``i`` (from 0) of a column: ``block__0__column``."""
    return f"{q.var}__{i}__{column.var}"


@register
class Repeated(QuestionType):
    code, label = "repeated", _l("Lignes répétées")
    has_rows = True
    in_form = False  # a table of columns: edited in the JSON editor
    widget, display = "rows", "rows_answer"

    def check_columns(self, q) -> None:
        if not q.columns:
            raise refuse("columns_missing", "{var}: a repeated block needs columns", var=q.var)
        if any(c.kind.has_rows for c in q.columns):
            raise refuse("columns_nested", "{var}: repeated blocks cannot be nested", var=q.var)
        if len({c.var for c in q.columns}) != len(q.columns):
            raise refuse("columns_duplicate", "{var}: duplicate column codes", var=q.var)
        if any(c.show_if for c in q.columns):
            raise refuse("columns_conditional", "{var}: columns cannot have show_if", var=q.var)

    @staticmethod
    def rows_in(q, formdata) -> int:
        """How many rows of the block the form carries."""
        indices = {int(m.group(1)) for key in formdata.keys()
                   if (m := re.fullmatch(rf"{q.var}__(\d+)__\w+", key))}
        return min(max(indices, default=-1) + 1, q.max_rows)

    def read(self, q, formdata, name):
        """The filled rows (cells that are empty or refused left out), and the refused cells' errors."""
        rows, errors = [], {}
        for i in range(self.rows_in(q, formdata)):
            row = {}
            for col in q.columns:
                value, refused = col.kind.read(col, formdata, cell_name(q, i, col))
                errors.update(refused)
                if value is not None:
                    row[col.var] = value
            if row:
                rows.append(row)
        return rows or None, errors

    def missing(self, q, value) -> dict[str, str]:
        """Required columns of the filled rows (the block itself may stay empty)."""
        return {cell_name(q, i, col): _l("Cette colonne est obligatoire.")
                for i, row in enumerate(value or []) for col in q.columns
                if col.required and row.get(col.var) in (None, "")}
