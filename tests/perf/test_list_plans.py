"""The list pages read one bounded index range per list, never a large table whole (issue 20):
the month's list of an agenda (national, filtered, regional, as a member) and a region's visits
(upcoming and past) and the inter-regional visits, explained on both databases with the checks
of ``test_home_plans``."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from cellule.extensions import db

from .test_home_plans import NOW, captured, full_scans, no_statistics  # noqa: F401 (autouse fixture)


def lists(region, regions, member):
    from cellule.blueprints.calendar import month_queries, presenting, queries
    from cellule.blueprints.visits import queries as visit_queries

    visitor = AnonymousUserMixin()
    month = (date(2026, 12, 1), date(2027, 1, 1))

    def agenda(user, scope_region=None, region_filter=None):
        scope = queries.viewer_scope(user, region=scope_region, region_filter=region_filter)
        one = scope_region or region_filter
        zones = presenting.zones([one] if one else regions, national=scope.national)
        return lambda: month_queries.month_page(scope, zones, *month, limit=51, offset=50)

    return {
        "national agenda list": agenda(visitor),
        "national agenda list, one region": agenda(visitor, region_filter=region),
        "region agenda list": agenda(visitor, scope_region=region),
        "region agenda list, member": agenda(member, scope_region=region),
        "upcoming visits": lambda: visit_queries.region_list(region, upcoming=True, include_drafts=True,
                                                        limit=21, offset=20, now=NOW),
        "past visits": lambda: visit_queries.region_list(region, upcoming=False, include_drafts=False,
                                                    limit=21, offset=20, now=NOW),
        "inter-regional visits": lambda: visit_queries.national_visits(NOW, limit=21),
    }


NAMES = ["national agenda list", "national agenda list, one region", "region agenda list",
         "region agenda list, member", "upcoming visits", "past visits", "inter-regional visits"]


@pytest.mark.parametrize("name", NAMES)
def test_list_pages_read_no_large_table_whole(app, make_user, make_ptce, name):
    from cellule.blueprints.directory.models import Region

    member = make_user("ptce_member", ptce=make_ptce("bretagne"))
    regions = list(db.session.scalars(sa.select(Region)))
    region = next(r for r in regions if r.slug == "bretagne")
    statements = captured(lists(region, regions, member)[name])
    assert statements, f"{name}: no statement reached the large tables"
    for statement, parameters in statements:
        assert full_scans(statement, parameters) == [], f"{name}:\n{statement}"


def library_reads(region, member, coordinator, admin):
    """What a library page reads besides its page of rows: its total (from the tallies, plus a person's
    own drafts) and the tags in use (from their tally)."""
    from cellule.blueprints.resources import library

    visitor = AnonymousUserMixin()
    default, national = library.Filters(), library.Filters()

    def total(user, where, filters=default):
        return lambda: library._count(None, filters, user, where)

    return {
        "library total, visitor": total(visitor, region),
        "library total, national": total(visitor, None, national),
        "library total, council admin": total(admin, None),
        "library total, coordinator": total(coordinator, region),
        "library total, member": total(member, region),
        "library total, member, drafts of a category": total(member, None, library.Filters(
            status="draft", category="legal", scope="regional")),
        "library tags, region": lambda: library.tags_in_use(region),
        "library tags, national": lambda: library.tags_in_use(None),
    }


LIBRARY = ["library total, visitor", "library total, national", "library total, council admin",
           "library total, coordinator", "library total, member", "library total, member, drafts of a category",
           "library tags, region", "library tags, national"]


@pytest.mark.parametrize("name", LIBRARY)
def test_library_totals_and_tags_read_tallies_and_own_drafts_by_index(app, make_user, make_ptce, name):
    """The totals and tags come from the small tallies: no statement reads a large table, except a
    signed-in person's own drafts, found through the writer and PTCE indexes."""
    from cellule.blueprints.directory.models import Region

    member = make_user("ptce_member", ptce=make_ptce("bretagne"))
    coordinator = make_user("coordinator", region="bretagne")
    admin = make_user("council_admin")
    region = db.session.scalar(sa.select(Region).where(Region.slug == "bretagne"))
    statements = captured(library_reads(region, member, coordinator, admin)[name])
    if "member" in name or "coordinator" in name:
        assert len(statements) == 1, statements  # the tallies' sum and the own drafts, one statement
        statement, parameters = statements[0]
        assert "resource_sheet_tally" in statement
        assert full_scans(statement, parameters) == [], f"{name}:\n{statement}"
        conn = db.session.connection()
        explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
        plan = str(conn.exec_driver_sql(explain + statement, parameters).all())
        # not every draft through the status index: the person's own, by writer and by PTCE
        assert "ix_resource_sheet_writer_status" in plan and "ix_resource_sheet_ptce_status" in plan, plan
    else:
        assert statements == [], f"{name} reads a large table: {statements}"


@pytest.mark.parametrize("read", ["rows", "kept page's digest", "kept page's rows"])
@pytest.mark.parametrize("name", ["drafts", "pending changes", "overdue", "proposals"])
def test_sheets_review_reads_the_region_through_its_indexes(app, make_user, name, read):
    """The sheets review's drafts: one page of the region's drafts in index order; its proposed changes:
    the region's waiting ones in the order they came, from ``resource_pending_change`` (not the region's
    every sheet); its overdue sheets: the region's past their date, soonest first; its latest proposals
    to the national library: the region's, newest first (not the country's every proposal) (issue 20).
    So for the two statements the page reads in place of each (``kept_lists.derived``)."""
    from cellule import kept_lists
    from cellule.blueprints.directory.models import Region
    from cellule.blueprints.resources import follow_up

    region = db.session.scalar(sa.select(Region).where(Region.slug == "bretagne"))
    statement, parameters = {
        "drafts": (follow_up.drafts_statement(region.id, 21, 20), None),
        "pending changes": (follow_up.pending_changes_statement(region.id, 21, 0), None),
        "overdue": (follow_up.overdue_statement(region.id, 21, 20), {"today": date(2026, 12, 7)}),
        "proposals": (follow_up.proposals_statement(None, region.id, 20), None)}[name]
    if read != "rows":
        statement = kept_lists.derived(statement)[0 if read == "kept page's digest" else 1]
    statements = captured(lambda: db.session.connection().execute(statement, parameters).all())
    assert len(statements) == 1, statements
    statement, parameters = statements[0]
    conn = db.session.connection()
    assert full_scans(statement, parameters) == [], statement
    explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    plan = str(conn.exec_driver_sql(explain + statement, parameters).all())
    index = {"drafts": "ix_resource_sheet_region_scope_status", "overdue": "ix_resource_sheet_region_review",
             "pending changes": "ix_resource_pending_change_library",
             "proposals": "ix_resource_national_proposal_region"}[name]
    assert index in plan, plan
    assert "Seq Scan" not in plan and "SCAN resource" not in plan, plan
    if name in ("pending changes", "proposals"):  # read in the list's order and cut at the page's end
        rows = conn.exec_driver_sql(explain + statement, parameters).all()
        if read == "kept page's rows":  # the page's rows, at most 21, are put back in its order: that sort only
            if conn.dialect.name == "sqlite":  # the outermost query's temporary B-tree
                outer = [r for r in rows if r[1] == 0 and "TEMP B-TREE" in r[3]]
            else:  # the plan's top Sort, on the page's columns
                outer = [r for r in rows if r[0].startswith("Sort  (") or r[0].strip().startswith("Sort Key: page.")]
            assert len(outer) <= (1 if conn.dialect.name == "sqlite" else 2), rows  # PostgreSQL: none, ordered
            rows = [r for r in rows if r not in outer]
        plan = str(rows)
        assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan


def test_agenda_list_reads_events_under_way_through_their_index_with_statistics(app):
    """With statistics for every index but the (empty) partial one, as ``ANALYZE`` leaves a database
    without events over several days, SQLite still reads the events under way at the month's start
    through ``ix_calendar_event_spanning``: not every event of the 31 days before (issue 20)."""
    from datetime import datetime, timedelta, timezone

    from flask_login import AnonymousUserMixin

    from cellule.blueprints.calendar import month_queries, presenting, queries
    from cellule.blueprints.calendar.models import EventKind
    from cellule.blueprints.directory.models import Region

    from bench.data import rows as build
    from cellule.blueprints.calendar import days
    from cellule.blueprints.calendar.models import Event

    start, now = datetime(2026, 9, 1, 9, tzinfo=timezone.utc), datetime(2026, 8, 1, tzinfo=timezone.utc)
    regions = [r.id for r in db.session.scalars(sa.select(Region))]
    conn = db.session.connection()
    build.insert(conn, Event, days.stamped(conn, [  # four months of events, none over several days
        build.event(f"plan-{i}@cellule", EventKind.WEBINAR, regions[i % len(regions)], f"W{i}",
                    start + timedelta(minutes=40 * i), start + timedelta(minutes=40 * i + 30), now)
        for i in range(4000)]))
    db.session.commit()
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ANALYZE")
    else:
        conn.exec_driver_sql("ANALYZE calendar_event")
    try:
        scope = queries.viewer_scope(AnonymousUserMixin())
        zones = presenting.zones(list(db.session.scalars(sa.select(Region))), national=True)
        statements = captured(lambda: month_queries.month_page(scope, zones, date(2026, 12, 1), date(2027, 1, 1),
                                                               limit=51))
        spanning = [(s, p) for s, p in statements if "last_day > local_day" in s]
        assert len(spanning) == 1, statements
        explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
        plan = str(conn.exec_driver_sql(explain + spanning[0][0], spanning[0][1]).all())
        assert "ix_calendar_event_spanning" in plan, plan
    finally:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")
            conn.exec_driver_sql("ANALYZE sqlite_schema")
        db.session.commit()


@pytest.mark.parametrize("read", ["rows", "kept page's digest", "kept page's rows"])
@pytest.mark.parametrize("who", ["coordinator", "member"])
def test_the_transfers_overview_offers_are_two_ranges_never_the_regions_every_offer_sorted(
        app, make_user, make_ptce, who, read):
    """The overview's offers, active first, by PTCE name: the active ones and the inactive ones the person
    sees, each read in that order through ``ix_ptce_region_name`` and ``ix_transfer_offer_ptce_active`` up to
    the page's end; only those two short ranges are sorted together, never the region's every offer (issue
    20). So for the statements the page reads in its place (``kept_lists.derived``)."""
    from cellule import kept_lists
    from cellule.blueprints.directory.models import Region
    from cellule.blueprints.transfers import queries
    from cellule.blueprints.transfers.models import TransferOffer

    region = db.session.scalar(sa.select(Region).where(Region.slug == "bretagne"))
    ptce = [make_ptce("bretagne", name=f"Pôle {i // 2:03d}") for i in range(30)]  # two PTCE a name
    db.session.add_all(TransferOffer(ptce_id=p.id, topic="governance", description="d", active=i % 3 != 0)
                       for i, p in enumerate(ptce))
    db.session.commit()
    viewer = make_user("coordinator", region="bretagne") if who == "coordinator" else make_user(
        "ptce_member", ptce=ptce[0])
    statement = queries.offers_page(region, viewer)(limit=21, offset=20)
    if read != "rows":
        statement = kept_lists.derived(statement)[0 if read == "kept page's digest" else 1]
    rows = db.session.connection().execute(statement).all()
    if read == "rows":  # the list's order: active first, by PTCE name, then PTCE (two may share a name), then
        # offer; the member sees their inactive one only
        seen = 30 if who == "coordinator" else 21
        assert len(rows) == seen - 20
        order = [(not r.active, r.ptce_name, r.ptce_id, r.id) for r in rows]
        assert order == sorted(order)
    statements = captured(lambda: db.session.connection().execute(statement).all(), tables=("transfer_offer",))
    assert len(statements) == 1
    sql, parameters = statements[0]
    conn = db.session.connection()
    explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    if conn.dialect.name == "postgresql":  # scans and sorts made the dearest: one left means no index serves
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        conn.exec_driver_sql("SET LOCAL enable_sort = off")
    plan = str(conn.exec_driver_sql(explain + sql, parameters).all())
    # a PTCE's offers through its index (PostgreSQL may take the one without ``active``: as few rows a PTCE)
    assert "ix_transfer_offer_ptce_active" in plan or (
        conn.dialect.name == "postgresql" and "ix_transfer_offer_ptce_id" in plan), plan
    assert "ix_ptce_region_name" in plan and "Seq Scan" not in plan and "SCAN transfer_offer" not in plan, plan
    assert _offers_sorted_whole(conn, sql, parameters) == [], plan


def _offers_sorted_whole(conn, sql: str, parameters) -> list:
    """The reads of ``transfer_offer`` that a sort takes whole: on SQLite, a search in the same query block as
    a temporary B-tree for ORDER BY; on PostgreSQL, a scan under a Sort with no Limit in between."""
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters).all()
        children: dict[int, list] = {}
        for r in rows:
            children.setdefault(r[1], []).append(r)

        def block(parent: int) -> list:  # one query block's rows, its subqueries and co-routines left out
            return [x for r in children.get(parent, []) if not r[3].startswith(("CO-ROUTINE", "MATERIALIZE",
                                                                                     "CORRELATED", "SUBQUERY"))
                    for x in (r, *block(r[0]))]

        return [r[3] for sort in rows if sort[3] == "USE TEMP B-TREE FOR ORDER BY"
                for r in block(sort[1]) if r[3].startswith("SEARCH transfer_offer")]
    found = []

    def walk(node: dict, sorting: bool) -> None:
        if node.get("Relation Name") == "transfer_offer" and sorting:
            found.append(node["Node Type"])
        sorting = (sorting or node["Node Type"] == "Sort") and node["Node Type"] != "Limit"
        for child in node.get("Plans", []):
            walk(child, sorting)

    walk(conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql, parameters).scalar()[0]["Plan"], False)
    return found
