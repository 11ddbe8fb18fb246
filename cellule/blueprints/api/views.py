"""The council API (child blueprint ``v1``) and the national admins' token page."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...database import commit
from ...extensions import db
from ...outcomes import act_when_posted
from ...permissions import access, feature_blueprint
from ..auth.forms import ActionForm
from . import services
from .forms import TokenForm
from .models import ApiToken
from . import downloads  # noqa: F401  (adds the exports' routes to v1 before it is registered)
from .v1 import bp as v1

bp = feature_blueprint("api", __name__)
bp.register_blueprint(v1)


@bp.route("/conseil/api/jetons", methods=["GET", "POST"])
@access("council_admin")
def tokens():
    """Issue and list the council API's tokens; a new token is shown once."""
    form, secret = TokenForm(), None
    if form.validate_on_submit():
        token, secret = services.create_token(form.name.data, current_user)
        commit()
        # Rendered in this response rather than after a redirect, so the secret never
        # travels in a cookie or a URL; only its hash is kept.
        flash(_("Jeton « %(name)s » créé. Copiez-le maintenant : il ne sera plus affiché.", name=token.name), "success")
        form = TokenForm(formdata=None)
    return render_template("api/tokens.html", form=form, tokens=services.tokens(), action=ActionForm(),
                           new_token=secret)


@bp.post("/conseil/api/jetons/<int:token_id>/revoquer")
@access("council_admin")
def revoke(token_id: int):
    """Revoke a token: the tools using it lose access at once."""
    token = db.get_or_404(ApiToken, token_id)
    act_when_posted(ActionForm(), lambda: services.revoke_token(token),
                    _("Jeton « %(name)s » révoqué.", name=token.name))
    return redirect(url_for(".tokens"))
