"""A page of a list written once for each content it can show, then served at the cost of one statement.

A list written line by line costs each line a fetched row (its values decoded: timestamps, enums) and
a lookup of its kept HTML (``templating.kept_fragments``): a page of 20 lines costs twenty times what a
page of one costs, and a list grows with the data up to its page size (issue 20). Here the database
sums the page up instead: one statement reads its rows as one JSON text (``json_rows``: each row's
values, and the values it is sorted by, in the list's order), and the list's HTML, written from those
rows, is kept under that text. Any change to a value a line shows changes the text, so nothing stale is
served, and a page seen again reads one short value and writes nothing.

When the text is new, one statement reads the page's rows with the text beside each (the same
aggregate as a window over the page), so that the HTML and the key it is kept under come from one
snapshot of the data: a change committed between two statements cannot leave new lines under an old
key. What a line shows beyond its row (the page's zone, its region's links, what the viewer may do) is
the store's ``context``.

The statement must select every value a line is written from (a line written from a second statement
would be kept past that statement's changes) and no BLOB (SQLite's ``json_array`` refuses them).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from weakref import WeakKeyDictionary

import sqlalchemy as sa
from flask import request
from markupsafe import Markup
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.functions import FunctionElement

from . import paging
from .extensions import db
from .templating import kept_fragments

# Pages kept per kind of list and context (a region's zone, the language): a changed page is kept
# under a new key and the old one is never asked for again, so the store is emptied when full.
PAGES_KEPT = 64


class json_rows(FunctionElement):
    """An aggregate: the JSON array of its rows, each the JSON array of the given values, in the order
    the rows come (the ordered subquery it reads). ``json_group_array(json_array(…))`` on SQLite,
    ``json_agg(json_build_array(…))`` on PostgreSQL (no row: ``[]`` and NULL)."""

    type = sa.Text()
    name = "json_rows"
    inherit_cache = True


@compiles(json_rows)
def _json_rows_sqlite(element, compiler, **kw) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "postgresql")
def _json_rows_postgresql(element, compiler, **kw) -> str:
    return f"json_agg(json_build_array({compiler.process(element.clauses, **kw)}))"


class json_rows_sorted(FunctionElement):
    """``json_rows`` of the values after the first, sorted by the first: in the aggregate on PostgreSQL
    (``ORDER BY``, which it would not promise from a sorted subquery); on SQLite (3.40: no ``ORDER BY``
    in an aggregate) read from a subquery sorted by it, which an aggregate query never flattens and
    reads in its order."""

    type = sa.Text()
    name = "json_rows_sorted"
    inherit_cache = True


@compiles(json_rows_sorted)
def _json_rows_sorted_sqlite(element, compiler, **kw) -> str:
    _by, *values = element.clauses
    return f"json_group_array(json_array({', '.join(compiler.process(value, **kw) for value in values)}))"


@compiles(json_rows_sorted, "postgresql")
def _json_rows_sorted_postgresql(element, compiler, **kw) -> str:
    by, *values = element.clauses
    return (f"json_agg(json_build_array({', '.join(compiler.process(value, **kw) for value in values)}) "
            f"ORDER BY {compiler.process(by, **kw)})")


def as_text(aggregate) -> sa.Cast:
    """``aggregate`` (a ``json_rows``, or one over a window) as text on every database: PostgreSQL's
    json would be decoded by the driver."""
    return sa.cast(aggregate, sa.Text)


# Per statement (the callers build theirs once per region and page, ``functools.lru_cache``): what is
# derived from it, weakly.
_DERIVED: WeakKeyDictionary = WeakKeyDictionary()


def _sort_values(statement: sa.Select) -> list[tuple[sa.ColumnElement, list]]:
    """The values ``statement`` is sorted by (``ORDER BY``), each with its modifiers (``DESC``, ``NULLS
    FIRST``…) from the outermost: the JSON text holds them, so that two pages differing only in their
    order never share it, whichever order the aggregate reads its rows in; the rows are read again in
    that order."""
    values = []
    for clause in statement._order_by_clauses:
        modifiers = []
        while isinstance(clause, UnaryExpression) and clause.element is not None:
            modifiers.append(clause.modifier)
            clause = clause.element
        if isinstance(clause, sa.ColumnElement):
            values.append((clause, modifiers))
    return values


_MODIFIERS = {operators.desc_op: "desc", operators.asc_op: "asc", operators.nulls_first_op: "nulls_first",
              operators.nulls_last_op: "nulls_last"}


def _sorted_as(column, modifiers: list):
    """``column`` with the modifiers of the clause it was taken from, innermost first."""
    for modifier in reversed(modifiers):
        column = getattr(column, _MODIFIERS[modifier])()
    return column


def derived(statement: sa.Select) -> tuple[sa.Select, sa.Select]:
    """The two statements read in place of ``statement``: its rows' JSON text, and its rows with that text
    as a last column (``page_digest``)."""
    found = _DERIVED.get(statement)
    if found is None:
        width, sort = len(statement.selected_columns), _sort_values(statement)
        page = statement.add_columns(*(value.label(f"sorted_by_{i}") for i, (value, _m) in enumerate(sort))).subquery(
            "page")
        values = list(page.c)
        found = _DERIVED[statement] = (
            sa.select(as_text(json_rows(*values))),
            sa.select(*values[:width], as_text(json_rows(*values).over()).label("page_digest"))
            .order_by(*(_sorted_as(column, modifiers) for column, (_v, modifiers) in zip(values[width:], sort))))
    return found


def _key(text: str | None, shown: tuple) -> tuple:
    # A page's text is up to a few kilobytes: kept as a 16-byte hash (BLAKE2b).
    return (hashlib.blake2b((text or "[]").encode(), digest_size=16).digest(), *shown)


def written(kind: str, statement: sa.Select, write: Callable[[list], Markup], *, params: dict | None = None,
            context: tuple = (), shown: tuple = ()) -> tuple[Markup, int]:
    """The HTML ``write(rows)`` gives for ``statement``'s rows, kept under their JSON text, and how many
    rows there are. ``statement``: the same object for the same list (built once, its values fixed or
    bound, ``params``); ``context``: what the store is per (as ``kept_fragments``: a zone, a region);
    ``shown``: what else the lines are written from, per request (what the viewer may do on each line)."""
    digest, rows_with_digest = derived(statement)
    connection = db.session.connection()
    kept = kept_fragments(kind, *context, limit=PAGES_KEPT)
    found = kept.get(_key(connection.execute(digest, params).scalar(), shown))
    if found is None:
        rows = connection.execute(rows_with_digest, params).all()
        found = kept[_key(rows[0].page_digest if rows else None, shown)] = (write(rows), len(rows))
    return found


def written_page(kind: str, statement_for: Callable[..., sa.Select], write: Callable[[list], Markup],
                 arg: str = "page", per_page: int = 20, **kept) -> tuple[Markup, paging.Pages]:
    """The page of a list named by the URL argument ``arg`` (as ``paging.read``), written and kept as
    ``written`` keeps a list, and where the page stands. ``statement_for(limit=, offset=)``: the page's
    statement (one more row than it shows, to know whether another page follows)."""
    number = paging.parse_page(request.args.get(arg))
    html, count = written(kind, statement_for(limit=per_page + 1, offset=(number - 1) * per_page),
                          lambda rows: write(rows[:per_page]), **kept)
    return html, paging.Pages(number, more=count > per_page)
