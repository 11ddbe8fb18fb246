"""What the visits pages read and show, through Core: the lists' cards (a region's visits to come and
past, the inter-regional list, the home's next ones), their seat counts, and a visit's participants.
``services`` keeps the writes (creating, changing, registering, attending)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ..auth.models import User
from ..directory.models import Ptce, Region
from .models import ACTIVE, Registration, RegistrationStatus, Visit, VisitStatus


class ListedRegistration(NamedTuple):
    """What the visit page shows of a registration: who, for which PTCE, where they stand."""

    id: int
    status: RegistrationStatus
    waitlist_position: int | None
    show_name: bool
    name: str
    ptce_name: str | None


@functools.cache
def _active_statement() -> sa.Select:
    """``listed_registrations``' statement, built once (the visit is a bound parameter)."""
    return (sa.select(Registration.id, Registration.status, Registration.waitlist_position, Registration.show_name,
                      User.name, Ptce.name)
            .join(User, User.id == Registration.user_id).outerjoin(Ptce, Ptce.id == Registration.ptce_id)
            .where(Registration.visit_id == sa.bindparam("visit_id"), Registration.status.in_(ACTIVE))
            .order_by(Registration.status, Registration.waitlist_position, Registration.id))


def listed_registrations(visit: Visit) -> list[ListedRegistration]:
    """``active_registrations`` as the visit page lists them, through Core (a row, not a registration with
    its person and PTCE objects)."""
    return [ListedRegistration(*row) for row in db.session.execute(_active_statement(), {"visit_id": visit.id})]


def counts(visit_ids: list[int]) -> dict[int, dict[str, int]]:
    """Confirmed and waiting counts per visit, in one query (for lists)."""
    result = {vid: {"confirmed": 0, "waiting": 0} for vid in visit_ids}
    if not visit_ids:
        return result
    for vid, status, n in db.session.execute(_counts_statement(), {"ids": visit_ids}):
        result[vid]["confirmed" if status is RegistrationStatus.CONFIRMED else "waiting"] += n
    return result


@functools.cache
def _counts_statement() -> sa.Select:
    """``counts``' statement, built once (the visits are an expanding bound parameter)."""
    return (sa.select(Registration.visit_id, Registration.status, sa.func.count())
            .where(Registration.visit_id.in_(sa.bindparam("ids", expanding=True)), Registration.status.in_(ACTIVE))
            .group_by(Registration.visit_id, Registration.status))


# A visit under way shows among a home's next visits if it began this recently (bounds the range read).
ONGOING_SHOWN = timedelta(days=31)


@functools.lru_cache(maxsize=16)
def _region_statement(upcoming: bool, include_drafts: bool, limited: bool) -> sa.Select:
    """``region_list``' statement, built once per direction, drafts rule and cut (the region, the moment and
    the page's bounds are bound parameters: building and hashing a statement cost as much as running it).

    Each reads one bounded range of ``ix_visit_region_starts`` in order: a visit to come (or under way)
    began at most 31 days ago; a past one began before now.
    """
    now = sa.bindparam("now")
    query = sa.select(*LISTED).where(Visit.region_id == sa.bindparam("region_id"))
    if not include_drafts:
        query = query.where(Visit.status != VisitStatus.DRAFT)
    if upcoming:
        query = (query.where(Visit.starts_at >= sa.bindparam("since"), Visit.ends_at >= now)
                 .order_by(Visit.starts_at, Visit.id))
    else:
        query = query.where(Visit.starts_at < now, Visit.ends_at < now).order_by(Visit.starts_at.desc(),
                                                                                  Visit.id.desc())
    query = query.join(Region, Region.id == Visit.region_id).join(Ptce, Ptce.id == Visit.host_ptce_id)
    return query.limit(sa.bindparam("limit")).offset(sa.bindparam("offset")) if limited else query


@dataclass(slots=True)
class Listed:
    """A visit as a list's card shows it: the columns it shows, read through Core (no ORM instance,
    no relationship, no JSON column), with its region's and host's names."""

    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    status: VisitStatus
    capacity: int
    open_to_other_regions: bool
    region_id: int
    region_slug: str
    region_name: str
    timezone: str
    host_name: str


# What a card shows; the region and the host by inner joins on their keys (every visit has both).
LISTED = (Visit.id, Visit.title, Visit.starts_at, Visit.ends_at, Visit.status, Visit.capacity,
          Visit.open_to_other_regions, Visit.region_id, Region.slug, Region.name, Region.timezone, Ptce.name)


def _listed(query, limit: int | None, offset: int) -> list[Listed]:
    query = (query.join(Region, Region.id == Visit.region_id).join(Ptce, Ptce.id == Visit.host_ptce_id)
             .limit(limit).offset(offset))
    return [Listed(*row) for row in db.session.execute(query)]


def region_list(region: Region, *, upcoming: bool, include_drafts: bool,
                now: datetime | None = None, limit: int | None = None, offset: int = 0) -> list[Listed]:
    """A region's visits to come (soonest first) or past (latest first), cut at ``limit``: a page of
    its list, or the home's next ones; the columns a card shows."""
    now = now or utcnow()
    values = {"region_id": region.id, "now": now, "since": now - ONGOING_SHOWN, "limit": limit, "offset": offset}
    statement = _region_statement(upcoming, include_drafts, limit is not None)
    return [Listed(*row) for row in db.session.execute(statement, values)]


def national_visits(now: datetime | None = None, *, limit: int | None = None, offset: int = 0) -> list[Listed]:
    """Upcoming published visits open to members of other regions, soonest first: the columns a card shows."""
    return _listed(sa.select(*LISTED).where(Visit.status == VisitStatus.PUBLISHED, Visit.open_to_other_regions,
                                            Visit.starts_at > (now or utcnow())).order_by(Visit.starts_at, Visit.id),
                   limit, offset)
