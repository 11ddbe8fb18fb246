"""Auth pages: account (sign-in, links, profile) and teams (who holds which role).

Each module of this package attaches its routes to ``bp``; ``register_blueprints`` loads them all.
"""
from ....permissions import feature_blueprint
from .. import identity

bp = feature_blueprint("auth", __name__.rsplit(".", 1)[0])
bp.record_once(lambda state: identity.init_app(state.app))  # Flask-Login loads people through auth
