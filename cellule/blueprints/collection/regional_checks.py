"""Every refusal of an edited regional question at once (``regional.Refused`` lists them for the editor)."""
from __future__ import annotations

import copy

from . import services
from .definition import DefinitionError
from .models import Campaign
from .qtypes.texts import ShortText

# Stand-ins for the edited question's refused values: pydantic checks a question's fields
# before its coherence (choices, bounds) and the whole definition (codes) last, so the
# check is run again with the refused values replaced, to report every mistake at once.
STAND_IN_CODE = "zz_stand_in"
_STAND_INS = {"var": STAND_IN_CODE, "label": "x", "help": "", "unit": None}
# The type that accepts any question without choices, bounds or columns: asking about a code alone.
STAND_IN_TYPE = ShortText.code


def every_refusal(campaign: Campaign, exc: DefinitionError, data: dict, at: tuple[int, int] | None) -> list[dict]:
    """Every refusal of a definition whose question at ``at`` was edited: ``exc``'s, then those its stand-ins reveal."""
    errors = list(exc.errors)
    if at is None:
        return errors
    where = ("sections", at[0], "questions", at[1])
    for _ in range(2):
        question, replaced = _stood_in(data["sections"][at[0]]["questions"][at[1]], errors, where)
        if not replaced:
            break
        patched = copy.deepcopy(data)
        patched["sections"][at[0]]["questions"][at[1]] = {k: v for k, v in question.items() if v is not None}
        new = _more_refusals(campaign, patched, errors, where, replaced)
        if not new:
            break
        errors += new
    return errors


def _stood_in(original: dict, errors: list[dict], where: tuple) -> tuple[dict, set]:
    """A copy of the question with stand-ins for the values ``errors`` refuse, and the places replaced."""
    question = copy.deepcopy(original)
    replaced = set()
    for err in errors:
        rest = _under(err, where) or ()
        if rest and rest[0] in _STAND_INS:
            question[rest[0]] = _STAND_INS[rest[0]]
            replaced.add(rest[:1])
        elif len(rest) == 3 and rest[0] == "choices" and isinstance(rest[1], int):
            question["choices"][rest[1]][rest[2]] = f"zz_{rest[1]}" if rest[2] == "code" else "x"
            replaced.add(rest[:3])
    if any(_under(err, where) == () for err in errors):
        # An incoherent question (choices, bounds) hides the code checks: ask about its code alone.
        question = {"var": question["var"], "label": "x", "type": STAND_IN_TYPE}
        replaced.add(())
    return question, replaced


def _more_refusals(campaign: Campaign, patched: dict, errors: list[dict], where: tuple, replaced: set) -> list[dict]:
    """The refusals of the patched definition that are about the person's values and not known yet."""
    try:
        services.check_extension(campaign, patched)
    except DefinitionError as more:
        return [e for e in more.errors if e not in errors and _news(e, where, replaced)]
    return []


def _under(err: dict, where: tuple) -> tuple | None:
    """The error's location inside the question at ``where`` (None when it is about something else)."""
    loc = tuple(err["loc"])
    return loc[len(where):] if loc[:len(where)] == where else None


def _news(err: dict, where: tuple, replaced: set) -> bool:
    """Whether a refusal of the re-run check is about the person's values rather than the stand-ins."""
    if () in replaced:
        return err["type"] == "var_duplicate"
    rest = _under(err, where)
    return not (rest and (rest[:3] in replaced or rest[:1] in replaced))
