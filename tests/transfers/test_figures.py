"""Region figures for a period; a cross-region cycle counts once in each region involved."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from cellule.blueprints.transfers.figures import region_figures
from cellule.blueprints.transfers.models import Side
from cellule.blueprints.transfers.session_models import CycleAssessment, SessionMode, TransferSession
from cellule.extensions import db

MARCH = datetime(2025, 3, 10, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def cycles(world, make_cycle):
    local = make_cycle("closed", title="Local")
    local.created_at, local.started_at, local.closed_at = MARCH, MARCH + timedelta(days=2), MARCH + timedelta(days=20)
    local.topics = ["governance", "hr"]
    db.session.add_all([
        CycleAssessment(cycle=local, side=Side.MENTOR, goals_met=5, hours=10, transferred="x"),
        CycleAssessment(cycle=local, side=Side.MENTEE, goals_met=2, hours=6.5, transferred="y"),
        TransferSession(cycle=local, title="S1", starts_at=MARCH + timedelta(days=5),
                        ends_at=MARCH + timedelta(days=5, hours=3), mode=SessionMode.ON_SITE),
        TransferSession(cycle=local, title="Annulée", starts_at=MARCH + timedelta(days=6),
                        ends_at=MARCH + timedelta(days=6, hours=3), mode=SessionMode.ON_SITE,
                        cancelled_at=MARCH),
    ])
    cross = make_cycle("active", mentees=[world.far_mentee, world.mentee], title="Interrégional",
                       topic="sector", sector="energy")
    cross.created_at, cross.started_at = MARCH, MARCH + timedelta(days=1)
    proposal = make_cycle("proposed", title="Proposé")
    proposal.created_at = MARCH
    db.session.commit()
    return local, cross, proposal


def test_figures_of_a_region(world, cycles):
    figures = region_figures(world.hdf, date(2025, 3, 1), date(2025, 3, 31))
    assert figures == {
        "transfers_cycles_proposed": 3,
        "transfers_cycles_opened": 2,
        "transfers_cycles_active": 2,
        "transfers_cycles_closed": 1,
        "transfers_cycles_abandoned": 0,
        "transfers_sessions_held": 1,
        "transfers_session_hours": 3.0,
        "transfers_hours": 16.5,
        "transfers_topics_covered": 3,  # governance, hr, sector:energy
        "transfers_assessments": 2,
        "transfers_assessment_mean": 3.5,
    }


def test_cross_region_cycle_counts_once_in_each_region(world, cycles):
    reunion = region_figures(world.reunion, date(2025, 3, 1), date(2025, 3, 31))
    assert (reunion["transfers_cycles_proposed"], reunion["transfers_cycles_active"]) == (1, 1)
    assert reunion["transfers_cycles_closed"] == 0 and reunion["transfers_assessment_mean"] == 0.0
    assert region_figures(world.hdf, date(2025, 3, 1), date(2025, 3, 31))["transfers_cycles_opened"] == 2
    bretagne = region_figures(world.foreigner.memberships[0].region, date(2025, 3, 1), date(2025, 3, 31))
    assert set(bretagne.values()) == {0}


def test_the_period_is_read_in_the_regions_time_zone(world, cycles):
    # Nothing started in February; the whole of March and April hold the same cycles.
    assert region_figures(world.hdf, date(2025, 2, 1), date(2025, 2, 28))["transfers_cycles_active"] == 0
    april = region_figures(world.hdf, date(2025, 4, 1), date(2025, 4, 30))
    assert april["transfers_cycles_active"] == 1  # the local one closed on 30 March
    assert april["transfers_cycles_closed"] == 0
    # 23:30 on 9 March in La Réunion is still 9 March there, but 19:30 UTC.
    local, cross, _ = cycles
    cross.started_at = datetime(2025, 3, 9, 19, 30, tzinfo=timezone.utc)
    db.session.commit()
    assert region_figures(world.reunion, date(2025, 3, 9), date(2025, 3, 9))["transfers_cycles_opened"] == 1
    assert region_figures(world.reunion, date(2025, 3, 10), date(2025, 3, 10))["transfers_cycles_opened"] == 0
