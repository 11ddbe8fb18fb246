"""Journeys through a real browser, at a phone and a desktop viewport: the directory and invitations.

The features' own journeys live beside this file: ``test_visit_journey.py``
(prepare and publish, register, waitlist, offer), ``test_calendar_journey.py``
(the personal calendar link) and ``test_collection_journey.py`` (questionnaire,
send back, validate, forward, XLSX). Their screens are in ``pages.py``.
"""
from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cellule.blueprints.auth.models import Role, User
from cellule.blueprints.directory.demo import demo_siret
from cellule.blueprints.directory.models import Ptce
from cellule.blueprints.directory.reference import Stage
from cellule.extensions import db
from tests.e2e.pages import Directory, Invitation, Members, Screen, link_in_mail, sign_in

pytestmark = pytest.mark.e2e


def test_coordinator_adds_a_ptce(browsing, make_user):
    coordinator = make_user("coordinator", region="bretagne")
    page = browsing.new_page()
    sign_in(page, coordinator.email)
    directory = Directory(page).open_region("bretagne")
    form = directory.add_ptce()
    form.expect_heading("Ajouter un PTCE")
    form.fill("Coopérative des Abers", "732 829 320 00074", "29",
              sectors=["Énergie, transition énergétique"], stage="Émergent")
    record = form.save()
    record.expect_heading("Coopérative des Abers")
    record.expect_flash("a été ajouté à l'annuaire")
    db.session.rollback()
    ptce = db.session.scalar(sa.select(Ptce).where(Ptce.name == "Coopérative des Abers"))
    assert ptce is not None and ptce.region.slug == "bretagne"
    assert (ptce.siret, ptce.department_code, ptce.stage, ptce.sectors) == (
        "73282932000074", "29", Stage.EMERGING, ["energy"])


def test_referent_invites_a_member_who_accepts_from_the_mail(browsing, make_ptce, make_user, outbox):
    ptce = make_ptce("la-reunion", name="Lakour du Sud", department_code="974")
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    page = browsing.new_page()
    sign_in(page, referent.email)
    Directory(page).open(f"/la-reunion/annuaire/{ptce.slug}").follow("Gérer les membres")
    members = Members(page).invite("nouvelle.membre@example.org", "Nadia Hoarau")
    members.expect_flash("Invitation envoyée à nouvelle.membre@example.org")
    expect(page.get_by_text("Nadia Hoarau <nouvelle.membre@example.org>")).to_be_visible()

    db.session.rollback()
    link = link_in_mail(outbox, "nouvelle.membre@example.org")
    assert link.startswith(browsing.base_url)
    invitee = browsing.new_page()  # the invited person, in their own browser
    invitation = Invitation(invitee).open(link)
    invitation.expect_heading("Rejoindre cellule")
    home = invitation.accept("Nadia Hoarau", "une phrase de passe assez longue")
    home.expect_flash("Bienvenue")
    Screen(invitee).nav("Mon profil")
    expect(invitee.get_by_role("link", name="Lakour du Sud")).to_be_visible()

    db.session.rollback()
    user = db.session.scalar(sa.select(User).where(User.email == "nouvelle.membre@example.org"))
    assert [(m.role, m.ptce_id, m.referent) for m in user.memberships] == [(Role.PTCE_MEMBER, ptce.id, False)]
    page.reload()
    assert "Nadia Hoarau" in Members(page).member_names()
    # The link was single-use.
    again = browsing.new_page()
    again.goto(link)
    expect(again.locator("h1")).to_have_text("Ce lien n'est plus valable")


def test_visitor_filters_the_directory_and_downloads_the_csv(browsing, make_ptce):
    make_ptce("hauts-de-france", name="Recyclerie du Beauvaisis", sectors=["eco_activities"],
              charter_signatory=True, siret=demo_siret(901))
    make_ptce("hauts-de-france", name="Maraîchage d'Audruicq", sectors=["agriculture_food"],
              siret=demo_siret(902))
    make_ptce("hauts-de-france", name="Ressourcerie de Roubaix", sectors=["eco_activities"],
              charter_signatory=False, siret=demo_siret(903))
    make_ptce("bretagne", name="Recyclerie de Brest", sectors=["eco_activities"], siret=demo_siret(904))
    page = browsing.new_page()
    directory = Directory(page).open_region("hauts-de-france")
    directory.expect_count("3 PTCE trouvés")
    directory.filter(sector="Éco-activités, développement durable, valorisation et recyclage des déchets")
    directory.expect_count("2 PTCE trouvés")
    assert sorted(directory.result_names()) == ["Recyclerie du Beauvaisis", "Ressourcerie de Roubaix"]
    directory.filter(charter="Signataire")
    directory.expect_count("1 PTCE trouvé")
    assert directory.result_names() == ["Recyclerie du Beauvaisis"]
    body = directory.download("CSV")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2, rows
    assert "Recyclerie du Beauvaisis" in rows[1]
    assert not any("Roubaix" in cell or "Brest" in cell for row in rows for cell in row)
