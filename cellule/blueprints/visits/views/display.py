"""Visit lists (region, national) and the visit page."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from functools import partial

from flask import g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from .... import paging
from ....database import utcnow
from ....l10n import ngettext, number
from ....permissions import access, can
from ....templating import PageWriter, localdate, reader_zone, timespan
from ....urls import RowLinks
from ...directory.reference import SECTORS, SUPPORT_TOPICS
from .. import queries, seats, services
from ..forms import ActionForm, ColleagueForm, ConsentForm
from ..messages import waiting_message
from ..models import RegistrationStatus, VisitStatus
from . import bp
from ._common import load_visit


# Visits shown per page of a list (upcoming and past each have their own pages).
PER_PAGE = 20


@dataclass(slots=True)
class Card:
    """What a list's card shows of a visit, every URL and text already worked out."""

    href: str
    title: str
    day: str                  # the date, in the visit's zone
    hours: str                # the hours in the visit's zone, and in the reader's when it differs
    host: str
    region_name: str | None   # a visit of another region than the page's
    status: str | None        # the badge of a visit that is not published
    places: str
    waiting: str | None
    open: str | None          # the badge of a visit open to other regions
    mine: str | None          # the badge of the reader's own registration


def visit_cards(visits: list[queries.Listed], region, mine: dict | None = None) -> list[Card]:
    """The cards of a visits list. Per page, not per card: one ``url_for`` per region
    (``urls.RowLinks``), the reader's zone once per zone shown, each label and count text once."""
    links, page = RowLinks("visit_id"), PageWriter()
    counts = queries.counts([v.id for v in visits])
    mine = mine or {}
    region_id = region.id if region else None

    reader = functools.cache(reader_zone)  # the reader's zone, once per zone shown
    def text(key, make) -> str:
        return page.once("text", key, lambda _key: str(make()))

    def places(capacity: int, confirmed: int) -> str:
        return text(("places", capacity, confirmed), lambda: ngettext(
            "%(taken)s / %(num)s place", "%(taken)s / %(num)s places", capacity, taken=number(confirmed)))

    cards = []
    for v in visits:
        c = counts[v.id]
        status = mine.get(v.id)
        cards.append(Card(
            links("visits.detail", v.id, region_slug=v.region_slug), v.title,
            localdate(v.starts_at, v.timezone), timespan(v.starts_at, v.ends_at, v.timezone, reader(v.timezone)),
            v.host_name, v.region_name if v.region_id != region_id else None,
            None if v.status is VisitStatus.PUBLISHED else text(v.status, lambda: v.status.label),
            places(v.capacity, c["confirmed"]),
            text(("waiting", c["waiting"]), lambda: _("%(n)s en attente", n=c["waiting"])) if c["waiting"] else None,
            text("open", lambda: _("Ouverte aux autres régions")) if v.open_to_other_regions else None,
            text(status, lambda: status.label) if status else None))
    return cards


@bp.get("/<region_slug>/visites/")
@access("public")
def region_list():
    """A region's upcoming and past visits, 20 a page each (drafts for those who may create visits)."""
    drafts = can("create_visit", g.region)
    upcoming, pages = paging.read(partial(queries.region_list, g.region, upcoming=True, include_drafts=drafts),
                                  "page", PER_PAGE)
    past, past_pages = paging.read(partial(queries.region_list, g.region, upcoming=False,
                                           include_drafts=drafts), "passees", PER_PAGE)
    mine = (services.my_places(current_user, [v.id for v in upcoming + past])
            if current_user.is_authenticated and (upcoming or past) else {})
    cards = visit_cards(upcoming + past, g.region, mine)
    return render_template("visits/list.html", region=g.region, upcoming=cards[:len(upcoming)],
                           past=cards[len(upcoming):], pages=pages, past_pages=past_pages, can_create=drafts,
                           page_url=paging.links(("page", "passees")))


@bp.get("/visites/")
@access("public")
def national_list():
    """Visits of every region open to members of other regions (the inter-regional opening), 20 a page."""
    visits, pages = paging.read(queries.national_visits, "page", PER_PAGE)
    return render_template("visits/national.html", visits=visit_cards(visits, None), pages=pages)


def _own_place(visit, now) -> tuple:
    """The signed-in person's registration, rank in line, whether they may register, and the
    form to register a colleague (None when they cannot); nothing for a visitor."""
    if not current_user.is_authenticated:
        return None, None, False, None
    reg = seats.registration_of(visit, current_user)
    eligible, _ptce = seats.eligible_ptce(visit, current_user)
    return reg, seats.waitlist_rank(reg) if reg else None, eligible, _colleague_form(visit, now)


def _colleague_form(visit, now) -> ColleagueForm | None:
    """A PTCE referent registers colleagues while registration is open to their PTCE (if any are left)."""
    referent_ptce = next((m.ptce for m in current_user.memberships if m.referent and m.ptce), None)
    if referent_ptce is None or not visit.registration_open(now) or not seats.ptce_allowed(visit, referent_ptce):
        return None
    form = ColleagueForm()
    form.user_id.choices = [SelectChoice(uid, name) for uid, name
                            in services.colleague_choices(referent_ptce, current_user.id)]
    return form if form.user_id.choices else None


@bp.get("/<region_slug>/visites/<int:visit_id>")
@access("public")
def detail(visit_id: int):
    """The visit: programme, seats, and what the current person can do."""
    visit = load_visit(visit_id)
    now = utcnow()
    manager = can("manage_visit", visit)
    reg, rank, eligible, colleague_form = _own_place(visit, now)
    registrations = queries.listed_registrations(visit)
    confirmed = [r for r in registrations if r.status is RegistrationStatus.CONFIRMED]
    waiting = [r for r in registrations if r.status is not RegistrationStatus.CONFIRMED]
    # Organisers and the host PTCE's people see names; others see counts and those who agreed.
    names_visible = manager or (current_user.is_authenticated and current_user.member_of(visit.host_ptce_id))
    consenting = [r for r in confirmed if r.show_name]
    summary = services.feedback_summary(visit) if manager else None
    waiting_text = (waiting_message(visit, seats.waiting_reason(reg, now), rank)
                    if reg is not None and reg.status is RegistrationStatus.WAITLISTED else None)
    return render_template(
        "visits/detail.html", region=g.region, visit=visit, now=now, reg=reg, rank=rank,
        eligible=eligible, manager=manager, confirmed=confirmed, waiting=waiting,
        names_visible=names_visible, consenting=consenting, summary=summary,
        waiting_text=waiting_text, closed_text=seats.closed_reason(visit, now),
        sectors=SECTORS, topics=SUPPORT_TOPICS, action=ActionForm(), colleague_form=colleague_form,
        consent_form=ConsentForm(show_name=reg.show_name if reg else False), RegistrationStatus=RegistrationStatus,
        confirm_cancel=bool(request.args.get("annulation")) and reg is not None and reg.active)
