"""A region's extra questions edited one at a time (the coordinator's form-based editor).

Every change rebuilds the whole extension definition and saves it through
``services.set_extension``: the pydantic models of ``definition.py`` stay the only
judge of what is valid (codes, choices, bounds, uniqueness against the national
questionnaire), and nothing is saved when they refuse. Functions flush, never commit.
"""
from __future__ import annotations

import copy
import re
import unicodedata

import sqlalchemy as sa

from ...extensions import db
from ..directory.models import Region
from . import regional_checks, services
from .definition import DefinitionError
from .models import Campaign, RegionExtension, Response

# Stored content shown to PTCE, in French like the national questionnaire's definition.
TITLE = "Questions régionales"
SECTION = {"code": "regional", "title": TITLE}
_SMALL_WORDS = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "par",
                "pour", "sur", "un", "une"}


class Refused(DefinitionError):
    """The definition refused a change; ``at`` locates the edited question, ``data`` is what was refused."""

    def __init__(self, errors: list[dict], data: dict, at: tuple[int, int] | None = None):
        super().__init__([e["msg"] for e in errors], errors)
        self.data, self.at = data, at

    def question(self, var: str | None, but: tuple[int, int] | None = None) -> dict | None:
        """The refused definition's question with code ``var`` (other than the one at ``but``)."""
        for s, section in enumerate(self.data.get("sections", [])):
            for i, q in enumerate(section.get("questions", [])):
                if q.get("var") == var and (s, i) != but:
                    return q
        return None

    def question_at(self, loc) -> dict | None:
        """The refused definition's question an error location points into, if any."""
        if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "questions":
            try:
                return self.data["sections"][loc[1]]["questions"][loc[3]]
            except (IndexError, KeyError, TypeError):
                return None
        return None


# -- reading --------------------------------------------------------------------
def definition_of(ext: RegionExtension | None) -> dict:
    """A working copy of the extension's definition (an empty one when there is none yet)."""
    if ext is None:
        return {"title": TITLE, "sections": []}
    return copy.deepcopy(ext.definition)


def find(data: dict, var: str) -> tuple[int, int] | None:
    """(section index, question index) of a regional question, or None."""
    for s, section in enumerate(data["sections"]):
        for i, q in enumerate(section["questions"]):
            if q["var"] == var:
                return s, i
    return None


def taken_codes(campaign: Campaign, data: dict, but: str | None = None) -> set[str]:
    """Variable codes already used by the national questionnaire and the region's questions."""
    national = {q.var for q in campaign.questionnaire.parsed.questions()}
    regional = {q["var"] for section in data["sections"] for q in section["questions"]}
    return (national | regional) - ({but} if but else set())


def answered(campaign: Campaign, region: Region) -> dict[str, int]:
    """How many of the region's PTCE have answered each variable (one query)."""
    counts: dict[str, int] = {}
    for answers in db.session.scalars(sa.select(Response.answers).where(
            Response.campaign_id == campaign.id, Response.region_id == region.id)):
        for var in answers or {}:
            counts[var] = counts.get(var, 0) + 1
    return counts


def previous_extension(campaign: Campaign, region: Region) -> RegionExtension | None:
    """The region's questions of its latest earlier campaign that had some."""
    earlier = sa.or_(Campaign.year < campaign.year, sa.and_(Campaign.year == campaign.year,
                                                            Campaign.id < campaign.id))
    return db.session.scalar(
        sa.select(RegionExtension).join(Campaign, RegionExtension.campaign_id == Campaign.id)
        .where(RegionExtension.region_id == region.id, earlier)
        .order_by(Campaign.year.desc(), Campaign.id.desc()).limit(1))


# -- codes ------------------------------------------------------------------------
def suggest_code(text: str, taken: set[str], fallback: str = "question", limit: int = 40) -> str:
    """A free variable code derived from a label: "Nombre de tiers-lieux animés" → nombre_tiers_lieux_animes."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    words = [w for w in words if w not in _SMALL_WORDS] or words
    code = ""
    for word in words:
        if len(code) + len(word) + (1 if code else 0) > limit:
            break
        code = f"{code}_{word}" if code else word
    code = code or (words[0][:limit] if words else "")
    if not code:
        code = fallback
    elif not code[0].isalpha():
        code = f"{fallback[0]}_{code}"[:limit]
    base, n = code, 2
    while code in taken:
        suffix = f"_{n}"
        code, n = base[:limit - len(suffix)] + suffix, n + 1
    return code


# -- changes ----------------------------------------------------------------------
def save_question(campaign: Campaign, region: Region, fields: dict, var: str | None = None,
                  persist: bool = True) -> RegionExtension | None:
    """Add a question (``var`` None) at the end, or change the question ``var``.

    Keys of ``fields`` set to None are removed; keys absent (``show_if``, ``columns``,
    ``compare``, ``introduced_in`` …) are kept as they were. Raises LookupError for an
    unknown ``var`` and Refused, listing every refusal it can find, when the resulting
    definition is invalid. With ``persist`` False the change is only checked.
    """
    data = definition_of(services.extension(campaign, region))
    if var is None:
        if not data["sections"]:
            data["sections"].append({**SECTION, "questions": []})
        at = (len(data["sections"]) - 1, len(data["sections"][-1]["questions"]))
        data["sections"][-1]["questions"].append({})
    else:
        at = find(data, var)
        if at is None:
            raise LookupError(var)
    questions = data["sections"][at[0]]["questions"]
    merged = {**questions[at[1]], **fields}
    questions[at[1]] = {k: v for k, v in merged.items() if v is not None}
    if not persist:
        try:
            services.check_extension(campaign, data)
        except DefinitionError as exc:
            raise Refused(regional_checks.every_refusal(campaign, exc, data, at), data, at) from None
        return None
    return _save(campaign, region, data, at)


def delete_question(campaign: Campaign, region: Region, var: str) -> RegionExtension | None:
    """Remove a question (the extension itself goes with its last question)."""
    ext = services.extension(campaign, region)
    data = definition_of(ext)
    at = find(data, var)
    if at is None:
        raise LookupError(var)
    del data["sections"][at[0]]["questions"][at[1]]
    _drop_empty(data)
    if not data["sections"]:
        db.session.delete(ext)
        db.session.flush()
        return None
    return _save(campaign, region, data)


def move_question(campaign: Campaign, region: Region, var: str, step: int) -> bool:
    """Move a question one place up (``step`` -1) or down (+1) in the order PTCE see.

    At the edge of a section it crosses into the neighbouring one. Returns False when
    the question is already first (or last). Raises Refused when a display condition
    would then refer to a later question.
    """
    data = definition_of(services.extension(campaign, region))
    at = find(data, var)
    if at is None:
        raise LookupError(var)
    s, i = at
    sections = data["sections"]
    questions = sections[s]["questions"]
    j = i + step
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
    elif 0 <= s + step < len(sections):
        q = questions.pop(i)
        target = sections[s + step]["questions"]
        target.insert(len(target) if step < 0 else 0, q)
        _drop_empty(data)
    else:
        return False
    _save(campaign, region, data)
    return True


def copy_previous(campaign: Campaign, region: Region) -> tuple[list[str], list[str]]:
    """Append the region's questions of its previous campaign; returns (codes added, codes skipped).

    Questions whose code is already used (by the national questionnaire or by a question
    of this campaign) are skipped. With no question yet, the previous sections are kept.
    """
    previous = previous_extension(campaign, region)
    if previous is None:
        return [], []
    data = definition_of(services.extension(campaign, region))
    taken = taken_codes(campaign, data)
    added, skipped = [], []
    incoming = definition_of(previous)["sections"]
    for section in incoming:
        keep = []
        for q in section["questions"]:
            (skipped if q["var"] in taken else added).append(q["var"])
            if q["var"] not in taken:
                keep.append(q)
        section["questions"] = keep
    if not added:
        return added, skipped
    if not data["sections"]:
        data["title"], data["sections"] = previous.definition["title"], incoming
        _drop_empty(data)
    else:
        data["sections"][-1]["questions"] += [q for section in incoming for q in section["questions"]]
    _save(campaign, region, data)
    return added, skipped


def _drop_empty(data: dict) -> None:
    data["sections"] = [s for s in data["sections"] if s["questions"]]


def _save(campaign: Campaign, region: Region, data: dict, at: tuple[int, int] | None = None) -> RegionExtension:
    try:
        return services.set_extension(campaign, region, data)
    except DefinitionError as exc:
        raise Refused(regional_checks.every_refusal(campaign, exc, data, at), data, at) from None
