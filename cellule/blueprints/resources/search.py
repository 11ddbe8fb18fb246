"""French full-text search over sheets, on SQLite (FTS5) and PostgreSQL (tsvector).

The index lives in ``resources_fts``, a table the migration creates by hand
(listed in ``database.UNMANAGED_TABLE_PREFIXES``) and services keep in step
through :func:`index_sheet`:

* SQLite: an FTS5 table whose columns hold *stemmed, unaccented* words (the
  French Snowball stemmer runs in Python both when indexing and when
  querying), ranked with ``bm25`` weighted title > summary/tags > body;
* PostgreSQL: a ``tsvector`` built with the ``french_unaccent`` configuration
  (unaccent + French stemmer), weights A title, B summary/tags, C body,
  ranked with ``ts_rank`` and highlighted with ``ts_headline``.

Both keep the plain text of the sheet for snippets. Results where the title
matches always come before body-only matches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
import sqlalchemy as sa
from markupsafe import Markup, escape

from ...extensions import db
from ...text import render_markdown, stem, stems

TABLE = "resources_fts"
# Highlight sentinels for ts_headline: control characters that saved text never contains
# (forms strip them), so escaping the headline and then swapping them in is safe.
_START, _STOP = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 30


def plain_text(markdown_source: str) -> str:
    """The words a reader sees in a Markdown body, without markup."""
    html = str(render_markdown(markdown_source, top=2))
    text = nh3.clean(html, tags=set())
    return re.sub(r"\s+", " ", Markup(text).unescape()).strip()


def _dialect() -> str:
    return db.session.get_bind().dialect.name


# -- keeping the index in step --------------------------------------------------
def index_statement(dialect: str) -> sa.TextClause:
    """The INSERT of one index row on ``dialect``, with the parameters of :func:`index_params`."""
    if dialect == "postgresql":
        return sa.text(
            f"INSERT INTO {TABLE} (sheet_id, plain, title_vector, document) VALUES (:id, :plain, "
            "to_tsvector('french_unaccent', :title), "
            "setweight(to_tsvector('french_unaccent', :title), 'A') || "
            "setweight(to_tsvector('french_unaccent', :summary || ' ' || :tags), 'B') || "
            "setweight(to_tsvector('french_unaccent', :body), 'C'))")
    return sa.text(f"INSERT INTO {TABLE} (sheet_id, plain, title, summary, tags, body) "
                   "VALUES (:id, :plain, :title, :summary, :tags, :body)")


def index_params(dialect: str, *, sheet_id: int, title: str, summary: str, body: str, tags: list[str]) -> dict:
    """The values of one sheet's index row (PostgreSQL stems in SQL, SQLite here in Python).

    Also used by the benchmark data generator to index thousands of sheets in one executemany.
    """
    body_plain = plain_text(body)
    # The snippet source: what a reader sees first, the summary, then the body.
    plain = f"{summary or ''}\n{body_plain}".strip()
    tag_text = " ".join(tags)
    if dialect == "postgresql":
        return {"id": sheet_id, "plain": plain, "body": body_plain, "title": title, "summary": summary or "",
                "tags": tag_text}
    return {"id": sheet_id, "plain": plain, "title": " ".join(stems(title)), "summary": " ".join(stems(summary)),
            "tags": " ".join(stems(tag_text)), "body": " ".join(stems(body_plain))}


def index_sheet(sheet) -> None:
    """(Re)write the index row of ``sheet``; call after any change to its content."""
    remove_sheet(sheet.id)
    index_new_sheets([sheet])


def index_new_sheets(sheets) -> None:
    """Write the index rows of sheets not indexed yet, in one statement (bulk loads, demo data)."""
    if not sheets:
        return
    dialect = _dialect()
    db.session.execute(index_statement(dialect), [
        index_params(dialect, sheet_id=s.id, title=s.title, summary=s.summary, body=s.body, tags=s.tags)
        for s in sheets])


def remove_sheet(sheet_id: int) -> None:
    db.session.execute(sa.text(f"DELETE FROM {TABLE} WHERE sheet_id = :id"), {"id": sheet_id})


# -- querying ------------------------------------------------------------------
@dataclass
class Match:
    """The ranked ids matching a query, as a subquery to join on ``sheet_id``."""

    subquery: sa.Subquery
    terms: list[str]

    @property
    def rank(self):
        return self.subquery.c.rank

    @property
    def title_hit(self):
        return self.subquery.c.title_hit


def query_terms(q: str) -> list[str]:
    """The distinct stems of a user query, at most 12 (longer queries add nothing useful)."""
    return list(dict.fromkeys(t for t in stems(q) if t))[:12]


def match(q: str) -> Match | None:
    """A subquery of (sheet_id, rank, title_hit, snippet_source) for ``q``; None when ``q`` is empty."""
    terms = query_terms(q)
    if not terms:
        return None
    if _dialect() == "postgresql":
        # The query words joined with & (all required); each is a lexeme plain query.
        sql = (
            f"SELECT f.sheet_id AS sheet_id, ts_rank(f.document, q.query) AS rank, "
            f"(f.title_vector @@ q.query) AS title_hit, "
            f"ts_headline('french_unaccent', f.plain, q.query, :options) AS snippet "
            f"FROM {TABLE} f, plainto_tsquery('french_unaccent', :q) AS q(query) "
            f"WHERE f.document @@ q.query")
        params = {"q": q[:500], "options": (
            f"StartSel={_START}, StopSel={_STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
            "MaxFragments=2, FragmentDelimiter=\" … \"")}
    else:
        expression = " ".join(f'"{t}"*' for t in terms)
        sql = (
            f"SELECT f.sheet_id AS sheet_id, -bm25({TABLE}, 0.0, 0.0, 10.0, 4.0, 4.0, 1.0) AS rank, "
            f"f.sheet_id IN (SELECT sheet_id FROM {TABLE} WHERE {TABLE} MATCH :title_q) AS title_hit, "
            f"f.plain AS snippet FROM {TABLE} f WHERE {TABLE} MATCH :q")
        params = {"q": expression, "title_q": "title : (" + expression + ")"}
    sub = sa.text(sql).bindparams(**params).columns(
        sa.column("sheet_id", sa.Integer), sa.column("rank", sa.Float),
        sa.column("title_hit", sa.Boolean), sa.column("snippet", sa.Text)).subquery("fts")
    return Match(sub, terms)


def snippet(raw: str | None, terms: list[str]) -> Markup:
    """Safe HTML for a result's excerpt: everything escaped but the ``<mark>`` highlights."""
    raw = raw or ""
    if _START in raw:  # PostgreSQL's ts_headline already chose and marked the words
        out = escape(raw)
        return Markup(str(out).replace(_START, "<mark>").replace(_STOP, "</mark>"))
    return highlight(raw, terms)


def highlight(text: str, terms: list[str], words: int = SNIPPET_WORDS) -> Markup:
    """Escape ``text`` around its first matching word, marking every word whose stem matches."""
    tokens = list(_WORD.finditer(text))
    hits = [i for i, m in enumerate(tokens) if any(stem(m.group()).startswith(t) for t in terms)]
    first = max(0, (hits[0] if hits else 0) - 6)
    last = min(len(tokens), first + words)
    if not tokens:
        return Markup("")
    start = 0 if first == 0 else tokens[first].start()
    end = tokens[last - 1].end() if last < len(tokens) else len(text)
    parts, cursor = [], start
    for i in range(first, last):
        token = tokens[i]
        parts.append(escape(text[cursor:token.start()]))
        word = escape(token.group())
        parts.append(Markup(f"<mark>{word}</mark>") if i in hits else word)
        cursor = token.end()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return Markup(prefix) + Markup("").join(parts) + Markup(suffix)
