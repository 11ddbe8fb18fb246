"""Reading a questionnaire form and checking answers.

Hard errors (type, range, required) block submission; type and range errors
also block saving a draft, so no invalid value is ever stored. Soft warnings
(resource shares over 100 %, a value far from last year's) let the PTCE submit
once it has justified them; the reviewer then acknowledges each one.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .definition import Definition, Question
from .qtypes.numbers import bound_text as _fmt

SHARES = ("share_public_subsidies", "share_service_sales", "share_goods_sales",
          "share_membership_fees", "share_patronage")
JUSTIFICATION_MIN = 5
TREND_FACTOR = 2  # a value more than twice, or less than half, last year's
TREND_MIN_GAP = 3  # … and differing by more than this, so 1 → 3 jobs is no alarm


@dataclass(frozen=True)
class AnswerWarning:
    """A plausible but surprising answer: ``code`` names the rule, ``variable`` the question it shows at."""

    code: str
    variable: str
    message: str


def read_form(definition: Definition, formdata) -> tuple[dict, dict[str, str]]:
    """Typed answers from posted fields named after variables, and errors by field name.

    Each question's type reads it; a repeated block keeps its valid cells beside the errors of the others.
    """
    values: dict = {}
    errors: dict[str, str] = {}
    for q in definition.questions():
        value, refused = q.kind.read(q, formdata, q.var)
        errors.update(refused)
        if value is not None:
            values[q.var] = value
    return values, errors


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
        errors.update(q.kind.missing(q, answers.get(q.var)))
    return errors


def warnings(definition: Definition, answers: dict, previous: dict | None) -> list[AnswerWarning]:
    """Soft warnings: plausible but surprising answers that need a justification."""
    found = []
    shares = [answers.get(v) for v in SHARES if definition.question(v) is not None]
    total = sum(s for s in shares if isinstance(s, (int, float)))
    if total > 100:
        found.append(AnswerWarning("shares_over_100", SHARES[0], _l(
            "Les parts des ressources totalisent %(total)s %% : plus de 100 %%.", total=_fmt(total))))
    founding, current = answers.get("founding_members"), answers.get("current_members")
    if isinstance(founding, int) and isinstance(current, int) and current < founding:
        found.append(AnswerWarning("members_below_founding", "current_members", _l(
            "Le PTCE compte moins de membres (%(now)s) qu'à sa création (%(then)s).",
            now=current, then=founding)))
    for q in definition.questions():
        old, new = (previous or {}).get(q.var), answers.get(q.var)
        if not q.compare or not isinstance(old, (int, float)) or not isinstance(new, (int, float)):
            continue
        if abs(new - old) > TREND_MIN_GAP and (new > old * TREND_FACTOR or new * TREND_FACTOR < old):
            found.append(AnswerWarning(f"trend_{q.var}", q.var, _l(
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


def unjustified(found: list[AnswerWarning], justifications: dict) -> list[AnswerWarning]:
    return [w for w in found if len((justifications.get(w.code) or "").strip()) < JUSTIFICATION_MIN]
