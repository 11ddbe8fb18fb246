"""The ranking of candidate mentors, on crafted cases: each factor moves it, ties are stable."""
from __future__ import annotations

import dataclasses
import random

import pytest

from cellule.blueprints.directory.reference import Stage
from cellule.blueprints.transfers.matching import Candidate, Offer, Seeker, rank, score

SEEKER = Seeker(ptce_id=1, region_id=32, department="60", sectors=("employment", "solidarity"),
                topic="governance")
BASE = Candidate(ptce_id=10, name="Base", region_id=32, department="59", stage=Stage.CONSOLIDATED,
                 sectors=(), offers=(Offer("governance", None, 2),))


def cand(ptce_id: int, name: str, **changes) -> Candidate:
    return dataclasses.replace(BASE, ptce_id=ptce_id, name=name, **changes)


def names(ranked) -> list[str]:
    return [r.candidate.name for r in ranked]


def points(ranked_item, code: str) -> int:
    return next(f.points for f in ranked_item.factors if f.code == code)


def test_without_an_active_offer_on_the_topic_a_ptce_is_not_a_candidate():
    ranked = rank(SEEKER, [
        cand(11, "Fits"),
        cand(12, "Other topic", offers=(Offer("hr", None, 2),)),
        cand(13, "Inactive offer", offers=(Offer("governance", None, 2, active=False),)),
        cand(14, "Inactive PTCE", stage=Stage.INACTIVE),
        cand(1, "The seeker itself"),
    ])
    assert names(ranked) == ["Fits"]


def test_exact_sector_beats_another_sector_for_sector_know_how():
    seeker = dataclasses.replace(SEEKER, topic="sector", sector="energy")
    ranked = rank(seeker, [cand(11, "A other sector", offers=(Offer("sector", "culture", 2),)),
                           cand(12, "B exact sector", offers=(Offer("sector", "energy", 2),))])
    assert names(ranked) == ["B exact sector", "A other sector"]
    assert points(ranked[0], "topic") - points(ranked[1], "topic") == 30


def test_shared_sectors_move_the_ranking_and_are_capped():
    ranked = rank(SEEKER, [cand(11, "A none"), cand(12, "B one", sectors=("employment",)),
                           cand(13, "C two", sectors=("employment", "solidarity", "energy"))])
    assert names(ranked) == ["C two", "B one", "A none"]
    assert [points(r, "sectors") for r in ranked] == [10, 5, 0]
    many = Seeker(1, 32, "60", ("employment", "solidarity", "energy", "culture"), "governance")
    capped = score(many, cand(14, "D four", sectors=many.sectors))
    assert points(capped, "sectors") == 15


def test_distance_same_department_then_region_then_elsewhere():
    ranked = rank(SEEKER, [cand(11, "A other region", region_id=84, department="60"),
                           cand(12, "B same region", department="02"),
                           cand(13, "C same department", department="60")])
    assert names(ranked) == ["C same department", "B same region", "A other region"]
    assert [points(r, "distance") for r in ranked] == [20, 10, 0]


def test_stage_consolidated_before_developing_and_emerging_last():
    ranked = rank(SEEKER, [
        cand(11, "A emerging", stage=Stage.EMERGING, department="60", sectors=("employment", "solidarity")),
        cand(12, "B developing", stage=Stage.DEVELOPING),
        cand(13, "C consolidated"),
    ])
    assert names(ranked) == ["C consolidated", "B developing", "A emerging"]
    # The emerging one scores more than the developing one, yet comes last.
    assert ranked[2].score > ranked[1].score and ranked[2].last


def test_load_against_capacity_and_full_capacity_ranks_last():
    ranked = rank(SEEKER, [
        cand(11, "A full", offers=(Offer("governance", None, 2),), live_cycles=2, department="60",
             sectors=("employment", "solidarity")),
        cand(12, "B busy", offers=(Offer("governance", None, 4),), live_cycles=3),
        cand(13, "C free", offers=(Offer("governance", None, 4),), live_cycles=0),
    ])
    assert names(ranked) == ["C free", "B busy", "A full"]
    assert [points(r, "load") for r in ranked] == [10, 2, 0]
    assert ranked[2].last and not ranked[0].last


def test_zero_capacity_counts_as_full():
    ranked = rank(SEEKER, [cand(11, "A zero", offers=(Offer("governance", None, 0),)), cand(12, "B one")])
    assert names(ranked) == ["B one", "A zero"]


def test_past_assessments_raise_the_score():
    ranked = rank(SEEKER, [cand(11, "A never assessed"), cand(12, "B poor", past_scores=(1, 2)),
                           cand(13, "C good", past_scores=(5, 4))])
    assert names(ranked) == ["C good", "B poor", "A never assessed"]
    assert [points(r, "assessments") for r in ranked] == [9, 3, 0]


def test_ties_are_broken_by_name_then_id_whatever_the_input_order():
    tied = [cand(30, "Bravo"), cand(20, "alpha"), cand(25, "Alpha"), cand(10, "Charlie")]
    expected = ["alpha", "Alpha", "Bravo", "Charlie"]
    for seed in range(5):
        shuffled = tied[:]
        random.Random(seed).shuffle(shuffled)
        ranked = rank(SEEKER, shuffled)
        assert names(ranked) == expected
        assert [r.candidate.ptce_id for r in ranked][:2] == [20, 25]
    assert len({r.score for r in rank(SEEKER, tied)}) == 1


def test_score_is_the_sum_of_explained_factors(app):
    with app.test_request_context():
        ranked = score(SEEKER, cand(11, "A", department="60", sectors=("employment",), past_scores=(4,)))
        texts = {f.code: str(f.explanation) for f in ranked.factors}
    assert ranked.score == sum(f.points for f in ranked.factors) == 40 + 5 + 20 + 15 + 10 + 8
    assert texts["distance"] == "Même département."
    assert "Emploi" in texts["sectors"]
    assert "4,0/5" in texts["assessments"]


@pytest.mark.parametrize("stage", [Stage.INACTIVE])
def test_inactive_ptce_are_left_out(stage):
    assert score(SEEKER, cand(11, "A", stage=stage)) is None
