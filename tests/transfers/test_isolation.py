"""Region isolation over every transfer route: people of another region get 404, anonymous visitors
are sent to sign in, and nothing changes in the database."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import url_for

from cellule.extensions import db

from tests.conftest import PASSWORD
from .samples import SAMPLES


@dataclass
class Walk:
    ptce_a: object
    member_a: object
    extra: dict = field(default_factory=dict)


def _routes(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("transfers.")]


def _counts():
    return {t.name: db.session.scalar(sa.select(sa.func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_every_transfer_view_declares_a_rule_and_has_samples(app):
    for rule in _routes(app):
        assert hasattr(app.view_functions[rule.endpoint], "access_rule"), rule.rule
        assert set(rule.arguments) - {"region_slug"} <= set(SAMPLES), rule.rule


def test_other_regions_and_anonymous_get_nothing(app, make_ptce, make_user):
    ptce_a = make_ptce("hauts-de-france", name="PTCE A")
    walk = Walk(ptce_a, make_user("ptce_member", ptce=ptce_a, referent=True))
    ptce_b = make_ptce("bretagne", name="PTCE B")
    outsiders = [make_user("coordinator", region="bretagne"), make_user("ptce_member", ptce=ptce_b, referent=True),
                 make_user("partner", region="bretagne")]
    urls = []
    for rule in _routes(app):
        values = {arg: SAMPLES[arg](walk) for arg in rule.arguments if arg != "region_slug"}
        with app.test_request_context():
            urls.append((rule, url_for(rule.endpoint, region_slug="hauts-de-france", **values)))
    db.session.commit()
    before = _counts()
    failures = []
    anonymous = app.test_client()
    for rule, url in urls:
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = anonymous.open(url, method=method)
            if response.status_code != 302 or "/connexion" not in response.headers["Location"]:
                failures.append(f"anonymous {method} {url} -> {response.status_code}")
    for person in outsiders:
        client = app.test_client()
        assert client.post("/connexion", data={"email": person.email, "password": PASSWORD}).status_code == 302
        for rule, url in urls:
            for method in sorted(rule.methods & {"GET", "POST"}):
                status = client.open(url, method=method).status_code
                if status != 404:
                    failures.append(f"{person.email} {method} {url} -> {status}")
    db.session.expire_all()
    assert failures == []
    assert _counts() == before
