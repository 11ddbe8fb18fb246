"""Forms of the directory: a PTCE record, filters, CSV import."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, EmailField, HiddenField, SelectField, SelectMultipleField,
                     StringField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...forms import choices
from .reference import ACTIVITY_TYPES, SECTORS, Stage
from .services import siret_owners
from .validation import (Invalid, check_charter, clean_communes, clean_coordinate, clean_department_in,
                         clean_email, clean_name, clean_optional_text, clean_rna, clean_siret, clean_text,
                         clean_website, clean_year, siret_taken)


class CheckboxList(SelectMultipleField):
    """A group of checkboxes, rendered as a fieldset by the form macros."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _wrap(cleaner, required: bool = False):
    """A WTForms validator running one of the shared cleaners (the import calls the same ones)."""
    def validator(form, field):
        try:
            field.data = cleaner(field.data)
        except Invalid as exc:
            raise ValidationError(str(exc))
    validator.field_flags = {"required": True} if required else {}
    return validator


class PtceForm(FlaskForm):
    """A PTCE record. Every check is a cleaner of ``validation.py``, shared with the CSV import.

    ``region`` is the PTCE's region (for the department); ``ptce`` the record being
    edited, if any (for the SIRET's uniqueness).
    """

    name = StringField(_l("Nom du PTCE"), validators=[_wrap(clean_name, required=True)])
    department_code = StringField(_l("Département"), description=_l("Numéro, par ex. 60, 2A ou 974."),
                                  validators=[_wrap(lambda v: (v or "").strip(), required=True)])
    territory = TextAreaField(_l("Territoire"), validators=[_wrap(lambda v: clean_text(v, _l("Territoire"), 2000))],
                              description=_l("Le territoire d'action en quelques mots."))
    communes = StringField(_l("Communes (codes INSEE)"), validators=[Optional()],
                           description=_l("Codes séparés par des espaces, par ex. 60057 60175."))
    siret = StringField(_l("SIRET de la structure porteuse"), validators=[_wrap(clean_siret, required=True)],
                        description=_l("14 chiffres, espaces acceptés."))
    rna = StringField(_l("Numéro RNA (facultatif)"), validators=[_wrap(clean_rna)],
                      description=_l("W suivi de 9 chiffres."))
    stage = SelectField(_l("Stade"), choices=Stage.choices())
    charter_signatory = BooleanField(_l("Signataire de la charte des PTCE"))
    charter_year = StringField(_l("Année de signature de la charte"), render_kw={"inputmode": "numeric"},
                               validators=[_wrap(lambda v: clean_year(v, _l("Année de charte"), 2010))])
    creation_year = StringField(_l("Année de création"), render_kw={"inputmode": "numeric"},
                                validators=[_wrap(lambda v: clean_year(v, _l("Année de création")))])
    sectors = CheckboxList(_l("Secteurs d'activité"), choices=choices(SECTORS))
    activity_types = CheckboxList(_l("Types d'activité"), choices=choices(ACTIVITY_TYPES))
    website = URLField(_l("Site web"), validators=[_wrap(clean_website)])
    description = TextAreaField(_l("Présentation"),
                                validators=[_wrap(lambda v: clean_text(v, _l("Présentation"), 10000))])
    contact_name = StringField(_l("Nom du contact"),
                               validators=[_wrap(lambda v: clean_optional_text(v, _l("Nom du contact"), 160))])
    contact_email = EmailField(_l("Courriel du contact"), validators=[_wrap(clean_email)])
    contact_phone = StringField(_l("Téléphone du contact"), validators=[
        _wrap(lambda v: clean_optional_text(v, _l("Téléphone du contact"), 30))])
    latitude = StringField(_l("Latitude"), render_kw={"inputmode": "decimal"},
                           validators=[_wrap(lambda v: clean_coordinate(v, _l("Latitude"), -90, 90))])
    longitude = StringField(_l("Longitude"), render_kw={"inputmode": "decimal"},
                            validators=[_wrap(lambda v: clean_coordinate(v, _l("Longitude"), -180, 180))])

    def __init__(self, *args, region, ptce=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._region, self._ptce = region, ptce

    def validate_department_code(self, field):
        try:
            field.data = clean_department_in(field.data, self._region.code, self._region.name)
        except Invalid as exc:
            raise ValidationError(str(exc))

    def validate_siret(self, field):
        owner = siret_owners([field.data], exclude_id=self._ptce.id if self._ptce else None).get(field.data)
        if owner:
            raise ValidationError(str(siret_taken(field.data, owner)))

    def validate_communes(self, field):
        try:
            field.data = clean_communes((field.data or "").replace(",", " ").split())
        except Invalid as exc:
            raise ValidationError(str(exc))

    def validate_charter_year(self, field):
        try:
            check_charter(self.charter_signatory.data, field.data)
        except Invalid as exc:
            raise ValidationError(str(exc))

    def cleaned(self) -> dict:
        """The values as the model expects them (already cleaned by the validators)."""
        data = {name: self[name].data for name in (
            "name", "department_code", "territory", "communes", "siret", "rna", "stage",
            "charter_signatory", "charter_year", "creation_year", "sectors", "activity_types",
            "website", "description", "contact_name", "contact_email", "contact_phone",
            "latitude", "longitude")}
        data["stage"] = Stage(data["stage"])
        data["communes"] = data["communes"] or []
        return data


class ImportForm(FlaskForm):
    file = FileField(_l("Fichier CSV"), validators=[FileRequired(), FileAllowed(["csv", "txt"],
                     _l("Choisissez un fichier .csv."))],
                     description=_l("UTF-8 (avec ou sans BOM), séparateur « ; » ou « , »."))


class ConfirmImportForm(FlaskForm):
    content = HiddenField(validators=[DataRequired()])


class DeleteForm(FlaskForm):
    """A bare form: its CSRF token is all a delete button needs."""

