"""Guarded lifecycles: every legal move works, every illegal one raises and changes nothing."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cellule.blueprints.collection.lifecycle import CampaignStatus, ResponseStatus
from cellule.blueprints.collection.models import Campaign, Response
from cellule.lifecycle import IllegalTransition

# The lifecycle of the issue, written out independently of ResponseStatus's move table.
EXPECTED = {
    (ResponseStatus.NOT_STARTED, "start"): ResponseStatus.DRAFT,
    (ResponseStatus.DRAFT, "submit"): ResponseStatus.SUBMITTED,
    (ResponseStatus.RETURNED, "submit"): ResponseStatus.SUBMITTED,
    (ResponseStatus.SUBMITTED, "withdraw"): ResponseStatus.DRAFT,
    (ResponseStatus.SUBMITTED, "send_back"): ResponseStatus.RETURNED,
    (ResponseStatus.SUBMITTED, "validate"): ResponseStatus.VALIDATED,
    (ResponseStatus.VALIDATED, "forward"): ResponseStatus.FORWARDED,
    (ResponseStatus.VALIDATED, "reopen"): ResponseStatus.RETURNED,
    (ResponseStatus.FORWARDED, "reopen"): ResponseStatus.RETURNED,
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ResponseStatus.actions()), max_size=30))
def test_random_sequences_of_response_moves(actions):
    response = Response(status=ResponseStatus.NOT_STARTED)
    state = ResponseStatus.NOT_STARTED
    for action in actions:
        expected = EXPECTED.get((state, action))
        if expected is None:
            with pytest.raises(IllegalTransition):
                getattr(response, action)()
            assert response.status is state
        else:
            assert getattr(response, action)() is state  # returns the state it left
            state = expected
            assert response.status is expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(CampaignStatus.actions()), max_size=12))
def test_random_sequences_of_campaign_moves(actions):
    campaign = Campaign(status=CampaignStatus.DRAFT)
    for action in actions:
        before = campaign.status
        legal = (action == "open" and before is not CampaignStatus.OPEN) or \
                (action == "close" and before is CampaignStatus.OPEN)
        if legal:
            getattr(campaign, action)()
            assert campaign.status is (CampaignStatus.OPEN if action == "open" else CampaignStatus.CLOSED)
        else:
            with pytest.raises(IllegalTransition):
                getattr(campaign, action)()
            assert campaign.status is before


def test_editable_states():
    assert {s for s in ResponseStatus if s.editable} == {ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT,
                                                         ResponseStatus.RETURNED}


def test_council_opens_and_closes_campaigns_through_the_page(client, login, questionnaire):
    from datetime import date

    from cellule.blueprints.collection import services
    from cellule.extensions import db

    c = services.create_campaign(2025, "C", date(2025, 1, 1), date(2025, 6, 1), questionnaire)
    db.session.commit()
    login("council_admin")
    assert client.post(f"/conseil/collecte/{c.id}/clore").status_code == 302
    db.session.refresh(c)
    assert c.status is CampaignStatus.DRAFT  # illegal move refused
    client.post(f"/conseil/collecte/{c.id}/ouvrir")
    db.session.refresh(c)
    assert c.status is CampaignStatus.OPEN
