"""Mail that keeps the review moving: coordinators hear of a submission, referents of a return.

Called by the views after the service (links need the request's URL); the
messages go through the outbox and leave only if the action commits.
"""
from __future__ import annotations

from flask_babel import gettext as _

from ...i18n import force_locale
from ... import mail
from ...l10n import elide
from ...urls import external_url
from ..auth import services as people
from ..auth.models import Role
from . import services
from .models import Response


def _send(users, template: str, subject, response: Response, endpoint: str, **ctx) -> int:
    """Queue one message per person, subject and body in that person's language."""
    link = external_url(endpoint, region_slug=response.ptce.region.slug, campaign_id=response.campaign_id,
                        slug=response.ptce.slug)
    for user in users:
        with force_locale(user.locale):
            title = subject()
        mail.queue(user.email, template, title, locale=user.locale, user=user, response=response,
                   link=link, **ctx)
    return len(users)


def submitted(response: Response) -> int:
    """Tell the region's coordinators that answers wait for their review."""
    return _send(coordinators(response), "collection_submitted",
                 lambda: elide(_("Réponses de %(ptce)s à examiner", ptce=response.ptce.name)), response,
                 "collection.review")


def withdrawn(response: Response) -> int:
    """Tell the coordinators told of the submission that the answers no longer wait for them."""
    return _send(coordinators(response), "collection_withdrawn",
                 lambda: elide(_("Réponses de %(ptce)s retirées par le PTCE", ptce=response.ptce.name)), response,
                 "collection.response")


def coordinators(response: Response) -> list:
    """The region's active coordinators: those who review the PTCE's answers."""
    return [m.user for m in people.region_team(response.ptce.region)
            if m.role is Role.COORDINATOR and m.user.active]


def returned(response: Response) -> int:
    """Tell the PTCE's referents which questions need a correction."""
    referents = [m.user for m in people.ptce_members(response.ptce) if m.referent and m.user.active]
    return _send(referents, "collection_returned",
                 lambda: elide(_("Corrections demandées sur les réponses de %(ptce)s", ptce=response.ptce.name)),
                 response, "collection.response", comments=response.open_comments,
                 definition=services.full_definition(response))
