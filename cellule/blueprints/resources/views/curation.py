"""National curation: coordinators propose regional sheets, the council admin decides."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ....database import commit
from ....extensions import db
from ....outcomes import refuse
from ....lifecycle import IllegalTransition
from ....permissions import access
from ....urls import absolute_url, external_url
from .. import library, notify, services
from ..forms import DecisionForm, NationalProposalForm
from ..models import NationalProposal
from ..reference import ProposalStatus
from ._common import bp, check, load_sheet, region, sheet_url


@bp.route("/<region_slug>/fiches/<int:sheet_id>/proposer-national", methods=["GET", "POST"])
@access("manage_region")
def propose_national(sheet_id: int):
    """A coordinator offers a published regional sheet to the national library."""
    sheet = load_sheet(sheet_id)
    check("propose_national", sheet)
    if library.pending_proposal_ids([sheet.id]):
        flash(_("Cette fiche est déjà proposée à la bibliothèque nationale."), "info")
        return redirect(sheet_url(sheet))
    form = NationalProposalForm()
    if form.validate_on_submit():
        try:
            proposal = services.propose_national(sheet, current_user, form.motivation.data or "")
            notify.national_proposed(proposal, external_url("resources.decide_national", proposal_id=proposal.id))
            commit()
        except IllegalTransition:
            abort(409)
        except sa.exc.IntegrityError:
            # Another coordinator proposed it after our check: one pending proposal per sheet.
            db.session.rollback()
            flash(_("Cette fiche est déjà proposée à la bibliothèque nationale."), "info")
            return redirect(sheet_url(sheet))
        flash(_("Fiche proposée au conseil national."), "success")
        return redirect(sheet_url(sheet))
    return render_template("resources/propose_national.html", region=region(), sheet=sheet, form=form)


@bp.route("/fiches/propositions/<int:proposal_id>", methods=["GET", "POST"])
@access("council_admin")
def decide_national(proposal_id: int):
    """The council accepts (the sheet becomes national, provenance kept) or declines, with a comment."""
    proposal = db.get_or_404(NationalProposal, proposal_id)
    form = DecisionForm()
    if proposal.status is ProposalStatus.PENDING and form.validate_on_submit():
        accepted = form.decision.data == "accept"
        try:
            services.decide_national(proposal, current_user, accepted, form.comment.data)
        except IllegalTransition:
            refuse(_("Cette fiche ne peut plus devenir nationale (elle n'est plus publiée)."))
            return redirect(url_for(".national_review"))
        notify.national_decided(proposal, absolute_url(sheet_url(proposal.sheet)))
        commit()
        flash(_("Fiche acceptée dans la bibliothèque nationale.") if accepted
              else _("Proposition refusée ; la coordination verra votre commentaire."), "success")
        return redirect(url_for(".national_review"))
    return render_template("resources/decide_national.html", region=None, proposal=proposal, form=form)
