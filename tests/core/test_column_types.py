"""The column types' reads: ``UTCDateTime`` gives an aware UTC instant from whatever SQLite holds, and
``StrEnum`` a member from its stored value, as SQLAlchemy's own processors did (issue 20: their faster
result processors)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from cellule.database import StrEnum, UTCDateTime
from cellule.blueprints.resources.reference import SheetStatus
from cellule.extensions import db

UTC = timezone.utc


def _read(column_type, stored):
    """The value a column of ``column_type`` reads from ``stored``, as the database hands it back."""
    conn = db.session.connection()
    literal = sa.literal_column(f"'{stored}'") if stored is not None else sa.null()  # stored as is, unprocessed
    return conn.execute(sa.select(sa.type_coerce(literal, column_type))).scalar()


@pytest.mark.parametrize("stored, expected", [
    ("2027-01-12 08:30:00.000000", datetime(2027, 1, 12, 8, 30, tzinfo=UTC)),       # as SQLAlchemy writes it
    ("2027-07-13 21:55:07.123456", datetime(2027, 7, 13, 21, 55, 7, 123456, tzinfo=UTC)),
    ("2027-07-13 21:55:07", datetime(2027, 7, 13, 21, 55, 7, tzinfo=UTC)),           # CURRENT_TIMESTAMP
    ("2027-07-13T23:55:07+02:00", datetime(2027, 7, 13, 21, 55, 7, tzinfo=UTC)),     # an offset: converted
    (None, None),
])
def test_utc_timestamps_read_from_sqlite_text(app, stored, expected):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's text timestamps; PostgreSQL hands back datetimes")
    value = _read(UTCDateTime(), stored)
    assert value == expected
    if value is not None:
        assert value.utcoffset() == timedelta(0)


def test_utc_timestamps_round_trip_on_either_database(app):
    moment = datetime(2027, 3, 28, 0, 59, 59, 999999, tzinfo=UTC)  # a second before Paris moves to summer time
    conn = db.session.connection()
    read = conn.execute(sa.select(sa.bindparam("moment", moment, type_=UTCDateTime()))).scalar()
    assert read == moment and read.utcoffset() == timedelta(0)


def test_enum_members_read_by_value_and_unknown_values_refused(app):
    column_type = StrEnum(SheetStatus)
    assert _read(column_type, "published") is SheetStatus.PUBLISHED
    assert _read(column_type, None) is None
    with pytest.raises(LookupError):
        _read(column_type, "deleted")
    conn = db.session.connection()  # and written as its value
    assert conn.execute(sa.select(sa.cast(sa.bindparam("s", SheetStatus.DRAFT, type_=column_type),
                                          sa.String))).scalar() == "draft"
