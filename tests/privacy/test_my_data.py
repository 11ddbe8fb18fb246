"""Mes données: exports cover every table that refers to a person; consent; erasure leaves no trace."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from markupsafe import escape

from cellule import mail
from cellule.blueprints.audit.models import AuditEvent
from cellule.blueprints.auth import services as auth_services
from cellule.blueprints.auth.models import Role, User
from cellule.blueprints.calendar import services as calendar
from cellule.blueprints.calendar.models import EventKind
from cellule.blueprints.privacy import services
from cellule.extensions import db
from tests.conftest import PASSWORD, AuthActions

NAME = "Zéphyrine O'Quintavalle"
EMAIL = "zephyrine.quintavalle@example.org"


def test_every_table_referring_to_a_person_is_covered(app):
    """Compare with the live database's own foreign keys (reflection), not with the code's list."""
    inspector = sa.inspect(db.engine)
    in_database = {(table, column) for table in inspector.get_table_names()
                   for fk in inspector.get_foreign_keys(table) if fk["referred_table"] == "user_account"
                   for column in fk["constrained_columns"]}
    covered = {(c.table.name, c.name) for c in services.person_columns()}
    assert in_database and in_database <= covered
    assert {("auth_token", "email"), ("outbox_message", "recipient")} <= {
        (c.table.name, c.name) for c in services.email_columns()}


def _busy_person(make_user, make_ptce, region):
    """A person with rows in many tables: roles, tokens, mail, audit events, recovery codes."""
    from cellule.blueprints.auth import twofactor

    user = make_user("coordinator", name=NAME, email=EMAIL, region="bretagne")
    ptce = make_ptce("bretagne")
    auth_services.grant(user, Role.PTCE_MEMBER, ptce=ptce, referent=True)
    twofactor.regenerate_recovery_codes(user)
    auth_services.request_password_reset(user.email)
    # an invitation *by* the person: the mail to someone else carries their name
    auth_services.invite("invitee@example.org", "Invité", Role.PTCE_MEMBER, by=user, ptce=ptce)
    db.session.commit()
    return user


def test_export_json_and_csv_hold_everything_about_me(client, make_user, make_ptce, region):
    user = _busy_person(make_user, make_ptce, region)
    AuthActions(client).login(user)
    page = client.get("/mes-donnees")
    html = page.get_data(as_text=True)
    # Sections by the names people use, never table names.
    assert page.status_code == 200 and "<th scope=\"row\">Rôles</th>" in html and "membership" not in html
    response = client.get("/mes-donnees/export.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    tables = data["tables"]
    assert tables["user_account"][0]["email"] == EMAIL
    assert tables["user_account"][0]["password_hash"] == services.MASKED
    assert tables["user_account"][0]["totp_secret"] == services.MASKED
    assert {m["role"] for m in tables["membership"]} == {"coordinator", "ptce_member"}
    assert len(tables["recovery_code"]) == 10 and all(r["code_hash"] == services.MASKED for r in tables["recovery_code"])
    assert {t["kind"] for t in tables["auth_token"]} == {"password_reset", "invitation"}  # mine + made by me
    assert any(m["template"] == "password_reset" for m in tables["outbox_message"])
    assert {e["action"] for e in tables["audit_event"]} >= {"auth.signin", "role.granted"}
    archive = zipfile.ZipFile(io.BytesIO(client.get("/mes-donnees/export-csv.zip").data))
    assert set(archive.namelist()) == {f"{t}.csv" for t in tables}
    raw = archive.read("membership.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # French Excel dialect: BOM, ";"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and {r["role"] for r in rows} == {"coordinator", "ptce_member"}
    people = list(csv.DictReader(io.StringIO(archive.read("user_account.csv").decode("utf-8-sig")), delimiter=";"))
    assert people[0]["email"] == EMAIL and people[0]["active"] == "oui"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.action == "privacy.export")) == 2


def test_another_persons_data_is_not_in_my_export(client, login, make_user):
    other = make_user("ptce_member", email="someone.else@example.org")
    login("ptce_member")
    assert b"someone.else@example.org" not in client.get("/mes-donnees/export.json").data
    assert other.id


def test_consent_is_off_by_default_and_can_be_given(client, login):
    user = login("partner")
    assert user.public_listing is False
    client.post("/mes-donnees/consentement", data={"public_listing": "y"})
    db.session.refresh(user)
    assert user.public_listing is True
    client.post("/mes-donnees/consentement", data={})
    db.session.refresh(user)
    assert user.public_listing is False


def _all_text(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _all_text(k) + _all_text(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _all_text(v)]
    return []


def _traces(*needles: str) -> list[str]:
    """Scan every text and JSON column of every table (read back, decoded) for the needles."""
    found = []
    lowered = [n.lower() for n in needles]
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (sa.String, sa.Text, sa.JSON))]
        if not columns:
            continue
        for row in db.session.execute(sa.select(*columns)):
            for column, value in zip(columns, row):
                for text in _all_text(value):
                    for needle in lowered:
                        if needle in text.lower() or needle in text.lower().replace("&#39;", "'"):
                            found.append(f"{table.name}.{column.name}: {needle}")
    return found


def test_deleting_my_account_leaves_no_trace_but_keeps_the_counts(client, make_user, make_ptce, region, mail_to):
    user = _busy_person(make_user, make_ptce, region)
    mail.deliver_due()
    AuthActions(client).login(user)
    events_before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                                      .where(AuditEvent.actor_id == user.id))
    assert _traces(EMAIL, NAME)  # the scan does find them before
    page = client.post("/mes-donnees/supprimer", data={"password": "wrong password", "confirm": "y"})
    assert page.status_code == 400 and "incorrect" in page.get_data(as_text=True)
    response = client.post("/mes-donnees/supprimer", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert client.get("/profil").status_code == 302  # signed out
    db.session.expire_all()
    assert _traces(EMAIL, NAME) == []
    assert _traces("zephyrine", "quintavalle") == []
    anonymous = db.session.get(User, user.id)
    assert anonymous is not None and anonymous.name == services.ANONYMOUS_NAME and not anonymous.active
    assert anonymous.memberships == [] and anonymous.password_hash is None
    # history keeps its counts: the person's audit events (and other rows) still point to the row
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.actor_id == user.id)) >= events_before
    # the invitation mail sent to someone else is still there, without the name
    invitee_mail = db.session.scalar(sa.select(mail.OutboxMessage).where(
        mail.OutboxMessage.recipient == "invitee@example.org"))
    assert invitee_mail is not None and services.ANONYMOUS_NAME in invitee_mail.body_text
    assert AuthActions(client).login(EMAIL).status_code == 200  # no account to sign in to


def test_erasure_spares_a_namesakes_account(app, make_user):
    first = make_user("ptce_member", name="Camille Durand")
    second = make_user("ptce_member", name="Camille Durand")
    services.delete_account(first)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(User, second.id).name == "Camille Durand"
    assert re.match(r"supprime-\d+@anonyme\.invalid", db.session.get(User, first.id).email)


def test_privacy_page_is_public_and_linked_from_every_page(client):
    page = client.get("/donnees-personnelles").get_data(as_text=True)
    assert "Combien de temps" in page and "365 jours" in page and "CNIL" in page
    assert 'href="/donnees-personnelles"' in client.get("/").get_data(as_text=True)


def test_an_erased_name_leaves_the_agenda_and_its_feed_at_once(client, make_user, region):
    """The agenda keeps a month's rows per version of the events, and feeds answer 304 from it: erasure
    renews that version, so the next request shows the anonymised title."""
    user = make_user("coordinator", region="bretagne", name=NAME, email=EMAIL)
    start = (datetime.now(timezone.utc) + timedelta(days=5)).replace(hour=9, minute=0, second=0, microsecond=0)
    calendar.create_event(region_id=region("bretagne").id, kind=EventKind.REGIONAL_MEETING,
                          title=f"Rencontre avec {NAME}", starts_at=start, ends_at=start + timedelta(hours=2))
    db.session.commit()
    pages = [f"/bretagne/agenda/?mois={start:%Y-%m}", f"/bretagne/agenda/?vue=liste&mois={start:%Y-%m}",
             f"/agenda/?mois={start:%Y-%m}"]
    shown = str(escape(NAME))
    assert all(shown in client.get(page).get_data(as_text=True) for page in pages)  # read and kept
    etag = client.get("/bretagne/agenda.ics").headers["ETag"]
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag}).status_code == 304

    services.delete_account(user)
    db.session.commit()
    for page in pages:
        html = client.get(page).get_data(as_text=True)
        assert shown not in html and f"Rencontre avec {services.ANONYMOUS_NAME}" in html, page
    feed = client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag})
    assert feed.status_code == 200 and b"Quintavalle" not in feed.data.replace(b"\r\n ", b"")
