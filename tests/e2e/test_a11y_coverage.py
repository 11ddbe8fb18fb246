"""Every page template is checked by axe: each one is reached by some ``a11y_pages.PAGES`` entry.

No browser here (this runs with the ordinary tests): each role's entries are
replayed with the test client, the submissions included (the form around the named
button is posted with its own fields, ``fill``'s values over them), and the
templates Flask renders are recorded. Every template under ``cellule/templates/``
must be rendered, but for the kinds listed in ``_not_a_page``. Each entry must also
answer its ``status``, so a page that moved or now refuses the role is noticed here
rather than checked by mistake as some other page.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from flask import template_rendered

from tests.conftest import AuthActions
from tests.e2e.a11y_pages import PAGES, ROLES
from tests.e2e.a11y_world import build_world

# A field's error, the form's error summary, or an error flash message.
ERROR_SHOWN = re.compile(r'class="(error\b|error-summary|flash flash-error)|aria-invalid="true"')
TEMPLATES = Path(__file__).resolve().parents[2] / "cellule" / "templates"


def _not_a_page(name: str) -> bool:
    """Templates that are never a whole page, hence need no entry of their own."""
    return (
        name == "base.html"                   # the layout every page extends
        or name.startswith("email/")          # mail bodies, not web pages
        or name.startswith("_macros/")        # macros imported by pages
        or Path(name).name.startswith("_")    # partials included by pages (region home sections, rows…)
    )


def page_templates() -> set[str]:
    names = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")}
    return {n for n in names if not _not_a_page(n)}


class _Forms(HTMLParser):
    """The forms of a page: action, method, fields (name, value) and button names, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = self._button = self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                          "fields": [], "buttons": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "image", "button", "file"):
                return
            self._form["fields"].append([a["name"], a.get("value") or ("on" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self._form["fields"].append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["first"] = value if self._select["first"] is None else self._select["first"]
            if "selected" in a:
                self._select["chosen"] = value
        elif tag == "button" and (a.get("type") or "submit") == "submit":
            self._button = {"text": a.get("aria-label") or "", "name": a.get("name"), "value": a.get("value"),
                            "formaction": a.get("formaction")}
            self._form["buttons"].append(self._button)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._button is not None:
            self._button["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "button":
            self._button = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            if chosen is not None:
                self._form["fields"].append([self._select["name"], chosen])
            self._select = None


def _submit(client, path: str, html: str, label: str, values: dict[str, str]):
    """Press the first button whose text contains ``label`` (as Playwright's get_by_role does)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        for button in form["buttons"]:
            if label.casefold() in " ".join(button["text"].split()).casefold():
                data = {}
                for name, value in form["fields"]:
                    data.setdefault(name, []).append(value)
                data.update({name: [value] for name, value in values.items()})
                if button["name"]:
                    data[button["name"]] = [button["value"] or ""]
                action = urljoin(path, button["formaction"] or form["action"] or path)
                if form["method"] == "get":
                    return client.get(action, query_string=data, follow_redirects=True)
                return client.post(action, data=data, follow_redirects=True)
    raise AssertionError(f"{path}: no button {label!r}")


@pytest.fixture
def world(app, region):
    return build_world(region)


def test_every_page_template_is_reached(app, world):
    rendered: set[str] = set()

    def record(sender, template, context, **extra):
        rendered.add(template.name)

    problems = []
    template_rendered.connect(record, app)
    try:
        for role in ROLES:
            client = app.test_client()
            if role != "visitor":
                response = AuthActions(client).login(world.people[role], world.password)
                assert response.status_code == 302, (role, response.data[:300])
            for entry in (p for p in PAGES if p.role == role):
                path = entry.path(world)
                response = client.get(path)
                if entry.submit:
                    assert response.status_code == 200, (role, entry.name, response.status_code)
                    response = _submit(client, path, response.get_data(as_text=True), entry.submit,
                                       entry.fill(world) if entry.fill else {})
                if response.status_code != entry.status:
                    where = response.headers.get("Location", "")
                    problems.append(f"{role} / {entry.name} ({path}): {response.status_code} {where}")
                elif entry.name.endswith("with errors") and not ERROR_SHOWN.search(response.get_data(as_text=True)):
                    problems.append(f"{role} / {entry.name} ({path}): no error message shown")
    finally:
        template_rendered.disconnect(record, app)
    assert not problems, "\n".join(problems)
    missing = page_templates() - rendered
    assert not missing, f"page templates no A11yPage reaches (add entries to a11y_pages.PAGES): {sorted(missing)}"


def test_the_coverage_check_sees_templates():
    """Not blind: real pages count, partials and mail do not."""
    names = page_templates()
    assert {"auth/login.html", "visits/detail.html", "errors/error.html"} <= names
    assert not any(n.startswith("email/") or Path(n).name.startswith("_") for n in names)
