"""Loading the one object a page is about: found and in the page's region, or 404.

Flask-SQLAlchemy's ``db.get_or_404(Model, id)`` and ``db.first_or_404(select)`` answer 404
for a missing row; use them for objects that belong to no region. On a region's pages a row
of another region must be "not found" as well, so that its existence does not leak (404, not
403): ``in_region_or_404`` adds that condition to the query.
"""
from __future__ import annotations

import sqlalchemy as sa

from .extensions import db


def region_clause(model, region):
    """SQL: a row of ``model`` belongs to ``region`` (``None``: to no region, a national row).

    A model whose region is not its own ``region_id`` column (a mentoring cycle involves
    several regions, a need is its PTCE's) gives the condition as a classmethod
    ``of_region(region_id)``.
    """
    if region is None:
        return model.region_id.is_(None)
    of_region = getattr(model, "of_region", None)
    return of_region(region.id) if of_region is not None else model.region_id == region.id


def in_region_or_404(region, model, *where, options=()):
    """The row of ``model`` meeting ``where`` (``Model.id == …``) that belongs to ``region``;
    404 when there is none, whether it is missing or another region's."""
    return db.first_or_404(sa.select(model).where(region_clause(model, region), *where).options(*options))
