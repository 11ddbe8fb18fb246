"""Forms of data collection. Answer forms are built from the definition (see validation.read_form);
the regional question form lives in ``question_form.py``."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from .services import campaign_for_year


class ActionForm(FlaskForm):
    """A bare form whose CSRF token protects a button."""


def year_taken(campaign) -> str:
    """The refusal of a second campaign for a year (form check and database constraint alike)."""
    if campaign is None:  # removed again between the refusal and this message
        return str(_l("Une autre campagne vient d'être créée pour cette année. Rechargez la page."))
    return str(_l("Une campagne couvre déjà l'année %(year)s : « %(title)s ». Une seule campagne par année ; "
                  "modifiez-la ou choisissez une autre année.", year=campaign.year, title=campaign.title))


class CampaignForm(FlaskForm):
    year = IntegerField(_l("Année couverte"), validators=[DataRequired(), NumberRange(2000, 2100)])
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    opens_on = DateField(_l("Ouverture"), validators=[DataRequired()])
    closes_on = DateField(_l("Clôture"), validators=[DataRequired()])
    questionnaire_id = SelectField(_l("Questionnaire (version publiée)"), coerce=int, choices=[])

    def validate_year(self, field):
        existing = campaign_for_year(field.data) if field.data else None
        if existing is not None:
            raise ValidationError(year_taken(existing))

    def validate_closes_on(self, field):
        if isinstance(self.opens_on.data, date) and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("La clôture doit suivre l'ouverture."))


class DefinitionForm(FlaskForm):
    definition = TextAreaField(
        _l("Définition (JSON)"), validators=[DataRequired(), Length(max=200_000)],
        description=_l("Sections et questions au format JSON ; voir le dictionnaire des variables."))


class ReopenForm(FlaskForm):
    reason = StringField(_l("Motif de la réouverture"), validators=[DataRequired(), Length(max=1000)])
