"""List pages load what they show in a fixed number of queries."""


def _count(queries, client, url):
    with queries.count(cold=False):
        assert client.get(url).status_code == 200
    return len(queries)


def test_library_and_home_queries_do_not_grow(queries, client, make_sheet, make_user, make_ptce):
    author = make_user("coordinator", region="hauts-de-france")
    ptce = make_ptce("hauts-de-france")

    def add(n):
        for i in range(n):
            make_sheet(author=author, ptce=ptce, title=f"Coopérative {i}", tags=[f"t{i}", "commun"],
                       topics=["legal"], sectors=["energy"])

    add(2)
    urls = ["/hauts-de-france/fiches/", "/hauts-de-france/fiches/?q=cooperative", "/fiches/?portee=regional",
            "/hauts-de-france/"]
    before = [_count(queries, client, url) for url in urls]
    add(6)
    after = [_count(queries, client, url) for url in urls]
    assert before == after
