"""Reading a questionnaire form and checking answers.

Hard errors (type, range, required) block submission; type and range errors
also block saving a draft, so no invalid value is ever stored. Soft warnings
(resource shares over 100 %, a value far from last year's) let the PTCE submit
once it has justified them; the reviewer then acknowledges each one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...l10n import active_locale, number
from .definition import CHOICE, NUMERIC, Definition, Question

SHARES = ("share_public_subsidies", "share_service_sales", "share_goods_sales",
          "share_membership_fees", "share_patronage")
JUSTIFICATION_MIN = 5
TREND_FACTOR = 2  # a value more than twice, or less than half, last year's
TREND_MIN_GAP = 3  # … and differing by more than this, so 1 → 3 jobs is no alarm


@dataclass(frozen=True)
class Warning:
    code: str
    variable: str
    message: str


def rows_in(formdata, q: Question) -> int:
    """How many rows of a repeated block the form carries."""
    indices = {int(m.group(1)) for key in formdata.keys()
               if (m := re.fullmatch(rf"{q.var}__(\d+)__\w+", key))}
    return min(max(indices, default=-1) + 1, q.max_rows)


def read_form(definition: Definition, formdata) -> tuple[dict, dict[str, str]]:
    """Typed answers from posted fields named after variables, and errors by field name."""
    values: dict = {}
    errors: dict[str, str] = {}
    for q in definition.questions():
        if q.type == "repeated":
            rows = []
            for i in range(rows_in(formdata, q)):
                row = {}
                for col in q.columns:
                    name = f"{q.var}__{i}__{col.var}"
                    value, error = _read(col, formdata, name)
                    if error:
                        errors[name] = error
                    elif value is not None:
                        row[col.var] = value
                if row:
                    rows.append(row)
            if rows:
                values[q.var] = rows
            continue
        value, error = _read(q, formdata, q.var)
        if error:
            errors[q.var] = error
        elif value is not None:
            values[q.var] = value
    return values, errors


def _read(q: Question, formdata, name: str):
    if q.type == "multiple_choice":
        raw = formdata.getlist(name)
        allowed = {c for c, _ in q.allowed}
        if any(v not in allowed for v in raw):
            return None, _("Choisissez parmi les réponses proposées.")
        return ([c for c, _ in q.allowed if c in raw] or None), None
    raw = (formdata.get(name) or "").strip()
    if raw == "":
        return None, None
    return convert(q, raw)


def convert(q: Question, raw):
    """(value, error) for one raw answer, with the type's and range's checks."""
    if q.type in CHOICE or q.type == "scale_0_5":
        if str(raw) not in {c for c, _ in q.allowed}:
            return None, _("Choisissez parmi les réponses proposées.")
        return (int(raw) if q.type == "scale_0_5" else str(raw)), None
    if q.type in NUMERIC:
        text = str(raw).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
        text = text.rstrip("%€")
        try:
            number = Decimal(text)
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            return None, _("Saisissez un nombre (par exemple 12 ou 3,5).")
        if q.type in ("integer", "year") and number != number.to_integral_value():
            return None, _("Saisissez un nombre entier, sans décimales.")
        low, high = q.bounds
        if low is not None and number < Decimal(str(low)):
            return None, _("La valeur doit être au moins %(min)s.", min=_fmt(low))
        if high is not None and number > Decimal(str(high)):
            return None, _("La valeur doit être au plus %(max)s.", max=_fmt(high))
        if q.type in ("integer", "year"):
            return int(number), None
        return (float(round(number, 2)) if q.type in ("amount_eur", "percentage") else float(number)), None
    text = str(raw)
    limit = 300 if q.type == "short_text" else 5000
    if len(text) > limit:
        return None, _("Pas plus de %(n)s caractères.", n=number(limit))
    return text, None


def _fmt(number: float) -> str:
    """A bound as the reader writes numbers, ungrouped so that years read as years (« 2,5 », « 1900 »)."""
    return format_decimal(number, "0.###", locale=active_locale())


def visible(definition: Definition, answers: dict) -> list[Question]:
    """The questions shown given the answers (hidden ones are neither required nor kept)."""
    return [q for q in definition.questions() if q.show_if is None or q.show_if.holds(answers)]


def prune(definition: Definition, answers: dict) -> dict:
    """Answers without those to questions that conditions now hide."""
    shown = {q.var for q in visible(definition, answers)}
    return {k: v for k, v in answers.items() if k in shown}


def missing(definition: Definition, answers: dict) -> dict[str, str]:
    """Required questions (and required columns of filled rows) left empty."""
    errors = {}
    for q in visible(definition, answers):
        if q.type == "repeated":
            for i, row in enumerate(answers.get(q.var) or []):
                for col in q.columns:
                    if col.required and row.get(col.var) in (None, ""):
                        errors[f"{q.var}__{i}__{col.var}"] = _l("Cette colonne est obligatoire.")
        elif q.required and answers.get(q.var) in (None, "", []):
            errors[q.var] = _l("Cette question est obligatoire.")
    return errors


def warnings(definition: Definition, answers: dict, previous: dict | None) -> list[Warning]:
    """Soft warnings: plausible but surprising answers that need a justification."""
    found = []
    shares = [answers.get(v) for v in SHARES if definition.question(v) is not None]
    total = sum(s for s in shares if isinstance(s, (int, float)))
    if total > 100:
        found.append(Warning("shares_over_100", SHARES[0], _l(
            "Les parts des ressources totalisent %(total)s %% : plus de 100 %%.", total=_fmt(total))))
    founding, current = answers.get("founding_members"), answers.get("current_members")
    if isinstance(founding, int) and isinstance(current, int) and current < founding:
        found.append(Warning("members_below_founding", "current_members", _l(
            "Le PTCE compte moins de membres (%(now)s) qu'à sa création (%(then)s).",
            now=current, then=founding)))
    for q in definition.questions():
        old, new = (previous or {}).get(q.var), answers.get(q.var)
        if not q.compare or not isinstance(old, (int, float)) or not isinstance(new, (int, float)):
            continue
        if abs(new - old) > TREND_MIN_GAP and (new > old * TREND_FACTOR or new * TREND_FACTOR < old):
            found.append(Warning(f"trend_{q.var}", q.var, _l(
                "« %(label)s » : %(new)s, loin de la dernière valeur validée (%(old)s).",
                label=q.label, new=_fmt(new), old=_fmt(old))))
    return found


def depends_on(code: str) -> tuple[str, ...]:
    """The answers a warning is computed from: when one changes, its justification no longer holds."""
    if code == "shares_over_100":
        return SHARES
    if code == "members_below_founding":
        return ("founding_members", "current_members")
    if code.startswith("trend_"):
        return (code.removeprefix("trend_"),)
    return ()


def stale_justifications(old_answers: dict, new_answers: dict, old: dict, given: dict) -> set[str]:
    """Codes whose justification must go: a value it justified changed and the text was left as it was.

    The answer form posts the stored justification back unchanged, so 300 → 30 would
    otherwise keep « 300 emplois ». A text edited in the same save is the person's new
    justification and stays.
    """
    stale = set()
    for code, text in given.items():
        changed = any(old_answers.get(var) != new_answers.get(var) for var in depends_on(code))
        if changed and (text or "").strip() == (old.get(code) or "").strip():
            stale.add(code)
    return stale


def unjustified(found: list[Warning], justifications: dict) -> list[Warning]:
    return [w for w in found if len((justifications.get(w.code) or "").strip()) < JUSTIFICATION_MIN]
