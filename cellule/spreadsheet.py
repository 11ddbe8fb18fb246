"""Cells of the CSV and XLSX files cellule writes, safe to open in a spreadsheet.

Text written by users (a PTCE's description, a participant's name, a free-text
answer) must never run as a formula when a coordinator opens the export in
Excel or LibreOffice (CSV/formula injection, OWASP). In CSV, a text cell that
starts with ``= + - @``, a tab or a carriage return gets a leading apostrophe,
which spreadsheets show as text; ``csv_unescape`` removes it again on import, so
an export re-imports unchanged. In XLSX, cells are typed: text stays a string.
Numbers are never touched (a negative number is not a formula).
"""
from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The value to write in a CSV cell."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_cell(v) for v in values]


def csv_unescape(text: str) -> str:
    """Undo ``csv_cell`` on a value read back from one of our CSV files."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def xlsx_text(cell):
    """Keep a cell openpyxl would read as a formula (text starting with "=") a plain string."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell
