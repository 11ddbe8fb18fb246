"""Forms of the resource sheets: the sheet, its attachments, notes and decisions."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..directory.reference import SECTORS, SUPPORT_TOPICS
from .reference import Category
from .services import Content

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TAGS = 12


def clean_text(value):
    """Drop control characters (never meaningful, and reserved by search highlighting)."""
    return _CONTROL.sub("", value).replace("\r\n", "\n").strip() if isinstance(value, str) else value


def parse_tags(value: str) -> list[str]:
    """"Tiers-lieu, SCIC ,  scic" → ["Tiers-lieu", "SCIC"]: tags keep their case as first written;
    two spellings differing only in case are one tag."""
    tags = [re.sub(r"\s+", " ", t).strip() for t in (value or "").split(",")]
    return list({t.casefold(): t for t in reversed(tags) if t}.values())[::-1]


class CheckboxList(SelectMultipleField):
    """A group of checkboxes, rendered as a fieldset by the form macros."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _tags_valid(form, field):
    tags = parse_tags(field.data)
    if len(tags) > MAX_TAGS:
        raise ValidationError(_l("Indiquez au plus 12 étiquettes."))
    if any(len(t) > 60 for t in tags):
        raise ValidationError(_l("Chaque étiquette doit faire au plus 60 caractères."))


class SheetForm(FlaskForm):
    title = StringField(_l("Titre"), filters=[clean_text],
                        validators=[DataRequired(_l("Donnez un titre à la fiche.")), Length(max=200)])
    summary = TextAreaField(_l("Résumé"), filters=[clean_text], validators=[Optional(), Length(max=1000)],
                            description=_l("Deux ou trois phrases : à qui sert la fiche et ce qu'elle apporte."))
    body = TextAreaField(_l("Contenu"), filters=[clean_text], render_kw={"rows": 18},
                         validators=[DataRequired(_l("Rédigez le contenu de la fiche.")), Length(max=100_000)],
                         description=_l("En Markdown : # titre, **gras**, listes avec -, liens [texte](https://…)."))
    category = SelectField(_l("Catégorie"), choices=Category.choices())
    tags = StringField(_l("Étiquettes"), filters=[clean_text], validators=[Optional(), _tags_valid],
                       description=_l("Séparées par des virgules, par ex. SCIC, tiers-lieu."))
    topics = CheckboxList(_l("Thèmes d'accompagnement"), choices=[SelectChoice(k, v) for k, v in SUPPORT_TOPICS.items()])
    sectors = CheckboxList(_l("Secteurs concernés"), choices=[SelectChoice(k, v) for k, v in SECTORS.items()])
    review_by = DateField(_l("À revoir avant le"), validators=[Optional()],
                          description=_l("Date à laquelle vérifier que la fiche est toujours à jour."))
    note = StringField(_l("Note de version"), filters=[clean_text], validators=[Optional(), Length(max=200)],
                       description=_l("Ce qui change, en quelques mots (visible dans l'historique)."))

    def content(self) -> Content:
        return Content(title=self.title.data, category=Category(self.category.data),
                       summary=self.summary.data or "", body=self.body.data or "",
                       tags=parse_tags(self.tags.data), topics=self.topics.data or [],
                       sectors=self.sectors.data or [], review_by=self.review_by.data)

    def fill(self, content: Content) -> None:
        """Prefill from a sheet's or a revision's content (GET only)."""
        self.title.data, self.summary.data, self.body.data = content.title, content.summary, content.body
        self.category.data = content.category.value
        self.tags.data = ", ".join(content.tags)
        self.topics.data, self.sectors.data = content.topics, content.sectors
        self.review_by.data = content.review_by


class AttachmentForm(FlaskForm):
    file = FileField(_l("Fichier"), validators=[FileRequired(_l("Choisissez un fichier."))],
                     description=_l("PDF, ODT, ODS, DOCX, XLSX, PNG ou JPEG."))


class ActionForm(FlaskForm):
    """A bare button (publish, archive, restore …): only the CSRF token."""


class CommentForm(FlaskForm):
    comment = TextAreaField(_l("Commentaire"), filters=[clean_text], validators=[Optional(), Length(max=500)])


class NationalProposalForm(FlaskForm):
    motivation = TextAreaField(_l("Pourquoi cette fiche intéresse toutes les régions"), filters=[clean_text],
                               validators=[Optional(), Length(max=2000)])


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Décision"), choices=[SelectChoice("accept", _l("Accepter dans la bibliothèque nationale")),
                                                    SelectChoice("decline", _l("Refuser"))])
    comment = TextAreaField(_l("Commentaire"), filters=[clean_text],
                            validators=[DataRequired(_l("Expliquez la décision en une phrase ou deux.")),
                                        Length(max=2000)])
