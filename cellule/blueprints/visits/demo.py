"""Demo visits, dated relative to today: one full with a waitlist, one inter-regional, one held."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ...localtime import day_and_time_to_utc
from ..auth.models import User
from ..directory.models import Ptce
from .models import RegistrationStatus, Feedback, Registration, Visit, VisitStatus
from .services import sync_calendar

# host slug, title, days from today, local start hour, hours, capacity, other regions, programme
DEMO_VISITS = [
    ("initiatives-et-cite", "Seize entreprises, une filière : la coopération au quotidien", 12, 9, 3, 2, False,
     "## Programme\n\n- Accueil et présentation du pôle\n- Visite de deux entreprises membres\n"
     "- Échange : comment mutualiser des services aux entreprises"),
    ("eoliennes-en-pays-de-vilaine", "Un parc éolien citoyen : gouvernance et épargne locale", 26, 10, 5, 25, True,
     "## Programme\n\n- Visite du parc de Béganne\n- Table ronde : financer avec les habitants\n"
     "- Ouvert aux PTCE de toutes les régions (« Erasmus des PTCE »)"),
    ("kaz-ensemble", "Kaz Ensemble : coopérer en territoire insulaire", 19, 9, 3, 15, False,
     "Découverte des activités du pôle et des partenariats avec les collectivités."),
    ("ecopole-alimentaire-audruicq", "Maraîchage d'insertion et circuits courts", -20, 14, 3, 12, False,
     "Visite des jardins et du point de vente."),
]
# Who registers for the full visit (2 seats): two confirmed, two waiting.
FULL_VISIT_PEOPLE = ["membre.beauvaisis@example.org", "membre2.beauvaisis@example.org",
                     "referent.initiatives@example.org", "elue.beauvais@example.org"]
PAST_VISIT_PEOPLE = ["membre.beauvaisis@example.org", "referente.beauvaisis@example.org",
                     "technicien.hdf@example.org"]


def _start(ptce: Ptce, days: int, hour: int) -> datetime:
    tz = ZoneInfo(ptce.region.timezone)
    day = (utcnow().astimezone(tz) + timedelta(days=days)).date()
    return day_and_time_to_utc(day, time(hour), tz)


def _register(visit: Visit, email: str, status: RegistrationStatus, position: int | None = None,
              attended: bool = False):
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None or db.session.scalar(sa.select(Registration).where(
            Registration.visit_id == visit.id, Registration.user_id == user.id)):
        return None
    ptce = next((m.ptce for m in user.memberships if m.ptce), None)
    reg = Registration(visit=visit, user=user, ptce_id=ptce.id if ptce else None, status=status,
                       emerging=bool(ptce and ptce.stage.value == "emerging"),
                       waitlist_position=position, attended=attended)
    db.session.add(reg)
    return reg


def load() -> None:
    """Create the demo visits that are missing (looked up by host and title)."""
    for slug, title, days, hour, hours, capacity, inter, programme in DEMO_VISITS:
        host = db.session.scalar(sa.select(Ptce).where(Ptce.slug == slug))
        if host is None:
            continue
        visit = db.session.scalar(sa.select(Visit).where(Visit.host_ptce_id == host.id, Visit.title == title))
        if visit is not None:
            continue
        start = _start(host, days, hour)
        visit = Visit(region_id=host.region_id, host_ptce_id=host.id, title=title, programme=programme,
                      sectors=host.sectors[:2], topics=["cooperation", "funding"], starts_at=start,
                      ends_at=start + timedelta(hours=hours), address=f"{host.territory} — accueil au siège du pôle",
                      capacity=capacity, open_to_other_regions=inter, status=VisitStatus.PUBLISHED,
                      per_ptce_cap=3 if inter else None)
        db.session.add(visit)
        db.session.flush()
        if days < 0:
            visit.status = VisitStatus.HELD
            for email in PAST_VISIT_PEOPLE:
                reg = _register(visit, email, RegistrationStatus.CONFIRMED,
                                attended=email != "technicien.hdf@example.org")
                if reg is not None and reg.attended:
                    db.session.flush()
                    db.session.add(Feedback(registration=reg, rating=5 if reg.ptce_id else 4,
                                            learned="Comment organiser un point de vente collectif.",
                                            will_reuse="Le planning partagé des bénévoles."))
        elif capacity == 2:
            for i, email in enumerate(FULL_VISIT_PEOPLE):
                _register(visit, email, RegistrationStatus.CONFIRMED if i < 2 else RegistrationStatus.WAITLISTED,
                          None if i < 2 else i - 1)
        db.session.flush()
        sync_calendar(visit)
