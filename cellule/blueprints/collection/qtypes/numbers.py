"""Numbers: whole numbers, decimals, amounts in euros, percentages, years."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ....l10n import active_locale, euros, number, points
from .base import QuestionType, register


def bound_text(value: float) -> str:
    """A bound as the reader writes numbers, ungrouped so that years read as years (« 2,5 », « 1900 »)."""
    return format_decimal(value, "0.###", locale=active_locale())


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_number(raw) -> Decimal | None:
    """A number typed the French or English way (« 1 000,5 », « 12 % », « 3.5 »), or None."""
    text = str(raw).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(text.rstrip("%€"))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class Number(QuestionType):
    """A number, kept as a float unless ``whole``; ``digits`` rounds it (amounts, percentages)."""

    numeric = True
    table_type = "number"
    inputmode = "decimal"
    whole = False
    digits: int | None = None

    def convert(self, q, raw):
        value = parse_number(raw)
        if value is None:
            return None, _("Saisissez un nombre (par exemple 12 ou 3,5).")
        if self.whole and value != value.to_integral_value():
            return None, _("Saisissez un nombre entier, sans décimales.")
        low, high = self.bounds(q)
        if low is not None and value < Decimal(str(low)):
            return None, _("La valeur doit être au moins %(min)s.", min=bound_text(low))
        if high is not None and value > Decimal(str(high)):
            return None, _("La valeur doit être au plus %(max)s.", max=bound_text(high))
        if self.whole:
            return int(value), None
        return float(value if self.digits is None else round(value, self.digits)), None

    def allowed_values(self, q) -> str:
        low, high = self.bounds(q)
        return f"{'' if low is None else _plain(low)} – {'' if high is None else _plain(high)}".strip()

    def constraints(self, q) -> dict:
        return {k: v for k, v in zip(("minimum", "maximum"), self.bounds(q)) if v is not None}

    def text(self, q, value) -> str:
        return number(value) + (f" {q.unit}" if q.unit else "")


@register
class Integer(Number):
    code, label = "integer", _l("Nombre entier")
    table_type, inputmode, whole = "integer", "numeric", True
    natural = (0, None)


@register
class DecimalNumber(Number):
    code, label = "decimal", _l("Nombre décimal")


@register
class Amount(Number):
    code, label = "amount_eur", _l("Montant en euros")
    unit, digits, natural = "€", 2, (0, None)

    def text(self, q, value) -> str:
        return euros(value)


@register
class Percentage(Number):
    code, label = "percentage", _l("Pourcentage")
    unit, digits, natural = "%", 2, (0, 100)

    def text(self, q, value) -> str:
        return points(value)


@register
class Year(Number):
    code, label = "year", _l("Année")
    table_type, inputmode, whole = "integer", "numeric", True
    natural = (1900, 2100)

    @property
    def column_type(self) -> str:
        return "year"

    def text(self, q, value) -> str:
        return QuestionType.text(self, q, value)  # 2024, never grouped as « 2 024 »
