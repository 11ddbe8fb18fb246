"""The pages ``make bench`` measures. A feature that lands adds or completes one entry here.

An entry names its endpoint and how to fill the URL from the dataset. When the
endpoint does not exist yet (the feature has not landed) or the dataset holds
nothing to show, the page is skipped and the report says why.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from cellule.blueprints.bench.context import BENCH_REGION
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


def _region() -> dict:
    return {"region_slug": BENCH_REGION}


def _month() -> dict:
    today = date.today()
    return {"region_slug": BENCH_REGION, "year": today.year, "month": today.month}


def _first(model_path: str, column: str = "id") -> Callable[[], dict]:
    """Values naming the first row of a feature's table (the model imported lazily)."""
    def values() -> dict:
        module, _, name = model_path.rpartition(".")
        import importlib
        model = getattr(importlib.import_module(module), name)
        found = db.session.scalar(sa.select(getattr(model, column)).order_by(model.id).limit(1))
        if found is None:
            raise Unavailable(f"no {name} in the dataset")
        return {"region_slug": BENCH_REGION, column: found}
    return values


PAGES: list[Page] = [
    Page("region home", "core.region_home", _region),
    Page("directory list (region)", "directory.region_list", _region),
    Page("directory list (national)", "directory.national_list"),
    Page("signed-in page (profile)", "auth.profile", signed_in="coordinator", typical=True),
    # Pages of features being built: skipped with a note until their endpoint exists.
    Page("month calendar", "calendar.month", _month, feature="calendar"),
    Page("visit page, signed in", "visits.detail", _first("cellule.blueprints.visits.models.Visit"),
         signed_in="member", feature="visits"),
    Page("regional ICS feed, cold", "calendar.region_feed", _region, feature="calendar"),
    Page("regional ICS feed, 304", "calendar.region_feed", _region, conditional=True, feature="calendar"),
    Page("council dashboard", "collection.dashboard", signed_in="council_admin", feature="collection"),
    Page("API page", "api.ptce_list", feature="api"),
    Page("campaign CSV export", "collection.export_csv",
         _first("cellule.blueprints.collection.models.Campaign", "id"), signed_in="council_admin",
         feature="collection"),
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
