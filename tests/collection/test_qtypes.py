"""Question types as classes: a type registered in one place is offered by the question editor,
read and checked by the answer form, shown, and exported (CSV, XLSX and its dictionary, data package)."""
import copy
import csv
import html
import io
import json
import re

import pytest
from openpyxl import load_workbook

from cellule.blueprints.collection import qtypes, services
from cellule.blueprints.collection.definition import DefinitionError, parse_definition
from cellule.blueprints.collection.qtypes.texts import Text
from cellule.extensions import db

from . import packages

EDITOR = "/hauts-de-france/collecte/{id}/questions-regionales/nouvelle"


class Postcode(Text):
    """A throwaway type, registered by this test only: a French postcode of five digits."""

    code, label = "postcode_test", "Code postal"
    limit, inputmode = 5, "numeric"

    def convert(self, q, raw):
        if not re.fullmatch(r"[0-9]{5}", str(raw)):
            return None, "Cinq chiffres, par exemple 59000."
        return str(raw), None

    def constraints(self, q) -> dict:
        return {"pattern": "[0-9]{5}"}

    def text(self, q, value) -> str:
        return f"CP {value}"


@pytest.fixture
def postcode(monkeypatch):
    """The throwaway type in the registry for this test, gone after it."""
    monkeypatch.setitem(qtypes.TYPES, Postcode.code, Postcode())


@pytest.fixture
def with_postcode(campaign, postcode):
    """The campaign's questionnaire with a national question of the throwaway type."""
    data = copy.deepcopy(campaign.questionnaire.definition)
    data["sections"][0]["questions"].append({"var": "hq_postcode", "label": "Code postal du siège",
                                             "label_en": "Head office postcode", "type": Postcode.code})
    campaign.questionnaire.definition = data
    db.session.commit()
    return campaign


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_definition_knows_only_the_registered_types(app, monkeypatch):
    data = {"title": "T", "sections": [{"code": "s", "title": "S", "questions": [
        {"var": "cp", "label": "CP", "type": Postcode.code}]}]}
    with pytest.raises(DefinitionError) as refused:
        parse_definition(data)
    assert refused.value.errors[0]["type"] == "literal_error"
    # worded as pydantic words a literal, every registered type named
    message = refused.value.messages[0]
    assert message.startswith("sections.0.questions.0.type: Input should be 'integer', 'decimal', 'amount_eur', ")
    assert message.endswith(" or 'repeated'") and all(f"'{code}'" in message for code in qtypes.TYPES)
    monkeypatch.setitem(qtypes.TYPES, Postcode.code, Postcode())
    assert parse_definition(data).question("cp").kind.label == "Code postal"
    # the class's own checks apply: a text type takes no bounds
    data["sections"][0]["questions"][0]["min"] = 1
    with pytest.raises(DefinitionError) as refused:
        parse_definition(data)
    assert refused.value.errors[0]["type"] == "bounds_not_allowed"


def test_the_editor_and_the_answer_form_use_a_registered_type(client, auth, login, with_postcode, region,
                                                              make_ptce, make_user):
    campaign = with_postcode
    login("coordinator", region="hauts-de-france")
    form = _text(client.get(EDITOR.format(id=campaign.id)))
    assert '<option value="postcode_test">Code postal</option>' in form
    r = client.post(EDITOR.format(id=campaign.id), data={"label": "Code postal de l'antenne", "var": "hdf_cp",
                                                         "type": Postcode.code, "forward": "y"})
    assert r.status_code == 302
    db.session.expire_all()
    ext = services.extension(campaign, region("hauts-de-france"))
    assert ext.definition["sections"][0]["questions"][0]["type"] == Postcode.code

    ptce = make_ptce()
    auth.logout()
    auth.login(make_user("ptce_member", ptce=ptce, referent=True))
    url = f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}"
    page = _text(client.get(url))
    assert re.search(r'<input type="text" id="hq_postcode" name="hq_postcode" value="" inputmode="numeric"', page)
    refused = client.post(url, data={"action": "save", "hq_postcode": "590", "hdf_cp": "75001"})
    assert refused.status_code == 200
    assert '<p class="error" id="hq_postcode-erreur">Cinq chiffres, par exemple 59000.</p>' in _text(refused)
    assert services.response_for(campaign, ptce) is None  # nothing saved
    saved = client.post(url, data={"action": "save", "hq_postcode": " 59000 ", "hdf_cp": "75001"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert services.response_for(campaign, ptce).answers == {"hq_postcode": "59000", "hdf_cp": "75001"}


def test_the_exports_and_the_display_use_a_registered_type(client, auth, login, with_postcode, make_ptce,
                                                           respond, answers, tmp_path):
    campaign = with_postcode
    ptce = make_ptce(name="Alpha")
    respond(campaign, ptce, "forwarded", answers(hq_postcode="62000"))
    login("coordinator", region="hauts-de-france")
    shown = _text(client.get(f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}"))
    assert re.search(r'<p class="answer">CP 62000\s*</p>', shown)

    auth.logout()
    login("council_observer")
    stem = f"/conseil/collecte/{campaign.id}/collecte-{campaign.year}-{campaign.id}"
    rows = list(csv.reader(io.StringIO(client.get(stem + "-long.csv").data.decode())))
    assert [ptce.slug, "32", "2025", "hq_postcode", "", "62000", "", "1"] == [r for r in rows
                                                                          if r[3] == "hq_postcode"][0][:8]
    book = load_workbook(io.BytesIO(client.get(stem + "-large.xlsx").data))
    main = list(book["ptce"].iter_rows(values_only=True))
    column = main[1].index("hq_postcode")
    assert main[0][column] == "Code postal du siège" and main[2][column] == "62000"
    dictionary = {row[0]: row for row in book["Dictionnaire"].iter_rows(min_row=3, values_only=True)}
    assert dictionary["hq_postcode"] == ("hq_postcode", "Code postal du siège", "Code postal", None, None,
                                         "Head office postcode")
    descriptor = packages.download(client, f"/conseil/collecte/{campaign.id}/", tmp_path)
    assert packages.validate(descriptor) == []
    wide = {f["name"]: f for r in json.loads(descriptor.read_text())["resources"] if r["name"] == "reponses-large"
            for f in r["schema"]["fields"]}
    assert wide["hq_postcode"] == {"name": "hq_postcode", "title": "Code postal du siège", "type": "string",
                                   "constraints": {"pattern": "[0-9]{5}"},
                                   "description": "EN: Head office postcode"}
    codebook = _text(client.get(f"/collecte/questionnaires/{campaign.questionnaire_id}/dictionnaire"))
    assert 'Code postal <code class="code">postcode_test</code>' in codebook


def test_an_over_long_text_answer_is_refused_in_words(client, login, campaign, make_ptce):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    url = f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}"
    r = client.post(url, data={"action": "save", "remarks": "x" * 5001})
    assert r.status_code == 200
    assert '<p class="error" id="remarks-erreur">Pas plus de 5\u202f000 caractères.</p>' in _text(r)
    client.post("/langue/en?next=/")
    r = client.post(url, data={"action": "save", "remarks": "x" * 5001})
    assert '<p class="error" id="remarks-erreur">No more than 5,000 characters.</p>' in _text(r)
    assert services.response_for(campaign, ptce) is None
    assert client.post(url, data={"action": "save", "remarks": "x" * 5000}).status_code == 302


def test_the_cells_of_a_repeated_block_are_shown_as_their_type_says(client, login, campaign, region, make_ptce,
                                                                    respond, answers):
    services.set_extension(campaign, region("hauts-de-france"), {"title": "HDF", "sections": [{
        "code": "hdf", "title": "HDF", "questions": [{"var": "hdf_lieux", "label": "Lieux", "type": "repeated",
                                                      "columns": [
            {"var": "nom", "label": "Nom", "type": "short_text"},
            {"var": "surface", "label": "Surface", "type": "decimal", "unit": "m²"},
            {"var": "loyer", "label": "Loyer", "type": "amount_eur"},
            {"var": "note", "label": "Note", "type": "scale_0_5"}]}]}]})
    db.session.commit()
    ptce = make_ptce()
    respond(campaign, ptce, "submitted", answers(hdf_lieux=[{"nom": "Halle", "surface": 1250.5, "loyer": 900.0,
                                                             "note": 4}]))
    login("coordinator", region="hauts-de-france")
    page = _text(client.get(f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}/examen"))
    assert "<td>Halle</td><td>1\u202f250,5 m²</td><td>900\xa0€</td><td>4</td>" in page
