"""The translation fast path (cellule/i18n.py) answers exactly what flask_babel and Jinja would."""
from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import force_locale, gettext, refresh
from jinja2 import Environment
from markupsafe import Markup

from cellule.i18n import current_translations

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
