"""The aggregates table as it leaves cellule: CSV (both dialects), XLSX, data package, API.

Every copy reads ``dashboard.compute`` — the single place where disclosure
control is applied — so what one format masks, every other format masks too.
"""
from __future__ import annotations

from typing import Iterator

from ...spreadsheet import Column, Dialect, Sheet, csv_lines, xlsx_file
from .dashboard import INDICATORS, NATIONAL, UNITS, Aggregates, Cell
from .disclosure import DOMINANCE, THRESHOLD, Status

STATISTICS = {"sum": "Somme", "mean": "Moyenne", "median": "Médiane"}
STATUS_LABELS = {Status.PUBLISHED: "Diffusé",
                 Status.PRIMARY: f"Secret primaire (moins de {THRESHOLD} PTCE, ou un PTCE faisant plus de "
                                 f"{round(DOMINANCE * 100)} % du total)",
                 Status.SECONDARY: "Secret secondaire (masqué pour qu'un secret primaire ne puisse être "
                                   "recalculé)", Status.EMPTY: "Sans objet (aucune réponse)"}
DESCRIPTION = (f"Une valeur portant sur moins de {THRESHOLD} PTCE, ou dont un seul PTCE fait plus de "
               f"{round(DOMINANCE * 100)} % (effectifs, emplois), n'est pas diffusée (secret primaire) ; "
               "d'autres valeurs sont masquées pour qu'aucune ne puisse être recalculée à partir du total "
               "national, des autres régions ou d'une moyenne et de son effectif (secret secondaire).")
COLUMNS = [
    Column("region", "Code INSEE de la région (FR : France entière)",
           allowed="Code à deux chiffres, gardé comme texte ; FR pour la France entière"),
    Column("region_name", "Région", width=28),
    Column("variable", "Code de la variable", width=24),
    Column("indicator", "Indicateur", width=40),
    Column("statistic", "Statistique", allowed="sum = somme ; mean = moyenne ; median = médiane"),
    Column("unit", "Unité"),
    Column("n", "Nombre de PTCE ayant répondu", "integer"),
    Column("value", "Valeur (vide si masquée)", "number"),
    Column("status", "Statut de diffusion", width=20,
           allowed=" ; ".join(f"{s.value} = {label}" for s, label in STATUS_LABELS.items())),
]


def records(data: Aggregates) -> Iterator[list]:
    """One record per region and indicator, then the national ones."""
    for region, _n, cells in data.regions:
        yield from _lines(region.code, region.name, cells)
    yield from _lines(NATIONAL, "France", data.national)


def _lines(code: str, name: str, cells: dict[str, Cell]) -> Iterator[list]:
    for var, stat, label in INDICATORS:
        c = cells[var]
        yield [code, name, var, str(label), stat, UNITS.get(var, ""), c.n, c.value, c.status.value]


def as_json(data: Aggregates) -> list[dict]:
    return [dict(zip((c.code for c in COLUMNS), row)) for row in records(data)]


def csv(data: Aggregates, dialect: Dialect) -> Iterator[str]:
    return csv_lines(records(data), dialect, [c.code for c in COLUMNS], flush_every=500)


def xlsx(data: Aggregates):
    dictionary = ([c.code, c.label, c.type_label, c.unit, c.allowed] for c in COLUMNS)
    return xlsx_file([Sheet("agregats", COLUMNS, records(data))], dictionary)
