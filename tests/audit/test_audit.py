"""The audit log: what is recorded, and the admins' filterable page."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from cellule.blueprints import audit
from cellule.blueprints.audit.models import AuditEvent
from cellule.extensions import db
from tests.conftest import PASSWORD, AuthActions


def _events(action=None):
    query = sa.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def test_sign_in_and_failures_are_recorded_without_revealing_the_account(client, auth, make_user):
    user = make_user("ptce_member")
    wrong = client.post("/connexion", data={"email": user.email, "password": "wrong password!!"})
    unknown = client.post("/connexion", data={"email": "nobody@example.org", "password": "wrong password!!"})
    assert wrong.status_code == unknown.status_code == 200
    assert "Adresse ou mot de passe incorrect" in wrong.get_data(as_text=True)
    failed = _events("auth.signin_failed")
    assert [(e.actor_id, e.details["reason"]) for e in failed] == [(user.id, "bad_password"), (None, "unknown_account")]
    assert all(e.ip == "127.0.0.1" for e in failed)
    assert "nobody@example.org" not in str([e.details for e in failed])  # no stray addresses kept
    auth.login(user)
    [signin] = _events("auth.signin")
    assert signin.actor_id == user.id and signin.details == {"method": "password"}


def test_invitations_role_changes_and_deactivation_are_recorded(client, auth, make_user, region):
    admin = make_user("council_admin")
    coordinator = make_user("coordinator", region="bretagne")
    auth.login(admin)
    client.post("/conseil/equipe", data={"email": "obs@example.org", "name": "Obs", "role": "council_observer",
                                        "partner_kind": "other"})
    [sent] = _events("invitation.sent")
    assert sent.actor_id == admin.id and sent.target_type == "auth_token"
    assert sent.details["role"] == "council_observer"
    [membership] = coordinator.memberships
    client.post(f"/bretagne/equipe/{membership.id}/retirer", data={"confirm": "1"})
    [revoked] = _events("role.revoked")
    assert (revoked.actor_id, revoked.target_id, revoked.region_id) == (admin.id, coordinator.id, region("bretagne").id)
    assert revoked.details["role"] == "coordinator"
    client.post(f"/conseil/personnes/{coordinator.id}/desactiver")
    [deactivated] = _events("account.deactivated")
    assert (deactivated.actor_id, deactivated.target_id) == (admin.id, coordinator.id)
    granted = _events("role.granted")
    assert {e.target_id for e in granted} >= {admin.id, coordinator.id}


def test_refused_accesses_of_signed_in_people_are_recorded(client, auth, make_user, make_ptce, region):
    member = make_user("ptce_member", region="bretagne")
    auth.login(member)
    assert client.get("/hauts-de-france/equipe").status_code == 404   # foreign region
    assert client.get("/conseil/equipe").status_code == 403           # not an admin
    assert client.get("/hauts-de-france/annuaire/ptce-inconnu").status_code == 404            # plain not-found: not logged
    denied = _events("access.denied")
    assert [(e.details["status"], e.details["path"], e.details["rule"]) for e in denied] == [
        (404, "/hauts-de-france/equipe", "manage_region"), (403, "/conseil/equipe", "council_admin")]
    assert denied[0].region_id == region("hauts-de-france").id
    assert all(e.actor_id == member.id for e in denied)


def test_refused_post_keeps_nothing_but_the_audit_row(client, auth, make_user, make_ptce):
    ptce = make_ptce("hauts-de-france")
    outsider = make_user("ptce_member", region="hauts-de-france")
    auth.login(outsider)
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    response = client.post(f"/hauts-de-france/annuaire/{ptce.slug}/membres",
                           data={"email": "x@example.org", "name": "X", "role": "ptce_member"})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before + 1


def test_record_is_usable_by_other_features(app, make_user, region):
    user = make_user("coordinator")
    audit.record("api.token_issued", actor=user, region=region("bretagne"), target_type="api_token",
                 target_id=7, details={"scopes": ["read"]})
    db.session.commit()
    [event] = _events("api.token_issued")
    assert (event.actor_id, event.region_id, event.target_type, event.target_id) == (
        user.id, region("bretagne").id, "api_token", 7)
    assert event.ip is None  # outside a request


# Late in the UTC evening, Paris is already on the next day (winter: +1 h, summer: +2 h): the
# log's day filter follows Paris days, so the test must too.
@pytest.mark.parametrize("moment", ["2026-12-15T23:30:00+00:00", "2027-06-15T22:30:00+00:00"])
def test_admin_page_filters_and_paginates(client, auth, make_user, region, clock, moment):
    clock(moment)
    admin = make_user("council_admin", name="Alice Admin")
    someone = make_user("ptce_member", name="Bob Membre")
    hdf, bzh = region("hauts-de-france"), region("bretagne")
    old = datetime.fromisoformat(moment) - timedelta(days=40)
    for i in range(60):
        db.session.add(AuditEvent(action="auth.signin", actor_id=someone.id, region_id=hdf.id, created_at=old))
    db.session.add(AuditEvent(action="invitation.accepted", actor_id=admin.id, region_id=bzh.id))
    db.session.commit()
    auth.login(admin)
    page = client.get("/conseil/journal").get_data(as_text=True)
    assert "Page 1 sur 2" in page and "Journal d'audit" in page
    page = client.get("/conseil/journal", query_string={"action": "invitation.accepted"}).get_data(as_text=True)
    assert "1 événement." in page and "Alice Admin" in page
    page = client.get("/conseil/journal", query_string={"personne": "bob"}).get_data(as_text=True)
    assert "60 événements." in page
    page = client.get("/conseil/journal", query_string={"region": bzh.id}).get_data(as_text=True)
    assert "1 événement." in page
    day = old.astimezone(ZoneInfo("Europe/Paris")).date().isoformat()
    page = client.get("/conseil/journal", query_string={"du": day, "au": day}).get_data(as_text=True)
    assert "60 événements." in page
    page = client.get("/conseil/journal", query_string={"du": "pas-une-date"})
    assert page.status_code == 200 and "n&#39;est pas valide" in page.get_data(as_text=True)


def test_only_national_admins_see_the_log(client, auth, make_user):
    for role in ("council_observer", "coordinator"):
        other = client.application.test_client()
        AuthActions(other).login(make_user(role))
        assert other.get("/conseil/journal").status_code == 403
    assert client.get("/conseil/journal").status_code == 302  # anonymous: sign in first
    assert PASSWORD
