"""The visit page's participants, read as rows (``queries.listed_registrations``): names and PTCE as each
viewer may see them, escaped, in seat order, the waitlist numbered, a partner without a PTCE named so."""
from __future__ import annotations

import re

import sqlalchemy as sa

from cellule.blueprints.visits.models import Registration
from cellule.extensions import db


def _participants(html: str) -> str:
    return re.search(r'<section aria-labelledby="participants">.*?</section>', html, re.S).group(0)


def test_each_viewer_reads_the_participants_they_may_see(app, client, auth, make_visit, member, make_user,
                                                          make_ptce, register, host):
    visit = make_visit(capacity=2)
    anne = member(ptce=make_ptce("hauts-de-france", name="Pôle <Nord> & Co"), name="Anne <A>")
    bruno = make_user("partner", region="hauts-de-france", name="Bruno Élu")
    chloe, david = member(name="Chloé Discrète"), member(name="David Attente")
    for person in (anne, bruno, chloe, david):
        register(visit, person)
    db.session.execute(sa.update(Registration).where(Registration.user_id.in_([anne.id, bruno.id]))
                       .values(show_name=True))
    db.session.commit()
    path = f"/hauts-de-france/visites/{visit.id}"

    # a member of another PTCE: the count, then only those who agreed to appear
    auth.login(member(name="Eve Curieuse"))
    seen = _participants(client.get(path).get_data(as_text=True))
    assert "2 personnes inscrites." in seen
    assert "<li>Anne &lt;A&gt; (Pôle &lt;Nord&gt; &amp; Co)</li><li>Bruno Élu</li>" in seen
    assert "Chloé" not in seen and "David" not in seen
    auth.logout()

    # the host PTCE's people and the region's coordinators: everyone, confirmed first, the waitlist numbered
    for viewer in (member(ptce=host), make_user("coordinator", region="hauts-de-france")):
        auth.login(viewer)
        seen = _participants(client.get(path).get_data(as_text=True))
        rows = re.findall(r'<tr><td data-label="Nom">(.*?)</td><td data-label="PTCE">(.*?)</td>\s*'
                          r'<td data-label="Statut">(.*?)</td>', seen)
        assert rows == [("Anne &lt;A&gt;", "Pôle &lt;Nord&gt; &amp; Co", "Inscription confirmée"),
                        ("Bruno Élu", "Partenaire", "Inscription confirmée"),
                        ("Chloé Discrète", chloe.memberships[0].ptce.name, "Liste d'attente (n° 1)"),
                        ("David Attente", david.memberships[0].ptce.name, "Liste d'attente (n° 2)")], rows
        coordinates = viewer.memberships[0].role.value == "coordinator"
        assert ("Annuler l'inscription" in seen) is coordinates
        auth.logout()
