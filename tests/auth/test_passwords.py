"""Password policy: 12+ characters, long passphrases kept as typed, common passwords refused."""
from __future__ import annotations

import re

import pytest

from cellule.blueprints.auth import services
from cellule.blueprints.auth.models import Role
from cellule.blueprints.auth.passwords import common_passwords
from cellule.extensions import db
from tests.conftest import PASSWORD

COMMON = "Qwerty123456"          # in the shipped list (lower-cased), 12 characters
LONG = "é" * 3 + " une phrase de passe très longue, avec des espaces et des signes ! " * 2


def _link(outbox) -> str:
    return re.search(r"https?://cellule\.test(/\S+)", outbox()[-1].body_text).group(1)


def test_the_shipped_list_is_a_real_list():
    words = common_passwords()
    assert len(words) > 19000
    assert {"password", "azerty", "123456", "qwerty123456", "1q2w3e4r5t6y"} <= words


def test_reset_refuses_a_common_password_and_accepts_a_long_one(client, make_user, outbox):
    user = make_user()
    services.request_password_reset(user.email)
    db.session.commit()
    link = _link(outbox)
    page = client.post(link, data={"password": COMMON, "confirm": COMMON}).get_data(as_text=True)
    assert "figure parmi les plus courants" in page
    assert not user.check_password(COMMON)
    page = client.post(link, data={"password": "court", "confirm": "court"}).get_data(as_text=True)
    assert "au moins 12 caractères" in page
    assert len(LONG) > 64
    assert client.post(link, data={"password": LONG, "confirm": LONG}).status_code == 302
    db.session.refresh(user)
    assert user.check_password(LONG)          # kept exactly, not truncated
    assert not user.check_password(LONG[:64])


def test_invitation_refuses_a_common_password(app, client, outbox):
    services.invite("nouvelle@example.org", "Nouvelle Personne", Role.COUNCIL_OBSERVER, by=None)
    db.session.commit()
    link = _link(outbox)
    data = {"name": "Nouvelle Personne", "password": " 1Q2W3E4R5T6Y ", "confirm": " 1Q2W3E4R5T6Y "}
    page = client.post(link, data=data).get_data(as_text=True)
    assert "figure parmi les plus courants" in page
    assert services.find_user("nouvelle@example.org") is None


@pytest.mark.parametrize("new, accepted", [(COMMON, False), ("short", False), (LONG, True)])
def test_profile_change_applies_the_policy(client, login, new, accepted):
    user = login("ptce_member")
    response = client.post("/profil", data={"password-current": PASSWORD, "password-password": new,
                                            "password-confirm": new})
    assert (response.status_code == 302) is accepted
    db.session.refresh(user)
    assert user.check_password(new) is accepted


def test_cli_refuses_a_common_password(runner):
    result = runner.invoke(args=["users", "create", "--email", "x@example.org", "--name", "X",
                                 "--role", "council_admin", "--password", "qwertyqwerty"])
    assert result.exit_code != 0
    assert "plus courants" in result.output
    assert services.find_user("x@example.org") is None
