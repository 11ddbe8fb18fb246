"""Sample URL values of the resource-sheet routes for the isolation walk, built in region A."""
from __future__ import annotations

import base64
import io

# The smallest valid PNG (1×1), so an attachment exists for the download route.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def _chain(w):
    if "resources" in w.extra:
        return w.extra["resources"]
    from cellule.blueprints.resources import services, uploads
    from cellule.blueprints.resources.reference import Category

    content = services.Content(title="Fiche A", category=Category.LEGAL, summary="", body="Texte.",
                               tags=[], topics=[], sectors=[], review_by=None)
    sheet = services.create_sheet(content, w.member_a, region=w.ptce_a.region, ptce=w.ptce_a)
    services.publish(sheet)
    attachment = services.add_attachment(sheet, uploads.store(io.BytesIO(PNG), "schema.png"), w.member_a)
    proposal = services.propose_national(sheet, w.member_a, "Utile partout.")
    w.extra["resources"] = {"sheet_id": sheet.id, "attachment_id": attachment.id, "proposal_id": proposal.id}
    return w.extra["resources"]


SAMPLES = {
    "sheet_id": lambda w: _chain(w)["sheet_id"],
    "attachment_id": lambda w: _chain(w)["attachment_id"],
    "proposal_id": lambda w: _chain(w)["proposal_id"],
    "number": lambda w: 1,
    "decision": lambda w: "accepter",
}

# A published sheet is public; its history (published versions only) is open to any signed-in
# person, wherever they work, so writers' names are not shown to anonymous visitors.
OPEN_TO_OTHER_REGIONS = {
    "resources.history": "history of a published sheet, readable by any signed-in person",
    "resources.revision": "one published version of a sheet, readable by any signed-in person",
}
