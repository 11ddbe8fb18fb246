"""Language choice: the person's preference, else a cookie set by the switcher, else French.

Also the translations and the locale kept per request (``current_translations``, ``current_locale``),
through flask_babel's public API only, and the ``refresh``/``force_locale`` every module
uses instead of flask_babel's (they forget the kept translations).
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache

import flask_babel
from babel import Locale
from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask_babel import Domain
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup

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
_KEPT_LOCALE = "_cellule_locale"


@lru_cache(maxsize=16)
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def selected_locale() -> Locale:
    """``select_locale()`` as a babel Locale, parsed once per language.

    flask_babel parses the selector's answer on every request, and parsing
    looks for the locale's data file on disk each time.
    """
    return _parsed(select_locale())


# The translations of the request's locale are kept on ``g`` once found. flask_babel looks
# up its context, the domain, the locale and its name again on every call (~10 µs; a page
# makes dozens, lazy labels included). flask_babel changes the locale only on ``refresh()``
# and ``force_locale()``; cellule's own wrappers below forget the kept translations then,
# and a test makes sure that no module calls flask_babel's directly.

def _forget() -> None:
    if has_app_context():
        g.pop(_KEPT, None)
        g.pop(_KEPT_LOCALE, None)


def refresh() -> None:
    """flask_babel's ``refresh()`` (select the language again), forgetting the kept translations."""
    flask_babel.refresh()
    _forget()


@contextmanager
def force_locale(locale):
    """flask_babel's ``force_locale()`` (a mail in the recipient's language, a French feed)."""
    _forget()
    try:
        with flask_babel.force_locale(locale):
            yield
    finally:
        _forget()


def _kept(find, name: str = _KEPT):
    try:
        found = g.get(name)
    except RuntimeError:  # no application context: flask_babel's answer (no translation, no locale)
        return find()
    if found is None:
        found = find()
        setattr(g, name, found)
    return found


class RequestDomain(Domain):
    """flask_babel's message domain (``Babel.domain_instance``), keeping what it finds per request."""

    def get_translations(self):
        return _kept(super().get_translations)


def current_translations():
    """The translations of the current locale (flask_babel's ``get_translations``, kept)."""
    return _kept(flask_babel.get_translations)


def current_locale() -> Locale | None:
    """The current locale (flask_babel's ``get_locale``, kept like the translations): what every
    formatter passes to Babel, a few times per row of a list."""
    return _kept(flask_babel.get_locale, _KEPT_LOCALE)


# Jinja's newstyle callables (what ``install_gettext_callables`` installs) wrap these plain
# functions; ``ngettext`` is replaced by ``l10n`` (the language's plural rule), ``_`` and
# ``gettext`` by ``template_gettext``.
def _gettext(string: str) -> str:
    return current_translations().ugettext(string)


def _ngettext(singular: str, plural: str, num) -> str:
    return current_translations().ungettext(singular, plural, num)


def _pgettext(message_context: str, string: str) -> str:
    return current_translations().upgettext(message_context, string)


def _npgettext(message_context: str, singular: str, plural: str, num) -> str:
    return current_translations().unpgettext(message_context, singular, plural, num)


@pass_eval_context
def template_gettext(eval_ctx, string: str, **variables) -> str:
    """Templates' ``_()`` and ``gettext()``: Jinja's newstyle gettext in one call.

    Jinja's own is a ``pass_context`` callable, and Jinja derives a whole new template
    context for each call to one of those made in a loop or a block (a list page makes
    dozens); this one needs only the evaluation context. Same result (a test renders
    both): the translation, marked safe when autoescaping, then ``%`` with the variables,
    so a literal percent sign is written ``%%``. A text with neither variables nor ``%``
    is its own ``%`` result, and skips it.
    """
    text = current_translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def init_app(app: Flask, babel) -> None:
    """After ``babel.init_app``: the keeping domain, and templates translating through it.

    Installed with Jinja's own ``install_gettext_callables`` (newstyle, as flask_babel
    does), then ``_``/``gettext`` become ``template_gettext``, which does in one call what
    Jinja's newstyle wrapper does.
    """
    # Each request chooses its language afresh. A served request has its own application
    # context anyway; this matters where one context spans requests (the test client).
    app.before_request(refresh)
    babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    env = app.jinja_env
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True,
                                  pgettext=_pgettext, npgettext=_npgettext)
    # The i18n extension's ``_`` looks ``gettext`` up again on each call: both are ours.
    env.globals.update(_=template_gettext, gettext=template_gettext)
