"""Language choice: the person's preference, else a cookie set by the switcher, else French.

Also a faster path to the translations than flask_babel's own, which looks them
up again (its context, the domain, the locale and its name) on every single
``gettext`` call — about 10 µs, and a page makes dozens of them.
"""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Domain, get_translations, refresh
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


def _kept(ctx_g):
    """The translations kept on this application context's ``g`` for the current locale, or None.

    flask_babel stores the locale it selected on ``g._flask_babel.babel_locale``;
    ``force_locale`` (a mail in the recipient's language) and ``refresh()``
    replace or remove it, so the kept pair only matches the very same locale.
    Should flask_babel store it elsewhere one day, nothing matches and every
    call takes flask_babel's own path again: slower, never wrong.
    """
    locale = getattr(getattr(ctx_g, "_flask_babel", None), "babel_locale", None)
    kept = getattr(ctx_g, _KEPT, None)
    if locale is not None and kept is not None and kept[0] is locale:
        return kept[1]
    return None


@lru_cache(maxsize=16)
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def selected_locale() -> Locale:
    """``select_locale()`` as a babel Locale, parsed once per language.

    flask_babel parses the selector's answer on every request, and parsing
    looks for the locale's data file on disk each time.
    """
    return _parsed(select_locale())


class RequestDomain(Domain):
    """flask_babel's message domain, keeping the translations it finds for the current locale."""

    def get_translations(self):
        try:
            ctx_g = g._get_current_object()
        except RuntimeError:  # no application context
            return super().get_translations()
        translations = _kept(ctx_g)
        if translations is None:
            translations = super().get_translations()  # selects the locale when not done yet
            locale = getattr(getattr(ctx_g, "_flask_babel", None), "babel_locale", None)
            setattr(ctx_g, _KEPT, (locale, translations))
        return translations


def current_translations():
    """The translations of the current locale: ~1 µs once found, instead of ~10 µs."""
    try:
        ctx_g = g._get_current_object()
    except RuntimeError:
        return get_translations()
    translations = _kept(ctx_g)
    return get_translations() if translations is None else translations


# Jinja's "newstyle" gettext wraps the callables flask_babel installs in three
# nested context calls per ``_()``; these do the same in one: translate, mark the
# translation safe when autoescaping, then apply ``%`` with the variables (so a
# literal percent sign is written %% in every template, as before; a text with
# neither variables nor "%" would come out of ``%`` unchanged, so it is skipped).
@pass_eval_context
def _template_gettext(eval_ctx, string: str, **variables):
    rv = current_translations().ugettext(string)
    if eval_ctx.autoescape:
        rv = Markup(rv)
    return rv % variables if variables or "%" in rv else rv


def init_app(app: Flask, babel) -> None:
    """After ``babel.init_app``: the faster domain, and the template callables that use it
    (``ngettext``, which needs the language's plural rule, comes from ``l10n``)."""
    babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    # Each request chooses its language afresh. A served request has its own application
    # context anyway; this matters where one context spans requests (the test client).
    app.before_request(refresh)
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext)
