"""Lists cut in pages without counting them: ``?page=N``, previous and next links.

A page reads one more row than it shows to know whether another page follows, so
its cost stays that of one page however long the list grows (no ``count(*)``).
Templates render the links with ``_macros/pagination.html`` ``pager``. ``counted`` is for
the one list whose page shows its total (the audit journal).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import current_app, get_template_attribute, request
from markupsafe import Markup
from flask_sqlalchemy.pagination import SelectPagination

from .extensions import db
from .templating import kept_fragments
from .urls import kept_url

LAST_PAGE = 10_000  # a bound on ?page=, so that an offset stays reasonable


def parse_page(value: str | None) -> int:
    """A page number from the URL; anything else (or below 1) means the first page."""
    try:
        return max(1, min(int(value or 1), LAST_PAGE))
    except ValueError:
        return 1


@dataclass
class Pages:
    """Where a page of a list stands: its number and whether pages come before and after."""

    number: int
    more: bool

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.more else None


def cut(rows: list, number: int, per_page: int) -> tuple[list, Pages]:
    """The rows of a page read with ``limit=per_page + 1``, and where the page stands."""
    return rows[:per_page], Pages(number, more=len(rows) > per_page)


def read(fetch: Callable[..., list], arg: str = "page", per_page: int = 20) -> tuple[list, Pages]:
    """The page of a list named by the URL argument ``arg``: ``fetch(limit=, offset=)`` reads its rows."""
    number = parse_page(request.args.get(arg))
    return cut(fetch(limit=per_page + 1, offset=(number - 1) * per_page), number, per_page)


def args_with(keys: Iterable[str], **changes) -> dict:
    """The URL's page arguments ``keys`` with some changed: the other lists keep their page; page 1 has none."""
    args = request.args
    given = {key: args.get(key) if key in args else None for key in keys}  # (missing: no exception raised)
    given.update(changes)
    return {key: value for key, value in given.items() if value not in (None, "", 1, "1")}


class PageLinks:
    """For a template: this page's URL with the page arguments ``keys``, some changed (``page_url(page=2)``),
    and the list's ``filters`` (as the view understood them; empty ones are left out); and each list's
    previous/next links (``pager``)."""

    __slots__ = ("keys", "filters")

    def __init__(self, keys: Iterable[str], filters: dict):
        self.keys = tuple(keys)
        self.filters = {key: value for key, value in filters.items() if value not in (None, "")}

    def __call__(self, **changes) -> str:
        return kept_url(request.endpoint, **(request.view_args or {}), **self.filters,
                        **args_with(self.keys, **changes))

    def pager(self, label: str, pages: Pages, param: str) -> Markup:
        """The previous/next links of the list whose page is ``param`` (``_macros/pagination.html``'s
        ``pager``), written once per page, list, label and language, and per value its links are built
        from (the endpoint, its values with the URL defaults, the filters, the lists' pages): a page of
        several lists read again builds no link (each costs a ``url_for`` and the URL's arguments)."""
        if not (pages.previous or pages.next):
            return Markup()
        args, values = request.args, {**(request.view_args or {}), **self.filters}
        # the values url_for will use: a region's workspace has its slug from the URL defaults (g.region),
        # not in view_args (``permissions.load_region`` takes it out)
        current_app.inject_url_defaults(request.endpoint, values)
        key = (request.endpoint, label, param, pages.number, pages.more, *values.items(),
               *(args.get(key) if key in args else None for key in self.keys))
        kept = kept_fragments("list pager")
        try:
            found = kept.get(key)
        except TypeError:  # a value a key cannot hold (a list of filters): written each time
            return self._pager(label, pages, param)
        if found is None:
            found = kept[key] = self._pager(label, pages, param)
        return found

    def _pager(self, label: str, pages: Pages, param: str) -> Markup:
        return get_template_attribute("_macros/pagination.html", "pager")(
            label, pages.number, self(**{param: pages.previous}) if pages.previous else None,
            self(**{param: pages.next}) if pages.next else None)


def links(keys: Iterable[str], **filters) -> PageLinks:
    """``PageLinks`` of this page: its lists' page arguments ``keys`` and ``filters``."""
    return PageLinks(keys, filters)


class CountedRows(SelectPagination):
    """What ``db.paginate`` gives for objects, for a Core select of columns: the page's rows (all their
    columns, where ``db.paginate`` keeps the first) and the count of every row, for the templates'
    ``counted_pager``. Only for lists whose total the page shows (the audit journal)."""

    def _query_items(self) -> list:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(select))

    def _query_count(self) -> int:
        if self._query_args.get("counter") is None:
            return super()._query_count()
        return self._query_args["session"].execute(self._query_args["counter"]).scalar_one()


def counted(select, per_page: int, count=None) -> CountedRows:
    """The page of ``select``'s rows that ``?page=N`` names, with the total: ``count``'s answer when given
    (a count that skips the joins the rows need), else the rows counted as ``db.paginate`` counts them."""
    return CountedRows(select=select, counter=count, session=db.session(), per_page=per_page, max_per_page=None,
                       error_out=False, count=True)
