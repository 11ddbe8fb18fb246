"""Migrations are the only way the schema is built; they must match the models exactly."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import sqlalchemy as sa

from cellule.extensions import db


def test_models_and_migrations_agree(app):
    from cellule.database import UNMANAGED_TABLE_PREFIXES

    def include(obj, name, type_, reflected, compare_to):
        return not (type_ == "table" and name.startswith(UNMANAGED_TABLE_PREFIXES))

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": include})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_migrations_load_the_18_regions(app):
    from cellule.blueprints.directory.models import Region

    regions = {r.code: r for r in db.session.scalars(sa.select(Region))}
    assert sorted(regions) == sorted("01 02 03 04 06 11 24 27 28 32 44 52 53 75 76 84 93 94".split())
    assert regions["04"].slug == "la-reunion" and regions["04"].timezone == "Indian/Reunion"
    assert regions["93"].slug == "provence-alpes-cote-d-azur"
    assert regions["03"].timezone == "America/Cayenne" and regions["06"].timezone == "Indian/Mayotte"
    assert {r.timezone for r in regions.values() if not r.overseas} == {"Europe/Paris"}
    assert all(r.cress_name.startswith("CRESS") for r in regions.values())
