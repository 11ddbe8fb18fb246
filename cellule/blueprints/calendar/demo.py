"""Demo events: for every region with demo PTCE, and national ones. Dates follow "now".

Idempotent: events are found by their UID; existing ones are left as they are.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ...localtime import LocalTimeError, day_and_time_to_utc, start_of_day
from ..directory.models import Region
from . import feeds
from .models import Event, EventKind, Visibility

MEET, WEB, TRAIN, NAT, OTHER = (EventKind.REGIONAL_MEETING, EventKind.WEBINAR, EventKind.TRAINING,
                 EventKind.NATIONAL_DAY, EventKind.OTHER)
PUBLIC, MEMBERS = Visibility.PUBLIC, Visibility.MEMBERS

# region slug (None: national), key, kind, title, days from today, start "HH:MM" or None (all day),
# length (hours, or days when all day), place, online, visibility, cancelled
DEMO_EVENTS = [
    ("hauts-de-france", "comite", MEET, "Comité régional des PTCE", 9, "14:00", 3,
     "CRESS Hauts-de-France, 11 rue Jean Roisin, Lille", None, MEMBERS, False),
    ("hauts-de-france", "webinaire-alim", WEB, "Webinaire : alimentation durable et PTCE", 16, "11:00", 1.5,
     None, "https://visio.example.org/alimentation-durable", PUBLIC, False),
    ("hauts-de-france", "formation-gouv", TRAIN, "Journée de formation : gouvernance coopérative", 30, None, 1,
     "Beauvais, maison des associations", None, PUBLIC, False),
    ("hauts-de-france", "atelier-annule", OTHER, "Atelier financements européens", 5, "09:30", 2,
     "Amiens, espace Dewailly", None, PUBLIC, True),
    ("bretagne", "reunion", MEET, "Réunion de la cellule bretonne", 12, "10:00", 2.5,
     "Rennes, CRESS Bretagne", "https://visio.example.org/cellule-bretagne", PUBLIC, False),
    ("bretagne", "energie", WEB, "Webinaire : énergies citoyennes", 40, "18:00", 1,
     None, "https://visio.example.org/energies-citoyennes", PUBLIC, False),
    ("auvergne-rhone-alpes", "rencontre", MEET, "Rencontre des PTCE d'Auvergne-Rhône-Alpes", 20, "09:30", 7,
     "Annonay, pôle Sud Archer", None, PUBLIC, False),
    ("auvergne-rhone-alpes", "coordination", MEET, "Point coordination (membres)", 7, "14:00", 1.5,
     None, "https://visio.example.org/aura-coordination", MEMBERS, False),
    ("bourgogne-franche-comte", "formation", TRAIN, "Formation : évaluer l'impact territorial", 25, None, 2,
     "Besançon, CRESS Bourgogne-Franche-Comté", None, PUBLIC, False),
    ("occitanie", "figeac", OTHER, "Portes ouvertes à Figeac", 18, "10:00", 5,
     "Figeac, Figeacteurs", None, PUBLIC, False),
    ("ile-de-france", "mureaux", MEET, "Réunion régionale : PTCE et quartiers", 11, "14:30", 2,
     "Les Mureaux, Vivre les Mureaux", None, PUBLIC, False),
    ("normandie", "bouquetot", TRAIN, "Journée de formation : éco-construction", 33, None, 1,
     "Bouquetot, Éco-domaine", None, PUBLIC, False),
    ("la-reunion", "cellule", MEET, "Réunion de la cellule réunionnaise", 8, "09:00", 3,
     "Saint-Denis, CRESS La Réunion", None, PUBLIC, False),
    ("la-reunion", "webinaire", WEB, "Webinaire : économie circulaire en milieu insulaire", 15, "17:00", 1.5,
     None, "https://visio.example.org/eco-circulaire-974", PUBLIC, False),
    ("la-reunion", "bureau", MEET, "Bureau de la cellule (membres)", 22, "08:30", 1,
     "Saint-Benoît, Lakour coopérative", None, MEMBERS, False),
    (None, "journee-nationale", NAT, "Journée nationale des PTCE", 45, None, 1,
     "Paris, Cité internationale universitaire", "https://visio.example.org/journee-nationale", PUBLIC, False),
    (None, "webinaire-conseil", WEB, "Webinaire national : la charte des PTCE", 10, "11:00", 1.5,
     None, "https://visio.example.org/charte-ptce", PUBLIC, False),
    (None, "seminaire-coordinations", MEET, "Séminaire des coordinations régionales", 26, "10:00", 6,
     "Paris, ministère de l'Économie", "https://visio.example.org/seminaire", MEMBERS, False),
]

DESCRIPTION = ("Événement de démonstration.\n\n- accueil et tour de table\n- échanges entre PTCE\n"
               "- suites à donner\n\nContact : la cellule régionale.")


def _times(tz: ZoneInfo, days: int, start: str | None, length: float) -> tuple[datetime, datetime, bool]:
    day = datetime.now(tz).date() + timedelta(days=days)
    if start is None:
        return start_of_day(day, tz), start_of_day(day + timedelta(days=int(length)), tz), True
    try:
        begins = day_and_time_to_utc(day, time.fromisoformat(start), tz)
    except LocalTimeError:  # the demo's hour is skipped or repeated that day: noon is always there
        begins = day_and_time_to_utc(day, time(12), tz)
    return begins, begins + timedelta(hours=length), False


def load() -> None:
    """Create the demo events that are missing."""
    regions = {r.slug: r for r in db.session.scalars(sa.select(Region))}
    existing = set(db.session.scalars(sa.select(Event.uid).where(Event.uid.like("demo-%"))))
    created = []
    for slug, key, kind, title, days, start, length, place, online, visibility, cancelled in DEMO_EVENTS:
        uid = f"demo-{slug or 'national'}-{key}@cellule"
        if uid in existing:
            continue
        region = regions[slug] if slug else None
        starts_at, ends_at, all_day = _times(ZoneInfo(region.timezone if region else "Europe/Paris"),
                                             days, start, length)
        event = Event(uid=uid, kind=kind, region_id=region.id if region else None, title=title,
                      description=DESCRIPTION, starts_at=starts_at, ends_at=ends_at, all_day=all_day,
                      location=place, online_url=online, visibility=visibility)
        if cancelled:
            event.cancelled_at = utcnow()
            event.sequence = 1
        db.session.add(event)
        created.append(event)
    db.session.flush()
    feeds.refresh(created)

