"""flask purge: spent links, old audit events and mail, orphaned uploads."""
from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from cellule import mail
from cellule.blueprints.audit.models import AuditEvent
from cellule.blueprints.auth import services
from cellule.blueprints.auth.models import AuthToken, Role
from cellule.blueprints.privacy import retention
from cellule.database import utcnow
from cellule.extensions import db


def _count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_purge_removes_spent_links_and_old_logs(app, runner, make_user):
    user = make_user("ptce_member")
    services.request_password_reset(user.email)                     # live: kept
    used = services.invite("a@example.org", "A", Role.COUNCIL_OBSERVER, by=None)
    used.used_at = utcnow()                                          # used: removed
    expired = services.invite("b@example.org", "B", Role.COUNCIL_OBSERVER, by=None)
    expired.expires_at = utcnow() - timedelta(minutes=1)             # expired: removed
    db.session.add_all([AuditEvent(action="auth.signin", created_at=utcnow() - timedelta(days=366)),
                        AuditEvent(action="auth.signin", created_at=utcnow() - timedelta(days=300))])
    old_mail = mail.queue("x@example.org", "password_reset", "old", user=user, link="http://x")
    db.session.flush()
    old_mail.status, old_mail.created_at = mail.MailStatus.SENT, utcnow() - timedelta(days=100)
    db.session.commit()
    links_before = _count(AuthToken)
    events_before = _count(AuditEvent)
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "would remove links=2 audit_events=1 mail=1 uploads=0" in dry.output
    assert _count(AuthToken) == links_before
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "removed links=2 audit_events=1 mail=1 uploads=0" in result.output
    db.session.expire_all()
    assert _count(AuthToken) == links_before - 2
    assert _count(AuthToken, AuthToken.kind == "password_reset") == 1
    assert _count(AuditEvent) == events_before - 1
    assert _count(mail.OutboxMessage, mail.OutboxMessage.subject == "old") == 0


@pytest.mark.config(AUDIT_RETENTION=timedelta(days=30))
def test_audit_retention_is_configurable(app, runner):
    db.session.add(AuditEvent(action="auth.signin", created_at=utcnow() - timedelta(days=31)))
    db.session.commit()
    assert "audit_events=1" in runner.invoke(args=["purge"]).output


def test_orphaned_uploads_are_removed_and_referenced_ones_kept(app, runner, monkeypatch):
    """A table that marks its file column with info={"upload": True} protects its files."""
    table = sa.Table("upload_probe", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("stored_path", sa.String(300), info={"upload": True}))
    monkeypatch.setattr(retention, "upload_columns", lambda: [table.c.stored_path])
    table.create(db.engine)
    try:
        root = Path(app.config["UPLOAD_DIR"])
        (root / "resources").mkdir(parents=True)
        kept, orphan, fresh = root / "resources/kept.pdf", root / "resources/orphan.pdf", root / "fresh.pdf"
        for path in (kept, orphan, fresh):
            path.write_bytes(b"%PDF-1.4")
        old = time.time() - 7200
        os.utime(kept, (old, old))
        os.utime(orphan, (old, old))
        with db.engine.begin() as conn:
            conn.execute(table.insert().values(stored_path="resources/kept.pdf"))
        result = runner.invoke(args=["purge"])
        assert "uploads=1" in result.output
        assert kept.exists() and fresh.exists() and not orphan.exists()
    finally:
        table.drop(db.engine)


def test_uploads_are_found_by_the_column_marker(app):
    table = sa.Table("marker_probe", db.metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("file_path", sa.String(300), info={"upload": True}))
    try:
        assert ("marker_probe", "file_path") in [(c.table.name, c.name) for c in retention.upload_columns()]
    finally:
        db.metadata.remove(table)


def test_old_form_keys_are_removed(app, runner, make_user):
    from cellule.submissions import FormSubmission

    user = make_user("ptce_member")
    db.session.add_all([FormSubmission(token="a" * 32, endpoint="visits.create", object_id=1, user_id=user.id,
                                       created_at=utcnow() - timedelta(days=31)),
                        FormSubmission(token="b" * 32, endpoint="visits.create", object_id=2, user_id=user.id)])
    db.session.commit()
    assert "form_keys=1" in runner.invoke(args=["purge", "--dry-run"]).output
    assert "form_keys=1" in runner.invoke(args=["purge"]).output
    db.session.expire_all()
    assert [f.token for f in db.session.scalars(sa.select(FormSubmission))] == ["b" * 32]
