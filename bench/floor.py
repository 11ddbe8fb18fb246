"""The floor: three 10-line Flask apps served by ``make bench`` under cellule's gunicorn settings.

What Flask itself allows on this machine, for the three kinds of work a page does:

* ``nodb`` — Flask answers a short text, no database;
* ``core`` — one SQLAlchemy Core query (a region by its slug), its name as text;
* ``orm``  — an ORM ``Session.get`` of a region and a small Jinja page.

Each reads ``CELLULE_DATABASE_URL`` like cellule; ``bench.run`` serves them as
``bench.floor:nodb`` (…``:core``, ``:orm``) and prints each page's ratio to the
floor that matches its work (``bench.pages.Page.floor``).
"""
from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, render_template_string
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

PATH = "/floor"
_URL = os.environ.get("CELLULE_DATABASE_URL", "sqlite://")
_engine = sa.create_engine(_URL, pool_pre_ping=False)
_BY_SLUG = sa.text("SELECT name FROM region WHERE slug = :slug")
_PAGE = ("<!doctype html><html lang=fr><head><title>{{ r.name }}</title></head>"
         "<body><h1>{{ r.name }}</h1><p>{{ r.code }} · {{ r.slug }}</p></body></html>")


class _Base(DeclarativeBase):
    pass


class _Region(_Base):
    __tablename__ = "region"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str]
    name: Mapped[str]
    slug: Mapped[str]


nodb = Flask("floor_nodb")
core = Flask("floor_core")
orm = Flask("floor_orm")


@nodb.get(PATH)
def _nodb():
    return "ok\n"


@core.get(PATH)
def _core():
    with _engine.connect() as conn:
        return conn.execute(_BY_SLUG, {"slug": "bretagne"}).scalar_one() + "\n"


@orm.get(PATH)
def _orm():
    with Session(_engine) as session:
        return render_template_string(_PAGE, r=session.get(_Region, 1))


FLOORS = ("nodb", "core", "orm")


def measure(label: str, env: dict, args) -> list[dict]:
    """``bench.run``: each floor app under gunicorn (same settings as cellule), loaded like a page."""
    from .run import Server, load

    out = []
    for name in FLOORS:
        server = Server(f"bench.floor:{name}", env, args.workers)
        try:
            server.wait(PATH)
            print(f"  floor: {name} …", flush=True)
            if args.warmup:
                load(server.url + PATH, {}, args.warmup, args.connections)
            out.append({"database": label, "floor": name,
                        "app": load(server.url + PATH, {}, args.duration, args.connections)})
        finally:
            server.stop()
    return out
