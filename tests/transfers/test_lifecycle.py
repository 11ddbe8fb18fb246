"""The cycle lifecycle: legal moves, every illegal move raising, and the emails of each step."""
from __future__ import annotations

import pytest

from cellule.blueprints.transfers import services
from cellule.blueprints.transfers.models import CycleStatus, NeedStatus, Side
from cellule.extensions import db
from cellule.lifecycle import IllegalTransition

MOVES = {
    "accept_mentor": lambda c, w: c.accept(Side.MENTOR, w.mentor_referent),
    "accept_mentee": lambda c, w: c.accept(Side.MENTEE, w.mentee_referent),
    "start": lambda c, w: c.start(),
    "close": lambda c, w: c.close(),
    "abandon": lambda c, w: c.abandon("Plus de disponibilité"),
}
LEGAL = {
    "proposed": {"accept_mentor", "accept_mentee", "abandon"},
    "accepted": {"start", "abandon"},
    "active": {"close", "abandon"},
    "closed": set(),
    "abandoned": set(),
}


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def _cycle_in(status, make_cycle):
    if status == "abandoned":
        cycle = make_cycle("active")
        cycle.abandon("Raison")
        db.session.commit()
        return cycle
    return make_cycle(status)


@pytest.mark.parametrize("status", list(LEGAL))
@pytest.mark.parametrize("move", list(MOVES))
def test_every_move_from_every_state(ctx, world, make_cycle, status, move):
    cycle = _cycle_in(status, make_cycle)
    before = cycle.status
    if move in LEGAL[status]:
        MOVES[move](cycle, world)
    else:
        with pytest.raises(IllegalTransition):
            MOVES[move](cycle, world)
        assert cycle.status is before


def test_acceptance_needs_both_sides_and_records_who_and_when(ctx, world, make_cycle):
    cycle = make_cycle()
    assert cycle.accept(Side.MENTEE, world.mentee_referent) is False
    assert cycle.status is CycleStatus.PROPOSED
    with pytest.raises(IllegalTransition):
        cycle.accept(Side.MENTEE, world.mentee_referent)  # the same side twice
    assert cycle.accept(Side.MENTOR, world.mentor_referent) is True
    assert cycle.status is CycleStatus.ACCEPTED
    assert cycle.mentor_accepted_by_id == world.mentor_referent.id
    assert cycle.mentee_accepted_by_id == world.mentee_referent.id
    assert cycle.mentor_accepted_at and cycle.mentee_accepted_at


def test_abandon_needs_a_reason(ctx, make_cycle):
    cycle = make_cycle("active")
    with pytest.raises(IllegalTransition):
        cycle.abandon("   ")
    cycle.abandon("  Le mentor a fermé  ")
    assert (cycle.status, cycle.abandon_reason) == (CycleStatus.ABANDONED, "Le mentor a fermé")


def test_each_step_emails_both_referents_in_french(ctx, world, make_cycle, outbox):
    cycle = make_cycle()
    referents = {world.mentor_referent.email, world.mentee_referent.email}
    proposal = outbox()
    assert {m.recipient for m in proposal} == referents
    assert all(m.subject == "Proposition de cycle de transfert : Cycle de test" for m in proposal)
    assert world.mentee_member.email not in {m.recipient for m in proposal}

    assert services.accept_cycle(cycle, world.mentor_referent) is Side.MENTOR
    assert services.accept_cycle(cycle, world.mentee_referent) is Side.MENTEE
    services.start_cycle(cycle)
    services.close_cycle(cycle)
    db.session.commit()
    subjects = [m.subject for m in outbox(world.mentee_referent.email)]
    assert subjects == [
        "Proposition de cycle de transfert : Cycle de test",
        "Cycle de transfert accepté par une partie : Cycle de test",
        "Cycle de transfert accepté par les deux parties : Cycle de test",
        "Cycle de transfert démarré : Cycle de test",
        "Cycle de transfert clôturé : Cycle de test",
    ]
    assert "Merci d'évaluer le cycle" in outbox(world.mentor_referent.email)[-1].body_text
    assert cycle.need.status is NeedStatus.CLOSED


def test_abandon_emails_the_reason(ctx, world, make_cycle, outbox):
    cycle = make_cycle("accepted")
    services.abandon_cycle(cycle, "Calendrier incompatible")
    db.session.commit()
    last = outbox(world.mentor_referent.email)[-1]
    assert last.subject.startswith("Cycle de transfert abandonné")
    assert "Calendrier incompatible" in last.body_text
    assert cycle.need.status is NeedStatus.OPEN  # back in the list of needs waiting for a mentor


def test_a_referent_cannot_accept_for_a_side_they_do_not_hold(ctx, world, make_cycle):
    cycle = make_cycle()
    with pytest.raises(IllegalTransition):
        services.accept_cycle(cycle, world.mentee_member)  # a member, not a referent
    with pytest.raises(IllegalTransition):
        services.accept_cycle(cycle, world.far_referent)


def test_one_assessment_per_side_and_only_when_closed(ctx, world, make_cycle):
    cycle = make_cycle("active")
    with pytest.raises(IllegalTransition):
        services.assess(cycle, world.mentee_referent, goals_met=4, transferred="x", hours=3)
    cycle.close()
    services.assess(cycle, world.mentee_referent, goals_met=4, transferred="Statuts", hours=3)
    db.session.commit()
    with pytest.raises(IllegalTransition):
        services.assess(cycle, world.mentee_member, goals_met=2, transferred="encore", hours=1)
    services.assess(cycle, world.mentor_referent, goals_met=5, transferred="Statuts", hours=6)
    db.session.commit()
    assert sorted((a.side.value, a.goals_met) for a in cycle.assessments) == [("mentee", 4), ("mentor", 5)]
    with pytest.raises(ValueError):
        services.assess(make_cycle("closed", title="Autre"), world.mentee_referent, goals_met=6,
                        transferred="x", hours=1)
