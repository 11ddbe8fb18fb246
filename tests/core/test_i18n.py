"""The translation fast path (cellule/i18n.py) answers exactly what flask_babel and Jinja would."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import gettext, lazy_gettext as _l
from jinja2 import Environment
from markupsafe import Markup

from cellule.i18n import current_locale, current_translations, force_locale, refresh


TEMPLATE = (
    "{{ _('Annuaire') }}|{{ _('Cellule régionale %(name)s', name=name) }}|"
    "{{ ngettext('%(num)s événement.', '%(num)s événements.', n) }}|{{ _('100 %%') }}|"
    "{{ _(\"l'équipe\") }}"
)


def _reference(translations, autoescape: bool, **context) -> str:
    """The same template through Jinja's own newstyle gettext (what flask_babel installs)."""
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=autoescape)
    env.install_gettext_callables(translations.ugettext, translations.ungettext, newstyle=True)
    return env.from_string(TEMPLATE).render(**context)


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_template_gettext_matches_jinja_newstyle(app, locale, autoescape):
    context = {"name": "<Nord & Sud>", "n": 2}
    with app.test_request_context("/"), force_locale(locale):
        env = app.jinja_env.overlay(autoescape=autoescape)
        ours = env.from_string(TEMPLATE).render(**context)
        assert ours == _reference(current_translations(), autoescape, **context)
    if autoescape:
        assert "&lt;Nord &amp; Sud&gt;" in ours and "100 %" in ours
    else:
        assert "<Nord & Sud>" in ours
    assert ("Directory" in ours) == (locale == "en")


def test_forced_locale_switches_and_comes_back(app):
    """A mail rendered in English inside a French page, then the page goes on in French."""
    with app.test_request_context("/"):
        assert render_template_string("{{ _('Mon profil') }}") == "Mon profil"
        assert gettext("Mon profil") == "Mon profil"
        with force_locale("en"):
            assert render_template_string("{{ _('Mon profil') }}") == "My profile"
            assert gettext("Mon profil") == "My profile"
        assert render_template_string("{{ _('Mon profil') }}") == "Mon profil"
        assert gettext("Mon profil") == "Mon profil"


def test_language_cookie_and_refresh(app, monkeypatch):
    # Each in its own application context: the test's context (and its g) would outlive the request.
    with app.app_context(), app.test_request_context("/", headers={"Cookie": "cellule_lang=en"}):
        assert gettext("Mon profil") == "My profile"
    with app.app_context(), app.test_request_context("/"):
        assert gettext("Mon profil") == "Mon profil"
        # The person switches language during the request (as the profile form does): refresh().
        monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")
        assert gettext("Mon profil") == "Mon profil"  # still the locale selected at first
        refresh()
        assert gettext("Mon profil") == "My profile"
        assert render_template_string("{{ _('Mon profil') }}") == "My profile"


def test_markup_translation_is_safe_but_variables_are_escaped(app):
    with app.test_request_context("/"):
        out = render_template_string("{{ _('Cellule régionale %(name)s', name=x) }}", x="<b>")
    assert out == str(Markup("Cellule régionale &lt;b&gt;"))


def test_nested_forced_locales_a_lazy_label_and_a_macro_without_context(app):
    """Every way a text is translated follows each switch, in and out, nested or not."""
    label = _l("Mon profil")
    macro = app.jinja_env.from_string("{% macro m() %}{{ _('Mon profil') }}{% endmacro %}").module.m

    def seen():
        return str(label), macro(), gettext("Mon profil"), current_translations().ugettext("Mon profil")

    with app.test_request_context("/"):
        assert seen() == ("Mon profil",) * 4
        with force_locale("en"):
            assert seen() == ("My profile",) * 4
            with force_locale("fr"):
                assert seen() == ("Mon profil",) * 4
            assert seen() == ("My profile",) * 4
        assert seen() == ("Mon profil",) * 4
        with pytest.raises(ZeroDivisionError), force_locale("en"):
            assert seen() == ("My profile",) * 4
            1 / 0
        assert seen() == ("Mon profil",) * 4


def test_the_kept_locale_follows_every_switch(app, monkeypatch):
    """current_locale is kept on g with the translations: forced, nested, after an exception and
    after refresh(), it is the locale flask_babel would answer, and Babel formats with it."""
    from cellule import templating

    with app.app_context(), app.test_request_context("/"):
        assert str(current_locale()) == "fr" and templating.localdate(date(2027, 7, 8)) == "jeudi 8 juillet 2027"
        with force_locale("en"):
            assert str(current_locale()) == "en" and templating.localdate(date(2027, 7, 8)) == "Thursday 8 July 2027"
            with force_locale("fr"):
                assert str(current_locale()) == "fr"
            assert str(current_locale()) == "en"
        with pytest.raises(ZeroDivisionError), force_locale("en"):
            assert str(current_locale()) == "en"
            1 / 0
        assert str(current_locale()) == "fr"
        monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")
        assert str(current_locale()) == "fr"  # still the locale selected at first
        refresh()
        assert str(current_locale()) == "en" and templating.localdate(date(2027, 7, 8)) == "Thursday 8 July 2027"


def test_no_module_switches_language_behind_the_kept_translations():
    """flask_babel's force_locale/refresh change the locale without cellule.i18n knowing:
    every module (application, tests, scripts) goes through cellule.i18n's instead, and reads
    the locale with cellule.i18n.current_locale (kept with the translations), not get_locale."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in sorted(root.glob("*/**/*.py")):
        if path.parts[len(root.parts)] not in {"cellule", "tests", "bench", "scripts"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel":
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "flask_babel":
                names = [node.attr]
            if {"force_locale", "refresh", "get_locale"} & set(names) and path.name != "i18n.py":
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
