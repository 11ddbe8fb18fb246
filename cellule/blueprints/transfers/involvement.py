"""The regions each cycle involves, kept on write (issue 20: the overview flat in data).

A cycle involves its lead region and the regions of its mentor and mentees (``TransferCycle.region_ids``).
The overview lists a region's cycles live ones first, then newest first, 20 a page; working that out
from the three sources read and sorted every cycle involving the region (10 at N=1, 98 at N=10). The
table ``transfer_cycle_region`` keeps one row per (region, cycle) with the cycle's place in that order
(``rank``: its status's place in ``CycleStatus``; ``created_at``), so a page is an index range read in
order and cut at the page's end (``ix_transfer_cycle_region_order``).

The rows are kept by a session hook, in the flush's transaction, whatever writes: a cycle added,
changed (status, lead region, mentor, mentees) or deleted, a PTCE moved to another region or deleted
(its cycles as mentee lose that region; as mentor, the database deletes them). Each affected cycle's
rows are written anew from the tables, so the hook never works out a difference. Bulk loaders
(benchmark data, test growers) call :func:`rebuild` once they have inserted.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..directory.models import Ptce
from .models import CycleRegion, CycleStatus, TransferCycle, cycle_mentee

# What of a cycle moves its rows (a relationship's change shows on its column only once flushed).
_MOVES = ("status", "region_id", "region", "mentor_id", "mentor", "mentees", "created_at")
# Where the hook keeps, between before_flush and after_flush, the cycles to write anew.
_PENDING = "transfers.involvement"


def rank():
    """SQL: a cycle's status's place in ``CycleStatus`` (live ones first), as ``CycleRegion.rank``."""
    return sa.case({s.value: i for i, s in enumerate(CycleStatus)}, value=TransferCycle.status)


def _regions(cycle_ids):
    """SQL: (cycle id, region id) of every region the cycles involve (all cycles for None), once each."""
    lead = sa.select(TransferCycle.id.label("cycle_id"), TransferCycle.region_id.label("region_id"))
    mentor = (sa.select(TransferCycle.id, Ptce.region_id).join(Ptce, Ptce.id == TransferCycle.mentor_id))
    mentees = (sa.select(cycle_mentee.c.cycle_id, Ptce.region_id).join(Ptce, Ptce.id == cycle_mentee.c.ptce_id))
    if cycle_ids is not None:
        lead = lead.where(TransferCycle.id.in_(cycle_ids))
        mentor = mentor.where(TransferCycle.id.in_(cycle_ids))
        mentees = mentees.where(cycle_mentee.c.cycle_id.in_(cycle_ids))
    return sa.union(lead, mentor, mentees).subquery()


def fill_statement(cycle_ids=None) -> sa.Insert:
    """INSERT … SELECT of the rows of ``cycle_ids`` (every cycle for None)."""
    pairs = _regions(cycle_ids)
    rows = (sa.select(pairs.c.cycle_id, pairs.c.region_id, rank(), TransferCycle.created_at)
            .join(TransferCycle, TransferCycle.id == pairs.c.cycle_id))
    return sa.insert(CycleRegion).from_select(["cycle_id", "region_id", "rank", "created_at"], rows)


def write(connection: sa.Connection, cycle_ids) -> None:
    """Write the rows of ``cycle_ids`` anew (a deleted cycle's are deleted).

    The cycles are locked first (PostgreSQL; SQLite has one writer at a time): a transaction writing
    the same cycle's rows waits for this one's commit, then deletes the rows it wrote, instead of
    missing them (its DELETE's snapshot) and inserting the same keys again."""
    ids = sorted(set(cycle_ids))
    for start in range(0, len(ids), 500):  # bounded IN lists
        part = ids[start:start + 500]
        connection.execute(sa.select(TransferCycle.id).where(TransferCycle.id.in_(part))
                           .order_by(TransferCycle.id).with_for_update())
        connection.execute(sa.delete(CycleRegion).where(CycleRegion.cycle_id.in_(part)))
        connection.execute(fill_statement(part))


def rebuild(connection: sa.Connection) -> None:
    """Every cycle's rows anew (bulk loaders, after inserting cycles and mentees without the ORM)."""
    connection.execute(sa.delete(CycleRegion))
    connection.execute(fill_statement())


# -- the session hook --------------------------------------------------------------------------------
def _changed(obj, names) -> bool:
    attrs = sa.inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _cycles_of(session: Session, ptce_ids: list[int]) -> set[int]:
    """The cycles the PTCE take part in, read before the flush changes them.

    The PTCE are locked first (PostgreSQL): a transaction adding one of them to a cycle holds a lock on
    it (its foreign key) until it commits, so the read that follows sees that cycle too."""
    connection = session.connection()
    connection.execute(sa.select(Ptce.id).where(Ptce.id.in_(ptce_ids)).order_by(Ptce.id).with_for_update())
    return set(connection.scalars(sa.union(
        sa.select(TransferCycle.id).where(TransferCycle.mentor_id.in_(ptce_ids)),
        sa.select(cycle_mentee.c.cycle_id).where(cycle_mentee.c.ptce_id.in_(ptce_ids)))))


@sa.event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context, instances) -> None:
    cycles = [obj for obj in session.new if isinstance(obj, TransferCycle)]
    cycles += [obj for obj in session.dirty if isinstance(obj, TransferCycle) and _changed(obj, _MOVES)]
    moved = [obj.id for obj in session.dirty if isinstance(obj, Ptce) and obj.id is not None
             and _changed(obj, ("region_id", "region"))]
    moved += [obj.id for obj in session.deleted if isinstance(obj, Ptce) and obj.id is not None]
    if not (cycles or moved):
        return
    pending = session.info.setdefault(_PENDING, {"cycles": [], "ids": set()})
    pending["cycles"].extend(cycles)
    if moved:
        pending["ids"] |= _cycles_of(session, moved)


@sa.event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is None:
        return
    ids = pending["ids"] | {cycle.id for cycle in pending["cycles"] if cycle.id is not None}
    if ids:
        write(session.connection(), ids)


@sa.event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
