"""Growers of the resource library: sheets (indexed for search), their revisions, attachments, proposals."""
from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from cellule.blueprints.resources import pending, search, tallies
from cellule.blueprints.resources.models import (Attachment, NationalProposal, Revision, Sheet, SheetSector,
                                                 SheetTag, SheetTopic)
from cellule.blueprints.resources.reference import (Category, ProposalStatus, RevisionState, Scope,
                                                    SheetStatus)
from cellule.database import utcnow
from cellule.extensions import db

from ..rows import World, insert, serial

_CATEGORIES = list(Category)
_STATUSES = (SheetStatus.PUBLISHED, SheetStatus.PUBLISHED, SheetStatus.DRAFT, SheetStatus.ARCHIVED)
BODY = "La **coopérative** mutualise ses moyens : gouvernance partagée, statuts et financement."


def add_sheets(world: World, n: int) -> list[int]:
    """``n`` sheets: regional (the world's region) and national, of every status, some overdue for review,
    each with tags, a topic, a sector, its first revision, and search index rows; some with an attachment,
    a proposed change and a national proposal."""
    now = utcnow()
    rows = [_sheet(world, i, now) for i in range(n)]
    ids = insert(Sheet, rows, "title")
    _links_and_history(world, ids, rows, now)
    search.index_new_sheets([SimpleNamespace(id=s, title=r["title"], summary=r["summary"], body=BODY,
                                             tags=["commun", f"t{s % 7}"]) for s, r in zip(ids, rows)])
    tallies.rebuild(db.session.connection())
    pending.rebuild(db.session.connection())
    db.session.commit()
    return ids


def _sheet(world: World, i: int, now) -> dict:
    """The ``i``-th sheet: one national in five, every status in turn, one in three overdue for review."""
    k, status, national = next(serial), _STATUSES[i % 4], i % 5 == 4
    return dict(title=f"Coopérative fiche {k:05d}", summary="Mutualiser entre structures.", body=BODY,
                category=_CATEGORIES[i % len(_CATEGORIES)],
                scope=Scope.NATIONAL if national else Scope.REGIONAL,
                status=status, region_id=None if national else world.region_id,
                author_ptce_id=None if national else world.ptce_id, created_by_id=world.user_id,
                review_by=date.today() - timedelta(days=1 + i % 30) if i % 3 == 0 else None,
                created_at=now, updated_at=now,
                published_at=now if status is not SheetStatus.DRAFT else None,
                archived_at=now if status is SheetStatus.ARCHIVED else None)


def _links_and_history(world: World, ids: list[int], rows: list[dict], now) -> None:
    """Tags, topic and sector, the first revision, and for some an attachment, a proposed change, a national proposal."""
    insert(SheetTag, [dict(sheet_id=s, tag=t) for s in ids for t in ("commun", f"t{s % 7}")])
    insert(SheetTopic, [dict(sheet_id=s, code="legal") for s in ids])
    insert(SheetSector, [dict(sheet_id=s, code="energy") for s in ids])
    insert(Revision, [dict(sheet_id=s, number=1, state=RevisionState.APPLIED, author_id=world.user_id, title=r["title"],
                           summary=r["summary"], body=BODY, category=r["category"], tags=["commun"],
                           created_at=now) for s, r in zip(ids, rows)])
    insert(Revision, [dict(sheet_id=s, number=2, state=RevisionState.PROPOSED, author_id=world.user_id,
                           title=r["title"] + " (révisée)", body=BODY, category=r["category"], created_at=now)
                      for i, (s, r) in enumerate(zip(ids, rows)) if i % 4 == 1])
    insert(Attachment, [dict(sheet_id=s, filename="statuts.pdf", stored_name=f"perf{next(serial):06d}.pdf",
                             kind="pdf", size=1024, sha256="0" * 64, uploaded_by_id=world.user_id, created_at=now)
                        for i, s in enumerate(ids) if i % 2 == 0])
    insert(NationalProposal, [dict(sheet_id=s, region_id=r["region_id"], status=ProposalStatus.PENDING,
                                   proposed_by_id=world.user_id,
                                   motivation="Utile partout.", created_at=now)
                              for i, (s, r) in enumerate(zip(ids, rows))
                              if r["scope"] is Scope.REGIONAL and r["status"] is SheetStatus.PUBLISHED and i % 3 == 0])


def grow_sheets(world: World, n: int) -> None:
    add_sheets(world, n)


def the_sheet(world: World) -> int:
    return world.once("sheet", lambda: add_sheets(world, 1)[0])


def grow_sheet_history(world: World, n: int) -> None:
    """One published sheet with ``n`` more revisions (applied and proposed) and ``n`` attachments."""
    sheet = the_sheet(world)
    start = world.extra.get("revisions", 2)
    now = utcnow()
    insert(Revision, [dict(sheet_id=sheet, number=start + i, author_id=world.user_id, title=f"Version {start + i}",
                           state=RevisionState.PROPOSED if i % 3 == 0 else RevisionState.APPLIED,
                           body=BODY + f" Ajout {i}.", category=Category.LEGAL, tags=["commun"], created_at=now)
                      for i in range(n)])
    world.extra["revisions"] = start + n
    pending.rebuild(db.session.connection())
    insert(Attachment, [dict(sheet_id=sheet, filename=f"annexe-{i}.pdf", stored_name=f"perf{next(serial):06d}.pdf",
                             kind="pdf", size=2048, sha256="1" * 64, uploaded_by_id=world.user_id, created_at=now)
                        for i in range(n)])


def sheet_url(world: World, suffix: str = "") -> str:
    return f"/{world.region_slug}/fiches/{the_sheet(world)}{suffix}"
