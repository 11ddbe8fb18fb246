"""French emails of peer transfer: each cycle step to both sides' referents, session invitations with .ics."""
from __future__ import annotations

from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from ...i18n import force_locale
from ... import ical, mail, urls
from ...extensions import db
from ..auth.models import Membership, Role, User
from ..directory.models import Region
from .topics import topic_label

# Subjects are built by functions so that Babel extracts each literal string.
STEP_SUBJECTS = {
    "proposed": lambda t: _("Proposition de cycle de transfert : %(title)s", title=t),
    "half_accepted": lambda t: _("Cycle de transfert accepté par une partie : %(title)s", title=t),
    "accepted": lambda t: _("Cycle de transfert accepté par les deux parties : %(title)s", title=t),
    "active": lambda t: _("Cycle de transfert démarré : %(title)s", title=t),
    "closed": lambda t: _("Cycle de transfert clôturé : %(title)s", title=t),
    "abandoned": lambda t: _("Cycle de transfert abandonné : %(title)s", title=t),
}
SESSION_SUBJECTS = {
    "new": lambda t: _("Invitation : %(title)s", title=t),
    "updated": lambda t: _("Séance modifiée : %(title)s", title=t),
    "cancelled": lambda t: _("Séance annulée : %(title)s", title=t),
}


def cycle_path(cycle, region=None) -> str:
    """The cycle's page, under ``region`` (one it involves) or its lead region."""
    return f"/{(region or cycle.region).slug}/transferts/cycles/{cycle.id}"


def session_path(session, region=None) -> str:
    return f"{cycle_path(session.cycle, region)}/seances/{session.id}"


def _region_for(user, cycle):
    """The involved region a person belongs to, so their link opens in their own workspace."""
    for region_id in user.region_ids:
        if region_id in cycle.region_ids:
            return db.session.get(Region, region_id)
    return None


def referents(cycle):
    """Active referents of every participating PTCE, as (side, membership) pairs: who a step mails."""
    rows = db.session.scalars(
        sa.select(Membership).join(User).options(selectinload(Membership.user))
        .where(Membership.role == Role.PTCE_MEMBER, Membership.referent.is_(True), User.active.is_(True),
               Membership.ptce_id.in_(cycle.participant_ids))
        .order_by(Membership.ptce_id, User.email))
    return [(cycle.side_of(m.ptce_id), m) for m in rows]


def _link(path: str) -> str:
    """An absolute link on the site's configured address (``urls.absolute_url``)."""
    return urls.absolute_url(path)


def cycle_step(cycle, step: str, side=None) -> int:
    """Queue the step's email to every referent of both sides; returns how many were queued."""
    sent = 0
    for person_side, membership in referents(cycle):
        user = membership.user
        with force_locale(user.locale):
            subject = STEP_SUBJECTS[step](cycle.title)
            topics = [topic_label(k) for k in cycle.topics]
        link = _link(cycle_path(cycle, membership.ptce.region))
        mail.queue(user.email, "transfers_cycle", subject, locale=user.locale, cycle=cycle, step=step,
                   side=side, person=user, person_side=person_side, link=link, topics=topics)
        sent += 1
    return sent


def _organizer() -> str:
    return parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1] or "ne-pas-repondre@cellule.local"


def ics_event(session, sequence: int) -> ical.IcsEvent:
    """The session as an iCalendar event; the UID matches its calendar entry."""
    cycle = session.cycle
    return ical.IcsEvent(
        uid=f"transfer_session-{session.id}@cellule", summary=session.title,
        start=session.starts_at, end=session.ends_at, tzid=cycle.region.timezone, sequence=sequence,
        location=session.address if session.address else None, online_url=session.online_url or None,
        url=_link(session_path(session)),
        description=f"Cycle de transfert : {cycle.title} ({cycle.mentor.name} → "
                    f"{', '.join(p.name for p in cycle.mentees)})")


def session_mail(session, users, kind: str, sequence: int) -> int:
    """Email each person an invitation, update or cancellation carrying its .ics."""
    for user in users:
        with force_locale(user.locale):
            subject = SESSION_SUBJECTS[kind](session.title)
        attachment = ical.invitation(ics_event(session, sequence), organizer=_organizer(),
                                     attendee=user.email, cancel=kind == "cancelled")
        mail.queue(user.email, "transfers_session", subject, locale=user.locale, attachments=[attachment],
                   session=session, cycle=session.cycle, kind=kind, person=user,
                   link=_link(session_path(session, _region_for(user, session.cycle))))
    return len(users)
