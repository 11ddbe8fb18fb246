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
    from cellule.blueprints.visits import services

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
        "upcoming visits": lambda: services.region_visits(region, upcoming=True, include_drafts=True,
                                                          limit=21, offset=20, now=NOW),
        "past visits": lambda: services.region_visits(region, upcoming=False, include_drafts=False,
                                                      limit=21, offset=20, now=NOW),
        "inter-regional visits": lambda: services.national_visits(NOW, limit=21),
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
