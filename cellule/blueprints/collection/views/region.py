"""A region's data collection: campaigns, progress of its PTCE, forwarding (extra questions: extension.py)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from ....database import commit
from ....extensions import db
from ....outcomes import refuse
from ....permissions import access, can
from .. import forwarding, services
from .. import progress as campaign_progress
from ..forms import ActionForm
from ..lifecycle import CampaignStatus, ResponseStatus
from . import _common, bp


@bp.get("/<region_slug>/collecte/")
@access("region_member")
def index():
    """Open and past campaigns; coordinators see progress, PTCE members their own answers."""
    campaigns = services.campaigns([CampaignStatus.OPEN, CampaignStatus.CLOSED])
    manage = can("manage_region", g.region)
    mine = [m.ptce for m in current_user.memberships if m.ptce and m.ptce.region_id == g.region.id]
    progress = campaign_progress.region_counts(campaigns, g.region) if manage else {}
    answers = campaign_progress.responses_of(campaigns, mine)
    return render_template("collection/index.html", region=g.region, campaigns=campaigns, manage=manage,
                           mine=mine, progress=progress, answers=answers)


@bp.get("/<region_slug>/collecte/<int:campaign_id>/")
@access("manage_region")
def campaign(campaign_id: int):
    """Every PTCE of the region with its status; the forwarded versions."""
    camp = _common.campaign(campaign_id)
    return render_template("collection/campaign.html", region=g.region, campaign=camp,
                           progress=campaign_progress.region_progress(camp, g.region),
                           snapshots=forwarding.snapshots_of(camp, g.region), form=ActionForm(),
                           validated=ResponseStatus.VALIDATED)


@bp.post("/<region_slug>/collecte/<int:campaign_id>/transmettre")
@access("manage_region")
def forward(campaign_id: int):
    """Forward the validated answers to the national council as a new snapshot version."""
    camp = _common.campaign(campaign_id)
    if ActionForm().validate_on_submit():
        try:
            snapshot = forwarding.forward_region(camp, g.region, current_user)
            commit()
        except services.WorkflowError:
            db.session.rollback()
            refuse(_("Aucune réponse validée à transmettre."))
        except (sa.exc.IntegrityError, StaleDataError):
            # A colleague forwarded at the same instant: the snapshot version is taken, ours is dropped.
            db.session.rollback()
            refuse(_("Une autre transmission vient d'avoir lieu pour cette région. Vérifiez la liste des "
                     "versions transmises avant de recommencer."))
        else:
            flash(_("Réponses transmises au conseil national (version %(v)s).", v=snapshot.version), "success")
    return redirect(url_for(".campaign", campaign_id=camp.id))
