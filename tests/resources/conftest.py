"""Fixtures of the resource sheets: a sheet factory, sample files of each format, index cleanup."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from cellule.extensions import db


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
