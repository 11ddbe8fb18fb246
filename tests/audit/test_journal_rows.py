"""The journal's lines are read through Core and written by ``audit.views.JournalWriter``: the HTML a national
admin reads is byte for byte what the template loop over ORM events wrote (kept here with its query), in
French and in English, with events in winter and in summer (times in Paris), every optional part present
and missing, and texts to escape."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask import render_template_string
from flask_login import login_user
from sqlalchemy.orm import joinedload

from cellule import i18n
from cellule.blueprints.audit import services
from cellule.blueprints.audit.models import AuditEvent
from cellule.blueprints.auth.models import User
from cellule.blueprints.directory.models import Region
from cellule.extensions import db

# log.html's loop before JournalWriter.
OLD_ROWS = """  <tbody>
  {% for event in items %}
    <tr>
      <td>{{ event.created_at|localdatetime }}</td>
      <td>{{ action_labels.get(event.action, event.action) }}</td>
      <td>{% if event.actor %}{{ event.actor.name }}<br><span class="meta">{{ event.actor.email }}</span>{% else %}—{% endif %}</td>
      <td>{% if event.target_type %}{{ _("%(what)s n° %(id)s", what=event.target_type|record_name, id=event.target_id) }}{% else %}—{% endif %}</td>
      <td>{{ event.region.name if event.region else "—" }}</td>
      <td>{% for key, value in event.details.items() %}<code class="code">{{ key }}={{ value }}</code> {% endfor %}</td>
      <td>{{ event.ip or "—" }}</td>
    </tr>
  {% else %}
    <tr><td colspan="7">{{ _("Aucun événement ne correspond à ces critères.") }}</td></tr>
  {% endfor %}
  </tbody>"""


def old_items(**filters):
    """The ORM read the page made before (actor and region joined)."""
    query = sa.select(AuditEvent).where(*services.conditions(**filters)).order_by(
        AuditEvent.created_at.desc(), AuditEvent.id.desc()).options(
        joinedload(AuditEvent.actor).load_only(User.name, User.email).lazyload(User.memberships),
        joinedload(AuditEvent.region))
    return list(db.session.scalars(query.limit(50)))


def _rows(html: str) -> str:
    return re.search(r"  <tbody>\n.*?  </tbody>", html, re.S).group(0)


@pytest.fixture
def journal(app, make_user):
    """Events of every shape: a known and an unknown action, with and without actor, region, record, details
    and address, late on a winter night and on a summer afternoon (UTC)."""
    odd = make_user("coordinator", region="bretagne", name="Zoé <b>Le Gall</b> & Cie")
    gone = make_user(None, name="Ancien compte")
    bretagne = db.session.scalar(sa.select(Region).where(Region.slug == "bretagne"))
    rows = [
        AuditEvent(action="auth.signin", actor_id=odd.id, details={"method": "totp"}, ip="127.0.0.1",
                   created_at=datetime(2026, 1, 16, 23, 30, tzinfo=timezone.utc)),  # the 17th in Paris
        AuditEvent(action="role.granted", actor_id=odd.id, target_type="user_account", target_id=42,
                   region_id=bretagne.id, details={"role": "coordinator", "note": "<x> & \"y\"", "ids": [1, 2]},
                   created_at=datetime(2026, 7, 15, 14, 5, tzinfo=timezone.utc)),
        AuditEvent(action="feature.unknown_code", actor_id=None, target_type="mystery_table", target_id=7,
                   details={}, ip=None, created_at=datetime(2026, 7, 15, 14, 6, tzinfo=timezone.utc)),
        AuditEvent(action="access.denied", actor_id=gone.id, target_type="visit", target_id=3, details={"n": None},
                   ip="2001:db8::1", created_at=datetime(2026, 3, 29, 0, 30, tzinfo=timezone.utc)),
    ]
    db.session.add_all(rows)
    db.session.commit()
    db.session.execute(sa.delete(User).where(User.id == gone.id))  # the actor's account erased: SET NULL
    db.session.commit()


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("query, filters", [("", {}), ("?action=role.granted", {"action": "role.granted"}),
                                            ("?action=nothing.here", {"action": "nothing.here"})])
def test_journal_lines_are_the_bytes_the_template_loop_wrote(app, client, auth, make_user, journal, language,
                                                           query, filters):
    admin = make_user("council_admin")
    admin.locale = language
    db.session.commit()
    auth.login(admin)
    response = client.get("/conseil/journal" + query)
    assert response.status_code == 200
    new = _rows(response.get_data(as_text=True))
    with app.test_request_context("/conseil/journal" + query):
        login_user(admin)
        with i18n.force_locale(language):
            action = filters.get("action")
            old = render_template_string(
                OLD_ROWS, items=old_items(action=action if action in services.ACTIONS else None),
                action_labels=services.ACTIONS)
    assert new == _rows(old)
    # the total counts the events alone, whatever the joins: a sign-in of the admin included, nothing twice
    action = filters.get("action") if filters.get("action") in services.ACTIONS else None  # as the view does
    expected = sum(1 for e in db.session.scalars(sa.select(AuditEvent)) if not action or e.action == action)
    shown = re.search(r'<p class="result-count" role="status">(\d+) ', response.get_data(as_text=True))
    assert int(shown.group(1)) == expected and (expected > 0) is (new.count("    <tr>\n") > 0)
    if not filters:
        assert new.count("    <tr>\n") >= 5  # the four above and the admin's own sign-in
        assert "Zoé &lt;b&gt;Le Gall&lt;/b&gt; &amp; Cie<br>" in new
        assert "<code class=\"code\">note=&lt;x&gt; &amp; &#34;y&#34;</code>" in new
        assert "<td>feature.unknown_code</td>" in new
        assert ("mystery_table n° 7" if language == "fr" else "mystery_table no. 7") in new
        assert ("17 janvier 2026 à 00:30" if language == "fr" else "17 January 2026 at 00:30") in new
        assert ("15 juillet 2026 à 16:05" if language == "fr" else "15 July 2026 at 16:05") in new
