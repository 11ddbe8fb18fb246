"""The national questionnaire in English: every wording has its English, shown to English readers."""
from __future__ import annotations

import io
import json

from openpyxl import load_workbook

from cellule.blueprints.collection import national
from cellule.blueprints.collection.definition import parse_definition


def _walk(definition):
    yield "title", definition
    for section in definition.sections:
        yield "title", section
        for q in section.questions:
            yield "label", q
            for part in (*q.choices, *q.columns, *(c for col in q.columns for c in col.choices)):
                yield "label", part


def test_every_national_wording_has_its_english(app):
    definition = parse_definition(national.definition())
    missing = [getattr(item, "var", getattr(item, "code", "?")) for name, item in _walk(definition)
               if not getattr(item, f"{name}_en")]
    assert missing == []
    helps = [q for s in definition.sections for q in s.questions if q.help]
    assert helps and all(q.help_en for q in helps)
    assert all(s.help_en for s in definition.sections if s.help)
    sectors = definition.question("sectors")
    assert {c.label_en for c in sectors.choices}.isdisjoint({c.label for c in sectors.choices if c.label != c.label_en}) \
        and len(sectors.choices) > 5


def test_english_readers_see_the_questionnaire_in_english(client, login, campaign, make_ptce):
    ptce = make_ptce("hauts-de-france")
    login("ptce_member", ptce=ptce, referent=True)
    url = f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}"
    french = client.get(url).get_data(as_text=True)
    assert "Année de création du PTCE" in french and "Identité et territoire" in french
    client.post("/langue/en?next=/")
    english = client.get(url).get_data(as_text=True)
    assert "Year the PTCE was founded" in english and "Identity and territory" in english
    assert "Below municipality level" in english and "0: not involved at all; 5: very strongly involved." in english
    for french_text in ("Année de création du PTCE", "Identité et territoire", "Infra-communale",
                        "Nombre de membres fondateurs", "Oui"):
        assert f">{french_text}<" not in english and f"{french_text}\n" not in english, french_text


def test_codebook_and_datapackage_carry_the_english(client, login, campaign):
    login("council_observer")
    codebook = client.get(f"/collecte/questionnaires/{campaign.questionnaire_id}/dictionnaire")
    assert '<span lang="en">Year the PTCE was founded</span>' in codebook.get_data(as_text=True)
    client.post("/langue/en?next=/")
    english = client.get(f"/collecte/questionnaires/{campaign.questionnaire_id}/dictionnaire").get_data(as_text=True)
    assert '<code class="code">infra_communal</code> Below municipality level' in english and "Identity and territory" in english
    assert "Whole number" in english and '<span lang="fr">Année de création du PTCE</span>' in english
    package = json.loads(client.get(f"/conseil/collecte/{campaign.id}/datapackage.json").data)
    wide = {f["name"]: f for r in package["resources"] if r["name"] == "reponses-large"
            for f in r["schema"]["fields"]}
    assert wide["jobs_created"]["title"] == "Emplois créés dans l'année"
    assert wide["jobs_created"]["description"].startswith("EN: Jobs created during the year")
    assert wide["sectors"]["description"].startswith("EN: The PTCE's sectors of activity — ")


def test_a_version_stored_without_english_borrows_todays_wordings(client, login, campaign, make_ptce):
    """Versions saved before the questionnaire had English are not edited; they are shown in English
    wherever their French wording is today's."""
    from cellule.extensions import db

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not k.endswith("_en")}
        return [strip(v) for v in node] if isinstance(node, list) else node

    stored = strip(national.definition())
    stored["sections"][0]["questions"][0]["label"] = "Année de naissance du pôle"  # a wording of its own
    campaign.questionnaire.definition = stored
    db.session.commit()
    ptce = make_ptce("hauts-de-france")
    login("ptce_member", ptce=ptce, referent=True)
    client.post("/langue/en?next=/")
    page = client.get(f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}").get_data(as_text=True)
    assert "Identity and territory" in page and "Number of founding members" in page
    assert "Année de naissance du pôle" in page  # no English known for it: its French stays
    assert "label_en" not in json.dumps(campaign.questionnaire.definition)  # the stored version is unchanged


def test_the_workbook_dictionary_gains_an_english_column(client, login, campaign):
    """Next to the French columns, kept where they were, the English of each label, help and allowed values."""
    login("council_observer")
    data = client.get(f"/conseil/collecte/{campaign.id}/collecte-2025-{campaign.id}-large.xlsx").data
    rows = list(load_workbook(io.BytesIO(data))["Dictionnaire"].iter_rows(values_only=True))
    assert rows[0] == ("Code", "Libellé", "Type", "Unité", "Valeurs autorisées",
                       "En anglais : libellé, aide, valeurs autorisées")
    assert rows[1] == ("code", "label", "type", "unit", "allowed", "english")
    english = {row[0]: row[5] for row in rows[2:]}
    assert all(english.values()), [code for code, text in english.items() if not text]
    assert english["region"] == "INSEE region code — Two-digit code, kept as text (“04”)"
    assert english["creation_year"] == "Year the PTCE was founded"  # « 1980 – 2100 » needs no English
    assert english["action_scale"].startswith("Your scale of action — infra_communal = Below municipality level ; ")
    assert english["share_patronage"] == ("Share of sponsorship — Share of this resource in the PTCE's budget, "
                                          "from 0 to 100%.")
    assert english["member_structures.size"].startswith("Size — s0_10 = 0 to 10 employees ; ")
    package = json.loads(client.get(f"/conseil/collecte/{campaign.id}/datapackage.json").data)
    dictionary = next(r for r in package["resources"] if r["name"] == "dictionnaire")
    assert [f["name"] for f in dictionary["schema"]["fields"]] == ["code", "label", "type", "unit", "allowed",
                                                                   "english"]


def test_the_questionnaire_title_is_shown_in_the_readers_language(client, login, campaign):
    login("council_observer")
    french = client.get("/conseil/collecte/").get_data(as_text=True)
    assert "Questionnaire national des PTCE — v1" in french and "National PTCE questionnaire" not in french
    client.post("/langue/en?next=/")
    english = client.get("/conseil/collecte/").get_data(as_text=True)
    assert english.count("National PTCE questionnaire — v1") == 2  # the campaign's and the versions' lists
    assert "Questionnaire national des PTCE" not in english
    codebook = client.get(f"/collecte/questionnaires/{campaign.questionnaire_id}/dictionnaire").get_data(as_text=True)
    assert "<title>Variable dictionary · National PTCE questionnaire" in codebook
