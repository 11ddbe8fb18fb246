"""The region home's lists and the collection progress counts read bounded index ranges, never a whole
large table (issue 20).

Each list's statements are captured with their parameters and explained on the test
database: SQLite's EXPLAIN QUERY PLAN must not ``SCAN`` a large table (a full table or
full index walk), PostgreSQL's plan (sequential scans disabled, so that the empty test
tables do not make one the cheapest) must hold no ``Seq Scan`` of one. The tables are
empty: the planner's choice then depends on the indexes and the query's shape alone,
which is what keeps the cost flat as the data grows.
"""
from __future__ import annotations

import json
import re
from types import SimpleNamespace
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from cellule.extensions import db

LARGE = ("calendar_event", "visit", "visit_registration", "resource_sheet", "collection_response")
NOW = datetime(2026, 12, 5, 9, tzinfo=timezone.utc)


def captured(work, tables=LARGE) -> list[tuple[str, object]]:
    """The statements ``work`` runs that read one of ``tables`` (default: the large ones), with their parameters."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        work()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return [(s, p) for s, p in seen if any(re.search(rf"\b{t}\b", s) for t in tables)]


@pytest.fixture(autouse=True)
def no_statistics(app):
    """The plans explained here owe nothing to statistics: a test that ran ``ANALYZE`` before
    (the bench data generator does) leaves SQLite's ``sqlite_stat1`` behind in the test
    database, and with it the planner's choice; a new database has none."""
    with db.engine.begin() as conn:
        if conn.dialect.name == "sqlite" and sa.inspect(conn).has_table("sqlite_stat1"):
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")
            conn.exec_driver_sql("ANALYZE sqlite_schema")  # reloads the (now empty) statistics
    yield


RANGE = re.compile(rf"\b(?:{'|'.join(LARGE)})(?:_\d+)?\.\w+ (?:>|<|>=|<=) ")
BLOCKS = ("LIST SUBQUERY", "CO-ROUTINE", "SCALAR SUBQUERY", "CORRELATED", "MATERIALIZE", "COMPOUND")


def postgresql_plan(statement: str, parameters) -> list:
    """PostgreSQL's plan (JSON) of a statement with sequential scans and sorts made the dearest: one left
    then means no index serves the read, or gives the order."""
    conn = db.session.connection()
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_sort = off")
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
    return json.loads(plan) if isinstance(plan, str) else plan


def full_scans(statement: str, parameters) -> list[str]:
    """What in the statement's plan reads a large table whole or beyond its bounded range.

    Flagged: a full scan; a range of the query filtered row by row instead of bounding the
    index range (every row of the region read); a sort of every matching row (no index
    gives the order). Primary-key lookups are bounded.
    """
    conn = db.session.connection()
    ranged = bool(RANGE.search(statement))
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        found = [r[3] for r in rows if re.match(rf"SCAN ({'|'.join(LARGE)})\b", r[3])]
        searches = [r for r in rows if re.match(rf"SEARCH ({'|'.join(LARGE)})\b", r[3])
                    and "PRIMARY KEY" not in r[3]]
        if ranged:
            found += [r[3] for r in searches if not re.search(r"[<>]", r[3])]
        children: dict[int, list] = {}
        for r in rows:
            children.setdefault(r[1], []).append(r)

        def block(parent: int) -> list:  # the rows of one query block (subqueries excluded)
            out = []
            for r in children.get(parent, []):
                if not r[3].startswith(BLOCKS):
                    out += [r, *block(r[0])]
            return out

        for sort in (r for r in rows if r[3] == "USE TEMP B-TREE FOR ORDER BY"):
            found += [r[3] for r in block(sort[1]) if r in searches]
        return found
    plan = postgresql_plan(statement, parameters)
    found = []

    def walk(node, sorting: bool):
        kind, children = node.get("Node Type"), node.get("Plans", [])
        relation, index = node.get("Relation Name"), node.get("Index Name", "")
        if relation in LARGE and not index.startswith("pk_"):
            cond = node.get("Index Cond", "") + node.get("Recheck Cond", "")
            if kind == "Seq Scan" or (kind.endswith("Index Scan") and not cond):
                found.append(f"{kind} on {relation} (whole)")
            elif ranged and not re.search(r"[<>]", cond) and re.search(r"[<>]", node.get("Filter", "")):
                found.append(f"{kind} on {relation}: range filtered row by row ({node.get('Filter')})")
            elif sorting:
                found.append(f"{kind} on {relation}: every match sorted")
        if kind == "Limit" and children and children[0].get("Node Type") != "Sort":
            sorting = False  # a limit over an ordered scan (ties sorted incrementally) reads what it returns
        if kind == "Sort":
            sorting = True
        if kind == "Aggregate":
            sorting = False  # a sort above an aggregate sorts its groups (the council's 18 regions), not the rows read
        for child in children:
            walk(child, sorting)

    walk(plan[0]["Plan"], False)
    return found


def sections(region, user=None):
    from cellule.blueprints.calendar import queries
    from cellule.blueprints.collection import progress
    from cellule.blueprints.resources import library
    from cellule.blueprints.visits import queries as visit_queries

    user = user or AnonymousUserMixin()
    return {
        "next events": lambda: queries.upcoming(queries.viewer_scope(user, region=region), limit=5, now=NOW),
        "next visits": lambda: visit_queries.region_list(region, upcoming=True, include_drafts=False, limit=3,
                                                         now=NOW),
        "latest sheets": lambda: library.latest(region, limit=5),
        # the council dashboard's progress table and a region's collection page
        "collection progress": lambda: progress.national_progress(SimpleNamespace(id=1)),
        "region progress": lambda: progress.region_counts([SimpleNamespace(id=1), SimpleNamespace(id=2)], region),
    }


@pytest.mark.parametrize("name", ["next events", "next visits", "latest sheets", "collection progress",
                                  "region progress"])
def test_home_lists_read_no_large_table_whole(app, name):
    from cellule.blueprints.directory.models import Region

    region = db.session.scalar(sa.select(Region).where(Region.slug == "bretagne"))
    statements = captured(sections(region)[name])
    assert statements, f"{name}: no statement reached the large tables"
    for statement, parameters in statements:
        assert full_scans(statement, parameters) == [], f"{name}:\n{statement}"


def test_next_events_of_a_member_read_both_visibilities_bounded(app, make_user, make_ptce):
    from cellule.blueprints.calendar import queries

    member = make_user("ptce_member", ptce=make_ptce("bretagne"))
    region = member.memberships[0].ptce.region
    scope = queries.viewer_scope(member, region=region)
    assert len(queries.region_branches(scope)) == 4  # region and national, public and members-only
    for statement, parameters in captured(lambda: queries.upcoming(scope, limit=5, now=NOW)):
        assert full_scans(statement, parameters) == [], statement


def test_the_check_catches_a_full_scan(app):
    """The helper is not blind: an unindexed filter on a large table is reported."""
    statements = captured(lambda: db.session.execute(sa.text("SELECT id FROM calendar_event WHERE title = 'x'")))
    assert full_scans(*statements[0])


def test_progress_counts_read_the_index_alone(app):
    """Counting a campaign's responses by region and status reads no table row (covering index)."""
    from cellule.blueprints.collection import progress

    statements = [(s, p) for s, p in captured(lambda: progress.national_progress(SimpleNamespace(id=1)))
                  if "collection_response" in s]
    assert len(statements) == 1
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        plan = " ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statements[0][0],
                                                          statements[0][1]).all())
        assert "USING COVERING INDEX ix_collection_response_campaign_region_status" in plan, plan
    else:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
        plan = "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + statements[0][0], statements[0][1]).all())
        # PostgreSQL picks between the two indexes led by campaign_id by the visibility map's state
        # (an index-only scan pays off once the table is vacuumed): what matters is no table scan.
        assert "Seq Scan" not in plan and "Index" in plan and "campaign" in plan, plan
