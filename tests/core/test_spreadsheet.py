"""The shared CSV writer: two dialects named explicitly, numbers typed the same way everywhere,
formula injection neutralised, streamed in chunks."""
from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from cellule.spreadsheet import FRENCH_EXCEL, STANDARD, csv_lines, csv_text, csv_unescape, format_value


def test_numbers_are_written_the_same_way_in_each_dialect():
    assert [format_value(v, STANDARD) for v in (22.0, 180000.0, 2.5, 7, 0.00001, Decimal("1.50"))] == \
        ["22", "180000", "2.5", "7", "0.00001", "1.50"]
    assert [format_value(v, FRENCH_EXCEL) for v in (22.0, 2.5, -3.25)] == ["22", "2,5", "-3,25"]
    assert format_value(None, STANDARD) == "" and format_value(date(2025, 3, 1), FRENCH_EXCEL) == "2025-03-01"
    assert (format_value(True, FRENCH_EXCEL), format_value(False, STANDARD)) == ("oui", "false")
    assert format_value("04", FRENCH_EXCEL) == "04"  # a code stays as written


def test_dialects_differ_only_where_they_must():
    rows = [["04", 2.5, "a,b;c"], ["=1+1", 3.0, "-x"]]
    standard = csv_text(rows, STANDARD, ["code", "value", "text"])
    french = csv_text(rows, FRENCH_EXCEL, ["code", "value", "text"])
    assert not standard.startswith("\ufeff") and french.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(standard))) == [
        ["code", "value", "text"], ["04", "2.5", "a,b;c"], ["'=1+1", "3", "'-x"]]
    assert list(csv.reader(io.StringIO(french[1:]), delimiter=";")) == [
        ["code", "value", "text"], ["04", "2,5", "a,b;c"], ["'=1+1", "3", "'-x"]]
    assert csv_unescape("'=1+1") == "=1+1"


def test_rows_stream_in_chunks_after_the_header():
    chunks = list(csv_lines(([i, i / 2] for i in range(5)), FRENCH_EXCEL, ["n", "half"], flush_every=2))
    assert chunks == ["\ufeffn;half\r\n", "0;0\r\n1;0,5\r\n", "2;1\r\n3;1,5\r\n", "4;2\r\n"]
    assert list(csv_lines([], STANDARD, ["n"])) == ["n\r\n"]
    assert list(csv_lines([], FRENCH_EXCEL)) == ["\ufeff"]  # even an empty file says it is UTF-8
