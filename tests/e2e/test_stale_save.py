"""Two browser tabs on the same questionnaire: the second save is refused with what changed
meanwhile, the person's input kept; screenshots of the notice at phone and desktop widths."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cellule.blueprints.collection.models import Response
from cellule.extensions import db
from tests.collection.conftest import complete_answers
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import Questionnaire, sign_in
from tests.e2e.test_collection_journey import _open_campaign

pytestmark = pytest.mark.e2e
JOBS, VOLUNTEERS = "Emplois créés dans l'année", "Nombre de bénévoles"


def test_second_tab_gets_the_stale_save_notice(browsing, make_user, make_ptce):
    from cellule.blueprints.collection import services

    campaign = _open_campaign()
    ptce = make_ptce("hauts-de-france", name="Coopérative du Marais")
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    response = services.new_response(campaign, ptce)
    services.save_answers(response, complete_answers(jobs_created=11, volunteers=10), {}, referent)
    db.session.commit()

    tab_a = browsing.new_page()
    sign_in(tab_a, referent.email)
    url = f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}"
    tab_a.goto(url)
    tab_b = tab_a.context.new_page()  # same browser, same session: a second tab
    tab_b.goto(url)

    Questionnaire(tab_a).type(JOBS, 12).save_draft()
    expect(tab_a.get_by_text("Brouillon enregistré.")).to_be_visible()
    b = Questionnaire(tab_b).type(VOLUNTEERS, 77).save_draft()
    notice = tab_b.locator("#modifie-entre-temps")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Modifié entre-temps : rien n'a été enregistré")
    expect(notice).to_contain_text(re.compile(r"Emplois créés dans l'année.*désormais « 12 »"))
    expect(b.field(VOLUNTEERS)).to_have_value("77")  # the person's input is kept
    expect(b.field(JOBS)).to_have_value("12")        # the other tab's change is taken
    ARTIFACTS.mkdir(exist_ok=True)
    notice.scroll_into_view_if_needed()
    tab_b.screenshot(path=str(ARTIFACTS / f"stale-save-questionnaire-{browsing.viewport}.png"))
    db.session.rollback()
    stored = db.session.scalar(sa.select(Response).where(Response.ptce_id == ptce.id)).answers
    assert (stored["jobs_created"], stored["volunteers"]) == (12, 10)

    b.save_draft()  # saving again from the refreshed form keeps both changes
    expect(tab_b.get_by_text("Brouillon enregistré.")).to_be_visible()
    db.session.rollback()
    stored = db.session.scalar(sa.select(Response).where(Response.ptce_id == ptce.id)).answers
    assert (stored["jobs_created"], stored["volunteers"]) == (12, 77)
