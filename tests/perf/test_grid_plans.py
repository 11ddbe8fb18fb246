"""The month grid reads only what it shows (issue 20), explained on both databases with
``test_home_plans``' checks (no full scan, no range filtered row by row, no sort of every match):
nationally each day's first events by equality on ``ix_calendar_event_day``, the events under way
through ``ix_calendar_event_spanning`` and the days' counts from the day tallies' primary key; a
region's grid its own ranges of ``ix_calendar_event_region_visibility_starts``."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import re

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from cellule.extensions import db

from .test_home_plans import captured, full_scans, no_statistics  # noqa: F401 (autouse fixture)

NAMES = ["national grid", "national grid, one region", "region grid", "region grid, member", "council grid"]


def grids(regions, region, member):
    from cellule.blueprints.calendar import grid_queries, presenting, queries

    month = presenting.month_grid(date(2026, 12, 1), date(2026, 12, 1))

    def grid(user, scope_region=None, region_filter=None):
        scope = queries.viewer_scope(user, region=scope_region, region_filter=region_filter)
        one = scope_region or region_filter
        zones = presenting.zones([one] if one else regions, national=scope.national)
        return lambda: grid_queries.month_grid(scope, zones, month.days, month.first, month.next, per_day=4)

    visitor = AnonymousUserMixin()
    return {"national grid": grid(visitor), "national grid, one region": grid(visitor, region_filter=region),
            "region grid": grid(visitor, scope_region=region), "region grid, member": grid(member, scope_region=region),
            "council grid": lambda: grid_queries.month_grid(
                queries.Scope(all_regions=True, all_members=True), presenting.zones(regions, national=True),
                month.days, month.first, month.next, per_day=4)}


@pytest.mark.parametrize("name", NAMES)
def test_month_grid_reads_one_index_range_and_the_shown_events(app, make_user, make_ptce, name):
    from cellule.blueprints.calendar.models import Event, EventKind
    from cellule.blueprints.directory.models import Region

    member = make_user("ptce_member", ptce=make_ptce("bretagne"))
    regions = list(db.session.scalars(sa.select(Region)))
    region = next(r for r in regions if r.slug == "bretagne")
    start = datetime(2026, 12, 10, 9, tzinfo=timezone.utc)
    for n, where in enumerate((region, None, regions[0])):
        db.session.add(Event(uid=f"grid-plan-{n}", kind=EventKind.WEBINAR, title="Webinaire", starts_at=start,
                             ends_at=start + timedelta(hours=1), region_id=where.id if where else None))
    db.session.commit()
    read = grids(regions, region, member)[name]
    tallies = captured(read, tables=("calendar_day_tally",))
    statements = captured(read)
    assert len(statements) == 1, f"{name}: one statement reads events, the shown ones"
    national = name in ("national grid", "council grid")  # a region filter reads that region's ranges
    assert len(tallies) == (1 if national else 0), f"{name}: the days' counts from the tallies nationally only"
    statement, parameters = statements[0]
    conn = db.session.connection()
    explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    plan = str(conn.exec_driver_sql(explain + statement, parameters).all())
    if not national:
        assert full_scans(statement, parameters) == [], f"{name}: {full_scans(statement, parameters)}\n{plan}"
    elif conn.dialect.name == "sqlite":
        # each day by equality, its first few in the index's order (LIMIT): no range, no sort, no scan
        lines = {row[3] for row in conn.exec_driver_sql(explain + statement, parameters).all()
                 if "calendar_event" in row[3] or "B-TREE" in row[3]}
        assert lines == {"SEARCH calendar_event USING INDEX ix_calendar_event_day (local_day=?)",
                         "SEARCH calendar_event USING INDEX ix_calendar_event_spanning (local_day>? AND local_day<?)"}, lines
    else:
        # as test_home_plans explains: a sort or a whole scan left when they cost the most means no index serves
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            conn.exec_driver_sql(f"SET LOCAL {setting} = off")
        plan = str(conn.exec_driver_sql(explain + statement, parameters).all())
        assert "Seq Scan" not in plan and "Sort" not in plan, plan
    assert "ix_calendar_event_spanning" in plan, plan
    assert ("ix_calendar_event_day" if national else "ix_calendar_event_region_visibility_starts") in plan, plan
    if national:
        counted, parameters = tallies[0]
        plan = conn.exec_driver_sql(explain + counted, parameters).all()
        assert not any(re.match(r"(SCAN|.*Seq Scan)", str(row[-1] if conn.dialect.name == "sqlite" else row[0]))
                       for row in plan), plan
