"""Exports of forwarded data only (latest snapshot of each region): long CSV, wide XLSX with its
« Dictionnaire » sheet, and a Frictionless data package describing them with the aggregates.

The CSV is a generator: one region's snapshot in memory at a time, rows leave
as they are made. The XLSX uses openpyxl's write-only mode, which streams rows
to temporary files instead of building the workbook in memory. Both go through
the shared writers of ``cellule.spreadsheet``.
"""
from __future__ import annotations

from typing import Iterator

import sqlalchemy as sa

from ...extensions import db
from ...spreadsheet import DICTIONARY, STANDARD, XLSX_MIMETYPE, Column, Dialect, Sheet, csv_lines, xlsx_file
from . import national, published
from .definition import Definition, Question, bilingual_codebook
from .snapshots import latest_snapshots
from .models import Campaign, Questionnaire
from .qtypes.choices import SEPARATOR
from .snapshots import Snapshot

PTCE = Column("ptce", "Identifiant (slug) du PTCE", width=28)
REGION = Column("region", "Code INSEE de la région", allowed="Code à deux chiffres, gardé comme texte (« 04 »)")
YEAR = Column("year", "Année de la campagne", "integer")
ROW = Column("row", "Numéro de ligne dans le bloc répété", "integer")
LONG = [PTCE, REGION, YEAR, Column("variable", "Code de la variable (voir le dictionnaire)", width=30), ROW,
        Column("value", "Valeur (codes séparés par « | » pour un choix multiple)", width=30,
               allowed="Un texte commençant par = + - @ est précédé d'une apostrophe (protection contre les "
                       "formules des tableurs), à retirer à la lecture"),
        Column("unit", "Unité"), Column("questionnaire_version", "Version du questionnaire", "integer"),
        Column("snapshot", "Identifiant de l'envoi de la région", "integer"),
        Column("snapshot_version", "Version de l'envoi de la région", "integer")]
WIDE_KEYS = [PTCE, Column("ptce_name", "Nom du PTCE", width=32), REGION, YEAR, LONG[7], LONG[8]]
MAIN_SHEET = "ptce"


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
    return "" if q is None else q.shown_unit


def cell(value):
    """An answer as one cell: a multiple choice becomes its codes joined by ``|``."""
    if isinstance(value, list):
        return SEPARATOR.join(str(v) for v in value)
    return value


def long_records(campaign: Campaign, snapshots=None) -> Iterator[list]:
    """One record per answered variable (a repeated block: one per row and column), of the
    campaign's latest snapshots or of ``snapshots`` (``collection.lines`` stores one's lines)."""
    definitions = Definitions(campaign)
    for snap in (_snapshots(campaign) if snapshots is None else snapshots):
        for entry in snap.content["responses"]:
            definition = definitions.get(entry["questionnaire_version"])
            common = (entry["ptce"]["slug"], snap.region.code, campaign.year)
            tail = (entry["questionnaire_version"], snap.id, snap.version)
            for var, value in entry["answers"].items():
                q = definition.question(var)
                if _is_rows(value):
                    for i, row in enumerate(value, start=1):
                        for col, sub in row.items():
                            column = next((c for c in q.columns if c.var == col), None) if q else None
                            yield [*common, f"{var}.{col}", i, cell(sub), unit_of(column), *tail]
                else:
                    yield [*common, var, None, cell(value), unit_of(q), *tail]


def long_rows(campaign: Campaign, dialect: Dialect = STANDARD) -> Iterator[str]:
    """The long CSV in ``dialect``, streamed (the header leaves before any snapshot is read)."""
    return csv_lines(long_records(campaign), dialect, [c.code for c in LONG], flush_every=200)


def question_column(q: Question, code: str | None = None) -> Column:
    return Column(code or q.var, q.label, q.kind.column_type, unit_of(q), q.kind.allowed_values(q),
                  width=18 if q.kind.table_type != "string" else None)


def wide_sheets(campaign: Campaign) -> list[Sheet]:
    """One row per PTCE on « ptce », one sheet per repeated block (columns typed and labelled)."""
    definition = campaign.questionnaire.parsed
    scalar = [q for q in definition.questions() if not q.kind.has_rows]
    blocks = [q for q in definition.questions() if q.kind.has_rows]
    known, extra = {q.var for q in scalar}, []
    for snap in _snapshots(campaign):  # regional questions marked for forwarding
        for entry in snap.content["responses"]:
            for var, value in entry["answers"].items():
                if var not in known and var not in extra and not _is_rows(value):
                    extra.append(var)
    columns = WIDE_KEYS + [question_column(q) for q in scalar] + [
        Column(v, f"Question régionale {v}") for v in extra]

    def main_rows():
        for snap in _snapshots(campaign):
            for entry in snap.content["responses"]:
                answers = entry["answers"]
                yield [entry["ptce"]["slug"], entry["ptce"]["name"], snap.region.code, campaign.year,
                       entry["questionnaire_version"], snap.id] + [cell(answers.get(v)) for v in
                                                                 [q.var for q in scalar] + extra]

    def block_rows(block: Question):
        for snap in _snapshots(campaign):
            for entry in snap.content["responses"]:
                for i, row in enumerate(entry["answers"].get(block.var) or [], start=1):
                    yield [entry["ptce"]["slug"], snap.region.code, i] + [cell(row.get(c.var)) for c in block.columns]

    sheets = [Sheet(MAIN_SHEET, columns, main_rows())]
    for block in blocks:
        sheets.append(Sheet(block.var[:31], [PTCE, REGION, ROW] + [question_column(c) for c in block.columns],
                            block_rows(block)))
    return sheets


# The dictionary's last column: the English wording, kept after the columns it had before.
DICTIONARY_COLUMNS = [*DICTIONARY, Column("english", "En anglais : libellé, aide, valeurs autorisées", width=70)]
ENGLISH = {  # the English of the exports' own columns (label — allowed values)
    "ptce": "PTCE identifier (slug)", "ptce_name": "PTCE name",
    "region": "INSEE region code — Two-digit code, kept as text (“04”)", "year": "Campaign year",
    "questionnaire_version": "Questionnaire version", "snapshot": "Identifier of the region's submission",
    "variable": "Variable code (see the dictionary)", "row": "Row number in the repeated block",
    "value": "Value (codes separated by “|” for a multiple choice) — A text starting with = + - @ is preceded "
             "by an apostrophe (protection against spreadsheet formulas), to be removed when reading",
    "unit": "Unit", "snapshot_version": "Version of the region's submission",
}


def dictionary_rows(campaign: Campaign) -> Iterator[list]:
    """Code, French label, type, unit, allowed values and English wording of every column of the exports."""
    for column in [*WIDE_KEYS, *LONG[3:7], LONG[9]]:
        yield [column.code, column.label, column.type_label, column.unit, column.allowed, ENGLISH[column.code]]
    for entry, english in bilingual_codebook(campaign.questionnaire.parsed, national.english_wordings()):
        yield [entry["code"], entry["label"], entry["type_label"], entry["unit"], entry["allowed"],
               _in_english(entry, english)]


def _in_english(entry: dict, english: dict) -> str:
    """The English label, then the help and allowed values where their English differs from the French."""
    parts = [entry["label_en"]] + [english[key] for key in ("help", "allowed") if english[key] != entry[key]]
    return " — ".join(part for part in parts if part)


def wide_xlsx(campaign: Campaign):
    """A temporary file holding the wide workbook and its « Dictionnaire » sheet."""
    dictionary = Sheet("Dictionnaire", DICTIONARY_COLUMNS, dictionary_rows(campaign))
    return xlsx_file([*wide_sheets(campaign), dictionary])


def _is_rows(value) -> bool:
    return isinstance(value, list) and bool(value) and isinstance(value[0], dict)


def field_schema(q: Question, name: str | None = None) -> dict:
    """A Frictionless Table Schema field for a question (its type says which type and constraints)."""
    field = {"name": name or q.var, "title": q.label, "type": q.kind.table_type}
    if constraints := q.kind.constraints(q):
        field["constraints"] = constraints
    english = [f"EN: {q.label_en}"] if q.label_en else []  # the English wording, next to the French title
    if notes := english + q.kind.notes(q):
        field["description"] = " — ".join(notes)
    if unit_of(q):
        field["unit"] = unit_of(q)
    return field


def column_field(column: Column) -> dict:
    """A Table Schema field for one of the exports' own columns."""
    field = {"name": column.code, "title": column.label,
             "type": {"year": "integer", "any": "any"}.get(column.type, column.type)}
    if column.unit:
        field["unit"] = column.unit
    if column.allowed:
        field["description"] = column.allowed
    return field


def _schema(columns: list[Column], questions: dict[str, Question], **extra) -> dict:
    fields = []
    for column in columns:
        q = questions.get(column.code)
        if q is None:
            fields.append(column_field(column))
            continue
        field = field_schema(q, column.code)
        if column.allowed:  # the English wording stays first, then the allowed values in words
            english = f"EN: {q.label_en}" if q.label_en else ""
            field["description"] = " — ".join(part for part in (english, column.allowed) if part)
        fields.append(field)
    return {"fields": fields, "missingValues": [""], **extra}


def _xlsx_resource(name: str, path: str, sheet: Sheet, questions: dict, title: str, **extra) -> dict:
    """A workbook sheet: French labels on row 1, codes (the field names) on row 2."""
    return {"name": name, "path": path, "title": title, "profile": "tabular-data-resource", "format": "xlsx",
            "mediatype": XLSX_MIMETYPE,
            # Frictionless 5 reads the sheet from "excel"; "sheetName" is Table Dialect 2's spelling.
            "dialect": {"headerRows": [2], "sheetName": sheet.title, "excel": {"sheet": sheet.title}},
            "schema": _schema(list(sheet.columns), questions, **extra)}


def datapackage(campaign: Campaign, base_name: str) -> dict:
    """The Data Package descriptor of the long CSV, of each sheet of the wide workbook and of the
    aggregates; French titles, types, units, missing values and allowed values come from the
    same column definitions the files are written with."""
    definition = campaign.questionnaire.parsed
    questions = {}
    for q in definition.questions():
        questions[q.var] = q
        questions.update({c.var: c for c in q.columns})
    xlsx_path = f"{base_name}-large.xlsx"
    sheets = wide_sheets(campaign)
    resources = [
        {"name": "reponses-long", "path": f"{base_name}-long.csv", "title": "Réponses, une ligne par variable",
         "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
         "encoding": STANDARD.encoding, "dialect": STANDARD.frictionless(), "schema": _schema(LONG, {})},
        _xlsx_resource("reponses-large", xlsx_path, sheets[0], questions, "Réponses, une ligne par PTCE",
                       primaryKey=["ptce"]),
    ]
    for block, sheet in zip((q for q in definition.questions() if q.kind.has_rows), sheets[1:]):
        resources.append(_xlsx_resource(f"reponses-large-{block.var.replace('_', '-')}", xlsx_path, sheet,
                                        {c.var: c for c in block.columns}, block.label))
    resources.append(_xlsx_resource("dictionnaire", xlsx_path, Sheet("Dictionnaire", DICTIONARY_COLUMNS, []), {},
                                    "Dictionnaire des variables"))
    resources.append({"name": "agregats", "path": f"{base_name}-agregats.csv",
                      "title": "Indicateurs agrégés par région (secret statistique appliqué)",
                      "description": published.DESCRIPTION, "profile": "tabular-data-resource",
                      "format": "csv", "mediatype": "text/csv", "encoding": STANDARD.encoding,
                      "dialect": STANDARD.frictionless(), "schema": _schema(published.COLUMNS, {})})
    return {"profile": "tabular-data-package", "name": f"cellule-collecte-{campaign.year}-{campaign.id}",
            "title": campaign.title,
            "description": "Réponses transmises au conseil national par les cellules régionales "
                           "(dernière version transmise par région), dictionnaire des variables et "
                           "agrégats publiables.",
            "resources": resources}
