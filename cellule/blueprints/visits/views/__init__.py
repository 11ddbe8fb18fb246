"""Pages of learning visits: lists and detail, registration, management."""
from ....permissions import feature_blueprint

bp = feature_blueprint("visits", __name__)

from . import destructive, display, manage, registration  # noqa: E402,F401  (routes attach to bp)
