"""cellule: the workspace of the regional animation cells of PTCE."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from .blueprints import register_blueprints
from .config import Defaults
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .extensions import mail as flask_mail


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    """Build the application.

    Configuration layers, each overriding the one before: ``config.Defaults`` →
    ``instance/config.py`` → ``CELLULE_*`` environment variables → ``test_config``.
    The factory never creates or migrates tables: ``flask db upgrade`` does.
    """
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_object(Defaults)
    defaults = dict(app.config)
    app.config.from_pyfile("config.py", silent=True)
    _load_environment(app)
    if test_config:
        app.config.from_mapping(test_config)
    # Imported here, not at the top: Python runs this file before any module of the package, so
    # importing them above would load the whole application whenever any one module is imported.
    from . import cli, i18n, l10n, mail, observability, permissions, security, templating
    from .blueprints.calendar import conditional  # the same: it imports the calendar feature's models

    security.configure(app, {k for k, v in app.config.items() if k not in defaults or defaults[k] != v})
    _fill_instance_defaults(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent.parent / "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    flask_mail.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.selected_locale)
    i18n.init_app(app, babel)
    l10n.init_app(app)
    login_manager.init_app(app)
    permissions.init_app(app)
    templating.init_app(app)
    conditional.init_app(app)  # before security: ProxyFix must wrap it, so it sees the client's scheme
    security.init_app(app)
    observability.init_app(app)
    mail.init_app(app)
    register_blueprints(app)
    permissions.check_rules()
    cli.init_app(app)
    return app


def _load_environment(app: Flask) -> None:
    """Read CELLULE_* variables; the short names of CONTRACT.md map to Flask keys."""
    app.config.from_prefixed_env("CELLULE")
    aliases = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}
    for short, key in aliases.items():
        if short in app.config:
            app.config[key] = app.config.pop(short)


def _fill_instance_defaults(app: Flask) -> None:
    """Defaults that live in instance/: the SQLite file, uploads and a dev secret key."""
    instance = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        instance.mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'cellule.sqlite'}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Writers wait for each other instead of failing with "database is locked".
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"timeout": 15}, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    else:
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    if not app.config.get("UPLOAD_DIR"):
        app.config["UPLOAD_DIR"] = str(instance / "uploads")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)


def _instance_secret(instance: Path) -> str:
    """A random key kept in instance/secret_key, so dev sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
