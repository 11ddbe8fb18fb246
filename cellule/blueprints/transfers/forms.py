"""Forms of peer transfer: needs, offers, proposals, lifecycle steps, sessions, minutes, actions, assessment."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, DecimalField, IntegerField, SelectField,
                     StringField, TextAreaField, URLField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, URL, ValidationError

from wtforms.fields.choices import SelectChoice

from ...localtime import field_to_utc
from ..directory.forms import CheckboxList
from .models import NeedStatus
from .session_models import SessionMode
from .topics import SECTOR, key_choices, sector_choices, topic_choices


def choices(pairs) -> list[SelectChoice]:
    """WTForms 3.3 choices from ``(value, label)`` pairs (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


class CommaDecimalField(DecimalField):
    """A decimal typed the French way ("5,5") or the English way ("5.5")."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").strip() for v in valuelist])


class _TopicForm(FlaskForm):
    ptce = SelectField(_l("PTCE"), coerce=int, validators=[InputRequired()])
    topic = SelectField(_l("Sujet"), choices=choices(topic_choices()), validators=[DataRequired()])
    sector = SelectField(_l("Secteur (pour un savoir-faire sectoriel)"), choices=choices(sector_choices()),
                         description=_l("À choisir seulement si le sujet est « Savoir-faire sectoriel »."))

    def validate_sector(self, field):
        if self.topic.data == SECTOR and not field.data:
            raise ValidationError(_l("Choisissez le secteur du savoir-faire recherché ou proposé."))
        if self.topic.data != SECTOR:
            field.data = None


class NeedForm(_TopicForm):
    description = TextAreaField(_l("Description du besoin"), validators=[DataRequired(), Length(max=5000)],
                                description=_l("Ce que le PTCE cherche à apprendre, et pourquoi."))
    status = SelectField(_l("Statut"), choices=choices((s.value, s.label) for s in NeedStatus),
                         default=NeedStatus.OPEN.value)


class OfferForm(_TopicForm):
    description = TextAreaField(_l("Ce que le PTCE peut partager"),
                                validators=[DataRequired(), Length(max=5000)])
    capacity_per_year = IntegerField(_l("Cycles d'accompagnement possibles par an"), default=1,
                                     validators=[InputRequired(), NumberRange(0, 20)])
    active = BooleanField(_l("Offre active (proposée aux autres PTCE)"), default=True)


class ProposeForm(FlaskForm):
    """The coordinator picks one or several mentors from the ranking."""

    mentors = CheckboxList(_l("PTCE mentor(s)"), coerce=int,
                           description=_l("Un cycle est proposé à chaque PTCE coché."))
    extra_mentees = CheckboxList(_l("Autres PTCE accompagnés dans le même cycle"), coerce=int)
    title = StringField(_l("Intitulé du cycle"), validators=[DataRequired(), Length(max=200)])
    topics = CheckboxList(_l("Autres sujets abordés"))
    goals = TextAreaField(_l("Objectifs"), validators=[DataRequired(), Length(max=5000)])
    planned_sessions = IntegerField(_l("Nombre de séances prévues"), default=3,
                                    validators=[InputRequired(), NumberRange(1, 30)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # worded per request, in the reader's language (a class attribute would freeze French)
        self.topics.choices = choices(key_choices())

    def validate_mentors(self, field):
        if not field.data:
            raise ValidationError(_l("Cochez au moins un PTCE mentor."))


class StepForm(FlaskForm):
    """A bare form for lifecycle buttons (its CSRF token is all they need)."""


class AbandonForm(FlaskForm):
    reason = TextAreaField(_l("Raison de l'abandon"), validators=[DataRequired(), Length(max=2000)])


class SessionForm(FlaskForm):
    title = StringField(_l("Intitulé de la séance"), validators=[DataRequired(), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Début"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    ends_at = DateTimeLocalField(_l("Fin"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    mode = SelectField(_l("Format"), choices=choices((m.value, m.label) for m in SessionMode))
    address = StringField(_l("Adresse (sur place)"), validators=[Optional(), Length(max=300)])
    online_url = URLField(_l("Lien de visioconférence (en ligne)"),
                          validators=[Optional(), URL(), Length(max=500)])
    attendees = CheckboxList(_l("Participant·es"), coerce=int,
                             description=_l("Chaque personne cochée reçoit l'invitation avec le fichier .ics."))

    def __init__(self, *args, tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz
        self.times: tuple | None = None  # (start, end) in UTC once valid

    def validate(self, extra_validators=None) -> bool:
        """Field checks, the times turned into UTC and in order, then the place the chosen format needs."""
        valid = super().validate(extra_validators)
        start, end = field_to_utc(self.starts_at, self.tz), field_to_utc(self.ends_at, self.tz)
        if start and end and end <= start:
            self.ends_at.errors = [*self.ends_at.errors, _l("La fin doit être après le début.")]
        if start and end and end > start:
            self.times = (start, end)
        else:
            valid = False
        if self.mode.data == SessionMode.ON_SITE.value and not (self.address.data or "").strip():
            self.address.errors = [*self.address.errors, _l("Indiquez l'adresse de la séance sur place.")]
            valid = False
        if self.mode.data == SessionMode.ONLINE.value and not self.online_url.data:
            self.online_url.errors = [*self.online_url.errors, _l("Indiquez le lien de la séance en ligne.")]
            valid = False
        return valid

    def validate_attendees(self, field):
        if not field.data:
            raise ValidationError(_l("Cochez au moins une personne."))


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Compte rendu"), validators=[Optional(), Length(max=50000)],
                            description=_l("Markdown : **gras**, listes avec « - », titres avec « ## »."))


class ActionForm(FlaskForm):
    title = StringField(_l("Action à mener"), validators=[DataRequired(), Length(max=300)])
    owner = SelectField(_l("Responsable"), coerce=int, validators=[InputRequired()])
    due_on = DateField(_l("Échéance"), validators=[DataRequired()])


class AssessmentForm(FlaskForm):
    goals_met = IntegerField(_l("Objectifs atteints (de 0 à 5)"),
                             validators=[InputRequired(), NumberRange(0, 5)])
    transferred = TextAreaField(_l("Ce qui a été transmis"), validators=[DataRequired(), Length(max=5000)])
    hours = CommaDecimalField(_l("Heures consacrées"), places=None,
                         validators=[InputRequired(), NumberRange(0, 2000)])
