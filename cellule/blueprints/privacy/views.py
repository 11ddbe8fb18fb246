"""Personal data pages."""
from flask import render_template

from ...permissions import access, feature_blueprint

bp = feature_blueprint("privacy", __name__)


@bp.get("/mes-donnees")
@access("signed_in")
def my_data():
    return render_template("privacy/my_data.html")
