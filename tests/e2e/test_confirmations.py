"""Destructive actions ask first, in a real browser; a double click on « Créer le brouillon » makes one draft.

The cancel-visit confirmation is screenshotted at both viewports under test-artifacts/.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cellule.blueprints.visits import seats
from cellule.blueprints.visits.models import Visit, VisitStatus
from cellule.database import utcnow
from cellule.extensions import db
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import Screen, VisitList, sign_in

pytestmark = pytest.mark.e2e


def _visit(host, **fields) -> Visit:
    start = utcnow() + timedelta(days=14)
    visit = Visit(region_id=host.region_id, host_ptce_id=host.id, title="Visite de la conserverie",
                  starts_at=start, ends_at=start + timedelta(hours=3), address="5 quai des Usines, Amiens",
                  capacity=2, status=VisitStatus.PUBLISHED, sectors=[], topics=[], programme="", **fields)
    db.session.add(visit)
    db.session.commit()
    return visit


def _visit_seen_by_coordinator(context, make_user, visit, people):
    """Register `people` to the visit, then open its page as the region's coordinator; return the page."""
    for person in people:
        seats.register(visit.id, person)
    db.session.commit()
    coordinator = make_user("coordinator", region="hauts-de-france")
    page = context.new_page()
    sign_in(page, coordinator.email)
    Screen(page).open(f"/hauts-de-france/visites/{visit.id}")
    return page


def test_cancel_visit_asks_first_then_mails_everyone(browsing, make_user, make_ptce, outbox):
    host = make_ptce("hauts-de-france", name="Pôle hôte")
    visit = _visit(host)
    people = [make_user("ptce_member", region="hauts-de-france", name=n)
              for n in ("Awa Diallo", "Bastien Leroy", "Chloé Martin")]
    page = _visit_seen_by_coordinator(browsing, make_user, visit, people)
    page.get_by_role("link", name="Annuler la visite").click()
    screen = Screen(page).expect_heading("Annuler la visite « Visite de la conserverie » ?")
    screen.expect_no_sideways_scroll()
    expect(page.get_by_text("3 personnes recevront un courriel.")).to_be_visible()
    expect(page.get_by_text("2 personnes inscrites perdent leur place.")).to_be_visible()
    for person in people:
        expect(page.locator("ul.mailed")).to_contain_text(person.name)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"cancel-visit-confirmation-{browsing.viewport}.png"), full_page=True)
    db.session.rollback()
    assert db.session.get(Visit, visit.id).status is VisitStatus.PUBLISHED  # showing it changed nothing

    page.get_by_role("link", name="Ne rien faire et revenir").click()
    Screen(page).expect_heading("Visite de la conserverie")
    page.get_by_role("link", name="Annuler la visite").click()
    page.get_by_role("button", name="Annuler la visite et prévenir ces personnes").click()
    Screen(page).expect_flash("Visite annulée ; 3 personne(s) prévenue(s).")
    db.session.rollback()
    assert db.session.get(Visit, visit.id).status is VisitStatus.CANCELLED
    for person in people:
        assert outbox(person.email)[-1].subject == "Visite annulée : Visite de la conserverie"


def test_double_click_on_create_makes_one_draft(desktop, make_user, make_ptce, region, monkeypatch):
    make_ptce("hauts-de-france", name="Pôle hôte")
    coordinator = make_user("coordinator", region="hauts-de-france")
    tz = ZoneInfo(region("hauts-de-france").timezone)
    day = utcnow().astimezone(tz).date() + timedelta(days=30)
    page = desktop.new_page()
    sign_in(page, coordinator.email)
    form = VisitList(page).open_region("hauts-de-france").prepare()
    form.fill(host="Pôle hôte", title="Un seul brouillon", starts=datetime.combine(day, time(9, 0)),
              ends=datetime.combine(day, time(11, 0)), address="1 rue Unique, Arras", capacity=8,
              programme="", sectors=[], topics=[])
    # A slow server (the live server runs in this process): the second click lands while the first
    # submission is still being handled, as it does for a person on a slow connection.
    from cellule.blueprints.visits import services

    real_create = services.create_visit

    def slow_create(*args, **kwargs):
        import time

        time.sleep(0.8)
        return real_create(*args, **kwargs)

    monkeypatch.setattr(services, "create_visit", slow_create)
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    button = page.get_by_role("button", name="Créer le brouillon")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.dblclick(x, y)
    page.wait_for_timeout(300)
    if len(posts) < 2:  # Chromium folds a quick double click into one submission: click again, later
        page.mouse.click(x, y)
    Screen(page).expect_heading("Un seul brouillon")
    assert len(posts) == 2, "the double click must send the form twice for this test to mean anything"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)
                             .where(Visit.title == "Un seul brouillon")) == 1


def test_closing_a_cycle_lists_the_sessions_it_cancels(browsing, world_cycle):
    cycle, session, coordinator = world_cycle
    page = browsing.new_page()
    sign_in(page, coordinator.email)
    Screen(page).open(f"/hauts-de-france/transferts/cycles/{cycle.id}")
    page.get_by_role("link", name="Clôturer le cycle").click()
    expect(page.get_by_text(f"Séance « {session.title} »")).to_be_visible()
    Screen(page).expect_no_sideways_scroll()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"close-cycle-confirmation-{browsing.viewport}.png"), full_page=True)
    page.get_by_role("button", name="Clôturer le cycle").click()
    Screen(page).expect_flash("1 séance à venir annulée.")
    db.session.rollback()
    from cellule.blueprints.transfers.session_models import TransferSession

    assert db.session.get(TransferSession, session.id).cancelled


@pytest.fixture
def world_cycle(app, make_ptce, make_user):
    """An active cycle of Hauts-de-France with one session to come; its coordinator."""
    from cellule.blueprints.directory.reference import Stage
    from cellule.blueprints.transfers import services, session_services
    from cellule.blueprints.transfers.models import Side
    from cellule.blueprints.transfers.session_models import SessionMode

    mentee = make_ptce("hauts-de-france", name="Pôle Apprenant", stage=Stage.EMERGING)
    mentor = make_ptce("hauts-de-france", name="Pôle Aguerri", stage=Stage.CONSOLIDATED)
    coordinator = make_user("coordinator", region="hauts-de-france")
    mentee_ref = make_user("ptce_member", ptce=mentee, referent=True)
    mentor_ref = make_user("ptce_member", ptce=mentor, referent=True)
    with app.test_request_context():
        need = services.save_need(None, ptce=mentee, topic="governance", sector=None, description="Besoin")
        [cycle] = services.propose_cycles(need, [mentor], extra_mentees=[], title="Cycle gouvernance", topics=[],
                                          goals="Objectifs", planned_sessions=2, by=coordinator)
        cycle.accept(Side.MENTOR, mentor_ref)
        cycle.accept(Side.MENTEE, mentee_ref)
        cycle.start()
        start = utcnow() + timedelta(days=10)
        session = session_services.save_session(
            cycle, None, title="Séance statuts", starts_at=start, ends_at=start + timedelta(hours=2),
            mode=SessionMode.ON_SITE, address="Lille", online_url=None, attendees=[mentee_ref, mentor_ref])
    db.session.commit()
    return cycle, session, coordinator


def test_withdrawing_someone_asks_first_and_sends_the_reason(desktop, make_user, make_ptce, outbox):
    visit = _visit(make_ptce("hauts-de-france", name="Pôle hôte"))
    person = make_user("ptce_member", region="hauts-de-france", name="Denis Fabre")
    page = _visit_seen_by_coordinator(desktop, make_user, visit, [person])
    page.get_by_role("link", name="Annuler l'inscription de Denis Fabre").click()
    Screen(page).expect_heading("Annuler l'inscription de Denis Fabre ?")
    expect(page.get_by_text("1 personne recevra un courriel.")).to_be_visible()
    page.get_by_label("Motif communiqué à la personne (facultatif)").fill("Places réservées aux référent·es")
    page.get_by_role("button", name="Annuler cette inscription").click()
    Screen(page).expect_flash("L'inscription de Denis Fabre est annulée")
    removed = outbox(person.email)[-1]
    assert removed.subject == "Inscription annulée par l'organisation : Visite de la conserverie"
    assert "Motif indiqué : Places réservées aux référent·es" in removed.body_text
