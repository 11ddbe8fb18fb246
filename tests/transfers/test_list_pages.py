"""The transfers overview (cycles, needs, offers) and the other regions' offers come 20 rows a page,
each list paged on its own, the filters and the other lists' pages kept in the links (issue 20)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from cellule.blueprints.transfers.models import CycleStatus, NeedStatus, TransferCycle, TransferNeed, TransferOffer
from cellule.blueprints.transfers.views.market import PER_PAGE
from cellule.extensions import db

BASE = "/hauts-de-france/transferts"
# One instant for every row: the pages then order them by id, their tie-breaker.
WHEN = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
EXTRA = 5  # rows beyond the first page


def pager(html: str, label: str) -> str:
    """The links of the pager named ``label``, or "" when the list has a single page."""
    found = re.search(rf'<nav aria-label="{label}" class="pagination">(.*?)</nav>', html, re.S)
    return found.group(1) if found else ""


def link(html: str, label: str, rel: str) -> str | None:
    found = re.search(r'href="([^"]+)" rel="' + rel + '"', pager(html, label))
    return found.group(1).replace("&amp;", "&") if found else None


def section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def offers_in(html: str) -> list[str]:
    return re.findall(r"Offre \d\d", html)


@pytest.fixture
def many_rows(world):
    """``PER_PAGE + EXTRA`` cycles, needs and offers in Hauts-de-France; as many hr offers of
    La Réunion, and a funding one, that the coordinator sees among the other regions' offers."""
    count = PER_PAGE + EXTRA
    cycles = [TransferCycle(region_id=world.hdf.id, mentor_id=world.mentor.id, title=f"Cycle {i:02d}",
                            mentees=[world.mentee], status=CycleStatus.PROPOSED, created_at=WHEN)
              for i in range(count)]
    needs = [TransferNeed(ptce_id=world.mentee.id, topic="hr", description=f"Besoin {i:02d}",
                          status=NeedStatus.OPEN, created_at=WHEN) for i in range(count)]
    offers = [TransferOffer(ptce_id=world.mentor.id, topic="hr", description=f"Offre {i:02d}") for i in range(count)]
    far = [TransferOffer(ptce_id=world.far_mentee.id, topic="hr", description=f"Offre {i:02d}") for i in range(count)]
    far.append(TransferOffer(ptce_id=world.far_mentee.id, topic="funding", description="Offre 99"))
    db.session.add_all(cycles + needs + offers + far)
    db.session.commit()
    return [n.id for n in needs]


def test_the_overview_pages_its_three_lists_apart(client, world, as_user, many_rows):
    as_user(world.coordinator)
    first = client.get(f"{BASE}/").text
    cycles, needs, offers = (section(first, key) for key in ("cycles-titre", "besoins-titre", "offres-titre"))
    assert re.findall(r">(Cycle \d\d)<", cycles) == [f"Cycle {i:02d}" for i in range(PER_PAGE)]
    need_ids = [int(i) for i in re.findall(r'/besoins/(\d+)"', needs)]
    assert need_ids == many_rows[:PER_PAGE]
    assert offers_in(offers) == [f"Offre {i:02d}" for i in range(PER_PAGE)]
    assert 'aria-current="page">Page 1<' in pager(first, "Pages des besoins")
    assert link(first, "Pages des cycles de transfert", "next") == f"{BASE}/?cycles=2"
    assert link(first, "Pages des besoins", "next") == f"{BASE}/?besoins=2"
    assert link(first, "Pages des offres", "next") == f"{BASE}/?offres=2"

    second = client.get(f"{BASE}/?besoins=2&offres=2").text
    assert re.findall(r">(Cycle \d\d)<", section(second, "cycles-titre"))[0] == "Cycle 00"
    assert [int(i) for i in re.findall(r'/besoins/(\d+)"', section(second, "besoins-titre"))] == many_rows[PER_PAGE:]
    assert offers_in(section(second, "offres-titre")) == [f"Offre {i:02d}" for i in range(PER_PAGE, PER_PAGE + EXTRA)]
    assert link(second, "Pages des besoins", "next") is None
    # the other lists keep their page; a first page has no argument
    assert link(second, "Pages des besoins", "prev") == f"{BASE}/?offres=2"
    assert link(second, "Pages des cycles de transfert", "next") == f"{BASE}/?cycles=2&besoins=2&offres=2"

    beyond = client.get(f"{BASE}/?cycles=9").text
    assert "Cette page de la liste est vide." in section(beyond, "cycles-titre")


def test_the_other_regions_offers_come_a_page_at_a_time_with_their_filters(client, world, as_user, many_rows):
    as_user(world.coordinator)
    label = "Pages des offres des autres régions"
    first = client.get(f"{BASE}/autres-regions").text
    assert offers_in(first) == [f"Offre {i:02d}" for i in range(PER_PAGE)]
    assert link(first, label, "next") == f"{BASE}/autres-regions?page=2"
    last = client.get(f"{BASE}/autres-regions?page=2").text
    assert offers_in(last) == [f"Offre {i:02d}" for i in range(PER_PAGE, PER_PAGE + EXTRA)] + ["Offre 99"]
    assert link(last, label, "next") is None and link(last, label, "prev") == f"{BASE}/autres-regions"

    filtered = client.get(f"{BASE}/autres-regions?region={world.reunion.id}&topic=hr").text
    assert offers_in(filtered) == [f"Offre {i:02d}" for i in range(PER_PAGE)]
    following = link(filtered, label, "next")
    assert following == f"{BASE}/autres-regions?region={world.reunion.id}&topic=hr&page=2"
    second = client.get(following).text
    assert offers_in(second) == [f"Offre {i:02d}" for i in range(PER_PAGE, PER_PAGE + EXTRA)]  # no funding offer
    assert link(second, label, "prev") == f"{BASE}/autres-regions?region={world.reunion.id}&topic=hr"


@pytest.mark.parametrize("value", ["x", "0", "-3", "", "2.5", "1e3"])
def test_a_bad_page_number_means_the_first_page(client, world, as_user, many_rows, value):
    as_user(world.coordinator)
    others = client.get(f"{BASE}/autres-regions?page={value}")
    assert others.status_code == 200 and offers_in(others.text)[:2] == ["Offre 00", "Offre 01"]
    overview = client.get(f"{BASE}/?cycles={value}&besoins={value}&offres={value}")
    assert overview.status_code == 200
    assert offers_in(section(overview.text, "offres-titre"))[0] == "Offre 00"
    assert ">Cycle 00<" in section(overview.text, "cycles-titre")


def test_a_page_far_beyond_the_list_is_empty_not_an_error(client, world, as_user, many_rows):
    as_user(world.coordinator)
    page = client.get(f"{BASE}/autres-regions?page=99999999999999999999")
    assert page.status_code == 200 and offers_in(page.text) == []
    assert "Cette page de la liste est vide." in page.text
