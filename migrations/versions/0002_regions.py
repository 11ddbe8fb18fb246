"""Reference data: the 18 French regions (INSEE COG codes), their time zones and CRESS

Revision ID: 0002_regions
Revises: 0001_foundation
Create Date: 2026-11-23

The data is written out here rather than imported from the application, so
that this migration gives the same result whatever the code becomes later.
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_regions"
down_revision = "0001_foundation"

PARIS = "Europe/Paris"
REGIONS = [
    # code, name, slug, time zone, overseas, CRESS
    ("84", "Auvergne-Rhône-Alpes", "auvergne-rhone-alpes", PARIS, False, "CRESS Auvergne-Rhône-Alpes"),
    ("27", "Bourgogne-Franche-Comté", "bourgogne-franche-comte", PARIS, False, "CRESS Bourgogne-Franche-Comté"),
    ("53", "Bretagne", "bretagne", PARIS, False, "CRESS Bretagne"),
    ("24", "Centre-Val de Loire", "centre-val-de-loire", PARIS, False, "CRESS Centre-Val de Loire"),
    ("94", "Corse", "corse", PARIS, False, "CRESS Corse"),
    ("44", "Grand Est", "grand-est", PARIS, False, "CRESS Grand Est"),
    ("32", "Hauts-de-France", "hauts-de-france", PARIS, False, "CRESS Hauts-de-France"),
    ("11", "Île-de-France", "ile-de-france", PARIS, False, "CRESS Île-de-France"),
    ("28", "Normandie", "normandie", PARIS, False, "CRESS Normandie"),
    ("75", "Nouvelle-Aquitaine", "nouvelle-aquitaine", PARIS, False, "CRESS Nouvelle-Aquitaine"),
    ("76", "Occitanie", "occitanie", PARIS, False, "CRESS Occitanie"),
    ("52", "Pays de la Loire", "pays-de-la-loire", PARIS, False, "CRESS des Pays de la Loire"),
    ("93", "Provence-Alpes-Côte d'Azur", "provence-alpes-cote-d-azur", PARIS, False,
     "CRESS Provence-Alpes-Côte d'Azur"),
    ("01", "Guadeloupe", "guadeloupe", "America/Guadeloupe", True, "CRESS Guadeloupe"),
    ("02", "Martinique", "martinique", "America/Martinique", True, "CRESS Martinique"),
    ("03", "Guyane", "guyane", "America/Cayenne", True, "CRESS Guyane"),
    ("04", "La Réunion", "la-reunion", "Indian/Reunion", True, "CRESS La Réunion"),
    ("06", "Mayotte", "mayotte", "Indian/Mayotte", True, "CRESS Mayotte"),
]

region = sa.table(
    "region",
    sa.column("code", sa.String), sa.column("name", sa.String), sa.column("slug", sa.String),
    sa.column("timezone", sa.String), sa.column("overseas", sa.Boolean),
    sa.column("cress_name", sa.String),
)


def upgrade():
    op.bulk_insert(region, [
        dict(code=c, name=n, slug=s, timezone=tz, overseas=o, cress_name=cress)
        for c, n, s, tz, o, cress in REGIONS
    ])


def downgrade():
    op.execute(region.delete().where(region.c.code.in_([r[0] for r in REGIONS])))
