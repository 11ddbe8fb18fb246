"""Who is signed in: Flask-Login loads the person named by the session cookie through here.

The auth feature registers this loader when its blueprint is registered, so the
core (``permissions.py``) never imports the people's model.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.util import identity_key

from ...extensions import db, login_manager
from .models import User

# Every signed-in request loads its person and their roles (with each role's region
# and PTCE): one statement, built once, instead of a primary-key get followed by a
# selectin query, each constructed and hashed anew on every request.
_LOAD_PERSON = (sa.select(User).where(User.id == sa.bindparam("uid"))
                .options(joinedload(User.memberships)))


def init_app(app) -> None:
    """Load people through :func:`load_user`."""
    login_manager.user_loader(load_user)


def load_user(user_id: str) -> User | None:
    """Load the person if the cookie's session version is still current."""
    try:
        uid, version = (int(part) for part in user_id.split(":", 1))
    except ValueError:
        return None
    if identity_key(User, uid) in db.session.identity_map:
        user = db.session.get(User, uid)  # a session that outlives one request already holds them
    else:
        user = db.session.scalars(_LOAD_PERSON, {"uid": uid}).unique().one_or_none()
    if user is None or user.session_version != version or not user.active:
        return None
    return user
