"""Peer transfer pages: needs and offers (market), cycles and their lifecycle, sessions."""
from ....permissions import feature_blueprint

bp = feature_blueprint("transfers", __name__.rsplit(".", 1)[0])

from . import cycles, destructive, market, sessions  # noqa: E402,F401  (registers the routes on bp)
