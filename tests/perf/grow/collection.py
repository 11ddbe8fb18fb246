"""Growers of the data-collection pages and of the council API: campaigns, responses, snapshots."""
from __future__ import annotations

from datetime import date
from itertools import count

import sqlalchemy as sa
from flask import current_app

from cellule.blueprints.auth.models import Role
from cellule.blueprints.collection import national
from cellule.blueprints.collection.lifecycle import CampaignStatus, ResponseStatus
from cellule.blueprints.collection.models import AuditEntry, Campaign, Questionnaire, Response, ReviewComment
from cellule.blueprints.collection.snapshots import Snapshot, content_hash
from cellule.blueprints.directory.models import Region
from cellule.database import utcnow
from cellule.extensions import db
from tests.collection.conftest import complete_answers

from ..rows import World, add_people, add_ptce, insert, serial

# One campaign per year (a unique constraint): each grown campaign takes the next year. Rows are
# emptied after each test, so wrapping within 8,000 years never meets a year still in use.
_years = count()
_CAMPAIGN_STATUSES = (CampaignStatus.OPEN, CampaignStatus.CLOSED, CampaignStatus.DRAFT)
_RESPONSE_STATUSES = [s for s in ResponseStatus if s is not ResponseStatus.NOT_STARTED]


def questionnaire(world: World) -> int:
    """The national questionnaire (v1, published), made once."""
    def make():
        from cellule.blueprints.collection import services

        with current_app.test_request_context():
            q = services.ensure_national_questionnaire()
            db.session.commit()
            return q.id
    return world.once("questionnaire", make)


def add_campaigns(world: World, n: int, status: CampaignStatus | None = None) -> list[int]:
    q, now = questionnaire(world), utcnow()
    return insert(Campaign, [dict(year=1000 + next(_years) % 8000, title=f"Collecte {next(serial):05d}",
                                  opens_on=date(2025, 1, 1), closes_on=date(2030, 12, 31), questionnaire_id=q,
                                  status=status or _CAMPAIGN_STATUSES[i % 3], created_at=now, updated_at=now)
                             for i in range(n)], "title")


def add_responses(world: World, campaign_id: int, ptce_ids: list[int], region_ids: list[int]) -> None:
    now, answers = utcnow(), complete_answers()
    insert(Response, [dict(campaign_id=campaign_id, ptce_id=p, region_id=r, questionnaire_id=questionnaire(world),
                           status=_RESPONSE_STATUSES[i % len(_RESPONSE_STATUSES)], answers=answers,
                           justifications={}, acknowledged={}, submitted_at=now, created_at=now, updated_at=now)
                      for i, (p, r) in enumerate(zip(ptce_ids, region_ids))])


def add_snapshots(world: World, campaign_id: int, region_ids: list[int], entries: int = 3) -> None:
    """One more forwarded version per listed region (a region listed twice: two versions), each holding
    ``entries`` PTCE answers."""
    answers = complete_answers()
    rows = []
    for region_id in region_ids:
        version = world.extra.setdefault("versions", {}).get((campaign_id, region_id), 0) + 1
        world.extra["versions"][(campaign_id, region_id)] = version
        content = {"responses": [{"ptce": {"id": 100000 + i, "slug": f"pole-{i}", "name": f"Pôle {i}"},
                                  "questionnaire_version": 1, "validated_at": None, "answers": answers}
                                 for i in range(entries)], "figures": {"visits_held": 3}}
        rows.append(dict(campaign_id=campaign_id, region_id=region_id, version=version,
                         questionnaire_id=questionnaire(world), content=content, content_hash=content_hash(content),
                         forwarded_at=utcnow(), forwarded_by_id=world.user_id))
    insert(Snapshot, rows)


def the_campaign(world: World) -> int:
    return world.once("campaign", lambda: add_campaigns(world, 1, CampaignStatus.OPEN)[0])


def grow_campaigns(world: World, n: int) -> None:
    """``n`` campaigns, the world's PTCE answering each, other PTCE of the region answering too."""
    ids = add_campaigns(world, n)
    others = world.once("others", lambda: add_ptce(world, 3))
    for ptce in [world.ptce_id, *others]:
        insert(Response, [dict(campaign_id=c, ptce_id=ptce, region_id=world.region_id,
                               questionnaire_id=questionnaire(world), status=_RESPONSE_STATUSES[i % 5],
                               answers={}, justifications={}, acknowledged={}, created_at=utcnow(),
                               updated_at=utcnow()) for i, c in enumerate(ids)])


def grow_campaign_progress(world: World, n: int) -> None:
    """``n`` PTCE of the region answering the campaign; ``n`` forwarded versions of the region's data."""
    campaign = the_campaign(world)
    ptces = add_ptce(world, n)
    add_responses(world, campaign, ptces, [world.region_id] * n)
    add_snapshots(world, campaign, [world.region_id] * min(n, 50))


def _regions() -> list[int]:
    return list(db.session.scalars(sa.select(Region.id).order_by(Region.id)))


def grow_dashboard(world: World, n: int) -> None:
    """``n`` PTCE spread over every region, answering; every region forwards again (``n`` PTCE in all)."""
    campaign, regions = the_campaign(world), _regions()
    spread = [regions[i % len(regions)] for i in range(n)]
    ptces, owners = [], []
    for region_id in regions:
        if spread.count(region_id):
            made = add_ptce(world, spread.count(region_id), region_id=region_id)
            ptces += made
            owners += [region_id] * len(made)
    add_responses(world, campaign, ptces, owners)
    add_snapshots(world, campaign, regions, entries=max(1, n // len(regions)))


def the_response(world: World) -> int:
    """The world's PTCE's response to the campaign, made once."""
    def make():
        add_responses(world, the_campaign(world), [world.ptce_id], [world.region_id])
        return db.session.scalar(sa.select(Response.id).where(Response.ptce_id == world.ptce_id,
                                                              Response.campaign_id == the_campaign(world)))
    return world.once("response", make)


def grow_response_trail(world: World, n: int) -> None:
    """``n`` audit entries and ``n`` review comments on the response, by several people."""
    response, now = the_response(world), utcnow()
    people = world.once("reviewers", lambda: add_people(5, Role.COORDINATOR, world.region_id))
    insert(AuditEntry, [dict(response_id=response, user_id=people[i % 5] if i % 4 else None, at=now,
                             action="save", from_status="draft", to_status="draft",
                             changes={"current_members": [i, i + 1]}, note="") for i in range(n)])
    insert(ReviewComment, [dict(response_id=response, variable="current_members", body=f"À vérifier ({i}).",
                                author_id=people[i % 5] if i % 3 else None, created_at=now,
                                resolved_at=now if i % 2 else None) for i in range(n)])


def grow_council_index(world: World, n: int) -> None:
    """``n`` campaigns and ``n`` questionnaire versions."""
    add_campaigns(world, n)
    definition = db.session.get(Questionnaire, questionnaire(world)).definition
    start = world.extra.get("q_versions", 1)
    insert(Questionnaire, [dict(code=national.CODE, version=start + 1 + i, title=f"Version {start + 1 + i}",
                                definition=definition, published=i % 2 == 0, created_at=utcnow())
                           for i in range(n)])
    world.extra["q_versions"] = start + n


def campaign_url(world: World, suffix: str = "") -> str:
    return f"/{world.region_slug}/collecte/{the_campaign(world)}/{suffix}"


def response_url(world: World, suffix: str = "") -> str:
    the_response(world)
    return f"/{world.region_slug}/collecte/{the_campaign(world)}/ptce/{world.ptce_slug}{suffix}"
