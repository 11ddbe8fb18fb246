"""The referent withdraws submitted answers: a confirmation page first, then a draft again, announced."""
import re
from html import unescape

import pytest
import sqlalchemy as sa

from cellule.blueprints.collection.lifecycle import ResponseStatus
from cellule.blueprints.collection.models import AuditEntry, Response
from cellule.extensions import db


def _url(campaign, ptce, suffix=""):
    return f"/{ptce.region.slug}/collecte/{campaign.id}/ptce/{ptce.slug}{suffix}"


def _status(ptce) -> ResponseStatus:
    db.session.expire_all()
    return db.session.scalar(sa.select(Response.status).where(Response.ptce_id == ptce.id))


def _title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1))


TEXTS = {
    "fr": {"link": "Retirer la soumission", "heading": "Retirer la soumission des réponses de Pôle Nord ?",
           "done": "Soumission retirée : vos réponses sont de nouveau un brouillon modifiable.",
           "subject": "Réponses de Pôle Nord retirées par le PTCE"},
    "en": {"link": "Withdraw the submission", "heading": "Withdraw the submitted responses of Pôle Nord?",
           "done": "Submission withdrawn: your responses are an editable draft again.",
           "subject": "Responses from Pôle Nord withdrawn by the PTCE"},
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_withdrawing_asks_first_then_the_answers_are_a_draft_again(client, login, make_user, campaign,
                                                                   make_ptce, respond, outbox, lang):
    t = TEXTS[lang]
    ptce = make_ptce(name="Pôle Nord")
    respond(campaign, ptce, "submitted")
    coordinator = make_user("coordinator", region="hauts-de-france", name="Camille Coord", locale=lang)
    referent = login("ptce_member", ptce=ptce, referent=True, locale=lang)
    page = client.get(_url(campaign, ptce)).get_data(as_text=True)
    assert f'href="{_url(campaign, ptce, "/retirer")}">{t["link"]}</a>' in page

    ask = client.get(_url(campaign, ptce, "/retirer")).get_data(as_text=True)
    assert f"<h1>{t['heading']}</h1>" in unescape(ask) and "Camille Coord" in ask
    assert 'name="confirm" value="1"' in ask
    # Neither showing the page nor a POST without its confirmation changes anything.
    again = client.post(_url(campaign, ptce, "/retirer"))
    assert again.status_code == 200 and t["heading"] in unescape(again.get_data(as_text=True))
    assert _status(ptce) is ResponseStatus.SUBMITTED
    assert outbox(coordinator.email) == []

    done = client.post(_url(campaign, ptce, "/retirer"), data={"confirm": "1"}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert _title(html).startswith(t["done"])  # the outcome is announced: title, focused status
    assert 'role="status" tabindex="-1"' in html and "autofocus" in html
    assert _status(ptce) is ResponseStatus.DRAFT
    response = db.session.scalar(sa.select(Response).where(Response.ptce_id == ptce.id))
    assert response.submitted_at is None
    entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.from_status, entry.to_status, entry.user_id) == \
        ("withdraw", "submitted", "draft", referent.id)
    mail, = outbox(coordinator.email)
    assert mail.template == "collection_withdrawn" and mail.subject == t["subject"]
    assert _url(campaign, ptce) in mail.body_text
    assert 'name="action" value="submit"' in html  # editable again


def test_reviewed_answers_cannot_be_withdrawn(client, login, campaign, make_ptce, respond):
    ptce = make_ptce(name="Pôle Nord")
    respond(campaign, ptce, "validated")
    login("ptce_member", ptce=ptce, referent=True)
    assert "Retirer la soumission" not in client.get(_url(campaign, ptce)).get_data(as_text=True)
    html = client.post(_url(campaign, ptce, "/retirer"), data={"confirm": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert _title(html).startswith("Erreur : Ces réponses ne peuvent plus être retirées")
    assert 'role="alert"' in html
    assert _status(ptce) is ResponseStatus.VALIDATED


def test_only_the_referent_withdraws(client, login, campaign, make_ptce, respond):
    ptce = make_ptce()
    respond(campaign, ptce, "submitted")
    login("coordinator", region="hauts-de-france")
    assert client.post(_url(campaign, ptce, "/retirer"), data={"confirm": "1"}).status_code == 403
    assert _status(ptce) is ResponseStatus.SUBMITTED


def test_a_draft_has_nothing_to_withdraw(client, login, campaign, make_ptce, respond):
    ptce = make_ptce()
    respond(campaign, ptce, "draft")
    login("ptce_member", ptce=ptce, referent=True)
    html = client.get(_url(campaign, ptce, "/retirer"), follow_redirects=True).get_data(as_text=True)
    assert _title(html).startswith("Erreur : Ces réponses ne sont pas soumises : il n'y a rien à retirer.")
    assert _status(ptce) is ResponseStatus.DRAFT
