"""The council dashboard's two tables (« Avancement par région », the latest snapshots) are written in Python
(``council.DashboardWriter``): the HTML a person reads is byte for byte what the template loops wrote (kept
here), in French and in English, with snapshots forwarded in winter and in summer (times in Paris), and a
region name with characters to escape."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from flask import render_template_string
from flask_login import login_user

from cellule import i18n
from cellule.blueprints.collection import forwarding, progress
from cellule.blueprints.collection.models import Campaign
from cellule.blueprints.collection.snapshots import Snapshot, SnapshotFigures
from cellule.blueprints.directory.models import Region
from cellule.extensions import db

# dashboard.html's two tables before DashboardWriter.
OLD_TABLES = """<table class="responsive">
  <caption>{{ _("Avancement par région") }}</caption>
  {% set heads = progress[0][1]|map(attribute="label")|map("string")|list %}{% set rate_label = _("Taux de réponse") %}
  <thead><tr><th scope="col">{{ _("Région") }}</th>{% for head in heads %}<th scope="col">{{ head }}</th>{% endfor %}<th scope="col">{{ rate_label }}</th></tr></thead>
  <tbody>
  {% for region, counts in progress %}
  <tr><th scope="row">{{ region.name }}</th>{% for n in counts.values() %}<td data-label="{{ heads[loop.index0] }}">{{ n }}</td>{% endfor %}<td data-label="{{ rate_label }}">{{ rates[loop.index0].rate or '—' }}</td></tr>
  {% endfor %}
  </tbody>
</table>
<table class="responsive">
  <caption>{{ _("Dernières versions transmises par les régions (immuables)") }}</caption>
  <thead><tr><th scope="col">{{ _("Région") }}</th><th scope="col">{{ _("Version") }}</th><th scope="col">{{ _("Transmise le") }}</th>
    <th scope="col">{{ _("PTCE") }}</th><th scope="col">{{ _("Empreinte SHA-256") }}</th></tr></thead>
  {% set labels = {"version": _("Version"), "sent": _("Transmise le"), "ptce": _("PTCE"), "hash": _("Empreinte SHA-256")} %}
  <tbody>{% for s in snapshots %}
  <tr><th scope="row">{{ s.region.name }}</th><td data-label="{{ labels.version }}">v{{ s.version }}</td>
    <td data-label="{{ labels.sent }}">{{ s.forwarded_at|localdatetime }}</td><td data-label="{{ labels.ptce }}">{{ s.ptce_count }}</td>
    <td data-label="{{ labels.hash }}"><code class="hash">{{ s.content_hash }}</code></td></tr>{% endfor %}</tbody>
</table>"""


def _tables(html: str) -> str:
    found = re.findall(r'<table class="responsive">\n  <caption>(?:Avancement|Progress|Dernières|Latest).*?</table>',
                       html, re.S)
    assert len(found) == 2, html[:3000]
    return "\n".join(found)


@pytest.fixture
def forwarded(app, campaign, make_ptce, respond):
    """Hauts-de-France (renamed with characters to escape) forwards twice, the second time late on a winter
    night (UTC); Bretagne forwards in summer; La Réunion has a response submitted, Normandie a PTCE only."""
    hdf = db.session.scalar(sa.select(Region).where(Region.slug == "hauts-de-france"))
    hdf.name = "Hauts-de-France <Nord> & « Picardie »"
    db.session.commit()
    respond(campaign, make_ptce("hauts-de-france"), "forwarded")
    respond(campaign, make_ptce("hauts-de-france"), "forwarded")
    respond(campaign, make_ptce("bretagne"), "forwarded")
    respond(campaign, make_ptce("la-reunion"), "submitted")
    make_ptce("normandie")
    # Forwarding times in winter and summer. Lists read a snapshot's time from its summary row (a snapshot
    # itself refuses any change, a trigger on PostgreSQL): set there.
    for slug, at in (("hauts-de-france", datetime(2026, 1, 16, 23, 30, tzinfo=timezone.utc)),  # the 17th in Paris
                     ("bretagne", datetime(2026, 7, 15, 10, 0, tzinfo=timezone.utc))):
        region_id = db.session.scalar(sa.select(Region.id).where(Region.slug == slug))
        db.session.execute(sa.update(SnapshotFigures).where(SnapshotFigures.snapshot_id.in_(
            sa.select(Snapshot.id).where(Snapshot.region_id == region_id).scalar_subquery())).values(forwarded_at=at))
    db.session.commit()
    return campaign.id


@pytest.mark.parametrize("language", ["fr", "en"])
def test_dashboard_rows_are_the_bytes_the_template_loops_wrote(app, client, auth, make_user, forwarded, language):
    viewer = make_user("council_observer")
    viewer.locale = language
    db.session.commit()
    auth.login(viewer)
    response = client.get(f"/conseil/collecte/{forwarded}/")
    assert response.status_code == 200
    new = _tables(response.get_data(as_text=True))

    with app.test_request_context(f"/conseil/collecte/{forwarded}/"):
        login_user(viewer)
        with i18n.force_locale(language):
            camp = db.session.get(Campaign, forwarded)
            by_region = progress.national_progress(camp)
            old = render_template_string(OLD_TABLES, progress=by_region, rates=progress.answer_rates(by_region),
                                         snapshots=forwarding.latest_summaries(camp))
    assert new == _tables(old)
    # what the tables hold: the escaped name, the latest version, both seasons' times in Paris, the counts
    assert "Hauts-de-France &lt;Nord&gt; &amp; « Picardie »</th><td" in new and ">v2</td>" in new
    if language == "fr":
        assert "17 janvier 2026 à 00:30" in new and "15 juillet 2026 à 12:00" in new
        assert '<td data-label="Soumis">1</td>' in new and '<td data-label="Transmis">2</td>' in new
    else:
        assert "17 January 2026 at 00:30" in new and "15 July 2026 at 12:00" in new
        assert '<td data-label="Submitted">1</td>' in new
    assert new.count("<tr><th scope=\"row\">") == 18 + 2
