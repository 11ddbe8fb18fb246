"""The demo campaign: answers at every stage in two regions, La Réunion forwarded; idempotent."""
import sqlalchemy as sa

from cellule.blueprints.collection import regional
from cellule.blueprints.collection.lifecycle import CampaignStatus, ResponseStatus
from cellule.blueprints.collection.models import Campaign, Response
from cellule.blueprints.collection.snapshots import Snapshot
from cellule.extensions import db


def test_demo_loads_every_stage_and_is_idempotent(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    previous, campaign = db.session.scalars(sa.select(Campaign).order_by(Campaign.year)).all()
    assert (previous.status, campaign.status) == (CampaignStatus.CLOSED, CampaignStatus.OPEN)
    statuses = {r.ptce.slug: r.status for r in db.session.scalars(
        sa.select(Response).where(Response.campaign_id == campaign.id))}
    assert statuses == {
        "emergence-beauvaisis": ResponseStatus.RETURNED,
        "initiatives-et-cite": ResponseStatus.SUBMITTED,
        "ecopole-alimentaire-audruicq": ResponseStatus.VALIDATED,
        "kaz-ensemble": ResponseStatus.FORWARDED,
        "lakour-cooperative-est": ResponseStatus.DRAFT,
    }
    snapshots = db.session.scalars(sa.select(Snapshot).where(Snapshot.campaign_id == campaign.id)).all()
    assert [(s.region.slug, s.version) for s in snapshots] == [("la-reunion", 1)]
    last_year = db.session.scalar(sa.select(Snapshot).where(Snapshot.campaign_id == previous.id))
    assert (last_year.region.slug, last_year.ptce_count) == ("hauts-de-france", 3)
    # last year's regional questions can be taken up again this year
    hdf = last_year.region
    assert regional.previous_extension(campaign, hdf).campaign_id == previous.id
    assert regional.copy_previous(campaign, hdf) == (["tiers_lieux_animes", "accompagnement_cress"], [])


def test_council_admin_creates_a_campaign(client, login, questionnaire):
    login("council_admin")
    r = client.post("/conseil/collecte/", data={"year": "2026", "title": "Collecte 2026", "opens_on": "2027-01-10",
                                               "closes_on": "2027-01-01", "questionnaire_id": questionnaire.id})
    assert r.status_code == 200 and "La clôture doit suivre" in r.get_data(as_text=True)
    r = client.post("/conseil/collecte/", data={"year": "2026", "title": "Collecte 2026", "opens_on": "2027-01-10",
                                               "closes_on": "2027-03-01", "questionnaire_id": questionnaire.id})
    assert r.status_code == 302
    campaign = db.session.scalar(sa.select(Campaign))
    assert (campaign.year, campaign.status) == (2026, CampaignStatus.DRAFT)


def test_council_observer_cannot_create_campaigns(client, login, questionnaire):
    login("council_observer")
    r = client.post("/conseil/collecte/", data={"year": "2026", "title": "X", "opens_on": "2027-01-10",
                                               "closes_on": "2027-03-01", "questionnaire_id": questionnaire.id})
    assert r.status_code == 403
    assert db.session.query(Campaign).count() == 0


def test_every_view_declares_its_access_rule(app):
    for endpoint, view in app.view_functions.items():
        if endpoint.startswith(("collection.", "api.")):
            assert getattr(view, "access_rule", None), endpoint
