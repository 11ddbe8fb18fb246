"""User-written text: Markdown rendered with markdown-it-py, then sanitised with nh3; French stems
for full-text search (resource sheets, and the ``fr_stems`` SQL function of SQLite connections)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import nh3
import snowballstemmer
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "del",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


def _shift_headings(tokens, top: int) -> None:
    """Move the user's headings so the highest one sits at level ``top``, keeping their nesting.

    The page around user text already has its own headings (an ``h1``, often an
    ``h2`` over the text): a writer's ``#`` or ``##`` must not stand beside them.
    Levels deeper than 6 stay at 6.
    """
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    if not levels:
        return
    shift = top - min(levels)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"


def render_markdown(source: str | None, top: int) -> Markup:
    """Markdown to safe HTML: no raw HTML, no scripts, no event handlers, no javascript: links.

    ``top`` is the level the text's highest heading takes: one below the
    heading the page shows the text under (2 right under the ``h1``, 3 inside
    an ``h2`` section). Templates always pass it: ``{{ text|markdown(3) }}``.
    """
    if not 2 <= top <= 6:
        raise ValueError("user headings start at h2 at the highest: the page owns its h1")
    return _rendered(source or "", top)


# A page shows the same texts on every request (a visit's programme, a sheet's body): parsing and
# cleaning one cost about a tenth of a visit page. The HTML depends on nothing but the text and its
# top level, so it is kept by value (the last RENDERED texts), as templating keeps formatted times.
RENDERED = 256


@lru_cache(maxsize=RENDERED)
def _rendered(source: str, top: int) -> Markup:
    tokens = _md.parse(source)
    _shift_headings(tokens, top)
    html = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(
        html, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)


# -- French stems --------------------------------------------------------------
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("french")


def fold(text: str) -> str:
    """Lower case without diacritics: "Coopérative" → "cooperative"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The accent-free French stem of one word (cached: the Python stemmer is slow, words repeat)."""
    return fold(_stemmer().stemWord(word.lower()))


def stems(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text or "")]
