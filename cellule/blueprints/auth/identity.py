"""Who is signed in, without a database round trip on every request.

The session cookie names the person and their session version (``User.get_id``).
The person's row, roles and each role's region and PTCE are kept, pickled, in a
cache shared by all workers (``identity_cache.py``: Redis when configured, else
in-process with a file that tells the other workers when to forget). A hit is
unpickled and attached to the request's database session with ``Session.add``:
a persistent object like one just loaded, whose other relationships load lazily
and which a view may change and commit. A miss loads it with one statement.

Every commit that touches a person's row or roles forgets that person; one that
touches a region or a PTCE (or any bulk statement on those four tables) forgets
everyone. It is done twice: before the commit (if the cache cannot be told, the
commit fails: a sign-out never silently stays valid) and after it (so a worker
that read the old row meanwhile cannot keep it). An entry only counts if no
change was announced since its loading began, and a miss stores what it loaded
only when its read started a fresh transaction, so a snapshot older than a
change is never stored.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import pickle  # nosec B403 — our own entries, sealed with a key derived from SECRET_KEY
import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from ...extensions import db, login_manager
from ..directory.models import Ptce, Region
from .identity_cache import make_cache
from .models import Membership, User

EXTENSION = "cellule_identity"
SEAL = "cellule_identity_seal"
_PERSON_TABLES = {User.__tablename__, Membership.__tablename__}
_SHARED_TABLES = {Region.__tablename__, Ptce.__tablename__}
# The person and their roles (with each role's region and PTCE): one statement, built once.


@functools.cache
def _load_person():
    """The statement, built once at first use: building it at import would configure the mappers
    before every feature has declared its relationships."""
    return (sa.select(User).where(User.id == sa.bindparam("uid"))
            .options(joinedload(User.memberships)))


def init_app(app) -> None:
    """Choose the cache, load people through it, and forget them when they change."""
    app.extensions[EXTENSION] = make_cache(app)
    app.extensions[SEAL] = _seal_key(app)
    login_manager.user_loader(load_user)
    if not sa.event.contains(db.session, "after_flush", _noted_flush):
        sa.event.listen(db.session, "after_flush", _noted_flush)
        sa.event.listen(db.session, "do_orm_execute", _noted_statement)
        sa.event.listen(db.session, "before_commit", _before_commit)
        sa.event.listen(db.session, "after_commit", _after_commit)
        sa.event.listen(db.session, "after_rollback", _forget_notes)


def _seal_key(app) -> bytes:
    """Entries are unpickled: only those written by this deployment (its secret key) with the
    same mapped columns (a new release's entries and an old one's never mix) are read."""
    columns = ",".join(f"{table}.{column.key}" for model in (User, Membership, Region, Ptce)
                       for table in [model.__tablename__] for column in sa.inspect(model).columns)
    material = f"cellule identity cache|{sa.__version__}|{columns}|{app.config['SECRET_KEY']}"
    return hashlib.sha256(material.encode()).digest()


def load_user(user_id: str) -> User | None:
    """The person named by the cookie, if its session version is still theirs and they are active."""
    try:
        uid, version = (int(part) for part in user_id.split(":", 1))
    except ValueError:
        return None
    session = db.session()  # the request's own Session (the scoped proxy lacks in_transaction)
    if identity_key(User, uid) in session.identity_map:
        user = session.get(User, uid)  # a session that outlives one request already holds them
    else:
        user = _from_cache(session, uid) or _from_database(session, uid)
    if user is None or user.session_version != version or not user.active:
        return None
    return user


def _from_cache(session, uid: int) -> User | None:
    payload = _opened(current_app.extensions[EXTENSION].get(uid))
    if payload is None:
        return None
    try:
        user = pickle.loads(payload)  # nosec B301 — sealed by _from_database below
    except Exception:  # noqa: BLE001 — an entry of an older code version: load afresh
        return None
    if not _share_loaded(session, user):
        return None
    session.add(user)  # detached → persistent, no SQL
    return user


def _share_loaded(session, user: User) -> bool:
    """Point the cached roles at the regions and PTCE this session already holds.

    ``Session.add`` refuses a second object with an identity already present, and
    the one present (say ``g.region``) is the fresher. A role already loaded in this
    session (rare: the person is nearly always loaded first) means: load from the database.
    """
    held = session.identity_map
    for membership in user.memberships:
        if identity_key(Membership, membership.id) in held:
            return False
        for name in ("region", "ptce"):
            obj = membership.__dict__.get(name)
            if obj is None:
                continue
            present = held.get(identity_key(type(obj), obj.id))
            if present is not None:
                set_committed_value(membership, name, present)
            elif name == "ptce" and identity_key(Region, obj.region_id) in held:
                set_committed_value(obj, "region", held.get(identity_key(Region, obj.region_id)))
    return True


def _from_database(session, uid: int) -> User | None:
    cache = current_app.extensions[EXTENSION]
    fresh = not session.in_transaction()  # our read starts the snapshot: nothing older is stored
    stamp = cache.stamp(uid)
    user = session.scalars(_load_person(), {"uid": uid}).unique().one_or_none()
    if user is not None and fresh and stamp is not None:
        cache.put(uid, stamp, _sealed(pickle.dumps(user, protocol=pickle.HIGHEST_PROTOCOL)))
    return user


def _sealed(payload: bytes) -> bytes:
    return hmac.new(current_app.extensions[SEAL], payload, "sha256").digest() + payload


def _opened(sealed: bytes | None) -> bytes | None:
    """The payload if this deployment sealed it, else None (a miss)."""
    if sealed is None:
        return None
    mac, payload = sealed[:32], sealed[32:]
    expected = hmac.new(current_app.extensions[SEAL], payload, "sha256").digest()
    return payload if hmac.compare_digest(mac, expected) else None


# -- forgetting --------------------------------------------------------------
_NOTES = "cellule_identity_changed"
_ALL = "*"


def _notes(session) -> set:
    return session.info.setdefault(_NOTES, set())


def _note_objects(session, objects) -> None:
    notes = _notes(session)
    for obj in objects:
        if isinstance(obj, User):
            if obj.id is not None:  # a new person has no entry yet
                notes.add(obj.id)
        elif isinstance(obj, Membership):
            notes.add(obj.user_id if obj.user_id is not None else _ALL)
        elif isinstance(obj, (Region, Ptce)):
            notes.add(_ALL)


def _changed(session):
    """The objects this session wrote or is about to write."""
    dirty = (obj for obj in session.dirty if session.is_modified(obj))
    return [*session.new, *dirty, *session.deleted]


def _noted_flush(session, flush_context) -> None:
    _note_objects(session, _changed(session))


def _noted_statement(state) -> None:
    """Bulk statements (``update(User)…``, ``delete(Membership)…``) forget everyone."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _PERSON_TABLES | _SHARED_TABLES:
        _notes(state.session).add(_ALL)


def _tell_cache(session) -> None:
    notes = session.info.get(_NOTES)
    if notes and has_app_context() and EXTENSION in current_app.extensions:
        current_app.extensions[EXTENSION].forget(notes)


def _before_commit(session) -> None:
    _note_objects(session, _changed(session))  # not flushed yet: the commit flushes after this hook
    _tell_cache(session)


def _after_commit(session) -> None:
    try:
        _tell_cache(session)
    except Exception:  # noqa: BLE001 — committed already; the telling before the commit went through
        current_app.logger.exception("identity cache: the change could not be announced again")
    _forget_notes(session)


def _forget_notes(session, *args) -> None:
    session.info.pop(_NOTES, None)
