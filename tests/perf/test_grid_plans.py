"""The month grid reads its days' events from ``ix_calendar_event_grid`` alone, in the index's order,
and loads only the events it shows (issue 20), explained on both databases with ``test_home_plans``'
checks (no full scan, no range filtered row by row, no sort of every match)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from cellule.extensions import db

from .test_home_plans import captured, full_scans

NAMES = ["national grid", "national grid, one region", "region grid", "region grid, member", "council grid"]


def grids(regions, region, member):
    from cellule.blueprints.calendar import month_queries, presenting, queries

    month = presenting.month_grid(date(2026, 12, 1), date(2026, 12, 1))

    def grid(user, scope_region=None, region_filter=None):
        scope = queries.viewer_scope(user, region=scope_region, region_filter=region_filter)
        one = scope_region or region_filter
        zones = presenting.zones([one] if one else regions, national=scope.national)
        return lambda: month_queries.month_grid(scope, zones, month.days, month.first, month.next, per_day=4)

    visitor = AnonymousUserMixin()
    return {"national grid": grid(visitor), "national grid, one region": grid(visitor, region_filter=region),
            "region grid": grid(visitor, scope_region=region), "region grid, member": grid(member, scope_region=region),
            "council grid": lambda: month_queries.month_grid(
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
    statements = captured(grids(regions, region, member)[name])
    assert len(statements) == 2, f"{name}: the grid's ids, then the shown events"
    for statement, parameters in statements:
        assert full_scans(statement, parameters) == [], f"{name}:\n{statement}"
    ids, parameters = statements[0]
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + ids, parameters).all()]
        grid_range = "SEARCH calendar_event USING COVERING INDEX ix_calendar_event_grid (starts_at>? AND starts_at<?)"
        assert plan == [grid_range]
