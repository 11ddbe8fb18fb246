"""Language choice: the person's preference, else a cookie set by the switcher, else French."""
from flask import current_app, has_request_context, request
from flask_login import current_user

LANG_COOKIE = "cellule_lang"


def select_locale() -> str:
    """Pick the interface language; French unless someone chose otherwise.

    The browser's Accept-Language is deliberately ignored: the cells work in
    French, and a browser set to English should not switch the interface.
    """
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(LANG_COOKIE) if has_request_context() else None  # CLI, services
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]
