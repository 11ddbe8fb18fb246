"""Who sees and changes what: drafts, publication, region isolation, national sheets."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from cellule.blueprints.resources.models import Revision, Sheet
from cellule.blueprints.resources.reference import RevisionState, SheetStatus
from cellule.extensions import db

FORM = {"title": "Accueillir un membre", "summary": "", "body": "Trois étapes.", "category": "setup",
        "tags": "accueil", "review_by": "", "note": ""}


def test_member_writes_a_draft_a_coordinator_publishes(client, auth, make_user, make_ptce):
    ptce = make_ptce("hauts-de-france", name="Emergence Beauvaisis")
    member = make_user("ptce_member", ptce=ptce)
    colleague = make_user("ptce_member", ptce=ptce)
    auth.login(member)
    response = client.post("/hauts-de-france/fiches/nouvelle", data=FORM)
    assert response.status_code == 302
    sheet = db.session.scalar(sa.select(Sheet))
    assert sheet.status is SheetStatus.DRAFT and sheet.author_ptce_id == ptce.id
    url = f"/hauts-de-france/fiches/{sheet.id}"
    assert client.get(url).status_code == 200
    # The author may keep editing the draft, but not publish it.
    assert client.post(url + "/modifier", data={**FORM, "body": "Quatre étapes."}).status_code == 302
    assert client.post(url + "/publier").status_code == 403
    auth.logout()
    # Drafts: hidden from the public, from other people of the region, from other regions.
    assert client.get(url).status_code == 302  # sign-in asked
    auth.login(make_user("partner", region="hauts-de-france"))
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(make_user("coordinator", region="bretagne"))
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(colleague)  # a member of the signing PTCE is an author too
    assert client.get(url).status_code == 200
    auth.logout()
    auth.login(make_user("coordinator", region="hauts-de-france"))
    assert "Accueillir un membre" in client.get("/hauts-de-france/fiches/suivi").get_data(as_text=True)
    assert client.post(url + "/publier").status_code == 302
    auth.logout()
    page = client.get(url).get_data(as_text=True)
    assert "Quatre étapes." in page
    assert "Accueillir un membre" in client.get("/hauts-de-france/fiches/").get_data(as_text=True)


def test_who_may_write_in_a_region(client, auth, make_user, make_ptce):
    auth.login(make_user("partner", region="hauts-de-france"))
    assert client.get("/hauts-de-france/fiches/nouvelle").status_code == 403
    auth.logout()
    auth.login(make_user("ptce_member", ptce=make_ptce("bretagne")))
    assert client.post("/hauts-de-france/fiches/nouvelle", data=FORM).status_code == 404
    assert client.post("/fiches/nouvelle", data=FORM).status_code == 403
    auth.logout()
    assert client.get("/hauts-de-france/fiches/nouvelle").status_code == 302
    auth.login(make_user("council_admin"))
    assert client.post("/fiches/nouvelle", data=FORM).status_code == 302
    assert db.session.scalar(sa.select(Sheet)).is_national


def test_region_isolation_of_editing(client, auth, make_user, make_sheet):
    sheet = make_sheet("hauts-de-france")
    auth.login(make_user("coordinator", region="bretagne"))
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=FORM).status_code == 404
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/archiver").status_code == 404
    # A sheet is only reached through its own region's address.
    assert client.get(f"/bretagne/fiches/{sheet.id}").status_code == 404
    assert client.get(f"/fiches/{sheet.id}").status_code == 404
    assert len(db.session.scalars(sa.select(Revision)).all()) == 1


def test_national_sheets_edited_by_the_council_proposed_by_others(client, auth, make_user, make_ptce,
                                                                   make_sheet):
    sheet = make_sheet(None, national=True, title="Financements", author=make_user("council_admin"))
    auth.login(make_user("coordinator", region="bretagne"))
    page = client.get(f"/fiches/{sheet.id}").get_data(as_text=True)
    assert "Proposer une modification" in page
    client.post(f"/fiches/{sheet.id}/modifier", data={**FORM, "category": "funding"})
    assert client.post(f"/fiches/{sheet.id}/archiver").status_code == 403
    auth.logout()
    assert client.post(f"/fiches/{sheet.id}/modifier", data=FORM).status_code == 302  # sign in
    auth.login(make_user("partner", region="bretagne"))
    assert client.post(f"/fiches/{sheet.id}/modifier", data=FORM).status_code == 403
    states = [r.state for r in db.session.scalars(sa.select(Revision).order_by(Revision.number))]
    assert states == [RevisionState.APPLIED, RevisionState.PROPOSED]
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).title == "Financements"


def test_archived_sheets_leave_the_libraries(client, auth, make_user, make_sheet):
    coordinator = make_user("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=coordinator, title="Fiche retirée")
    auth.login(coordinator)
    client.post(f"/hauts-de-france/fiches/{sheet.id}/archiver")
    assert "Fiche retirée" in client.get("/hauts-de-france/fiches/?statut=archived").get_data(as_text=True)
    auth.logout()
    assert "Fiche retirée" not in client.get("/hauts-de-france/fiches/").get_data(as_text=True)
    assert "Fiche retirée" not in client.get("/hauts-de-france/fiches/?statut=archived").get_data(as_text=True)
    assert client.get(f"/hauts-de-france/fiches/{sheet.id}").status_code == 302


def test_follow_up_page_is_for_coordinators(client, auth, make_user, make_ptce):
    auth.login(make_user("ptce_member", ptce=make_ptce("hauts-de-france")))
    assert client.get("/hauts-de-france/fiches/suivi").status_code == 403
    assert client.get("/fiches/suivi").status_code == 403
    auth.logout()
    auth.login(make_user("coordinator", region="bretagne"))
    assert client.get("/hauts-de-france/fiches/suivi").status_code == 404


def test_overdue_list(client, auth, make_user, make_sheet):
    coordinator = make_user("coordinator", region="hauts-de-france")
    make_sheet(author=coordinator, title="Fiche périmée", review_by=date.today() - timedelta(days=3))
    make_sheet(author=coordinator, title="Fiche à jour", review_by=date.today() + timedelta(days=30))
    make_sheet("bretagne", title="Fiche bretonne périmée", review_by=date.today() - timedelta(days=3))
    auth.logout()
    auth.login(coordinator)
    page = client.get("/hauts-de-france/fiches/suivi").get_data(as_text=True)
    section = page.split('id="revoir-titre"', 1)[1].split("</section>", 1)[0]
    assert "Fiche périmée" in section
    assert "Fiche à jour" not in section and "Fiche bretonne" not in section


def test_council_observer_sees_published_only(client, auth, make_user, make_sheet):
    draft = make_sheet(title="Brouillon secret", publish=False)
    make_sheet(title="Fiche publique")
    auth.login(make_user("council_observer"))
    page = client.get("/hauts-de-france/fiches/").get_data(as_text=True)
    assert "Fiche publique" in page and "Brouillon secret" not in page
    assert client.get(f"/hauts-de-france/fiches/{draft.id}").status_code == 403


def test_overdue_warning_on_the_sheet_for_managers(client, auth, make_user, make_sheet):
    coordinator = make_user("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=coordinator, review_by=date.today() - timedelta(days=1))
    assert "date de révision est dépassée" not in client.get(f"/hauts-de-france/fiches/{sheet.id}").get_data(as_text=True)
    auth.login(coordinator)
    assert "date de révision est dépassée" in client.get(f"/hauts-de-france/fiches/{sheet.id}").get_data(as_text=True)


@pytest.mark.parametrize("season", ["2027-01-12", "2027-07-13"])
def test_overdue_is_measured_by_the_regions_own_day(client, auth, make_user, make_sheet, clock, season):
    """« À revoir » and the sheet's notice compare the review date with the day it is in the sheet's
    region, not on the server (UTC): at 21:00 UTC it is tomorrow in La Réunion (UTC+4), at 02:00 UTC it
    is still yesterday in Guadeloupe (UTC−4), in winter and in summer."""
    day = date.fromisoformat(season)
    clock(f"{season}T12:00:00+00:00")
    reunion = make_user("coordinator", region="la-reunion")
    guadeloupe = make_user("coordinator", region="guadeloupe")
    due_today_in_utc = make_sheet("la-reunion", author=reunion, title="Fiche réunionnaise", review_by=day)
    due_yesterday_in_utc = make_sheet("guadeloupe", author=guadeloupe, title="Fiche guadeloupéenne",
                                      review_by=day)

    def overdue(slug: str) -> str:
        page = client.get(f"/{slug}/fiches/suivi").get_data(as_text=True)
        return page.split('id="revoir-titre"', 1)[1].split("</section>", 1)[0]

    def notice(slug: str, sheet) -> bool:
        return "date de révision est dépassée" in client.get(f"/{slug}/fiches/{sheet.id}").get_data(as_text=True)

    clock(f"{season}T21:00:00+00:00")  # the 13th (or 14th) already in La Réunion
    auth.login(reunion)
    assert "Fiche réunionnaise" in overdue("la-reunion") and notice("la-reunion", due_today_in_utc)
    auth.logout()
    clock(f"{day + timedelta(days=1)}T02:00:00+00:00")  # still the review day in Guadeloupe
    auth.login(guadeloupe)
    assert "Fiche guadeloupéenne" not in overdue("guadeloupe") and not notice("guadeloupe", due_yesterday_in_utc)
    clock(f"{day + timedelta(days=1)}T04:30:00+00:00")  # the next day there too
    assert "Fiche guadeloupéenne" in overdue("guadeloupe") and notice("guadeloupe", due_yesterday_in_utc)
