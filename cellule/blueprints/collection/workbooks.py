"""A campaign's wide XLSX, built once for a given set of snapshots and served from storage.

The workbook depends on the latest snapshot of each region, the campaign's
questionnaire and the English wordings of the dictionary sheet; openpyxl writes
a workbook in one pass (its shared sheets, columns found across every snapshot),
so it is stored whole rather than in per-snapshot pieces. Its key is a digest of
what it is made of: a new snapshot, questionnaire or wording gives another key and
the next download builds it again (one row per campaign and part, replaced). The
cells are exactly those of ``exports.wide_xlsx`` (tested with openpyxl).
"""
from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from ...spreadsheet import file_chunks
from . import exports, national
from .lines import latest_ids
from .models import Campaign

# Part of the key: change it when the workbook's layout changes, so stored ones are rebuilt.
LAYOUT = 1
LARGE = "large"


class StoredWorkbook(db.Model):
    """The last built workbook of a campaign's export ``part`` and the key it was built for."""

    __tablename__ = "collection_stored_workbook"

    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_campaign.id"), primary_key=True)
    part: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    body: Mapped[bytes] = mapped_column(sa.LargeBinary)


def key(campaign: Campaign) -> str:
    """A digest of what the wide workbook is made of (snapshot ids, questionnaire, English wordings)."""
    snapshots = sorted(db.session.scalars(sa.select(latest_ids(campaign).subquery().c.id)))
    questionnaire = campaign.questionnaire
    made_of = {"layout": LAYOUT, "snapshots": snapshots, "questionnaire": [questionnaire.id, questionnaire.version],
               "definition": questionnaire.definition, "english": national.english_wordings()}
    return hashlib.sha256(json.dumps(made_of, sort_keys=True, default=str).encode()).hexdigest()


def _store(campaign_id: int, part: str, digest: str, body: bytes) -> None:
    """Insert or replace the stored workbook (a concurrent download may have stored the same one)."""
    table = StoredWorkbook.__table__
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(campaign_id=campaign_id, part=part, key=digest, body=body)
    db.session.execute(statement.on_conflict_do_update(index_elements=[table.c.campaign_id, table.c.part],
                                                       set_={"key": digest, "body": body}))


def wide(campaign: Campaign) -> bytes:
    """The wide workbook's bytes: the stored ones if still current, else built and stored (flushes)."""
    digest = key(campaign)
    stored = db.session.scalar(sa.select(StoredWorkbook.body).where(
        StoredWorkbook.campaign_id == campaign.id, StoredWorkbook.part == LARGE, StoredWorkbook.key == digest))
    if stored is not None:
        return stored
    with exports.wide_xlsx(campaign) as built:
        body = built.read()
    _store(campaign.id, LARGE, digest, body)
    db.session.flush()
    return body


def wide_chunks(campaign: Campaign) -> Iterator[bytes]:
    """The wide workbook as a response body (see ``wide``: the view commits what it stored)."""
    return file_chunks(io.BytesIO(wide(campaign)))
