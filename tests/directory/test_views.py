"""Directory pages: lists and filters, detail, create and edit, who may do what."""
from datetime import datetime, timezone

import sqlalchemy as sa

from cellule.blueprints.directory.models import Ptce
from cellule.extensions import db
from tests.submit import open_tab

VALID = {"name": "Pôle Test", "department_code": "59", "siret": "732 829 320 00074", "stage": "emerging",
         "sectors": ["energy", "culture"], "activity_types": ["services"], "communes": "59350 59009",
         "contact_email": "contact@example.org"}


def test_filters_and_search(client, make_ptce):
    make_ptce(name="Énergie Citoyenne", stage=__import__("cellule.blueprints.directory.reference",
              fromlist=["Stage"]).Stage.CONSOLIDATED, sectors=["energy"], department_code="62",
              charter_signatory=True, territory="Côte d'Opale")
    make_ptce(name="Culture Commune", sectors=["culture"], department_code="59")
    make_ptce("bretagne", name="Breizh Coop", sectors=["energy"])

    def names(url):
        page = client.get(url).get_data(as_text=True)
        return [n for n in ("Énergie Citoyenne", "Culture Commune", "Breizh Coop") if n in page]

    assert names("/hauts-de-france/annuaire/") == ["Énergie Citoyenne", "Culture Commune"]
    assert names("/hauts-de-france/annuaire/?sector=energy") == ["Énergie Citoyenne"]
    assert names("/hauts-de-france/annuaire/?stage=consolidated") == ["Énergie Citoyenne"]
    assert names("/hauts-de-france/annuaire/?department=59") == ["Culture Commune"]
    assert names("/hauts-de-france/annuaire/?charter=yes") == ["Énergie Citoyenne"]
    assert names("/hauts-de-france/annuaire/?q=opale") == ["Énergie Citoyenne"]
    assert names("/annuaire/?sector=energy") == ["Énergie Citoyenne", "Breizh Coop"]
    assert client.get("/hauts-de-france/annuaire/?page=999&sector=nonsense").status_code == 200


def test_coordinator_creates_a_ptce(client, login):
    login("coordinator", region="hauts-de-france")
    response = client.post("/hauts-de-france/annuaire/nouveau", data=VALID)
    assert response.status_code == 302
    ptce = db.session.scalar(sa.select(Ptce))
    assert response.headers["Location"] == f"/hauts-de-france/annuaire/{ptce.slug}"
    assert ptce.slug == "pole-test" and ptce.siret == "73282932000074"
    assert ptce.sectors == ["culture", "energy"] and ptce.communes == ["59350", "59009"]


def test_form_errors_are_french_and_nothing_is_saved(client, login):
    login("coordinator", region="hauts-de-france")
    page = client.post("/hauts-de-france/annuaire/nouveau",
                       data={**VALID, "siret": "73282932000075", "department_code": "20", "rna": "X1",
                             "charter_year": "2021"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for words in ("clé de contrôle est fausse", "Le département « 20 » n&#39;existe pas",
                  "W suivi de 9 chiffres", "Cochez « Signataire de la charte »"):
        assert words in html, words
    assert db.session.scalar(sa.select(sa.func.count(Ptce.id))) == 0


def test_duplicate_name_is_refused(client, login, make_ptce):
    make_ptce(name="Pôle Test")
    login("coordinator", region="hauts-de-france")
    page = client.post("/hauts-de-france/annuaire/nouveau", data={**VALID, "name": "pole test"})
    assert "existe déjà dans la région" in page.get_data(as_text=True)


def test_referent_edits_own_ptce_only(client, login, make_ptce):
    own, other = make_ptce(name="Mien"), make_ptce(name="Autre")
    login("ptce_member", ptce=own, referent=True)
    response = client.post(f"/hauts-de-france/annuaire/{own.slug}/modifier", data={**VALID, "name": "Mien renommé"})
    assert response.status_code == 302
    db.session.refresh(own)
    assert own.name == "Mien renommé" and own.slug.startswith("ptce-")  # slug (and links) kept
    assert client.get(f"/hauts-de-france/annuaire/{other.slug}/modifier").status_code == 403
    assert client.get("/hauts-de-france/annuaire/nouveau").status_code == 403


def test_plain_member_cannot_edit(client, login, make_ptce):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce)
    assert client.get(f"/hauts-de-france/annuaire/{ptce.slug}/modifier").status_code == 403
    assert client.get(f"/hauts-de-france/annuaire/{ptce.slug}/membres").status_code == 403


def test_foreign_coordinator_gets_404(client, login, make_ptce):
    ptce = make_ptce("hauts-de-france")
    login("coordinator", region="bretagne")
    assert client.get(f"/hauts-de-france/annuaire/{ptce.slug}/modifier").status_code == 404
    assert client.post(f"/hauts-de-france/annuaire/{ptce.slug}/supprimer").status_code == 404
    assert client.get(f"/bretagne/annuaire/{ptce.slug}").status_code == 404  # wrong region in the URL
    assert db.session.get(Ptce, ptce.id) is not None


def test_private_contact_only_for_members_coordinators_council(client, auth, make_user, make_ptce):
    ptce = make_ptce(contact_email="prive@example.org")
    url = f"/hauts-de-france/annuaire/{ptce.slug}"
    assert "prive@example.org" not in client.get(url).get_data(as_text=True)
    for user, visible in [(make_user("ptce_member"), False), (make_user("coordinator", region="bretagne"), False),
                          (make_user("ptce_member", ptce=ptce), True), (make_user("coordinator"), True),
                          (make_user("council_observer"), True)]:
        auth.login(user)
        assert ("prive@example.org" in client.get(url).get_data(as_text=True)) is visible
        auth.logout()


def test_coordinator_deletes_a_ptce(client, login, make_ptce):
    ptce = make_ptce()
    login("coordinator")
    assert client.post(f"/hauts-de-france/annuaire/{ptce.slug}/supprimer").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Ptce.id))) == 0


def test_region_home_and_national_home(client, make_ptce):
    make_ptce("la-reunion")
    make_ptce("la-reunion")
    page = client.get("/la-reunion/").get_data(as_text=True)
    assert "Cellule régionale La Réunion" in page and "2 PTCE dans la région" in page
    assert "CRESS La Réunion" in page and "La Réunion (UTC+04:00)" in page
    home = client.get("/").get_data(as_text=True)
    assert "/la-reunion/" in home and "2 PTCE recensés en France" in home


def test_dates_are_shown_in_the_region_time_zone(app):
    from cellule.templating import localdatetime

    moment = datetime(2026, 3, 29, 8, 0, tzinfo=timezone.utc)  # the day Paris moves to summer time
    with app.test_request_context():
        assert localdatetime(moment, "Europe/Paris") == "29 mars 2026 à 10:00"
        assert localdatetime(moment, "Indian/Reunion") == "29 mars 2026 à 12:00"
        assert localdatetime(moment, "America/Cayenne") == "29 mars 2026 à 05:00"


def test_demo_is_idempotent(runner):
    from cellule.blueprints.auth.models import Membership, User

    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = [db.session.scalar(sa.select(sa.func.count(m.id))) for m in (Ptce, User, Membership)]
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert [db.session.scalar(sa.select(sa.func.count(m.id))) for m in (Ptce, User, Membership)] == counts
    regions = set(db.session.scalars(sa.select(Ptce.region_id).distinct()))
    assert len(regions) >= 3
    assert "cellule-demo-2026" in first.output and "admin@example.org" in first.output


def test_search_ignores_case_accents_and_french_endings(client, make_ptce):
    make_ptce(name="Écopôle du Littoral", description="Un lieu de coopération entre entreprises.")
    make_ptce(name="Culture Commune", territory="Bassin minier")
    make_ptce("bretagne", name="ECOPOLE Breizh", description="Coopératives bretonnes")

    def names(url):
        page = client.get(url).get_data(as_text=True)
        return [n for n in ("Écopôle du Littoral", "Culture Commune", "ECOPOLE Breizh") if n in page]

    for q in ("écopôle", "Ecopole", "ECOPÔLE", "ecopoles"):
        assert names(f"/hauts-de-france/annuaire/?q={q}") == ["Écopôle du Littoral"], q
        assert names(f"/annuaire/?q={q}") == ["Écopôle du Littoral", "ECOPOLE Breizh"], q
    assert names("/hauts-de-france/annuaire/?q=cooperation") == ["Écopôle du Littoral"]
    assert names("/hauts-de-france/annuaire/?q=COOPÉRATIONS") == ["Écopôle du Littoral"]
    assert names("/hauts-de-france/annuaire/?q=cooperation+minier") == []  # every word must match
    assert names("/hauts-de-france/annuaire/?q=MINIER") == ["Culture Commune"]
    assert names("/hauts-de-france/annuaire/?q=%27%22%25") == ["Écopôle du Littoral", "Culture Commune"]


def test_two_tabs_on_a_ptce_record_never_overwrite_silently(client, login, make_ptce):
    ptce = make_ptce(name="Pôle Test", siret="73282932000074", contact_phone="01 02 03 04 05")
    login("coordinator", region="hauts-de-france")
    url = f"/hauts-de-france/annuaire/{ptce.slug}/modifier"
    a, b = open_tab(client, url), open_tab(client, url)
    assert client.post(url, data={**VALID, "name": "Pôle Test", "contact_phone": "09 99 99 99 99", **a}).status_code == 302
    page = client.post(url, data={**VALID, "name": "Pôle Renommé", "contact_phone": "01 02 03 04 05", **b})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Modifié entre-temps" in html
    assert '<a href="#contact_phone"><strong>Téléphone du contact</strong></a> : désormais « 09 99 99 99 99 »' in html
    assert 'value="Pôle Renommé"' in html and 'value="09 99 99 99 99"' in html  # input kept, newer value taken
    db.session.refresh(ptce)
    assert (ptce.name, ptce.contact_phone) == ("Pôle Test", "09 99 99 99 99")
