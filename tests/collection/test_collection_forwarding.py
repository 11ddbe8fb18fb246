"""Forwarding: immutable, hashed snapshot versions; corrections make new versions."""
import pytest
import sqlalchemy as sa

from cellule.blueprints.collection import forwarding, services
from cellule.blueprints.collection.lifecycle import ResponseStatus
from cellule.blueprints.collection.snapshots import ImmutableSnapshot, Snapshot, content_hash
from cellule.extensions import db


def test_coordinator_forwards_validated_answers(client, login, campaign, make_ptce, respond, answers):
    validated, submitted = make_ptce(), make_ptce()
    respond(campaign, validated, "validated", answers(jobs_created=7))
    respond(campaign, submitted, "submitted")
    coordinator = login("coordinator", region="hauts-de-france")
    r = client.post(f"/hauts-de-france/collecte/{campaign.id}/transmettre")
    assert r.status_code == 302
    snap = db.session.scalar(sa.select(Snapshot))
    assert (snap.version, snap.region.slug, snap.forwarded_by_id) == (1, "hauts-de-france", coordinator.id)
    assert snap.questionnaire_id == campaign.questionnaire_id
    assert snap.content_hash == content_hash(snap.content) and len(snap.content_hash) == 64
    assert [e["ptce"]["slug"] for e in snap.content["responses"]] == [validated.slug]  # drafts never leave
    assert snap.content["responses"][0]["answers"]["jobs_created"] == 7
    # Visits and transfers report their figures for the campaign year (none happened here).
    assert {"visits_held", "transfers_cycles_opened"} <= set(snap.content["figures"])
    assert not any(snap.content["figures"].values())
    assert snap.content["campaign"]["year"] == 2025
    db.session.expire_all()
    assert services.response_for(campaign, validated).status is ResponseStatus.FORWARDED
    page = client.get(f"/hauts-de-france/collecte/{campaign.id}/").get_data(as_text=True)
    assert snap.content_hash in page
    # nothing new to forward: refused, no new version
    client.post(f"/hauts-de-france/collecte/{campaign.id}/transmettre")
    assert db.session.query(Snapshot).count() == 1


def test_snapshots_refuse_changes_and_deletion(campaign, make_ptce, respond):
    respond(campaign, make_ptce(), "forwarded")
    snap = db.session.scalar(sa.select(Snapshot))
    snap.content_hash = "0" * 64
    with pytest.raises(ImmutableSnapshot):
        db.session.flush()
    db.session.rollback()
    snap = db.session.scalar(sa.select(Snapshot))
    snap.content = {"responses": []}
    with pytest.raises(ImmutableSnapshot):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(sa.select(Snapshot)))
    with pytest.raises(ImmutableSnapshot):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(Snapshot)).verify()


def test_postgresql_trigger_refuses_raw_updates(app, campaign, make_ptce, respond):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only; the ORM guard is tested above")
    respond(campaign, make_ptce(), "forwarded")
    with pytest.raises(sa.exc.DBAPIError, match="immutable"):
        db.session.execute(sa.text("UPDATE collection_snapshot SET content_hash = 'x'"))
    db.session.rollback()


def test_a_correction_makes_a_new_version_and_keeps_the_old(app, campaign, make_ptce, make_user, respond, answers):
    first, second = make_ptce(), make_ptce()
    respond(campaign, first, "forwarded", answers(jobs_created=4))
    respond(campaign, second, "validated")
    v1 = db.session.scalar(sa.select(Snapshot))
    v1_content, v1_hash = dict(v1.content), v1.content_hash
    coordinator = make_user("coordinator", region="hauts-de-france")
    referent = make_user("ptce_member", ptce=first, referent=True)
    response = services.response_for(campaign, first)
    services.reopen(response, "Erreur sur les emplois", coordinator)
    # while the first PTCE corrects, forwarding the second carries the first over from v1
    v2 = forwarding.forward_region(campaign, first.region, coordinator)
    db.session.commit()
    assert v2.version == 2
    assert {e["ptce"]["slug"] for e in v2.content["responses"]} == {first.slug, second.slug}
    services.save_answers(response, answers(jobs_created=5), {}, referent)
    services.submit(response, referent)
    services.validate(response, set(), coordinator)
    v3 = forwarding.forward_region(campaign, first.region, coordinator)
    db.session.commit()
    db.session.expire_all()
    versions = db.session.scalars(sa.select(Snapshot).order_by(Snapshot.version)).all()
    assert [s.version for s in versions] == [1, 2, 3]
    assert versions[0].content == v1_content and versions[0].content_hash == v1_hash
    by_slug = {e["ptce"]["slug"]: e for e in versions[2].content["responses"]}
    assert by_slug[first.slug]["answers"]["jobs_created"] == 5
    assert {e["ptce"]["slug"]: e for e in versions[0].content["responses"]}[first.slug]["answers"]["jobs_created"] == 4
    assert v3.content_hash != v1_hash
    assert forwarding.latest_snapshot(campaign, first.region).version == 3


def test_regional_questions_are_forwarded_only_when_marked(client, login, campaign, make_ptce, make_user, respond,
                                                           answers):
    ptce = make_ptce()
    login("coordinator", region="hauts-de-france")
    import json
    extension = {"title": "HDF", "sections": [{"code": "hdf", "title": "Questions HDF", "questions": [
        {"var": "hdf_local_label", "label": "Label local", "type": "short_text", "forward": False},
        {"var": "hdf_unmarked", "label": "Non marquée", "type": "integer"},
        {"var": "hdf_tiers_lieux", "label": "Tiers-lieux animés", "type": "integer", "forward": True}]}]}
    r = client.post(f"/hauts-de-france/collecte/{campaign.id}/questions-regionales/json",
                    data={"definition": json.dumps(extension)})
    assert r.status_code == 302
    clash = {"title": "HDF", "sections": [{"code": "x", "title": "X", "questions": [
        {"var": "jobs_created", "label": "Doublon", "type": "integer"}]}]}
    r = client.post(f"/hauts-de-france/collecte/{campaign.id}/questions-regionales/json",
                    data={"definition": json.dumps(clash)})
    assert "used twice" in r.get_data(as_text=True)
    respond(campaign, ptce, "forwarded", answers(hdf_local_label="Oui", hdf_tiers_lieux=2, hdf_unmarked=5))
    entry = db.session.scalar(sa.select(Snapshot)).content["responses"][0]
    assert entry["answers"]["hdf_tiers_lieux"] == 2
    assert "hdf_local_label" not in entry["answers"] and "hdf_unmarked" not in entry["answers"]
    assert entry["answers"]["jobs_created"] == 4
    assert services.response_for(campaign, ptce).answers["hdf_local_label"] == "Oui"  # kept in the region


def test_figures_come_from_feature_providers(app, campaign, make_ptce, respond, monkeypatch):
    from datetime import date
    from types import SimpleNamespace

    calls = []

    def region_figures(region, start, end):
        calls.append((region.slug, start, end))
        return {"visits": 3, "transfer_cycles": 1}

    monkeypatch.setattr(forwarding, "feature_modules",
                        lambda name: [SimpleNamespace(region_figures=region_figures)] if name == "figures" else [])
    respond(campaign, make_ptce(), "forwarded")
    assert db.session.scalar(sa.select(Snapshot)).content["figures"] == {"visits": 3, "transfer_cycles": 1}
    assert calls == [("hauts-de-france", date(2025, 1, 1), date(2025, 12, 31))]


def test_forwarding_and_extra_questions_are_for_the_region_coordinators(client, auth, login, campaign, make_ptce,
                                                                        respond):
    ptce = make_ptce()
    respond(campaign, ptce, "validated")
    login("ptce_member", ptce=ptce, referent=True)
    assert client.post(f"/hauts-de-france/collecte/{campaign.id}/transmettre").status_code == 403
    assert client.get(f"/hauts-de-france/collecte/{campaign.id}/questions-regionales").status_code == 403
    auth.logout()
    login("coordinator", region="bretagne")
    assert client.post(f"/hauts-de-france/collecte/{campaign.id}/transmettre").status_code == 404
    assert db.session.query(Snapshot).count() == 0


def test_two_coordinators_forwarding_at_once_get_a_message_not_a_500(client, login, campaign, make_ptce, respond,
                                                                      answers, monkeypatch):
    """A colleague's version 1 commits between our read of the last version and our insert."""
    from cellule.blueprints.collection import forwarding

    respond(campaign, make_ptce(), "forwarded", answers())  # the colleague's version 1
    respond(campaign, make_ptce(), "validated", answers())  # ours to forward
    login("coordinator", region="hauts-de-france")
    monkeypatch.setattr(forwarding, "latest_snapshot", lambda c, r: None)  # read before version 1 landed
    r = client.post(f"/hauts-de-france/collecte/{campaign.id}/transmettre")
    assert r.status_code == 302
    assert "Une autre transmission vient d" in client.get(r.headers["Location"]).get_data(as_text=True)
    assert [s.version for s in db.session.query(Snapshot)] == [1]
