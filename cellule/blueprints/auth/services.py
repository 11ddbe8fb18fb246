"""People, roles and single-use links. Functions flush, never commit."""
from __future__ import annotations

import functools

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager, lazyload

from ... import mail, signing
from ...urls import external_url
from ...database import utcnow
from ...extensions import db
from ..audit import actions, services as audit
from ..directory.models import Ptce, Region
from .models import AuthToken, Membership, PartnerKind, Role, TokenKind, User, normalise_email


class RoleError(ValueError):
    """A role that cannot be given as asked; the message is French."""


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, password: str | None = None, locale: str = "fr") -> User:
    user = User(email=email, name=name.strip(), locale=locale)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def grant(user: User, role: Role, region: Region | None = None, ptce: Ptce | None = None,
          referent: bool = False, partner_kind: PartnerKind | None = None) -> Membership:
    """Give a role, or return the existing one (updating the referent flag / partner kind)."""
    if role in (Role.COORDINATOR, Role.PARTNER) and region is None:
        raise RoleError(_("Ce rôle demande une région."))
    if role is Role.PTCE_MEMBER:
        if ptce is None:
            raise RoleError(_("Ce rôle demande un PTCE."))
        region = ptce.region
    if role in (Role.COUNCIL_ADMIN, Role.COUNCIL_OBSERVER):
        region, ptce = None, None
    region_id = region.id if region else None
    ptce_id = ptce.id if ptce else None
    for existing in user.memberships:
        if (existing.role, existing.region_id, existing.ptce_id) == (role, region_id, ptce_id):
            existing.referent = referent or existing.referent
            existing.partner_kind = partner_kind or existing.partner_kind
            return existing
    membership = Membership(role=role, region_id=region_id, ptce_id=ptce_id, referent=referent,
                            partner_kind=partner_kind if role is Role.PARTNER else None)
    user.memberships.append(membership)
    db.session.flush()
    audit.record(actions.ROLE_GRANTED, target=user, region_id=region_id,
                 details={"role": role.value, "ptce_id": ptce_id, "referent": referent})
    return membership


def revoke(membership: Membership) -> None:
    user = membership.user
    audit.record(actions.ROLE_REVOKED, target=user, region_id=membership.region_id,
                 details={"role": membership.role.value, "ptce_id": membership.ptce_id})
    user.memberships.remove(membership)
    db.session.flush()


def ptce_members(ptce: Ptce) -> list[Membership]:
    return list(db.session.scalars(
        sa.select(Membership).join(Membership.user).options(contains_eager(Membership.user))
        .where(Membership.ptce_id == ptce.id, Membership.role == Role.PTCE_MEMBER)
        .order_by(Membership.referent.desc(), User.name)))


def region_team(region: Region, limit: int | None = None, offset: int = 0) -> list[Membership]:
    """Coordinators and partners of a region (``limit``/``offset``: one page of them), with what the
    team's table shows: each person, not their other roles, nor the role's region and PTCE."""
    return list(db.session.scalars(_region_team(region.id, limit, offset)))


@functools.lru_cache(maxsize=128)
def _region_team(region_id: int, limit: int | None, offset: int):
    """``region_team``'s statement, built once per region and page."""
    return (sa.select(Membership).join(Membership.user)
            .options(contains_eager(Membership.user).lazyload(User.memberships),
                     lazyload(Membership.region), lazyload(Membership.ptce))
            .where(Membership.region_id == region_id, Membership.role.in_([Role.COORDINATOR, Role.PARTNER]))
            .order_by(Membership.role, User.name, Membership.id).limit(limit).offset(offset))


def council_team() -> list[Membership]:
    return list(db.session.scalars(
        sa.select(Membership).join(Membership.user).options(contains_eager(Membership.user))
        .where(Membership.role.in_([Role.COUNCIL_ADMIN, Role.COUNCIL_OBSERVER]))
        .order_by(Membership.role, User.name)))


def pending_invitations(region: Region | None = None, ptce: Ptce | None = None,
                        limit: int | None = None, offset: int = 0) -> list[AuthToken]:
    """Invitations not yet used nor expired, newest first (``limit``/``offset``: one page of them)."""
    scope = ("ptce", ptce.id) if ptce is not None else ("region", region.id) if region is not None else ("council",)
    return list(db.session.scalars(_pending_invitations(scope, limit, offset), {"now": utcnow()}))


@functools.lru_cache(maxsize=128)
def _pending_invitations(scope: tuple, limit: int | None, offset: int):
    """``pending_invitations``' statement, built once per scope and page (the moment is a parameter)."""
    query = sa.select(AuthToken).where(AuthToken.kind == TokenKind.INVITATION, AuthToken.used_at.is_(None),
                                       AuthToken.expires_at > sa.bindparam("now", type_=AuthToken.expires_at.type))
    if scope[0] == "ptce":
        query = query.where(AuthToken.ptce_id == scope[1])
    elif scope[0] == "region":
        query = query.where(AuthToken.region_id == scope[1], AuthToken.ptce_id.is_(None))
    else:
        query = query.where(AuthToken.role.in_([Role.COUNCIL_ADMIN, Role.COUNCIL_OBSERVER]))
    return query.order_by(AuthToken.created_at.desc(), AuthToken.id.desc()).limit(limit).offset(offset)


# -- single-use links --------------------------------------------------------
def _purpose(kind: TokenKind) -> str:
    return f"cellule-{kind.value}"  # the salt links already sent were signed with


def _issue(token: AuthToken) -> str:
    """Store the token's hash and return the signed value that goes in the link."""
    secret = signing.new_secret(32)
    token.secret_hash = signing.at_rest(secret)
    db.session.add(token)
    db.session.flush()
    return signing.sign(current_app.config["SECRET_KEY"], _purpose(token.kind), secret)


def redeem(kind: TokenKind, signed: str) -> AuthToken | None:
    """The live token behind a link, or None if forged, expired or already used."""
    secret = signing.unsign(current_app.config["SECRET_KEY"], _purpose(kind), signed)
    if secret is None:
        return None
    token = db.session.scalar(sa.select(AuthToken).where(
        AuthToken.kind == kind, AuthToken.secret_hash == signing.at_rest(str(secret))))
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    return token


def invite(email: str, name: str, role: Role, *, by: User | None, region: Region | None = None,
           ptce: Ptce | None = None, referent: bool = False,
           partner_kind: PartnerKind | None = None) -> AuthToken:
    """Record an invitation and queue its email (with the link) in the same transaction."""
    if ptce is not None:
        region = ptce.region
    token = AuthToken(kind=TokenKind.INVITATION, email=normalise_email(email), name=name.strip(),
                      role=role, region=region, ptce=ptce, referent=referent, partner_kind=partner_kind,
                      created_by=by, expires_at=utcnow() + current_app.config["INVITATION_MAX_AGE"])
    signed = _issue(token)
    audit.record(actions.INVITATION_SENT, actor=by, target=token,
                 details={"role": role.value, "ptce_id": ptce.id if ptce else None})
    link = external_url("auth.accept_invitation", token=signed)
    existing = find_user(email)
    mail.queue(token.email, "invitation", _("Invitation à rejoindre cellule"),
               locale=existing.locale if existing else "fr", token=token, link=link,
               inviter=by, has_account=existing is not None)
    return token


def accept_invitation(token: AuthToken, name: str | None, password: str | None) -> User:
    """Create (or reuse) the account and grant the invited role; the token is spent."""
    user = find_user(token.email)
    if user is None:
        user = create_user(token.email, name or token.name or token.email, password)
    elif password and not user.password_hash:
        user.set_password(password)
    grant(user, token.role, region=token.region, ptce=token.ptce, referent=token.referent,
          partner_kind=token.partner_kind)
    token.used_at = utcnow()
    token.user_id = user.id
    db.session.flush()
    audit.record(actions.INVITATION_ACCEPTED, actor=user, target=token)
    return user


def request_password_reset(email: str) -> None:
    """Queue a reset link if an active account exists; say nothing either way."""
    user = find_user(email)
    if user is None or not user.active:
        return
    token = AuthToken(kind=TokenKind.PASSWORD_RESET, email=user.email, user_id=user.id,
                      expires_at=utcnow() + current_app.config["PASSWORD_RESET_MAX_AGE"])
    signed = _issue(token)
    link = external_url("auth.reset_password", token=signed)
    mail.queue(user.email, "password_reset", _("Réinitialisation de votre mot de passe"),
               locale=user.locale, user=user, link=link)


def reset_password(token: AuthToken, password: str) -> User:
    """Set the new password, spend the token and sign out every other session."""
    user = db.session.get(User, token.user_id)
    user.set_password(password)
    user.end_sessions()
    token.used_at = utcnow()
    db.session.flush()
    audit.record(actions.PASSWORD_RESET, actor=user, target=user)
    return user


def deactivate(user: User) -> None:
    user.active = False
    user.end_sessions()
    db.session.flush()
    audit.record(actions.ACCOUNT_DEACTIVATED, target=user)
