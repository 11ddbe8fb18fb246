"""Data collection pages: the PTCE answer form, the regional review, the council's pages."""
from ....permissions import feature_blueprint

bp = feature_blueprint("collection", __name__)

from .. import rules  # noqa: E402,F401  (registers the named rules)
from . import council, extension, region, respond, review  # noqa: E402,F401  (routes register on bp)
