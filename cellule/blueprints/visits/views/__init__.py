"""Pages of learning visits: lists and detail, registration, management.

Each module of this package attaches its routes to ``bp``; ``register_blueprints`` loads them all.
"""
from ....permissions import feature_blueprint

bp = feature_blueprint("visits", __name__)
