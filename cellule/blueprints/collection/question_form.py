"""The form a coordinator fills to add or change one regional question.

The form only reads what was typed (numbers with a decimal comma, choices one per
line); whether the question is valid is decided by the definition models, whose
refusals ``explain`` turns into French messages next to the fields they concern.
"""
from __future__ import annotations

import math

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from . import qtypes
from .definition import Definition
from .regional import Refused, suggest_code

CODE_RULE = _l("Le code commence par une lettre minuscule, puis ne contient que des lettres minuscules "
               "sans accent, des chiffres et le tiret bas « _ », 40 caractères au plus (par exemple "
               "« benevoles »).")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _number(text: str | None) -> float | None:
    """A number typed the French way ("12,5", "1 000") or None; raises ValueError."""
    if not text:
        return None
    value = float(text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", "."))
    if not math.isfinite(value):
        raise ValueError(text)
    return int(value) if value.is_integer() else value


def _read_or_none(text: str | None) -> float | None:
    """The number typed, or None when there is none or it cannot be read (the form then says so)."""
    try:
        return _number(text)
    except ValueError:
        return None


def read_choices(text: str) -> list[tuple[int, dict]]:
    """(line number, choice) for each filled line: "code : libellé", or a label whose code is derived.

    The part before the first ":" is taken as a code when it is a single word; the
    definition then checks it (a wrong one is reported with its line number).
    """
    entries = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        head, sep, tail = line.partition(":")
        head = head.strip()
        entries.append((n, head, tail.strip()) if sep and head and len(head.split()) == 1 else (n, None, line))
    used = {code for _, code, _ in entries if code}
    out = []
    for n, code, label in entries:
        if code is None:
            code = suggest_code(label, used, fallback="choix")
            used.add(code)
        out.append((n, {"code": code, "label": label}))
    return out


def choices_text(choices: list[dict]) -> str:
    return "\n".join(f"{c['code']} : {c['label']}" for c in choices)


class QuestionForm(FlaskForm):
    """One regional question; ``fields(var)`` gives what the definition will check."""

    label = StringField(_l("Libellé de la question"), filters=[_strip],
                        validators=[DataRequired(_l("Indiquez le libellé de la question."))],
                        description=_l("La question telle que les PTCE la liront."))
    var = StringField(_l("Code de variable"), filters=[_strip],
                      description=_l("Le nom de la colonne dans les exports. Laissez vide pour qu'il soit "
                                     "déduit du libellé. %(rule)s", rule=CODE_RULE))
    help = TextAreaField(_l("Aide (facultatif)"), filters=[_strip], render_kw={"rows": 3},
                         description=_l("Une précision affichée sous la question."))
    # Choices: the registered types the form edits (repeated blocks stay in the JSON editor).
    type = SelectField(_l("Type de réponse"),
                       invalid_choice_message=_l("Choisissez un type de réponse dans la liste."))
    unit = StringField(_l("Unité (facultatif)"), filters=[_strip],
                       description=_l("Affichée après la réponse, par exemple : heures, personnes, m²."))
    required = BooleanField(_l("Réponse obligatoire pour soumettre le questionnaire"))
    min = StringField(_l("Minimum"), filters=[_strip], render_kw={"inputmode": "decimal"})
    max = StringField(_l("Maximum"), filters=[_strip], render_kw={"inputmode": "decimal"})
    choices = TextAreaField(_l("Choix proposés, un par ligne"), render_kw={"rows": 6},
                            description=_l("Écrivez « code : libellé » (par exemple « oui : Oui ») ou "
                                           "seulement le libellé : son code en sera déduit."))
    forward = BooleanField(_l("Transmettre les réponses à cette question au conseil national"),
                           description=_l("Sinon, les réponses restent dans la région."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = qtypes.form_choices()

    def validate_min(self, field):
        self._check_number(field)

    def validate_max(self, field):
        self._check_number(field)

    @staticmethod
    def _check_number(field):
        try:
            _number(field.data)
        except ValueError:
            raise ValidationError(_("Saisissez un nombre, par exemple 0 ou 12,5.")) from None

    # -- to and from the definition ---------------------------------------------
    def load(self, question: dict) -> None:
        """Fill the form with a stored question (for a GET of the edit page)."""
        self.label.data, self.var.data = question.get("label", ""), question.get("var", "")
        self.help.data, self.type.data = question.get("help", ""), question.get("type")
        self.unit.data, self.required.data = question.get("unit") or "", question.get("required", False)
        for name in ("min", "max"):
            value = question.get(name)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            getattr(self, name).data = "" if value is None else str(value).replace(".", ",")
        self.choices.data = choices_text(question.get("choices", []))
        self.forward.data = question.get("forward") is True

    def fields(self, var: str) -> dict:
        """The question's keys as the definition stores them (None removes a key)."""
        self.choice_lines = read_choices(self.choices.data)
        return {"var": var, "label": self.label.data, "help": self.help.data or None, "type": self.type.data,
                "unit": self.unit.data or None, "required": self.required.data or None,
                "min": _read_or_none(self.min.data), "max": _read_or_none(self.max.data),
                "choices": [c for _, c in self.choice_lines] or None, "forward": bool(self.forward.data)}

    def explain(self, exc: Refused, national: Definition) -> list[str]:
        """Put each refusal next to its field; returns the messages about no field of this form."""
        general = []
        for err in exc.errors:
            loc, ctx = tuple(err["loc"]), err.get("ctx") or {}
            if exc.at is not None and loc[:4] == ("sections", exc.at[0], "questions", exc.at[1]):
                field, message = self._about_question(loc[4:], err["type"], ctx)
            elif err["type"] == "var_duplicate" and ctx.get("var") == self.var.data:
                field, message = self.var, self._duplicate(ctx["var"], exc, national)
            else:
                field, message = None, describe(err, exc)
            if field is None:
                general.append(message)
            elif message not in field.errors:
                field.errors.append(message)
        return general

    def _about_question(self, rest: tuple, kind: str, ctx: dict):
        name = rest[0] if rest else None
        if name == "choices" and len(rest) == 3:
            n = self.choice_lines[rest[1]][0] if rest[1] < len(self.choice_lines) else rest[1] + 1
            if rest[2] == "code":
                code = self.choice_lines[rest[1]][1]["code"] if rest[1] < len(self.choice_lines) else ""
                return self.choices, _("Ligne %(n)s : « %(code)s » n'est pas un code valide. %(rule)s",
                                       n=n, code=code, rule=CODE_RULE)
            if kind == "string_too_short":
                return self.choices, _("Ligne %(n)s : écrivez le libellé après « : ».", n=n)
            return self.choices, _("Ligne %(n)s : le libellé dépasse %(max)s caractères.", n=n,
                                   max=ctx.get("max_length", ""))
        if name == "var":
            return self.var, _("Ce code n'est pas valide. %(rule)s", rule=CODE_RULE)
        if name in ("label", "unit", "help") and kind == "string_too_long":
            return getattr(self, name), _("%(max)s caractères au plus.", max=ctx.get("max_length", ""))
        if name == "label":
            return self.label, _("Indiquez le libellé de la question.")
        if name == "type":
            return self.type, _("Choisissez un type de réponse dans la liste.")
        if name in ("min", "max"):
            return getattr(self, name), _("Saisissez un nombre, par exemple 0 ou 12,5.")
        by_kind = {
            "choices_missing": (self.choices, _("Une question à choix a besoin d'au moins un choix : écrivez-en "
                                                "un par ligne.")),
            "choices_not_allowed": (self.choices, _("Seules les questions à choix unique ou multiple ont des "
                                                    "choix : videz ce champ ou changez de type de réponse.")),
            "choices_duplicate": (self.choices, _("Deux choix ont le même code : chaque choix doit avoir son "
                                                  "propre code.")),
            "bounds_not_allowed": (self.min, _("Le minimum et le maximum ne valent que pour les nombres, "
                                               "montants, pourcentages et années : videz ces champs ou "
                                               "changez de type de réponse.")),
            "bounds_inverted": (self.max, _("Le maximum doit être supérieur ou égal au minimum.")),
            "compare_not_allowed": (self.type, _("Cette question est comparée à l'année précédente : son "
                                                 "type de réponse doit rester numérique.")),
        }
        return by_kind.get(kind, (None, _("Cette question n'est pas valide (%(detail)s).", detail=kind)))

    def _duplicate(self, var: str, exc: Refused, national: Definition) -> str:
        known = national.question(var)
        if known is not None:
            return _("Ce code est déjà celui de la question nationale « %(label)s » : choisissez-en un autre.",
                     label=known.label)
        other = exc.question(var, but=exc.at) or {}
        return _("Ce code est déjà celui de la question régionale « %(label)s » : choisissez-en un autre.",
                 label=other.get("label", var))


def describe(err: dict, exc: Refused) -> str:
    """A French sentence for a refusal that concerns no field of the form (a move, a deletion, a copy)."""
    ctx = err.get("ctx") or {}
    question = exc.question_at(tuple(err["loc"])) or exc.question(ctx.get("var")) or {}
    label = question.get("label") or ctx.get("var", "")
    if err["type"] == "condition_target":
        return _("La question « %(label)s » ne s'affiche que selon la réponse à la question « %(target)s », "
                 "qui doit donc exister et venir avant elle.", label=label, target=ctx.get("target"))
    if err["type"] == "condition_values":
        return _("La question « %(label)s » ne s'affiche que pour certains choix de la question « %(target)s » "
                 "(%(values)s) : ces choix doivent rester proposés.", label=label, target=ctx.get("target"),
                 values=ctx.get("values"))
    if err["type"] == "var_duplicate":
        return _("Le code « %(var)s » serait utilisé deux fois.", var=ctx.get("var"))
    return _("La définition obtenue n'est pas valide : %(detail)s", detail=err.get("msg", err["type"]))

