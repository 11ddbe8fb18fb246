"""The files of a campaign's exports, by name: one table shared by the council pages and the API.

A name is ``collecte-<year>-<id>-<part>`` plus ``datapackage.json``; the data
package's relative paths resolve beside it, whichever URL served it.
"""
from __future__ import annotations

from flask import Response, jsonify, stream_with_context

from ...spreadsheet import CSV_MIMETYPE, FRENCH_EXCEL, STANDARD, XLSX_MIMETYPE, file_chunks
from . import dashboard, exports, lines, published, workbooks
from .models import Campaign

DATAPACKAGE = "datapackage.json"
# part → (what, dialect); the CSV without suffix is the standard one (tools, data package).
PARTS = {
    "long.csv": ("long", STANDARD), "long-excel.csv": ("long", FRENCH_EXCEL), "large.xlsx": ("large", None),
    "agregats.csv": ("aggregates", STANDARD), "agregats-excel.csv": ("aggregates", FRENCH_EXCEL),
    "agregats.xlsx": ("aggregates", None),
}
NAME_PATTERN = r"^(datapackage\.json|collecte-[0-9]{4}-[0-9]+-(" + "|".join(
    p.replace(".", r"\.") for p in PARTS) + "))$"


def stem(campaign: Campaign) -> str:
    return f"collecte-{campaign.year}-{campaign.id}"


def names(campaign: Campaign) -> list[str]:
    return [f"{stem(campaign)}-{part}" for part in PARTS] + [DATAPACKAGE]


def response(campaign: Campaign, name: str) -> Response | None:
    """The download called ``name``, streamed; None when the campaign has no such file.

    The long CSV is sent from the snapshots' stored lines; those missing are stored
    first (flushed: the view commits, so that it happens once). The wide XLSX is
    served from storage while its snapshots are the latest (``workbooks``).
    """
    if name == DATAPACKAGE:
        return jsonify(exports.datapackage(campaign, stem(campaign)))
    prefix = stem(campaign) + "-"
    part = name[len(prefix):] if name.startswith(prefix) else None
    if part not in PARTS:
        return None
    what, dialect = PARTS[part]
    if what == "long" and dialect is not None:
        lines.fill(campaign, dialect)
        body = stream_with_context(lines.stream(campaign, dialect))
    elif what == "large":
        body = workbooks.wide_chunks(campaign)
    elif dialect is not None:
        body = published.csv(dashboard.compute(campaign), dialect)
    else:
        body = file_chunks(published.xlsx(dashboard.compute(campaign)))
    return Response(body, mimetype=CSV_MIMETYPE if dialect else XLSX_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
