"""axe-core on every page template, signed out and in each role.

No violation tagged WCAG 2.0/2.1 A or AA is allowed, and at phone width no
page may scroll sideways (reflow, which axe does not check). Pages come from
``a11y_pages.PAGES``, on the data of ``a11y_world``; ``test_a11y_coverage``
makes sure every page template is among them.
"""
from __future__ import annotations

import re

import pytest

from tests.e2e.a11y_pages import PAGES, ROLES
from tests.e2e.a11y_world import build_world
from tests.e2e.conftest import ARTIFACTS, AXE, Browsing, axe_violations, describe
from tests.e2e.pages import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(app, region):
    """The features' demo data and the states it lacks (see ``a11y_world``)."""
    return build_world(region)


# Every role's pages are checked at both widths for reflow; axe runs on all of them at the
# desktop width, and at the phone width too for the public and the coordinator's pages (the
# markup is the same at both widths; this keeps the run short).
AXE_AT_PHONE = {"visitor", "coordinator"}
# A field's error, the form's error summary, or an error flash message.
ERRORS = ".error, .error-summary, .flash-error, [aria-invalid=true]"


def opened_pages(page, role, world):
    """Sign `page` in as `role` (unless a visitor), then open each page listed for that role and yield its entry."""
    if role != "visitor":
        sign_in(page, world.people[role].email, world.password)
    for entry in (p for p in PAGES if p.role == role):
        _open(page, entry, world)
        yield entry


def _open(page, entry, world) -> None:
    page.goto(entry.path(world))
    if entry.submit:
        button = page.get_by_role("button", name=entry.submit)
        form = page.locator("form").filter(has=button).first
        for name, value in (entry.fill(world) if entry.fill else {}).items():
            form.locator(f'[name="{name}"]').fill(value)
        button.first.click()
        page.wait_for_load_state()


@pytest.mark.parametrize("role", ROLES)
def test_no_wcag_a_or_aa_violations(role, world, browser, live_server, app, request):
    """One browser context per width (desktop, then phone), each role's pages in order."""
    failures = []
    for viewport in ("desktop", "phone"):
        browsing = Browsing(browser, live_server, viewport)
        try:
            page = browsing.new_page()
            page.context.add_init_script(path=str(AXE))  # sent once, rather than with every page
            for entry in opened_pages(page, role, world):
                where = f"{entry.name} ({entry.path(world)}, {viewport})"
                found = len(failures)
                if entry.name.endswith("with errors") and not page.locator(ERRORS).count():
                    failures.append(f"{where}: no error message shown (did the browser refuse to submit?)")
                if viewport == "desktop" or role in AXE_AT_PHONE:
                    violations = axe_violations(page)
                    if violations:
                        failures.append(f"{where}:\n{describe(violations)}")
                width = page.evaluate("document.documentElement.scrollWidth")
                if viewport == "phone" and width > page.viewport_size["width"]:  # WCAG 1.4.10 reflow
                    failures.append(f"{where}: scrolls sideways ({width} px wide)")
                if len(failures) > found:
                    ARTIFACTS.mkdir(exist_ok=True)
                    stem = re.sub(r"[^\w.-]+", "_", f"a11y-{role}-{viewport}-{entry.name}")
                    page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        finally:
            browsing.close(request.node)
    assert not failures, "\n".join(failures)


def test_axe_reports_a_known_violation(desktop):
    """The check is not blind: an unlabelled field and an image without text are reported."""
    page = desktop.new_page()
    page.goto("/")
    page.evaluate("""() => { document.querySelector('main').insertAdjacentHTML('beforeend',
        '<input type="text" id="sans-etiquette"><img src="/static/none.png">'); }""")
    ids = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= ids, ids
