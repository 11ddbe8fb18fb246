"""Forms of the calendar: an event entered by hand, cancellation, feed token regeneration."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField, TimeField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, URL

from ...localtime import LocalTimeError, day_and_time_to_utc, start_of_day
from .models import MANUAL_KINDS, EventKind, Visibility

VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("Public : visible par tout le monde et dans les abonnements publics"),
    Visibility.MEMBERS: _l("Réservé aux membres de la région (et au conseil national)"),
}


class EventForm(FlaskForm):
    """An event of a region (or a national one). Times are wall-clock times of the event's zone."""

    kind = SelectField(_l("Type"), choices=[])
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    all_day = BooleanField(_l("Toute la journée"))
    start_date = DateField(_l("Date de début"), validators=[DataRequired(message=_l(
        "Indiquez la date de début (jour/mois/année)."))])
    start_time = TimeField(_l("Heure de début"), validators=[Optional()],
                           description=_l("Sauf si l'événement dure toute la journée."))
    end_date = DateField(_l("Date de fin"), validators=[Optional()],
                         description=_l("Laissez vide si l'événement tient sur une journée."))
    end_time = TimeField(_l("Heure de fin"), validators=[Optional()])
    location = StringField(_l("Lieu"), validators=[Optional(), Length(max=300)],
                           description=_l("Adresse ou nom de la salle."))
    online_url = URLField(_l("Lien de connexion en ligne"),
                          validators=[Optional(), URL(message=_l("Indiquez une adresse web complète, "
                                                                 "commençant par https://.")),
                                      Length(max=500)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=10000)],
                                description=_l("Mise en forme Markdown acceptée."))
    visibility = RadioField(_l("Visibilité"), default=Visibility.PUBLIC.value,
                            choices=[SelectChoice(v.value, label) for v, label in VISIBILITY_LABELS.items()])

    def __init__(self, *args, tz: ZoneInfo, national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz
        kinds = [k for k in MANUAL_KINDS if national or k is not EventKind.NATIONAL_DAY]
        self.kind.choices = [SelectChoice(k.value, k.label) for k in kinds]
        self.times: tuple[datetime, datetime] | None = None

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the times: they must exist in the zone and the end follow the start."""
        if not super().validate(extra_validators):
            return False
        if not (self.location.data or "").strip() and not (self.online_url.data or "").strip():
            self.location.errors.append(_("Indiquez un lieu, un lien de connexion, ou les deux."))
            return False
        start_day = self.start_date.data
        end_day = self.end_date.data or start_day
        if end_day < start_day:
            self.end_date.errors.append(_("La date de fin doit suivre la date de début."))
            return False
        if self.all_day.data:
            self.times = (start_of_day(start_day, self.tz), start_of_day(end_day + timedelta(days=1), self.tz))
            return True
        ok = True
        for field in (self.start_time, self.end_time):
            if field.data is None:
                field.errors.append(_("Indiquez l'heure (HH:MM), ou cochez « Toute la journée »."))
                ok = False
        if not ok:
            return False
        times = []
        for day, field in ((start_day, self.start_time), (end_day, self.end_time)):
            try:
                times.append(day_and_time_to_utc(day, field.data, self.tz))
            except LocalTimeError as exc:
                field.errors.append(str(exc))
                ok = False
        start, end = times if ok else (None, None)
        if ok and end <= start:
            self.end_time.errors.append(_("La fin doit être après le début."))
            ok = False
        if ok:
            self.times = (start, end)
        return ok

    def values(self) -> dict:
        """The event's fields, ready for ``services.create_event`` / ``update_event``."""
        starts_at, ends_at = self.times
        return dict(kind=EventKind(self.kind.data), title=self.title.data.strip(), all_day=self.all_day.data,
                    starts_at=starts_at, ends_at=ends_at, location=(self.location.data or "").strip() or None,
                    online_url=(self.online_url.data or "").strip() or None,
                    description=self.description.data or "", visibility=Visibility(self.visibility.data))

    def fill(self, event, first_day: date, last_day: date) -> None:
        """Pre-fill from an event (on GET)."""
        tz = self.tz
        self.kind.data = event.kind.value
        self.title.data = event.title
        self.all_day.data = event.all_day
        self.start_date.data = first_day
        self.end_date.data = last_day if last_day != first_day else None
        if not event.all_day:
            self.start_time.data = event.starts_at.astimezone(tz).time()
            self.end_time.data = event.ends_at.astimezone(tz).time()
            self.end_date.data = event.ends_at.astimezone(tz).date()
        self.location.data = event.location
        self.online_url.data = event.online_url
        self.description.data = event.description
        self.visibility.data = event.visibility.value


class ConfirmForm(FlaskForm):
    """A bare POST form (CSRF only): cancel an event, regenerate a feed token."""
