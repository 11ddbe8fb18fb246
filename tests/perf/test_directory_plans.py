"""The directory's list pages read a page of PTCE in name order and the department choices from
indexes, never every PTCE sorted (issue 20: the list's query grew from 0.2 to 0.8 ms between one and
ten times France's PTCE), explained on both databases without statistics."""
from __future__ import annotations


import pytest
import sqlalchemy as sa

from cellule.extensions import db

from .test_home_plans import captured, no_statistics, postgresql_plan  # noqa: F401 (autouse fixture)


def _reads(region):
    from cellule.blueprints.directory import services

    filters = services.Filters(q="", stage="", sector="", department="", charter="")
    return {
        "list": lambda: db.paginate(services.search_query(region, filters), page=2, per_page=30,
                                    error_out=False).items,
        "departments": lambda: services.departments_in(region),
    }


def sorted_or_scanned(statement: str, parameters) -> list[str]:
    """What reads the ptce table whole: a scan without an index, or a sort of its rows."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        rows = [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()]
        return [r for r in rows if "TEMP B-TREE" in r or (r.startswith("SCAN ptce") and "INDEX" not in r)]
    plan = postgresql_plan(statement, parameters)
    found = []

    def walk(node):
        kind = node.get("Node Type")
        if kind == "Sort" or (kind == "Seq Scan" and node.get("Relation Name") == "ptce"):
            found.append(f"{kind} {node.get('Relation Name') or node.get('Sort Key')}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


@pytest.mark.parametrize("scope", ["national", "region"])
@pytest.mark.parametrize("read", ["list", "departments"])
def test_directory_reads_ptce_through_indexes(app, make_ptce, scope, read):
    from cellule.blueprints.directory.models import Region

    for i in range(3):
        make_ptce("bretagne")
    region = db.session.scalar(sa.select(Region).where(Region.slug == "bretagne")) if scope == "region" else None
    statements = [(s, p) for s, p in captured(_reads(region)[read], tables=("ptce",)) if "count(" not in s]
    assert statements, f"{scope} {read}: no statement read ptce"
    for statement, parameters in statements:
        assert sorted_or_scanned(statement, parameters) == [], f"{scope} {read}:\n{statement}"
