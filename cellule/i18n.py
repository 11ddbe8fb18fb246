"""Language choice: the person's preference, else a cookie set by the switcher, else French.

Also the translations of the current locale kept per request (``current_translations``),
through flask_babel's public ``get_locale``/``get_translations`` only.
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import Flask, before_render_template, current_app, g, has_request_context, request
from flask_babel import Domain, get_locale, get_translations, refresh
from flask_login import current_user
from jinja2 import pass_context

LANG_COOKIE = "cellule_lang"  # the default of LANGUAGE_COOKIE_NAME


def select_locale() -> str:
    """Pick the interface language; French unless someone chose otherwise.

    The browser's Accept-Language is deliberately ignored: the cells work in
    French, and a browser set to English should not switch the interface.
    """
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, outbox sender: callers use force_locale when it matters
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(current_app.config.get("LANGUAGE_COOKIE_NAME", LANG_COOKIE))
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language(response, code: str) -> None:
    """Set the language cookie: the choice made on this browser, signed in or not."""
    config = current_app.config
    response.set_cookie(config.get("LANGUAGE_COOKIE_NAME", LANG_COOKIE), code, path="/",
                        max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=config.get("LANGUAGE_COOKIE_SECURE") or request.is_secure)


def chosen_language() -> str | None:
    """The language picked with the switcher on this browser, if any (read at sign-in)."""
    chosen = request.cookies.get(current_app.config.get("LANGUAGE_COOKIE_NAME", LANG_COOKIE))
    return chosen if chosen in current_app.config["LANGUAGES"] else None


_KEPT = "_cellule_translations"


@lru_cache(maxsize=16)
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def selected_locale() -> Locale:
    """``select_locale()`` as a babel Locale, parsed once per language.

    flask_babel parses the selector's answer on every request, and parsing
    looks for the locale's data file on disk each time.
    """
    return _parsed(select_locale())


def _kept_or(find):
    """The translations kept on ``g`` for the locale ``get_locale()`` answers, else ``find()``'s.

    flask_babel looks up its context, domain and the locale's name on every call
    (~10 µs; a page makes dozens, lazy labels included). The pair is reused while
    ``get_locale()`` answers the very same Locale object: ``force_locale`` (a mail in
    the recipient's language) parses a new one and ``refresh()`` selects again, so
    any switch finds the translations afresh.
    """
    locale = get_locale()
    if locale is None:  # no application context: flask_babel's answer (no translation)
        return find()
    kept = g.get(_KEPT)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = find()
    setattr(g, _KEPT, (locale, translations))
    return translations


class RequestDomain(Domain):
    """flask_babel's message domain (``Babel.domain_instance``), keeping what it finds per request."""

    def get_translations(self):
        return _kept_or(super().get_translations)


def current_translations():
    """The translations of the current locale (flask_babel's ``get_translations``, kept)."""
    return _kept_or(get_translations)


# Templates rendered by Flask get the translations in their context once per render
# (``before_render_template``, a public Flask signal): a render never spans a change of
# language, and each ``_()`` then costs a dictionary lookup instead of ``get_locale()``.
# Other renders (macros imported without context, a template rendered by hand) ask.
_IN_CONTEXT = "_cellule_render_translations"


def _keep_for_render(sender, template, context, **extra) -> None:
    context[_IN_CONTEXT] = current_translations()


def _translations(context):
    found = context.get(_IN_CONTEXT)
    return found if found is not None else current_translations()


@pass_context
def _gettext(context, string: str) -> str:
    return _translations(context).ugettext(string)


@pass_context
def _ngettext(context, singular: str, plural: str, num) -> str:
    return _translations(context).ungettext(singular, plural, num)


@pass_context
def _pgettext(context, message_context: str, string: str) -> str:
    return _translations(context).upgettext(message_context, string)


@pass_context
def _npgettext(context, message_context: str, singular: str, plural: str, num) -> str:
    return _translations(context).unpgettext(message_context, singular, plural, num)


def init_app(app: Flask, babel) -> None:
    """After ``babel.init_app``: the keeping domain, and templates translating through it.

    Installed with Jinja's own ``install_gettext_callables`` (newstyle, as flask_babel
    does), so escaping and ``%`` formatting stay Jinja's. ``ngettext`` is replaced by
    ``l10n`` (the language's plural rule).
    """
    # Each request chooses its language afresh. A served request has its own application
    # context anyway; this matters where one context spans requests (the test client).
    app.before_request(refresh)
    babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    app.jinja_env.install_gettext_callables(_gettext, _ngettext, newstyle=True,
                                            pgettext=_pgettext, npgettext=_npgettext)
    before_render_template.connect(_keep_for_render, app)
