"""Invitations and password resets: signed, expiring, single-use links sent through the outbox."""
import re
from datetime import timedelta

import sqlalchemy as sa

from cellule import mail
from cellule.blueprints.auth.models import AuthToken, Role, User
from cellule.database import utcnow
from cellule.extensions import db
from tests.conftest import PASSWORD


def _link(message) -> str:
    path = re.search(r"https?://cellule\.test(/\S+)", message.get_body(("plain",)).get_content()).group(1)
    return path


def test_password_reset_flow(client, make_user, mail_to):
    user = make_user()
    response = client.post("/mot-de-passe-oublie", data={"email": user.email.upper()})
    assert response.status_code == 302
    mail.deliver_due()
    [message] = mail_to.parsed()
    assert message["To"] == user.email
    assert "Réinitialisation" in message["Subject"]
    link = _link(message)
    assert client.get(link).status_code == 200
    new = "une toute nouvelle phrase de passe"
    response = client.post(link, data={"password": new, "confirm": new})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(new)
    # single use
    assert client.get(link).status_code == 404
    assert "n'est plus valable" in client.get(link).get_data(as_text=True)


def test_reset_for_unknown_email_says_the_same_and_sends_nothing(client, make_user, outbox):
    user = make_user()
    known = client.post("/mot-de-passe-oublie", data={"email": user.email}, follow_redirects=True)
    unknown = client.post("/mot-de-passe-oublie", data={"email": "ghost@example.org"}, follow_redirects=True)
    sentence = "Si un compte existe pour cette adresse"
    assert sentence in known.get_data(as_text=True) and sentence in unknown.get_data(as_text=True)
    assert [m.recipient for m in outbox()] == [user.email]


def test_expired_or_forged_reset_links_are_refused(client, make_user, mail_to):
    user = make_user()
    client.post("/mot-de-passe-oublie", data={"email": user.email})
    mail.deliver_due()
    link = _link(mail_to.parsed()[0])
    assert client.get(link[:-3] + "abc").status_code == 404  # signature broken
    token = db.session.scalar(sa.select(AuthToken))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(link).status_code == 404


def test_reset_ends_other_sessions(app, client, auth, make_user, mail_to):
    user = make_user()
    other = app.test_client()
    other.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert other.get("/profil").status_code == 200
    client.post("/mot-de-passe-oublie", data={"email": user.email})
    mail.deliver_due()
    link = _link(mail_to.parsed()[0])
    client.post(link, data={"password": "x" * 20, "confirm": "x" * 20})
    assert other.get("/profil").status_code == 302


def test_invitation_creates_account_with_role(app, client, auth, make_user, make_ptce, mail_to):
    ptce = make_ptce("la-reunion", name="Pôle Kaz")
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    auth.login(referent)
    response = client.post(f"/la-reunion/annuaire/{ptce.slug}/membres",
                           data={"email": "New.Member@example.org", "name": "Nouvelle Personne",
                                 "role": "ptce_member", "partner_kind": "other"})
    assert response.status_code == 302
    auth.logout()
    mail.deliver_due()
    [message] = mail_to.parsed()
    assert message["To"] == "new.member@example.org"
    plain = message.get_body(("plain",)).get_content()
    assert "Pôle Kaz" in plain and "Membre de PTCE" in plain
    link = _link(message)
    page = client.get(link).get_data(as_text=True)
    assert "new.member@example.org" in page
    response = client.post(link, data={"name": "Nouvelle Personne", "password": "s" * 12, "confirm": "s" * 12})
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "new.member@example.org"))
    assert user.member_of(ptce) and not user.referent_of(ptce)
    assert client.get("/profil").status_code == 200  # signed in straight away
    assert client.get(link).status_code == 404       # single use


def test_invitation_for_existing_account_adds_the_role(client, auth, make_user, mail_to, region):
    coordinator = make_user("coordinator", region="bretagne")
    existing = make_user("ptce_member")
    auth.login(coordinator)
    client.post("/bretagne/equipe", data={"email": existing.email, "name": existing.name,
                                          "role": "partner", "partner_kind": "technician"})
    auth.logout()
    mail.deliver_due()
    link = _link(mail_to.parsed()[0])
    page = client.get(link).get_data(as_text=True)
    assert "Accepter l'invitation" in page
    assert client.post(link).status_code == 302
    db.session.refresh(existing)
    [partner] = existing.roles(Role.PARTNER)
    assert partner.region.slug == "bretagne" and partner.partner_kind.value == "technician"


def test_expired_invitation_is_refused(client, auth, make_user, mail_to):
    coordinator = make_user("coordinator", region="bretagne")
    auth.login(coordinator)
    client.post("/bretagne/equipe", data={"email": "late@example.org", "name": "Late",
                                          "role": "coordinator", "partner_kind": "other"})
    mail.deliver_due()
    token = db.session.scalar(sa.select(AuthToken))
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(_link(mail_to.parsed()[0])).status_code == 404


def test_invite_form_errors_are_french_and_tied_to_fields(client, login):
    login("coordinator", region="bretagne")
    page = client.post("/bretagne/equipe", data={"email": "not-an-email", "name": "",
                                                 "role": "coordinator", "partner_kind": "other"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'aria-invalid="true"' in html and 'id="email-erreur"' in html
    assert db.session.scalar(sa.select(sa.func.count(AuthToken.id))) == 0


def test_referent_removes_a_member(client, auth, make_user, make_ptce):
    ptce = make_ptce()
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    member = make_user("ptce_member", ptce=ptce)
    auth.login(referent)
    [membership] = member.roles(Role.PTCE_MEMBER)
    url = f"/hauts-de-france/annuaire/{ptce.slug}/membres/{membership.id}/retirer"
    ask = client.get(url)  # « Retirer » opens a confirmation first
    assert ask.status_code == 200 and member.name in ask.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, member.id).member_of(ptce)
    response = client.post(url, data={"confirm": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert not db.session.get(User, member.id).member_of(ptce)
