"""The rows of a team's table (a region's team, a PTCE's members, the national council) are written by
``teams.TeamWriter``: the HTML a coordinator or an admin reads is byte for byte what the template loop wrote
(kept here), in French and in English, with the links and forms each list has, a deactivated account, a
partner's kind, a referent, the viewer's own row (no « Désactiver ») and names to escape."""
from __future__ import annotations

import re

import pytest
from flask import render_template_string
from flask_login import login_user

from cellule import i18n
from cellule.blueprints.auth import services
from cellule.blueprints.auth.forms import ActionForm
from cellule.extensions import db

# _team_table.html's rows before TeamWriter.
OLD_ROWS = """  <tbody>
  {% if deactivate %}{% set action_tag = action.hidden_tag() %}{% endif %}{# the same hidden fields in every row's form #}
  {% if revoke_endpoint %}{% set revoke_link = row_link(revoke_endpoint, "membership_id", **revoke_args) %}{% endif %}
  {% for m in team %}
  <tr>
    <td data-label="{{ _('Nom') }}">{{ m.user.name }}{% if not m.user.active %} ({{ _("désactivé") }}){% endif %}</td>
    <td data-label="{{ _('Adresse') }}">{{ m.user.email }}</td>
    <td data-label="{{ _('Rôle') }}">{{ m.role.label }}{% if m.partner_kind %} — {{ m.partner_kind.label }}{% endif %}{% if m.referent %} — {{ _("référent·e") }}{% endif %}</td>
    <td>{% if revoke_endpoint %}
      <a href="{{ revoke_link(m.id) }}">{{ _("Retirer") }}<span class="visually-hidden"> {{ m.user.name }}</span></a>{% endif %}
      {% if deactivate and m.user.active and m.user.id != current_user.id %}
      <form method="post" action="{{ url_for('auth.deactivate', user_id=m.user.id) }}" class="inline">
        {{ action_tag }}<button type="submit" class="link-button">{{ _("Désactiver le compte") }}<span class="visually-hidden"> {{ m.user.name }}</span></button>
      </form>{% endif %}
    </td>
  </tr>
  {% else %}<tr><td colspan="4">{{ _("Personne pour l'instant.") }}</td></tr>
  {% endfor %}
  </tbody>"""


def _rows(html: str) -> str:
    return re.search(r"  <tbody>\n.*?  </tbody>", html, re.S).group(0)


def _csrf_blank(html: str) -> str:
    return re.sub(r'(name="csrf_token" type="hidden" value=")[^"]+', r"\1X", html)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("which", ["council", "region", "ptce", "empty ptce"])
def test_team_rows_are_the_bytes_the_template_loop_wrote(app, client, auth, make_user, make_ptce, region, language,
                                                        which):
    admin = make_user("council_admin", name="Admin <Conseil>")
    gone = make_user("council_observer", name="Observatrice « partie »")
    services.deactivate(gone)
    make_user("council_observer", name="Observateur <actif>")
    make_user("partner", region="hauts-de-france", name="Élu & associé", partner_kind="elected")
    make_user("coordinator", region="hauts-de-france", name="Coord <i>HdF</i>")
    ptce = make_ptce("hauts-de-france", name="Pôle")
    make_user("ptce_member", ptce=ptce, referent=True, name="Référente")
    make_user("ptce_member", ptce=ptce, name="Membre")
    empty = make_ptce("hauts-de-france", name="Pôle vide")
    admin.locale = language
    db.session.commit()
    auth.login(admin)
    path, context = {
        "council": ("/conseil/equipe", lambda: dict(team=services.council_team(), revoke_endpoint=None,
                                                    revoke_args={}, deactivate=True)),
        "region": ("/hauts-de-france/equipe", lambda: dict(
            team=services.region_team(region("hauts-de-france"), limit=20), revoke_endpoint="auth.region_revoke",
            revoke_args={}, deactivate=False)),
        "ptce": (f"/hauts-de-france/annuaire/{ptce.slug}/membres", lambda: dict(
            team=services.ptce_members(ptce), revoke_endpoint="auth.ptce_revoke", revoke_args={"slug": ptce.slug},
            deactivate=False)),
        "empty ptce": (f"/hauts-de-france/annuaire/{empty.slug}/membres", lambda: dict(
            team=services.ptce_members(empty), revoke_endpoint="auth.ptce_revoke",
            revoke_args={"slug": empty.slug}, deactivate=False)),
    }[which]
    response = client.get(path)
    assert response.status_code == 200
    new = _csrf_blank(_rows(response.get_data(as_text=True)))
    with app.test_request_context(path):
        from flask import g
        g.region = region("hauts-de-france")
        login_user(admin)
        with i18n.force_locale(language):
            old = render_template_string(OLD_ROWS, action=ActionForm(), **context())
    assert new == _csrf_blank(_rows(old))
    # what the rows hold
    if which == "council":
        # a form for the active observer only: not for the admin reading, nor for the closed account
        assert "Admin &lt;Conseil&gt;</td>" in new and new.count("<form method=\"post\"") == 1
        assert "<span class=\"visually-hidden\"> Observateur &lt;actif&gt;</span></button>" in new
        assert ("Observatrice « partie » (désactivé)" if language == "fr"
                else "Observatrice « partie » (deactivated)") in new
    elif which == "region":
        assert "Coord &lt;i&gt;HdF&lt;/i&gt;" in new and "Élu &amp; associé" in new and " — " in new
        assert new.count("/retirer\">") == 2
    elif which == "ptce":
        assert new.count(" — ") == 1 and new.count("/retirer\">") == 2
    else:
        assert '<tr><td colspan="4">' in new
