"""People, their roles, and the single-use tokens behind invitation and reset links."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from ...database import EncryptedString, UTCDateTime, str_enum, utcnow
from ...enums import LabelledEnum
from ...extensions import db
from ..directory.models import Ptce, Region


class Role(LabelledEnum):
    """What a membership lets a person do."""

    # national council, full rights
    COUNCIL_ADMIN = "council_admin", _l("Administration du conseil national")
    # national council, read-only
    COUNCIL_OBSERVER = "council_observer", _l("Observation du conseil national")
    # a regional cell (CRESS / State services)
    COORDINATOR = "coordinator", _l("Coordination régionale")
    # works in a PTCE; `referent` manages it
    PTCE_MEMBER = "ptce_member", _l("Membre de PTCE")
    # elected official, technician … of a region
    PARTNER = "partner", _l("Partenaire")


class PartnerKind(LabelledEnum):
    """Which kind of partner a person is."""

    ELECTED = "elected", _l("Élu·e")
    TECHNICIAN = "technician", _l("Technicien·ne")
    OTHER = "other", _l("Autre partenaire")


class User(UserMixin, db.Model):
    """A person who can sign in. Emails are stored lower-cased, hence unique case-insensitively."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    # Deferred, like the TOTP key: read only to check or change it, and so never in the
    # signed-in identity kept between requests (auth/identity.py).
    password_hash: Mapped[str | None] = mapped_column(sa.String(256), deferred=True)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="fr")
    # Part of the session cookie; bumping it signs out every session of this person.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (auth/twofactor.py): the TOTP shared secret (base32), set
    # during enrolment and live once confirmed; the last time step used refuses replays.
    # Encrypted at rest; deferred: read (and decrypted) only by the two-factor steps, not on
    # every signed-in request that loads the person.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedString, deferred=True)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Consent to appear by name on public participant lists; off until the person says so.
    public_listing: Mapped[bool] = mapped_column(default=False)
    # Set when the person erased their account (blueprints/privacy): name and email are gone.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin")

    @validates("email")
    def _normalise_email(self, key, value: str) -> str:
        return normalise_email(value)

    # -- credentials -------------------------------------------------------
    def set_password(self, password: str) -> None:
        # scrypt in production; the test suite picks a cheaper method to stay fast.
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    def needs_two_factor(self) -> bool:
        """Whether one of this person's roles requires a second factor (TWO_FACTOR_REQUIRED_ROLES)."""
        required = set(current_app.config.get("TWO_FACTOR_REQUIRED_ROLES", ()))
        return any(m.role.value in required for m in self.memberships)

    def end_sessions(self) -> None:
        """Invalidate every session cookie issued so far."""
        self.session_version += 1

    # -- roles -------------------------------------------------------------
    def roles(self, role: Role) -> list[Membership]:
        return [m for m in self.memberships if m.role is role]

    @property
    def is_council_admin(self) -> bool:
        return bool(self.roles(Role.COUNCIL_ADMIN))

    @property
    def is_council(self) -> bool:
        """Admin or observer of the national council."""
        return self.is_council_admin or bool(self.roles(Role.COUNCIL_OBSERVER))

    def coordinates(self, region: Region | int) -> bool:
        region_id = getattr(region, "id", region)
        return any(m.region_id == region_id for m in self.roles(Role.COORDINATOR))

    def member_of(self, ptce: Ptce | int) -> bool:
        ptce_id = getattr(ptce, "id", ptce)
        return any(m.ptce_id == ptce_id for m in self.roles(Role.PTCE_MEMBER))

    def referent_of(self, ptce: Ptce | int) -> bool:
        ptce_id = getattr(ptce, "id", ptce)
        return any(m.ptce_id == ptce_id and m.referent for m in self.roles(Role.PTCE_MEMBER))

    def has_role_in(self, region: Region | int) -> bool:
        """Whether this person belongs to the region in any role (coordinator, member, partner)."""
        region_id = getattr(region, "id", region)
        return any(m.region_id == region_id for m in self.memberships)

    @property
    def ptce_ids(self) -> list[int]:
        return [m.ptce_id for m in self.roles(Role.PTCE_MEMBER)]

    @property
    def region_ids(self) -> list[int]:
        return sorted({m.region_id for m in self.memberships if m.region_id is not None})

    def __repr__(self) -> str:
        return f"<User {self.email}>"


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


class Membership(db.Model):
    """One role held by one person, in a region and/or a PTCE.

    ``region_id`` is set for every regional role, PTCE members included (the
    PTCE's region), so that region checks never need another query.
    """

    __tablename__ = "membership"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "role", "region_id", "ptce_id", name="uq_membership_scope"),
        # A region's roles of one kind (its team: coordinators and partners) without reading its PTCE
        # members, who carry the region too and outnumber them; serves region_id alone as well.
        sa.Index("ix_membership_region_role", "region_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"))
    ptce_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ptce.id", ondelete="CASCADE"), index=True)
    referent: Mapped[bool] = mapped_column(default=False)
    partner_kind: Mapped[PartnerKind | None] = mapped_column(str_enum(PartnerKind))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    region: Mapped[Region | None] = relationship(lazy="joined")
    ptce: Mapped[Ptce | None] = relationship(lazy="joined")


class TokenKind(enum.Enum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"


class AuthToken(db.Model):
    """A single-use, expiring link: an invitation (with the role it grants) or a password reset.

    Only a hash of the random secret is stored; the link carries the secret,
    signed with the app key so tampered links are refused before any lookup.
    """

    __tablename__ = "auth_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TokenKind] = mapped_column(str_enum(TokenKind))
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    name: Mapped[str | None] = mapped_column(sa.String(160))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    role: Mapped[Role | None] = mapped_column(str_enum(Role))
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"))
    ptce_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ptce.id", ondelete="CASCADE"))
    referent: Mapped[bool] = mapped_column(default=False)
    partner_kind: Mapped[PartnerKind | None] = mapped_column(str_enum(PartnerKind))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region | None] = relationship(lazy="joined")
    ptce: Mapped[Ptce | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


class RecoveryCode(db.Model):
    """A single-use code that replaces a TOTP code once; only its hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
