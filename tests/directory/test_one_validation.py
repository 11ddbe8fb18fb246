"""Form and CSV import refuse the same values with the same French words; stored bad URLs never go out."""
import io
import json

import pytest
import sqlalchemy as sa
from markupsafe import escape

from cellule.blueprints.directory import exchange
from cellule.blueprints.directory.demo import demo_siret
from cellule.blueprints.directory.models import Ptce
from cellule.extensions import db

FORM_OK = {"name": "Pôle Test", "department_code": "59", "siret": "73282932000074", "stage": "emerging",
           "sectors": ["energy"], "activity_types": ["services"]}
CSV_OK = {"nom": "Pôle Test", "departement": "59", "siret": "73282932000074", "stade": "emerging",
          "charte": "non", "secteurs": "energy", "types_activite": "services"}
TAKEN_SIRET = demo_siret(777)

# (form field, form value, CSV column, CSV value, words the message must hold)
CASES = [
    ("website", "javascript:alert(1)", "site_web", "javascript:alert(1)", "http:// ou https://"),
    ("website", "ftp://exemple.fr/x", "site_web", "ftp://exemple.fr/x", "http:// ou https://"),
    ("siret", "73282932000075", "siret", "73282932000075", "clé de contrôle est fausse"),
    ("siret", "1234", "siret", "1234", "14 chiffres"),
    ("siret", TAKEN_SIRET, "siret", TAKEN_SIRET, "est déjà celui du PTCE « Déjà Là »"),
    ("department_code", "13", "departement", "13", "n'est pas dans la région Hauts-de-France"),
    ("department_code", "75", "departement", "75", "n'est pas dans la région Hauts-de-France"),
    ("department_code", "20", "departement", "20", "n'existe pas"),
    ("department_code", "", "departement", "", "Le département est obligatoire"),
    ("name", "", "nom", "", "Le nom est obligatoire"),
    ("name", "x" * 161, "nom", "x" * 161, "160 caractères"),
    ("rna", "X1", "rna", "X1", "W suivi de 9 chiffres"),
    ("contact_email", "pas-un-courriel", "contact_email", "pas-un-courriel", "n'est pas une adresse valide"),
    ("contact_phone", "0" * 31, "contact_telephone", "0" * 31, "30 caractères au plus"),
    ("creation_year", "1900", "annee_creation", "1900", "hors de la plage"),
    ("creation_year", "deux mille", "annee_creation", "deux mille", "n'est pas une année"),
    ("latitude", "100", "latitude", "100", "hors de la plage"),
    ("longitude", "est", "longitude", "est", "n'est pas un nombre"),
    ("communes", "123", "communes", "123", "doit compter 5 caractères"),
    ("charter_year", "2021", "annee_charte", "2021", "Cochez « Signataire de la charte »"),
]


def _csv(row: dict) -> bytes:
    columns = list(exchange.COLUMNS)
    buffer = io.StringIO()
    buffer.write(";".join(columns) + "\n")
    buffer.write(";".join(row.get(c, "") for c in columns) + "\n")
    return buffer.getvalue().encode()


@pytest.mark.parametrize("field, value, column, csv_value, words", CASES,
                         ids=[f"{c[0]}={c[1][:20]}" for c in CASES])
def test_form_and_import_give_the_same_french_message(client, login, make_ptce, region,
                                                      field, value, column, csv_value, words):
    make_ptce(name="Déjà Là", siret=TAKEN_SIRET)
    login("coordinator", region="hauts-de-france")

    report = exchange.parse(_csv({**CSV_OK, column: csv_value}), region("hauts-de-france"))
    messages = [e.message for e in report.errors if e.column == column and e.line == 2]
    assert len(messages) == 1 and words in messages[0], report.errors

    page = client.post("/hauts-de-france/annuaire/nouveau", data={**FORM_OK, field: value})
    assert page.status_code == 200
    assert str(escape(messages[0])) in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Ptce.id))) == 1  # only « Déjà Là »


def test_la_poste_siret_and_web_addresses_pass_both_ways(client, login, region):
    login("coordinator", region="hauts-de-france")
    row = {**CSV_OK, "siret": "35600000049837", "site_web": "https://www.exemple.fr/pôle?x=1",
           "departement": "60", "latitude": "49,43"}
    report = exchange.parse(_csv(row), region("hauts-de-france"))
    assert report.ok, report.errors
    response = client.post("/hauts-de-france/annuaire/nouveau",
                           data={**FORM_OK, "siret": "35600000049837", "website": "https://www.exemple.fr/pôle?x=1",
                                 "department_code": "60", "latitude": "49,43"})
    assert response.status_code == 302
    ptce = db.session.scalar(sa.select(Ptce))
    assert (ptce.siret, ptce.website, ptce.department_code, ptce.latitude) == (
        "35600000049837", "https://www.exemple.fr/pôle?x=1", "60", 49.43)


def test_duplicate_sirets_are_reported_with_their_line_numbers(make_ptce, region):
    make_ptce(name="Déjà Là", siret=TAKEN_SIRET)
    columns = "nom;departement;siret\n"
    rows = [f"Pôle {n};59;{demo_siret(1)}" for n in range(1, 4)] + [f"Pôle 4;59;{TAKEN_SIRET}"]
    report = exchange.parse((columns + "\n".join(rows) + "\n").encode(), region("hauts-de-france"))
    assert [(e.line, e.column, e.message) for e in report.errors] == [
        (3, "siret", "Doublon : même SIRET qu'à la ligne 2."),
        (4, "siret", "Doublon : même SIRET qu'à la ligne 2."),
        (5, "siret", f"Le SIRET {TAKEN_SIRET} est déjà celui du PTCE « Déjà Là »."),
    ]


def test_a_big_file_with_one_siret_is_refused_in_a_few_queries(make_ptce, region, app):
    columns = "nom;departement;siret\n"
    body = "".join(f"Pôle {n};59;{demo_siret(1)}\n" for n in range(2000))
    statements = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    report = exchange.parse((columns + body).encode(), region("hauts-de-france"))
    assert len([e for e in report.errors if e.column == "siret"]) == 1999
    assert len(statements) < 10


def test_edit_keeps_its_own_siret(client, login, make_ptce):
    ptce = make_ptce(name="Pôle Test", siret="73282932000074")
    login("coordinator", region="hauts-de-france")
    response = client.post(f"/hauts-de-france/annuaire/{ptce.slug}/modifier", data={**FORM_OK, "name": "Pôle Test 2"})
    assert response.status_code == 302
    db.session.refresh(ptce)
    assert ptce.name == "Pôle Test 2"


def test_a_stored_bad_url_is_never_a_link_nor_published(client, make_ptce):
    """Rows saved before the check: the page shows no link and the GeoJSON publishes no website."""
    bad = make_ptce(name="Vieux Pôle", website="javascript:alert(1)", latitude=50.0, longitude=3.0)
    good = make_ptce(name="Bon Pôle", website="https://bon.example.org")
    html = client.get(f"/hauts-de-france/annuaire/{bad.slug}").get_data(as_text=True)
    assert "javascript:" not in html
    assert 'href="https://bon.example.org"' in client.get(f"/hauts-de-france/annuaire/{good.slug}").get_data(as_text=True)
    features = {f["id"]: f["properties"] for f in json.loads(client.get("/hauts-de-france/annuaire.geojson").data)["features"]}
    assert features[bad.slug]["website"] is None
    assert features[good.slug]["website"] == "https://bon.example.org"
