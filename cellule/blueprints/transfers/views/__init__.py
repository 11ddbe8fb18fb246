"""Peer transfer pages: needs and offers (market), cycles and their lifecycle, sessions."""
from ....permissions import feature_blueprint
from .. import rules, session_models  # noqa: F401  (the named rules; the session tables)

bp = feature_blueprint("transfers", __name__.rsplit(".", 1)[0])

from . import cycles, destructive, market, sessions  # noqa: E402,F401  (registers the routes on bp)
