"""Auth pages: account (sign-in, links, profile) and teams (who holds which role)."""
from ....permissions import feature_blueprint
from .. import identity

bp = feature_blueprint("auth", __name__.rsplit(".", 1)[0])
bp.record_once(lambda state: identity.init_app(state.app))  # Flask-Login loads people through auth

from . import account, teams, twofactor  # noqa: E402,F401  (registers the routes on bp)
