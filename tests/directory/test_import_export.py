"""CSV import (dry run then all-or-nothing) and CSV / GeoJSON exports."""
import base64
import csv
import io
import json

import sqlalchemy as sa

from cellule.blueprints.directory.models import Ptce
from cellule.extensions import db

HEADER = "nom;departement;siret;stade;charte;annee_charte;secteurs;types_activite;communes;latitude;longitude\n"
GOOD = ("Pôle Nord Coop;59;73282932000074;consolidated;oui;2021;energy|Agriculture et alimentation;"
        "services;59350|59009;50,63;3,06\n"
        "Tiers-lieu du Marais;62;35600000000048;émergent;non;;culture;third_place;;;\n")


def _upload(client, content: bytes, filename="ptce.csv"):
    return client.post("/hauts-de-france/annuaire/import",
                       data={"file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def _count():
    return db.session.scalar(sa.select(sa.func.count(Ptce.id)))


def test_dry_run_lists_every_bad_row_and_imports_nothing(client, login, make_ptce):
    login("coordinator", region="hauts-de-france")
    make_ptce(name="Déjà Là")
    content = (HEADER + GOOD +
               "Sans siret;59;;consolidated;oui;;energy;;;;\n"
               ";59;73282932000074;consolidated;oui;;energy;;;;\n"
               "Secteur inconnu;59;73282932000075;consolidated;peut-être;;astrologie;;;;\n"
               "deja la;59;73282932000074;;;;;;;;\n"
               "Pôle Nord Coop;20;73282932000074;;;;;;;91;\n").encode("utf-8")
    before = _count()
    page = _upload(client, content).get_data(as_text=True)
    assert _count() == before
    for line, words in [(4, "SIRET est obligatoire"), (5, "nom est obligatoire"), (6, "clé de contrôle"),
                        (6, "Secteur inconnu : « astrologie »"), (6, "Charte"), (7, "existe déjà"),
                        (8, "même nom qu&#39;à la ligne 2"), (8, "département « 20 »"), (8, "hors de la plage")]:
        assert f"<td data-label=\"Ligne\">{line}</td>" in page and words in page, (line, words)
    assert "a été importé. Corrigez le fichier" in page
    assert "Importer ce" not in page


def test_clean_file_is_imported_all_at_once(client, login):
    login("coordinator", region="hauts-de-france")
    raw = ("\ufeff" + HEADER + GOOD).encode("utf-8")
    page = _upload(client, raw).get_data(as_text=True)
    assert "2 PTCE prêts à être importés" in page and "Importer ces 2 PTCE" in page and _count() == 0
    response = client.post("/hauts-de-france/annuaire/import",
                           data={"content": base64.b64encode(raw).decode()})
    assert response.status_code == 302
    pole = db.session.scalar(sa.select(Ptce).where(Ptce.name == "Pôle Nord Coop"))
    assert pole.region.slug == "hauts-de-france" and pole.charter_signatory and pole.charter_year == 2021
    assert pole.sectors == ["agriculture_food", "energy"] and pole.communes == ["59350", "59009"]
    assert (pole.latitude, pole.longitude) == (50.63, 3.06)
    marais = db.session.scalar(sa.select(Ptce).where(Ptce.name == "Tiers-lieu du Marais"))
    assert marais.stage.value == "emerging" and marais.activity_types == ["third_place"]


def test_confirm_rechecks_and_stays_all_or_nothing(client, login, make_ptce):
    """A PTCE added between the dry run and the confirmation makes the whole import fail."""
    login("coordinator", region="hauts-de-france")
    raw = (HEADER + GOOD).encode()
    _upload(client, raw)
    make_ptce(name="Tiers-lieu du Marais")
    page = client.post("/hauts-de-france/annuaire/import", data={"content": base64.b64encode(raw).decode()})
    assert page.status_code == 200 and "existe déjà" in page.get_data(as_text=True)
    assert _count() == 1


def test_comma_separator_and_windows_1252(client, login):
    login("coordinator", region="hauts-de-france")
    comma = "nom,departement,siret\nÉcopôle,62,73282932000074\n"
    assert "1 PTCE prêt à être importé" in _upload(client, comma.encode("cp1252")).get_data(as_text=True)
    assert "1 PTCE prêt à être importé" in _upload(client, comma.encode("utf-8")).get_data(as_text=True)


def test_missing_columns_and_non_csv_files(client, login):
    login("coordinator", region="hauts-de-france")
    page = _upload(client, b"name;dept\nX;59\n").get_data(as_text=True)
    assert "Colonnes obligatoires absentes : nom, departement, siret" in page
    page = _upload(client, b"%PDF-1.4", filename="x.pdf").get_data(as_text=True)
    assert "Choisissez un fichier .csv" in page


def test_csv_export_opens_in_french_excel_and_round_trips(client, login, make_ptce, region):
    from bench.data.rows import siret as bench_siret
    from cellule.blueprints.directory import exchange

    make_ptce(name="Alpha", contact_email="secret@example.org", sectors=["energy", "culture"],
              latitude=50.5, longitude=2.0, creation_year=2014, siret=bench_siret(7))
    make_ptce("bretagne", name="Beta")
    response = client.get("/hauts-de-france/annuaire.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    data = response.data
    assert data.startswith("\ufeff".encode()) and b"\r\n" in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert [r["nom"] for r in rows] == ["Alpha"]
    # French Excel dialect: decimal comma, whole numbers without ".0", region code as written
    assert (rows[0]["latitude"], rows[0]["longitude"], rows[0]["annee_creation"]) == ("50,5", "2", "2014")
    assert rows[0]["region"] == "32"
    # Another name and SIRET (both must be unique), the rest as exported: the file reads back.
    again = data.replace(b"Alpha", b"Alpha bis").replace(bench_siret(7).encode(), bench_siret(8).encode())
    report = exchange.parse(again, region("hauts-de-france"))
    assert report.ok, report.errors
    assert report.rows[0]["latitude"] == 50.5
    assert rows[0]["secteurs"] == "culture|energy" and rows[0]["contact_email"] == ""  # public export
    login("coordinator", region="hauts-de-france")
    rows = list(csv.DictReader(io.StringIO(client.get("/hauts-de-france/annuaire.csv").data.decode("utf-8-sig")),
                               delimiter=";"))
    assert rows[0]["contact_email"] == "secret@example.org"
    national = client.get("/annuaire.csv").data.decode("utf-8-sig")
    assert "Alpha" in national and "Beta" in national


def test_geojson_export(client, make_ptce):
    make_ptce(name="Placé", latitude=49.43, longitude=2.08)
    make_ptce(name="Sans coordonnées")
    response = client.get("/hauts-de-france/annuaire.geojson")
    assert response.mimetype == "application/geo+json"
    collection = json.loads(response.data)
    assert collection["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in collection["features"]}
    assert by_name["Placé"]["geometry"] == {"type": "Point", "coordinates": [2.08, 49.43]}
    assert by_name["Sans coordonnées"]["geometry"] is None
    assert by_name["Placé"]["properties"]["url"].startswith("http://cellule.test/hauts-de-france/annuaire/")


def test_formula_like_text_is_inert_in_the_export_and_reimports_unchanged(client, make_ptce, region):
    """CSV injection: text starting with = + - @ is written with a leading apostrophe, read back without."""
    from bench.data.rows import siret as bench_siret
    from cellule.blueprints.directory import exchange

    make_ptce(name="=HYPERLINK(\"http://x\")", territory="-Pays de Bray", description="@lien +33",
              siret=bench_siret(42))
    data = client.get("/hauts-de-france/annuaire.csv").data
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert row["nom"] == "'=HYPERLINK(\"http://x\")"
    assert row["territoire"] == "'-Pays de Bray" and row["description"] == "'@lien +33"
    db.session.execute(sa.delete(Ptce))  # the same file comes back once the record is gone
    db.session.commit()
    report = exchange.parse(data, region("hauts-de-france"))
    assert report.ok, report.errors
    assert report.rows[0]["name"] == "=HYPERLINK(\"http://x\")"
    assert report.rows[0]["territory"] == "-Pays de Bray" and report.rows[0]["description"] == "@lien +33"
