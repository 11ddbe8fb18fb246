"""CSV import (dry run, then all-or-nothing) and CSV / GeoJSON exports of the directory.

The export writes the same columns the import reads, so a file can go out,
be corrected in a spreadsheet, and come back.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...spreadsheet import FRENCH_EXCEL, csv_lines, csv_unescape
from .models import Ptce, Region
from . import services
from .services import create_ptce, fold
from .validation import (Invalid, check_charter, clean_activity_types, clean_communes, clean_coordinate,
                         clean_department_in, clean_email, clean_name, clean_optional_text, clean_rna,
                         clean_sectors, clean_siret, clean_stage, clean_text, clean_website, clean_year,
                         safe_url, siret_taken)

# CSV column → (model field, French column description)
COLUMNS: dict[str, str] = {
    "nom": "name",
    "departement": "department_code",
    "territoire": "territory",
    "communes": "communes",
    "siret": "siret",
    "rna": "rna",
    "stade": "stage",
    "charte": "charter_signatory",
    "annee_charte": "charter_year",
    "annee_creation": "creation_year",
    "secteurs": "sectors",
    "types_activite": "activity_types",
    "site_web": "website",
    "description": "description",
    "contact_nom": "contact_name",
    "contact_email": "contact_email",
    "contact_telephone": "contact_phone",
    "latitude": "latitude",
    "longitude": "longitude",
}
REQUIRED = ("nom", "departement", "siret")
LIST_SEPARATOR = "|"
TRUE_WORDS = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
FALSE_WORDS = {"non", "n", "no", "faux", "false", "0", ""}


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What a dry run found: the rows it would create and every problem, by line."""

    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def decode(raw: bytes) -> str:
    """UTF-8 with or without BOM; Windows-1252 as written by older French Excel."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict")


def parse(raw: bytes, region: Region) -> ImportReport:
    """Read and check every row without writing anything."""
    report = ImportReport()
    reader = _reader(raw, report)
    if reader is None:
        return report
    seen = _Seen(services.region_names(region))
    for line, raw_row in enumerate(reader, start=2):
        row = {k: csv_unescape((v or "").strip()) for k, v in raw_row.items() if k in COLUMNS}
        if not any(row.values()):
            continue  # spreadsheets often end with blank lines
        data, errors = _clean_row(row, line, region)
        report.errors.extend(errors + seen.duplicates(line, data))
        report.rows.append(data)
    owners = services.siret_owners(seen.sirets)
    report.errors.extend(RowError(line, "siret", str(siret_taken(siret, owners[siret])))
                         for line, siret in seen.siret_lines if siret in owners)
    report.errors.sort(key=lambda e: e.line)
    if not report.rows and not report.errors:
        report.errors.append(RowError(0, "", _("Le fichier ne contient aucune ligne de PTCE.")))
    return report


def _reader(raw: bytes, report: ImportReport) -> csv.DictReader | None:
    """The file's rows keyed by folded column names; None (the reason in ``report``) when the
    file cannot be read or lacks a required column."""
    try:
        text = decode(raw)
    except UnicodeDecodeError:
        report.errors.append(RowError(0, "", _("Le fichier n'est ni en UTF-8 ni en Windows-1252. "
                                                 "Enregistrez-le en « CSV UTF-8 ».")))
        return None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [fold(h or "") for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        report.errors.append(RowError(1, ", ".join(missing), _(
            "Colonnes obligatoires absentes : %(cols)s. La première ligne doit nommer les colonnes "
            "(nom, departement, siret …).", cols=", ".join(missing))))
        return None
    reader.fieldnames = headers
    return reader


class _Seen:
    """Names and SIRET numbers met so far in the file, to refuse duplicates line by line."""

    def __init__(self, region_names):
        self.region_names = region_names      # folded names already in the region's directory
        self.names: dict[str, int] = {}       # folded name -> first line
        self.sirets: dict[str, int] = {}      # SIRET -> first line
        self.siret_lines: list[tuple[int, str]] = []  # (first line, SIRET), checked in the database next

    def duplicates(self, line: int, data: dict) -> list[RowError]:
        """The row's name or SIRET already met above (or, for a name, in the region)."""
        errors = []
        if "name" in data:
            key = fold(data["name"])
            if key in self.names:
                errors.append(RowError(line, "nom", _("Doublon : même nom qu'à la ligne %(other)s.",
                                                      other=self.names[key])))
            elif key in self.region_names:
                errors.append(RowError(line, "nom", _("Doublon : « %(name)s » existe déjà dans l'annuaire "
                                                      "de la région.", name=data["name"])))
            self.names.setdefault(key, line)
        if "siret" in data:
            if data["siret"] in self.sirets:
                errors.append(RowError(line, "siret", _("Doublon : même SIRET qu'à la ligne %(other)s.",
                                                        other=self.sirets[data["siret"]])))
            else:
                self.sirets[data["siret"]] = line
                self.siret_lines.append((line, data["siret"]))
        return errors


def _split(value: str) -> list[str]:
    for sep in (LIST_SEPARATOR, ",", ";"):
        if sep in value:
            return [v.strip() for v in value.split(sep)]
    return [value.strip()] if value.strip() else []


def _clean_row(row: dict, line: int, region: Region) -> tuple[dict, list[RowError]]:
    """One row through the very cleaners the form uses (``validation.py``), error by column."""
    data: dict = {}
    errors: list[RowError] = []

    def check(column, key, fn):
        try:
            data[key] = fn(row.get(column, ""))
        except Invalid as exc:
            errors.append(RowError(line, column, str(exc)))

    def charter(value):
        value = fold(value)
        if value not in TRUE_WORDS | FALSE_WORDS:
            raise Invalid(_l("Charte : écrire « oui » ou « non » (reçu « %(value)s »).", value=row["charte"]))
        return value in TRUE_WORDS

    check("nom", "name", clean_name)
    check("siret", "siret", clean_siret)
    check("rna", "rna", clean_rna)
    check("departement", "department_code", lambda v: clean_department_in(v, region.code, region.name))
    check("territoire", "territory", lambda v: clean_text(v, _l("Territoire"), 2000))
    check("communes", "communes", lambda v: clean_communes(_split(v)))
    check("stade", "stage", clean_stage)
    check("charte", "charter_signatory", charter)
    check("annee_charte", "charter_year", lambda v: clean_year(v, _l("Année de charte"), 2010))
    check("annee_creation", "creation_year", lambda v: clean_year(v, _l("Année de création")))
    check("secteurs", "sectors", lambda v: clean_sectors(_split(v)))
    check("types_activite", "activity_types", lambda v: clean_activity_types(_split(v)))
    check("site_web", "website", clean_website)
    check("description", "description", lambda v: clean_text(v, _l("Présentation"), 10000))
    check("contact_nom", "contact_name", lambda v: clean_optional_text(v, _l("Nom du contact"), 160))
    check("contact_email", "contact_email", clean_email)
    check("contact_telephone", "contact_phone", lambda v: clean_optional_text(v, _l("Téléphone du contact"), 30))
    check("latitude", "latitude", lambda v: clean_coordinate(v, _l("Latitude"), -90, 90))
    check("longitude", "longitude", lambda v: clean_coordinate(v, _l("Longitude"), -180, 180))
    if "charter_signatory" in data and data.get("charter_year"):
        try:
            check_charter(data["charter_signatory"], data["charter_year"])
        except Invalid as exc:
            errors.append(RowError(line, "annee_charte", str(exc)))
    return data, errors


def import_rows(region: Region, report: ImportReport) -> list[Ptce]:
    """Create every row of a clean report. The caller commits once, or rolls back on any error."""
    if not report.ok:
        raise ValueError("refusing to import a report with errors")
    return [create_ptce(region, data) for data in report.rows]


def export_rows(ptces: Iterable[Ptce], with_contacts: bool = False) -> Iterator[str]:
    """CSV for French Excel (``;``, decimal comma, UTF-8 with BOM), streamed; the import reads it back.

    Contact details are left blank unless ``with_contacts`` (coordinators, council).
    """
    def records():
        for p in ptces:
            yield [p.name, p.department_code, p.territory, LIST_SEPARATOR.join(p.communes or []), p.siret,
                   p.rna, p.stage.value, "oui" if p.charter_signatory else "non", p.charter_year,
                   p.creation_year, LIST_SEPARATOR.join(p.sectors), LIST_SEPARATOR.join(p.activity_types),
                   p.website, p.description,
                   *((p.contact_name, p.contact_email, p.contact_phone) if with_contacts else (None,) * 3),
                   p.latitude, p.longitude, p.region.code, p.slug]

    return csv_lines(records(), FRENCH_EXCEL, list(COLUMNS) + ["region", "slug"], flush_every=100)


def geojson(ptces: Iterable[Ptce], url_for_ptce) -> str:
    """A GeoJSON FeatureCollection; PTCE without coordinates carry a null geometry."""
    features = []
    for p in ptces:
        geometry = None
        if p.latitude is not None and p.longitude is not None:
            geometry = {"type": "Point", "coordinates": [p.longitude, p.latitude]}
        features.append({
            "type": "Feature", "id": p.slug, "geometry": geometry,
            "properties": {
                "name": p.name, "slug": p.slug, "region": p.region.code, "region_name": p.region.name,
                "department": p.department_code, "stage": p.stage.value,
                "charter_signatory": p.charter_signatory, "creation_year": p.creation_year,
                "sectors": p.sectors, "activity_types": p.activity_types, "website": safe_url(p.website),
                "url": url_for_ptce(p),
            },
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)

