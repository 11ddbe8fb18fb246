"""Alembic environment for cellule, driven by Flask-Migrate (`flask db …`)."""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db


def include_object(obj, name, type_, reflected, compare_to):
    """Skip objects that models cannot describe (e.g. full-text index tables and their shadows).

    A feature that creates such objects in a migration lists their name
    prefixes in ``UNMANAGED_TABLE_PREFIXES`` of ``cellule.database``.
    """
    from cellule.database import UNMANAGED_TABLE_PREFIXES

    if type_ == "table" and name.startswith(UNMANAGED_TABLE_PREFIXES):
        return False
    return True


def render_item(type_, obj, autogen_context):
    """Write cellule's UTC timestamp type as a plain timezone-aware DateTime."""
    from cellule.database import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def configure_kwargs():
    return dict(
        target_metadata=db.metadata,
        include_object=include_object,
        render_item=render_item,
        render_as_batch=True,
        compare_type=True,
    )


def run_migrations_offline():
    context.configure(url=str(db.engine.url), literal_binds=True, **configure_kwargs())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(ctx, revision, directives):
        # An autogenerate run that finds nothing writes no empty file.
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    with db.engine.connect() as connection:
        context.configure(connection=connection,
                          process_revision_directives=process_revision_directives,
                          **configure_kwargs())
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
