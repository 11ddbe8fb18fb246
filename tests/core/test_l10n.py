"""Counts, numbers and elision through Babel, in French and in English."""
from __future__ import annotations

from flask import render_template_string
from markupsafe import Markup

from cellule import l10n
from cellule.i18n import force_locale

NNBSP, NBSP = "\u202f", "\xa0"


def test_french_takes_the_singular_for_zero_and_one_english_only_for_one(app):
    with app.test_request_context():
        forms = [l10n.ngettext("%(num)s personne inscrite", "%(num)s personnes inscrites", n) for n in (0, 1, 2)]
        assert forms == ["0 personne inscrite", "1 personne inscrite", "2 personnes inscrites"]
        assert l10n.ngettext("Importer ce PTCE", "Importer ces %(num)s PTCE", 1) == "Importer ce PTCE"
        assert l10n.ngettext("Importer ce PTCE", "Importer ces %(num)s PTCE", 2) == "Importer ces 2 PTCE"
        assert l10n.ngettext("%(num)s place", "%(num)s places", 1500) == f"1{NNBSP}500 places"
        with force_locale("en"):
            assert [l10n.ngettext("Importer ce PTCE", "Importer ces %(num)s PTCE", n) for n in (0, 1, 2)] == [
                "Import these 0 PTCE", "Import this PTCE", "Import these 2 PTCE"]
            assert l10n.ngettext("%(num)s heure consacrée.", "%(num)s heures consacrées.", 7.5) == "7.5 hours spent."


def test_template_ngettext_uses_the_french_rule_and_escapes(app):
    with app.test_request_context():
        page = render_template_string(
            '{{ ngettext("%(num)s inscrit·e sur %(places)s", "%(num)s inscrit·es sur %(places)s", n, '
            'places=ngettext("%(num)s place", "%(num)s places", cap)) }}|{{ ngettext("%(num)s avis de %(who)s", '
            '"%(num)s avis de %(who)s", 0, who=who) }}', n=1, cap=10, who="<b>")
        assert page == "1 inscrit·e sur 10 places|0 avis de &lt;b&gt;"
        assert render_template_string('{{ ngettext("%(num)s personne inscrite.", "%(num)s personnes inscrites.", 0) }}'
                                      ) == "0 personne inscrite."


def test_numbers_percentages_and_euros_in_each_language(app):
    with app.test_request_context():
        assert (l10n.number(7.5), l10n.number(4, 1)) == ("7,5", "4,0")
        assert l10n.number(1234567.25) == f"1{NNBSP}234{NNBSP}567,25"
        assert l10n.number(12.345, max_digits=1) == "12,3" and l10n.number(12.0, max_digits=1) == "12"
        assert l10n.percent(0.425, None) == f"42,5{NBSP}%" and l10n.percent(0.5) == f"50{NBSP}%"
        assert l10n.euros(180000) == f"180{NNBSP}000{NBSP}€" and l10n.euros(12.5) == f"12,50{NBSP}€"
        assert l10n.number(None) == "" and l10n.euros(None) == "" and l10n.points(42.5) == f"42,5{NBSP}%"
        # An answer of another type (kept from an earlier version) is shown as it is, never a crash.
        assert (l10n.number("beaucoup"), l10n.euros("n/a"), l10n.points(True)) == ("beaucoup", "n/a", "True")
        with force_locale("en"):
            assert (l10n.number(7.5), l10n.number(4, 1), l10n.number(1234567.25)) == ("7.5", "4.0", "1,234,567.25")
            assert l10n.percent(0.425, None) == "42.5%" and l10n.euros(180000) == "€180,000"
            assert l10n.euros(12.5) == "€12.50"


def test_elision_before_vowels_in_french_only(app):
    with app.test_request_context():
        assert l10n.elide("Réponses de Emergence Beauvaisis") == "Réponses d'Emergence Beauvaisis"
        assert l10n.elide("Membres de Écocité") == "Membres d'Écocité"
        assert l10n.elide("Réponses de Initiatives et Cité") == "Réponses d'Initiatives et Cité"
        assert l10n.elide("Réponses de Beauvaisis, mode Online") == "Réponses de Beauvaisis, mode Online"
        assert l10n.elide("De Amiens") == "D'Amiens"
        marked = l10n.elide(Markup("Membres de %s") % "<Oise>")
        assert isinstance(marked, Markup) and marked == "Membres de &lt;Oise&gt;"
        assert render_template_string('{{ _("Réponses de %(name)s", name=n)|elide }}', n="Emergence") == \
            "Réponses d'Emergence"
        with force_locale("en"):
            assert l10n.elide("Answers of Emergence de Amiens") == "Answers of Emergence de Amiens"


def test_lazy_texts_are_formatted_when_shown(app):
    text = l10n.lazy_ngettext("Objectifs atteints en moyenne à %(mean)s/5 sur %(num)s évaluation passée.",
                              "Objectifs atteints en moyenne à %(mean)s/5 sur %(num)s évaluations passées.",
                              1, mean=l10n.lazy_number(4, 1))
    with app.test_request_context():
        assert str(text) == "Objectifs atteints en moyenne à 4,0/5 sur 1 évaluation passée."
        with force_locale("en"):
            assert str(text) == "Goals met on average at 4.0/5 over 1 past assessment."
