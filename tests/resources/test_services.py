"""Services: lifecycle guards, suggestions by topic, the home section, purge, demo data."""
import io

import pytest
import sqlalchemy as sa

from cellule.blueprints.resources import follow_up, library, services, uploads
from cellule.blueprints.resources.models import Attachment, Revision, Sheet
from cellule.blueprints.resources.reference import SheetStatus
from cellule.extensions import db
from cellule.lifecycle import IllegalTransition

from .conftest import SAMPLES


def test_guarded_transitions(make_sheet):
    draft = make_sheet(publish=False)
    with pytest.raises(IllegalTransition):
        draft.make_national()
    draft.publish()
    with pytest.raises(IllegalTransition):
        draft.publish()
    draft.archive()
    with pytest.raises(IllegalTransition):
        draft.archive()
    with pytest.raises(IllegalTransition):
        draft.make_national()
    draft.publish()
    assert draft.status is SheetStatus.PUBLISHED and draft.archived_at is None


def test_sheets_for_topic(make_sheet, region):
    legal_hdf = make_sheet(title="SCIC", topics=["legal"])
    make_sheet(title="Brouillon", topics=["legal"], publish=False)
    make_sheet(title="Gouvernance", topics=["governance"])
    national = make_sheet(None, national=True, title="Statuts nationaux", topics=["legal"])
    breton = make_sheet("bretagne", title="SCIC bretonne", topics=["legal"])
    food = make_sheet(title="Filière alimentaire", topics=["sector"], sectors=["agriculture_food"])
    make_sheet(title="Énergie", topics=["sector"], sectors=["energy"])

    found = library.sheets_for_topic("legal")
    assert {s.title for s in found} == {"SCIC", "Statuts nationaux", "SCIC bretonne"}
    assert found[0].id == national.id            # national sheets first
    assert library.sheets_for_topic("legal", limit=1) == [national]
    in_region = library.sheets_for_topic("legal", region=region("hauts-de-france"))
    assert {s.id for s in in_region} == {legal_hdf.id, national.id}
    assert breton not in in_region
    assert library.sheets_for_topic("sector", "agriculture_food")[0].id == food.id
    assert library.sheets_for_topic("unknown") == []


def test_home_section_lists_latest(client, make_sheet):
    make_sheet(title="Fiche publiée")
    make_sheet(title="Fiche cachée", publish=False)
    make_sheet("bretagne", title="Fiche bretonne")
    page = client.get("/hauts-de-france/").get_data(as_text=True)
    assert "Dernières fiches ressources" in page and "Fiche publiée" in page
    assert "Fiche cachée" not in page and "Fiche bretonne" not in page


def test_purge_deletes_rows_and_files(app, runner, make_sheet, make_user):
    author = make_user("council_admin")
    sheet = make_sheet(author=author)
    stored = uploads.store(io.BytesIO(SAMPLES["guide.pdf"]), "guide.pdf")
    services.add_attachment(sheet, stored, author)
    db.session.commit()
    path = uploads.path_of(stored.stored_name)
    result = runner.invoke(args=["resources", "purge", str(sheet.id), "--yes"])
    assert result.exit_code == 1 and "archive the sheet first" in result.output
    assert path.exists()
    services.archive(sheet)
    db.session.commit()
    result = runner.invoke(args=["resources", "purge", str(sheet.id), "--yes"])
    assert result.exit_code == 0, result.output
    assert not path.exists()
    for model in (Sheet, Revision, Attachment):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_demo_is_idempotent(app, runner):
    from cellule.blueprints.auth import demo as people_demo
    from cellule.blueprints.directory import demo as directory_demo
    from cellule.blueprints.resources import demo

    directory_demo.load()
    people_demo.load()
    demo.load()
    db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Sheet))
    assert count >= 12
    demo.load()
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sheet)) == count
    sheets = db.session.scalars(sa.select(Sheet)).all()
    assert any(s.status is SheetStatus.DRAFT for s in sheets)
    assert any(s.is_national for s in sheets) and any(not s.is_national for s in sheets)
    assert follow_up.overdue(None) or any(follow_up.overdue(s.region) for s in sheets if s.region)
    # The demo sheets are searchable.
    assert library.browse(library.Filters(q="coopératives", scope="regional"), None).total >= 1


def test_restore_brings_back_the_attachments_of_that_revision(app, make_sheet, make_user):
    author = make_user("council_admin")
    sheet = make_sheet(author=author)
    stored = uploads.store(io.BytesIO(SAMPLES["logo.png"]), "logo.png")
    attachment = services.add_attachment(sheet, stored, author)          # revision 2
    services.remove_attachment(sheet, attachment, author)                # revision 3
    db.session.commit()
    assert sheet.live_attachments == []
    revision_2 = db.session.scalar(sa.select(Revision).where(Revision.sheet_id == sheet.id,
                                                             Revision.number == 2))
    created = services.restore(sheet, revision_2, author)
    db.session.commit()
    assert created.number == 4 and created.attachment_ids == [attachment.id]
    assert sheet.live_attachments == [attachment]
    assert uploads.path_of(stored.stored_name).exists()


def test_clean_filename_strips_paths_and_controls():
    assert uploads.clean_filename('..\\..\\a"b\r\nX-Evil: 1.pdf') == 'a"bX-Evil: 1.pdf'
    assert uploads.clean_filename("/etc/.hidden.pdf") == "hidden.pdf"
    assert uploads.clean_filename("") == "fichier"
    assert uploads.extension_of("Photo.JPEG") == "jpg" and uploads.extension_of("x.pdf.exe") is None


def test_suggestions_partial_renders_links(app, make_sheet):
    from flask import render_template

    sheet = make_sheet(title="Statuts <SCIC>", topics=["legal"])
    with app.test_request_context():
        html = render_template("resources/_suggestions.html",
                               suggested_sheets=library.sheets_for_topic("legal"))
    assert f'/hauts-de-france/fiches/{sheet.id}"' in html and "Statuts &lt;SCIC&gt;" in html
