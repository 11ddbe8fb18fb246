"""Topic keys of needs, offers and cycles, built on the shared SUPPORT_TOPICS taxonomy.

A key is a SUPPORT_TOPICS code, or ``sector:<SECTORS code>`` for sector know-how,
so a cycle can hold several topics in one JSON list and figures can count them.
"""
from __future__ import annotations

from ..directory.reference import SECTORS, SUPPORT_TOPICS

SECTOR = "sector"


def topic_key(topic: str, sector: str | None = None) -> str:
    """The key of a topic; sector know-how carries its sector code."""
    return f"{SECTOR}:{sector}" if topic == SECTOR and sector else topic


def split_key(key: str) -> tuple[str, str | None]:
    """``"sector:energy"`` → ``("sector", "energy")``; ``"hr"`` → ``("hr", None)``."""
    topic, _, sector = key.partition(":")
    return topic, sector or None


def is_valid(topic: str, sector: str | None) -> bool:
    """A known topic; sector know-how needs a known sector, other topics none."""
    if topic not in SUPPORT_TOPICS:
        return False
    if topic == SECTOR:
        return sector in SECTORS
    return not sector


def topic_label(key: str) -> str:
    """A French label: "Gouvernance", "Savoir-faire sectoriel : Énergie, transition énergétique"."""
    topic, sector = split_key(key)
    label = str(SUPPORT_TOPICS.get(topic, topic))
    if sector:
        return f"{label} : {SECTORS.get(sector, sector)}"
    return label


def topic_choices() -> list[tuple[str, object]]:
    return list(SUPPORT_TOPICS.items())


def sector_choices() -> list[tuple[str, object]]:
    return [("", "—")] + list(SECTORS.items())


def key_choices() -> list[tuple[str, str]]:
    """Every topic key, sector know-how expanded per sector (for multi-topic cycle forms)."""
    keys = [(code, str(label)) for code, label in SUPPORT_TOPICS.items() if code != SECTOR]
    keys += [(topic_key(SECTOR, code), topic_label(topic_key(SECTOR, code))) for code in SECTORS]
    return keys
