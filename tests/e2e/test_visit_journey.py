"""Learning visits in a real browser: a coordinator prepares and publishes a visit that a member
then registers for; register, land on the waitlist, free a seat, accept the offer."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cellule.blueprints.calendar.models import Event, EventKind
from cellule.blueprints.visits.models import RegistrationStatus, Registration, Visit, VisitStatus
from cellule.database import utcnow
from cellule.extensions import db
from tests.e2e.pages import Screen, VisitList, sign_in

pytestmark = pytest.mark.e2e


def published_visit(host, capacity: int = 1, programme: str = "") -> Visit:
    """A published three-hour visit in two weeks at `host`, committed."""
    start = utcnow() + timedelta(days=14)
    visit = Visit(region_id=host.region_id, host_ptce_id=host.id, title="Visite du tiers-lieu",
                  starts_at=start, ends_at=start + timedelta(hours=3), address="12 rue du Pont, Beauvais",
                  capacity=capacity, status=VisitStatus.PUBLISHED, sectors=[], topics=[], programme=programme)
    db.session.add(visit)
    db.session.commit()
    return visit


def test_waitlist_then_offer_accepted(browsing, make_user, make_ptce):
    visit = published_visit(make_ptce("hauts-de-france", name="Pôle hôte"))
    first = make_user("ptce_member", region="hauts-de-france")
    second = make_user("ptce_member", region="hauts-de-france")
    url = f"/hauts-de-france/visites/{visit.id}"

    one = browsing.new_page()
    sign_in(one, first.email)
    Screen(one).open(url).expect_heading("Visite du tiers-lieu")
    one.get_by_role("button", name="M'inscrire", exact=True).click()
    Screen(one).expect_flash("Inscription confirmée")
    expect(one.get_by_text("Vous êtes inscrit·e.")).to_be_visible()

    two = browsing.new_page()
    sign_in(two, second.email)
    Screen(two).open(url)
    two.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    expect(two.get_by_text("Vous êtes sur la liste d'attente, en position 1.")).to_be_visible()

    one.get_by_role("link", name="Annuler mon inscription").click()
    one.get_by_role("button", name="Oui, annuler mon inscription").click()
    Screen(one).expect_flash("Votre inscription est annulée")

    Screen(two).open(url)
    expect(two.get_by_text("Une place vous est proposée")).to_be_visible()
    two.get_by_role("button", name="Accepter la place").click()
    expect(two.get_by_text("Vous êtes inscrit·e.")).to_be_visible()

    db.session.rollback()
    statuses = dict(db.session.execute(sa.select(Registration.user_id, Registration.status)
                                       .where(Registration.visit_id == visit.id)).all())
    assert statuses == {first.id: RegistrationStatus.CANCELLED, second.id: RegistrationStatus.CONFIRMED}


def test_coordinator_publishes_a_visit_a_member_registers_for(browsing, make_user, make_ptce, region, outbox):
    make_ptce("hauts-de-france", name="Pôle hôte")
    coordinator = make_user("coordinator", region="hauts-de-france")
    member = make_user("ptce_member", region="hauts-de-france")
    tz = ZoneInfo(region("hauts-de-france").timezone)
    day = utcnow().astimezone(tz).date() + timedelta(days=21)
    starts, ends = datetime.combine(day, time(9, 30)), datetime.combine(day, time(12, 0))

    page = browsing.new_page()
    sign_in(page, coordinator.email)
    form = VisitList(page).open_region("hauts-de-france").prepare()
    form.expect_heading("Préparer une visite").expect_no_sideways_scroll()
    visit_page = form.fill(
        host="Pôle hôte", title="La recyclerie et son atelier vélo", starts=starts, ends=ends,
        address="3 rue des Ateliers, Beauvais", capacity=12,
        programme="- accueil café\n- tour de l'atelier", sectors=["Mobilité"],
        topics=["Gouvernance"]).save()
    visit_page.expect_heading("La recyclerie et son atelier vélo").expect_flash("Visite enregistrée en brouillon")
    visit_page.expect_status("Brouillon")

    db.session.rollback()
    visit = db.session.scalar(sa.select(Visit).where(Visit.title == "La recyclerie et son atelier vélo"))
    assert visit.status is VisitStatus.DRAFT and visit.created_by_id == coordinator.id
    url = f"/hauts-de-france/visites/{visit.id}"
    # Until it is published, the member neither sees the draft nor may open it.
    other = browsing.new_page()
    sign_in(other, member.email)
    assert "La recyclerie et son atelier vélo" not in VisitList(other).open_region("hauts-de-france").titles()
    assert other.goto(url).status == 403

    visit_page.publish().expect_flash("Visite publiée : les inscriptions sont ouvertes.").expect_status("Publiée")

    db.session.rollback()
    visit = db.session.get(Visit, visit.id)
    assert visit.status is VisitStatus.PUBLISHED
    # The wall-clock times typed are the region's own.
    assert (visit.starts_at, visit.ends_at) == (starts.replace(tzinfo=tz), ends.replace(tzinfo=tz))
    assert (visit.address, visit.capacity, visit.sectors, visit.topics) == (
        "3 rue des Ateliers, Beauvais", 12, ["mobility"], ["governance"])
    assert visit.open_to_members and visit.open_to_partners and not visit.open_to_other_regions
    event = db.session.scalar(sa.select(Event).where(Event.source_type == "visit", Event.source_id == visit.id))
    assert (event.uid, event.kind, event.title) == (f"visit-{visit.id}@cellule", EventKind.VISIT, visit.title)

    visits = VisitList(other).open_region("hauts-de-france")
    assert visits.titles() == ["La recyclerie et son atelier vélo"]
    member_page = visits.visit("La recyclerie et son atelier vélo")
    member_page.expect_heading("La recyclerie et son atelier vélo")
    expect(other.get_by_text("0 inscrit·e sur 12 places")).to_be_visible()
    member_page.register().expect_flash("Inscription confirmée").expect_registered()
    expect(other.get_by_text("1 inscrit·e sur 12 places")).to_be_visible()

    db.session.rollback()
    reg = db.session.scalar(sa.select(Registration).where(Registration.visit_id == visit.id))
    assert (reg.user_id, reg.status) == (member.id, RegistrationStatus.CONFIRMED)
    [mail] = outbox(member.email)
    assert mail.subject == "Inscription confirmée : La recyclerie et son atelier vélo"
    assert [a["content_type"].split(";")[0] for a in mail.attachments] == ["text/calendar"]
    # The organiser sees the new participant by name.
    page.reload()
    expect(page.get_by_role("table", name="Inscriptions en cours")).to_contain_text(member.name)
