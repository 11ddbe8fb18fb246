"""Directory text search: case, accents and French word endings ignored, on both databases.

It reuses the resource sheets' French stemming (``resources.search``): on SQLite
each word of the name, territory and description is stemmed and folded by the
``fr_stems`` SQL function (registered on every SQLite connection, see
``database.py``) and each query stem must start one of them; on PostgreSQL the
text goes through the ``french_unaccent`` configuration the resources migration
created, and each query word is a prefix lexeme. ``écopôle``, ``Ecopole`` and
``ECOPÔLE`` all find « Écopôle »; ``cooperation`` finds « coopération ».
"""
from __future__ import annotations

import re

import sqlalchemy as sa

from ...extensions import db
from ..resources.search import query_terms
from .models import Ptce

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def _document():
    return sa.func.coalesce(Ptce.name, "") + " " + sa.func.coalesce(Ptce.territory, "") + " " \
        + sa.func.coalesce(Ptce.description, "")


def text_condition(q: str):
    """A WHERE clause matching PTCE whose text holds every word of ``q``; None if ``q`` has none."""
    if db.session.get_bind().dialect.name == "postgresql":
        words = _WORD.findall(q)[:MAX_WORDS]
        if not words:
            return None
        config = sa.literal_column("'french_unaccent'::regconfig")
        query = " & ".join(f"{w}:*" for w in words)
        return sa.func.to_tsvector(config, _document()).op("@@")(sa.func.to_tsquery(config, query))
    terms = query_terms(q)[:MAX_WORDS]
    if not terms:
        return None
    stemmed = " " + sa.func.fr_stems(_document())
    return sa.and_(*(stemmed.like(f"% {t}%") for t in terms))
