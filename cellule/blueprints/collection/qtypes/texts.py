"""Free text: a line or a longer text."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ....l10n import number
from .base import QuestionType, register


class Text(QuestionType):
    """Text kept as typed, up to ``limit`` characters."""

    def convert(self, q, raw):
        text = str(raw)
        if len(text) > self.limit:
            return None, _("Pas plus de %(n)s caractères.", n=number(self.limit))
        return text, None


@register
class ShortText(Text):
    code, label = "short_text", _l("Texte court")
    limit = 300


@register
class LongText(Text):
    code, label = "long_text", _l("Texte long")
    limit = 5000
    widget, display = "textarea", "prose_answer"
