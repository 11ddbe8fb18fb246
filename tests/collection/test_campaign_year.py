"""One campaign per year: the form says so in French, the database holds it even under a race,
and the migration removes empty duplicates while refusing to guess about ones holding answers."""
import importlib.util
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from cellule import create_app
from cellule.blueprints.collection import forms, services
from cellule.blueprints.collection.models import Campaign
from cellule.extensions import db

NEW = {"year": "2025", "title": "Doublon 2025", "opens_on": "2026-01-10", "closes_on": "2026-03-01"}


def test_a_second_campaign_for_a_year_is_refused_in_french(client, login, campaign, questionnaire):
    login("council_admin")
    page = client.post("/conseil/collecte/", data={**NEW, "questionnaire_id": questionnaire.id})
    assert page.status_code == 200
    assert "Une campagne couvre déjà l&#39;année 2025 : « Collecte 2025 »" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Campaign.id))) == 1


def test_a_race_past_the_form_check_meets_the_constraint_not_a_500(client, login, campaign, questionnaire,
                                                                   monkeypatch):
    """The other request committed between our check and our insert: the unique constraint answers."""
    login("council_admin")
    monkeypatch.setattr(services, "campaign_for_year", lambda year, real=services.campaign_for_year:
                        None if forms_checking() else real(year))
    checking = {"on": True}

    def forms_checking():
        on, checking["on"] = checking["on"], False  # only the form's check is blind
        return on

    page = client.post("/conseil/collecte/", data={**NEW, "questionnaire_id": questionnaire.id})
    assert page.status_code == 200
    assert "Une campagne couvre déjà l&#39;année 2025" in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Campaign.id))) == 1


def test_the_service_cannot_create_a_duplicate_either(campaign, questionnaire):
    with pytest.raises(sa.exc.IntegrityError):
        services.create_campaign(2025, "Encore", date(2025, 1, 1), date(2025, 6, 1), questionnaire)
    db.session.rollback()


def test_cli_refuses_a_second_campaign(app, campaign):
    result = app.test_cli_runner().invoke(args=["collection", "create-campaign", "--year", "2025", "--title", "X",
                                                "--opens", "2025-01-01", "--closes", "2025-02-01"])
    assert result.exit_code != 0 and "already covers 2025" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Campaign.id))) == 1


def _migrate(tmp_path, url, revision):
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_DIR": str(tmp_path / "u")})
    with app.app_context():
        upgrade(revision=revision)
        db.engine.dispose()


def _seed_duplicates(url, with_answers: bool):
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO collection_questionnaire (id, code, version, title, definition, published, "
                             "created_at) VALUES (1, 'national', 1, 'Q', '{}', true, '2025-01-01 00:00:00')"))
        for cid, title in ((1, "Collecte 2025"), (2, "Doublon 2025"), (3, "Vide 2025")):
            conn.execute(sa.text(
                "INSERT INTO collection_campaign (id, year, title, opens_on, closes_on, questionnaire_id, status, "
                "created_at, updated_at) VALUES (:id, 2025, :t, '2025-01-01', '2025-06-01', 1, 'open', "
                "'2025-01-01 00:00:00', '2025-01-01 00:00:00')"), {"id": cid, "t": title})
        conn.execute(sa.text("INSERT INTO ptce (id, name, slug, region_id, department_code, territory, communes, "
                             "siret, stage, charter_signatory, description, created_at, updated_at) VALUES "
                             "(1, 'P', 'p', (SELECT id FROM region WHERE code = '32'), '59', '', '[]', "
                             "'73282932000074', 'emerging', false, '', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"))
        for cid in (1, 2) if with_answers else (1,):
            conn.execute(sa.text(
                "INSERT INTO collection_response (campaign_id, ptce_id, region_id, questionnaire_id, status, answers, "
                "justifications, acknowledged, created_at, updated_at) VALUES (:c, 1, "
                "(SELECT id FROM region WHERE code = '32'), 1, 'draft', '{}', '{}', '{}', "
                "'2025-01-01 00:00:00', '2025-01-01 00:00:00')"), {"c": cid})
    return engine


@pytest.mark.parametrize("with_answers", [False, True])
def test_migration_handles_existing_duplicates(tmp_path, with_answers):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _migrate(tmp_path, url, "0761_revision_action")
    engine = _seed_duplicates(url, with_answers)
    if with_answers:
        with pytest.raises(SystemExit):  # flask-migrate logs the RuntimeError and exits 1
            _migrate(tmp_path, url, "0731_one_campaign_per_year")
        spec = importlib.util.spec_from_file_location(
            "m0731", Path(__file__).parents[2] / "migrations/versions/0731_one_campaign_per_year.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        with engine.begin() as conn, pytest.raises(RuntimeError, match=r"2025: campaigns 1 and 2"):
            module._drop_empty_duplicate_campaigns(conn)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0761_revision_action"
            assert {1, 2} <= set(conn.execute(sa.text("SELECT id FROM collection_campaign")).scalars())
    else:
        _migrate(tmp_path, url, "0731_one_campaign_per_year")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT id FROM collection_campaign")).scalars().all() == [1]
    engine.dispose()
