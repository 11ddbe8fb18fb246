"""Retention: what ``flask purge`` removes, and when.

* invitations and reset links once used or expired;
* audit and sign-in events older than ``AUDIT_RETENTION`` (12 months);
* copies of sent or failed mail older than ``OUTBOX_RETENTION``;
* files in ``UPLOAD_DIR`` that no row refers to;
* create forms' one-time keys older than ``submissions.KEPT_FOR``.

Uploads are found generically: a feature that stores files marks the column
holding the path (relative to ``UPLOAD_DIR``) with ``info={"upload": True}``,
e.g. ``mapped_column(sa.String(300), info={"upload": True})``. Files younger
than ``UPLOAD_ORPHAN_GRACE`` are kept, so an upload whose row is not yet
committed is never removed under a running request.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from ... import submissions
from ...database import utcnow
from ...extensions import db
from ...mail import MailStatus, OutboxMessage
from ...submissions import FormSubmission
from ..audit import services as audit
from ..audit.models import AuditEvent
from ..auth.models import AuthToken


def upload_columns() -> list[sa.Column]:
    return [column for table in db.metadata.sorted_tables for column in table.columns
            if column.info.get("upload")]


def referenced_uploads() -> set[str]:
    """Every path (relative to UPLOAD_DIR, normalised) that some row refers to."""
    paths: set[str] = set()
    for column in upload_columns():
        for value in db.session.scalars(sa.select(column).where(column.is_not(None))):
            paths.add(os.path.normpath(str(value)).lstrip("/"))
    return paths


def orphaned_uploads(now: datetime | None = None) -> list[Path]:
    root = Path(current_app.config["UPLOAD_DIR"])
    if not root.is_dir():
        return []
    now = now or utcnow()
    grace = current_app.config["UPLOAD_ORPHAN_GRACE"]
    referenced = referenced_uploads()
    orphans = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc)
        if str(path.relative_to(root)) not in referenced and now - modified > grace:
            orphans.append(path)
    return orphans


def purge(now: datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Remove what is past its retention period; returns the counts (the caller commits)."""
    now = now or utcnow()
    config = current_app.config
    counts = {}
    spent = sa.or_(AuthToken.used_at.is_not(None), AuthToken.expires_at <= now)
    audit_cutoff = now - config["AUDIT_RETENTION"]
    mail_cutoff = now - config["OUTBOX_RETENTION"]
    old_mail = sa.and_(OutboxMessage.status != MailStatus.QUEUED, OutboxMessage.created_at < mail_cutoff)
    orphans = orphaned_uploads(now)
    if dry_run:
        count = lambda model, where: db.session.scalar(sa.select(sa.func.count()).select_from(model).where(where))  # noqa: E731
        return {"links": count(AuthToken, spent),
                "audit_events": count(AuditEvent, AuditEvent.created_at < audit_cutoff),
                "mail": count(OutboxMessage, old_mail), "uploads": len(orphans),
                "form_keys": count(FormSubmission, submissions.spent(now))}
    counts["links"] = db.session.execute(sa.delete(AuthToken).where(spent)).rowcount or 0
    counts["audit_events"] = audit.purge_before(audit_cutoff)
    counts["mail"] = db.session.execute(sa.delete(OutboxMessage).where(old_mail)).rowcount or 0
    for path in orphans:
        path.unlink(missing_ok=True)
    counts["uploads"] = len(orphans)
    counts["form_keys"] = db.session.execute(sa.delete(FormSubmission).where(submissions.spent(now))).rowcount or 0
    return counts
