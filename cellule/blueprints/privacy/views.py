"""Personal data: "Mes données", consent, account deletion, and the public privacy page."""
from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ...database import commit, utcnow
from ...permissions import access, feature_blueprint
from ..audit import actions, services as audit
from . import services
from .forms import ConsentForm, DeleteAccountForm

bp = feature_blueprint("privacy", __name__)


@bp.get("/donnees-personnelles")
@access("public")
def policy():
    """What cellule keeps, why, for how long, and whom to ask."""
    config = current_app.config
    return render_template("privacy/policy.html", audit_days=config["AUDIT_RETENTION"].days,
                           outbox_days=config["OUTBOX_RETENTION"].days)


@bp.get("/mes-donnees")
@access("signed_in")
def my_data():
    """Download my data, choose whether my name appears publicly, delete my account."""
    summary = {table: len(rows) for table, rows in services.collect(current_user).items()}
    return render_template("privacy/my_data.html", summary=summary,
                           consent_form=ConsentForm(public_listing=current_user.public_listing),
                           delete_form=DeleteAccountForm())


@bp.get("/mes-donnees/export.json")
@access("signed_in")
def export_json():
    """Everything held about me, as one JSON file."""
    return _export("json")


@bp.get("/mes-donnees/export-csv.zip")
@access("signed_in")
def export_csv():
    """Everything held about me, as a zip of CSV files (one per table)."""
    return _export("zip")


def _export(fmt: str):
    user = current_user._get_current_object()
    body = services.export_json(user) if fmt == "json" else services.export_zip(user)
    audit.record(actions.DATA_EXPORTED, actor=user, target=user, details={"format": fmt})
    commit()  # the audit line only; the export itself changes nothing
    stamp = utcnow().strftime("%Y%m%d")
    mimetype = "application/json" if fmt == "json" else "application/zip"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="cellule-mes-donnees-{stamp}.{fmt}"',
        "Cache-Control": "no-store"})


@bp.post("/mes-donnees/consentement")
@access("signed_in")
def consent():
    form = ConsentForm()
    if form.validate_on_submit():
        services.set_public_listing(current_user._get_current_object(), bool(form.public_listing.data))
        commit()
        flash(_("Votre nom apparaît désormais sur les listes publiques.") if form.public_listing.data
              else _("Votre nom n'apparaît plus sur les listes publiques."), "success")
    return redirect(url_for(".my_data"))


@bp.post("/mes-donnees/supprimer")
@access("signed_in")
def delete_account():
    """Erase my account: my name and address disappear; what I took part in stays, anonymous."""
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit() and user.check_password(form.password.data):
        services.delete_account(user)
        commit()
        logout_user()
        session.clear()
        flash(_("Votre compte est supprimé. Votre nom et votre adresse ont été effacés de cellule."), "success")
        return redirect(url_for("core.home"))
    if form.password.data and not form.errors:
        form.password.errors.append(_("Le mot de passe est incorrect."))
    summary = {table: len(rows) for table, rows in services.collect(user).items()}
    return render_template("privacy/my_data.html", summary=summary,
                           consent_form=ConsentForm(public_listing=user.public_listing),
                           delete_form=form), 400
