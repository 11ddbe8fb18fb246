"""Fixtures of the data collection tests: the national questionnaire, an open campaign,
complete answers, form encoding, and responses driven to any stage through the services."""
from __future__ import annotations

from datetime import date

import pytest

from cellule.extensions import db


@pytest.fixture
def questionnaire(app):
    from cellule.blueprints.collection import services

    q = services.ensure_national_questionnaire()
    db.session.commit()
    return q


@pytest.fixture
def campaign(questionnaire):
    """An open campaign for the year 2025 on the national questionnaire v1."""
    from cellule.blueprints.collection import services

    c = services.create_campaign(2025, "Collecte 2025", date(2025, 1, 1), date(2030, 12, 31), questionnaire)
    c.open()
    db.session.commit()
    return c


def complete_answers(**changes) -> dict:
    """A full, valid set of answers with no warning."""
    answers = {
        "creation_year": 2014, "action_scale": "communal", "creation_needs": ["unmet_needs"],
        "sectors": ["employment", "energy"], "activity_types": ["project_support"],
        "initiated_by": "civil_society", "founding_members": 6, "current_members": 20,
        "member_types": ["association"], "member_sizes": ["s0_10"], "involvement_local_authorities": 2,
        "involvement_inhabitants": 1, "cooperation_modes": ["joint_projects"],
        "member_structures": [{"name": "Asso A", "structure_type": "association", "size": "s0_10"}],
        "animation_by": "carrier_structure", "animation_legal_status": "association",
        "dedicated_staff": "yes", "staff_count": 2, "staff_fte": 1.5, "volunteers": 10,
        "governance_formalisation": 4, "decision_sharing": 3, "own_budget": "yes",
        "budget_amount": 200000.0, "share_public_subsidies": 40.0, "share_service_sales": 40.0,
        "share_goods_sales": 10.0, "share_membership_fees": 5.0, "share_patronage": 5.0,
        "treasury_horizon": "under_1y", "jobs_created": 4, "jobs_maintained": 12,
        "ecological_actions": ["short_supply"],
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def form_data(answers: dict, action: str = "save", **extra) -> dict:
    """Encode answers as the questionnaire form posts them."""
    data: dict = {"action": action}
    for var, value in answers.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for i, row in enumerate(value):
                for col, sub in row.items():
                    data[f"{var}__{i}__{col}"] = str(sub)
        elif isinstance(value, list):
            data[var] = value
        else:
            data[var] = str(value).replace(".", ",") if isinstance(value, float) else str(value)
    data.update(extra)
    return data


@pytest.fixture
def answers():
    return complete_answers


@pytest.fixture
def encode():
    return form_data


@pytest.fixture
def respond(make_user):
    """Drive a PTCE's response to ``stage`` through the services: ``respond(campaign, ptce, "validated")``."""
    from cellule.blueprints.collection import forwarding, services

    def drive(campaign, ptce, stage: str, answers: dict | None = None, justifications: dict | None = None):
        referent = make_user("ptce_member", ptce=ptce, referent=True)
        coordinator = make_user("coordinator", region=ptce.region.slug)
        response = services.response_for(campaign, ptce) or services.new_response(campaign, ptce)
        services.save_answers(response, answers or complete_answers(), justifications or {}, referent)
        if stage != "draft":
            services.submit(response, referent)
        if stage == "returned":
            services.send_back(response, {"jobs_created": "Précisez."}, coordinator)
        if stage in ("validated", "forwarded"):
            services.validate(response, {w.code for w in services.current_warnings(response)}, coordinator)
        if stage == "forwarded":
            forwarding.forward_region(campaign, ptce.region, coordinator)
        db.session.commit()
        return response

    return drive


@pytest.fixture
def validated_last_year(questionnaire, make_ptce, respond, answers):
    """A PTCE whose 2024 answer (4 jobs created) is validated, and the open 2025 campaign."""
    from cellule.blueprints.collection import services

    ptce = make_ptce()
    earlier = services.create_campaign(2024, "2024", date(2024, 1, 1), date(2030, 1, 1), questionnaire)
    earlier.open()
    respond(earlier, ptce, "validated", answers(jobs_created=4))
    later = services.create_campaign(2025, "2025", date(2025, 1, 1), date(2030, 1, 1), questionnaire)
    later.open()
    db.session.commit()
    return ptce, later
