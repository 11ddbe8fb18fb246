"""A list's previous/next links (``paging.PageLinks.pager``) are written once per page, list, label and
language, then served as kept: the same links as the ``pager`` macro writes, with the other lists' pages and
the filters kept, under a mount point too."""
from __future__ import annotations

import pytest
from flask import render_template_string

from cellule import i18n, paging

OVERVIEW = "/hauts-de-france/transferts/"
KEYS = ("cycles", "besoins", "offres")


def _pager(query: str, pages: paging.Pages, param: str = "besoins", language: str = "fr", **filters) -> str:
    with i18n.force_locale(language):
        return str(paging.links(KEYS, **filters).pager("Pages des besoins", pages, param))


def _macro(page_url, pages, param="besoins") -> str:
    return render_template_string(
        '{% from "_macros/pagination.html" import pager %}'
        "{{ pager(label, pages.number, page_url(**{param: pages.previous}) if pages.previous, "
        "page_url(**{param: pages.next}) if pages.next) }}", label="Pages des besoins", pages=pages,
        param=param, page_url=page_url)


@pytest.mark.parametrize("query", ["", "?offres=3", "?besoins=2&cycles=4"])
def test_the_pager_is_the_macros_links_written_once(app, monkeypatch, query):
    written = []
    real = paging.PageLinks._pager
    monkeypatch.setattr(paging.PageLinks, "_pager", lambda self, *a: written.append(a) or real(self, *a))
    pages = paging.Pages(2, more=True)
    with app.test_request_context(OVERVIEW + query):
        first = _pager(query, pages)
        assert first.strip() == _macro(paging.links(KEYS), pages).strip() and first.strip()
        assert 'rel="prev"' in first and 'rel="next"' in first and "besoins=3" in first
        if "offres=3" in query:  # the other lists keep their page
            assert "offres=3" in first
        assert _pager(query, pages) == first and len(written) == 1
        last = _pager(query, paging.Pages(2, more=False))
        assert 'rel="next"' not in last and len(written) == 2
        assert _pager(query, paging.Pages(1, more=False)) == ""  # nothing to link: no nav, nothing kept
        english = _pager(query, pages, language="en")
        assert "Next page" in english and len(written) == 3


def test_each_query_filter_and_mount_point_has_its_own_links(app):
    pages = paging.Pages(1, more=True)
    with app.test_request_context(OVERVIEW + "?cycles=2"):
        kept_cycles = _pager("", pages)
    with app.test_request_context(OVERVIEW):
        plain = _pager("", pages)
        filtered = _pager("", pages, topic="governance")
    with app.test_request_context(OVERVIEW, base_url="http://localhost/cellule/"):
        mounted = _pager("", pages)
    assert "cycles=2&amp;besoins=2" in kept_cycles and "cycles" not in plain
    assert f'href="{OVERVIEW}?besoins=2"' in plain and "topic=governance" in filtered
    assert f'href="/cellule{OVERVIEW}?besoins=2"' in mounted


def test_a_regions_pager_links_stay_in_its_region(app):
    """In a region's workspace the region's slug is not among the view's arguments (``permissions.load_region``
    takes it out; ``url_for`` puts it back from the URL defaults): the kept links are each region's own."""
    pages = paging.Pages(2, more=True)
    seen = {}
    for slug in ("hauts-de-france", "corse", "hauts-de-france"):
        with app.test_request_context(f"/{slug}/transferts/?besoins=2"):
            app.preprocess_request()  # the URL's value preprocessors, as a request runs them
            seen[slug] = str(paging.links(KEYS).pager("Pages des besoins", pages, "besoins"))
    assert 'href="/corse/transferts/?besoins=3"' in seen["corse"] and "hauts-de-france" not in seen["corse"]
    assert 'href="/hauts-de-france/transferts/?besoins=1"' not in seen["hauts-de-france"]  # page 1: no argument
    assert 'href="/hauts-de-france/transferts/"' in seen["hauts-de-france"] and "corse" not in seen["hauts-de-france"]
