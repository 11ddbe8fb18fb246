"""flask backup / restore: a backup restored into an empty database holds the same rows."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from cellule.blueprints.auth.models import Role
from cellule.blueprints.auth import services
from cellule.extensions import db

SCRATCH = "test_privacy_restore"


def _content(url) -> dict[str, list[tuple]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            out = {}
            for name in sorted(names):
                table = sa.Table(name, sa.MetaData(), autoload_with=conn)
                order = list(table.primary_key.columns) or list(table.columns)
                out[name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*order))]
            return out
    finally:
        engine.dispose()


def _empty_target(app, tmp_path) -> str:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite'}"
    with db.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{SCRATCH}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{SCRATCH}"'))
    return url.set(database=SCRATCH).render_as_string(hide_password=False)


def _drop_target(app, target: str) -> None:
    if make_url(target).get_backend_name() == "postgresql":
        with db.engine.execution_options(isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{SCRATCH}"'))


def test_backup_restores_into_an_empty_database(app, runner, other_app, make_user, make_ptce, tmp_path):
    ptce = make_ptce("la-reunion", name="Pôle Kaz — « coopération »")
    user = make_user("ptce_member", ptce=ptce, name="Marie-Annick Payet")
    services.invite("nouvelle@example.org", "Nouvelle", Role.PTCE_MEMBER, by=user, ptce=ptce)
    db.session.commit()
    source_url = app.config["SQLALCHEMY_DATABASE_URI"]
    original = _content(source_url)
    assert original["ptce"] and original["user_account"] and original["outbox_message"]

    archive = tmp_path / "backups" / "cellule.backup"
    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert archive.stat().st_size > 0

    target = _empty_target(app, tmp_path)
    try:
        restored_app = other_app(SQLALCHEMY_DATABASE_URI=target)
        with restored_app.app_context():  # the command must run against the empty database
            result = restored_app.test_cli_runner().invoke(args=["restore", str(archive), "--yes"])
            db.engine.dispose()
        assert result.exit_code == 0, result.output
        assert _content(target) == original
    finally:
        _drop_target(app, target)


def test_restore_refuses_a_file_that_is_not_a_backup(runner, tmp_path):
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"this is not a database")
    result = runner.invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0
    assert "not" in result.output or "failed" in result.output
