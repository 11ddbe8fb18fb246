"""Shared fixtures: a migrated database (SQLite, or PostgreSQL via CELLULE_TEST_DATABASE_URL),
an app per test, clients, people and PTCE factories, a real SMTP server on loopback.

The schema is built once per session by running the migrations, never by
``create_all``, so every test also exercises them. After each test every table
but the reference data is emptied, which also suits tests where several
processes or threads commit for real.
"""
from __future__ import annotations

import itertools
from contextlib import contextmanager
import os
import threading
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from cellule import create_app
from cellule.extensions import db
from tests.leaks import _nothing_left_at_session_end, _nothing_left_by_the_test  # noqa: F401 — autouse checks

REFERENCE_TABLES = {"region", "alembic_version"}
PASSWORD = "correct horse battery staple"
# People whose role requires two-factor sign-in are enrolled with this secret by
# make_user; AuthActions.login answers the code step with it.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("CELLULE_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _test_config(database_url: str, tmp_path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": "cellule.test",
        "BASE_URL": None,  # links in mail follow SERVER_NAME here, whatever the environment says
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MAIL_SERVER": None,
        "MAIL_SUPPRESS_SEND": False,  # Flask-Mail would swallow mail under TESTING; we test real SMTP
        "OUTBOX_DELIVER_INLINE": False,
    }


@pytest.fixture(scope="session")
def _migrated(database_url, tmp_path_factory):
    """Build the schema once, from an empty database, through the migrations."""
    from flask_migrate import upgrade

    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("setup")))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE"))
                conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return database_url


def _empty_tables() -> None:
    """Delete every row but the reference data, children first.

    DELETE on near-empty tables is far cheaper than TRUNCATE on PostgreSQL
    (which rewrites every table file), and ids need not restart.
    """
    from cellule.database import UNMANAGED_TABLE_PREFIXES

    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    db.session.rollback()
    with db.engine.begin() as conn:
        existing = set(sa.inspect(conn).get_table_names())
        for name in UNMANAGED_TABLE_PREFIXES:  # full-text index tables the models do not describe
            if name in existing:
                conn.execute(sa.text(f'DELETE FROM "{name}"'))
        for table in tables:
            conn.execute(table.delete())


@pytest.fixture
def app(_migrated, tmp_path, request):
    """An application bound to the migrated test database; emptied after the test."""
    extra = getattr(request, "param", None) or {}
    marker = request.node.get_closest_marker("config")
    if marker:
        extra = {**extra, **marker.kwargs}
    app = create_app({**_test_config(_migrated, tmp_path), **extra})
    ctx = app.app_context()
    ctx.push()
    try:
        yield app
    finally:
        db.session.remove()
        _empty_tables()
        db.engine.dispose()
        ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def other_app(app):
    """Build another app from the test app's configuration plus changes; its pool is closed after."""
    made = []

    def make(**changes):
        new = create_app({**app.config, **changes}, instance_path=app.instance_path)
        made.append(new)
        return new

    yield make
    for new in made:
        with new.app_context():
            db.session.remove()
            db.engine.dispose()


# -- factories ----------------------------------------------------------------
_counter = itertools.count(1)


@pytest.fixture
def region(app):
    """Look a region up by slug: ``region("hauts-de-france")``."""
    from cellule.blueprints.directory.models import Region

    def get(slug: str = "hauts-de-france") -> Region:
        found = db.session.scalar(sa.select(Region).where(Region.slug == slug))
        assert found is not None, slug
        return found

    return get


@pytest.fixture
def make_ptce(region):
    """Create and commit a PTCE: ``make_ptce("bretagne", name=…, stage=…)``."""
    from cellule.blueprints.directory.demo import demo_siret
    from cellule.blueprints.directory.models import Ptce
    from cellule.blueprints.directory.reference import Stage

    def make(region_slug: str = "hauts-de-france", **fields) -> Ptce:
        n = next(_counter)
        reg = region(region_slug)
        sectors = fields.pop("sectors", ["employment"])
        activities = fields.pop("activity_types", ["project_support"])
        values = dict(name=f"PTCE {n}", slug=f"ptce-{n}", region=reg, stage=Stage.DEVELOPING,
                      department_code="974" if reg.code == "04" else "59", siret=demo_siret(5000 + n))
        values.update(fields)
        ptce = Ptce(**values)
        ptce.sectors = sectors
        ptce.activity_types = activities
        db.session.add(ptce)
        db.session.commit()
        return ptce

    return make


@pytest.fixture
def make_user(app, region, make_ptce):
    """Create and commit a person with one role.

    ``make_user("coordinator", region="bretagne")``, ``make_user("ptce_member", ptce=p,
    referent=True)``, ``make_user("council_admin")``, ``make_user(None)`` (no role).
    A PTCE member without ``ptce`` gets a new PTCE in ``region`` (default Hauts-de-France).
    Every test person's password is ``conftest.PASSWORD``.
    """
    from cellule.blueprints.auth import services
    from cellule.blueprints.auth.models import PartnerKind, Role
    from cellule.database import utcnow

    def make(role: str | None = "ptce_member", *, region: str | None = None, ptce=None,
             referent: bool = False, email: str | None = None, name: str | None = None,
             partner_kind: str = "elected", **attrs):
        n = next(_counter)
        user = services.create_user(email or f"person{n}@example.org", name or f"Personne {n}", PASSWORD)
        for key, value in attrs.items():
            setattr(user, key, value)
        if role == "ptce_member" and ptce is None:
            ptce = make_ptce(region or "hauts-de-france")
        if role in app.config["TWO_FACTOR_REQUIRED_ROLES"] and "totp_secret" not in attrs:
            user.totp_secret, user.totp_enabled_at = TOTP_SECRET, utcnow()
        if role is not None:
            reg = _region_fixture(region) if region else None
            if role in ("coordinator", "partner") and reg is None:
                reg = _region_fixture("hauts-de-france")
            services.grant(user, Role(role), region=reg, ptce=ptce, referent=referent,
                           partner_kind=PartnerKind(partner_kind) if role == "partner" else None)
        db.session.commit()
        return user

    _region_fixture = region
    return make


@dataclass
class AuthActions:
    """Sign in and out through the real pages, second factor included.

    ``login`` posts the password; when the app asks for the TOTP code, it posts
    the current code of the person's secret (``TOTP_SECRET`` for people made by
    ``make_user``) and returns that response instead.
    """

    client: object

    def login(self, user_or_email, password: str = PASSWORD):
        email = getattr(user_or_email, "email", user_or_email)
        response = self.client.post("/connexion", data={"email": email, "password": password})
        if response.status_code == 302 and response.headers["Location"].endswith("/connexion/verification"):
            response = self.second_factor(email)
        return response

    def second_factor(self, email: str):
        """Post the current TOTP code; the replay guard is reset so a test may sign in twice."""
        import pyotp

        from cellule.blueprints.auth.models import User

        user = db.session.scalar(sa.select(User).where(User.email == email.lower()))
        user.totp_last_step = None
        secret = user.totp_secret
        db.session.commit()
        return self.client.post("/connexion/verification", data={"code": pyotp.TOTP(secret).now()})

    def logout(self):
        return self.client.post("/deconnexion")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login(auth, make_user):
    """Create a person and sign them in: ``login("coordinator", region="bretagne")``."""

    def do(role: str | None = "ptce_member", **kwargs):
        user = make_user(role, **kwargs)
        response = auth.login(user)
        assert response.status_code == 302, response.data[:500]
        return user

    return do


# -- mail ---------------------------------------------------------------------
@dataclass
class SmtpSink:
    """A real SMTP server on loopback that records what it accepts."""

    host: str
    port: int
    messages: list = field(default_factory=list)
    # Reply codes to give (in order) before accepting, e.g. ["451 4.3.0 try later"].
    refusals: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def parsed(self):
        """The accepted messages as email.message.EmailMessage objects."""
        import email
        from email import policy

        return [email.message_from_bytes(m["data"], policy=policy.default) for m in self.messages]


@pytest.fixture
def smtp_server():
    """An aiosmtpd server on a free loopback port; ``mail_to`` points the app at it."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink("127.0.0.1", 0)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            with sink.lock:
                if sink.refusals:
                    return sink.refusals.pop(0)
                sink.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                      "data": envelope.original_content or envelope.content})
            return "250 OK"

    import socket

    with socket.socket() as probe:  # aiosmtpd needs a concrete port: borrow a free one
        probe.bind(("127.0.0.1", 0))
        sink.port = probe.getsockname()[1]
    # A loaded machine may take more than aiosmtpd's default 5 s to start the loop.
    controller = Controller(Handler(), hostname="127.0.0.1", port=sink.port, ready_timeout=30)
    try:
        controller.start()
        yield sink
    finally:
        controller.stop(no_assert=True)  # joins the server thread, which closes its loop
        if not controller.loop.is_closed():  # the thread failed before serving
            controller.loop.close()


@pytest.fixture
def mail_to(app, smtp_server):
    """Point the app's mail at the loopback SMTP server and return the server."""
    app.config.update(MAIL_SERVER=smtp_server.host, MAIL_PORT=smtp_server.port,
                      MAIL_USE_TLS=False, MAIL_USE_SSL=False)
    app.extensions["mail"].server = smtp_server.host
    app.extensions["mail"].port = smtp_server.port
    app.extensions["mail"].suppress = False  # Flask-Mail suppresses sending when TESTING is on
    return smtp_server


@pytest.fixture
def outbox(app):
    """The queued mail rows, newest last: ``outbox()``."""
    from cellule.mail import OutboxMessage

    def rows(recipient: str | None = None):
        query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
        if recipient:
            query = query.where(OutboxMessage.recipient == recipient)
        return list(db.session.scalars(query))

    return rows


# -- SQL statement counting ------------------------------------------------------
class QueryCounter:
    """Counts statements sent to the database (``before_cursor_execute``), keeping their text."""

    def __init__(self):
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @contextmanager
    def count(self, cold: bool = True):
        """Count the statements run inside the block.

        ``cold`` empties the session first (no identity map), so what a request loads does
        not depend on what the test loaded before; pass False to keep the test's objects
        attached (their attributes are then only expired).
        """
        if cold:
            db.session.remove()
        else:
            db.session.expire_all()
        self.statements = []
        sa.event.listen(db.engine, "before_cursor_execute", self._record)
        try:
            yield self
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", self._record)

    def __len__(self) -> int:
        return len(self.statements)

    def report(self) -> str:
        return "\n".join(f"{i}. {s.split()[0]} … {s[:160]!r}" for i, s in enumerate(self.statements, 1))


@pytest.fixture
def queries(app) -> QueryCounter:
    return QueryCounter()


# -- A clock set to a chosen instant ---------------------------------------------
WINTER = "2026-12-15T10:00:00+00:00"
SUMMER = "2027-06-15T10:00:00+00:00"


@pytest.fixture
def clock(monkeypatch):
    """Set the app's clock: ``clock("2026-12-15T10:00:00+00:00")`` (or ``clock(WINTER)``).

    Every module of cellule reads the time through ``database.utcnow`` (imported by
    name), so each imported copy is replaced; tests about offsets run once with the
    clock in winter and once in summer, and cannot pass only in one season.
    """
    import sys
    from datetime import datetime

    from cellule import database

    current = [database.utcnow]

    def set_to(moment: str):
        frozen = datetime.fromisoformat(moment)

        def utcnow():
            return frozen

        for name, module in list(sys.modules.items()):
            if name.startswith("cellule") and getattr(module, "utcnow", None) is current[0]:
                monkeypatch.setattr(module, "utcnow", utcnow)
        current[0] = utcnow
        return frozen

    return set_to
