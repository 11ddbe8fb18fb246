"""The proposed changes by library (``resource_pending_change``) and the proposals' region follow every
write, and the follow-up page reads them (issue 20: its lists flat in the number of sheets)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from cellule.blueprints.resources import pending, services
from cellule.blueprints.resources.models import NationalProposal, PendingChange, Revision, Sheet
from cellule.blueprints.resources.reference import RevisionState, Scope
from cellule.extensions import db
from tests.migrating import replay_from


def stored() -> set[tuple]:
    return set(db.session.execute(sa.select(PendingChange.revision_id, PendingChange.region_id,
                                            PendingChange.created_at)).all())


def expected() -> set[tuple]:
    """What the rows must be, worked out from the revisions and their sheets."""
    rows = db.session.execute(sa.select(Revision.id, Sheet.scope, Sheet.region_id, Revision.created_at)
                              .join(Sheet, Sheet.id == Revision.sheet_id)
                              .where(Revision.state == RevisionState.PROPOSED)).all()
    return {(rid, region_id if scope is Scope.REGIONAL else None, created) for rid, scope, region_id, created in rows}


def test_every_way_of_writing_keeps_the_changes_filed_by_library(app, make_sheet, make_user, region):
    coordinator = make_user("coordinator", region="bretagne")
    admin = make_user("council_admin")
    breton = make_sheet("bretagne", title="Fiche bretonne", author=coordinator)
    other = make_sheet("bretagne", title="Autre fiche", author=coordinator)
    national = make_sheet(None, title="Guide national", national=True, author=admin)

    def propose(sheet, note):
        revision = services.propose_change(sheet, services.Content.of(sheet), coordinator, note)
        db.session.commit()
        return revision

    first, second, third = propose(breton, "Un"), propose(breton, "Deux"), propose(other, "Trois")
    on_national = propose(national, "Quatre")
    assert stored() == expected()
    assert {row[:2] for row in stored()} == {(first.id, region("bretagne").id), (second.id, region("bretagne").id),
                                             (third.id, region("bretagne").id), (on_national.id, None)}

    services.accept_change(first, coordinator)
    services.decline_change(third, coordinator, "Non")
    db.session.commit()
    assert stored() == expected() and {row[0] for row in stored()} == {second.id, on_national.id}

    # the sheet joins the national library: its waiting change is the council's now
    proposal = services.propose_national(breton, coordinator, "Pour tous")
    assert proposal.region_id == region("bretagne").id
    services.decide_national(proposal, admin, True, "")
    db.session.commit()
    assert stored() == expected() and (second.id, None) in {row[:2] for row in stored()}

    # a declined proposal moves nothing
    refused = services.propose_national(other, coordinator, "")
    propose(other, "Cinq")
    services.decide_national(refused, admin, False, "Non")
    db.session.commit()
    assert stored() == expected()
    services.archive(other)
    db.session.commit()
    assert stored() == expected()

    # each page reads its library's
    from cellule.blueprints.resources import follow_up

    regional = [r.note for r in follow_up.pending_changes(region("bretagne"))]
    national_notes = [r.note for r in follow_up.pending_changes(None)]
    assert regional == ["Cinq"] and sorted(national_notes) == ["Deux", "Quatre"]


def test_the_migration_fills_the_rows_and_regions_already_there(app, make_sheet, make_user, region):
    coordinator = make_user("coordinator", region="la-reunion")
    sheet = make_sheet("la-reunion", title="Fiche réunionnaise", author=coordinator)
    services.propose_change(sheet, services.Content.of(sheet), coordinator, "À relire")
    national = make_sheet(None, title="Guide", national=True)
    services.propose_change(national, services.Content.of(national), coordinator, "Aussi")
    services.propose_national(sheet, coordinator, "")
    db.session.commit()
    before = stored()
    assert before == expected() and len(before) == 2
    replay_from("0980_transfer_cycle_region")
    assert stored() == before
    assert db.session.scalars(sa.select(NationalProposal.region_id)).all() == [region("la-reunion").id]


def test_a_bulk_load_rebuilds_every_row(app, make_sheet, make_user):
    coordinator = make_user("coordinator", region="bretagne")
    sheet = make_sheet("bretagne", author=coordinator)
    services.propose_change(sheet, services.Content.of(sheet), coordinator, "À relire")
    db.session.commit()
    before = stored()
    db.session.execute(sa.delete(PendingChange))
    db.session.commit()
    assert stored() == set()
    pending.rebuild(db.session.connection())
    db.session.commit()
    assert stored() == before == expected() and len(before) == 1


@pytest.mark.slow
@pytest.mark.parametrize("first", ["council", "member"])
def test_a_change_proposed_while_its_sheet_joins_the_national_library_follows_it(app, make_sheet, make_user,
                                                                                   first):
    """PostgreSQL: the council accepts a sheet into the national library while a change to it is proposed.
    Whichever flushes first, the other waits for its commit, and the change ends in the national library."""
    import threading

    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers itself")
    coordinator = make_user("coordinator", region="bretagne")
    admin = make_user("council_admin")
    sheet = make_sheet("bretagne", title="Fiche en partance", author=coordinator)
    proposal = services.propose_national(sheet, coordinator, "Pour tous")
    db.session.commit()
    ids = {"sheet": sheet.id, "proposal": proposal.id, "coordinator": coordinator.id, "admin": admin.id}
    db.session.remove()

    def council():
        from cellule.blueprints.auth.models import User

        services.decide_national(db.session.get(NationalProposal, ids["proposal"]),
                                 db.session.get(User, ids["admin"]), True, "")

    def member():
        from cellule.blueprints.auth.models import User

        held = db.session.get(Sheet, ids["sheet"])
        services.propose_change(held, services.Content.of(held), db.session.get(User, ids["coordinator"]), "Relire")

    one, two = (council, member) if first == "council" else (member, council)
    failed, waiting = [], threading.Event()

    def run_second():
        with app.app_context():
            try:
                waiting.set()
                two()
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 (reported below)
                failed.append(exc)
            finally:
                db.session.remove()

    with app.app_context():
        one()
        db.session.flush()
        thread = threading.Thread(target=run_second)
        thread.start()
        waiting.wait(timeout=10)
        thread.join(timeout=1)
        assert thread.is_alive(), "the second transaction did not wait for the first one's locks"
        db.session.commit()
        db.session.remove()
    thread.join(timeout=30)
    assert not thread.is_alive() and failed == []
    rows = stored()
    assert rows == expected() and len(rows) == 1 and next(iter(rows))[1] is None
