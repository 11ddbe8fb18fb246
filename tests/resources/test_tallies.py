"""The libraries' tallies (sheets per scope/region/status/category, tags of published sheets) stay equal to
a count of the sheets themselves along every path that writes sheets, and the library pages read the same
totals and tags as counting the lists did."""
from __future__ import annotations

import io
from collections import Counter

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from cellule.blueprints.resources import library, services, tallies, uploads
from cellule.blueprints.resources.models import Sheet
from cellule.blueprints.resources.reference import Category, SheetStatus
from cellule.blueprints.resources.sheet_links import SheetTally, TagTally
from cellule.extensions import db

from .conftest import SAMPLES


def _kept() -> tuple[Counter, Counter]:
    sheets = Counter({(t.scope, t.region_id, t.status, t.category): t.sheets
                      for t in db.session.scalars(sa.select(SheetTally)) if t.sheets})
    tags = Counter({(t.scope, t.region_id, t.tag): t.sheets for t in db.session.scalars(sa.select(TagTally)) if t.sheets})
    return sheets, tags


def _counted() -> tuple[Counter, Counter]:
    db.session.expire_all()
    sheets, tags = Counter(), Counter()
    for s in db.session.scalars(sa.select(Sheet)):
        sheets[(s.scope, s.region_id or 0, s.status, s.category)] += 1
        if s.status is SheetStatus.PUBLISHED:
            for tag in s.tags:
                tags[(s.scope, s.region_id or 0, tag)] += 1
    return sheets, tags


def assert_true():
    db.session.commit()
    assert _kept() == _counted()


def _sql_total(filters, user, region) -> int:
    """What browse counted before the tallies: every row of the filtered list."""
    query = library._where(sa.select(Sheet), filters, user, region)
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def _sql_tags(region) -> list[str]:
    from cellule.blueprints.resources.reference import Scope
    from cellule.blueprints.resources.sheet_links import SheetTag

    query = sa.select(SheetTag.tag).join(Sheet, Sheet.id == SheetTag.sheet_id).where(
        Sheet.status == SheetStatus.PUBLISHED).distinct().order_by(SheetTag.tag)
    if region is not None:
        query = query.where(sa.or_(Sheet.scope == Scope.NATIONAL, Sheet.region_id == region.id))
    spellings: dict[str, str] = {}
    for tag in db.session.scalars(query):
        spellings.setdefault(tag.casefold(), tag)
    return sorted(spellings.values(), key=str.casefold)


def test_every_service_path_keeps_the_tallies(app, runner, make_sheet, make_user, make_ptce, region):
    admin = make_user("council_admin")
    coordinator = make_user("coordinator", region="bretagne")
    draft = make_sheet("bretagne", title="Brouillon", tags=["SCIC", "statuts"], publish=False, author=coordinator)
    assert_true()
    published = make_sheet("bretagne", title="Publiée", tags=["scic", "gouvernance"], author=coordinator)
    national = make_sheet(None, title="Nationale", tags=["financement"], national=True, author=admin)
    make_sheet("hauts-de-france", title="Autre région", tags=["tiers-lieu"])
    assert_true()
    # a save changes tags and category, of a draft and of a published sheet
    for sheet in (draft, published):
        content = services.Content.of(sheet)
        content.tags, content.category = ["Statuts", "mutualisation"], Category.FUNDING
        services.save_sheet(sheet, content, coordinator, "")
        assert_true()
    services.publish(draft)
    assert_true()
    # a proposed change counts nothing until accepted
    content = services.Content.of(published)
    content.tags = ["bénévolat"]
    proposal = services.propose_change(published, content, coordinator, "")
    assert_true()
    services.accept_change(proposal, coordinator)
    assert_true()
    # restoring the first revision brings its tags back
    services.restore(published, library.revisions(published)[-1], coordinator)
    assert_true()
    # attachments re-apply the content (nothing moves)
    stored = uploads.store(io.BytesIO(SAMPLES["guide.pdf"]), "guide.pdf")
    attachment = services.add_attachment(published, stored, coordinator)
    services.remove_attachment(published, attachment, coordinator)
    assert_true()
    # to the national library, declined then accepted
    services.decide_national(services.propose_national(published, coordinator, ""), admin, False, "")
    assert_true()
    services.decide_national(services.propose_national(published, coordinator, ""), admin, True, "")
    assert_true()
    services.archive(national)
    assert_true()
    services.publish(national)
    services.archive(national)
    assert_true()
    result = runner.invoke(args=["resources", "purge", str(national.id), "--yes"])
    assert result.exit_code == 0, result.output
    assert_true()


def test_demo_data_keeps_the_tallies(app):
    from cellule.blueprints.auth import demo as people_demo
    from cellule.blueprints.directory import demo as directory_demo
    from cellule.blueprints.resources import demo

    directory_demo.load()
    people_demo.load()
    demo.load()
    assert_true()
    assert _kept()[1], "the demo's published sheets have tags"


def test_bench_data_and_perf_growers_keep_the_tallies(app, runner, region, make_ptce, make_user):
    from tests.perf.grow import resources as grow
    from tests.perf.rows import World

    result = runner.invoke(args=["bench-data", "--scale", "0.1"])
    assert result.exit_code == 0, result.output
    assert_true()
    hdf = region("hauts-de-france")
    ptce = make_ptce("hauts-de-france")
    world = World(region_id=hdf.id, region_slug=hdf.slug, ptce_id=ptce.id, ptce_slug=ptce.slug,
                  user_id=make_user("coordinator").id)
    grow.add_sheets(world, 12)
    assert_true()


def test_migration_fills_the_tallies_of_existing_sheets(app, make_sheet, make_user):
    """The migration's own statements, run on sheets whose tallies were lost, count them all again."""
    import importlib.util
    from pathlib import Path
    from types import SimpleNamespace

    make_sheet("bretagne", title="Publiée", tags=["scic", "SCIC"])
    make_sheet(None, title="Nationale", tags=["statuts"], national=True)
    make_sheet("bretagne", title="Brouillon", tags=["brouillon"], publish=False)
    db.session.execute(sa.delete(SheetTally))
    db.session.execute(sa.delete(TagTally))
    path = Path(__file__).parents[2] / "migrations" / "versions" / "0900_sheet_tallies.py"
    spec = importlib.util.spec_from_file_location("m0900", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.op = SimpleNamespace(execute=lambda sql: db.session.execute(sa.text(sql)), f=lambda name: name,
                                   create_table=lambda *a, **k: None, create_index=lambda *a, **k: None)
    migration.upgrade()
    assert_true()
    assert len(_kept()[1]) == 3  # scic, SCIC and statuts: published sheets only


@pytest.fixture
def library_world(make_sheet, make_user, make_ptce, region):
    """Sheets of two regions and national ones, of every status and several categories and tags; the
    people whose visibility differs: a visitor, a council admin, a coordinator, a PTCE member with drafts."""
    ptce = make_ptce("bretagne")
    member = make_user("ptce_member", ptce=ptce)
    coordinator = make_user("coordinator", region="bretagne")
    admin = make_user("council_admin")
    sheets = []
    for i in range(12):
        slug = ("bretagne", "hauts-de-france", None)[i % 3]
        sheet = make_sheet(slug, title=f"Fiche {i}", category=list(Category)[i % 3], tags=[f"t{i % 4}", "Commun"],
                           publish=i % 4 != 1, national=slug is None, author=member if i % 2 else coordinator,
                           ptce=ptce if slug == "bretagne" and i % 2 else None)
        sheets.append(sheet)
    services.archive(sheets[3])
    services.publish(make_sheet("hauts-de-france", title="Brouillon étranger", publish=False, author=member))
    db.session.commit()
    make_sheet("hauts-de-france", title="Brouillon du membre ailleurs", publish=False, author=member)
    return dict(visitor=AnonymousUserMixin(), admin=admin, coordinator=coordinator, member=member)


FILTERS = [dict(), dict(status="draft"), dict(status="archived"), dict(status="published"), dict(scope="regional"),
           dict(scope="national"), dict(category="legal"), dict(region="bretagne"), dict(region="inconnue"),
           dict(category="funding", scope="regional", status="draft"), dict(tag="commun"), dict(topic="legal")]


@pytest.mark.parametrize("who", ["visitor", "admin", "coordinator", "member"])
def test_library_totals_and_tags_are_those_of_the_lists(library_world, region, who):
    user = library_world[who]
    for where in (region("bretagne"), region("hauts-de-france"), None):
        for values in FILTERS:
            filters = library.Filters(**values)
            if where is not None:
                filters.region = ""
            assert library.browse(filters, user, where).total == _sql_total(filters, user, where), (who, where, values)
        assert library.tags_in_use(where) == _sql_tags(where)
