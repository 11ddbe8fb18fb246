"""Reflow (WCAG 1.4.10): every page of the a11y registry reads in one direction at 320 CSS px.

Two widths: 320 px (a small phone), and 640 px, which is what a 1280 px wide
window shows at 200 % zoom (zoom divides the CSS viewport; device_scale_factor
would not). The page itself may only scroll vertically; a wide table may scroll
sideways inside its own box, and that box must be a labelled region reachable
with the keyboard (role=region, aria-label, tabindex=0), so that keyboard and
screen-reader users can scroll it too.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.a11y_pages import ROLES
from tests.e2e.a11y_world import build_world
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_accessibility import opened_pages

pytestmark = pytest.mark.e2e

WIDTHS = {"320px": {"width": 320, "height": 640}, "1280px-at-200%": {"width": 640, "height": 512}}

# The outermost elements that stick out past the right edge: what to fix when the page scrolls.
_WIDEST = """() => { const w = document.documentElement.clientWidth;
  const out = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > w + 1);
  return out.filter(el => !out.includes(el.parentElement)).slice(0, 3)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`); }"""

# Boxes that scroll sideways inside the page, and whether each is a focusable labelled region.
_INNER_SCROLLERS = """() => [...document.querySelectorAll('main *')].filter(el => {
    const s = getComputedStyle(el);
    return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1
      && el.tagName !== 'TEXTAREA' && el.tagName !== 'PRE';
  }).map(el => ({html: el.outerHTML.slice(0, 120), region: el.getAttribute('role') === 'region',
                 label: !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')),
                 focusable: el.tabIndex === 0}))"""


@pytest.fixture
def world(app, region):
    return build_world(region)


@pytest.mark.parametrize("role", ROLES)
def test_pages_reflow_at_320_px_and_at_200_percent_zoom(role, world, browser, live_server, app):
    failures = []
    for width, viewport in WIDTHS.items():
        context = browser.new_context(base_url=live_server, viewport=viewport, locale="fr-FR")
        context.set_default_timeout(10_000)
        try:
            page = context.new_page()
            for entry in opened_pages(page, role, world):
                where = f"{entry.name} ({entry.path(world)}, {width})"
                found = len(failures)
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                if scroll_width > viewport["width"]:
                    failures.append(f"{where}: the page scrolls sideways ({scroll_width} px wide): "
                                    + ", ".join(page.evaluate(_WIDEST)))
                for box in page.evaluate(_INNER_SCROLLERS):
                    if not (box["region"] and box["label"] and box["focusable"]):
                        failures.append(f"{where}: a box scrolls sideways but is not a labelled, "
                                        f"focusable region: {box['html']}")
                if len(failures) > found:
                    ARTIFACTS.mkdir(exist_ok=True)
                    stem = re.sub(r"[^\w.-]+", "_", f"reflow-{role}-{width}-{entry.name}")
                    page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        finally:
            context.close()
    assert not failures, "\n".join(failures)
