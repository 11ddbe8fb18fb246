"""axe-core on every page template reachable today, signed out and in each role.

No violation tagged WCAG 2.0/2.1 A or AA is allowed, and at phone width no
page may scroll sideways (reflow, which axe does not check). Pages come from
``a11y_pages.PAGES``; features add theirs there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from cellule.blueprints.auth import services
from cellule.blueprints.auth.models import Role
from cellule.extensions import db
from cellule.mail import OutboxMessage
from tests.e2e.a11y_pages import PAGES, ROLES
from tests.e2e.conftest import Browsing, axe_violations, describe
from tests.e2e.pages import sign_in

pytestmark = pytest.mark.e2e


@dataclass
class World:
    region: str
    ptce: str
    people: dict
    invitation: str
    reset: str


@pytest.fixture
def world(app, make_ptce, make_user, region):
    ptce = make_ptce("hauts-de-france", name="Emergence Beauvaisis", territory="Agglomération du Beauvaisis",
                     description="Un pôle **coopératif**.", website="https://example.org",
                     contact_name="Awa Diallo", contact_email="contact@example.org", charter_signatory=True)
    people = {
        "coordinator": make_user("coordinator", region="hauts-de-france"),
        "referent": make_user("ptce_member", ptce=ptce, referent=True),
        "member": make_user("ptce_member", ptce=ptce),
        "partner": make_user("partner", region="hauts-de-france"),
        "council_admin": make_user("council_admin"),
        "council_observer": make_user("council_observer"),
    }
    coordinator = people["coordinator"]
    services.invite("invitee@example.org", "Invitée", Role.PTCE_MEMBER, by=coordinator, ptce=ptce)
    services.invite("partner2@example.org", "Partenaire", Role.PARTNER, by=coordinator,
                    region=region("hauts-de-france"))
    services.request_password_reset(people["member"].email)
    db.session.commit()
    bodies = {m.recipient: m.body_text for m in db.session.scalars(sa.select(OutboxMessage))}

    def path(recipient: str, kind: str) -> str:
        return urlsplit(re.search(rf"https?://\S+/{kind}/\S+", bodies[recipient]).group(0)).path

    return World("hauts-de-france", ptce.slug, people, path("invitee@example.org", "invitation"),
                 path(people["member"].email, "mot-de-passe"))


CASES = [(role, "desktop") for role in ROLES] + [("visitor", "phone"), ("coordinator", "phone")]


@pytest.mark.parametrize("role,viewport", CASES, ids=[f"{r}-{v}" for r, v in CASES])
def test_no_wcag_a_or_aa_violations(role, viewport, world, browser, live_server, app, request):
    browsing = Browsing(browser, live_server, viewport)
    try:
        page = browsing.new_page()
        if role != "visitor":
            sign_in(page, world.people[role].email)
        failures = []
        for entry in (p for p in PAGES if p.role == role):
            page.goto(entry.path(world))
            if entry.submit:
                page.get_by_role("button", name=entry.submit).first.click()
                page.wait_for_load_state()
            violations = axe_violations(page)
            if violations:
                failures.append(f"{entry.name} ({entry.path(world)}):\n{describe(violations)}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if viewport == "phone" and width > page.viewport_size["width"]:  # WCAG 1.4.10 reflow
                failures.append(f"{entry.name} ({entry.path(world)}): scrolls sideways ({width} px wide)")
        assert not failures, "\n".join(failures)
    finally:
        browsing.close(request.node)


def test_axe_reports_a_known_violation(desktop):
    """The check is not blind: an unlabelled field and an image without text are reported."""
    page = desktop.new_page()
    page.goto("/")
    page.evaluate("""() => { document.querySelector('main').insertAdjacentHTML('beforeend',
        '<input type="text" id="sans-etiquette"><img src="/static/none.png">'); }""")
    ids = {v["id"] for v in axe_violations(page)}
    assert {"label", "image-alt"} <= ids, ids
