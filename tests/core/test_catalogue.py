"""The English catalogue is complete: every marked string has an English entry, and English
pages show no French text from the catalogue."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "cellule" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _catalogue():
    with PO.open("rb") as f:
        return read_po(f)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def extract_inputs() -> list[str]:
    """What ``make messages`` extracts: the package, plus the files babel's directory walk skips
    (it ignores folders whose name starts with "_", such as ``templates/_macros``)."""
    skipped = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "cellule").glob("**/_*/**/*")
                     if p.suffix in (".html", ".txt", ".py") and "__pycache__" not in p.parts)
    return ["cellule", *skipped]


def test_every_marked_string_has_an_english_entry(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), *extract_inputs()],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        template = read_po(f)
    catalogue = _catalogue()
    # Every kind of source is really read: the do-extension templates, the folders babel's walk
    # skips, Python and templates (babel.cfg once matched no file below cellule/ and this test
    # compared two macro files only, while 45 strings had no English).
    files = {path for m in template for path, _ in m.locations}
    for path in ("cellule/templates/_macros/forms.html", "cellule/templates/collection/_fields.html",
                 "cellule/templates/base.html", "cellule/templates/email/collection_submitted.txt",
                 "cellule/blueprints/core/views.py", "cellule/blueprints/visits/eligibility.py"):
        assert path in files, path
    assert len(template) > 1500
    missing = sorted(m.id if isinstance(m.id, str) else m.id[0] for m in template
                     if m.id and (m.id not in catalogue or not _translated(catalogue[m.id])))
    assert missing == [], f"{len(missing)} strings without English: {missing[:20]}"


def _french_strings() -> set[str]:
    """Catalogue texts that differ in English and are long enough not to be names or codes."""
    found = set()
    for m in _catalogue():
        if not m.id or isinstance(m.id, tuple) or not _translated(m) or m.string == m.id:
            continue
        for part in re.split(r"%\([a-z_]+\)[sd]", m.id):
            part = part.strip(" :·,.()«»—-")
            if len(part) >= 12 and " " in part and part not in m.string:
                found.add(part)
    return found


def _visible_text(html: str) -> str:
    title = re.search(r"<title>(.*?)</title>", html, flags=re.S)
    body = (title.group(1) if title else "") + " <p> " + html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", unescape(text))


def interface_texts(html: str) -> set[str]:
    """The page's text nodes, without the data shown in it: form values being edited
    (textarea), code, and anything marked as French on purpose (``lang="fr"``)."""
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style|textarea|code)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<(span|p|a|li|td|dd)[^>]*lang="fr"[^>]*>.*?</\1>', " ", body, flags=re.S)
    nodes = (re.sub(r"\s+", " ", unescape(n)).strip(" :·,.()«»—-") for n in re.split(r"<[^>]+>", body))
    return {n for n in nodes if n}


@pytest.fixture
def english_pages(client, auth, make_user, make_ptce):
    """A member in English, a published visit with a Markdown programme, the pages they see."""
    from datetime import timedelta

    from cellule.blueprints.visits.models import Visit, VisitStatus
    from cellule.database import utcnow
    from cellule.extensions import db

    host = make_ptce("hauts-de-france", name="Pôle hôte")
    member = make_user("ptce_member", locale="en")
    start = utcnow() + timedelta(days=10)
    visit = Visit(region_id=host.region_id, host_ptce_id=host.id, title="Visite", starts_at=start,
                  ends_at=start + timedelta(hours=3), address="Lille", capacity=10,
                  status=VisitStatus.PUBLISHED, sectors=[], topics=[], programme="## Accueil")
    db.session.add(visit)
    db.session.commit()
    client.get("/langue/en?next=/")
    pages = {"sign-in refused": client.post("/connexion", data={"email": member.email, "password": "x"})
             .get_data(as_text=True)}
    auth.login(member)
    base = f"/hauts-de-france/visites/{visit.id}"
    pages["registered"] = client.post(f"{base}/inscription", follow_redirects=True).get_data(as_text=True)
    pages["cancel step"] = client.get(f"{base}?annulation=1").get_data(as_text=True)
    pages["cancelled"] = client.post(f"{base}/annulation", data={"confirme": "1"},
                                     follow_redirects=True).get_data(as_text=True)
    for url in ("/", "/hauts-de-france/", "/hauts-de-france/visites/", "/profil", "/mes-donnees",
                "/hauts-de-france/annuaire/", "/hauts-de-france/fiches/", "/hauts-de-france/transferts/"):
        pages[url] = client.get(url).get_data(as_text=True)
    return pages


def test_english_pages_show_no_french_catalogue_text(english_pages):
    french = _french_strings()
    assert len(french) > 500  # the check really has the catalogue to compare with
    shown = {}
    for name, html in english_pages.items():
        assert '<html lang="en">' in html, name
        text = _visible_text(html)
        left = sorted(s for s in french if s in text)
        if left:
            shown[name] = left
    assert shown == {}
    assert "<title>Error: " in english_pages["sign-in refused"]
    assert "<title>Your registration has been cancelled." in english_pages["cancelled"]


def test_no_marked_string_hides_inside_an_f_string():
    """Babel's extractor does not read inside f-strings: a ``_("…")`` there never reaches the catalogue."""
    marks = {"_", "_l", "gettext", "lazy_gettext", "ngettext"}
    hidden = []
    for path in sorted((ROOT / "cellule").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in ast.walk(node)
                           if isinstance(call, ast.Call) and getattr(call.func, "id", None) in marks]
    assert hidden == []
