"""Fixtures of the API tests: a token, and a campaign with forwarded and unforwarded answers."""
from __future__ import annotations

from datetime import date

import pytest

from cellule.extensions import db

ANSWERS = {"creation_year": 2014, "action_scale": "communal", "sectors": ["employment"],
           "activity_types": ["project_support"], "founding_members": 4, "current_members": 9,
           "animation_by": "none", "dedicated_staff": "no", "own_budget": "no", "jobs_created": 2,
           "jobs_maintained": 5}


@pytest.fixture
def token(app):
    """A fresh bearer token (the secret) and its headers."""
    from cellule.blueprints.api import services

    _, secret = services.create_token("tests")
    db.session.commit()
    return secret


@pytest.fixture
def headers(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def collected(app, make_ptce, make_user):
    """A campaign where Hauts-de-France forwarded two PTCE and Bretagne has only a draft and a
    validated response (never forwarded)."""
    from cellule.blueprints.collection import forwarding, services

    questionnaire = services.ensure_national_questionnaire()
    campaign = services.create_campaign(2025, "Collecte 2025", date(2025, 1, 1), date(2030, 1, 1), questionnaire)
    campaign.open()
    hidden = services.create_campaign(2026, "Brouillon", date(2026, 1, 1), date(2030, 1, 1), questionnaire)
    db.session.commit()

    def drive(ptce, stage):
        referent = make_user("ptce_member", ptce=ptce, referent=True)
        coordinator = make_user("coordinator", region=ptce.region.slug)
        response = services.new_response(campaign, ptce)
        services.save_answers(response, dict(ANSWERS), {}, referent)
        if stage != "draft":
            services.submit(response, referent)
            services.validate(response, set(), coordinator)
        db.session.commit()
        return coordinator

    ptces = [make_ptce("hauts-de-france", name=f"Pôle {n}") for n in range(2)]
    for p in ptces:
        coordinator = drive(p, "validated")
    forwarding.forward_region(campaign, ptces[0].region, coordinator)
    drive(make_ptce("bretagne", name="Brouillon breton"), "draft")
    drive(make_ptce("bretagne", name="Validé breton"), "validated")
    db.session.commit()
    return {"campaign": campaign, "draft_campaign": hidden, "ptces": ptces}
