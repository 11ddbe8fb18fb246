"""A list's page kept under its rows' JSON text (``kept_lists``), on both databases: seen again, it costs one
statement and writes nothing; any value it shows, its order, the store's context or what the viewer may do
gives it written anew; the key is the text of the rows it was written from, even when the data changes
between the two statements of a page written anew."""
from __future__ import annotations

import sqlalchemy as sa
from markupsafe import Markup, escape

from cellule import kept_lists
from cellule.blueprints.directory.models import Ptce
from cellule.extensions import db


def _statement(region_id: int) -> sa.Select:
    # names in the order of the charter year, which no line shows
    return (sa.select(Ptce.id, Ptce.name).where(Ptce.region_id == region_id)
            .order_by(Ptce.charter_year, Ptce.id).limit(20))


class Reads:
    """What ``written`` did: the statements it ran and the lists it wrote."""

    def __init__(self, statement):
        self.statement, self.statements, self.written = statement, [], []
        sa.event.listen(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def write(self, rows) -> Markup:
        self.written.append([row.name for row in rows])
        return Markup("".join(f"<li>{escape(row.name)}</li>" for row in rows))

    def page(self, context=("a",), shown=()) -> Markup:
        self.statements.clear()
        html, count = kept_lists.written("test list", self.statement, self.write, context=context, shown=shown)
        assert count == html.count("<li>")
        return html

    def close(self):
        sa.event.remove(db.engine, "before_cursor_execute", self._seen)


def _reads(region_id: int) -> Reads:
    return Reads(_statement(region_id))


def test_a_page_seen_again_is_one_statement_and_writes_nothing(app, make_ptce, region):
    hdf = region("hauts-de-france")
    for year, name in [(2020, "Pôle <A>"), (2018, "Pôle B"), (None, "Pôle C")]:
        make_ptce("hauts-de-france", name=name, charter_year=year)
    with app.test_request_context("/"):
        reads = _reads(hdf.id)
        first = reads.page()
        assert len(reads.statements) == 2 and "page_digest" in reads.statements[1]  # its text, then its rows
        order = reads.written[0]
        assert first == Markup("".join(f"<li>{escape(name)}</li>" for name in order)) and "Pôle &lt;A&gt;" in first
        assert order.index("Pôle B") < order.index("Pôle <A>")  # by charter year
        assert reads.page() == first and len(reads.statements) == 1 and len(reads.written) == 1
        reads.close()


def test_a_value_shown_or_the_order_changed_gives_the_list_written_anew(app, make_ptce, region):
    hdf = region("hauts-de-france")
    a = make_ptce("hauts-de-france", name="Pôle A", charter_year=2018)
    b = make_ptce("hauts-de-france", name="Pôle B", charter_year=2020)
    with app.test_request_context("/"):
        reads = _reads(hdf.id)
        assert reads.page().index("Pôle A") < reads.page().index("Pôle B")
        db.session.get(Ptce, a.id).name = "Pôle A renommé"
        db.session.commit()
        renamed = reads.page()
        assert "Pôle A renommé" in renamed and len(reads.written) == 2
        # only the value it is sorted by changes: the same rows, in the other order
        db.session.get(Ptce, b.id).charter_year = 2010
        db.session.commit()
        swapped = reads.page()
        assert swapped.index("Pôle B") < swapped.index("Pôle A") and len(reads.written) == 3
        reads.close()


def test_an_empty_list_is_kept_and_each_context_and_viewer_has_its_own(app, region):
    with app.test_request_context("/"):
        reads = _reads(region("corse").id)
        assert reads.page() == Markup("") and len(reads.statements) == 2
        assert reads.page() == Markup("") and len(reads.statements) == 1  # NULL on PostgreSQL: the same key
        reads.page(context=("b",))
        reads.page(shown=("region",))
        assert len(reads.written) == 3
        reads.page(shown=("region",))
        assert len(reads.written) == 3
        reads.close()


def test_a_change_between_a_pages_two_statements_is_never_kept_under_the_old_text(app, make_ptce, region):
    """The rows of a page written anew are read with their own text: a change committed after the page's
    text was read (another worker's) is kept under the new text. Back to the old data, the page shows it,
    not the lines of the change."""
    hdf = region("hauts-de-france")
    ptce = make_ptce("hauts-de-france", name="Avant", charter_year=2018)
    other = sa.create_engine(db.engine.url)
    with app.test_request_context("/"):
        reads = _reads(hdf.id)

        def rename(name: str) -> None:
            with other.begin() as connection:
                connection.execute(sa.update(Ptce).where(Ptce.id == ptce.id).values(name=name))

        def between(conn, cursor, statement, parameters, context, executemany):
            if "page_digest" in statement:
                rename("Pendant")

        sa.event.listen(db.engine, "before_cursor_execute", between)
        try:
            assert "Pendant" in reads.page()  # the text read said « Avant »; the rows, « Pendant »
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", between)
        rename("Avant")
        db.session.rollback()
        again = reads.page()
        assert "Avant" in again and "Pendant" not in again
        rename("Pendant")
        assert "Pendant" in reads.page() and len(reads.statements) == 1  # kept under its own text
        reads.close()
    other.dispose()
