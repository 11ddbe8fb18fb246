"""Sign-in, password and invitation forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ...forms import choices
from . import passwords
from .models import PartnerKind


def password_policy(form, field):
    """At least PASSWORD_MIN_LENGTH characters and not a common password (see passwords.py)."""
    message = passwords.problem(field.data or "")
    if message:
        raise ValidationError(message)


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse électronique"), validators=[DataRequired(), Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})


class ForgotForm(FlaskForm):
    email = EmailField(_l("Adresse électronique"), validators=[DataRequired(), Email(), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("Nouveau mot de passe"), validators=[DataRequired(), Length(max=1024),
                             password_policy], render_kw={"autocomplete": "new-password"},
                             description=_l("Au moins 12 caractères. Une phrase de passe est idéale."))
    confirm = PasswordField(_l("Confirmer le mot de passe"),
                            validators=[DataRequired(), EqualTo("password", _l("Les deux mots de passe diffèrent."))],
                            render_kw={"autocomplete": "new-password"})


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=160)],
                       render_kw={"autocomplete": "name"})


class ProfileForm(FlaskForm):
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=160)],
                       render_kw={"autocomplete": "name"})
    locale = SelectField(_l("Langue de l'interface et des courriels"),
                         choices=choices({"fr": "Français", "en": "English"}))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(), Length(max=1024)],
                            render_kw={"autocomplete": "current-password"})


class InviteForm(FlaskForm):
    """Invite someone into a region's team, a PTCE or the council; the view sets `role` choices."""

    email = EmailField(_l("Adresse électronique"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=160)])
    role = SelectField(_l("Rôle"), choices=[])
    partner_kind = SelectField(_l("Type de partenaire"), choices=PartnerKind.choices())
    referent = BooleanField(_l("Référent·e du PTCE (peut inviter et retirer des membres)"))


class ActionForm(FlaskForm):
    """A bare form whose CSRF token protects a button."""


class TwoFactorForm(FlaskForm):
    """The second step of sign-in: a 6-digit code, or a recovery code."""

    code = StringField(_l("Code de vérification"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
                       description=_l("Les 6 chiffres affichés par votre application d'authentification, "
                                      "ou l'un de vos codes de secours."))


class TwoFactorSetupForm(FlaskForm):
    code = StringField(_l("Code affiché par l'application"), validators=[DataRequired(), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
                       description=_l("Après avoir ajouté le compte, saisissez les 6 chiffres affichés."))


class TwoFactorDisableForm(FlaskForm):
    password = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    code = StringField(_l("Code de vérification ou code de secours"), validators=[DataRequired(), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code"})
