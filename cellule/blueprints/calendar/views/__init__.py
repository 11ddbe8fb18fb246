"""Agenda pages, event management, feeds and the subscription help."""
from ....permissions import feature_blueprint

bp = feature_blueprint("calendar", __name__)

from . import display, manage, subscribe  # noqa: E402,F401  (routes register on bp)
from .. import rules  # noqa: E402,F401
