"""The pages ``make bench`` measures. A feature that lands adds or completes one entry here.

An entry names its endpoint and how to fill the URL from the dataset. When the
endpoint does not exist yet (the feature has not landed) or the dataset holds
nothing to show, the page is skipped and the report says why.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from bench.data.context import BENCH_API_TOKEN, BENCH_REGION
from cellule.database import utcnow
from cellule.extensions import db


class Unavailable(LookupError):
    """The dataset has nothing for this page; the message says what is missing."""


@dataclass
class Page:
    name: str
    endpoint: str
    values: Callable[[], dict] = dict       # url_for arguments, looked up in the dataset
    signed_in: str | None = None            # a key of BENCH_ACCOUNTS, or None for a visitor
    conditional: bool = False               # replay the cold answer's ETag: measures the 304 path
    typical: bool = False                   # the "typical signed-in page" of the targets
    feature: str = ""                       # the feature that provides it, for the skip note
    headers: dict = field(default_factory=dict)  # sent with every request (e.g. the API's bearer token)
    floor: str = "orm"                      # the bench.floor app doing the same kind of work


def _region() -> dict:
    return {"region_slug": BENCH_REGION}


def _visit() -> dict:
    """The bench region's next published visit (what a member opens from the region's list)."""
    from cellule.blueprints.directory.models import Region
    from cellule.blueprints.visits.models import Visit, VisitStatus

    found = db.session.scalar(
        sa.select(Visit.id).join(Region, Region.id == Visit.region_id)
        .where(Region.slug == BENCH_REGION, Visit.status == VisitStatus.PUBLISHED, Visit.starts_at > utcnow())
        .order_by(Visit.starts_at).limit(1))
    if found is None:
        raise Unavailable(f"no upcoming published visit in {BENCH_REGION}")
    return {"region_slug": BENCH_REGION, "visit_id": found}


def _campaign(export: bool = False) -> Callable[[], dict]:
    """The open campaign (dashboard), or the one with the most forwarded answers (export)."""
    def values() -> dict:
        from cellule.blueprints.collection.lifecycle import CampaignStatus, ResponseStatus
        from cellule.blueprints.collection.models import Campaign, Response

        if export:
            forwarded = (sa.select(sa.func.count()).where(Response.campaign_id == Campaign.id,
                                                           Response.status == ResponseStatus.FORWARDED)
                         .scalar_subquery())
            query = sa.select(Campaign).order_by(forwarded.desc(), Campaign.id)
        else:
            query = sa.select(Campaign).where(Campaign.status == CampaignStatus.OPEN).order_by(Campaign.year.desc())
        campaign = db.session.scalar(query.limit(1))
        if campaign is None:
            raise Unavailable("no campaign in the dataset")
        if export:
            return {"campaign_id": campaign.id, "stem": f"collecte-{campaign.year}-{campaign.id}"}
        return {"campaign_id": campaign.id}
    return values


PAGES: list[Page] = [
    Page("region home", "core.region_home", _region),
    Page("directory list (region)", "directory.region_list", _region),
    Page("directory list (national)", "directory.national_list"),
    Page("signed-in page (profile)", "auth.profile", signed_in="coordinator", typical=True),
    Page("month calendar (region)", "calendar.region_agenda", _region, feature="calendar"),
    Page("visit page, signed in", "visits.detail", _visit, signed_in="member", feature="visits"),
    # The feed under load is served from the in-process cache after the first request; its cold
    # rendering (~500 events) is measured apart by bench.ics_cold.
    Page("regional ICS feed", "calendar.region_feed", _region, feature="calendar", floor="core"),
    Page("regional ICS feed, 304", "calendar.region_feed", _region, conditional=True, feature="calendar",
         floor="core"),
    Page("council dashboard", "collection.dashboard", _campaign(), signed_in="council_admin",
         feature="collection"),
    Page("API page (PTCE list)", "api.v1.ptce_list", feature="api",
         headers={"Authorization": f"Bearer {BENCH_API_TOKEN}"}),
    Page("campaign CSV export", "collection.export_csv", _campaign(export=True), signed_in="council_admin",
         feature="collection"),
    # Every list page (issue 20): their cost must not grow with the data either.
    Page("home", "core.home"),
    Page("national agenda (month)", "calendar.national", feature="calendar"),
    Page("national agenda list", "calendar.national", lambda: {"vue": "liste"}, feature="calendar"),
    Page("region agenda list", "calendar.region_agenda", lambda: {**_region(), "vue": "liste"}, feature="calendar"),
    Page("visits list (region)", "visits.region_list", _region, feature="visits"),
    Page("visits list (national)", "visits.national_list", feature="visits"),
    # A later page of the paged lists reads from an offset (still one bounded range).
    Page("national agenda list, page 3", "calendar.national", lambda: {"vue": "liste", "page": 3},
         feature="calendar"),
    Page("visits list (region), past page 2", "visits.region_list", lambda: {**_region(), "passees": 2},
         feature="visits"),
    Page("sheets list (region)", "resources.index", _region, feature="resources"),
    Page("sheets list (national)", "resources.national_index", feature="resources"),
    Page("sheets review (region)", "resources.review", _region, signed_in="coordinator", feature="resources"),
    Page("transfers (region)", "transfers.overview", _region, signed_in="member", feature="transfers"),
    Page("offers of other regions", "transfers.other_offers", _region, signed_in="coordinator", feature="transfers"),
    Page("collection (region)", "collection.index", _region, signed_in="coordinator", feature="collection"),
    Page("collection (council)", "collection.council_index", signed_in="council_admin", feature="collection"),
    Page("region team", "auth.region_team", _region, signed_in="coordinator"),
    Page("council journal", "audit.log", signed_in="council_admin", feature="privacy"),
    Page("API page (campaigns)", "api.v1.campaigns", feature="api",
         headers={"Authorization": f"Bearer {BENCH_API_TOKEN}"}),
    Page("API page (snapshots)", "api.v1.snapshots", feature="api",
         headers={"Authorization": f"Bearer {BENCH_API_TOKEN}"}),
]


def resolve(app, page: Page) -> str:
    """The page's path, or raise Unavailable with the reason it cannot be measured yet."""
    from flask import url_for

    if page.endpoint not in app.view_functions:
        raise Unavailable(f"endpoint {page.endpoint} absent: the {page.feature or 'feature'} "
                          "feature has not landed")
    with app.test_request_context():
        try:
            values = page.values()
        except ModuleNotFoundError as exc:
            raise Unavailable(f"{exc.name} absent") from None
        return url_for(page.endpoint, **values)
