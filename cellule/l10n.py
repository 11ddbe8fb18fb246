"""Counts, numbers and French elision in the reader's language, through Babel.

- ``ngettext`` picks the plural form by the reader's language rule (CLDR, via Babel):
  the catalogue's forms when there is a translation, otherwise the language's own
  rule applied to the French source text. Python's gettext falls back to the English
  rule (``n == 1``), which would write « 0 personnes inscrites »; French takes the
  singular for 0 and 1. ``num`` is formatted as a number of the active locale.
- ``number``, ``percent`` and ``euros`` format with Babel in the active locale
  (« 7,5 » / « 7.5 », « 42 % » / « 42% », « 180 000 € » / « €180,000 »).
- ``elide`` turns « de » before a vowel into « d' » in French text
  (« Réponses d'Emergence Beauvaisis »); other languages are left as they are.
All are also Jinja filters/globals (``init_app``).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from flask import has_app_context
from flask_babel.speaklater import LazyString
from jinja2 import pass_eval_context
from markupsafe import Markup

from .i18n import current_locale, current_translations

SOURCE_LANGUAGE = "fr"  # the msgids are French


@lru_cache(maxsize=8)
def _parsed(code: str) -> Locale:
    return Locale.parse(code)


def active_locale() -> Locale:
    """The interface language, or the source language outside a request or application."""
    locale = current_locale() if has_app_context() else None
    return locale or _parsed(SOURCE_LANGUAGE)


def _whole(n) -> int:
    """A whole count standing for ``n`` (gettext counts whole numbers only): ``n`` itself, or for a
    fraction (7.5 hours) 1 or 2, as the language's rule (CLDR) classes the fraction."""
    if isinstance(n, int):
        return n
    value = Decimal(str(n))
    if value == value.to_integral_value():
        return int(value)
    return 1 if active_locale().plural_form(abs(value)) == "one" else 2


def plural_form(singular: str, plural: str, n) -> str:
    """The catalogue's form for ``n``, else the one the reader's language rule asks for."""
    count = _whole(n)
    text = current_translations().ungettext(singular, plural, count)
    if text is singular or text is plural:  # untranslated: gettext applied the English rule
        return singular if _category(active_locale(), abs(count)) == "one" else plural
    return text


@lru_cache(maxsize=1024)
def _category(locale: Locale, count: int) -> str:
    """The language's plural category of a count (Babel evaluates its CLDR rule each time: kept by value)."""
    return locale.plural_form(count)


def ngettext(singular: str, plural: str, num, **variables) -> str:
    """``flask_babel.ngettext`` with the language's plural rule and ``num`` formatted."""
    variables.setdefault("num", number(num))
    return plural_form(singular, plural, num) % variables


def lazy_ngettext(singular: str, plural: str, num, **variables) -> LazyString:
    """``ngettext`` evaluated when shown, in the reader's language (for module-level texts)."""
    return LazyString(ngettext, singular, plural, num, **variables)


def lazy_number(value, digits: int | None = None) -> LazyString:
    """``number`` evaluated when shown: for a variable of a lazy text."""
    return LazyString(number, value, digits)


def _pattern(digits: int | None, max_digits: int | None) -> str | None:
    """Grouped digits, then ``digits`` fixed decimals or at most ``max_digits`` (Babel's default: 3)."""
    if digits is not None:
        return "#,##0" + ("." + "0" * digits if digits else "")
    return None if max_digits is None else "#,##0" + ("." + "#" * max_digits if max_digits else "")


def _shown_as_is(value) -> str | None:
    """What to show for something that is not a number (an old or malformed answer), else None."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    return None


def number(value, digits: int | None = None, max_digits: int | None = None) -> str:
    """A number as the reader writes it: ``digits`` fixed decimals (« 4,0 »), or at most ``max_digits``."""
    if (as_is := _shown_as_is(value)) is not None:
        return as_is
    return _decimal_text(type(value), value, _pattern(digits, max_digits), active_locale())


@lru_cache(maxsize=4096)
def _decimal_text(_kind: type, value, pattern: str | None, locale: Locale) -> str:
    """Babel's formatting, kept by value: a page formats the same counts on every request. The
    type is part of the key so that 2 and 2.0 (equal, hashed alike) keep their own texts."""
    return format_decimal(value, format=pattern, locale=locale)


def percent(ratio, digits: int | None = 0) -> str:
    """A ratio (0.425) as a percentage of the locale (« 42,5 % » with one digit; None: up to 2)."""
    if (as_is := _shown_as_is(ratio)) is not None:
        return as_is
    return _percent_text(type(ratio), ratio, digits, active_locale())


@lru_cache(maxsize=4096)
def _percent_text(_kind: type, ratio, digits: int | None, locale: Locale) -> str:
    """``percent``'s Babel formatting, kept by value as ``number``'s is."""
    pattern = locale.percent_formats[None].pattern
    if digits != 0:
        pattern = pattern.replace("0", "0." + ("0" * digits if digits else "##"), 1)
    return format_percent(ratio, format=pattern, locale=locale)


def euros(amount) -> str:
    """An amount in euros; whole amounts without cents (« 180 000 € », « €180,000 »)."""
    if (as_is := _shown_as_is(amount)) is not None:
        return as_is
    locale = active_locale()
    if Decimal(str(amount)) == int(amount):
        pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
        return format_currency(amount, "EUR", format=pattern, locale=locale, currency_digits=False)
    return format_currency(amount, "EUR", locale=locale)


# « de » before a vowel, accented or not, lower or upper case (h muet and y are left alone).
_DE_VOWEL = re.compile(r"\b([Dd])e ([aeiouàâäéèêëîïôöùûüœæAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ])")


def points(value) -> str:
    """A percentage given in points (42.5 for 42,5 %), as the locale writes it."""
    if (as_is := _shown_as_is(value)) is not None:
        return as_is
    return percent(value / 100, None)


def elide(text):
    """« de Emergence » → « d'Emergence » in French; keeps Markup safe; other languages unchanged."""
    if text is None or active_locale().language != SOURCE_LANGUAGE:
        return text
    elided = _DE_VOWEL.sub(r"\1'\2", str(text))
    return Markup(elided) if isinstance(text, Markup) else elided


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, num, **variables):
    """``ngettext`` for templates: marked safe when autoescaping, like ``_()`` (see ``i18n``)."""
    variables.setdefault("num", number(num))
    rv = plural_form(singular, plural, num)
    if eval_ctx.autoescape:
        rv = Markup(rv)
    return rv % variables


def init_app(app) -> None:
    """After ``i18n.init_app``: the template ``ngettext`` and the number and elision filters."""
    app.jinja_env.globals["ngettext"] = _template_ngettext
    app.jinja_env.filters.update(number=number, percent=percent, points=points, euros=euros, elide=elide)
