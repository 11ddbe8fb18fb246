"""Helpers shared by the transfers pages: loading a cycle, and a session of it."""
from __future__ import annotations

from flask import abort, g
from sqlalchemy.orm import selectinload

from ....loading import in_region_or_404
from ....permissions import ensure
from .. import session_services as sessions
from ..models import TransferCycle


def load_cycle(cycle_id: int):
    """A cycle involving the current region, else 404."""
    return in_region_or_404(g.region, TransferCycle, TransferCycle.id == cycle_id,
                            options=[selectinload(TransferCycle.assessments)])


def load_session(cycle_id: int, session_id: int, rule: str = "transfers_view_private"):
    """The cycle and one of its sessions, once the person passes ``rule`` for the cycle; else 404/403."""
    cycle = load_cycle(cycle_id)
    ensure(rule, cycle, region_id=g.region.id)
    session = sessions.load_session(session_id)
    if session is None or session.cycle_id != cycle.id:
        abort(404)
    return cycle, session
