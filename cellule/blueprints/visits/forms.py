"""Forms of learning visits: the visit itself, registration of a colleague, attendance, feedback."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField, URLField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, URL, ValidationError

from ...localtime import field_to_utc, to_local
from ..directory.forms import CheckboxList
from ..directory.reference import SECTORS, SUPPORT_TOPICS

LOCAL = "%Y-%m-%dT%H:%M"
TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "reserved_until")


class VisitForm(FlaskForm):
    """A visit; its times are typed in the region's zone and compared once turned into UTC."""

    host_ptce_id = SelectField(_l("PTCE d'accueil"), coerce=int, validators=[InputRequired()])
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(max=200)])
    sectors = CheckboxList(_l("Secteurs abordés"), choices=[SelectChoice(k, v) for k, v in SECTORS.items()])
    topics = CheckboxList(_l("Thèmes d'accompagnement"),
                          choices=[SelectChoice(k, v) for k, v in SUPPORT_TOPICS.items()])
    programme = TextAreaField(_l("Programme"), validators=[Optional(), Length(max=20000)],
                              description=_l("Markdown accepté : listes, titres, liens."))
    starts_at = DateTimeLocalField(_l("Début"), format=LOCAL, validators=[DataRequired()],
                                   description=_l("Heure locale de la région."))
    ends_at = DateTimeLocalField(_l("Fin"), format=LOCAL, validators=[DataRequired()],
                                 description=_l("Heure locale de la région."))
    address = StringField(_l("Adresse"), validators=[Optional(), Length(max=300)])
    online_url = URLField(_l("Lien de connexion en ligne"), validators=[Optional(), URL(), Length(max=500)])
    capacity = IntegerField(_l("Nombre de places"), validators=[InputRequired(), NumberRange(1, 1000)])
    registration_opens_at = DateTimeLocalField(_l("Ouverture des inscriptions"), format=LOCAL,
                                               validators=[Optional()],
                                               description=_l("Vide : dès la publication."))
    registration_closes_at = DateTimeLocalField(_l("Clôture des inscriptions"), format=LOCAL,
                                                validators=[Optional()],
                                                description=_l("Vide : au début de la visite."))
    open_to_members = BooleanField(_l("Ouverte aux membres des PTCE de la région"), default=True)
    open_to_partners = BooleanField(_l("Ouverte aux partenaires (élu·es, technicien·nes)"), default=True)
    open_to_other_regions = BooleanField(_l("Ouverte aux membres des PTCE des autres régions"))
    per_ptce_cap = IntegerField(_l("Places maximum par PTCE"), validators=[Optional(), NumberRange(1, 1000)],
                                description=_l("Vide : pas de limite."))
    reserved_emerging_seats = IntegerField(_l("Places réservées aux PTCE émergents"), default=0,
                                           validators=[Optional(), NumberRange(0, 1000)])
    reserved_until = DateTimeLocalField(_l("Réservation jusqu'au"), format=LOCAL, validators=[Optional()],
                                        description=_l("Après cette date, les places réservées sont libérées."))

    def __init__(self, *args, tz, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz
        self.utc: dict = {}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        # Not an inline validator: Optional() would skip it on the empty field it is about.
        if not (self.address.data or "").strip() and not (self.online_url.data or "").strip():
            self.address.errors = [*self.address.errors,
                                   _l("Indiquez une adresse, un lien en ligne, ou les deux.")]
            ok = False
        utc = {name: field_to_utc(self[name], self.tz) for name in TIMES}
        if any(self[name].data is not None and utc[name] is None for name in TIMES):
            return False
        self.utc = utc
        return self._order(utc) and ok

    def _order(self, utc: dict) -> bool:
        """The times' order, checked on the UTC instants (a wall clock can go back in autumn)."""
        start, errors = utc["starts_at"], []
        if utc["ends_at"] and start and utc["ends_at"] <= start:
            errors.append((self.ends_at, _l("La fin doit être après le début.")))
        closes, opens = utc["registration_closes_at"], utc["registration_opens_at"]
        if closes and start and closes > start:
            errors.append((self.registration_closes_at,
                           _l("La clôture des inscriptions doit précéder le début de la visite.")))
        elif closes and opens and closes <= opens:
            errors.append((self.registration_closes_at, _l("La clôture doit être après l'ouverture des inscriptions.")))
        for field, message in errors:
            field.errors = [*field.errors, message]
        return not errors

    def validate_open_to_members(self, field):
        if not (field.data or self.open_to_partners.data or self.open_to_other_regions.data):
            raise ValidationError(_l("Choisissez au moins un public."))

    def validate_reserved_emerging_seats(self, field):
        if field.data and self.capacity.data and field.data > self.capacity.data:
            raise ValidationError(_l("Les places réservées ne peuvent pas dépasser le nombre de places."))

    def cleaned(self) -> dict:
        """The values as the model stores them (UTC times, None for empty)."""
        return {
            "host_ptce_id": self.host_ptce_id.data, "title": self.title.data.strip(),
            "sectors": [c for c in self.sectors.data or [] if c in SECTORS],
            "topics": [c for c in self.topics.data or [] if c in SUPPORT_TOPICS],
            "programme": self.programme.data or "",
            "starts_at": self.utc["starts_at"], "ends_at": self.utc["ends_at"],
            "address": (self.address.data or "").strip() or None,
            "online_url": (self.online_url.data or "").strip() or None,
            "capacity": self.capacity.data,
            "registration_opens_at": self.utc["registration_opens_at"],
            "registration_closes_at": self.utc["registration_closes_at"],
            "open_to_members": self.open_to_members.data, "open_to_partners": self.open_to_partners.data,
            "open_to_other_regions": self.open_to_other_regions.data,
            "per_ptce_cap": self.per_ptce_cap.data or None,
            "reserved_emerging_seats": self.reserved_emerging_seats.data or 0,
            "reserved_until": self.utc["reserved_until"],
        }

    def fill(self, visit, tz: str) -> None:
        """Show a visit's UTC times as local wall-clock times."""
        for name in TIMES:
            self[name].data = to_local(getattr(visit, name), tz)


class ColleagueForm(FlaskForm):
    user_id = SelectField(_l("Collègue à inscrire"), coerce=int, validators=[InputRequired()])


class ConsentForm(FlaskForm):
    show_name = BooleanField(_l("Afficher mon nom aux autres personnes inscrites"))


class FeedbackForm(FlaskForm):
    rating = RadioField(_l("Votre note"), coerce=int, validators=[InputRequired(_l("Choisissez une note."))],
                        choices=[SelectChoice(5, _l("5 — excellente")), SelectChoice(4, _l("4 — très bonne")),
                                 SelectChoice(3, _l("3 — correcte")), SelectChoice(2, _l("2 — décevante")),
                                 SelectChoice(1, _l("1 — très décevante"))])
    learned = TextAreaField(_l("Ce que vous avez appris"), validators=[Optional(), Length(max=5000)])
    will_reuse = TextAreaField(_l("Ce que vous allez réutiliser"), validators=[Optional(), Length(max=5000)])


class ActionForm(FlaskForm):
    """A bare form: its CSRF token is all a button needs."""
