"""Region isolation, checked on every route of the application.

For each route with a non-public rule, people of region B (coordinator,
referent, member, partner) request region A's objects and must get 404 (their
region's workspace is not theirs to see); anonymous visitors are sent to the
sign-in page; nothing in the database changes. Routes without an ``@access``
declaration fail the walk, so every new feature goes through the same gate.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from cellule.extensions import db
from tests.conftest import AuthActions
from tests.isolation_samples import LOG_TABLES, OPEN_TO_OTHER_REGIONS, PERSONAL, SAMPLES


@dataclass
class World:
    app: object
    ptce_a: object
    member_a: object
    extra: dict


@pytest.fixture
def world(app, make_ptce, make_user):
    ptce_a = make_ptce("hauts-de-france", name="PTCE A")
    member_a = make_user("ptce_member", ptce=ptce_a, referent=True)
    make_user("coordinator", region="hauts-de-france")
    return World(app, ptce_a, member_a, {})


@pytest.fixture
def outsiders(make_ptce, make_user):
    ptce_b = make_ptce("bretagne", name="PTCE B")
    return {
        "coordinator B": make_user("coordinator", region="bretagne"),
        "referent B": make_user("ptce_member", ptce=ptce_b, referent=True),
        "member B": make_user("ptce_member", ptce=ptce_b),
        "partner B": make_user("partner", region="bretagne"),
    }


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        yield rule, app.view_functions[rule.endpoint]


def _row_counts():
    return {t.name: db.session.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in db.metadata.sorted_tables if t.name not in LOG_TABLES}


def _build(app, world, rule):
    values = {}
    for arg in rule.arguments:
        if arg == "region_slug":
            values[arg] = "hauts-de-france"
        else:
            values[arg] = SAMPLES[arg](world)
    with app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **values)


def get_walk(app, make_ptce, make_user, *, outsiders: bool = False):
    """The GET pages of every route, as (endpoint, URL) on sample data, and one signed-in test
    client per kind of person (anonymous, the council, region A's people; with ``outsiders``,
    another region's coordinator and a person without a role): for walks of the whole site."""
    ptce_a = make_ptce("hauts-de-france", name="PTCE A")
    member_a = make_user("ptce_member", ptce=ptce_a, referent=True)
    people = {
        "anonymous": None,
        "council admin": make_user("council_admin"),
        "council observer": make_user("council_observer"),
        "coordinator A": make_user("coordinator", region="hauts-de-france"),
        "referent A": member_a,
        "member A": make_user("ptce_member", ptce=ptce_a),
        "partner A": make_user("partner", region="hauts-de-france"),
    }
    if outsiders:
        people["coordinator B"] = make_user("coordinator", region="bretagne")
        people["no role"] = make_user(None)
    world = World(app, ptce_a, member_a, {})
    pages = [(rule.endpoint, _build(app, world, rule)) for rule, _ in _routes(app) if "GET" in rule.methods]
    db.session.commit()
    clients = {}
    for who, user in people.items():  # everyone signs in before any counting or snapshot
        clients[who] = app.test_client()
        if user is not None:
            assert AuthActions(clients[who]).login(user).status_code == 302, who
    return pages, clients


def test_every_view_declares_its_rule(app):
    missing = [rule.rule for rule, view in _routes(app) if not hasattr(view, "access_rule")]
    assert missing == [], "views without @access: " + ", ".join(missing)


def test_every_url_argument_has_a_sample(app):
    missing = sorted({arg for rule, _ in _routes(app) for arg in rule.arguments}
                     - set(SAMPLES) - {"region_slug"})
    assert missing == [], f"add samples to tests/isolation_samples.py for: {missing}"


def test_other_regions_and_anonymous_get_no_access(app, world, outsiders):
    db.session.commit()
    protected = [(rule, view) for rule, view in _routes(app) if view.access_rule != "public"]
    assert protected, "nothing to walk"
    urls = [(rule, view, _build(app, world, rule)) for rule, view in protected]
    db.session.commit()
    before = _row_counts()
    failures = []
    anonymous = app.test_client()
    for rule, view, url in urls:
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = anonymous.open(url, method=method)
            if response.status_code not in (302, 401) or (
                    response.status_code == 302 and "/connexion" not in response.headers["Location"]):
                failures.append(f"anonymous {method} {url} -> {response.status_code}")
    for who, user in outsiders.items():
        client = app.test_client()
        assert AuthActions(client).login(user).status_code == 302
        for rule, view, url in urls:
            if rule.endpoint in PERSONAL or rule.endpoint in OPEN_TO_OTHER_REGIONS:
                continue
            expected = {404} if "region_slug" in rule.arguments else {403, 404}
            for method in sorted(rule.methods & {"GET", "POST"}):
                status = client.open(url, method=method).status_code
                if status not in expected:
                    failures.append(f"{who} {method} {url} ({view.access_rule}) -> {status}")
    db.session.expire_all()
    print("\n".join(failures))  # shown by pytest when the assertion fails
    assert failures == []
    assert _row_counts() == before


def test_member_cannot_touch_another_ptce_of_the_same_region(app, world, make_ptce, make_user):
    """Routes about one PTCE (with a ``slug``) that are not public refuse members of another PTCE."""
    other = make_user("ptce_member", ptce=make_ptce("hauts-de-france", name="Voisin"), referent=True)
    client = app.test_client()
    AuthActions(client).login(other)
    failures = []
    for rule, view in _routes(app):
        if view.access_rule in ("public", "region_member") or "slug" not in rule.arguments:
            continue
        url = _build(app, world, rule)
        for method in sorted(rule.methods & {"GET", "POST"}):
            status = client.open(url, method=method).status_code
            if status not in (403, 404):  # 404: some features do not even confirm the page exists
                failures.append(f"{method} {url} -> {status}")
    print("\n".join(failures))
    assert failures == []
