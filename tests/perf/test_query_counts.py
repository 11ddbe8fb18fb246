"""List pages send a fixed number of SQL statements, whatever the number of rows they list."""
from __future__ import annotations

import pytest

from tests.perf.pages import LIST_PAGES, World


@pytest.fixture
def world(region, make_ptce, login):
    def build(page):
        hdf = region("hauts-de-france")
        ptce = make_ptce("hauts-de-france", name="PTCE témoin")
        world = World(region_id=hdf.id, region_slug=hdf.slug, ptce_id=ptce.id, ptce_slug=ptce.slug)
        if page.role:
            kwargs = {k: (ptce if v == "world" else v) for k, v in page.login.items()}
            world.user_id = login(page.role, **kwargs).id
        return world
    return build


def _get(client, queries, url, headers):
    # The steady state: a first request fills what is kept between requests (the signed-in
    # identity, after the commits that grew the data), the second is counted.
    client.get(url, headers=headers).close()
    with queries.count():
        response = client.get(url, headers=headers)
        response.get_data()  # read streamed bodies (exports) to the end
        response.close()
    assert response.status_code == 200, (url, response.status_code, response.get_data()[:300])
    return len(queries), queries.report()


@pytest.mark.parametrize("page", LIST_PAGES, ids=[p.name for p in LIST_PAGES])
def test_same_queries_for_10_and_1000_rows(page, world, client, queries):
    w = world(page)
    page.grow(w, 10)
    small, small_sql = _get(client, queries, page.url(w), w.headers)
    page.grow(w, 990)
    large, large_sql = _get(client, queries, page.url(w), w.headers)
    assert small == large, (f"{page.name}: {small} statements for 10 rows, {large} for 1,000\n"
                            f"10 rows:\n{small_sql}\n1,000 rows:\n{large_sql}")
    bound = page.max_queries() if callable(page.max_queries) else page.max_queries
    assert large <= bound, f"{page.name}: {large} statements (at most {bound})\n{large_sql}"


def test_counter_sees_every_statement(app, queries):
    """The counter is not blind: two statements are two."""
    import sqlalchemy as sa

    from cellule.extensions import db

    with queries.count():
        db.session.execute(sa.text("SELECT 1"))
        db.session.execute(sa.text("SELECT 2"))
    assert len(queries) == 2
