"""Exports of forwarded data only (latest snapshot of each region): long CSV, wide XLSX,
and a Frictionless datapackage.json describing both.

The CSV is a generator: one region's snapshot in memory at a time, rows leave
as they are made. The XLSX uses openpyxl's write-only mode, which streams rows
to temporary files instead of building the workbook in memory.
"""
from __future__ import annotations

import csv
import io
import tempfile
from typing import Iterator

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ...extensions import db
from ...spreadsheet import csv_row, xlsx_text
from .definition import Definition, Question
from .forwarding import latest_snapshots
from .models import Campaign, Questionnaire
from .snapshots import Snapshot

LONG_COLUMNS = ["ptce", "region", "year", "variable", "row", "value", "unit",
                "questionnaire_version", "snapshot", "snapshot_version"]
WIDE_KEYS = ["ptce", "ptce_name", "region", "year", "questionnaire_version", "snapshot"]
SEPARATOR = "|"


class Definitions:
    """Questionnaire versions by number, loaded once each."""

    def __init__(self, campaign: Campaign):
        self.code = campaign.questionnaire.code
        self.cache: dict[int, Definition] = {campaign.questionnaire.version: campaign.questionnaire.parsed}

    def get(self, version: int) -> Definition:
        if version not in self.cache:
            q = db.session.scalar(sa.select(Questionnaire).where(
                Questionnaire.code == self.code, Questionnaire.version == version))
            self.cache[version] = q.parsed
        return self.cache[version]


def _snapshots(campaign: Campaign):
    ids = [s.id for s in latest_snapshots(campaign)]
    return db.session.scalars(sa.select(Snapshot).where(Snapshot.id.in_(ids or [0]))
                              .order_by(Snapshot.region_id).execution_options(yield_per=1))


def unit_of(q: Question | None) -> str:
    if q is None:
        return ""
    return q.unit or {"amount_eur": "€", "percentage": "%"}.get(q.type, "")


def cell(value) -> str | int | float:
    if isinstance(value, list):
        return SEPARATOR.join(str(v) for v in value)
    return "" if value is None else value


def long_rows(campaign: Campaign) -> Iterator[str]:
    """CSV as French Excel opens it (UTF-8 BOM, ``;``), one line per answered variable."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    definitions = Definitions(campaign)
    writer.writerow(LONG_COLUMNS)
    yield "\ufeff" + flush()
    for snap in _snapshots(campaign):
        for entry in snap.content["responses"]:
            definition = definitions.get(entry["questionnaire_version"])
            common = (entry["ptce"]["slug"], snap.region.code, campaign.year)
            tail = (entry["questionnaire_version"], snap.id, snap.version)
            for var, value in entry["answers"].items():
                q = definition.question(var)
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    for i, row in enumerate(value, start=1):
                        for col, sub in row.items():
                            column = next((c for c in q.columns if c.var == col), None) if q else None
                            writer.writerow(csv_row([*common, f"{var}.{col}", i, cell(sub), unit_of(column),
                                                     *tail]))
                else:
                    writer.writerow(csv_row([*common, var, "", cell(value), unit_of(q), *tail]))
            yield flush()


def wide_xlsx(campaign: Campaign):
    """A temporary file holding the workbook: one row per PTCE, one sheet per repeated block."""
    definition = campaign.questionnaire.parsed
    scalar = [q.var for q in definition.questions() if q.type != "repeated"]
    blocks = [q for q in definition.questions() if q.type == "repeated"]
    extra = []
    for snap in _snapshots(campaign):  # regional questions marked for forwarding
        for entry in snap.content["responses"]:
            for var, value in entry["answers"].items():
                if var not in scalar and var not in extra and not _is_rows(value):
                    extra.append(var)
    book = Workbook(write_only=True)
    main = book.create_sheet("ptce")
    main.append(WIDE_KEYS + scalar + extra)
    sheets = {}
    for block in blocks:
        sheets[block.var] = book.create_sheet(block.var[:31])
        sheets[block.var].append(["ptce", "region", "row"] + [c.var for c in block.columns])
    for snap in _snapshots(campaign):
        for entry in snap.content["responses"]:
            answers = entry["answers"]
            main.append(_text_safe(main, [entry["ptce"]["slug"], entry["ptce"]["name"], snap.region.code,
                                          campaign.year, entry["questionnaire_version"], snap.id]
                                   + [cell(answers.get(v)) for v in scalar + extra]))
            for block in blocks:
                for i, row in enumerate(answers.get(block.var) or [], start=1):
                    sheets[block.var].append(_text_safe(sheets[block.var], [entry["ptce"]["slug"], snap.region.code, i]
                                                        + [cell(row.get(c.var)) for c in block.columns]))
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out


def _text_safe(sheet, values: list) -> list:
    """Answers are data: text that starts with "=" stays text instead of becoming a formula."""
    out = []
    for value in values:
        if isinstance(value, str) and value.startswith("="):
            out.append(xlsx_text(WriteOnlyCell(sheet, value=value)))
        else:
            out.append(value)
    return out


def _is_rows(value) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def field_schema(q: Question, name: str | None = None) -> dict:
    """A Frictionless Table Schema field for a question."""
    field = {"name": name or q.var, "title": q.label}
    if q.type in ("integer", "year") or q.type == "scale_0_5":
        field["type"] = "integer"
    elif q.type in ("decimal", "amount_eur", "percentage"):
        field["type"] = "number"
    else:
        field["type"] = "string"
    low, high = q.bounds
    constraints = {}
    if q.type == "scale_0_5":
        constraints = {"minimum": 0, "maximum": 5}
    elif field["type"] in ("integer", "number"):
        constraints = {k: v for k, v in (("minimum", low), ("maximum", high)) if v is not None}
    elif q.type == "single_choice":
        constraints = {"enum": [c.code for c in q.choices]}
    if constraints:
        field["constraints"] = constraints
    if q.type == "multiple_choice":
        field["description"] = f"Codes séparés par « {SEPARATOR} » : " + ", ".join(c.code for c in q.choices)
    if unit_of(q):
        field["unit"] = unit_of(q)
    return field


def datapackage(campaign: Campaign, base_name: str) -> dict:
    """The Data Package descriptor of the long CSV and of each sheet of the wide workbook."""
    definition = campaign.questionnaire.parsed
    keys = [{"name": "ptce", "type": "string", "title": "Identifiant (slug) du PTCE"},
            {"name": "region", "type": "string", "title": "Code INSEE de la région"}]
    long_fields = keys + [
        {"name": "year", "type": "integer"}, {"name": "variable", "type": "string",
                                              "description": "Code du dictionnaire des variables"},
        {"name": "row", "type": "integer", "description": "Numéro de ligne d'un bloc répété"},
        {"name": "value", "type": "string",
         "description": "Valeur ; un texte commençant par = + - @ est précédé d'une apostrophe (protection "
                        "contre les formules des tableurs), à retirer à la lecture"},
        {"name": "unit", "type": "string"},
        {"name": "questionnaire_version", "type": "integer"}, {"name": "snapshot", "type": "integer"},
        {"name": "snapshot_version", "type": "integer"}]
    wide_fields = keys[:1] + [{"name": "ptce_name", "type": "string"}] + keys[1:] + [
        {"name": "year", "type": "integer"}, {"name": "questionnaire_version", "type": "integer"},
        {"name": "snapshot", "type": "integer"}] + [
        field_schema(q) for q in definition.questions() if q.type != "repeated"]
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    resources = [
        {"name": "reponses-long", "path": f"{base_name}-long.csv", "profile": "tabular-data-resource",
         "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
         "dialect": {"delimiter": ";", "header": True}, "schema": {"fields": long_fields}},
        {"name": "reponses-large", "path": f"{base_name}-large.xlsx", "profile": "tabular-data-resource",
         "format": "xlsx", "mediatype": xlsx, "dialect": {"sheet": "ptce"},
         "schema": {"fields": wide_fields, "primaryKey": ["ptce"]}},
    ]
    for block in (q for q in definition.questions() if q.type == "repeated"):
        resources.append({
            "name": f"reponses-large-{block.var.replace('_', '-')}", "path": f"{base_name}-large.xlsx",
            "profile": "tabular-data-resource", "format": "xlsx", "mediatype": xlsx,
            "dialect": {"sheet": block.var[:31]}, "title": block.label,
            "schema": {"fields": keys + [{"name": "row", "type": "integer"}]
                       + [field_schema(c) for c in block.columns]}})
    return {"profile": "tabular-data-package", "name": f"cellule-collecte-{campaign.year}-{campaign.id}",
            "title": campaign.title,
            "description": "Réponses transmises au conseil national par les cellules régionales "
                           "(dernière version transmise par région).",
            "resources": resources}

