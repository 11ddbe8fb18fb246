"""Invitation forms posted as a browser sends them: only the fields the page shows.

The PTCE members and council pages do not show the partner-kind select; a
browser therefore does not send it, and the invitation must still go out.
"""
from __future__ import annotations

from cellule.blueprints.auth.models import Role


def test_referent_invites_without_a_partner_kind(login, make_ptce, client, outbox):
    ptce = make_ptce("hauts-de-france")
    login("ptce_member", ptce=ptce, referent=True)
    page = client.get(f"/hauts-de-france/annuaire/{ptce.slug}/membres")
    assert b'name="partner_kind"' not in page.data
    response = client.post(f"/hauts-de-france/annuaire/{ptce.slug}/membres",
                           data={"email": "new@example.org", "name": "Nouvelle", "role": "ptce_member"})
    assert response.status_code == 302
    [mail] = outbox("new@example.org")
    assert mail.template == "invitation"


def test_council_admin_invites_without_partner_kind_or_referent(login, client, outbox):
    login("council_admin")
    page = client.get("/conseil/equipe")
    assert b'name="partner_kind"' not in page.data and b'name="referent"' not in page.data
    response = client.post("/conseil/equipe", data={"email": "obs@example.org", "name": "Observatrice",
                                                    "role": Role.COUNCIL_OBSERVER.value})
    assert response.status_code == 302
    assert len(outbox("obs@example.org")) == 1
