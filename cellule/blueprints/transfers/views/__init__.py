"""Peer transfer pages: needs and offers (market), cycles and their lifecycle, sessions.

Each module of this package attaches its routes to ``bp``; ``register_blueprints`` loads them all.
"""
from ....permissions import feature_blueprint
from .. import rules, session_models  # noqa: F401  (the named rules; the session tables)

bp = feature_blueprint("transfers", __name__.rsplit(".", 1)[0])
