"""The coordinators' list of the other regions' offers reads a page in the list's order, each range of
regions walked through ``ix_ptce_region_name`` and each PTCE's active offers through
``ix_transfer_offer_ptce_active``, cut at the page's end; only those few rows are sorted together
(issue 20: the list's query read every active offer of the other regions, 0.25 → 1.03 ms from N=1 to
N=10). Explained on both databases without statistics. (PostgreSQL, told to avoid sorts, walked
``ix_ptce_region_name`` in order for the old query too; SQLite read every active offer and sorted
them, which these tests catch.)"""
from __future__ import annotations

import re

import pytest

from cellule.extensions import db

from .test_home_plans import captured, no_statistics, postgresql_plan  # noqa: F401 (autouse fixture)

TABLES = ("ptce", "transfer_offer")
BRANCHES = ("Append", "Merge Append")  # PostgreSQL's union of the branches


def unbounded(statement: str, parameters) -> list[str]:
    """What reads more than the page: a scan of a table without an index, a sort inside the union's
    branches, or a sort at the top over rows read from the tables by anything but their primary key
    (the top may sort the branches' few rows together: that is the page's)."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        found = [r[3] for r in rows if ("TEMP B-TREE" in r[3] and r[1] != 0)
                 or (r[3].startswith(tuple(f"SCAN {t}" for t in TABLES)) and "INDEX" not in r[3])]
        read_at_top = [r[3] for r in rows if r[1] == 0 and "PRIMARY KEY" not in r[3]
                       and re.match(rf"(SCAN|SEARCH) ({'|'.join(TABLES)})\b", r[3])]
        if read_at_top and any("TEMP B-TREE" in r[3] for r in rows if r[1] == 0):
            found += [f"sorted at the top: {read}" for read in read_at_top]
        return found
    plan = postgresql_plan(statement, parameters)
    found = []

    def reads(node) -> list[str]:  # the tables read below a node, but by primary key or in a cut branch
        if node.get("Node Type") in (*BRANCHES, "Limit"):
            return []
        here = ([f"{node['Node Type']} on {node['Relation Name']}"] if node.get("Relation Name") in TABLES
                and not node.get("Index Name", "").startswith("pk_") else [])
        return here + [read for child in node.get("Plans", []) for read in reads(child)]

    def walk(node, in_branch: bool):
        kind = node.get("Node Type")
        if kind == "Seq Scan" and node.get("Relation Name") in TABLES:
            found.append(f"Seq Scan on {node['Relation Name']}")
        # an incremental sort orders the ties of rows read in order already (a PTCE's few offers)
        if kind == "Sort":
            if in_branch:
                found.append(f"{kind} {node.get('Sort Key')} inside a branch")
            else:
                found.extend(f"sorted at the top: {read}" for read in reads(node))
        for child in node.get("Plans", []):
            walk(child, in_branch or kind in BRANCHES)

    walk(plan[0]["Plan"], False)
    return found


@pytest.mark.parametrize("filters", [{}, {"topic": "hr"}, {"region": "la-reunion"}])
def test_other_regions_offers_read_a_page_through_indexes(app, make_ptce, region, filters):
    from cellule.blueprints.transfers import queries
    from cellule.blueprints.transfers.models import TransferOffer

    for slug in ("bretagne", "la-reunion", "auvergne-rhone-alpes", "hauts-de-france"):
        ptce = make_ptce(slug)
        for topic in ("hr", "governance"):
            db.session.add(TransferOffer(ptce_id=ptce.id, topic=topic, description="Offre"))
    db.session.commit()
    own = region("hauts-de-france")
    region_id = region(filters["region"]).id if "region" in filters else None
    statements = captured(lambda: queries.other_offers(own, region_id, filters.get("topic"), limit=21, offset=20),
                          tables=TABLES)
    assert statements
    for statement, parameters in statements:
        assert unbounded(statement, parameters) == [], statement


def test_other_regions_offers_come_in_the_lists_order_without_the_regions_own(app, make_ptce, region):
    """By region, PTCE name and offer; the region's own offers and inactive ones left out; a page cut
    from the whole list (the branches, each cut at the page's end, give the same rows)."""
    from cellule.blueprints.transfers import queries
    from cellule.blueprints.transfers.models import TransferOffer

    made = []
    for slug, name in [("la-reunion", "Zèbre"), ("bretagne", "Alpha"), ("bretagne", "Bêta"),
                       ("auvergne-rhone-alpes", "Gamma"), ("hauts-de-france", "Maison"), ("normandie", "Delta")]:
        ptce = make_ptce(slug, name=name)
        for i in range(2):
            offer = TransferOffer(ptce_id=ptce.id, topic="hr", description=f"{name} {i}", active=(name != "Delta"))
            db.session.add(offer)
            made.append((ptce.region_id, name, ptce.id, offer))
    db.session.commit()
    own = region("hauts-de-france")
    expected = [o.id for region_id, name, ptce_id, o in sorted(made, key=lambda m: (m[0], m[1], m[2], m[3].id))
                if region_id != own.id and o.active]
    assert [o.id for o in queries.other_offers(own)] == expected and len(expected) == 8
    pages = [[o.id for o in queries.other_offers(own, limit=3, offset=k)] for k in (0, 3, 6, 9)]
    assert pages == [expected[0:3], expected[3:6], expected[6:8], []]
    assert queries.other_offers(own, own.id) == []
    bretagne = region("bretagne").id
    assert [o.description for o in queries.other_offers(own, bretagne)] == ["Alpha 0", "Alpha 1", "Bêta 0", "Bêta 1"]
