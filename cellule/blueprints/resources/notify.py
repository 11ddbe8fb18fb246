"""Mail about sheets waiting for someone: drafts and changes to review, national proposals.

Messages go through the outbox (sent after the view's commit), each in the
recipient's language.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ...i18n import force_locale
from ... import mail
from ...extensions import db
from ..auth.models import Membership, Role, User


def _people(role: Role, region_id: int | None = None) -> list[User]:
    query = sa.select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.role == role, User.active.is_(True)).distinct()
    if region_id is not None:
        query = query.where(Membership.region_id == region_id)
    return list(db.session.scalars(query.order_by(User.id)))


def reviewers(sheet) -> list[User]:
    """Who publishes and reviews a sheet: its region's coordinators, or the council admins."""
    if sheet.is_national or sheet.region_id is None:
        return _people(Role.COUNCIL_ADMIN)
    return _people(Role.COORDINATOR, sheet.region_id)


def _send(user: User, template: str, subject: str, **context) -> None:
    mail.queue(user.email, template, subject, locale=user.locale, user=user, **context)


def review_requested(sheet, author: User, link: str, change: bool) -> int:
    """Tell the reviewers that a draft or a proposed change awaits them; returns the count."""
    people = [p for p in reviewers(sheet) if p.id != author.id]
    for person in people:
        with force_locale(person.locale):
            subject = (_("Modification proposée : %(title)s", title=sheet.title) if change
                       else _("Nouvelle fiche à relire : %(title)s", title=sheet.title))
        _send(person, "resources_review", subject, sheet=sheet, author=author, link=link, change=change)
    return len(people)


def national_proposed(proposal, link: str) -> int:
    people = _people(Role.COUNCIL_ADMIN)
    for person in people:
        with force_locale(person.locale):
            subject = _("Fiche proposée à la bibliothèque nationale : %(title)s", title=proposal.sheet.title)
        _send(person, "resources_national", subject, proposal=proposal, link=link, decided=False)
    return len(people)


def national_decided(proposal, link: str) -> None:
    """Tell the proposing coordinator the council's decision and comment."""
    person = proposal.proposed_by
    if person is None or not person.active:
        return
    with force_locale(person.locale):
        subject = _("Décision du conseil national : %(title)s", title=proposal.sheet.title)
    _send(person, "resources_national", subject, proposal=proposal, link=link, decided=True)
