"""The overview's « déclarer » buttons: ``queries.may_declare`` answers what ``declarable_ptce`` would
hold, for a PTCE's members from their roles alone (no statement), for coordinators from the region."""
from __future__ import annotations

import sqlalchemy as sa

from cellule.blueprints.transfers import queries
from cellule.extensions import db


def _statements(work) -> tuple[object, int]:
    seen = []

    def record(*args):
        seen.append(args)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        answer = work()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return answer, len(seen)


def test_may_declare_matches_the_declarable_ptce(app, world, region):
    bretagne = region("bretagne")
    cases = [(world.mentee_member, world.hdf), (world.far_referent, world.hdf), (world.far_referent, world.reunion),
             (world.bystander, world.hdf), (world.coordinator, world.hdf), (world.coordinator, world.reunion),
             (world.foreigner, bretagne), (world.reunion_coordinator, world.reunion)]
    for user, where in cases:
        expected = bool(queries.declarable_ptce(where, user))
        answer, statements = _statements(lambda: queries.may_declare(where, user))
        assert answer is expected, (user.email, where.slug)
        if not (user.is_council_admin or user.coordinates(where)):
            assert statements == 0, user.email  # a member: from their roles
    assert queries.may_declare(world.hdf, world.mentee_member) is True
    assert queries.may_declare(world.hdf, world.far_referent) is False
    assert queries.may_declare(bretagne, world.foreigner) is False  # Bretagne holds no PTCE here
