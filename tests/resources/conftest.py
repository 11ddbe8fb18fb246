"""Fixtures of the resource sheets: a sheet factory, sample files of each format, index cleanup."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa

from cellule.extensions import db


@pytest.fixture(autouse=True)
def _empty_search_index(app):
    """The full-text table is not a model, so the shared cleanup does not see it."""
    yield
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM resources_fts"))


@pytest.fixture
def make_sheet(region, make_user):
    """Create and commit a sheet through the services: ``make_sheet(title=…, publish=True)``."""
    from cellule.blueprints.resources import services
    from cellule.blueprints.resources.reference import Category, Scope

    def make(region_slug: str | None = "hauts-de-france", *, title="Fiche de test", summary="",
             body="Contenu.", category=Category.LEGAL, tags=(), topics=(), sectors=(), review_by=None,
             publish=True, national=False, author=None, ptce=None):
        author = author or make_user("coordinator", region=region_slug or "hauts-de-france")
        content = services.Content(title=title, category=category, summary=summary, body=body,
                                   tags=list(tags), topics=list(topics), sectors=list(sectors),
                                   review_by=review_by)
        sheet = services.create_sheet(content, author, region=region(region_slug) if region_slug else None,
                                      ptce=ptce, scope=Scope.NATIONAL if national else Scope.REGIONAL)
        if publish:
            services.publish(sheet)
        db.session.commit()
        return sheet

    return make


def _zip(entries: dict[str, bytes], first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first), entries.pop(first))
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _ooxml(main: str, part: str) -> bytes:
    types = (f'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             f'<Override PartName="/{part}" ContentType="{main}"/></Types>').encode()
    return _zip({"[Content_Types].xml": types, "_rels/.rels": b"<Relationships/>", part: b"<x/>"})


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
       b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00"
       b"IEND\xaeB`\x82")
SAMPLES = {
    "guide.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "logo.png": PNG,
    "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
    "statuts.odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
                        first="mimetype"),
    "budget.ods": _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
                       first="mimetype"),
    "charte.docx": _ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                          "word/document.xml"),
    "tableau.xlsx": _ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                           "xl/workbook.xml"),
}


@pytest.fixture
def samples():
    """One valid small file of each allowed format, by file name."""
    return dict(SAMPLES)


def overdue_date() -> date:
    return date(2020, 1, 1)


@pytest.fixture
def smtp_server():
    """The shared SMTP sink, started on a free port chosen first.

    The root fixture asks aiosmtpd for port 0, which its start-up self-check
    cannot connect to (ConnectionRefusedError); the lead may fix it there.
    """
    import socket

    from aiosmtpd.controller import Controller

    import email
    import threading
    from email import policy
    from types import SimpleNamespace

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = SimpleNamespace(host="127.0.0.1", port=port, messages=[], lock=threading.Lock())
    sink.parsed = lambda: [email.message_from_bytes(m["data"], policy=policy.default) for m in sink.messages]

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with sink.lock:
                sink.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                      "data": envelope.original_content or envelope.content})
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def mail_to(app, smtp_server):
    """As the root fixture, and also lift Flask-Mail's suppression (on when TESTING is set)."""
    app.config.update(MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port,
                      MAIL_USE_TLS=False, MAIL_USE_SSL=False)
    state = app.extensions["mail"]
    state.server, state.port, state.suppress = smtp_server.host, smtp_server.port, False
    return smtp_server
