"""Sessions of a cycle: planning (calendar + invitations), cancellation, minutes, actions. Flush, never commit."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, lazyload, selectinload

from ...database import utcnow
from ...extensions import db
from ..calendar.models import EventKind, Visibility
from ..auth.models import Membership, Role, User
from ..calendar.services import source_event, sync_source
from . import notify
from .models import IllegalTransition, TransferCycle
from .session_models import ActionStatus, FollowUpAction, SessionMode, TransferSession

SOURCE = "transfer_session"


def sync_calendar(session: TransferSession):
    """Keep the session's calendar entry in step (same UID; SEQUENCE grows on each change)."""
    cycle = session.cycle
    where = session.address if session.mode is SessionMode.ON_SITE else None
    link = session.online_url if session.mode is SessionMode.ONLINE else None
    return sync_source(
        SOURCE, session.id, kind=EventKind.TRANSFER_SESSION, visibility=Visibility.MEMBERS,
        region_id=cycle.region_id, title=session.title, starts_at=session.starts_at,
        ends_at=session.ends_at, location=where, online_url=link,
        description=f"{cycle.title} — {cycle.mentor.name} → {', '.join(p.name for p in cycle.mentees)}",
        url_path=notify.session_path(session), cancelled=session.cancelled)


def save_session(cycle: TransferCycle, session: TransferSession | None, *, title: str, starts_at: datetime,
                 ends_at: datetime, mode: SessionMode, address: str | None, online_url: str | None,
                 attendees: list) -> TransferSession:
    """Plan or change a session; attendees get an invitation or an update, removed ones a cancellation."""
    if not cycle.plans_sessions:
        raise IllegalTransition(_l("Les séances se planifient une fois le cycle accepté, et jusqu'à sa clôture."))
    if ends_at <= starts_at:
        raise ValueError("a session must end after it starts")
    creating = session is None
    if creating:
        session = TransferSession(cycle=cycle)
        db.session.add(session)
    elif session.cancelled:
        raise IllegalTransition(_l("Cette séance est annulée ; planifiez-en une nouvelle."))
    before = {u.id for u in session.attendees}
    removed = [u for u in session.attendees if u.id not in {a.id for a in attendees}]
    session.title, session.starts_at, session.ends_at, session.mode = title, starts_at, ends_at, mode
    session.address = address if mode is SessionMode.ON_SITE else None
    session.online_url = online_url if mode is SessionMode.ONLINE else None
    session.attendees = list(attendees)
    db.session.flush()
    old_sequence = None if creating else (notify_sequence(session))
    event = sync_calendar(session)
    changed = old_sequence is not None and event.sequence != old_sequence
    added = [u for u in attendees if u.id not in before]
    notify.session_mail(session, added, "new", event.sequence)
    if changed:
        notify.session_mail(session, [u for u in attendees if u.id in before], "updated", event.sequence)
    if removed:
        notify.session_mail(session, removed, "cancelled", event.sequence)
    return session


def notify_sequence(session: TransferSession) -> int | None:
    """The SEQUENCE calendar clients hold for this session, before a change."""
    event = source_event(SOURCE, session.id)
    return event.sequence if event else None


def cancel_session(session: TransferSession) -> None:
    """Call a session off: its calendar entry is cancelled and attendees get METHOD:CANCEL."""
    if session.cancelled:
        raise IllegalTransition(_l("Cette séance est déjà annulée."))
    session.cancelled_at = utcnow()
    event = sync_calendar(session)
    notify.session_mail(session, list(session.attendees), "cancelled", event.sequence)
    db.session.flush()


def save_minutes(session: TransferSession, minutes: str) -> None:
    session.minutes = minutes
    db.session.flush()


def add_action(session: TransferSession, *, title: str, owner, due_on: date) -> FollowUpAction:
    action = FollowUpAction(session=session, title=title, owner=owner, due_on=due_on)
    db.session.add(action)
    db.session.flush()
    return action


def set_action_status(action: FollowUpAction, status: ActionStatus) -> None:
    action.status = status
    action.done_at = utcnow() if status is ActionStatus.DONE else None
    db.session.flush()


def cycle_sessions(cycle: TransferCycle) -> tuple[list[TransferSession], dict[int, int]]:
    """The cycle's sessions in time order and their number of follow-up actions, in two queries
    (the list shows neither attendees nor actions, so neither is loaded)."""
    items = list(db.session.scalars(
        sa.select(TransferSession).where(TransferSession.cycle_id == cycle.id)
        .order_by(TransferSession.starts_at, TransferSession.id)
        .options(lazyload(TransferSession.attendees), lazyload(TransferSession.actions))))
    counts = dict(db.session.execute(
        sa.select(FollowUpAction.session_id, sa.func.count(FollowUpAction.id))
        .join(TransferSession).where(TransferSession.cycle_id == cycle.id)
        .group_by(FollowUpAction.session_id)).all())
    return items, counts


def load_session(session_id: int) -> TransferSession | None:
    """A session with its attendees and actions (owners joined), people's roles left unloaded."""
    return db.session.get(TransferSession, session_id, options=[
        selectinload(TransferSession.attendees).lazyload(User.memberships),
        selectinload(TransferSession.actions).options(joinedload(FollowUpAction.owner).lazyload(User.memberships)),
        lazyload(TransferSession.cycle)])


def cycle_people(cycle: TransferCycle) -> list:
    """Active members of every participating PTCE: who may attend or own an action."""
    return list(db.session.scalars(
        sa.select(User).join(Membership).where(
            Membership.role == Role.PTCE_MEMBER, Membership.ptce_id.in_(cycle.participant_ids),
            User.active.is_(True)).distinct().order_by(User.name, User.id)
        .options(lazyload(User.memberships))))  # names for choices: their roles are not needed
