"""Checks of PTCE identifiers and reference values, with French messages.

Shared by the edit form and the CSV import, so both refuse the same things
with the same words.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from flask_babel import lazy_gettext as _l
from stdnum.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret

from .reference import ACTIVITY_TYPES, DEPARTMENT_REGION, DEPARTMENTS, SECTORS, Stage

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


def siret_taken(siret: str, owner: str) -> Invalid:
    """The refusal of a SIRET another PTCE already carries (form and import alike)."""
    return Invalid(_l("Le SIRET %(siret)s est déjà celui du PTCE « %(name)s ».", siret=siret, name=owner))


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
    if not value:
        raise Invalid(_l("Le département est obligatoire."))
    if len(value) == 1 and value.isdigit():
        value = "0" + value
    if value not in DEPARTMENTS:
        raise Invalid(_l("Le département « %(value)s » n'existe pas (exemples : 59, 2A, 974).", value=value))
    return value


def clean_department_in(value: str, region_code: str, region_name: str) -> str:
    """A department that exists *and* lies in the PTCE's region."""
    code = clean_department(value)
    if DEPARTMENT_REGION[code] != region_code:
        raise Invalid(_l("Le département « %(value)s » n'est pas dans la région %(region)s.",
                         value=code, region=region_name))
    return code


def clean_name(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(_l("Le nom est obligatoire."))
    if len(value) > 160:
        raise Invalid(_l("Le nom dépasse %(max)s caractères.", max=160))
    return value


def clean_text(value: str | None, what, max_length: int) -> str:
    """Free text, trimmed; '' when empty."""
    value = (value or "").strip()
    if len(value) > max_length:
        raise Invalid(_l("%(what)s : %(max)s caractères au plus (reçu %(n)s).",
                         what=what, max=max_length, n=len(value)))
    return value


def clean_optional_text(value: str | None, what, max_length: int) -> str | None:
    return clean_text(value, what, max_length) or None


def is_web_url(value: str | None) -> bool:
    """Whether ``value`` is an absolute http(s) address with a host and no control characters."""
    if not value or any(c.isspace() or ord(c) < 32 for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def safe_url(value: str | None) -> str | None:
    """``value`` if it may be published as a link, else None (for rows stored before the check)."""
    return value.strip() if value and is_web_url(value.strip()) else None


def clean_website(value: str | None) -> str | None:
    """An http:// or https:// address, or None; ``javascript:`` and the like are refused."""
    value = (value or "").strip()
    if not value:
        return None
    if not is_web_url(value):
        raise Invalid(_l("Le site web « %(value)s » doit être une adresse commençant par http:// ou "
                         "https:// (par ex. https://www.exemple.fr).", value=value[:100]))
    if len(value) > 300:
        raise Invalid(_l("Le site web : %(max)s caractères au plus (reçu %(n)s).", max=300, n=len(value)))
    return value


def clean_email(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid(_l("Le courriel « %(value)s » n'est pas une adresse valide (par ex. contact@exemple.fr).",
                         value=value[:100]))
    if len(value) > 254:
        raise Invalid(_l("Le courriel : %(max)s caractères au plus (reçu %(n)s).", max=254, n=len(value)))
    return value


def clean_coordinate(value, what, low: float, high: float) -> float | None:
    """A latitude or longitude; a French decimal comma is accepted."""
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    number = _converted(float, text, _l("%(what)s : « %(value)s » n'est pas un nombre.", what=what, value=value))
    if not low <= number <= high:
        raise Invalid(_l("%(what)s : %(value)s est hors de la plage %(low)s à %(high)s.",
                         what=what, value=text, low=low, high=high))
    return number


def _converted(convert, text: str, refusal):
    """``convert(text)`` (int, float), or Invalid with ``refusal`` when the text is not such a number."""
    try:
        return convert(text)
    except ValueError:
        raise Invalid(refusal)


def check_charter(signatory: bool, year: int | None) -> None:
    if year and not signatory:
        raise Invalid(_l("Cochez « Signataire de la charte » ou videz l'année."))


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
    year = _converted(int, str(value).strip(),
                      _l("%(what)s : « %(value)s » n'est pas une année.", what=what, value=value))
    if not low <= year <= high:
        raise Invalid(_l("%(what)s : %(value)s est hors de la plage %(low)s–%(high)s.",
                         what=what, value=year, low=low, high=high))
    return year
