"""Demo needs, offers and cycles at every stage, in Hauts-de-France and La Réunion, one across regions.

Idempotent: each row is looked up by its natural key (PTCE + topic, cycle title,
session title …) before it is created. Dates are relative to now so the demo stays current.
"""
from __future__ import annotations

from datetime import time, timedelta

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ...localtime import day_and_time_to_utc
from ..auth.models import User
from ..directory.models import Ptce
from .models import CycleStatus, NeedStatus, Side, TransferCycle, TransferNeed, TransferOffer
from .session_models import ActionStatus, CycleAssessment, FollowUpAction, SessionMode, TransferSession
from .session_services import sync_calendar

# ptce slug, topic, sector, description, status
NEEDS = [
    ("emergence-beauvaisis", "governance", None,
     "Structurer la gouvernance partagée entre les structures membres : instances, rôles, prise de décision.",
     NeedStatus.MATCHED),
    ("emergence-beauvaisis", "funding", None,
     "Construire un modèle économique moins dépendant des subventions annuelles.", NeedStatus.CLOSED),
    ("emergence-beauvaisis", "fundraising", None,
     "Monter un dossier de financement européen (FSE+) pour la coordination du pôle.", NeedStatus.OPEN),
    ("kaz-ensemble", "sector", "agriculture_food",
     "Lancer un maraîchage d'insertion et des circuits courts vers la restauration collective.",
     NeedStatus.MATCHED),
    ("kaz-ensemble", "third_place", None,
     "Ouvrir un lieu partagé : modèle d'occupation, animation, règles de vie.", NeedStatus.MATCHED),
    ("lakour-cooperative-est", "local_authorities", None,
     "Nouer une convention pluriannuelle avec l'intercommunalité.", NeedStatus.OPEN),
]
# ptce slug, topic, sector, what it can share, cycles per year
OFFERS = [
    ("initiatives-et-cite", "governance", None,
     "Quinze ans de gouvernance coopérative entre seize entreprises : statuts, comités, charte.", 2),
    ("initiatives-et-cite", "fundraising", None, "Montage de dossiers FSE et FEDER, relations avec les OPCO.", 1),
    ("ecopole-alimentaire-audruicq", "funding", None,
     "Hybridation des ressources : ventes, prestations éducatives, mécénat.", 1),
    ("ecopole-alimentaire-audruicq", "sector", "agriculture_food",
     "Maraîchage biologique d'insertion et approvisionnement de la restauration collective.", 2),
    ("lakour-cooperative-est", "third_place", None, "Animation d'un tiers-lieu de réemploi à Saint-Benoît.", 1),
    ("eoliennes-en-pays-de-vilaine", "sector", "energy",
     "Financement citoyen de projets d'énergie renouvelable.", 2),
    ("pole-sud-archer", "governance", None, "Gouvernance d'un groupe d'entreprises solidaires.", 1),
]


def _get_or_add(model, defaults: dict | None = None, **key):
    row = db.session.scalar(sa.select(model).filter_by(**key))
    if row is None:
        row = model(**key, **(defaults or {}))
        db.session.add(row)
        db.session.flush()
    return row


def _cycle(title, mentor, mentees, topics, goals, status, lead, need=None, **dates):
    cycle = db.session.scalar(sa.select(TransferCycle).where(TransferCycle.title == title))
    if cycle is not None:
        return cycle, False
    cycle = TransferCycle(title=title, mentor=mentor, mentees=mentees, topics=topics, goals=goals,
                          status=status, region_id=lead.region_id, need=need, planned_sessions=4, **dates)
    db.session.add(cycle)
    db.session.flush()
    return cycle, True


def _session(cycle, title, days, hours, attendees, *, online=False, minutes=""):
    """A session ``days`` from today, at 10:00 (on site) or 14:00 (online) in the cycle's region."""
    local_day = (utcnow() + timedelta(days=days)).astimezone(cycle.region.tz).date()
    start = day_and_time_to_utc(local_day, time(14 if online else 10), cycle.region)
    session = db.session.scalar(sa.select(TransferSession).where(TransferSession.cycle_id == cycle.id,
                                                                 TransferSession.title == title))
    if session is None:
        session = TransferSession(
            cycle=cycle, title=title, starts_at=start, ends_at=start + timedelta(hours=hours),
            mode=SessionMode.ONLINE if online else SessionMode.ON_SITE, minutes=minutes,
            address=None if online else f"Locaux de {cycle.mentor.name}",
            online_url="https://visio.example.org/transfert-demo" if online else None,
            attendees=[u for u in attendees if u is not None])
        db.session.add(session)
        db.session.flush()
        sync_calendar(session)
    return session


def load() -> None:
    """Create the demo transfer data that is missing."""
    ptce = {p.slug: p for p in db.session.scalars(sa.select(Ptce))}
    people = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.like("%@example.org")))}
    if not {"emergence-beauvaisis", "kaz-ensemble", "initiatives-et-cite"} <= ptce.keys():
        return
    needs = {}
    for slug, topic, sector, description, status in NEEDS:
        needs[(slug, topic)] = _get_or_add(TransferNeed, dict(description=description, status=status),
                                           ptce_id=ptce[slug].id, topic=topic, sector=sector)
    for slug, topic, sector, description, capacity in OFFERS:
        _get_or_add(TransferOffer, dict(description=description, capacity_per_year=capacity),
                    ptce_id=ptce[slug].id, topic=topic, sector=sector)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    beauvaisis, initiatives = ptce["emergence-beauvaisis"], ptce["initiatives-et-cite"]
    audruicq, kaz, lakour = ptce["ecopole-alimentaire-audruicq"], ptce["kaz-ensemble"], ptce["lakour-cooperative-est"]
    p = people.get

    # Active, with a held session (minutes and actions) and the next one planned.
    active, new = _cycle(
        "Gouvernance partagée à Beauvais", initiatives, [beauvaisis], ["governance"],
        "- Rédiger une charte de gouvernance\n- Installer un comité de pilotage trimestriel",
        CycleStatus.ACTIVE, beauvaisis, needs[("emergence-beauvaisis", "governance")],
        created_at=now - timedelta(days=60), mentor_accepted_at=now - timedelta(days=55),
        mentee_accepted_at=now - timedelta(days=54), started_at=now - timedelta(days=45))
    team = [p("referent.initiatives@example.org"), p("referente.beauvaisis@example.org"),
            p("membre.beauvaisis@example.org")]
    held = _session(active, "Séance 1 — les instances d'Initiatives et Cité", -20, 3, team,
                    minutes="## Ce que nous avons vu\n\n- Les **statuts** de la SCIC et le rôle des collèges\n"
                            "- Le calendrier des comités\n\n## Décisions\n\nBeauvaisis rédige un premier "
                            "projet de charte.")
    _session(active, "Séance 2 — relecture de la charte", 10, 2, team, online=True)
    if new:
        db.session.add_all([
            FollowUpAction(session=held, title="Partager les statuts et le règlement intérieur",
                           owner=team[0], due_on=(now - timedelta(days=13)).date(), status=ActionStatus.DONE,
                           done_at=now - timedelta(days=15)),
            FollowUpAction(session=held, title="Rédiger le projet de charte de gouvernance",
                           owner=team[1], due_on=(now + timedelta(days=7)).date())])

    # Closed, assessed by both sides.
    closed, new = _cycle(
        "Hybrider les ressources du pôle", audruicq, [beauvaisis], ["funding"],
        "Identifier trois sources de revenus d'activité.", CycleStatus.CLOSED, beauvaisis,
        needs[("emergence-beauvaisis", "funding")], created_at=now - timedelta(days=200),
        mentor_accepted_at=now - timedelta(days=195), mentee_accepted_at=now - timedelta(days=194),
        started_at=now - timedelta(days=180), closed_at=now - timedelta(days=20))
    _session(closed, "Visite de l'Écopôle et ateliers modèle économique", -120, 5,
             [p("membre.audruicq@example.org"), p("referente.beauvaisis@example.org")],
             minutes="Présentation des ventes de paniers, des prestations éducatives et du mécénat local.")
    if new:
        db.session.add_all([
            CycleAssessment(cycle=closed, side=Side.MENTOR, goals_met=4, hours=14,
                            transferred="Grille de coûts et démarche de mécénat."),
            CycleAssessment(cycle=closed, side=Side.MENTEE, goals_met=4, hours=22,
                            transferred="Deux prestations vendues aux collectivités dès cette année.")])

    # La Réunion: a proposal the mentor already accepted, and a cross-region active cycle.
    _cycle("Ouvrir un tiers-lieu dans le Sud", lakour, [kaz], ["third_place"],
           "Définir le modèle d'occupation et d'animation du lieu.", CycleStatus.PROPOSED, kaz,
           needs[("kaz-ensemble", "third_place")], created_at=now - timedelta(days=5),
           mentor_accepted_at=now - timedelta(days=2))
    cross, _ = _cycle(
        "Maraîchage d'insertion : de l'Audomarois à Saint-Pierre", audruicq, [kaz],
        ["sector:agriculture_food", "funding"],
        "Transmettre l'organisation d'un chantier d'insertion maraîcher et la vente à la restauration collective.",
        CycleStatus.ACTIVE, kaz, needs[("kaz-ensemble", "sector")], created_at=now - timedelta(days=40),
        mentor_accepted_at=now - timedelta(days=35), mentee_accepted_at=now - timedelta(days=34),
        started_at=now - timedelta(days=30))
    _session(cross, "Visioconférence de lancement (heure de La Réunion)", 6, 2,
             [p("membre.audruicq@example.org"), p("referente.kaz@example.org"), p("membre.kaz@example.org")],
             online=True)
