"""Checks of PTCE identifiers and reference values, with French messages.

Shared by the edit form and the CSV import, so both refuse the same things
with the same words.
"""
from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from stdnum.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

from .reference import ACTIVITY_TYPES, DEPARTMENTS, SECTORS, Stage

RNA_RE = re.compile(r"^W\d{9}$")
INSEE_COMMUNE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


class Invalid(ValueError):
    """A value that cannot be accepted; the message is French and says what to fix."""


def clean_siret(value: str) -> str:
    """Return the 14-digit SIRET or raise ``Invalid``.

    python-stdnum checks the Luhn key, including La Poste's establishments
    (SIREN 356 000 000), whose SIRET follow a different sum rule.
    """
    compact = stdnum_siret.compact(value or "")
    if not compact:
        raise Invalid(_l("Le SIRET est obligatoire."))
    try:
        return stdnum_siret.validate(compact)
    except ValidationError:
        if not compact.isdigit() or len(compact) != 14:
            raise Invalid(_l("Le SIRET doit compter 14 chiffres (reçu : « %(value)s »).", value=value))
        raise Invalid(_l("Le SIRET « %(value)s » n'est pas valide : sa clé de contrôle est fausse.",
                         value=value))


def clean_rna(value: str | None) -> str | None:
    """Return the RNA number (W + 9 digits), None when empty, or raise ``Invalid``."""
    value = (value or "").strip().upper().replace(" ", "")
    if not value:
        return None
    if not RNA_RE.match(value):
        raise Invalid(_l("Le numéro RNA « %(value)s » doit être un W suivi de 9 chiffres.", value=value))
    return value


def clean_department(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) == 1 and value.isdigit():
        value = "0" + value
    if value not in DEPARTMENTS:
        raise Invalid(_l("Le département « %(value)s » n'existe pas (exemples : 59, 2A, 974).", value=value))
    return value


def clean_communes(values: list[str]) -> list[str]:
    out = []
    for raw in values:
        code = raw.strip().upper()
        if not code:
            continue
        if not INSEE_COMMUNE_RE.match(code):
            raise Invalid(_l("Le code commune INSEE « %(value)s » doit compter 5 caractères (ex. 60057).",
                             value=raw))
        out.append(code)
    return list(dict.fromkeys(out))


def fold(text: str) -> str:
    """Lower-case, accent-free text, for matching labels typed by hand."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _lookup(value: str, table: dict, what) -> str:
    key = value.strip()
    if key in table:
        return key
    folded = fold(key)
    for code, label in table.items():
        if fold(label) == folded or fold(code) == folded:
            return code
    raise Invalid(_l("%(what)s inconnu : « %(value)s ».", what=what, value=value))


def clean_sectors(values: list[str]) -> list[str]:
    return list(dict.fromkeys(_lookup(v, SECTORS, _l("Secteur")) for v in values if v.strip()))


def clean_activity_types(values: list[str]) -> list[str]:
    return list(dict.fromkeys(
        _lookup(v, ACTIVITY_TYPES, _l("Type d'activité")) for v in values if v.strip()))


def clean_stage(value: str) -> Stage:
    table = {s.value: s.label for s in Stage}
    return Stage(_lookup(value or "emerging", table, _l("Stade")))


def clean_year(value, what, low: int = 1980, high: int = 2100) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise Invalid(_l("%(what)s : « %(value)s » n'est pas une année.", what=what, value=value))
    if not low <= year <= high:
        raise Invalid(_l("%(what)s : %(value)s est hors de la plage %(low)s–%(high)s.",
                         what=what, value=year, low=low, high=high))
    return year
