"""Resource sheets, their revisions, attachments and proposals to the national library."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...extensions import db
from ...lifecycle import IllegalTransition
from ..auth.models import Role, User
from ..directory.models import Ptce, Region
from ..directory.reference import SECTORS, SUPPORT_TOPICS
from .reference import REVISION_ACTIONS, Category, ProposalStatus, RevisionState, Scope, SheetStatus
from .sheet_links import (PendingChange, SheetSector, SheetTag, SheetTally, SheetTopic,  # noqa: F401 (kept tables)
                          TagTally)


def describe(note: str, action: str | None, action_args: dict | None) -> str:
    """A revision's description (``Revision.description``) from its columns, for lists read through Core."""
    if note:
        return note
    label = REVISION_ACTIONS.get(action or "")
    return str(label) % (action_args or {}) if label is not None else ""


class Sheet(db.Model):
    """A practical sheet. Its content is the last applied revision's; ``region`` is its provenance.

    A regional sheet belongs to ``region``'s library; a national one to the
    national library and keeps ``region`` and ``author_ptce`` as provenance
    (``region`` is empty for sheets written by the national council).
    """

    __tablename__ = "resource_sheet"
    # The region home's latest sheets (library.latest): newest published first, read from the index.
    # A person's own drafts (library.browse's count): by writer, by PTCE.
    # A region's library by scope and status, latest changed first (follow_up.drafts: one page read
    # in the index's order; follow_up.pending_changes: the region's sheets from the index alone).
    __table_args__ = (sa.Index("ix_resource_sheet_status_published", "status", "published_at"),
                      sa.Index("ix_resource_sheet_writer_status", "created_by_id", "status"),
                      sa.Index("ix_resource_sheet_ptce_status", "author_ptce_id", "status"),
                      sa.Index("ix_resource_sheet_region_scope_status", "region_id", "scope", "status", "updated_at",
                               "id"),
                      # A region's sheets past their review date, soonest first (follow_up.overdue).
                      sa.Index("ix_resource_sheet_region_review", "region_id", "scope", "review_by"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (see cellule/concurrency.py): every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    category: Mapped[Category] = mapped_column(str_enum(Category, 30), index=True)
    scope: Mapped[Scope] = mapped_column(str_enum(Scope), default=Scope.REGIONAL, index=True)
    status: Mapped[SheetStatus] = mapped_column(str_enum(SheetStatus), default=SheetStatus.DRAFT,
                                                index=True)
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"))
    author_ptce_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ptce.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    review_by: Mapped[date | None] = mapped_column(sa.Date, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    region: Mapped[Region | None] = relationship(lazy="joined")
    author_ptce: Mapped[Ptce | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(lazy="joined")
    tag_rows: Mapped[list[SheetTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=SheetTag.tag)
    topic_rows: Mapped[list[SheetTopic]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=SheetTopic.code)
    sector_rows: Mapped[list[SheetSector]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=SheetSector.code)
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="sheet", lazy="selectin", order_by="Attachment.id")

    # -- multi-valued fields --------------------------------------------------
    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]

    @tags.setter
    def tags(self, values: list[str]) -> None:
        self.tag_rows = [SheetTag(tag=t) for t in dict.fromkeys(values) if t]

    @property
    def topics(self) -> list[str]:
        return [row.code for row in self.topic_rows]

    @topics.setter
    def topics(self, codes: list[str]) -> None:
        self.topic_rows = [SheetTopic(code=c) for c in dict.fromkeys(codes) if c in SUPPORT_TOPICS]

    @property
    def sectors(self) -> list[str]:
        return [row.code for row in self.sector_rows]

    @sectors.setter
    def sectors(self, codes: list[str]) -> None:
        self.sector_rows = [SheetSector(code=c) for c in dict.fromkeys(codes) if c in SECTORS]

    @property
    def live_attachments(self) -> list[Attachment]:
        return [a for a in self.attachments if a.removed_at is None]

    # -- lifecycle --------------------------------------------------------------
    def publish(self) -> None:
        """Draft or archived → published."""
        self.status = self.status.move("publish")
        self.published_at = self.published_at or utcnow()
        self.archived_at = None

    def archive(self) -> None:
        """The soft delete: the sheet leaves the libraries, its revisions and files stay."""
        self.status = self.status.move("archive")
        self.archived_at = utcnow()

    def make_national(self) -> None:
        """An accepted national proposal: only a published regional sheet may move."""
        if self.scope is not Scope.REGIONAL or self.status is not SheetStatus.PUBLISHED:
            raise IllegalTransition(f"sheet {self.id} cannot become national")
        self.scope = Scope.NATIONAL

    # -- questions about a person ------------------------------------------------
    @property
    def is_national(self) -> bool:
        return self.scope is Scope.NATIONAL

    def is_author(self, user) -> bool:
        """The person who wrote it, or a member of the PTCE it is signed by."""
        if not getattr(user, "is_authenticated", False):
            return False
        return user.id == self.created_by_id or (
            self.author_ptce_id is not None and user.member_of(self.author_ptce_id))

    def can_manage(self, user) -> bool:
        """Publish, archive, review proposals: the region's coordinators (national: council admins)."""
        if not getattr(user, "is_authenticated", False):
            return False
        if user.is_council_admin:
            return True
        return not self.is_national and self.region_id is not None and user.coordinates(self.region_id)

    def can_edit(self, user) -> bool:
        """Edit directly (each save is an applied revision): managers, and a draft's authors."""
        if self.can_manage(user):
            return True
        return self.status is SheetStatus.DRAFT and self.is_author(user)

    def can_view(self, user) -> bool:
        """Published sheets are public; drafts and archives stay with authors and editors."""
        if self.status is SheetStatus.PUBLISHED:
            return True
        if self.status is SheetStatus.ARCHIVED:
            return self.can_manage(user)
        return self.can_edit(user) or self.is_author(user)

    def can_propose_change(self, user) -> bool:
        """PTCE members of the region (any region for a national sheet) suggest changes."""
        if not getattr(user, "is_authenticated", False) or self.status is not SheetStatus.PUBLISHED:
            return False
        if self.can_edit(user):
            return False
        ptce_regions = {m.region_id for m in user.roles(Role.PTCE_MEMBER)}
        if self.is_national:
            return bool(ptce_regions) or bool(user.roles(Role.COORDINATOR))
        return self.region_id in ptce_regions

    def __repr__(self) -> str:
        return f"<Sheet {self.id} {self.title!r}>"


class Revision(db.Model):
    """A full snapshot of a sheet's content, kept for ever.

    ``applied`` revisions are the sheet's history; ``proposed`` ones are changes
    suggested by PTCE members, which an editor accepts (a new applied revision)
    or declines.
    """

    __tablename__ = "resource_revision"
    # A sheet's revisions in one state (follow_up.pending_changes: the proposed ones, without the others).
    __table_args__ = (sa.UniqueConstraint("sheet_id", "number", name="uq_resource_revision_number"),
                      sa.Index("ix_resource_revision_sheet_state", "sheet_id", "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(sa.ForeignKey("resource_sheet.id"))
    number: Mapped[int]
    state: Mapped[RevisionState] = mapped_column(str_enum(RevisionState), default=RevisionState.APPLIED)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.String(200), default="")
    # A code of REVISION_ACTIONS and its arguments, when the app made the revision (creation,
    # restoration, attachments); the words are chosen when shown, in the reader's language.
    action: Mapped[str | None] = mapped_column(sa.String(30))
    action_args: Mapped[dict | None] = mapped_column(sa.JSON, default=dict)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    category: Mapped[Category] = mapped_column(str_enum(Category, 30))
    review_by: Mapped[date | None] = mapped_column(sa.Date)
    # Lists of codes/ids as they were at this revision.
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    sectors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    attachment_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str] = mapped_column(sa.String(500), default="")

    sheet: Mapped[Sheet] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def description(self) -> str:
        """What the history shows: the editor's note, else what the app did, in the reader's language."""
        return describe(self.note, self.action, self.action_args)

    def decide(self, accepted: bool) -> None:
        """Close a proposal; raises unless it is still waiting."""
        self.state = self.state.move("accept" if accepted else "decline")
        self.reviewed_at = utcnow()


class Attachment(db.Model):
    """A file joined to a sheet, stored under UPLOAD_DIR with a server-generated name."""

    __tablename__ = "resource_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(sa.ForeignKey("resource_sheet.id"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(200))       # cleaned name shown and offered
    stored_name: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(10))            # checked extension: pdf, odt …
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sheet: Mapped[Sheet] = relationship(back_populates="attachments")


class NationalProposal(db.Model):
    """A coordinator's proposal to move a regional sheet into the national library."""

    __tablename__ = "resource_national_proposal"
    # One pending proposal per sheet, even when two coordinators press the button at once.
    __table_args__ = (sa.Index("uq_resource_national_proposal_pending", "sheet_id", unique=True,
                               sqlite_where=sa.text("status = 'pending'"),
                               postgresql_where=sa.text("status = 'pending'")),
                      sa.Index("ix_resource_national_proposal_region", "region_id", "created_at", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(sa.ForeignKey("resource_sheet.id"), index=True)
    # The sheet's region (a sheet never changes region): a region's follow-up page lists its latest
    # proposals as a range of ix_resource_national_proposal_region, not by reading its every sheet.
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"))
    status: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus), default=ProposalStatus.PENDING,
                                                   index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    motivation: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_comment: Mapped[str] = mapped_column(sa.Text, default="")

    sheet: Mapped[Sheet] = relationship(lazy="joined")
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")

    def decide(self, accepted: bool, by: User, comment: str) -> None:
        """Accept or decline once; raises if already decided."""
        self.status = self.status.move("accept" if accepted else "decline")
        self.decided_by = by
        self.decided_at = utcnow()
        self.decision_comment = comment
