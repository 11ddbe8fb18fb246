"""A region's team page comes 20 people a page and 20 pending invitations a page, each list paged on
its own; removing someone from page 2 comes back to page 2 (issue 20: a page's cost stays flat)."""
import re

from cellule.blueprints.auth.models import PartnerKind, Role
from cellule.blueprints.auth.views.teams import PER_PAGE
from tests.perf.rows import add_invitations, add_people

URL = "/hauts-de-france/equipe"


def names(html: str) -> list[str]:
    return re.findall(r'<td data-label="Nom">([^<(]+)', html)


def invitations(html: str) -> list[str]:
    return re.findall(r"<li>(Invité \d+) &lt;", html)


def link(html: str, label: str, rel: str) -> str:
    nav = html.split(f'aria-label="{label}"', 1)[1].split("</nav>", 1)[0]
    return re.search(rf'href="([^"]+)" rel="{rel}"', nav).group(1).replace("&amp;", "&")


def test_team_and_invitations_page_apart(client, login, region):
    login("coordinator", region="hauts-de-france", name="Aa Coordination")
    add_people(PER_PAGE + 4, Role.PARTNER, region_id=region().id, partner_kind=PartnerKind.TECHNICIAN)
    add_invitations(PER_PAGE + 3, Role.PARTNER, region_id=region().id)
    first = client.get(URL).text
    assert len(names(first)) == PER_PAGE and len(invitations(first)) == PER_PAGE
    assert link(first, "Pages de l'équipe", "next") == f"{URL}?page=2"
    assert link(first, "Pages des invitations en attente", "next") == f"{URL}?invitations=2"
    second = client.get(f"{URL}?page=2&invitations=2").text
    assert len(names(second)) == 5 and len(invitations(second)) == 3
    assert not set(names(second)) & set(names(first))
    assert not set(invitations(second)) & set(invitations(first))
    assert link(second, "Pages de l'équipe", "prev") == f"{URL}?invitations=2"  # the other list keeps its page
    assert 'rel="next"' not in second


def test_bad_page_values_show_the_first_page(client, login, region):
    login("coordinator", region="hauts-de-france")
    add_people(PER_PAGE + 1, Role.PARTNER, region_id=region().id, partner_kind=PartnerKind.TECHNICIAN)
    first = names(client.get(URL).text)
    for bad in ("x", "0", "-3", "", "1e9", "99999999999999999999"):
        response = client.get(f"{URL}?page={bad}&invitations={bad}")
        assert response.status_code == 200, bad
        if bad != "99999999999999999999":
            assert names(response.text) == first, bad


def test_revoking_from_page_two_comes_back_to_page_two(client, login, region):
    login("coordinator", region="hauts-de-france", name="Aa Coordination")
    add_people(PER_PAGE + 2, Role.PARTNER, region_id=region().id, partner_kind=PartnerKind.TECHNICIAN)
    second = client.get(f"{URL}?page=2").text
    revoke = re.search(r'href="(/hauts-de-france/equipe/\d+/retirer[^"]*)"', second).group(1).replace("&amp;", "&")
    assert revoke.endswith("?page=2")
    confirm = client.get(revoke).text
    assert f'action="{revoke}"' in confirm and f'href="{URL}?page=2"' in confirm
    done = client.post(revoke, data={"confirm": "1"})
    assert done.status_code == 302 and done.headers["Location"] == f"{URL}?page=2"
    assert len(names(client.get(f"{URL}?page=2").text)) == 2


def test_inviting_from_page_two_comes_back_to_page_two(client, login, region):
    login("coordinator", region="hauts-de-france")
    response = client.post(f"{URL}?page=2", data={"email": "new@example.org", "name": "Nouvelle",
                                                  "role": "partner", "partner_kind": "technician"})
    assert response.status_code == 302 and response.headers["Location"] == f"{URL}?page=2"
