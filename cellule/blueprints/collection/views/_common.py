"""Loading campaigns and responses of the current region (foreign ones are 404)."""
from __future__ import annotations

import json

from flask import abort, g
from flask_babel import gettext as _

from ....extensions import db
from ....loading import in_region_or_404
from ...directory.models import Ptce
from .. import services
from ..definition import DefinitionError
from ..lifecycle import CampaignStatus
from ..models import Campaign, Response


def campaign(campaign_id: int, *, drafts: bool = False) -> Campaign:
    """A campaign visible to regions (not a draft, unless ``drafts``)."""
    found = db.get_or_404(Campaign, campaign_id)
    if found.status is CampaignStatus.DRAFT and not drafts:
        abort(404)
    return found


def response(campaign_id: int, slug: str) -> Response:
    """The response of a PTCE of ``g.region`` (a fresh not-started one if none yet)."""
    camp = campaign(campaign_id)
    ptce = in_region_or_404(g.region, Ptce, Ptce.slug == slug)
    return services.response_for(camp, ptce) or services.new_response(camp, ptce)


def saved_response(campaign_id: int, slug: str) -> Response:
    found = response(campaign_id, slug)
    if found.id is None:
        abort(404)
    return found



def edit_definition(form, shown: dict, save) -> tuple[bool, object, list[str]]:
    """A JSON definition form: ``(saved, what save returned, problems)``.

    On a valid post the JSON is parsed and given to ``save``; a parse error or a refused
    definition comes back as problems to list. On a first display the form shows ``shown``.
    """
    if form.validate_on_submit():
        try:
            return True, save(json.loads(form.definition.data)), []
        except json.JSONDecodeError as exc:
            return False, None, [_("JSON invalide, ligne %(line)s : %(msg)s", line=exc.lineno, msg=exc.msg)]
        except DefinitionError as exc:
            return False, None, exc.messages
    if not form.is_submitted():
        form.definition.data = json.dumps(shown, ensure_ascii=False, indent=2)
    return False, None, []
