"""Sample URL values of the data-collection and API routes for the isolation walk (region A)."""
from __future__ import annotations

from datetime import date


def _chain(w):
    if "collection" in w.extra:
        return w.extra["collection"]
    from flask import current_app

    from cellule.blueprints.api import services as api
    from cellule.blueprints.collection import forwarding, services, workbooks

    from tests.collection.conftest import complete_answers

    with current_app.test_request_context():
        questionnaire = services.ensure_national_questionnaire()
        campaign = services.create_campaign(2025, "Collecte 2025", date(2025, 1, 1), date(2030, 12, 31),
                                            questionnaire)
        campaign.open()
        # Region A's extra question, so that its editing pages have a question to show.
        services.set_extension(campaign, w.ptce_a.region, {"title": "A", "sections": [{
            "code": "a", "title": "A", "questions": [{"var": "a_extra", "label": "Question A", "type": "integer"}]}]})
        response = services.new_response(campaign, w.ptce_a)
        services.save_answers(response, complete_answers(), {}, w.member_a)
        services.submit(response, w.member_a)
        # The services record who acted; permission checks belong to the views.
        services.validate(response, {x.code for x in services.current_warnings(response)}, w.member_a)
        snapshot = forwarding.forward_region(campaign, w.ptce_a.region, w.member_a)
        # The council's first download builds the wide workbook and keeps it (a derived copy, like a
        # cache: workbooks.py); built here, the walks meet the export as every later download does.
        workbooks.wide(campaign)
        token, _secret = api.create_token("walk")
    w.extra["collection"] = {"campaign_id": campaign.id, "questionnaire_id": questionnaire.id,
                             "snapshot_id": snapshot.id, "token_id": token.id, "var": "a_extra"}
    return w.extra["collection"]


SAMPLES = {
    # the objects of the chain, built once per walk
    **{key: (lambda w, key=key: _chain(w)[key])
       for key in ("campaign_id", "questionnaire_id", "snapshot_id", "var", "token_id")},
    "move": lambda w: "ouvrir",
    "stem": lambda w: "collecte-2025",
    "rest": lambda w: "inconnu",
    # The busiest export file: every forwarded answer, typed, with its dictionary.
    "name": lambda w: f"collecte-2025-{_chain(w)['campaign_id']}-large.xlsx",
}

# The codebook describes the national questionnaire's variables: no region's data, for anyone signed in.
OPEN_TO_OTHER_REGIONS = {"collection.codebook": "national codebook, no regional data"}
