"""Questionnaire definitions: schema checks, the national questionnaire, versions, codebook."""
import copy

import pytest

from cellule.blueprints.collection import national, services
from cellule.blueprints.collection.definition import DefinitionError, codebook, parse_definition
from cellule.extensions import db


def _minimal(**question):
    q = {"var": "x", "label": "X", "type": "integer", **question}
    return {"title": "T", "sections": [{"code": "s", "title": "S", "questions": [q]}]}


def test_national_questionnaire_covers_the_2020_survey(app):
    definition = parse_definition(national.definition())
    codes = {q.var for q in definition.questions()}
    for var in ("creation_year", "action_scale", "creation_needs", "sectors", "activity_types", "initiated_by",
                "founding_members", "current_members", "member_types", "member_sizes",
                "involvement_local_authorities", "involvement_inhabitants", "cooperation_modes",
                "animation_by", "animation_legal_status", "staff_count", "staff_fte", "volunteers",
                "governance_formalisation", "decision_sharing", "own_budget", "budget_amount",
                "share_public_subsidies", "share_service_sales", "share_goods_sales", "share_membership_fees",
                "share_patronage", "treasury_horizon", "jobs_created", "jobs_maintained",
                "ecological_actions", "support_needs", "member_structures"):
        assert var in codes, var
    from cellule.blueprints.directory.reference import ACTIVITY_TYPES, SECTORS
    assert [c for c, _ in definition.question("sectors").allowed] == list(SECTORS)
    assert [c for c, _ in definition.question("activity_types").allowed] == list(ACTIVITY_TYPES)
    assert definition.question("member_structures").columns[0].var == "name"


@pytest.mark.parametrize("definition, message", [
    (_minimal(type="single_choice"), "needs choices"),
    (_minimal(min=10, max=1), "min is greater than max"),
    (_minimal(type="short_text", min=1), "numeric questions only"),
    (_minimal(var="Bad-Code"), "pattern"),
    (_minimal(type="banana"), "type"),
    (_minimal(show_if={"var": "later", "equals": "yes"}), "not an earlier question"),
    (_minimal(type="repeated", columns=[{"var": "r", "label": "R", "type": "repeated",
                                         "columns": [{"var": "z", "label": "Z", "type": "integer"}]}]), "nested"),
    (_minimal(unknown_key=True), "unknown_key"),
    ({"title": "T", "sections": []}, "sections"),
])
def test_invalid_definitions_are_refused_with_a_located_message(definition, message):
    with pytest.raises(DefinitionError) as info:
        parse_definition(definition)
    assert message in str(info.value)


def test_duplicate_variable_and_bad_show_if_value_are_refused(app):
    data = national.definition()
    dup = copy.deepcopy(data)
    dup["sections"][1]["questions"].append({"var": "creation_year", "label": "Encore", "type": "year"})
    with pytest.raises(DefinitionError, match="used twice"):
        parse_definition(dup)
    bad = copy.deepcopy(data)
    bad["sections"][2]["questions"][1]["show_if"] = {"var": "animation_by", "in": ["nope"]}
    with pytest.raises(DefinitionError, match="not choices"):
        parse_definition(bad)


def test_changing_a_published_version_creates_a_new_one(questionnaire, campaign, make_ptce, respond):
    ptce = make_ptce()
    response = respond(campaign, ptce, "draft")
    data = copy.deepcopy(questionnaire.definition)
    data["sections"][0]["questions"].append({"var": "website_visits", "label": "Visites du site", "type": "integer"})
    v2 = services.revise_questionnaire(questionnaire, data)
    db.session.commit()
    assert (v2.version, v2.published) == (2, False)
    assert v2.id != questionnaire.id
    assert v2.parsed.question("website_visits").introduced_in == 2
    assert v2.parsed.question("creation_year").introduced_in == 1
    assert questionnaire.parsed.question("website_visits") is None  # v1 untouched
    # an unpublished version is edited in place
    data["title"] = "Questionnaire révisé"
    assert services.revise_questionnaire(v2, data).id == v2.id
    db.session.refresh(response)
    assert response.questionnaire.version == 1  # answers keep the version they were given under


def test_codebook_page_lists_every_variable(client, login, questionnaire):
    login("coordinator")
    page = client.get(f"/collecte/questionnaires/{questionnaire.id}/dictionnaire")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    entries = list(codebook(questionnaire.parsed))
    assert any(e["code"] == "member_structures.structure_type" for e in entries)
    for entry in entries:
        assert f'<code class="code">{entry["code"]}</code>' in html
    assert "0 – 100" in html  # a percentage's range
    assert "Depuis la version" in html


def test_admin_revises_through_the_page_and_sees_json_errors(client, login, questionnaire):
    login("council_admin")
    bad = client.post(f"/conseil/collecte/questionnaires/{questionnaire.id}", data={"definition": "{"})
    assert bad.status_code == 200 and "JSON invalide" in bad.get_data(as_text=True)
    invalid = client.post(f"/conseil/collecte/questionnaires/{questionnaire.id}",
                          data={"definition": '{"title": "T", "sections": []}'})
    assert "sections" in invalid.get_data(as_text=True)
    from cellule.blueprints.collection.models import Questionnaire
    assert db.session.query(Questionnaire).count() == 1
    import json
    ok = client.post(f"/conseil/collecte/questionnaires/{questionnaire.id}",
                     data={"definition": json.dumps(questionnaire.definition)})
    assert ok.status_code == 302
    assert db.session.query(Questionnaire).count() == 2


def test_cli_creates_questionnaire_and_campaign(runner):
    result = runner.invoke(args=["collection", "init-questionnaire"])
    assert result.exit_code == 0 and "national v1" in result.output
    result = runner.invoke(args=["collection", "create-campaign", "--year", "2025", "--title", "C",
                                 "--opens", "2026-01-01", "--closes", "2026-03-01", "--open"])
    assert result.exit_code == 0, result.output
    assert "(open)" in result.output


def test_new_version_is_published_then_frozen(client, login, questionnaire):
    from cellule.blueprints.collection.models import Questionnaire

    data = copy.deepcopy(questionnaire.definition)
    v2 = services.revise_questionnaire(questionnaire, data)
    db.session.commit()
    login("council_admin")
    assert client.post(f"/conseil/collecte/questionnaires/{v2.id}/publier").status_code == 302
    db.session.refresh(v2)
    assert v2.published
    import json
    data["title"] = "Encore"
    client.post(f"/conseil/collecte/questionnaires/{v2.id}", data={"definition": json.dumps(data)})
    db.session.expire_all()
    assert db.session.get(Questionnaire, v2.id).title == questionnaire.title  # frozen
    assert services.latest_questionnaire().version == 3


def test_questionnaire_admin_is_for_national_admins(client, login, questionnaire):
    login("council_observer")
    assert client.get(f"/conseil/collecte/questionnaires/{questionnaire.id}").status_code == 403
    assert client.post(f"/conseil/collecte/questionnaires/{questionnaire.id}/publier").status_code == 403
