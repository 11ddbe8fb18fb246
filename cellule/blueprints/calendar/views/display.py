"""Agenda pages (month grid and list, national and regional) and event pages with their .ics."""
from __future__ import annotations

import unicodedata
from functools import partial

import sqlalchemy as sa
from flask import abort, g, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .... import localtime, paging
from ....extensions import db
from ....loading import in_region_or_404
from ....permissions import access, ensure, national_and_regional
from ...directory.models import Region
from .. import feeds, grid, grid_queries, listing, month_queries, presenting, queries
from ..forms import ConfirmForm
from ..models import Event, EventKind
from . import bp


def _filters(national: bool):
    """Type (repeatable ``type``) and, nationally, ``region`` filters; a bad value is a 400."""
    kinds = presenting.parse_kinds(request.args.getlist("type"))
    if kinds is None:
        _bad_filter(_("Ce type d'événement n'existe pas. Choisissez un type dans la liste du filtre."))
    region_filter = None
    if national and request.args.get("region"):
        region_filter = db.session.scalar(sa.select(Region).where(Region.slug == request.args["region"]))
        if region_filter is None:
            _bad_filter(_("Cette région n'existe pas. Choisissez une région dans la liste du filtre."))
    return kinds, region_filter


def _bad_filter(message: str):
    """Stop with a 400 page saying what to fix in the filter."""
    abort(make_response(render_template("errors/error.html", status=400, title=_("Filtre incorrect"),
                                        message=message), 400))


def _agenda(region: Region | None):
    """The agenda page of a region (``region``) or of the nation (None)."""
    national = region is None
    kinds, region_filter = _filters(national)
    viewer_zone = region.timezone if region else presenting.PARIS
    today = localtime.today(viewer_zone)
    first = presenting.parse_month(request.args.get("mois"), today)
    view = "liste" if request.args.get("vue") == "liste" else "mois"
    month = presenting.month_grid(first, today)
    scope = queries.viewer_scope(current_user, region=region, kinds=kinds, region_filter=region_filter)
    regions = (sorted(db.session.scalars(sa.select(Region)),
                      key=lambda r: unicodedata.normalize("NFD", r.name)) if national else [])
    zones = _zones(scope, region or region_filter or None, regions)
    links, items, weeks, pages, count = presenting.Links(), None, None, None, 0
    # what a grid's cells or a list's items show besides the events, the viewer's zone and the language (the
    # regions' slugs, names and zones: links, names, each event's time in its region's zone)
    shown = (scope, tuple(sorted(zones.items())), request.path, request.query_string,
             tuple((r.id, r.slug, r.name, r.timezone) for r in regions) if national else (region.slug, region.name))
    if view == "liste":
        items, pages = listing.written_items(listing.ListWriter(viewer_zone, links),
                                             partial(_list_page, scope, month, zones), (month.first, *shown))
    else:
        endpoint = "calendar.region_agenda" if region else "calendar.national"
        grid_writer = grid.GridWriter(viewer_zone, national, links, lambda mois: url_for(
            endpoint, **_month_args(vue="liste", mois=mois)))
        weeks, count = grid.written_weeks(grid_writer, month, partial(_grid, scope, month, zones), (today, *shown))
    return render_template(
        "calendar/agenda.html", region=region, month=month, view=view, items=items, pages=pages, count=count,
        weeks=weeks,
        kinds=EventKind.labels(), selected_kinds=[k.value for k in kinds], regions=regions,
        region_filter=region_filter, viewer_zone=viewer_zone, zone_label=presenting.zone_label,
        month_args=_month_args)


def _zones(scope, one_region: Region | None, regions: list[Region]) -> dict[str, tuple[int | None, ...]]:
    """The time zones of the agenda's events: one region's (and the national ones), or every region's."""
    return (presenting.zones([one_region], national=scope.national) if one_region is not None
            else presenting.zones(regions, national=True))


def _grid(scope, month: presenting.Month, zones, version: str | None) -> grid_queries.GridRead:
    """The grid's events: at most ``PER_DAY`` a start day, the others counted (kept under the events'
    ``version``, read by the caller)."""
    return grid_queries.month_grid(scope, zones, month.days, month.first, month.next, per_day=presenting.PER_DAY,
                                   kept=True, version=version)


def _list_page(scope, month: presenting.Month, zones, version: str | None):
    """One page of the month's list (``?page=N``): the events and where the page stands (kept under the
    events' ``version``, read by the caller)."""
    return paging.read(partial(month_queries.month_page, scope, zones, month.first, month.next, kept=True,
                               version=version), "page", presenting.PER_PAGE)


def _month_args(**changes) -> dict:
    """The page's query arguments with some replaced (month navigation, view switch keep the filters)."""
    args = {key: request.args.getlist(key) for key in request.args}
    args.pop("page", None)  # another month, view or filter starts at its first page
    args.update({key: value for key, value in changes.items()})
    return {key: value for key, value in args.items() if value not in (None, "", [])}


# The national agenda (national events and every region's, filterable by type and region),
# and a region's, with the national events.
national_and_regional(bp, "agenda/", _agenda, ("national", "region_agenda"))


def load_event(event_id: int, region: Region | None) -> Event:
    """An event of this region (or a national one): foreign or missing is a 404; then the visibility check."""
    event = in_region_or_404(region, Event, Event.id == event_id)
    if not event.visible_to(current_user):
        ensure("view_event", event)
    return event


def _event_page(event: Event, region: Region | None):
    viewer_zone = region.timezone if region else presenting.PARIS
    return render_template("calendar/event.html", region=region, event=event,
                           when=presenting.when(event, viewer_zone), confirm=ConfirmForm(),
                           source_url=feeds.absolute(event.url_path) if event.url_path else None)


@bp.get("/agenda/evenements/<int:event_id>")
@access("public")
def national_event(event_id: int):
    """A national event's page."""
    return _event_page(load_event(event_id, None), None)


@bp.get("/<region_slug>/agenda/evenements/<int:event_id>")
@access("public")
def event(event_id: int):
    """A regional event's page."""
    return _event_page(load_event(event_id, g.region), g.region)


@bp.get("/agenda/evenements/<int:event_id>.ics")
@access("public")
def national_event_ics(event_id: int):
    """A national event as a single .ics file."""
    return feeds.single(load_event(event_id, None))


@bp.get("/<region_slug>/agenda/evenements/<int:event_id>.ics")
@access("public")
def event_ics(event_id: int):
    """A regional event as a single .ics file."""
    return feeds.single(load_event(event_id, g.region))
