"""A justification belongs to the value it justifies; the reviewer's boxes are never ticked for them."""

import sqlalchemy as sa

from cellule.blueprints.collection import services
from cellule.blueprints.collection.lifecycle import ResponseStatus
from cellule.blueprints.collection.models import Response
from cellule.extensions import db


def _url(campaign, ptce, tail=""):
    return f"/{ptce.region.slug}/collecte/{campaign.id}/ptce/{ptce.slug}{tail}"


def _response(ptce):
    db.session.expire_all()
    return db.session.scalar(sa.select(Response).where(Response.ptce_id == ptce.id,
                                                       Response.campaign.has(year=2025)))


def test_a_changed_value_drops_the_justification_that_spoke_of_the_old_one(
        client, login, validated_last_year, answers, encode):
    ptce, campaign = validated_last_year
    login("ptce_member", ptce=ptce, referent=True)
    url = _url(campaign, ptce)
    client.post(url, data=encode(answers(jobs_created=300), justify__trend_jobs_created="300 emplois : la fusion"))
    assert _response(ptce).justifications == {"trend_jobs_created": "300 emplois : la fusion"}
    # 300 → 30: the form posts the stored justification back untouched; it no longer holds.
    client.post(url, data=encode(answers(jobs_created=30), justify__trend_jobs_created="300 emplois : la fusion"))
    assert _response(ptce).justifications == {}
    page = client.post(url, data=encode(answers(jobs_created=28), action="submit"))
    assert page.status_code == 200 and "300 emplois" not in page.get_data(as_text=True)
    assert _response(ptce).status is ResponseStatus.DRAFT  # the warning waits for a new justification
    # A justification written with the new value in the same save is kept.
    r = client.post(url, data=encode(answers(jobs_created=29), action="submit",
                                     justify__trend_jobs_created="29 emplois : deux chantiers d'insertion"))
    assert r.status_code == 302
    assert _response(ptce).justifications == {"trend_jobs_created": "29 emplois : deux chantiers d'insertion"}


def test_unrelated_changes_keep_the_justification(client, login, campaign, make_ptce, answers, encode):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    url = _url(campaign, ptce)
    over = answers(share_service_sales=80.0)
    client.post(url, data=encode(over, justify__shares_over_100="Reliquat de 2024 inclus."))
    client.post(url, data=encode({**over, "volunteers": 77}, justify__shares_over_100="Reliquat de 2024 inclus."))
    assert _response(ptce).justifications == {"shares_over_100": "Reliquat de 2024 inclus."}
    client.post(url, data=encode({**over, "share_patronage": 6.0}, justify__shares_over_100="Reliquat de 2024 inclus."))
    assert _response(ptce).justifications == {}  # a share changed: the total it justified is gone


def test_acknowledgement_boxes_are_never_pre_ticked(client, auth, login, make_user, campaign, make_ptce,
                                                    respond, answers, encode):
    ptce = make_ptce()
    resp = respond(campaign, ptce, "validated", answers(share_service_sales=80.0),
                   {"shares_over_100": "Reliquat de 2024 inclus."})
    assert resp.acknowledged  # the earlier review acknowledged the warning
    coordinator = login("coordinator", region="hauts-de-france")
    client.post(_url(campaign, ptce, "/rouvrir"), data={"reason": "Erreur de saisie"})
    services.submit(_response(ptce), coordinator)
    db.session.commit()
    html = client.get(_url(campaign, ptce, "/examen")).get_data(as_text=True)
    box = html[html.index('id="ack__shares_over_100"'):]
    assert "checked" not in box[:box.index(">")]
    r = client.post(_url(campaign, ptce, "/examen"), data={"action": "validate"})
    assert "Cochez chaque alerte" in r.get_data(as_text=True)
    box = r.get_data(as_text=True)[r.get_data(as_text=True).index('id="ack__shares_over_100"'):]
    assert "checked" not in box[:box.index(">")]
    assert _response(ptce).status is ResponseStatus.SUBMITTED and _response(ptce).acknowledged == {}
