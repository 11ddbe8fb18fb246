"""The exports opened by LibreOffice Calc (Debian's ``libreoffice-calc-nogui``), headless, in a
French locale: numbers are numbers, codes stay text, the header is frozen and bold.

Slow (LibreOffice starts in a few seconds). Skipped only when ``soffice`` is absent and ``CI``
is unset; in CI (``.ci/run`` installs the package) a missing LibreOffice is a failure.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .test_collection_exports import _stem, forwarded  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow
FRENCH_CSV = "CSV:59,34,76,1,,1036"  # ";" separator, '"' quote, UTF-8, from line 1, French (France) locale


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) must be installed in CI: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def convert(source: Path, target: str, out: Path, infilter: str | None = None) -> Path:
    """Have LibreOffice open ``source`` and save it as ``target`` (an extension) in ``out``."""
    profile = out / "profile"
    command = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               *([f"--infilter={infilter}"] if infilter else []), "--convert-to", target, "--outdir", str(out),
               str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    result = out / (source.stem + "." + target.split(":")[0])
    assert result.exists(), f"LibreOffice wrote nothing for {source.name}"
    return result


def test_libreoffice_reads_the_xlsx_typed(client, login, campaign, forwarded, tmp_path):  # noqa: F811
    a, _b, _ = forwarded
    login("council_observer")
    source = tmp_path / "large.xlsx"
    source.write_bytes(client.get(_stem(campaign) + "-large.xlsx").data)
    (tmp_path / "out").mkdir()
    saved = load_workbook(convert(source, "xlsx", tmp_path / "out"))
    assert saved.sheetnames == ["ptce", "member_structures", "Dictionnaire"]
    sheet = saved["ptce"]
    header = [c.value for c in sheet[2]]
    row = {header[i]: c for i, c in enumerate(sheet[3])}
    assert row["ptce"].value in (a.slug, _b.slug)
    assert row["region"].value == "32" and row["region"].data_type == "s"  # not 32
    assert row["jobs_created"].data_type == "n" and row["budget_amount"].value == 200000
    assert row["staff_fte"].value == 1.5
    assert sheet["A1"].font.bold and sheet.column_dimensions["B"].width >= 20
    assert saved["Dictionnaire"]["A3"].value == "ptce"


def test_libreoffice_reads_the_french_csv_numbers_as_numbers(client, login, campaign, forwarded, tmp_path):  # noqa: F811
    login("council_observer")
    source = tmp_path / "long-excel.csv"
    source.write_bytes(client.get(_stem(campaign) + "-long-excel.csv").data)
    (tmp_path / "out").mkdir()
    book = load_workbook(convert(source, "xlsx", tmp_path / "out", FRENCH_CSV))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("ptce", "region", "year", "variable")  # BOM and ";" understood
    values = {(r[0], r[3]): r[5] for r in rows[1:]}
    slug = rows[1][0]
    assert values[(slug, "staff_fte")] == 1.5  # "1,5" read as a number in a French locale
    assert values[(slug, "budget_amount")] == 200000
    assert values[(slug, "jobs_created")] in (4, 6)
    assert values[(slug, "sectors")] == "employment|energy"
    assert all(not isinstance(v, str) or not v.replace(",", "").isdigit()
               for v in values.values() if v is not None)  # no number left as text
    pdf = convert(tmp_path / "out" / "long-excel.xlsx", "pdf", tmp_path / "out")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_aggregates_workbook_prints(client, login, campaign, forwarded, tmp_path):  # noqa: F811
    """The aggregates workbook printed by LibreOffice (kept in $ARTIFACTS when set, to look at)."""
    login("council_observer")
    source = tmp_path / "agregats.xlsx"
    source.write_bytes(client.get(_stem(campaign) + "-agregats.xlsx").data)
    (tmp_path / "out").mkdir()
    pdf = convert(source, "pdf", tmp_path / "out")
    assert pdf.read_bytes().startswith(b"%PDF")
    if os.environ.get("ARTIFACTS"):
        Path(os.environ["ARTIFACTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, Path(os.environ["ARTIFACTS"]) / "agregats-libreoffice.pdf")
    saved = load_workbook(convert(source, "xlsx", tmp_path / "out"))["agregats"]
    cells = {(r[0], r[2]): r for r in saved.iter_rows(min_row=3, values_only=True)}
    assert cells[("32", "jobs_created")][7:] == (None, "secret_primaire")  # 2 PTCE: masked
    assert cells[("FR", "jobs_created")][7:] == (None, "secret_primaire")
