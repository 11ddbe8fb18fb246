"""Emails about a registration, each with its calendar invitation (.ics), through the outbox."""
from __future__ import annotations

from email.utils import parseaddr

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale, lazy_gettext as _l

from ... import mail, urls
from ...ical import IcsEvent, invitation

SUBJECTS = {
    "confirmed": _l("Inscription confirmée : %(title)s"),
    "waitlisted": _l("Liste d'attente : %(title)s"),
    "offer": _l("Une place se libère : %(title)s"),
    "offer_expired": _l("Proposition de place expirée : %(title)s"),
    "cancelled": _l("Désinscription enregistrée : %(title)s"),
    "changed": _l("Changement d'horaire ou de lieu : %(title)s"),
    "visit_cancelled": _l("Visite annulée : %(title)s"),
    "reminder": _l("Rappel : %(title)s"),
}
# These remove the visit from the person's calendar (METHOD:CANCEL).
CANCELLING = {"offer_expired", "cancelled", "visit_cancelled"}


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
    """Queue the ``kind`` email to the registered person, with an .ics invitation or cancellation."""
    visit, user = reg.visit, reg.user
    organizer = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1] or "ne-pas-repondre@cellule.local"
    attachment = invitation(ics_event(visit), organizer=organizer, attendee=user.email,
                            cancel=kind in CANCELLING)
    page = external_url("visits.detail", region_slug=visit.region.slug, visit_id=visit.id)
    with force_locale(user.locale):
        subject = str(SUBJECTS[kind] % {"title": visit.title})
    mail.queue(user.email, "visits/notice", subject, locale=user.locale, attachments=[attachment],
               kind=kind, visit=visit, reg=reg, user=user, region=visit.region, page_url=page,
               offer_url=external_url("visits.offer", region_slug=visit.region.slug, visit_id=visit.id),
               **extra)
