"""Language choice: the person's preference, else a cookie set by the switcher, else French."""
from flask import current_app, has_request_context, request
from flask_login import current_user

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
