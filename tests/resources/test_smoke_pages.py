"""Every page of the feature answers for the people who may see it."""


def test_pages_render(client, login, make_sheet, region):
    sheet = make_sheet(title="Choisir la forme SCIC", body="# Pourquoi\n\nUne **SCIC** réunit.")
    assert client.get("/hauts-de-france/fiches/").status_code == 200
    assert client.get("/fiches/").status_code == 200
    assert client.get(f"/hauts-de-france/fiches/{sheet.id}").status_code == 200
    login("coordinator", region="hauts-de-france")
    for url in (f"/hauts-de-france/fiches/{sheet.id}", f"/hauts-de-france/fiches/{sheet.id}/historique",
                f"/hauts-de-france/fiches/{sheet.id}/historique/1", f"/hauts-de-france/fiches/{sheet.id}/modifier",
                "/hauts-de-france/fiches/nouvelle", "/hauts-de-france/fiches/suivi", "/hauts-de-france/",
                f"/hauts-de-france/fiches/{sheet.id}/proposer-national", "/hauts-de-france/fiches/?q=scic"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.data[:3000])
