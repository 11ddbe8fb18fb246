"""The council dashboard: progress, aggregates with small-cell suppression, accessible SVG charts."""
import csv
import io

import pytest

from cellule.blueprints.collection import dashboard


@pytest.fixture
def three_and_two(campaign, make_ptce, respond, answers):
    """Hauts-de-France forwards 3 PTCE, La Réunion 2 (too few to show)."""
    for jobs in (2, 4, 6):
        respond(campaign, make_ptce("hauts-de-france"), "forwarded", answers(jobs_created=jobs))
    for jobs in (100, 200):
        respond(campaign, make_ptce("la-reunion"), "forwarded", answers(jobs_created=jobs))
    respond(campaign, make_ptce("la-reunion"), "submitted")


def test_aggregates_mask_cells_under_three(app, campaign, three_and_two):
    data = dashboard.compute(campaign)
    cells = {region.slug: c for region, _n, c in data.regions}
    assert cells["hauts-de-france"]["jobs_created"].value == 12
    assert cells["la-reunion"]["jobs_created"].masked and cells["la-reunion"]["jobs_created"].n == 2
    assert data.national["jobs_created"].value == 312 and data.national_n == 5


def test_aggregate_helper():
    assert dashboard.aggregate([1, 2], "sum").masked
    assert dashboard.aggregate([1, 2, 6], "mean").value == 3
    assert dashboard.aggregate([1, 2, 6], "median").value == 2


def test_dashboard_page_shows_progress_charts_and_hides_small_cells(client, login, campaign, three_and_two):
    login("council_observer")
    r = client.get(f"/conseil/collecte/{campaign.id}/")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert '<svg class="chart" role="img"' in html and "<title id=\"chart-jobs_created-t\">" in html
    assert "<desc" in html and "La Réunion" in html
    svg = html[html.index('<svg class="chart"'):html.index("</svg>")]
    assert ">12<" in svg and ">300<" not in svg and 'chart-label">La Réunion' not in svg  # not drawn
    table = html[html.index('class="responsive aggregates"'):]
    reunion = table[table.index("La Réunion"):]
    assert "masqué" in reunion[:reunion.index("</tr>")]
    progress = html[html.index("Avancement par région"):]
    row = progress[progress.index("La Réunion"):]
    assert 'data-label="Soumis">1<' in row[:row.index("</tr>")]


def test_aggregates_export_masks_small_cells(client, login, campaign, three_and_two):
    login("council_admin")
    body = client.get(f"/conseil/collecte/{campaign.id}/agregats.csv").data.decode("utf-8-sig")
    rows = {(r[0], r[1]): r for r in csv.reader(io.StringIO(body), delimiter=";")}
    assert rows[("04", "jobs_created")][4:] == ["", "oui"]
    assert rows[("32", "jobs_created")][4:] == ["12", "non"]
    assert "300" not in body and "100" not in body.replace("100,", "")
