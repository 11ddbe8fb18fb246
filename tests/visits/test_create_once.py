"""Create forms are idempotent (one-time key), and a visit duplicates into a new draft without dates."""
from __future__ import annotations

import re
import threading

import pytest
import sqlalchemy as sa

from cellule.blueprints.visits.models import Visit, VisitStatus
from cellule.extensions import db
from cellule.submissions import FormSubmission

from tests.conftest import AuthActions

from .test_views import form_data

KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def test_double_post_of_the_create_form_makes_one_draft(client, login, host):
    login("coordinator", region="hauts-de-france")
    page = client.get("/hauts-de-france/visites/nouvelle").get_data(as_text=True)
    key = KEY.search(page).group(1)
    assert "Créer le brouillon" in page
    first = client.post("/hauts-de-france/visites/nouvelle", data=form_data(host, submission_key=key))
    second = client.post("/hauts-de-france/visites/nouvelle", data=form_data(host, submission_key=key),
                         follow_redirects=True)
    [visit] = db.session.scalars(sa.select(Visit)).all()
    assert first.headers["Location"].endswith(f"/visites/{visit.id}")
    assert second.request.path == f"/hauts-de-france/visites/{visit.id}"
    assert "déjà été envoyé" in second.get_data(as_text=True)
    # A new page is a new form: it makes a second draft.
    other = KEY.search(client.get("/hauts-de-france/visites/nouvelle").get_data(as_text=True)).group(1)
    assert other != key
    client.post("/hauts-de-france/visites/nouvelle", data=form_data(host, submission_key=other))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FormSubmission)) == 2


def test_a_form_with_errors_keeps_its_key(client, login, host):
    login("coordinator", region="hauts-de-france")
    key = "k" * 32
    page = client.post("/hauts-de-france/visites/nouvelle", data=form_data(host, title="", submission_key=key))
    assert page.status_code == 200 and f'value="{key}"' in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FormSubmission)) == 0


@pytest.mark.slow
def test_two_simultaneous_posts_make_one_draft(app, login, host):
    """Two clients post the same form at once (a double click): the unique key keeps one draft."""
    user = login("coordinator", region="hauts-de-france")
    clients = [app.test_client() for _ in range(2)]
    for c in clients:
        assert AuthActions(c).login(user).status_code == 302
    data = form_data(host, submission_key="s" * 32)
    barrier, results = threading.Barrier(2), []

    def post(c):
        barrier.wait()
        results.append(c.post("/hauts-de-france/visites/nouvelle", data=data).status_code)

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302, 302]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 1


def test_duplicate_prefills_a_new_draft_without_dates(client, login, make_visit):
    visit = make_visit(title="Visite du pôle", per_ptce_cap=2, programme="## Matin")
    login("coordinator", region="hauts-de-france")
    assert f"/visites/nouvelle?copie={visit.id}" in client.get(f"/hauts-de-france/visites/{visit.id}").text
    page = client.get(f"/hauts-de-france/visites/nouvelle?copie={visit.id}").get_data(as_text=True)
    assert 'value="Visite du pôle (copie)"' in page and "## Matin" in page
    assert re.search(r'id="starts_at"[^>]*value="\d', page) is None  # dates left empty
    assert re.search(r'id="per_ptce_cap"[^>]*value="2"', page)
    key = KEY.search(page).group(1)
    data = form_data(visit.host, title="Visite du pôle (copie)", per_ptce_cap="2", submission_key=key)
    client.post("/hauts-de-france/visites/nouvelle", data=data)
    copy = db.session.scalar(sa.select(Visit).where(Visit.id != visit.id))
    assert copy.status is VisitStatus.DRAFT and copy.title == "Visite du pôle (copie)" and copy.per_ptce_cap == 2
    assert copy.starts_at != visit.starts_at
