"""A region's data collection: campaigns, progress of its PTCE, forwarding, extra questions."""
from __future__ import annotations

import json

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ....database import commit
from ....permissions import access, can
from .. import forwarding, services
from ..definition import DefinitionError
from ..forms import ActionForm, DefinitionForm
from ..lifecycle import CampaignStatus, ResponseStatus
from . import _load, bp


@bp.get("/<region_slug>/collecte/")
@access("region_member")
def index():
    """Open and past campaigns; coordinators see progress, PTCE members their own answers."""
    campaigns = services.campaigns([CampaignStatus.OPEN, CampaignStatus.CLOSED])
    manage = can("manage_region", g.region)
    mine = [m.ptce for m in current_user.memberships if m.ptce and m.ptce.region_id == g.region.id]
    progress = services.region_counts(campaigns, g.region) if manage else {}
    answers = services.responses_of(campaigns, mine)
    return render_template("collection/index.html", region=g.region, campaigns=campaigns, manage=manage,
                           mine=mine, progress=progress, answers=answers)


@bp.get("/<region_slug>/collecte/<int:campaign_id>/")
@access("manage_region")
def campaign(campaign_id: int):
    """Every PTCE of the region with its status; the forwarded versions."""
    camp = _load.campaign(campaign_id)
    return render_template("collection/campaign.html", region=g.region, campaign=camp,
                           progress=services.region_progress(camp, g.region),
                           snapshots=forwarding.snapshots_of(camp, g.region), form=ActionForm(),
                           validated=ResponseStatus.VALIDATED)


@bp.post("/<region_slug>/collecte/<int:campaign_id>/transmettre")
@access("manage_region")
def forward(campaign_id: int):
    """Forward the validated answers to the national council as a new snapshot version."""
    camp = _load.campaign(campaign_id)
    if ActionForm().validate_on_submit():
        try:
            snapshot = forwarding.forward_region(camp, g.region, current_user)
        except services.WorkflowError:
            flash(_("Aucune réponse validée à transmettre."), "error")
        else:
            commit()
            flash(_("Réponses transmises au conseil national (version %(v)s).", v=snapshot.version), "success")
    return redirect(url_for(".campaign", campaign_id=camp.id))


@bp.route("/<region_slug>/collecte/<int:campaign_id>/questions-regionales", methods=["GET", "POST"])
@access("manage_region")
def extension(campaign_id: int):
    """The region's extra questions, as a definition; not forwarded unless marked ``forward``."""
    camp = _load.campaign(campaign_id)
    ext = services.extension(camp, g.region)
    form, problems = DefinitionForm(), []
    if form.validate_on_submit():
        try:
            services.set_extension(camp, g.region, json.loads(form.definition.data))
        except json.JSONDecodeError as exc:
            problems = [_("JSON invalide, ligne %(line)s : %(msg)s", line=exc.lineno, msg=exc.msg)]
        except DefinitionError as exc:
            problems = exc.messages
        else:
            commit()
            flash(_("Questions régionales enregistrées."), "success")
            return redirect(url_for(".extension", campaign_id=camp.id))
    elif not form.is_submitted():
        form.definition.data = json.dumps(ext.definition if ext else EXAMPLE, ensure_ascii=False, indent=2)
    return render_template("collection/extension.html", region=g.region, campaign=camp, form=form,
                           problems=problems, ext=ext)


EXAMPLE = {"title": "Questions régionales", "sections": [{"code": "regional", "title": "Questions régionales",
           "questions": [{"var": "regional_example", "label": "Exemple de question régionale",
                          "type": "short_text", "forward": False}]}]}
