"""Attachments: content checked by magic bytes, size limit (413, French), storage, serving."""
import hashlib
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from cellule.blueprints.resources.models import Attachment, Revision
from cellule.extensions import db

from .conftest import SAMPLES


def _post(client, sheet, name, data, region="hauts-de-france", content_type="application/octet-stream"):
    """Send a multipart upload built in memory (the test client spools big bodies to files it
    never closes when the server refuses early)."""
    boundary = "----cellule-test-boundary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return client.post(f"/{region}/fiches/{sheet.id}/fichiers", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def _attachments():
    return list(db.session.scalars(sa.select(Attachment).order_by(Attachment.id)))


@pytest.fixture
def editor_sheet(login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    return make_sheet(author=user)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_allowed_types_are_stored_with_checksum(app, client, editor_sheet, name):
    data = SAMPLES[name]
    response = _post(client, editor_sheet, name, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    (attachment,) = _attachments()
    assert attachment.filename == name
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    stored = Path(app.config["UPLOAD_DIR"]) / "resources" / attachment.stored_name
    assert stored.read_bytes() == data
    # The stored name is ours: random hex, nothing of the user's name, outside static/.
    assert len(attachment.stored_name) == 32 and name.split(".")[0] not in attachment.stored_name
    assert "static" not in str(stored)
    # The upload is a save: a new revision lists the file.
    latest = db.session.scalar(sa.select(Revision).order_by(Revision.number.desc()))
    assert latest.attachment_ids == [attachment.id]


def test_served_as_download_with_nosniff(client, editor_sheet):
    _post(client, editor_sheet, "Statuts coopérative.pdf", SAMPLES["guide.pdf"])
    (attachment,) = _attachments()
    response = client.get(f"/hauts-de-france/fiches/{editor_sheet.id}/fichiers/{attachment.id}")
    assert response.status_code == 200
    assert response.data == SAMPLES["guide.pdf"]
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "inline" not in disposition
    assert "filename*=UTF-8''Statuts%20coop%C3%A9rative.pdf" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    response.close()


@pytest.mark.parametrize("name, data", [
    ("faux.pdf", SAMPLES["logo.png"]),
    ("page.png", b"<html><script>alert(1)</script></html>"),
    ("photo.jpg", SAMPLES["guide.pdf"]),
    ("texte.odt", SAMPLES["budget.ods"]),           # a spreadsheet named as a text document
    ("classeur.xlsx", SAMPLES["charte.docx"]),      # a Word file named as Excel
    ("archive.docx", SAMPLES["statuts.odt"]),       # any zip is not enough
    ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
])
def test_wrong_magic_bytes_refused(client, editor_sheet, app, name, data):
    response = _post(client, editor_sheet, name, data, content_type="application/pdf")
    assert response.status_code == 400
    assert "ne correspond pas à son extension" in response.get_data(as_text=True)
    assert _attachments() == []
    assert os.listdir(Path(app.config["UPLOAD_DIR"]) / "resources") == []


@pytest.mark.parametrize("name", ["page.html", "script.exe", "image.svg", "sans-extension", "doc.pdf.exe"])
def test_other_formats_refused(client, editor_sheet, name):
    response = _post(client, editor_sheet, name, SAMPLES["guide.pdf"])
    assert response.status_code == 400
    assert "Format refusé" in response.get_data(as_text=True)
    assert _attachments() == []


@pytest.mark.parametrize("app", [{"RESOURCES_MAX_UPLOAD_BYTES": 1000}], indirect=True)
def test_too_large_is_413_in_french(client, editor_sheet, app):
    data = SAMPLES["guide.pdf"] + b"0" * 2000
    response = _post(client, editor_sheet, "gros.pdf", data)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Fichier trop volumineux" in page and "taille maximale" in page
    assert _attachments() == []
    assert os.listdir(Path(app.config["UPLOAD_DIR"]) / "resources") == []


def test_default_limit_is_ten_megabytes(client, editor_sheet, app):
    """Above 10 MB (but under the request cap) the attachment limit answers, in French."""
    data = SAMPLES["guide.pdf"] + b"0" * (10 * 1024 * 1024)
    response = _post(client, editor_sheet, "gros.pdf", data)
    assert response.status_code == 413
    assert "10 Mo" in response.get_data(as_text=True)


def test_over_request_cap_still_gets_attachment_message(client, editor_sheet):
    data = b"0" * (13 * 1024 * 1024)
    response = _post(client, editor_sheet, "enorme.pdf", data)
    assert response.status_code == 413
    assert "10 Mo" in response.get_data(as_text=True)


def test_user_name_cannot_choose_path(client, editor_sheet, app):
    response = _post(client, editor_sheet, "../../../etc/passwd.pdf", SAMPLES["guide.pdf"])
    assert response.status_code == 302
    (attachment,) = _attachments()
    assert attachment.filename == "passwd.pdf"
    assert (Path(app.config["UPLOAD_DIR"]) / "resources" / attachment.stored_name).exists()


def test_only_editors_upload(client, auth, make_user, make_ptce, make_sheet):
    sheet = make_sheet()
    member = make_user("ptce_member", ptce=make_ptce("hauts-de-france"))
    auth.login(member)
    assert _post(client, sheet, "guide.pdf", SAMPLES["guide.pdf"]).status_code == 403
    auth.logout()
    auth.login(make_user("coordinator", region="bretagne"))
    assert _post(client, sheet, "guide.pdf", SAMPLES["guide.pdf"]).status_code == 404
    assert _attachments() == []


def test_removed_file_kept_for_history(client, editor_sheet, make_user, auth, app):
    _post(client, editor_sheet, "guide.pdf", SAMPLES["guide.pdf"])
    (attachment,) = _attachments()
    url = f"/hauts-de-france/fiches/{editor_sheet.id}/fichiers/{attachment.id}"
    assert client.post(url + "/retirer").status_code == 302
    db.session.expire_all()
    assert _attachments()[0].removed_at is not None
    assert (Path(app.config["UPLOAD_DIR"]) / "resources" / attachment.stored_name).exists()
    response = client.get(url)
    assert response.status_code == 200                 # editors still reach it from the history
    response.close()
    auth.logout()
    assert client.get(url).status_code == 302          # the public does not (sign-in asked)
    assert "guide.pdf" not in client.get(f"/hauts-de-france/fiches/{editor_sheet.id}").get_data(as_text=True)
