"""Backups and restores of the whole database.

SQLite uses its online backup API (consistent while the app keeps running);
PostgreSQL uses pg_dump / pg_restore in the custom format. Connection details
come from the app's database URL; the password goes through PGPASSWORD, never
the command line.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404 — fixed pg_dump/pg_restore argument lists, no shell
from pathlib import Path

from sqlalchemy.engine import make_url

from ...extensions import db


class BackupError(RuntimeError):
    """The backup or restore could not be made; the message says why."""


def _url():
    return make_url(str(db.engine.url.render_as_string(hide_password=False)))


def _pg_env_and_args(url) -> tuple[dict, list[str]]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    sslmode = url.query.get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client tools")
    return path


def backup(target: str | Path) -> Path:
    """Write a full copy of the database to ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    url = _url()
    if url.get_backend_name() == "sqlite":
        db.session.remove()
        source = sqlite3.connect(url.database)
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        env, args = _pg_env_and_args(url)
        result = subprocess.run(  # nosec B603
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args,
             "--file", str(target), "--dbname", url.database],
            env=env, capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"no backup method for {url.get_backend_name()}")


def restore(source: str | Path) -> None:
    """Replace the database's content with the backup in ``source``."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    url = _url()
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the database while it is replaced
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dest = sqlite3.connect(url.database)
        try:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{source}: not a sound SQLite database")
            src.backup(dest)
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{source}: {exc}") from exc
        finally:
            dest.close()
            src.close()
        return
    if url.get_backend_name() == "postgresql":
        env, args = _pg_env_and_args(url)
        result = subprocess.run(  # nosec B603
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", *args, "--dbname", url.database, str(source)],
            env=env, capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"no restore method for {url.get_backend_name()}")
