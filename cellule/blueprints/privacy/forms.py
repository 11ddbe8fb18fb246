"""Forms of the personal data pages."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, Length


class ConsentForm(FlaskForm):
    public_listing = BooleanField(_l("J'accepte que mon nom apparaisse sur les listes publiques de participant·es "
                                     "(visites, sessions, événements)"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("Je comprends que la suppression est définitive"),
                           validators=[DataRequired(_l("Cochez la case pour confirmer la suppression."))])
