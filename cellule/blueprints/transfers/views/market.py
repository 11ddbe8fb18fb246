"""Overview of a region's transfers, needs and offers, the matching page, other regions' offers."""
from __future__ import annotations

from functools import partial

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .... import kept_lists, paging, submissions
from ....database import commit
from ....extensions import db
from ....l10n import ngettext
from ....outcomes import refuse
from ....lifecycle import IllegalTransition
from ....loading import in_region_or_404
from ....permissions import access, can, ensure
from ...directory.models import Ptce, Region
from .. import queries, services
from ..forms import NeedForm, OfferForm, ProposeForm, choices
from ..models import NeedStatus, TransferNeed, TransferOffer
from ..overview_lines import OverviewWriter
from ..topics import SECTOR, topic_choices
from . import bp


# Rows shown per page of a list (on the overview, cycles, needs and offers each have their own pages).
PER_PAGE = 20
# The overview's URL arguments: the page of each of its lists.
OVERVIEW_PAGES = ("cycles", "besoins", "offres")


@bp.get("/<region_slug>/transferts/")
@access("region_member")
def overview():
    """Cycles involving the region; the needs and offers this person may see; 20 a page each."""
    user = current_user._get_current_object()  # asked of per line: no proxy in between
    lines = OverviewWriter(g.region, user)
    cycles, cycle_pages = kept_lists.written_page(
        "transfers cycles", queries.cycles_page(g.region), lines.cycles, "cycles", PER_PAGE, **lines.kept)
    needs, need_pages = kept_lists.written_page(
        "transfers needs", queries.needs_page(g.region, user), lines.needs, "besoins", PER_PAGE, **lines.kept)
    offers, offer_pages = kept_lists.written_page(
        "transfers offers", queries.offers_page(g.region, user), lines.offers, "offres", PER_PAGE, **lines.kept,
        shown=lines.declares())
    return render_template(
        "transfers/overview.html", region=g.region, cycles=cycles, needs=needs, offers=offers,
        pages=dict(cycles=cycle_pages, besoins=need_pages, offres=offer_pages), page_url=paging.links(OVERVIEW_PAGES),
        can_declare=queries.may_declare(g.region, user))


def _ptce_field(form):
    allowed = queries.declarable_ptce(g.region, current_user)
    if not allowed:
        abort(403)
    form.ptce.choices = choices([(p.id, p.name) for p in allowed])
    return {p.id: p for p in allowed}


def _edit(kind: str, item=None):
    """Shared create/edit flow of needs and offers."""
    form_cls = NeedForm if kind == "need" else OfferForm
    form = form_cls(obj=item)
    allowed = _ptce_field(form)
    if request.method == "GET" and item is not None:
        form.ptce.data = item.ptce_id
        if kind == "need":
            form.status.data = item.status.value
    if form.validate_on_submit():
        ptce = allowed.get(form.ptce.data)
        if ptce is None:
            form.ptce.errors.append(_("Choisissez un PTCE pour lequel vous pouvez déclarer."))
        else:
            claimed = submissions.start(request.endpoint, current_user.id) if item is None else None
            if isinstance(claimed, int):  # the same form sent again: what it made is already there
                flash(_("Ce formulaire avait déjà été envoyé : rien de plus n'a été créé."), "info")
                if kind == "need" and claimed:
                    return redirect(url_for(".need", need_id=claimed))
                return redirect(url_for(".overview"))
            values = dict(ptce=ptce, topic=form.topic.data, sector=form.sector.data or None,
                          description=form.description.data.strip(), by=current_user)
            if kind == "need":
                saved = services.save_need(item, status=NeedStatus(form.status.data), **values)
                message = _("Le besoin a été enregistré.")
            else:
                saved = services.save_offer(item, capacity_per_year=form.capacity_per_year.data,
                                            active=form.active.data, **values)
                message = _("L'offre a été enregistrée.")
            if claimed is not None:
                claimed.object_id = saved.id
            commit()
            flash(message, "success")
            return redirect(url_for(".overview"))
    return render_template("transfers/declare.html", region=g.region, form=form, kind=kind, item=item)


@bp.route("/<region_slug>/transferts/besoins/nouveau", methods=["GET", "POST"])
@access("region_member")
def new_need():
    """A PTCE member (or a coordinator) declares a need."""
    return _edit("need")


@bp.route("/<region_slug>/transferts/offres/nouvelle", methods=["GET", "POST"])
@access("region_member")
def new_offer():
    """A PTCE member (or a coordinator) declares an offer."""
    return _edit("offer")


@bp.route("/<region_slug>/transferts/besoins/<int:need_id>/modifier", methods=["GET", "POST"])
@access("region_member")
def edit_need(need_id: int):
    return _edit_existing("need", TransferNeed, need_id)


@bp.route("/<region_slug>/transferts/offres/<int:offer_id>/modifier", methods=["GET", "POST"])
@access("region_member")
def edit_offer(offer_id: int):
    return _edit_existing("offer", TransferOffer, offer_id)


def _edit_existing(kind: str, model, item_id: int):
    """Edit a need or offer of this region, if the user may declare for its PTCE."""
    item = in_region_or_404(g.region, model, model.id == item_id)
    ensure("transfers_declare", item.ptce)
    return _edit(kind, item)


def _propose_form(need, ranked) -> ProposeForm:
    form = ProposeForm()
    form.mentors.choices = choices([(r.candidate.ptce_id, r.candidate.name) for r in ranked])
    others = [n.ptce for n in queries.region_needs(g.region, current_user, open_only=True)
              if n.topic == need.topic and n.sector == need.sector and n.ptce_id != need.ptce_id]
    form.extra_mentees.choices = choices([(p.id, p.name) for p in dict((p.id, p) for p in others).values()])
    if request.method == "GET":
        form.title.data = form.title.data or f"{need.label} — {need.ptce.name}"
        form.goals.data = form.goals.data or need.description
    return form


@bp.get("/<region_slug>/transferts/besoins/<int:need_id>")
@access("region_member")
def need(need_id: int):
    """A need; for coordinators, the explained ranking of candidate mentors and the proposal form."""
    item = in_region_or_404(g.region, TransferNeed, TransferNeed.id == need_id)
    ensure("transfers_see_declaration", item)
    # A closed need is done with: no ranking, no « Proposer un cycle ».
    proposing = can("manage_region", g.region) and item.status is not NeedStatus.CLOSED
    ranked = services.candidates_for(item) if proposing else []
    return render_template("transfers/need.html", region=g.region, need=item, ranked=ranked,
                           form=_propose_form(item, ranked), sector_topic=SECTOR, proposing=proposing)


@bp.post("/<region_slug>/transferts/besoins/<int:need_id>/proposer")
@access("manage_region")
def propose(need_id: int):
    """Create one cycle proposal per picked mentor."""
    item = in_region_or_404(g.region, TransferNeed, TransferNeed.id == need_id)
    if item.status is NeedStatus.CLOSED:
        refuse(_("Ce besoin est clos : il n'attend plus de cycle. Rouvrez-le d'abord s'il le faut."))
        return redirect(url_for(".need", need_id=need_id))
    ranked = services.candidates_for(item)
    form = _propose_form(item, ranked)
    if not form.validate_on_submit():
        return render_template("transfers/need.html", region=g.region, need=item, ranked=ranked,
                               form=form, sector_topic=SECTOR, proposing=True), 400
    claimed = submissions.start(request.endpoint, current_user.id)
    if isinstance(claimed, int):  # a second click on the same proposal form
        flash(_("Ce formulaire avait déjà été envoyé : les propositions existent déjà."), "info")
        return redirect(url_for(".cycle", cycle_id=claimed) if claimed else url_for(".overview"))
    mentors = [db.session.get(Ptce, pid) for pid in form.mentors.data]
    extra = [db.session.get(Ptce, pid) for pid in form.extra_mentees.data]
    try:
        cycles = services.propose_cycles(item, mentors, extra_mentees=extra, title=form.title.data.strip(),
                                         topics=form.topics.data, goals=form.goals.data.strip(),
                                         planned_sessions=form.planned_sessions.data, by=current_user)
    except IllegalTransition as exc:
        db.session.rollback()
        refuse(str(exc))
        return redirect(url_for(".need", need_id=need_id))
    if claimed is not None:
        claimed.object_id = cycles[0].id
    commit()
    flash(ngettext("%(num)s proposition de cycle envoyée aux référent·es.",
                   "%(num)s propositions de cycle envoyées aux référent·es.", len(cycles)), "success")
    if len(cycles) == 1:
        return redirect(url_for(".cycle", cycle_id=cycles[0].id))
    return redirect(url_for(".overview"))


@bp.get("/<region_slug>/transferts/autres-regions")
@access("manage_region")
def other_offers():
    """Active offers of the other regions, read-only, filterable by region and topic, 20 a page."""
    regions = db.session.scalars(db.select(Region).where(Region.id != g.region.id).order_by(Region.name)).all()
    region_id = request.args.get("region", type=int)
    topic = request.args.get("topic", "")
    topic = topic if topic in dict(topic_choices()) else ""
    offers, pages = paging.read(partial(queries.other_offers, g.region, region_id, topic or None), "page", PER_PAGE)
    return render_template("transfers/other_offers.html", region=g.region, regions=regions,
                           offers=offers, pages=pages,
                           page_url=paging.links(("page",), region=region_id, topic=topic),
                           region_filter=region_id, topic_filter=topic, topics=topic_choices())
