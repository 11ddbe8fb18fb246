"""The follow-up page of a region's sheets comes 20 drafts, 20 proposed changes and 20 overdue sheets a
page, each list paged on its own (issue 20: a page's cost stays flat); the national one pages the same."""
import re
from datetime import date

from cellule.blueprints.resources import pending
from cellule.blueprints.resources.models import Revision, Sheet
from cellule.blueprints.resources.reference import Category, RevisionState, Scope, SheetStatus
from cellule.blueprints.resources.views.display import PER_PAGE
from cellule.database import utcnow
from cellule.extensions import db
from tests.perf.rows import insert

URL = "/hauts-de-france/fiches/suivi"
COUNT = PER_PAGE + 5
PAGERS = {"brouillons": "Pages des brouillons", "modifications": "Pages des modifications proposées",
          "revoir": "Pages des fiches à revoir"}


def add_drafts(region_id: int | None, n: int = COUNT) -> None:
    """``n`` drafts past their review date, changed at the same instant, each with a proposed change."""
    now = utcnow()
    scope = Scope.REGIONAL if region_id else Scope.NATIONAL
    ids = insert(Sheet, [dict(title=f"Brouillon {i:02d}", category=Category.LEGAL, scope=scope, region_id=region_id,
                              status=SheetStatus.DRAFT, review_by=date(2020, 1, 1), created_at=now, updated_at=now)
                         for i in range(n)], "title")
    insert(Revision, [dict(sheet_id=s, number=2, state=RevisionState.PROPOSED, title=f"Brouillon {i:02d}",
                           category=Category.LEGAL, created_at=now) for i, s in enumerate(ids)])
    pending.rebuild(db.session.connection())  # as the bulk loaders: the changes filed by library
    db.session.commit()


def sections(html: str) -> dict[str, str]:
    """Each list's section by its URL argument."""
    html = html.split('id="nationales-titre"', 1)[0]
    parts = re.split(r'id="(brouillons|modifs|revoir)-titre"', html)
    found = dict(zip(parts[1::2], parts[2::2]))
    return {"brouillons": found.get("brouillons", ""), "modifications": found["modifs"], "revoir": found["revoir"]}


def titles(section: str) -> list[str]:
    return re.findall(r"(Brouillon \d\d)", section)


def link(section: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)" rel="{rel}"', section)
    return found.group(1).replace("&amp;", "&") if found else None


def test_region_review_pages_each_list(client, login, region):
    login("coordinator", region="hauts-de-france")
    add_drafts(region().id)
    first = sections(client.get(URL).text)
    for arg, section in first.items():
        assert len(titles(section)) == PER_PAGE, arg
        assert f'aria-label="{PAGERS[arg]}"' in section and link(section, "next") == f"{URL}?{arg}=2"
    assert titles(first["revoir"]) == [f"Brouillon {i:02d}" for i in range(PER_PAGE)]  # an id tie-breaker
    assert titles(first["brouillons"]) == [f"Brouillon {i:02d}" for i in range(COUNT - 1, 4, -1)]
    second = sections(client.get(f"{URL}?brouillons=2&modifications=2&revoir=2").text)
    for arg, section in second.items():
        assert len(titles(section)) == COUNT - PER_PAGE and link(section, "next") is None, arg
        assert not set(titles(section)) & set(titles(first[arg])), arg
    assert link(second["revoir"], "prev") == f"{URL}?brouillons=2&modifications=2"  # the others keep theirs


def test_region_review_bad_page_values_show_the_first_page(client, login, region):
    login("coordinator", region="hauts-de-france")
    add_drafts(region().id)
    first = sections(client.get(URL).text)
    for bad in ("x", "0", "-1", "", "2.5"):
        response = client.get(f"{URL}?brouillons={bad}&modifications={bad}&revoir={bad}")
        assert response.status_code == 200, bad
        assert {k: titles(v) for k, v in sections(response.text).items()} == \
            {k: titles(v) for k, v in first.items()}, bad
    assert client.get(f"{URL}?revoir=99999999999999999999").status_code == 200


def test_national_review_pages_changes_and_overdue(client, login):
    login("council_admin")
    add_drafts(None)
    first = sections(client.get("/fiches/suivi").text)
    assert len(titles(first["modifications"])) == len(titles(first["revoir"])) == PER_PAGE
    assert link(first["revoir"], "next") == "/fiches/suivi?revoir=2"
    second = sections(client.get("/fiches/suivi?modifications=2").text)
    assert len(titles(second["modifications"])) == COUNT - PER_PAGE and len(titles(second["revoir"])) == PER_PAGE
