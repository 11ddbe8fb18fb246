"""Forms of the directory: a PTCE record, filters, CSV import."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DecimalField, EmailField, HiddenField, IntegerField,
                     SelectField, SelectMultipleField, StringField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, URL, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import choices
from .reference import ACTIVITY_TYPES, SECTORS, Stage
from .validation import Invalid, clean_communes, clean_department, clean_rna, clean_siret


class CheckboxList(SelectMultipleField):
    """A group of checkboxes, rendered as a fieldset by the form macros."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _wrap(cleaner):
    def validator(form, field):
        try:
            field.data = cleaner(field.data)
        except Invalid as exc:
            raise ValidationError(str(exc))
    return validator


class PtceForm(FlaskForm):
    name = StringField(_l("Nom du PTCE"), validators=[DataRequired(), Length(max=160)])
    department_code = StringField(_l("Département"), description=_l("Numéro, par ex. 60, 2A ou 974."),
                                  validators=[DataRequired(), _wrap(clean_department)])
    territory = TextAreaField(_l("Territoire"), validators=[Optional(), Length(max=2000)],
                              description=_l("Le territoire d'action en quelques mots."))
    communes = StringField(_l("Communes (codes INSEE)"), validators=[Optional()],
                           description=_l("Codes séparés par des espaces, par ex. 60057 60175."))
    siret = StringField(_l("SIRET de la structure porteuse"), validators=[DataRequired(), _wrap(clean_siret)],
                        description=_l("14 chiffres, espaces acceptés."))
    rna = StringField(_l("Numéro RNA (facultatif)"), validators=[Optional(), _wrap(clean_rna)],
                      description=_l("W suivi de 9 chiffres."))
    stage = SelectField(_l("Stade"), choices=Stage.choices())
    charter_signatory = BooleanField(_l("Signataire de la charte des PTCE"))
    charter_year = IntegerField(_l("Année de signature de la charte"),
                                validators=[Optional(), NumberRange(2010, 2100)])
    creation_year = IntegerField(_l("Année de création"), validators=[Optional(), NumberRange(1980, 2100)])
    sectors = CheckboxList(_l("Secteurs d'activité"), choices=choices(SECTORS))
    activity_types = CheckboxList(_l("Types d'activité"), choices=choices(ACTIVITY_TYPES))
    website = URLField(_l("Site web"), validators=[Optional(), URL(), Length(max=300)])
    description = TextAreaField(_l("Présentation"), validators=[Optional(), Length(max=10000)])
    contact_name = StringField(_l("Nom du contact"), validators=[Optional(), Length(max=160)])
    contact_email = EmailField(_l("Courriel du contact"), validators=[Optional(), Email(), Length(max=254)])
    contact_phone = StringField(_l("Téléphone du contact"), validators=[Optional(), Length(max=30)])
    latitude = DecimalField(_l("Latitude"), places=None, validators=[Optional(), NumberRange(-90, 90)])
    longitude = DecimalField(_l("Longitude"), places=None, validators=[Optional(), NumberRange(-180, 180)])

    def validate_communes(self, field):
        try:
            field.data = clean_communes((field.data or "").replace(",", " ").split())
        except Invalid as exc:
            raise ValidationError(str(exc))

    def validate_charter_year(self, field):
        if field.data and not self.charter_signatory.data:
            raise ValidationError(_l("Cochez « Signataire de la charte » ou videz l'année."))

    def cleaned(self) -> dict:
        """The values as the model expects them."""
        data = {name: self[name].data for name in (
            "name", "department_code", "territory", "communes", "siret", "rna", "stage",
            "charter_signatory", "charter_year", "creation_year", "sectors", "activity_types",
            "website", "description", "contact_name", "contact_email", "contact_phone")}
        from .reference import Stage
        data["stage"] = Stage(data["stage"])
        data["territory"] = data["territory"] or ""
        data["description"] = data["description"] or ""
        for key in ("latitude", "longitude"):
            data[key] = float(self[key].data) if self[key].data is not None else None
        for key in ("rna", "website", "contact_name", "contact_email", "contact_phone"):
            data[key] = data[key] or None
        return data


class ImportForm(FlaskForm):
    file = FileField(_l("Fichier CSV"), validators=[FileRequired(), FileAllowed(["csv", "txt"],
                     _l("Choisissez un fichier .csv."))],
                     description=_l("UTF-8 (avec ou sans BOM), séparateur « ; » ou « , »."))


class ConfirmImportForm(FlaskForm):
    content = HiddenField(validators=[DataRequired()])


class DeleteForm(FlaskForm):
    """A bare form: its CSRF token is all a delete button needs."""

