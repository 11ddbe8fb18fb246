"""The data the accessibility pages are checked on: the features' own demo, plus a few states it lacks.

Every feature's ``demo.load()`` runs first (the same realistic data as ``flask demo``:
PTCE in several regions, people in every role, visits, events, transfer cycles at every
stage, resource sheets, an open data collection with answers at every stage). The
builder then adds, through the features' services, what no demo row shows: a draft visit,
a seat offered from the waitlist, a closed cycle still to assess, an invitation and a
password-reset link. Pages find their rows through the ``World`` ids below.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlalchemy as sa

from cellule.blueprints import feature_modules
from cellule.blueprints.auth import services as people
from cellule.blueprints.auth.demo import DEMO_PASSWORD
from cellule.blueprints.auth.models import Role, User
from cellule.blueprints.calendar.models import Event
from cellule.blueprints.collection import services as collection_services
from cellule.blueprints.collection.demo import DEMO_EXTENSION
from cellule.blueprints.collection.models import Campaign, CampaignStatus
from cellule.blueprints.directory.models import Ptce
from cellule.blueprints.resources.models import NationalProposal, Sheet
from cellule.blueprints.transfers.models import CycleStatus, TransferCycle, TransferNeed, TransferOffer
from cellule.blueprints.transfers.session_models import CycleAssessment, TransferSession
from cellule.blueprints.visits import seats
from cellule.blueprints.visits import services as visits
from cellule.blueprints.visits.models import RegistrationStatus, Registration, Visit, VisitStatus
from cellule.extensions import db
from cellule.mail import OutboxMessage
from tests.conftest import TOTP_SECRET

# The people pages are checked as (demo accounts), by role key.
PEOPLE = {
    "coordinator": "coordination.hauts-de-france@example.org",
    "referent": "referente.beauvaisis@example.org",        # Emergence Beauvaisis, mentee of the cycles
    "member": "membre.beauvaisis@example.org",             # present at the held visit
    "host_referent": "referent.initiatives@example.org",   # Initiatives et Cité: mentor, offered a seat
    "partner": "elue.beauvais@example.org",
    "council_admin": "admin@example.org",
    "council_observer": "observatoire@example.org",
}


@dataclass
class World:
    region: str
    ptce: str
    people: dict
    password: str
    invitation: str
    reset: str
    # visits
    visit: int            # published, full, with a waitlist (hosted by Initiatives et Cité)
    held_visit: int       # held, the member was present
    draft_visit: int
    # calendar
    event: int            # a regional meeting (members only)
    national_event: int
    # transfers
    need: int
    offer: int
    cycle: int            # active, with sessions
    closed_cycle: int     # closed, the mentee side has not assessed it yet
    session: int          # held, with minutes and actions
    # resources
    sheet: int            # regional, with a proposed change
    draft_sheet: int
    national_sheet: int
    proposal: int         # pending national proposal
    # collection
    campaign: int         # open
    closed_campaign: int  # last year's, forwarded by Hauts-de-France: its dashboard charts figures
    questionnaire: int
    returned: str         # PTCE slug whose answers were sent back (referent fills them again)
    submitted: str        # PTCE slug whose answers await review


def _one(query):
    found = db.session.scalar(query)
    assert found is not None, str(query)
    return found


def build_world(region) -> World:
    """Load the demo, then add the states it lacks; commits."""
    for module in feature_modules("demo"):
        module.load()
        db.session.flush()
    db.session.commit()
    users = {key: _one(sa.select(User).where(User.email == email)) for key, email in PEOPLE.items()}
    for user in db.session.scalars(sa.select(User).where(User.totp_secret.is_not(None))):
        user.totp_secret = TOTP_SECRET  # the browser helpers answer the code step with this key
    coordinator, hdf = users["coordinator"], region("hauts-de-france")
    ptce = _one(sa.select(Ptce).where(Ptce.slug == "emergence-beauvaisis"))

    # Foundation: an invitation and a password-reset link, as mailed.
    people.invite("invitee@example.org", "Invitée", Role.PTCE_MEMBER, by=coordinator, ptce=ptce)
    people.invite("partner2@example.org", "Partenaire", Role.PARTNER, by=coordinator, region=hdf)
    people.request_password_reset(users["member"].email)

    # Visits: the full visit's second seat is freed, so the first in line is offered it.
    full = _one(sa.select(Visit).where(Visit.region_id == hdf.id, Visit.capacity == 2))
    freed = _one(sa.select(Registration).join(Registration.user).where(
        Registration.visit_id == full.id, User.email == "membre2.beauvaisis@example.org"))
    seats.cancel(freed)
    offered = seats.registration_of(full, users["host_referent"])
    assert offered is not None and offered.status is RegistrationStatus.OFFERED, offered
    held = _one(sa.select(Visit).where(Visit.region_id == hdf.id, Visit.status == VisitStatus.HELD))
    draft = visits.create_visit(hdf, dict(
        capacity=20, host_ptce_id=ptce.id, title="Découvrir la ressourcerie du Beauvaisis",
        sectors=["eco_activities"], topics=["cooperation"],
        programme="## Programme\n\n- Accueil\n- Visite de l'atelier de réemploi",
        starts_at=full.starts_at, ends_at=full.ends_at, address="Beauvais, zone du Tilloy",
        online_url=None, registration_opens_at=None, registration_closes_at=None, open_to_members=True,
        open_to_partners=True, open_to_other_regions=False, per_ptce_cap=None, reserved_emerging_seats=0,
        reserved_until=None), coordinator)

    # Transfers: the closed cycle waits for the mentee's assessment.
    closed = _one(sa.select(TransferCycle).where(TransferCycle.status == CycleStatus.CLOSED,
                                                 TransferCycle.region_id == hdf.id))
    for assessment in db.session.scalars(sa.select(CycleAssessment).where(
            CycleAssessment.cycle_id == closed.id)):
        if assessment.side.value == "mentee":
            db.session.delete(assessment)
    cycle = _one(sa.select(TransferCycle).where(TransferCycle.status == CycleStatus.ACTIVE,
                                                TransferCycle.region_id == hdf.id,
                                                TransferCycle.need_id.is_not(None)).order_by(TransferCycle.id))
    session = _one(sa.select(TransferSession).where(TransferSession.cycle_id == cycle.id,
                                                    TransferSession.minutes != "").order_by(TransferSession.id))

    db.session.commit()
    bodies = {m.recipient: m.body_text for m in db.session.scalars(sa.select(OutboxMessage))}

    def link(recipient: str, kind: str) -> str:
        return urlsplit(re.search(rf"https?://\S+/{kind}/\S+", bodies[recipient]).group(0)).path

    campaign = _one(sa.select(Campaign).where(Campaign.status == CampaignStatus.OPEN))
    # This year's regional questions, for the editor's pages (the demo has last year's only).
    collection_services.set_extension(campaign, region("hauts-de-france"), DEMO_EXTENSION)
    db.session.commit()
    return World(
        region="hauts-de-france", ptce=ptce.slug, people=users, password=DEMO_PASSWORD,
        invitation=link("invitee@example.org", "invitation"), reset=link(users["member"].email, "mot-de-passe"),
        visit=full.id, held_visit=held.id, draft_visit=draft.id,
        event=_one(sa.select(Event.id).where(Event.uid == "demo-hauts-de-france-comite@cellule")),
        national_event=_one(sa.select(Event.id).where(Event.uid == "demo-national-journee-nationale@cellule")),
        need=_one(sa.select(TransferNeed.id).where(TransferNeed.ptce_id == ptce.id, TransferNeed.topic == "fundraising")),
        offer=_one(sa.select(TransferOffer.id).join(TransferOffer.ptce).where(
            Ptce.slug == "initiatives-et-cite", TransferOffer.topic == "governance")),
        cycle=cycle.id, closed_cycle=closed.id, session=session.id,
        sheet=_one(sa.select(Sheet.id).where(Sheet.title == "Animer la coopération entre membres")),
        draft_sheet=_one(sa.select(Sheet.id).where(Sheet.title == "Accueillir un nouveau membre dans le pôle")),
        national_sheet=_one(sa.select(Sheet.id).where(
            Sheet.title == "Sources de financement : AMI PTCE, fonds européens et fondations")),
        proposal=_one(sa.select(NationalProposal.id).where(NationalProposal.decided_at.is_(None))),
        campaign=campaign.id, questionnaire=campaign.questionnaire_id,
        closed_campaign=_one(sa.select(Campaign.id).where(Campaign.status == CampaignStatus.CLOSED)
                             .order_by(Campaign.year.desc()).limit(1)),
        returned="emergence-beauvaisis", submitted="initiatives-et-cite")

