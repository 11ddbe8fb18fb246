"""The coordinator's review: validate (acknowledging warnings), send back with comments, reopen."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ....i18n import current_locale
from ....database import commit
from ....permissions import access, ensure
from ....outcomes import refuse
from .. import notify, services
from ..forms import ActionForm, ReopenForm
from ..lifecycle import ResponseStatus
from . import _common, bp


@bp.route("/<region_slug>/collecte/<int:campaign_id>/ptce/<slug>/examen", methods=["GET", "POST"])
@access("manage_region")
def review(campaign_id: int, slug: str):
    """Read the submitted answers, comment on questions, then validate or send back."""
    resp = _common.saved_response(campaign_id, slug)
    ensure("review_response", resp)
    definition = services.full_definition(resp, str(current_locale()))
    warnings = services.current_warnings(resp, definition)
    form, problem = ActionForm(), None
    # Boxes the reviewer ticked in this very request; never pre-ticked from stored state.
    ticked = {k.removeprefix("ack__") for k in request.form if k.startswith("ack__")}
    if request.method == "POST" and form.validate_on_submit():
        if resp.status is not ResponseStatus.SUBMITTED:
            refuse(_("Ces réponses ne sont pas en attente d'examen."))
            return redirect(url_for(".review", campaign_id=campaign_id, slug=slug))
        try:
            if request.form.get("action") == "validate":
                services.validate(resp, ticked, current_user)
                message = _("Réponses validées.")
            else:
                comments = {k.removeprefix("comment__"): v for k, v in request.form.items()
                            if k.startswith("comment__")}
                services.send_back(resp, comments, current_user)
                notify.returned(resp)
                message = _("Réponses renvoyées au PTCE avec vos commentaires.")
        except services.WorkflowError as exc:
            problem = (_("Cochez chaque alerte pour confirmer que vous l'avez examinée avant de valider.")
                       if exc.warnings else
                       _("Pour renvoyer les réponses, écrivez au moins un commentaire sur une question."))
        else:
            commit()
            flash(message, "success")
            return redirect(url_for(".campaign", campaign_id=campaign_id))
    return render_template("collection/review.html", region=g.region, resp=resp, definition=definition,
                           warnings=warnings, form=form, reopen_form=ReopenForm(), problem=problem, ticked=ticked,
                           answers=resp.answers or {}, comments=resp.open_comments,
                           all_comments=resp.comments)


@bp.post("/<region_slug>/collecte/<int:campaign_id>/ptce/<slug>/rouvrir")
@access("manage_region")
def reopen(campaign_id: int, slug: str):
    """Reopen validated (or forwarded) answers so the PTCE can correct them."""
    resp = _common.saved_response(campaign_id, slug)
    ensure("review_response", resp)
    form = ReopenForm()
    if not form.validate_on_submit():
        refuse(_("Indiquez le motif de la réouverture."), "reason")
    elif resp.status not in (ResponseStatus.VALIDATED, ResponseStatus.FORWARDED):
        refuse(_("Seules des réponses validées ou transmises peuvent être rouvertes."))
    else:
        services.reopen(resp, form.reason.data, current_user)
        commit()
        flash(_("Réponses rouvertes : le PTCE peut les corriger."), "success")
    return redirect(url_for(".review", campaign_id=campaign_id, slug=slug))
