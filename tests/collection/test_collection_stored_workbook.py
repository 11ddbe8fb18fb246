"""The campaign's wide XLSX is built once for its latest snapshots and served from storage; its
cells are those of the workbook built from the snapshots' content, and a new snapshot (or another
questionnaire wording) rebuilds it (issue 20, target 7)."""
import io

import sqlalchemy as sa
from openpyxl import load_workbook

from cellule.blueprints.collection import exports, workbooks
from cellule.blueprints.collection.snapshots import Snapshot
from cellule.extensions import db

from .conftest import complete_answers


def _url(campaign) -> str:
    return f"/conseil/collecte/{campaign.id}/collecte-{campaign.year}-{campaign.id}-large.xlsx"


def _cells(data: bytes) -> dict:
    """Every sheet's values, column widths and frozen panes, as openpyxl reads them."""
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: ([list(row) for row in sheet.iter_rows(values_only=True)], sheet.freeze_panes,
                          {k: d.width for k, d in sheet.column_dimensions.items()})
            for sheet in book.worksheets}


def _fresh(campaign) -> bytes:
    with exports.wide_xlsx(campaign) as built:
        return built.read()


def _stored() -> list:
    return list(db.session.execute(sa.select(workbooks.StoredWorkbook.campaign_id, workbooks.StoredWorkbook.part,
                                             workbooks.StoredWorkbook.key)))


def test_the_workbook_is_stored_and_served_with_the_same_cells(app, client, login, campaign, make_ptce, respond):
    for slug, jobs in (("hauts-de-france", 3), ("bretagne", 250)):
        respond(campaign, make_ptce(slug), "forwarded", complete_answers(
            jobs_created=jobs, ecological_actions_detail="=SOMME(A1)",
            member_structures=[{"name": "-moins", "structure_type": "association", "size": "s0_10"}]))
    expected = _cells(_fresh(campaign))
    assert len(expected["ptce"][0]) == 4 and expected["member_structures"][0][2][0] is not None
    assert _stored() == []
    login("council_observer")
    first = client.get(_url(campaign))
    assert first.status_code == 200 and first.mimetype.endswith("spreadsheetml.sheet")
    assert _cells(first.data) == expected
    db.session.expire_all()
    assert _stored() == [(campaign.id, "large", workbooks.key(campaign))]  # committed by the view
    again = client.get(_url(campaign))
    assert again.data == first.data  # the stored bytes, not a new build (its timestamps would differ)


def test_a_new_snapshot_rebuilds_it(app, client, login, campaign, make_ptce, respond):
    respond(campaign, make_ptce("hauts-de-france"), "forwarded", complete_answers(jobs_created=3))
    login("council_observer")
    before = client.get(_url(campaign)).data
    old_key = workbooks.key(campaign)
    respond(campaign, make_ptce("bretagne"), "forwarded", complete_answers(jobs_created=250))
    db.session.expire_all()
    assert workbooks.key(campaign) != old_key
    after = client.get(_url(campaign)).data
    rows = _cells(after)["ptce"][0]
    assert len(rows) == 4 and len(_cells(before)["ptce"][0]) == 3
    assert _cells(after) == _cells(_fresh(campaign))
    db.session.expire_all()
    assert _stored() == [(campaign.id, "large", workbooks.key(campaign))]  # replaced, not added
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Snapshot)) == 2

