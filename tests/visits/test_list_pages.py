"""A region's visits list and the inter-regional list come 20 visits a page (upcoming and past each
paged on their own), soonest (or latest) first, with accessible links (issue 20)."""
import re


def card_titles(section: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', section)


def sections(html: str) -> tuple[str, str]:
    upcoming, past = html.split('id="a-venir"', 1)[1].split('id="passees"', 1)
    return upcoming, past


def pager(section: str) -> str:
    return section.split('class="pagination"', 1)[1].split("</nav>", 1)[0] if 'class="pagination"' in section else ""


def test_region_list_pages_upcoming_and_past_apart(client, make_visit):
    for i in range(25):
        make_visit(days=1 + i, title=f"À venir {i:02d}")
    for i in range(23):
        make_visit(days=-1 - i, title=f"Passée {i:02d}")
    upcoming, past = sections(client.get("/hauts-de-france/visites/").text)
    assert card_titles(upcoming) == [f"À venir {i:02d}" for i in range(20)]
    assert card_titles(past) == [f"Passée {i:02d}" for i in range(20)]  # the latest first
    assert 'aria-label="Pages des visites à venir"' in upcoming and 'aria-current="page">Page 1<' in pager(upcoming)
    following = re.search(r'href="([^"]+)" rel="next">Page suivante', pager(past)).group(1)
    assert following == "/hauts-de-france/visites/?passees=2"
    upcoming2, past2 = sections(client.get("/hauts-de-france/visites/?page=2&passees=2").text)
    assert card_titles(upcoming2) == [f"À venir {i:02d}" for i in range(20, 25)]
    assert card_titles(past2) == [f"Passée {i:02d}" for i in range(20, 23)]
    back = re.search(r'href="([^"]+)" rel="prev">Page précédente', pager(past2)).group(1)
    assert back == "/hauts-de-france/visites/?page=2"  # the other list keeps its page
    assert 'rel="next"' not in pager(upcoming2)
    empty, _ = sections(client.get("/hauts-de-france/visites/?page=7").text)
    assert card_titles(empty) == [] and "Cette page de la liste est vide." in empty
    assert card_titles(sections(client.get("/hauts-de-france/visites/?page=x").text)[0]) == card_titles(upcoming)


def test_national_list_pages(client, make_visit):
    for i in range(22):
        make_visit(days=1 + i, title=f"Ouverte {i:02d}", open_to_other_regions=True)
    make_visit(days=3, title="Régionale")
    first = client.get("/visites/").text
    assert card_titles(first) == [f"Ouverte {i:02d}" for i in range(20)]
    assert re.search(r'href="/visites/\?page=2" rel="next">', pager(first))
    second = client.get("/visites/?page=2").text
    assert card_titles(second) == ["Ouverte 20", "Ouverte 21"]
    assert re.search(r'href="/visites/" rel="prev">', pager(second))
    for page in (first, second):  # the tab and a screen reader read the title alone, no pager in it
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert title.strip() == "Visites ouvertes à toutes les régions · cellule", title
        assert page.count('class="pagination"') == 1


def test_my_registration_shows_on_its_page(client, auth, make_visit, member, register):
    visits = [make_visit(days=1 + i, title=f"V{i:02d}") for i in range(22)]
    person = member()
    register(visits[21], person)
    auth.login(person)
    assert "badge-mine" not in sections(client.get("/hauts-de-france/visites/").text)[0]
    assert "badge-mine" in sections(client.get("/hauts-de-france/visites/?page=2").text)[0]
