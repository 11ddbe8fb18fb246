"""Agenda pages, event management, feeds and the subscription help.

Each module of this package attaches its routes to ``bp``; ``register_blueprints`` loads them all.
"""
from ....permissions import feature_blueprint
from .. import days, rules  # noqa: F401  (registers the day hooks and the named rules)

bp = feature_blueprint("calendar", __name__)
