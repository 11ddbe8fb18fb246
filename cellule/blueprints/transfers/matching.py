"""Ranking candidate mentor PTCE for a need: pure, deterministic, explained factor by factor.

Nothing here touches the database: ``services.candidates_for`` gathers plain
:class:`Candidate` values and :func:`rank` scores them. Each factor gives whole
points and a French sentence, so the page can show why a PTCE ranks where it does.

Factors and points:

* topic fit — an active offer on the exact topic (and sector, for sector
  know-how): 40; sector know-how offered for another sector: 10. PTCE with no
  active offer on the topic are not candidates;
* shared sectors with the PTCE in need — 5 each, at most 15;
* distance — same department 20, same region 10, another region 0;
* stage — consolidated 15, developing 5, emerging 0 (and ranked last);
  inactive PTCE are left out;
* current load — free share of the declared capacity, up to 10; a PTCE whose
  capacity is full scores 0 and is ranked last;
* past assessments — twice the mean goals-met score (0–5) of its closed cycles
  as mentor, up to 10.

Order: PTCE not ranked last first, then by score, then by name and id.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ...l10n import lazy_ngettext, lazy_number
from ..directory.reference import SECTORS, Stage
from .topics import SECTOR

TOPIC_EXACT, TOPIC_OTHER_SECTOR = 40, 10
SECTOR_POINTS, SECTOR_CAP = 5, 15
SAME_DEPARTMENT, SAME_REGION = 20, 10
STAGE_POINTS = {Stage.CONSOLIDATED: 15, Stage.DEVELOPING: 5, Stage.EMERGING: 0}
LOAD_MAX, ASSESSMENT_FACTOR = 10, 2


@dataclass(frozen=True)
class Offer:
    topic: str
    sector: str | None
    capacity: int
    active: bool = True


@dataclass(frozen=True)
class Seeker:
    """The PTCE in need and what it asks for."""

    ptce_id: int
    region_id: int
    department: str
    sectors: tuple[str, ...]
    topic: str
    sector: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A PTCE that might mentor, with what the ranking needs to know about it."""

    ptce_id: int
    name: str
    region_id: int
    department: str
    stage: Stage
    sectors: tuple[str, ...] = ()
    offers: tuple[Offer, ...] = ()
    live_cycles: int = 0              # cycles as mentor that are proposed, accepted or active
    past_scores: tuple[int, ...] = ()  # goals-met scores of its closed cycles as mentor


@dataclass(frozen=True)
class Factor:
    code: str
    points: int
    explanation: object  # a lazy French string


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: int
    factors: tuple[Factor, ...]
    last: bool = False

    @property
    def sort_key(self):
        return (self.last, -self.score, self.candidate.name.casefold(), self.candidate.ptce_id)


def _fitting_offers(seeker: Seeker, candidate: Candidate) -> tuple[list[Offer], list[Offer]]:
    active = [o for o in candidate.offers if o.active and o.topic == seeker.topic]
    if seeker.topic != SECTOR:
        return active, []
    exact = [o for o in active if o.sector == seeker.sector]
    return exact, [o for o in active if o.sector != seeker.sector]


def _topic(exact: list[Offer], other: list[Offer]) -> Factor:
    if exact:
        return Factor("topic", TOPIC_EXACT, _l("Offre active sur ce sujet."))
    sectors = ", ".join(str(SECTORS.get(o.sector, o.sector)) for o in other)
    return Factor("topic", TOPIC_OTHER_SECTOR,
                  _l("Offre de savoir-faire sectoriel, mais pour un autre secteur (%(sectors)s).",
                     sectors=sectors))


def _sectors(seeker: Seeker, candidate: Candidate) -> Factor:
    shared = [code for code in seeker.sectors if code in candidate.sectors]
    if not shared:
        return Factor("sectors", 0, _l("Aucun secteur d'activité en commun."))
    names = ", ".join(str(SECTORS.get(code, code)) for code in shared)
    return Factor("sectors", min(SECTOR_POINTS * len(shared), SECTOR_CAP),
                  _l("Secteurs en commun (%(num)s) : %(names)s.", num=len(shared), names=names))


def _distance(seeker: Seeker, candidate: Candidate) -> Factor:
    if candidate.region_id == seeker.region_id and candidate.department == seeker.department:
        return Factor("distance", SAME_DEPARTMENT, _l("Même département."))
    if candidate.region_id == seeker.region_id:
        return Factor("distance", SAME_REGION, _l("Même région, autre département."))
    return Factor("distance", 0, _l("Autre région."))


def _stage(candidate: Candidate) -> Factor:
    points = STAGE_POINTS[candidate.stage]
    if candidate.stage is Stage.CONSOLIDATED:
        return Factor("stage", points, _l("PTCE consolidé."))
    if candidate.stage is Stage.DEVELOPING:
        return Factor("stage", points, _l("PTCE en développement."))
    return Factor("stage", points, _l("PTCE émergent : classé après les PTCE plus avancés."))


def _load(candidate: Candidate, capacity: int) -> Factor:
    free = capacity - candidate.live_cycles
    if free <= 0:
        return Factor("load", 0, lazy_ngettext(
            "Capacité atteinte : %(num)s cycle en cours pour %(cap)s par an déclaré(s) ; classé en dernier.",
            "Capacité atteinte : %(num)s cycles en cours pour %(cap)s par an déclaré(s) ; classé en dernier.",
            candidate.live_cycles, cap=capacity))
    return Factor("load", round(LOAD_MAX * free / capacity),
                  lazy_ngettext("%(num)s cycle en cours pour une capacité de %(cap)s par an.",
                                "%(num)s cycles en cours pour une capacité de %(cap)s par an.",
                                candidate.live_cycles, cap=capacity))


def _assessments(candidate: Candidate) -> Factor:
    if not candidate.past_scores:
        return Factor("assessments", 0, _l("Pas encore de cycle évalué comme mentor."))
    mean = sum(candidate.past_scores) / len(candidate.past_scores)
    return Factor("assessments", round(ASSESSMENT_FACTOR * mean),
                  lazy_ngettext("Objectifs atteints en moyenne à %(mean)s/5 sur %(num)s évaluation passée.",
                                "Objectifs atteints en moyenne à %(mean)s/5 sur %(num)s évaluations passées.",
                                len(candidate.past_scores), mean=lazy_number(mean, 1)))


def score(seeker: Seeker, candidate: Candidate) -> Ranked | None:
    """Score one candidate, or None when it cannot mentor this need."""
    if candidate.ptce_id == seeker.ptce_id or candidate.stage is Stage.INACTIVE:
        return None
    exact, other = _fitting_offers(seeker, candidate)
    if not exact and not other:
        return None
    capacity = sum(max(o.capacity, 0) for o in (exact or other))
    factors = (_topic(exact, other), _sectors(seeker, candidate), _distance(seeker, candidate),
               _stage(candidate), _load(candidate, capacity), _assessments(candidate))
    full = candidate.live_cycles >= capacity
    return Ranked(candidate, sum(f.points for f in factors), factors,
                  last=full or candidate.stage is Stage.EMERGING)


def rank(seeker: Seeker, candidates: list[Candidate]) -> list[Ranked]:
    """The candidates able to mentor this need, best first; the order never depends on input order."""
    scored = [r for r in (score(seeker, c) for c in candidates) if r is not None]
    return sorted(scored, key=lambda r: r.sort_key)
