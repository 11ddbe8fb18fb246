"""The form that issues an API token."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length


class TokenForm(FlaskForm):
    name = StringField(_l("Nom de l'outil ou de la personne"), validators=[DataRequired(), Length(max=120)],
                       description=_l("Par exemple : tableau de bord de l'observatoire national."))
