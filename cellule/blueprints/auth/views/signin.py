"""Opening a session, after the password and, when needed, the second factor.

Between the password and the code the session holds only a pending marker
(person id, session version, expiry, where to go next): the person is not
signed in, and the marker dies after TWO_FACTOR_PENDING_SECONDS.
"""
from __future__ import annotations

import time

from flask import current_app, flash, redirect, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from ....database import utcnow
from ....extensions import db
from ....i18n import chosen_language, refresh
from ....urls import safe_next
from ...audit import actions, services as audit
from ..models import User

PENDING = "pending_2fa"


def start_session(user: User) -> None:
    """Begin a fresh session: nothing from before sign-in survives (no fixation).

    But the language picked with the switcher before signing in does: it
    becomes the person's saved language.
    """
    chosen = chosen_language()
    if chosen and chosen != user.locale:
        user.locale = chosen
        refresh()  # messages shown after sign-in speak the person's language
    session.clear()
    login_user(user)
    session.permanent = True
    user.last_login_at = utcnow()


def begin_sign_in(user: User, next_url: str | None, method: str = "password"):
    """After a correct password: sign in, or ask for the code, or enrol first (the caller commits)."""
    if user.has_two_factor or user.needs_two_factor():
        session.clear()
        session[PENDING] = {"uid": user.id, "v": user.session_version, "next": next_url,
                            "exp": int(time.time()) + current_app.config["TWO_FACTOR_PENDING_SECONDS"],
                            "enrol": not user.has_two_factor}
        return redirect(url_for("auth.two_factor" if user.has_two_factor else "auth.two_factor_enrol"))
    finish_sign_in(user, method)
    return redirect(safe_next(next_url))


def finish_sign_in(user: User, method: str) -> None:
    """Open the session; the page the person lands on says so (focused and in its title).

    An accepted invitation says more than that itself (account created, role active).
    """
    start_session(user)
    audit.record(actions.SIGNIN, actor=user, details={"method": method})
    if method != "invitation":
        flash(_("Vous êtes connecté·e."), "success")


def pending_user(enrol: bool) -> tuple[User | None, dict | None]:
    """The person half-way through sign-in, if the marker is live and still matches them."""
    marker = session.get(PENDING)
    if not isinstance(marker, dict) or marker.get("exp", 0) < time.time() or bool(marker.get("enrol")) != enrol:
        return None, None
    user = db.session.get(User, marker.get("uid"))
    if user is None or not user.active or user.session_version != marker.get("v"):
        return None, None
    return user, marker


def pending_key() -> str:
    """Rate-limit key for the second step: the pending person, whatever their address."""
    marker = session.get(PENDING)
    return f"2fa:{marker.get('uid')}" if isinstance(marker, dict) else "2fa:none"
