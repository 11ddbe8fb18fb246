"""The one CSV writer and the one XLSX writer of cellule, safe to open in a spreadsheet.

CSV comes in two dialects, and every CSV of cellule names the one it uses:

* ``STANDARD`` — for tools (R, pandas, Frictionless): ``,`` separator, ``.``
  decimal point, UTF-8 without BOM;
* ``FRENCH_EXCEL`` — for a French analyst double-clicking the file: ``;``
  separator, ``,`` decimal comma, UTF-8 with BOM (without it Excel reads
  accents as Windows-1252).

Numbers are written the same way everywhere: a whole number without ``.0``
(``22``, never ``22.0``), other numbers in plain notation (no exponent).

Text written by users (a PTCE's description, a participant's name, a free-text
answer) must never run as a formula when someone opens an export in Excel or
LibreOffice (CSV/formula injection, OWASP). In CSV, a text cell that starts
with ``= + - @``, a tab or a carriage return gets a leading apostrophe, which
spreadsheets show as text; ``csv_unescape`` removes it again on import, so an
export re-imports unchanged. In XLSX, cells are typed: text stays a string,
numbers are numbers, codes such as a region's ``04`` stay text.
"""
from __future__ import annotations

import csv
import io
import math
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_MIMETYPE = "text/csv"  # Flask adds "; charset=utf-8" itself
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Dialect:
    name: str
    delimiter: str
    decimal: str
    bom: bool

    def frictionless(self) -> dict:
        """This dialect as a Frictionless (Table Dialect) descriptor."""
        return {"delimiter": self.delimiter, "header": True}

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.bom else "utf-8"


STANDARD = Dialect("standard", ",", ".", bom=False)
FRENCH_EXCEL = Dialect("excel-fr", ";", ",", bom=True)


def csv_cell(value):
    """A text value made inert for a CSV cell (other values pass unchanged)."""
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


def plain_number(value: int | float | Decimal) -> int | float | Decimal:
    """A whole float as an int (``22.0`` → ``22``); other numbers unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def format_number(value: int | float | Decimal, decimal: str = ".") -> str:
    value = plain_number(value)
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)) if isinstance(value, float) else value, "f")
    return text.replace(".", decimal)


def format_value(value, dialect: Dialect) -> str:
    """What a CSV cell holds for ``value`` in ``dialect``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("oui" if value else "non") if dialect is FRENCH_EXCEL else ("true" if value else "false")
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, dialect.decimal)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return csv_cell(str(value))


def csv_lines(rows: Iterable[Sequence], dialect: Dialect, header: Sequence[str] | None = None,
              flush_every: int = 1) -> Iterator[str]:
    """The CSV text of ``rows``, streamed: one chunk per ``flush_every`` rows (header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    start = "\ufeff" if dialect.bom else ""

    def take() -> str:
        nonlocal start
        text, start = start + buffer.getvalue(), ""
        buffer.seek(0)
        buffer.truncate()
        return text

    if header is not None:
        writer.writerow([format_value(h, dialect) for h in header])
        yield take()
    pending = 0
    for row in rows:
        writer.writerow([format_value(v, dialect) for v in row])
        pending += 1
        if pending >= flush_every:
            pending = 0
            yield take()
    if pending or start:
        yield take()


def csv_text(rows: Iterable[Sequence], dialect: Dialect, header: Sequence[str] | None = None) -> str:
    """The whole CSV as one string (for files put in a zip or attached to a mail)."""
    return "".join(csv_lines(rows, dialect, header, flush_every=1000))


# -- XLSX ------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A column of an export: its code, French label, type (Table Schema names), unit, allowed values."""

    code: str
    label: str
    type: str = "string"  # a Table Schema type (string, integer, number, …), or "year"
    unit: str = ""
    allowed: str = ""
    width: int | None = None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type)


TYPE_LABELS = {"string": "Texte", "integer": "Nombre entier", "number": "Nombre", "boolean": "Oui / non",
               "date": "Date", "datetime": "Date et heure", "year": "Année"}
DICTIONARY = [Column("code", "Code"), Column("label", "Libellé"), Column("type", "Type"),
              Column("unit", "Unité"), Column("allowed", "Valeurs autorisées", width=70)]


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


def xlsx_text(cell):
    """Keep a cell openpyxl would read as a formula (text starting with "=") a plain string."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


EMPTY = Alignment(vertical="top")


def _typed(sheet, value) -> WriteOnlyCell:
    """A typed cell: numbers as numbers (``22``, not ``22.0``), text — codes included — as text."""
    if value is None or value == "":
        # An empty cell is still written (with a style) so that every row has all its
        # columns: readers such as Frictionless otherwise see a short row.
        cell = WriteOnlyCell(sheet, value=None)
        cell.alignment = EMPTY
        return cell
    if isinstance(value, bool):
        return WriteOnlyCell(sheet, value="oui" if value else "non")
    if isinstance(value, (int, float, Decimal)):
        return WriteOnlyCell(sheet, value=plain_number(value))
    cell = WriteOnlyCell(sheet, value=value if isinstance(value, (str, date, datetime)) else str(value))
    if isinstance(value, str):
        cell.number_format = "@"  # a code such as "04" stays text when edited
        xlsx_text(cell)
    return cell


def _width(column: Column) -> float:
    """Room for the code and values; a long French label wraps over several lines instead."""
    if column.width:
        return column.width
    return max(len(column.code) + 2, min(len(column.label), 24) + 2, 10)


def xlsx_file(sheets: Sequence[Sheet], dictionary: Iterable[Sequence] | None = None):
    """A temporary file holding the workbook, written in openpyxl's streaming (write-only) mode.

    Each sheet has its French labels in bold on row 1, the variable codes on row 2,
    both frozen, and one typed row per record from row 3. ``dictionary`` rows
    (code, label, type, unit, allowed values) become a last sheet « Dictionnaire ».
    """
    book = Workbook(write_only=True)
    bold, code_font = Font(bold=True), Font(italic=True, color="555555")
    every = list(sheets)
    if dictionary is not None:
        every.append(Sheet("Dictionnaire", DICTIONARY, dictionary))
    for spec in every:
        sheet = book.create_sheet(spec.title[:31])
        for i, column in enumerate(spec.columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _width(column)
        sheet.freeze_panes = "B3" if spec.title != "Dictionnaire" else "A3"
        # Printed (or turned into PDF) in landscape, a narrow table on one page width.
        sheet.page_setup.orientation = "landscape"
        if len(spec.columns) <= 12:
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        # Row heights are not recomputed on opening: give the wrapped labels their lines.
        lines = max((math.ceil(len(c.label) * 1.1 / _width(c)) for c in spec.columns), default=1)
        sheet.row_dimensions[1].height = 15 * max(lines, 1)
        sheet.append([_header(sheet, c.label, bold) for c in spec.columns])
        sheet.append([_header(sheet, c.code, code_font) for c in spec.columns])
        for row in spec.rows:
            sheet.append([_typed(sheet, v) for v in row])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out


def _header(sheet, text: str, font: Font) -> WriteOnlyCell:
    cell = xlsx_text(WriteOnlyCell(sheet, value=text))
    cell.font = font
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def file_chunks(file, size: int = 64 * 1024) -> Iterator[bytes]:
    """Stream a temporary file and close it however the response ends."""
    try:
        while chunk := file.read(size):
            yield chunk
    finally:
        file.close()
