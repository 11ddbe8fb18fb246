"""The coordinator's form-based editor of regional questions: add, edit, order, delete, copy,
French explanations of every refusal, and who may use it."""
import html
from datetime import date

import pytest
import sqlalchemy as sa

from cellule.blueprints.collection import regional, services
from cellule.blueprints.collection.models import RegionExtension
from cellule.extensions import db

URL = "/hauts-de-france/collecte/{id}/questions-regionales"


def _question(**fields) -> dict:
    """What the form posts for a question (text fields; unchecked boxes are absent)."""
    data = {"label": "Nombre de tiers-lieux animés", "var": "", "help": "", "type": "integer", "unit": "",
            "min": "", "max": "", "choices": ""}
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def _text(response) -> str:
    """The page as read: HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def _stored(campaign, region) -> dict | None:
    db.session.expire_all()
    ext = services.extension(campaign, region("hauts-de-france"))
    return ext.definition if ext else None


def _vars(campaign, region) -> list[str]:
    data = _stored(campaign, region)
    return [q["var"] for s in data["sections"] for q in s["questions"]] if data else []


def _extension(campaign, region, *questions, sections=None):
    """Store a region extension directly (one section unless ``sections`` is given)."""
    sections = sections or [{"code": "hdf", "title": "Questions HDF", "questions": list(questions)}]
    services.set_extension(campaign, region("hauts-de-france"), {"title": "HDF", "sections": sections})
    db.session.commit()


@pytest.fixture
def coordinator(login):
    return login("coordinator", region="hauts-de-france")


def test_coordinator_adds_a_question_whose_code_comes_from_the_label(client, coordinator, campaign, region):
    page = client.get(URL.format(id=campaign.id))
    assert page.status_code == 200 and "Aucune question régionale" in _text(page)
    form = _text(client.get(URL.format(id=campaign.id) + "/nouvelle"))
    assert '<label for="var">Code de variable</label>' in form and "Nombre entier" in form
    r = client.post(URL.format(id=campaign.id) + "/nouvelle",
                    data=_question(min="0", max="12,5", unit="lieux", forward="y", required="y"))
    assert r.status_code == 302 and r.headers["Location"].endswith("#q-nombre_tiers_lieux_animes")
    data = _stored(campaign, region)
    assert data["sections"][0]["questions"] == [
        {"var": "nombre_tiers_lieux_animes", "label": "Nombre de tiers-lieux animés", "type": "integer",
         "unit": "lieux", "required": True, "min": 0.0, "max": 12.5, "forward": True}]
    page = _text(client.get(URL.format(id=campaign.id)))
    assert "Nombre de tiers-lieux animés" in page and '<code class="code">nombre_tiers_lieux_animes</code>' in page
    assert "Nombre entier" in page
    # a second question with the same label gets a free code, and a choice question its choices
    client.post(URL.format(id=campaign.id) + "/nouvelle", data=_question())
    client.post(URL.format(id=campaign.id) + "/nouvelle", data=_question(
        label="Statut du lieu", var="statut_lieu", type="single_choice",
        choices="asso : Association\r\n\r\nSCIC ou coopérative\r\nautre : Autre : à préciser\r\n"))
    assert _vars(campaign, region) == ["nombre_tiers_lieux_animes", "nombre_tiers_lieux_animes_2", "statut_lieu"]
    statut = _stored(campaign, region)["sections"][0]["questions"][2]
    assert statut["choices"] == [{"code": "asso", "label": "Association"},
                                 {"code": "scic_cooperative", "label": "SCIC ou coopérative"},
                                 {"code": "autre", "label": "Autre : à préciser"}]
    assert statut.get("forward") is False


def test_a_ptce_then_answers_the_new_question(client, auth, coordinator, campaign, make_ptce, make_user):
    ptce = make_ptce()
    client.post(URL.format(id=campaign.id) + "/nouvelle",
                data=_question(label="Avez-vous un tiers-lieu ?", var="hdf_tiers_lieu", type="single_choice",
                               choices="oui : Oui\nnon : Non"))
    auth.logout()
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    auth.login(referent)
    page = _text(client.get(f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}"))
    assert "Avez-vous un tiers-lieu ?" in page and 'name="hdf_tiers_lieu"' in page
    r = client.post(f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}",
                    data={"action": "save", "hdf_tiers_lieu": "oui"})
    assert r.status_code == 302
    db.session.expire_all()
    assert services.response_for(campaign, ptce).answers["hdf_tiers_lieu"] == "oui"
    # another region's PTCE does not see it
    other = make_ptce("bretagne")
    auth.logout()
    auth.login(make_user("ptce_member", ptce=other, referent=True))
    page = _text(client.get(f"/bretagne/collecte/{campaign.id}/ptce/{other.slug}"))
    assert "Avez-vous un tiers-lieu ?" not in page


def test_editing_keeps_what_the_form_does_not_show(client, coordinator, campaign, region):
    _extension(campaign, region,
               {"var": "hdf_lieu", "label": "Lieu", "type": "single_choice",
                "choices": [{"code": "oui", "label": "Oui"}, {"code": "non", "label": "Non"}]},
               {"var": "hdf_surface", "label": "Surface", "type": "decimal", "unit": "m²", "min": 0,
                "show_if": {"var": "hdf_lieu", "equals": "oui"}, "forward": True})
    page = _text(client.get(URL.format(id=campaign.id) + "/hdf_surface/modifier"))
    assert 'value="Surface"' in page and 'value="m²"' in page and 'value="0"' in page
    assert "ne s'affiche que selon la réponse à « Lieu »" in page
    assert 'id="forward" name="forward" type="checkbox" value="y"' in page and "checked" in page
    r = client.post(URL.format(id=campaign.id) + "/hdf_surface/modifier",
                    data=_question(label="Surface du lieu", var="hdf_surface", type="decimal", unit="m²",
                                   min="10", max="", help="Surface utile"))
    assert r.status_code == 302
    surface = _stored(campaign, region)["sections"][0]["questions"][1]
    assert surface == {"var": "hdf_surface", "label": "Surface du lieu", "help": "Surface utile", "type": "decimal",
                       "unit": "m²", "min": 10.0, "show_if": {"var": "hdf_lieu", "equals": "oui"},
                       "forward": False}
    # the edit form of a choice question shows its choices one per line
    page = _text(client.get(URL.format(id=campaign.id) + "/hdf_lieu/modifier"))
    assert "oui : Oui\nnon : Non</textarea>" in page
    assert client.get(URL.format(id=campaign.id) + "/inconnue/modifier").status_code == 404


def test_coordinator_reorders_questions_across_sections(client, coordinator, campaign, region):
    q = [{"var": v, "label": v.upper(), "type": "short_text"} for v in ("a1", "a2", "b1")]
    _extension(campaign, region, sections=[{"code": "a", "title": "A", "questions": q[:2]},
                                           {"code": "b", "title": "B", "questions": q[2:]}])
    move = URL.format(id=campaign.id) + "/{var}/deplacer"
    r = client.post(move.format(var="a2"), data={"direction": "monter"})
    assert r.status_code == 302 and r.headers["Location"].endswith("#q-a2")
    assert _vars(campaign, region) == ["a2", "a1", "b1"]
    client.post(move.format(var="a2"), data={"direction": "monter"})  # already first: nothing moves
    assert _vars(campaign, region) == ["a2", "a1", "b1"]
    client.post(move.format(var="a1"), data={"direction": "descendre"})  # crosses into section B
    data = _stored(campaign, region)
    assert [[q["var"] for q in s["questions"]] for s in data["sections"]] == [["a2"], ["a1", "b1"]]
    client.post(move.format(var="a2"), data={"direction": "descendre"})  # section A empties and goes
    data = _stored(campaign, region)
    assert [s["code"] for s in data["sections"]] == ["b"] and _vars(campaign, region) == ["a2", "a1", "b1"]
    client.post(move.format(var="a2"), data={"direction": "descendre"})
    assert _vars(campaign, region) == ["a1", "a2", "b1"]
    client.post(move.format(var="b1"), data={"direction": "descendre"})  # already last
    client.post(move.format(var="b1"), data={"direction": "ailleurs"})
    assert _vars(campaign, region) == ["a1", "a2", "b1"]
    page = _text(client.get(URL.format(id=campaign.id)))
    assert page.index('<code class="code">a1</code>') < page.index('<code class="code">a2</code>') < page.index(
        '<code class="code">b1</code>')


def test_a_move_that_breaks_a_display_condition_is_refused(client, coordinator, campaign, region):
    _extension(campaign, region,
               {"var": "hdf_lieu", "label": "Lieu", "type": "single_choice",
                "choices": [{"code": "oui", "label": "Oui"}]},
               {"var": "hdf_surface", "label": "Surface", "type": "decimal",
                "show_if": {"var": "hdf_lieu", "equals": "oui"}})
    r = client.post(URL.format(id=campaign.id) + "/hdf_surface/deplacer", data={"direction": "monter"},
                    follow_redirects=True)
    assert "La question « Surface » ne s'affiche que selon la réponse à la question « hdf_lieu »" in _text(r)
    assert _vars(campaign, region) == ["hdf_lieu", "hdf_surface"]
    # deleting the question it depends on is refused the same way
    r = client.post(URL.format(id=campaign.id) + "/hdf_lieu/supprimer", follow_redirects=True)
    assert "doit donc exister et venir avant elle" in _text(r)
    assert _vars(campaign, region) == ["hdf_lieu", "hdf_surface"]


def test_deletion_asks_for_confirmation_then_deletes(client, coordinator, campaign, region, make_ptce, respond,
                                                     answers):
    _extension(campaign, region, {"var": "hdf_a", "label": "Question A", "type": "integer"},
               {"var": "hdf_b", "label": "Question B", "type": "integer"})
    respond(campaign, make_ptce(), "draft", answers(hdf_a=3))
    assert "Déjà répondu par 1 PTCE" in _text(client.get(URL.format(id=campaign.id)))
    page = client.get(URL.format(id=campaign.id) + "/hdf_a/supprimer")
    assert page.status_code == 200
    text = _text(page)
    assert "Supprimer la question « Question A » ?" in text and "1 PTCE y a déjà répondu" in text
    assert _vars(campaign, region) == ["hdf_a", "hdf_b"]  # the GET changed nothing
    r = client.post(URL.format(id=campaign.id) + "/hdf_a/supprimer")
    assert r.status_code == 302 and _vars(campaign, region) == ["hdf_b"]
    client.post(URL.format(id=campaign.id) + "/hdf_b/supprimer")
    assert db.session.scalar(sa.select(sa.func.count(RegionExtension.id))) == 0  # the last one takes the row
    assert client.post(URL.format(id=campaign.id) + "/hdf_b/supprimer").status_code == 404


@pytest.mark.parametrize("fields, field_id, message", [
    (dict(var="hdf_existante"), "var", "déjà celui de la question régionale « Existante »"),
    (dict(var="jobs_created"), "var", "déjà celui de la question nationale « Emplois créés"),
    (dict(var="Emplois-crees"), "var", "Ce code n'est pas valide. Le code commence par une lettre minuscule"),
    (dict(var="2emplois"), "var", "Ce code n'est pas valide."),
    (dict(min="10", max="2"), "max", "Le maximum doit être supérieur ou égal au minimum."),
    (dict(min="beaucoup"), "min", "Saisissez un nombre, par exemple 0 ou 12,5."),
    (dict(type="single_choice"), "choices", "Une question à choix a besoin d'au moins un choix"),
    (dict(type="multiple_choice", choices="ok : Oui\nok : Bien"), "choices", "Deux choix ont le même code"),
    (dict(type="single_choice", choices="Oui\nMauvais-Code : Non"), "choices",
     "Ligne 2 : « Mauvais-Code » n'est pas un code valide."),
    (dict(type="short_text", choices="Oui"), "choices", "Seules les questions à choix unique ou multiple"),
    (dict(type="short_text", min="1"), "min", "ne valent que pour les nombres"),
    (dict(type="banane"), "type", "Choisissez un type de réponse dans la liste."),
    (dict(label=""), "label", "Indiquez le libellé de la question."),
    (dict(unit="u" * 31), "unit", "30 caractères au plus."),
])
def test_each_refusal_is_explained_next_to_its_field_and_nothing_is_saved(client, coordinator, campaign, region,
                                                                          fields, field_id, message):
    _extension(campaign, region, {"var": "hdf_existante", "label": "Existante", "type": "integer"})
    before = _stored(campaign, region)
    r = client.post(URL.format(id=campaign.id) + "/nouvelle", data=_question(**fields))
    assert r.status_code == 200
    page = _text(r)
    assert "La question n'a pas été enregistrée" in page
    assert message in page
    assert f'<p class="error" id="{field_id}-erreur">' in page  # next to the field …
    assert f'href="#{field_id}"' in page  # … and linked from the summary
    assert _stored(campaign, region) == before


def test_every_mistake_is_shown_at_once(client, coordinator, campaign, region):
    """Pydantic checks fields, then a question's coherence, then the codes: all are reported together."""
    _extension(campaign, region, {"var": "hdf_existante", "label": "Existante", "type": "integer"})
    before = _stored(campaign, region)
    r = client.post(URL.format(id=campaign.id) + "/nouvelle", data=_question(
        label="", var="Mauvais", min="10", max="2", unit="u" * 31, type="integer"))
    page = _text(r)
    for field_id in ("label", "var", "max", "unit"):
        assert f'<p class="error" id="{field_id}-erreur">' in page, field_id
    assert page.count("Indiquez le libellé de la question.") == 2  # next to the field and in the summary
    r = client.post(URL.format(id=campaign.id) + "/nouvelle", data=_question(
        var="hdf_existante", type="single_choice", choices="Bad Code: x\nok : Oui\nok : Non"))
    page = _text(r)
    assert "déjà celui de la question régionale « Existante »" in page and "Deux choix ont le même code" in page
    r = client.post(URL.format(id=campaign.id) + "/nouvelle", data=_question(label="", var="", min="x"))
    page = _text(r)
    assert '<p class="error" id="var-erreur">' not in page  # an empty code is derived, not refused
    assert "Saisissez un nombre" in page and "Indiquez le libellé" in page
    assert _stored(campaign, region) == before


def test_renaming_a_question_another_depends_on_is_explained(client, coordinator, campaign, region):
    _extension(campaign, region,
               {"var": "hdf_lieu", "label": "Lieu", "type": "single_choice",
                "choices": [{"code": "oui", "label": "Oui"}, {"code": "non", "label": "Non"}]},
               {"var": "hdf_surface", "label": "Surface", "type": "decimal",
                "show_if": {"var": "hdf_lieu", "equals": "oui"}})
    before = _stored(campaign, region)
    r = client.post(URL.format(id=campaign.id) + "/hdf_lieu/modifier",
                    data=_question(label="Lieu", var="hdf_lieu", type="single_choice", choices="non : Non"))
    page = _text(r)
    assert r.status_code == 200 and "ces choix doivent rester proposés" in page
    assert _stored(campaign, region) == before


def test_questions_of_the_previous_campaign_are_copied(client, coordinator, campaign, region, questionnaire):
    earlier = services.create_campaign(2024, "Collecte 2024", date(2024, 1, 1), date(2024, 12, 31), questionnaire)
    earlier.open()
    services.set_extension(earlier, region("hauts-de-france"), {"title": "HDF 2024", "sections": [
        {"code": "hdf", "title": "Questions HDF", "questions": [
            {"var": "hdf_a", "label": "A de 2024", "type": "integer", "forward": True},
            {"var": "hdf_b", "label": "B de 2024", "type": "short_text"}]}]})
    db.session.commit()
    client.post(URL.format(id=campaign.id) + "/nouvelle", data=_question(label="B de 2025", var="hdf_b"))
    page = _text(client.get(URL.format(id=campaign.id)))
    assert "La campagne « Collecte 2024 » comptait 2 questions régionales" in page
    r = client.post(URL.format(id=campaign.id) + "/reprendre", follow_redirects=True)
    text = _text(r)
    assert "1 question reprise de la campagne précédente." in text
    assert "ces codes n'ont pas été repris : hdf_b" in text
    assert _vars(campaign, region) == ["hdf_b", "hdf_a"]
    assert _stored(campaign, region)["sections"][0]["questions"][0]["label"] == "B de 2025"
    assert services.extension(earlier, region("hauts-de-france")).definition["title"] == "HDF 2024"  # untouched


def test_repeated_blocks_are_left_to_the_advanced_editor(client, coordinator, campaign, region):
    block = {"var": "hdf_lieux", "label": "Lieux", "type": "repeated",
             "columns": [{"var": "nom", "label": "Nom", "type": "short_text"}]}
    _extension(campaign, region, block, {"var": "hdf_b", "label": "B", "type": "integer"})
    page = _text(client.get(URL.format(id=campaign.id)))
    assert "modifiable en édition avancée" in page
    r = client.get(URL.format(id=campaign.id) + "/hdf_lieux/modifier")
    assert r.status_code == 302
    client.post(URL.format(id=campaign.id) + "/hdf_b/deplacer", data={"direction": "monter"})
    assert _stored(campaign, region)["sections"][0]["questions"] == [{"var": "hdf_b", "label": "B", "type": "integer"},
                                                                    block]


def test_only_the_region_coordinators_edit_its_questions(client, auth, login, campaign, region, make_ptce):
    _extension(campaign, region, {"var": "hdf_a", "label": "A", "type": "integer"},
               {"var": "hdf_b", "label": "B", "type": "integer"})
    before = _stored(campaign, region)
    base = URL.format(id=campaign.id)
    gets = ["", "/nouvelle", "/hdf_a/modifier", "/hdf_a/supprimer", "/json"]
    posts = [("/nouvelle", _question()), ("/hdf_a/modifier", _question(var="hdf_a")), ("/hdf_a/supprimer", {}),
             ("/hdf_b/deplacer", {"direction": "monter"}), ("/reprendre", {}), ("/json", {"definition": "{}"})]
    for who, expected in ((dict(role="ptce_member", ptce=make_ptce(), referent=True), 403),
                          (dict(role="coordinator", region="bretagne"), 404),
                          (dict(role="council_observer"), 403)):
        role = who.pop("role")
        login(role, **who)
        for path in gets:
            assert client.get(base + path).status_code == expected, (role, path)
        for path, data in posts:
            assert client.post(base + path, data=data).status_code == expected, (role, path)
        auth.logout()
    assert _stored(campaign, region) == before


def test_draft_campaigns_are_not_the_regions_yet(client, coordinator, questionnaire):
    draft = services.create_campaign(2026, "Collecte 2026", date(2026, 1, 1), date(2026, 12, 31), questionnaire)
    db.session.commit()
    assert client.get(URL.format(id=draft.id)).status_code == 404
    assert client.post(URL.format(id=draft.id) + "/nouvelle", data=_question()).status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(RegionExtension.id))) == 0


@pytest.mark.parametrize("label, taken, code", [
    ("Nombre de tiers-lieux animés", set(), "nombre_tiers_lieux_animes"),
    ("Élèves accueillis", {"eleves_accueillis"}, "eleves_accueillis_2"),
    ("2024 : bilan", set(), "q_2024_bilan"),
    ("!!!", set(), "question"),
    ("de la", set(), "de_la"),
    ("Un libellé vraiment très long qui dépasse largement quarante caractères", set(),
     "libelle_vraiment_tres_long_qui_depasse"),
])
def test_suggested_codes_follow_the_code_pattern(label, taken, code):
    import re

    from cellule.blueprints.collection.definition import CODE

    assert regional.suggest_code(label, taken) == code
    assert re.fullmatch(CODE, code)
