"""What the visit page tells a person who cannot register: why, and what they can do instead."""
from __future__ import annotations


def test_coordinator_on_their_own_regions_visit_reads_what_they_can_do(client, login, make_visit):
    visit = make_visit(open_to_partners=False)
    login("coordinator", region="hauts-de-france")
    response = client.get(f"/hauts-de-france/visites/{visit.id}")
    assert response.status_code == 200
    assert "pas ouverte à votre profil" not in response.text
    assert "Vous organisez cette visite pour la cellule de la région" in response.text
    assert 'href="#gestion"' in response.text and 'id="gestion"' in response.text


def test_a_person_outside_the_public_is_told_why(client, login, make_visit):
    visit = make_visit(open_to_partners=False)
    login("partner", region="hauts-de-france")
    login_page = client.get(f"/hauts-de-france/visites/{visit.id}")
    assert "réservée au public indiqué plus haut" in login_page.text
    assert "Vous organisez cette visite" not in login_page.text
