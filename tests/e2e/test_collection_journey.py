"""Data collection in a real browser: a referent answers, the region sends back, corrects,
validates and forwards; the national council downloads the forwarded answers as XLSX."""
from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cellule.blueprints.collection import forwarding, services
from cellule.blueprints.collection.exports import WIDE_KEYS
from cellule.blueprints.collection.lifecycle import ResponseStatus
from cellule.blueprints.collection.models import Response
from cellule.blueprints.collection.snapshots import Snapshot
from cellule.database import utcnow
from cellule.extensions import db
from tests.collection.conftest import complete_answers
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import (CollectionIndex, CouncilCollection, Questionnaire, Review, Screen, link_in_mail,
                             sign_in)

pytestmark = pytest.mark.e2e

YEAR = utcnow().year - 1
JOBS = "Emplois créés dans l'année"
COMMENT = "14 emplois créés en un an : comptez-vous ceux de vos membres ? Seuls ceux du PTCE."


def _open_campaign():
    questionnaire = services.ensure_national_questionnaire()
    campaign = services.create_campaign(YEAR, f"Collecte nationale {YEAR}", date(YEAR + 1, 1, 15),
                                        date(YEAR + 1, 6, 30), questionnaire)
    campaign.open()
    db.session.commit()
    return campaign


def _response(ptce) -> Response:
    db.session.rollback()
    return db.session.scalar(sa.select(Response).where(Response.ptce_id == ptce.id))


def test_referent_answers_region_sends_back_then_validates_and_forwards(browsing, make_user, make_ptce,
                                                                          outbox):
    campaign = _open_campaign()
    ptce = make_ptce("hauts-de-france", name="Coopérative du Marais")
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    coordinator = make_user("coordinator", region="hauts-de-france")

    # The referent answers the questionnaire and submits it.
    page = browsing.new_page()
    sign_in(page, referent.email)
    form = CollectionIndex(page).open_region("hauts-de-france").answers_of("Coopérative du Marais")
    form.expect_status("Non commencé")
    (form.type("Année de création du PTCE", 2016)
         .select("Votre échelle d'action", "Départementale")
         .tick("Secteurs d'activité du PTCE", "Agriculture et alimentation", "Mobilité")
         .tick("Types d'activités", "Gestion de tiers-lieu")
         .type("Nombre de membres fondateurs", 6)
         .type("Nombre de membres aujourd'hui", 14)
         .row(1, Nom="Association La Clé des champs", Type="Associations", Taille="Entre 0 et 10 salarié·e·s")
         .choose("L'animation du PTCE est assurée", "Par une cellule d'animation")
         .choose("Des salarié·e·s sont-ils dédiés à l'animation de la coopération ?", "Oui")
         .type("Équivalents temps plein dédiés à l'animation", "1,5")
         .choose("Le PTCE dispose-t-il d'un budget propre ?", "Oui")
         .type("Montant du budget annuel", "150 000")
         .type("Part des subventions publiques", "60")
         .type("Part de la vente de services", "40")
         .type(JOBS, 14)
         .type("Emplois maintenus dans l'année", 9)
         .type("Décrivez les principales actions", "Une légumerie et des paniers livrés à vélo."))
    form.expect_no_sideways_scroll()  # the table of member structures scrolls in its own box
    form.submit().expect_flash("Réponses soumises à la cellule régionale. Merci !").expect_status("Soumis")

    expected = {
        "creation_year": 2016, "action_scale": "departmental", "sectors": ["agriculture_food", "mobility"],
        "activity_types": ["third_place"], "founding_members": 6, "current_members": 14,
        "member_structures": [{"name": "Association La Clé des champs", "structure_type": "association",
                               "size": "s0_10"}],
        "animation_by": "animation_cell", "dedicated_staff": "yes", "staff_fte": 1.5, "own_budget": "yes",
        "budget_amount": 150000.0, "share_public_subsidies": 60.0, "share_service_sales": 40.0,
        "jobs_created": 14, "jobs_maintained": 9,
        "ecological_actions_detail": "Une légumerie et des paniers livrés à vélo.",
    }
    response = _response(ptce)
    assert response.status is ResponseStatus.SUBMITTED and response.answers == expected
    assert [m.subject for m in outbox(coordinator.email)] == ["Réponses de Coopérative du Marais à examiner"]

    # The coordinator follows the mail's link and sends the answers back with a comment.
    desk = browsing.new_page()
    sign_in(desk, coordinator.email)
    review = Review(desk).open(link_in_mail(outbox, coordinator.email, r"https?://\S+/examen"))
    review.expect_heading("Examen des réponses de Coopérative du Marais").expect_no_sideways_scroll()
    review.expect_answer(JOBS, "14")
    progress = review.comment(JOBS, COMMENT).send_back()
    progress.expect_flash("Réponses renvoyées au PTCE avec vos commentaires.")
    expect(progress.status_of("Coopérative du Marais")).to_have_text("Renvoyé pour correction")

    response = _response(ptce)
    assert response.status is ResponseStatus.RETURNED
    assert [(c.variable, c.body, c.author_id, c.resolved_at) for c in response.comments] == [
        ("jobs_created", COMMENT, coordinator.id, None)]
    [returned] = outbox(referent.email)
    assert returned.subject == "Corrections demandées sur les réponses de Coopérative du Marais"
    assert COMMENT in returned.body_text

    # The referent reads the comment beside the question, corrects and submits again.
    form = Questionnaire(page).open(link_in_mail(outbox, referent.email, r"https?://\S+/ptce/\S+"))
    form.expect_status("Renvoyé pour correction")
    expect(form.corrections).to_contain_text(f"{JOBS} : {COMMENT}")
    expect(form.field(JOBS)).to_have_value("14")
    expect(form.field(JOBS)).to_have_accessible_description(re.compile(re.escape(COMMENT)))
    form.type(JOBS, 4).submit().expect_flash("Réponses soumises").expect_status("Soumis")

    response = _response(ptce)
    assert response.status is ResponseStatus.SUBMITTED and response.answers == {**expected, "jobs_created": 4}
    assert response.comments[0].resolved_at is not None

    # The coordinator validates, then forwards the region's validated answers to the council.
    desk.reload()
    expect(progress.status_of("Coopérative du Marais")).to_have_text("Soumis")
    review = progress.review("Coopérative du Marais")
    review.expect_answer(JOBS, "4")
    progress = review.validate()
    progress.expect_flash("Réponses validées.")
    expect(progress.status_of("Coopérative du Marais")).to_have_text("Validé")
    expect(desk.get_by_text("1 réponse validée en attente de transmission.")).to_be_visible()
    progress.forward().expect_flash("Réponses transmises au conseil national (version 1).")
    expect(progress.status_of("Coopérative du Marais")).to_have_text("Transmis")
    expect(desk.get_by_role("table", name="Versions transmises (jamais modifiées)")).to_contain_text("v1")
    progress.expect_no_sideways_scroll()  # the 64-character fingerprint included

    response = _response(ptce)
    assert response.status is ResponseStatus.FORWARDED and response.validated_at is not None
    trail = [(e.action, e.from_status, e.to_status, e.user_id) for e in services.audit_trail(response)]
    assert trail == [
        ("start", "not_started", "draft", referent.id), ("edit", "draft", "draft", referent.id),
        ("submit", "draft", "submitted", referent.id), ("send_back", "submitted", "returned", coordinator.id),
        ("edit", "returned", "returned", referent.id), ("submit", "returned", "submitted", referent.id),
        ("validate", "submitted", "validated", coordinator.id),
        ("forward", "validated", "forwarded", coordinator.id)]
    [snapshot] = db.session.scalars(sa.select(Snapshot).where(Snapshot.campaign_id == campaign.id))
    assert (snapshot.version, snapshot.forwarded_by_id) == (1, coordinator.id)
    assert [r["answers"] for r in snapshot.content["responses"]] == [{**expected, "jobs_created": 4}]
    # Two submissions told the coordinator, one return told the referent; validating and
    # forwarding send nothing.
    assert [(m.recipient, m.template) for m in outbox()] == [
        (coordinator.email, "collection_submitted"), (referent.email, "collection_returned"),
        (coordinator.email, "collection_submitted")]


def _drive(campaign, ptce, answers: dict, referent, coordinator, *, forward: bool) -> None:
    response = services.new_response(campaign, ptce)
    services.save_answers(response, answers, {}, referent)
    services.submit(response, referent)
    services.validate(response, set(), coordinator)
    if forward:
        forwarding.forward_region(campaign, ptce.region, coordinator)
    db.session.commit()


def test_council_downloads_the_forwarded_answers_as_xlsx(browsing, make_user, make_ptce, region):
    campaign = _open_campaign()
    north = make_ptce("hauts-de-france", name="Recyclerie du Beauvaisis")
    island = make_ptce("la-reunion", name="Lakour du Sud", department_code="974")
    pending = make_ptce("bretagne", name="Conserverie de Douarnenez")
    people = {p.id: (make_user("ptce_member", ptce=p, referent=True),
                     make_user("coordinator", region=p.region.slug)) for p in (north, island, pending)}
    _drive(campaign, north, complete_answers(jobs_created=7, sectors=["eco_activities", "mobility"]),
           *people[north.id], forward=True)
    _drive(campaign, island, complete_answers(jobs_created=3, budget_amount=85000.5, own_budget="yes",
                                              member_structures=[{"name": "Asso Lakour", "size": "s10_30"},
                                                                 {"name": "Jardins de Saint-Pierre"}]),
           *people[island.id], forward=True)
    # Validated but not forwarded by its region: the council does not receive it.
    _drive(campaign, pending, complete_answers(jobs_created=99), *people[pending.id], forward=False)
    council = make_user("council_observer")

    page = browsing.new_page()
    sign_in(page, council.email)
    collection = CouncilCollection(page)
    Screen(page).nav("Collecte nationale")
    collection.expect_heading("Collecte nationale").campaign(f"Collecte nationale {YEAR}")
    collection.expect_heading(f"Collecte nationale {YEAR}").expect_no_sideways_scroll()
    filename, body = collection.download("Réponses, une ligne par PTCE (XLSX, avec dictionnaire des variables)")
    assert filename == f"collecte-{YEAR}-{campaign.id}-large.xlsx"

    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    assert book.sheetnames == ["ptce", "member_structures", "Dictionnaire"]
    labels, header, *rows = book["ptce"].iter_rows(values_only=True)
    scalar = [q.var for q in campaign.questionnaire.parsed.questions() if q.type != "repeated"]
    assert list(header) == [c.code for c in WIDE_KEYS] + scalar
    assert labels[header.index("jobs_created")] == "Emplois créés dans l'année"
    by_ptce = {row[0]: dict(zip(header, row)) for row in rows}
    assert set(by_ptce) == {north.slug, island.slug}
    codes = {slug: region(slug).code for slug in ("hauts-de-france", "la-reunion")}
    assert {k: by_ptce[north.slug][k] for k in ("ptce_name", "region", "year", "questionnaire_version",
                                                "jobs_created", "sectors", "staff_fte", "budget_amount")} == {
        "ptce_name": "Recyclerie du Beauvaisis", "region": codes["hauts-de-france"], "year": YEAR,
        "questionnaire_version": 1, "jobs_created": 7, "sectors": "eco_activities|mobility",
        "staff_fte": 1.5, "budget_amount": 200000}
    assert (by_ptce[island.slug]["ptce_name"], by_ptce[island.slug]["region"]) == ("Lakour du Sud",
                                                                                   codes["la-reunion"])
    assert (by_ptce[island.slug]["jobs_created"], by_ptce[island.slug]["budget_amount"]) == (3, 85000.5)
    blocks = list(book["member_structures"].iter_rows(values_only=True))
    assert blocks[1] == ("ptce", "region", "row", "name", "structure_type", "size")
    assert sorted(blocks[2:]) == sorted([
        (north.slug, codes["hauts-de-france"], 1, "Asso A", "association", "s0_10"),
        (island.slug, codes["la-reunion"], 1, "Asso Lakour", None, "s10_30"),
        (island.slug, codes["la-reunion"], 2, "Jardins de Saint-Pierre", None, None)])


def test_council_dashboard_shows_protected_aggregates(browsing, make_user, make_ptce):
    """Hauts-de-France (3 PTCE), La Réunion (1) and Bretagne (4) forwarded: La Réunion is a
    primary secret, Hauts-de-France a secondary one, France's total stays published."""
    campaign = _open_campaign()
    for slug, jobs in (("hauts-de-france", (10, 12, 15)), ("la-reunion", (6,)), ("bretagne", (1, 2, 3, 4))):
        coordinator = make_user("coordinator", region=slug)
        for n, value in enumerate(jobs):
            ptce = make_ptce(slug, name=f"Pôle {slug} {n}")
            _drive(campaign, ptce, complete_answers(jobs_created=value),
                   make_user("ptce_member", ptce=ptce, referent=True), coordinator, forward=n == len(jobs) - 1)
    page = browsing.new_page()
    sign_in(page, make_user("council_observer").email)
    CouncilCollection(page).open(f"/conseil/collecte/{campaign.id}/").expect_no_sideways_scroll()
    table = page.get_by_role("table", name=re.compile("Indicateurs par région"))
    reunion = table.get_by_role("row", name=re.compile("La Réunion"))
    expect(reunion.get_by_text("secret", exact=True).first).to_be_visible()
    north = table.get_by_role("row", name=re.compile("Hauts-de-France"))
    expect(north.get_by_text("secret*", exact=True).first).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("Bretagne"))).to_contain_text("10")
    expect(table.get_by_role("row", name=re.compile("France"), exact=False).last).to_contain_text("53")
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / f"collection-dashboard-{browsing.viewport}"
    page.screenshot(path=f"{stem}.png", full_page=True)
    page.screenshot(path=f"{stem}-top.png")
    page.locator("table.aggregates").screenshot(path=f"{stem}-aggregates.png")
