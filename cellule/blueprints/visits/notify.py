"""Emails about a registration, each with its calendar invitation (.ics), through the outbox."""
from __future__ import annotations

from email.utils import parseaddr

from flask import current_app, has_request_context, url_for
from flask_babel import lazy_gettext as _l

from ...i18n import force_locale
from ... import mail, urls
from ...ical import IcsEvent, invitation
from .messages import waiting_message
from .models import RegistrationStatus

SUBJECTS = {
    "confirmed": _l("Inscription confirmée : %(title)s"),
    "waitlisted": _l("Liste d'attente : %(title)s"),
    "offer": _l("Une place se libère : %(title)s"),
    "offer_expired": _l("Proposition de place expirée : %(title)s"),
    "declined": _l("Place refusée : %(title)s"),
    "cancelled": _l("Désinscription enregistrée : %(title)s"),
    "removed": _l("Inscription annulée par l'organisation : %(title)s"),
    "changed": _l("Changement d'horaire ou de lieu : %(title)s"),
    "visit_cancelled": _l("Visite annulée : %(title)s"),
    "reminder": _l("Rappel : %(title)s"),
    "feedback_request": _l("Votre avis sur la visite : %(title)s"),
}
# The calendar follows the seat: a mail about a held seat carries a REQUEST (STATUS:CONFIRMED);
# a registration that ends carries a CANCEL; a person in line or offered a seat holds none yet,
# so their mail carries no invitation and says so.
CANCELLING = {"offer_expired", "declined", "cancelled", "removed", "visit_cancelled"}
REQUESTING = {"confirmed", "changed", "reminder"}


def calendar_method(reg, kind: str) -> str | None:
    """"REQUEST", "CANCEL" or None (no .ics) for the ``kind`` mail to this registration."""
    if kind in CANCELLING:
        return "CANCEL"
    if kind in REQUESTING and reg.status is RegistrationStatus.CONFIRMED:
        return "REQUEST"
    return None


def external_url(endpoint: str, **values) -> str:
    """An absolute link, also from the command line (where there is no request)."""
    return urls.external_url(endpoint, **values)


def visit_path(visit) -> str:
    """The visit page's path, for the calendar entry.

    Outside a request (``flask demo``, the CLI) ``url_for`` defaults to a full URL on
    SERVER_NAME; the entry keeps a path, which feeds make absolute on the host they are served from.
    """
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for("visits.detail", region_slug=visit.region.slug, visit_id=visit.id, _external=False)
    with current_app.test_request_context():
        return url_for("visits.detail", region_slug=visit.region.slug, visit_id=visit.id, _external=False)


def ics_event(visit) -> IcsEvent:
    """The visit as a calendar event; its UID never changes, SEQUENCE is the visit's."""
    return IcsEvent(
        uid=visit.uid, summary=visit.title, start=visit.starts_at, end=visit.ends_at,
        tzid=visit.region.timezone, sequence=visit.sequence, location=visit.address,
        online_url=visit.online_url,
        url=external_url("visits.detail", region_slug=visit.region.slug, visit_id=visit.id),
        description=f"{visit.host.name}\n\n{visit.programme or ''}".strip(),
        last_modified=visit.updated_at,
    )


def send(reg, kind: str, **extra) -> None:
    """Queue the ``kind`` email to the registered person, with the invitation or cancellation it calls for.

    Each .ics sent to a person outranks the previous one (SEQUENCE = the visit's changes plus the
    invitations already sent to them), so calendar clients apply them in order.
    """
    visit, user = reg.visit, reg.user
    method = calendar_method(reg, kind)
    attachments = []
    if method:
        organizer = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1] or "ne-pas-repondre@cellule.local"
        item = ics_event(visit)
        item.sequence = visit.sequence + (reg.ics_sequence or 0)
        reg.ics_sequence = (reg.ics_sequence or 0) + 1
        attachments.append(invitation(item, organizer=organizer, attendee=user.email, cancel=method == "CANCEL"))
    page = external_url("visits.detail", region_slug=visit.region.slug, visit_id=visit.id)
    with force_locale(user.locale):
        subject = str(SUBJECTS[kind] % {"title": visit.title})
        if kind == "waitlisted":
            extra["waiting"] = waiting_message(visit, extra.pop("reason", None), extra.get("position"))
    mail.queue(user.email, "visits/notice", subject, locale=user.locale, attachments=attachments,
               kind=kind, visit=visit, reg=reg, user=user, region=visit.region, page_url=page,
               offer_url=external_url("visits.offer", region_slug=visit.region.slug, visit_id=visit.id),
               feedback_url=external_url("visits.feedback", region_slug=visit.region.slug, visit_id=visit.id),
               method=method, **extra)
