"""A snapshot's long-CSV lines are stored when it is forwarded (or on its first export) and the
export streams them: the bytes are those the lines were formatted from every time before
(issue 20, target 7); figures and lines are written by the forwarding service, not by hooks."""
import sqlalchemy as sa

from cellule.blueprints.collection import exports, forwarding, lines
from cellule.blueprints.collection.snapshots import Snapshot, SnapshotFigures
from cellule.extensions import db
from cellule.spreadsheet import FRENCH_EXCEL, STANDARD

from .conftest import complete_answers


def _stored() -> dict:
    return {(r.snapshot_id, r.dialect): r.body for r in db.session.scalars(sa.select(lines.SnapshotLines))}


def _url(campaign, part: str) -> str:
    return f"/conseil/collecte/{campaign.id}/collecte-{campaign.year}-{campaign.id}-{part}"


def _several_regions(campaign, make_ptce, respond):
    """Three regions, one forwarded twice, with formula-like text and repeated blocks."""
    for slug, jobs in (("hauts-de-france", 3), ("bretagne", 250), ("la-reunion", 0)):
        respond(campaign, make_ptce(slug), "forwarded", complete_answers(
            jobs_created=jobs, staff_fte=1.25, ecological_actions_detail="=SOMME(A1)",
            member_structures=[{"name": "-moins", "structure_type": "association", "size": "s0_10"}]))
    respond(campaign, make_ptce("bretagne"), "forwarded", complete_answers(jobs_created=7))


def test_the_forwarding_view_stores_figures_and_lines(app, client, login, campaign, make_ptce, respond):
    ptce = make_ptce()
    respond(campaign, ptce, "validated")
    login("coordinator", region="hauts-de-france")
    assert client.post(f"/hauts-de-france/collecte/{campaign.id}/transmettre").status_code == 302
    snap = db.session.scalar(sa.select(Snapshot))
    figures = db.session.get(SnapshotFigures, snap.id)
    assert figures.ptce_count == 1 and figures.region_figures == snap.content["figures"]
    assert figures.figures["jobs_created"] == [snap.content["responses"][0]["answers"]["jobs_created"]]
    stored = _stored()
    assert set(stored) == {(snap.id, "standard"), (snap.id, "excel-fr")}
    assert stored[(snap.id, "standard")].startswith(f"{ptce.slug},32,2025,")
    assert ";" in stored[(snap.id, "excel-fr")] and not stored[(snap.id, "excel-fr")].startswith("\ufeff")


def test_the_service_stores_them_for_every_version(app, campaign, make_ptce, respond):
    _several_regions(campaign, make_ptce, respond)
    snaps = list(db.session.scalars(sa.select(Snapshot)))
    assert len(snaps) == 4
    assert set(_stored()) == {(s.id, d.name) for s in snaps for d in (STANDARD, FRENCH_EXCEL)}
    assert {r.snapshot_id for r in db.session.scalars(sa.select(SnapshotFigures))} == {s.id for s in snaps}


def test_stored_lines_give_the_same_bytes_as_formatting_them(app, client, login, campaign, make_ptce, respond):
    _several_regions(campaign, make_ptce, respond)
    expected = {d.name: "".join(exports.long_rows(campaign, d)).encode() for d in (STANDARD, FRENCH_EXCEL)}
    assert expected["excel-fr"].startswith(b"\xef\xbb\xbf") and b"'=SOMME(A1)" in expected["standard"]
    login("council_observer")
    assert client.get(_url(campaign, "long.csv")).data == expected["standard"]
    assert client.get(_url(campaign, "long-excel.csv")).data == expected["excel-fr"]
    # the benchmark's address of the same file
    assert client.get(f"/conseil/collecte/{campaign.id}/collecte-{campaign.year}-{campaign.id}-long.csv").data \
        == expected["standard"]


def test_missing_lines_are_stored_by_the_first_export(app, client, login, campaign, make_ptce, respond):
    _several_regions(campaign, make_ptce, respond)
    expected = "".join(exports.long_rows(campaign, FRENCH_EXCEL)).encode()
    db.session.execute(sa.delete(lines.SnapshotLines))  # as bench data or rows older than 0820
    db.session.commit()
    login("council_observer")
    assert client.get(_url(campaign, "long-excel.csv")).data == expected
    db.session.expire_all()
    latest = {s.id for s in forwarding.latest_snapshots(campaign)}
    assert set(_stored()) == {(i, "excel-fr") for i in latest}  # committed: the next one streams them
    assert lines.fill(campaign, FRENCH_EXCEL) == 0
    assert client.get(_url(campaign, "long-excel.csv")).data == expected


def test_an_export_reads_no_snapshot_content_once_lines_are_stored(app, client, login, campaign, make_ptce,
                                                                   respond, queries):
    _several_regions(campaign, make_ptce, respond)
    url = _url(campaign, "long.csv")
    login("council_observer")
    with queries.count():
        assert client.get(url).status_code == 200
    assert not any("collection_snapshot.content" in q for q in queries.statements)
