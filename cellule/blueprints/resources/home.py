"""The latest sheets, shown on a region's workspace home."""
from __future__ import annotations

from . import library


def region_section(region) -> dict:
    """The region's newest published sheets and national ones."""
    return {"template": "resources/_home.html", "sheets": library.latest(region, limit=5)}
