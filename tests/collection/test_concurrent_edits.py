"""Two tabs on the same answers: the later save is refused with what changed, never a silent overwrite."""
import re

import sqlalchemy as sa

from cellule.blueprints.collection.models import Response
from cellule.extensions import db


def _url(campaign, ptce):
    return f"/{ptce.region.slug}/collecte/{campaign.id}/ptce/{ptce.slug}"


def _stored(ptce):
    db.session.expire_all()
    return db.session.scalar(sa.select(Response).where(Response.ptce_id == ptce.id))


def _hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1).replace("&#34;", '"').replace("&quot;", '"')


def _tab(client, url):
    """GET the form as a browser tab would, and keep its hidden concurrency inputs."""
    html = client.get(url).get_data(as_text=True)
    return {"version": _hidden(html, "version"), "base": _hidden(html, "base")}


def test_two_tabs_the_second_save_is_refused_and_shows_what_changed(client, login, campaign, make_ptce,
                                                                    respond, answers, encode):
    ptce = make_ptce()
    respond(campaign, ptce, "draft", answers(jobs_created=11, volunteers=10))
    login("ptce_member", ptce=ptce, referent=True)
    url = _url(campaign, ptce)
    tab_a, tab_b = _tab(client, url), _tab(client, url)
    r = client.post(url, data=encode(answers(jobs_created=12, volunteers=10), **tab_a))
    assert r.status_code == 302
    page = client.post(url, data=encode(answers(jobs_created=11, volunteers=77), **tab_b))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Modifié entre-temps : rien n'a été enregistré" in html
    notice = html[html.index('id="modifie-entre-temps"'):html.index("</div>", html.index('id="modifie-entre-temps"'))]
    assert '<a href="#q-jobs_created"><strong>Emplois créés' in notice
    assert "« 12 »" in notice and "repris dans le formulaire" in notice
    assert "bénévoles" not in notice.lower()  # only what the other tab changed is listed
    stored = _stored(ptce).answers
    assert (stored["jobs_created"], stored["volunteers"]) == (12, 10)  # nothing overwritten
    # The form keeps tab B's input and takes tab A's change on the field B left alone.
    assert re.search(r'name="volunteers"[^>]*value="77"', html)
    assert re.search(r'name="jobs_created"[^>]*value="12"', html)
    # Saving again from the refreshed form is a decision made knowing: both changes kept.
    again = {"version": _hidden(html, "version"), "base": _hidden(html, "base")}
    assert client.post(url, data=encode(answers(jobs_created=12, volunteers=77), **again)).status_code == 302
    stored = _stored(ptce).answers
    assert (stored["jobs_created"], stored["volunteers"]) == (12, 77)


def test_both_tabs_change_the_same_answer(client, login, campaign, make_ptce, respond, answers, encode):
    ptce = make_ptce()
    respond(campaign, ptce, "draft", answers(jobs_created=11))
    login("ptce_member", ptce=ptce, referent=True)
    url = _url(campaign, ptce)
    tab_a, tab_b = _tab(client, url), _tab(client, url)
    client.post(url, data=encode(answers(jobs_created=12), **tab_a))
    html = client.post(url, data=encode(answers(jobs_created=15), **tab_b)).get_data(as_text=True)
    assert "vous l'aviez aussi modifié" in html
    assert re.search(r'name="jobs_created"[^>]*value="15"', html)  # the person's input is kept
    assert _stored(ptce).answers["jobs_created"] == 12


def test_first_save_from_two_tabs_of_a_not_started_response(client, login, campaign, make_ptce, answers, encode):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    url = _url(campaign, ptce)
    tab_a, tab_b = _tab(client, url), _tab(client, url)
    assert tab_a["version"] == ""
    assert client.post(url, data=encode(answers(jobs_created=3), **tab_a)).status_code == 302
    page = client.post(url, data=encode(answers(jobs_created=9), **tab_b))
    assert page.status_code == 200 and "Modifié entre-temps" in page.get_data(as_text=True)
    assert _stored(ptce).answers["jobs_created"] == 3


def test_a_race_past_the_check_is_caught_by_the_version_column(client, login, campaign, make_ptce, respond,
                                                              answers, encode, monkeypatch):
    """Both saves read version N before either writes: the second UPDATE matches no row."""
    from cellule import concurrency

    ptce = make_ptce()
    respond(campaign, ptce, "draft", answers(jobs_created=11))
    login("ptce_member", ptce=ptce, referent=True)
    url = _url(campaign, ptce)
    tab = _tab(client, url)
    real = concurrency.conflict
    calls = []

    def late_writer(*args):
        if not calls:  # between our check and our write, another request saves
            calls.append(1)
            with db.engine.begin() as conn:
                conn.execute(sa.update(Response).where(Response.ptce_id == ptce.id)
                             .values(version=Response.version + 1))
            return None
        return real(*args)

    monkeypatch.setattr(concurrency, "conflict", late_writer)
    page = client.post(url, data=encode(answers(jobs_created=15), **tab))
    assert page.status_code == 200 and "Modifié entre-temps" in page.get_data(as_text=True)
    assert _stored(ptce).answers["jobs_created"] == 11
