"""Demo data collection: an open campaign with answers at every stage in Hauts-de-France and
La Réunion, La Réunion's validated answers forwarded to the council.

Built through the services, so the demo has a real audit trail.
"""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ..auth import services as people
from ..directory.models import Ptce, Region
from . import forwarding, services

# slug → (referent email, stage reached)
DEMO_RESPONSES = {
    "emergence-beauvaisis": ("referente.beauvaisis@example.org", "returned"),
    "initiatives-et-cite": ("referent.initiatives@example.org", "submitted"),
    "ecopole-alimentaire-audruicq": ("membre.audruicq@example.org", "validated"),
    "kaz-ensemble": ("referente.kaz@example.org", "forwarded"),
    "lakour-cooperative-est": ("referent.lakour@example.org", "draft"),
}


def demo_answers(ptce: Ptce, n: int) -> dict:
    """Plausible answers for a demo PTCE (``n`` varies the figures)."""
    return {
        "creation_year": ptce.creation_year or 2015, "action_scale": "communal",
        "creation_needs": ["unmet_needs", "structure_existing"], "sectors": ptce.sectors or ["employment"],
        "activity_types": ptce.activity_types or ["project_support"], "initiated_by": "civil_society",
        "founding_members": 5 + n, "current_members": 18 + 4 * n,
        "member_types": ["association", "scop_scic", "local_authority"], "member_sizes": ["s0_10", "s10_30"],
        "involvement_local_authorities": 2 + n % 3, "involvement_inhabitants": 1 + n % 2,
        "cooperation_modes": ["joint_projects", "knowledge_sharing"],
        "member_structures": [{"name": "Association des jardins partagés", "structure_type": "association",
                               "size": "s0_10"},
                              {"name": "SCIC Énergies locales", "structure_type": "scop_scic", "size": "s10_30"}],
        "animation_by": "carrier_structure", "animation_legal_status": "association",
        "dedicated_staff": "yes", "staff_count": 2 + n % 2, "staff_fte": 1.5 + n / 2,
        "volunteers": 10 + n, "governance_formalisation": 4, "decision_sharing": 3,
        "own_budget": "yes", "budget_amount": 180000 + 40000 * n, "share_public_subsidies": 45,
        "share_service_sales": 35, "share_goods_sales": 5, "share_membership_fees": 5, "share_patronage": 10,
        "treasury_horizon": "under_1y", "jobs_created": 3 + n, "jobs_maintained": 12 + 3 * n,
        "ecological_actions": ["reuse_recycling", "short_supply"],
        "support_needs": ["funding", "governance"],
    }


def load() -> None:
    """Create the demo campaigns and their responses unless they already exist."""
    questionnaire = services.ensure_national_questionnaire()
    year = utcnow().year - 1
    title = f"Collecte nationale {year}"
    if services.campaign_for_year(year) is not None:  # one campaign a year: loaded already
        return
    if services.campaign_for_year(year - 1) is None:
        _previous_year(year - 1)
    today = utcnow().date()
    campaign = services.create_campaign(year, title, today - timedelta(days=14), today + timedelta(days=45),
                                        services.latest_published() or questionnaire)
    campaign.open()
    ptces = {p.slug: p for p in db.session.scalars(sa.select(Ptce).where(Ptce.slug.in_(DEMO_RESPONSES)))}
    regions = {r.slug: r for r in db.session.scalars(sa.select(Region))}
    coordinators = {slug: people.find_user(f"coordination.{slug}@example.org")
                    for slug in ("hauts-de-france", "la-reunion")}
    for n, (slug, (email, stage)) in enumerate(DEMO_RESPONSES.items()):
        ptce, referent = ptces.get(slug), people.find_user(email)
        if ptce is None or referent is None:
            continue
        coordinator = coordinators[ptce.region.slug]
        response = services.new_response(campaign, ptce)
        answers = demo_answers(ptce, n)
        if stage == "submitted":  # a justified warning for the reviewer to acknowledge
            answers["share_service_sales"] = 60
        services.save_answers(response, answers, {"shares_over_100": "Budget 2024 incluant un reliquat."}
                              if stage == "submitted" else {}, referent)
        if stage == "draft":
            continue
        services.submit(response, referent)
        if stage == "returned":
            services.send_back(response, {"jobs_created": "Comptez-vous les emplois aidés ? Précisez, merci.",
                                          "budget_amount": "Montant du budget prévisionnel ou réalisé ?"},
                               coordinator)
        elif stage in ("validated", "forwarded"):
            services.validate(response, set(), coordinator)
    db.session.flush()
    forwarding.forward_region(campaign, regions["la-reunion"], coordinators["la-reunion"])


def _previous_year(year: int) -> None:
    """Last year's closed campaign, forwarded by Hauts-de-France: the dashboard has figures to
    chart (3 PTCE), this year's answers are compared with it, and La Réunion stays masked."""
    today = utcnow().date()
    campaign = services.create_campaign(year, f"Collecte nationale {year}", today - timedelta(days=400),
                                        today - timedelta(days=330), services.latest_published())
    campaign.open()
    coordinator = people.find_user("coordination.hauts-de-france@example.org")
    hdf = None
    for n, slug in enumerate(("emergence-beauvaisis", "initiatives-et-cite", "ecopole-alimentaire-audruicq")):
        ptce = db.session.scalar(sa.select(Ptce).where(Ptce.slug == slug))
        referent = people.find_user(DEMO_RESPONSES[slug][0])
        if ptce is None or referent is None or coordinator is None:
            return
        response = services.new_response(campaign, ptce)
        services.save_answers(response, demo_answers(ptce, n), {}, referent)
        services.submit(response, referent)
        services.validate(response, set(), coordinator)
        hdf = ptce.region
    forwarding.forward_region(campaign, hdf, coordinator)
    # Hauts-de-France's own questions of last year, ready to be taken up again this year.
    services.set_extension(campaign, hdf, DEMO_EXTENSION)
    campaign.close()


DEMO_EXTENSION = {"title": "Questions régionales", "sections": [{
    "code": "regional", "title": "Questions des Hauts-de-France", "questions": [
        {"var": "tiers_lieux_animes", "label": "Nombre de tiers-lieux animés par le pôle", "type": "integer",
         "unit": "lieux", "forward": True},
        {"var": "accompagnement_cress", "label": "Avez-vous été accompagné par la CRESS cette année ?",
         "type": "single_choice", "choices": [{"code": "oui", "label": "Oui"}, {"code": "non", "label": "Non"}],
         "forward": False}]}]}
