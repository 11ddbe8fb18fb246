"""The council dashboard: progress, aggregates with small-cell suppression, accessible SVG charts."""
import csv
import io
from types import SimpleNamespace

import pytest

from cellule.blueprints.collection import dashboard
from cellule.blueprints.collection.disclosure import Status


@pytest.fixture
def three_and_two(campaign, make_ptce, respond, answers):
    """Hauts-de-France forwards 3 PTCE, La Réunion 2 (too few to show)."""
    for jobs in (2, 4, 6):
        respond(campaign, make_ptce("hauts-de-france"), "forwarded", answers(jobs_created=jobs))
    for jobs in (100, 200):
        respond(campaign, make_ptce("la-reunion"), "forwarded", answers(jobs_created=jobs))
    respond(campaign, make_ptce("la-reunion"), "submitted")


def test_aggregates_mask_small_cells_and_their_complement(app, campaign, three_and_two):
    data = dashboard.compute(campaign)
    cells = {region.slug: c for region, _n, c in data.regions}
    reunion, hdf = cells["la-reunion"]["jobs_created"], cells["hauts-de-france"]["jobs_created"]
    assert reunion.masked and reunion.n == 2 and reunion.status is Status.PRIMARY
    # 312 - 12 would give La Réunion back: Hauts-de-France is masked too (secondary)
    assert hdf.masked and hdf.n == 3 and hdf.status is Status.SECONDARY
    assert data.national["jobs_created"].value == 312 and data.national_n == 5
    # the mean is published with its n: mean × n is a sum, protected the same way
    assert cells["hauts-de-france"]["current_members"].status is Status.SECONDARY
    # a median does not add up: the threshold rule alone
    assert cells["hauts-de-france"]["budget_amount"].value == 200000
    assert cells["la-reunion"]["budget_amount"].status is Status.PRIMARY


def test_protect_helper():
    cells = dashboard.protect({"a": [1, 2, 6], "b": [4, 4, 4, 4]}, "mean")
    assert cells["a"].value == 3 and cells["b"].value == 4 and cells["FR"].value == 3.6
    assert dashboard.protect({"a": [1, 2, 6]}, "median")["a"].value == 2
    sums = dashboard.protect({"a": [1, 2], "b": [5, 5, 5], "c": [9, 9, 9, 9], "d": []}, "sum")
    assert [sums[k].status for k in "abcd"] == [Status.PRIMARY, Status.SECONDARY, Status.PUBLISHED, Status.EMPTY]
    assert sums["FR"].value == 54 and isinstance(sums["FR"].value, int)


def test_dashboard_page_shows_progress_charts_and_hides_small_cells(client, login, campaign, three_and_two):
    login("council_observer")
    r = client.get(f"/conseil/collecte/{campaign.id}/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<svg class="chart" role="img"' in html and "<title id=\"chart-jobs_created-t\">" in html
    assert "<desc" in html and "La Réunion" in html
    svg = html[html.index('<svg class="chart"'):html.index("</svg>")]
    assert ">12<" not in svg and ">300<" not in svg and 'chart-label">La Réunion' not in svg  # not drawn
    table = html[html.index('class="responsive aggregates"'):]
    reunion = table[table.index("La Réunion"):]
    assert ">secret<" in reunion[:reunion.index("</tr>")]
    hdf = table[table.index("Hauts-de-France"):]
    assert ">secret*<" in hdf[:hdf.index("</tr>")] and ">12<" not in hdf[:hdf.index("</tr>")]
    progress = html[html.index("Avancement par région"):]
    row = progress[progress.index("La Réunion"):]
    assert 'data-label="Soumis">1<' in row[:row.index("</tr>")]


def test_aggregates_export_masks_small_cells(client, login, campaign, three_and_two):
    login("council_admin")
    r = client.get(f"/conseil/collecte/{campaign.id}/agregats.csv")
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    body = r.data.decode("utf-8-sig")
    rows = {(r[0], r[2]): r for r in csv.reader(io.StringIO(body), delimiter=";")}
    assert rows[("04", "jobs_created")][6:] == ["2", "", "secret_primaire"]
    assert rows[("32", "jobs_created")][6:] == ["3", "", "secret_secondaire"]
    assert rows[("FR", "jobs_created")][6:] == ["5", "312", "diffuse"]
    assert rows[("FR", "current_members")][7] == "20"
    assert rows[("32", "budget_amount")][7] == "200000"  # never 200000.0
    assert "300" not in body and ";12;" not in body


def test_the_aggregates_section_is_rendered_once_per_snapshots_and_language(
        app, client, login, campaign, three_and_two, make_ptce, respond, answers):
    """The charts and the aggregates table are kept with the aggregates (Aggregates.shown): a second
    request renders the page without them, each language keeps its own copy, and a new forwarded
    version is a new set of snapshots, rendered anew with its figures."""
    from flask import template_rendered

    rendered = []

    def record(_app, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    dashboard._MEMO.clear()
    login("council_observer")
    url = f"/conseil/collecte/{campaign.id}/"
    first = client.get(url).get_data(as_text=True)
    assert rendered.count("collection/_aggregates.html") == 1
    second = client.get(url).get_data(as_text=True)
    assert rendered.count("collection/_aggregates.html") == 1 and rendered.count("collection/dashboard.html") == 2
    section = first[first.index("<h2>Indicateurs principaux</h2>"):]
    assert section in second and "Emplois créés (total)" in section and ">secret*<" in section

    client.post(f"/langue/en?next={url}")  # a signed-in person's saved language
    english = client.get(url).get_data(as_text=True)
    assert rendered.count("collection/_aggregates.html") == 2
    assert "<h2>Key indicators</h2>" in english and "Indicateurs principaux" not in english
    client.post(f"/langue/fr?next={url}")
    assert section in client.get(url).get_data(as_text=True)
    assert rendered.count("collection/_aggregates.html") == 2

    respond(campaign, make_ptce("la-reunion"), "forwarded", answers(jobs_created=50))  # a new version
    again = client.get(url).get_data(as_text=True)
    assert rendered.count("collection/_aggregates.html") == 3
    table = again[again.index('class="responsive aggregates"'):]
    row = table[table.index("La Réunion"):]
    assert ">3<" in row[:row.index("</tr>")]  # its three PTCE now, no longer two
    template_rendered.disconnect(record, app)


def test_national_progress_counts_every_region_in_one_statement(app, campaign, three_and_two, make_ptce, respond,
                                                               queries):
    """The progress table's counts against a count in Python: every region in name order, each PTCE
    counted once, those without a response as not started, another campaign's responses ignored."""
    from collections import Counter

    import sqlalchemy as sa

    from cellule.blueprints.collection import progress
    from cellule.blueprints.collection.lifecycle import ResponseStatus
    from cellule.blueprints.collection.models import Response
    from cellule.blueprints.directory.models import Ptce, Region
    from cellule.extensions import db

    make_ptce("bretagne"), make_ptce("bretagne")  # no response yet
    respond(campaign, make_ptce("bretagne"), "returned")
    campaign_id = campaign.id
    with queries.count():
        got = progress.national_progress(SimpleNamespace(id=campaign_id))
    assert len(queries) == 1, queries.report()
    regions = db.session.scalars(sa.select(Region).order_by(Region.name)).all()
    assert [(r.id, r.code, r.name) for r, _counts in got] == [(r.id, r.code, r.name) for r in regions]
    statuses = {ptce_id: status for ptce_id, status in db.session.execute(
        sa.select(Response.ptce_id, Response.status).where(Response.campaign_id == campaign_id))}
    for region, counts in got:
        ptces = db.session.scalars(sa.select(Ptce.id).where(Ptce.region_id == region.id)).all()
        expected = Counter(statuses.get(p, ResponseStatus.NOT_STARTED) for p in ptces)
        assert counts == {s: expected.get(s, 0) for s in ResponseStatus}, region.name
    by_name = {region.name: counts for region, counts in got}
    assert by_name["Bretagne"][ResponseStatus.NOT_STARTED] == 2
    assert by_name["Bretagne"][ResponseStatus.RETURNED] == 1
    assert by_name["La Réunion"][ResponseStatus.SUBMITTED] == 1
    assert sum(by_name["Normandie"].values()) == 0
