"""Data collection pages: the PTCE answer form, the regional review, the council's pages.

Each module of this package attaches its routes to ``bp``; ``register_blueprints`` loads them all.
"""
from ....permissions import feature_blueprint
from .. import rules  # noqa: F401  (registers the named rules)

bp = feature_blueprint("collection", __name__)
