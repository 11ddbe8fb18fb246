"""Disclosure control: no masked cell of a campaign's aggregates can be recomputed from what is
published (the cells shown, the national total, means × counts), on randomised tables and on a
real campaign read back from every format it is published in."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from openpyxl import load_workbook

from cellule.blueprints.collection import dashboard, disclosure
from cellule.blueprints.collection.disclosure import Status

from .linear_attack import recoverable

REGIONS = ["01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"]


def _rows(values: dict[str, list[float]], statistic: str, magnitude: bool = False) -> list[dict]:
    cells = dashboard.protect(values, statistic, magnitude=magnitude)
    return [{"region": key, "variable": "v", "statistic": statistic, "n": cell.n, "value": cell.value,
             "status": cell.status} for key, cell in cells.items()]


tables = st.dictionaries(
    st.sampled_from(REGIONS),
    st.lists(st.integers(min_value=0, max_value=200), max_size=7),
    min_size=1, max_size=18)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables, st.sampled_from(["sum", "mean"]), st.booleans())
def test_no_masked_cell_is_recoverable_on_random_tables(values, statistic, magnitude):
    rows = _rows(values, statistic, magnitude)
    assert recoverable(rows) == []
    for row in rows:  # the threshold rule always holds, and what is shown is the true figure
        data = values.get(row["region"]) if row["region"] != "FR" else [v for vals in values.values() for v in vals]
        if 0 < row["n"] < disclosure.THRESHOLD or magnitude and data and disclosure.dominated(sum(data), max(data)):
            assert row["value"] is None and row["status"] is Status.PRIMARY
        if row["value"] is not None:
            expected = sum(data) if statistic == "sum" else sum(data) / len(data)
            assert abs(row["value"] - expected) <= 0.05 + 1e-9  # one decimal


def test_the_attack_finds_what_the_old_masking_leaked():
    """The issue's case: Hauts-de-France n=3 jobs 37, France n=4 43: La Réunion = 6."""
    rows = [{"region": "32", "variable": "jobs_created", "statistic": "sum", "n": 3, "value": 37},
            {"region": "04", "variable": "jobs_created", "statistic": "sum", "n": 1, "value": None},
            {"region": "FR", "variable": "jobs_created", "statistic": "sum", "n": 4, "value": 43},
            {"region": "32", "variable": "current_members", "statistic": "mean", "n": 3, "value": 22},
            {"region": "04", "variable": "current_members", "statistic": "mean", "n": 1, "value": None},
            {"region": "FR", "variable": "current_members", "statistic": "mean", "n": 4, "value": 24}]
    assert recoverable(rows) == [("04", "jobs_created"), ("04", "current_members")]
    fixed = _rows({"32": [10, 12, 15], "04": [6]}, "sum")
    assert {r["region"]: r["status"] for r in fixed} == {
        "32": Status.SECONDARY, "04": Status.PRIMARY, "FR": Status.PUBLISHED}
    assert recoverable(fixed) == []


def test_one_dominant_ptce_is_a_primary_secret():
    """INSEE's 85 % rule on magnitudes: 40 of 42 jobs would show that PTCE's own figure."""
    cells = dashboard.protect({"a": [1, 1, 40], "b": [5, 5, 5, 5], "c": [9, 9, 9]}, "sum", magnitude=True)
    assert cells["a"].status is Status.PRIMARY and cells["a"].n == 3
    assert cells["c"].status is Status.SECONDARY  # the smallest complement by count
    assert cells["b"].value == 20 and cells["FR"].value == 89
    # not a magnitude (a share, a 0-5 score): the threshold rule alone
    assert dashboard.protect({"a": [1, 1, 40]}, "mean")["a"].value == 14


def test_a_single_ptce_cannot_subtract_itself():
    """Two masked regions where one holds a single PTCE: that PTCE knows its own value and
    the national total, so a third cell is masked."""
    rows = _rows({"04": [5], "32": [1, 2], "11": [3, 3, 3], "84": [7, 7, 7, 7]}, "sum")
    status = {r["region"]: r["status"] for r in rows}
    assert status["04"] is Status.PRIMARY and status["32"] is Status.PRIMARY
    assert status["11"] is Status.SECONDARY and status["84"] is Status.PUBLISHED
    assert recoverable(rows) == []


def test_complements_skip_empty_cells_and_prefer_the_smallest():
    status = disclosure.suppress({"a": (1, 4), "b": (0, 0), "c": (5, 50), "d": (3, 9), "t": (9, 63)},
                                 [("t", ["a", "b", "c", "d"])])
    assert status == {"a": Status.PRIMARY, "b": Status.EMPTY, "c": Status.PUBLISHED, "d": Status.SECONDARY,
                      "t": Status.PUBLISHED}
    # nothing left to hide in the parts: the total is masked
    assert disclosure.suppress({"a": (2, 4), "t": (2, 4)}, [("t", ["a"])])["t"] is Status.PRIMARY
    # relations sharing cells (a hierarchy) are repeated until every one is safe
    nested = disclosure.suppress({"r1": (2, 5), "r2": (0, 0), "R": (2, 5), "S": (5, 20), "T": (7, 25)},
                                 [("R", ["r1", "r2"]), ("T", ["R", "S"])])
    assert [nested[k] for k in ("r1", "r2", "R", "S", "T")] == [
        Status.PRIMARY, Status.EMPTY, Status.PRIMARY, Status.SECONDARY, Status.PUBLISHED]


def _published(client, campaign) -> dict[str, list[dict]]:
    """The aggregates as each format publishes them, read back with the reader that format calls for."""
    stem = f"/conseil/collecte/{campaign.id}/collecte-{campaign.year}-{campaign.id}"
    out = {}
    standard = client.get(stem + "-agregats.csv").data.decode("utf-8")
    out["csv"] = [_typed(r) for r in csv.DictReader(io.StringIO(standard))]
    french = client.get(stem + "-agregats-excel.csv").data.decode("utf-8-sig")
    out["csv-fr"] = [_typed(r, ",") for r in csv.DictReader(io.StringIO(french), delimiter=";")]
    book = load_workbook(io.BytesIO(client.get(stem + "-agregats.xlsx").data))
    sheet = list(book["agregats"].iter_rows(values_only=True))
    out["xlsx"] = [dict(zip(sheet[1], r)) for r in sheet[2:]]
    return out


def _typed(row: dict, decimal: str = ".") -> dict:
    value = row["value"].replace(decimal, ".") if row["value"] else None
    return {**row, "n": int(row["n"]), "value": float(value) if value else None}


def test_every_published_copy_masks_the_same_cells_and_none_is_recoverable(
        client, login, campaign, make_ptce, respond, answers):
    for jobs, members in ((10, 20), (12, 22), (15, 24)):
        respond(campaign, make_ptce("hauts-de-france"), "forwarded", answers(jobs_created=jobs, current_members=members))
    respond(campaign, make_ptce("la-reunion"), "forwarded", answers(jobs_created=6, current_members=30))
    for jobs in (1, 2, 3, 4):
        respond(campaign, make_ptce("bretagne"), "forwarded", answers(jobs_created=jobs))
    login("council_observer")
    copies = _published(client, campaign)
    views = {name: {(r["region"], r["variable"]): (r["status"], r["value"]) for r in rows}
             for name, rows in copies.items()}
    assert views["csv"] == views["csv-fr"] == views["xlsx"]
    assert views["csv"][("04", "jobs_created")] == ("secret_primaire", None)
    # the complement is the region with the fewest PTCE (Hauts-de-France, 3), not Bretagne (4)
    assert views["csv"][("32", "jobs_created")] == ("secret_secondaire", None)
    assert views["csv"][("53", "jobs_created")] == ("diffuse", 10)
    assert views["csv"][("FR", "jobs_created")] == ("diffuse", 53)
    for rows in copies.values():
        assert recoverable(rows) == []
    html = client.get(f"/conseil/collecte/{campaign.id}/").get_data(as_text=True)
    table = html[html.index('class="responsive aggregates"'):]
    reunion = table[table.index("La Réunion"):]
    assert ">secret<" in reunion[:reunion.index("</tr>")]


CAMPAIGN_YEARS = iter(range(2031, 2100))  # one campaign per year and per example


# No shrinking: each example forwards real responses, and a failing one is readable as drawn.
@settings(max_examples=5, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["hauts-de-france", "la-reunion", "bretagne", "corse", "occitanie"]),
                          st.integers(min_value=0, max_value=60), st.integers(min_value=6, max_value=80)),
                min_size=1, max_size=9))
def test_random_campaigns_published_through_every_door_reveal_nothing(
        client, login, questionnaire, make_ptce, respond, answers, draws):
    """Random campaigns, forwarded through the real services, read back from the API (JSON) and
    from the council's CSV and XLSX: the same masks everywhere, and nothing an intruder can solve."""
    from datetime import date

    from cellule.blueprints.api import services as api
    from cellule.blueprints.collection import services
    from cellule.extensions import db

    campaign = services.create_campaign(next(CAMPAIGN_YEARS), "Tirage", date(2025, 1, 1), date(2030, 1, 1),
                                        questionnaire)
    campaign.open()
    _, secret = api.create_token("attack")
    db.session.commit()
    for slug, jobs, members in draws:
        respond(campaign, make_ptce(slug), "forwarded", answers(jobs_created=jobs, current_members=members))
    login("council_observer")
    api_rows = client.get(f"/api/v1/campaigns/{campaign.id}/aggregates",
                          headers={"Authorization": f"Bearer {secret}"}).json["data"]
    copies = {"api": api_rows, **_published(client, campaign)}
    masks = {name: {(r["region"], r["variable"]): r["status"] for r in rows} for name, rows in copies.items()}
    assert masks["api"] == masks["csv"] == masks["csv-fr"] == masks["xlsx"]
    for rows in copies.values():
        assert recoverable(rows) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=5), st.integers(min_value=0, max_value=90)),
                min_size=2, max_size=10), st.integers(min_value=1, max_value=9))
def test_hierarchies_are_protected_too(parts, split):
    """Sub-totals (say metropolitan and overseas France) and a total: relations sharing cells."""
    from fractions import Fraction

    from .linear_attack import determined

    leaves = {f"r{i}": cell for i, cell in enumerate(parts)}
    first, second = list(leaves)[:split], list(leaves)[split:]

    def add(keys):
        return (sum(leaves[k][0] for k in keys), sum(leaves[k][1] for k in keys))

    cells = {**leaves, "A": add(first), "B": add(second), "T": add(list(leaves))}
    relations = [("A", first), ("B", second), ("T", ["A", "B"])]
    status = disclosure.suppress(cells, relations)
    keys = list(cells)
    size = len(keys)
    equations = [[Fraction(int(k == key)) for k in keys] for key in keys if not status[key].masked]
    for total, members in relations:
        equations.append([Fraction(1 if k == total else -1 if k in members else 0) for k in keys])
    for key in keys:
        if 0 < cells[key][0] < disclosure.THRESHOLD:
            assert status[key].masked
        if status[key].masked:
            assert not determined(equations, keys.index(key), size), (key, status)
