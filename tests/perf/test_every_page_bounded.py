"""Every GET page, as every role, sends at most a small fixed number of SQL statements.

The walk reuses the isolation walk's URL samples (tests/isolation_samples.py and
tests/<feature>/samples.py), so a route added later is counted too. The list
pages' growth with their rows is checked by test_query_counts.py; this test
bounds every page, lists or not, on the sample data.
"""
from __future__ import annotations

from tests.core.test_isolation import get_walk
from tests.perf.pages import region_home_bound, schema_scan_bound

# A page needs the region (1), the signed-in person and their roles (2), the object and its
# checks (1-3), what it lists with the relations it shows (2-5) and the choices of its forms
# (1-2): 15 leaves room for that and nothing for a query per row. Today's busiest ordinary
# pages (a transfer session, the review lists) send 13.
MAX_STATEMENTS = 15


# Endpoints allowed more than MAX_STATEMENTS, with their bound; each bound is computed from
# what the page is made of (the schema, the features), the reason in the function's docstring.
EXCEPTIONS = {
    "privacy.my_data": schema_scan_bound,
    "privacy.export_json": lambda: 2 + schema_scan_bound(),   # + the audit record of the export
    "privacy.export_csv": lambda: 2 + schema_scan_bound(),
    "core.region_home": region_home_bound,
}


def test_every_get_page_sends_few_statements(app, make_ptce, make_user, queries):
    pages, clients = get_walk(app, make_ptce, make_user)
    bounds = {endpoint: bound() for endpoint, bound in EXCEPTIONS.items()}
    assert all(b > MAX_STATEMENTS for b in bounds.values()), "an exception that fits the rule is no exception"
    failures, reached, counted = [], set(), {}
    for who, client in clients.items():
        for endpoint, url in pages:
            with queries.count():
                response = client.get(url)
                response.get_data()  # streamed bodies (exports) query while they are read
                response.close()
            n = len(queries)
            counted[(who, url)] = n
            if response.status_code == 200:
                reached.add(endpoint)
            bound = bounds.get(endpoint, MAX_STATEMENTS)
            if n > bound:
                failures.append(f"{who} GET {url} ({endpoint}): {n} statements, at most {bound}\n{queries.report()}")
    print("\n".join(failures))
    assert failures == []
    # The bound is not met by pages that stop early: the busiest pages were really rendered.
    assert {"core.region_home", "privacy.my_data", "transfers.session", "resources.review",
            "collection.dashboard", "visits.detail"} <= reached
    # Exceptions stay needed: each excepted page does send more than the ordinary bound.
    for endpoint in EXCEPTIONS:
        busiest = max(n for (who, url), n in counted.items() if (endpoint, url) in pages)
        assert busiest > MAX_STATEMENTS, f"{endpoint} now sends {busiest}: remove its exception"
