"""The answer workflow through the pages: drafts, hard errors, warnings, review, audit, permissions."""
import sqlalchemy as sa

from cellule.blueprints.collection.lifecycle import ResponseStatus
from cellule.blueprints.collection.models import AuditEntry, Response, ReviewComment
from cellule.extensions import db


def _url(campaign, ptce, suffix=""):
    return f"/{ptce.region.slug}/collecte/{campaign.id}/ptce/{ptce.slug}{suffix}"


def _response(ptce):
    db.session.expire_all()
    return db.session.scalar(sa.select(Response).where(Response.ptce_id == ptce.id))


def test_referent_saves_a_draft_with_an_audited_edit(client, login, campaign, make_ptce, answers, encode):
    ptce = make_ptce()
    referent = login("ptce_member", ptce=ptce, referent=True)
    page = client.get(_url(campaign, ptce))
    assert page.status_code == 200 and 'name="creation_year"' in page.get_data(as_text=True)
    r = client.post(_url(campaign, ptce), data=encode({"creation_year": 2012, "sectors": ["energy", "culture"]}))
    assert r.status_code == 302
    response = _response(ptce)
    assert response.status is ResponseStatus.DRAFT
    assert response.answers == {"creation_year": 2012, "sectors": ["energy", "culture"]}
    client.post(_url(campaign, ptce), data=encode({"creation_year": 2013, "sectors": ["energy", "culture"]}))
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["start", "edit", "edit"]
    assert entries[-1].changes == {"creation_year": {"before": 2012, "after": 2013}}
    assert entries[-1].user_id == referent.id
    history = client.get(_url(campaign, ptce, "/historique")).get_data(as_text=True)
    assert "2012" in history and "2013" in history


def test_type_and_range_errors_save_nothing(client, login, campaign, make_ptce, encode):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    r = client.post(_url(campaign, ptce), data=encode({"creation_year": "deux mille", "current_members": "12"}))
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "Saisissez un nombre" in html and 'aria-invalid="true"' in html
    assert _response(ptce) is None
    r = client.post(_url(campaign, ptce), data=encode({"share_patronage": "140", "own_budget": "yes"}))
    assert "au plus 100" in r.get_data(as_text=True)
    r = client.post(_url(campaign, ptce), data=encode({"action_scale": "galactic"}))
    assert "Choisissez parmi" in r.get_data(as_text=True)
    assert _response(ptce) is None


def test_required_answers_block_submission_but_the_draft_is_kept(client, login, campaign, make_ptce, encode):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    r = client.post(_url(campaign, ptce), data=encode({"creation_year": 2014}, action="submit"))
    assert r.status_code == 200
    assert "Cette question est obligatoire" in r.get_data(as_text=True)
    response = _response(ptce)
    assert response.status is ResponseStatus.DRAFT and response.answers == {"creation_year": 2014}


def test_hidden_questions_are_dropped(client, login, campaign, make_ptce, answers, encode):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    client.post(_url(campaign, ptce), data=encode(answers(own_budget="no")))
    stored = _response(ptce).answers
    assert "budget_amount" not in stored and "share_public_subsidies" not in stored


def test_warnings_need_a_justification(client, login, campaign, make_ptce, answers, encode):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    over = answers(share_service_sales=80.0)  # 40 + 80 + 10 + 5 + 5 = 140 %
    r = client.post(_url(campaign, ptce), data=encode(over, action="submit"))
    assert "140 % : plus de 100 %" in r.get_data(as_text=True)
    assert _response(ptce).status is ResponseStatus.DRAFT
    r = client.post(_url(campaign, ptce), data=encode(over, action="submit",
                                                      justify__shares_over_100="Reliquat de 2024 inclus."))
    assert r.status_code == 302
    response = _response(ptce)
    assert response.status is ResponseStatus.SUBMITTED
    assert response.justifications == {"shares_over_100": "Reliquat de 2024 inclus."}


def test_value_far_from_last_validated_year_warns(validated_last_year, respond, answers):
    from cellule.blueprints.collection import services

    ptce, later = validated_last_year
    response = respond(later, ptce, "draft", answers(jobs_created=40))
    codes = [w.code for w in services.current_warnings(response)]
    assert codes == ["trend_jobs_created"]


def test_review_returns_with_comments_then_validates(client, auth, login, make_user, campaign, make_ptce,
                                                     respond, answers, encode):
    ptce = make_ptce()
    respond(campaign, ptce, "submitted", answers(share_service_sales=80.0),
            {"shares_over_100": "Reliquat de 2024 inclus."})
    coordinator = login("coordinator", region="hauts-de-france")
    review = _url(campaign, ptce, "/examen")
    assert "Reliquat de 2024" in client.get(review).get_data(as_text=True)
    # sending back needs a comment
    r = client.post(review, data={"action": "send_back"})
    assert r.status_code == 200 and _response(ptce).status is ResponseStatus.SUBMITTED
    r = client.post(review, data={"action": "send_back", "comment__jobs_created": "Emplois aidés inclus ?"})
    assert r.status_code == 302
    assert _response(ptce).status is ResponseStatus.RETURNED
    comment = db.session.scalar(sa.select(ReviewComment))
    assert (comment.variable, comment.author_id) == ("jobs_created", coordinator.id)
    # the referent sees the comment beside the question, corrects and resubmits
    auth.logout()
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    auth.login(referent)
    html = client.get(_url(campaign, ptce)).get_data(as_text=True)
    question = html[html.index('id="q-jobs_created"'):]
    assert "Emplois aidés inclus ?" in question[:question.index('id="q-jobs_maintained"')]
    fixed = answers(share_service_sales=80.0, jobs_created=3)
    r = client.post(_url(campaign, ptce), data=encode(fixed, action="submit",
                                                      justify__shares_over_100="Reliquat de 2024 inclus."))
    assert r.status_code == 302
    assert _response(ptce).status is ResponseStatus.SUBMITTED
    assert db.session.scalar(sa.select(ReviewComment)).resolved_at is not None
    # validation needs every warning acknowledged
    auth.logout()
    auth.login(coordinator)
    r = client.post(review, data={"action": "validate"})
    assert r.status_code == 200 and "Cochez chaque alerte" in r.get_data(as_text=True)
    assert _response(ptce).status is ResponseStatus.SUBMITTED
    r = client.post(review, data={"action": "validate", "ack__shares_over_100": "1"})
    assert r.status_code == 302
    response = _response(ptce)
    assert response.status is ResponseStatus.VALIDATED
    assert response.acknowledged == {"shares_over_100": coordinator.id}
    actions = [(e.action, e.from_status, e.to_status, e.user_id) for e in
               db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action != "edit").order_by(AuditEntry.id))]
    assert actions[-1] == ("validate", "submitted", "validated", coordinator.id)
    assert ("send_back", "submitted", "returned", coordinator.id) in actions
    assert ("submit", "returned", "submitted", referent.id) in actions
    # once submitted, the referent can no longer change the answers
    auth.logout()
    auth.login(referent)
    client.post(_url(campaign, ptce), data=encode(answers(jobs_created=99)))
    assert _response(ptce).answers["jobs_created"] == 3


def test_permissions(client, auth, login, make_user, campaign, make_ptce, respond):
    ptce = make_ptce("hauts-de-france")
    neighbour = make_ptce("hauts-de-france")
    respond(campaign, ptce, "submitted")
    # a coordinator of another region: not found
    login("coordinator", region="bretagne")
    assert client.get(_url(campaign, ptce)).status_code == 404
    assert client.get(_url(campaign, ptce, "/examen")).status_code == 404
    assert client.get(f"/hauts-de-france/collecte/{campaign.id}/").status_code == 404
    # a member of another PTCE of the region: forbidden
    auth.logout()
    login("ptce_member", ptce=neighbour, referent=True)
    assert client.get(_url(campaign, ptce)).status_code == 403
    assert client.get(_url(campaign, ptce, "/historique")).status_code == 403
    assert client.get(_url(campaign, ptce, "/examen")).status_code == 403
    # a plain member of the PTCE reads but cannot write
    auth.logout()
    login("ptce_member", ptce=ptce)
    assert client.get(_url(campaign, ptce)).status_code == 200
    auth.logout()
    member = make_user("ptce_member", ptce=neighbour)
    auth.login(member)
    assert client.post(_url(campaign, neighbour), data={"creation_year": "2010"}).status_code == 403
    assert _response(neighbour) is None
    # a PTCE of another region through this region's URL: not found
    other = make_ptce("bretagne")
    assert client.get(f"/hauts-de-france/collecte/{campaign.id}/ptce/{other.slug}").status_code == 404


def test_closed_campaign_refuses_edits(client, login, campaign, make_ptce, encode):
    ptce = make_ptce()
    login("ptce_member", ptce=ptce, referent=True)
    campaign.close()
    db.session.commit()
    r = client.post(_url(campaign, ptce), data=encode({"creation_year": 2010}))
    assert r.status_code == 302
    assert _response(ptce) is None


def test_region_pages_show_progress(client, login, campaign, make_ptce, respond):
    submitted, returned = make_ptce(), make_ptce()
    make_ptce()  # not started
    respond(campaign, submitted, "submitted")
    respond(campaign, returned, "returned")
    login("coordinator", region="hauts-de-france")
    html = client.get(f"/hauts-de-france/collecte/{campaign.id}/").get_data(as_text=True)
    assert html.count("status-not_started") == 1 and html.count("status-submitted") == 1
    assert "Renvoyé pour correction" in html
    home = client.get("/hauts-de-france/").get_data(as_text=True)
    assert "Collecte de données" in home and "Soumis : 1" in home


def test_comments_on_unknown_questions_change_nothing(app, campaign, make_ptce, make_user, respond):
    import pytest

    from cellule.blueprints.collection import services

    ptce = make_ptce()
    response = respond(campaign, ptce, "submitted")
    with pytest.raises(services.WorkflowError):
        services.send_back(response, {"no_such_question": "?"}, make_user("coordinator"))
    assert response.status is ResponseStatus.SUBMITTED and response.comments == []


def test_submission_and_return_are_mailed(client, auth, login, make_user, campaign, make_ptce, answers, encode,
                                          outbox):
    # The outbox rows are checked, not the SMTP delivery: the shared aiosmtpd fixture
    # (port=0) cannot start with the installed aiosmtpd, which self-connects to port 0.
    ptce = make_ptce(name="Pôle Nord")
    coordinator = make_user("coordinator", region="hauts-de-france", email="coord@example.org")
    make_user("coordinator", region="bretagne", email="ailleurs@example.org")
    referent = login("ptce_member", ptce=ptce, referent=True, email="ref@example.org")
    client.post(_url(campaign, ptce), data=encode(answers(), action="submit"))
    assert [m.recipient for m in outbox()] == ["coord@example.org"]
    auth.logout()
    auth.login(coordinator)
    client.post(_url(campaign, ptce, "/examen"), data={"action": "send_back", "comment__volunteers": "Chiffre 2024 ?"})
    assert [m.recipient for m in outbox()] == ["coord@example.org", "ref@example.org"]
    returned = outbox(referent.email)[0]
    assert returned.subject == "Corrections demandées sur les réponses de Pôle Nord"
    assert returned.template == "collection_returned"
    text = returned.body_text
    # Each comment under its question's label, never its variable code.
    line = next(line for line in text.splitlines() if "Chiffre 2024 ?" in line)
    assert line.startswith("- Nombre de bénévoles investi·e·s dans l'activité")
    assert "Chiffre 2024 ?" in returned.body_html and "volunteers" not in text + returned.body_html
    assert f"/hauts-de-france/collecte/{campaign.id}/ptce/{ptce.slug}" in text


def test_each_comment_disclosure_names_its_question(client, login, campaign, make_ptce, respond):
    """The review lists every question with a "comment" disclosure: each must say which question."""
    import html as entities
    import re

    ptce = make_ptce()
    respond(campaign, ptce, "submitted")
    login("coordinator", region="hauts-de-france")
    html = client.get(_url(campaign, ptce, "/examen")).get_data(as_text=True)
    summaries = [" ".join(entities.unescape(re.sub(r"<[^>]+>", "", s)).split())
                 for s in re.findall(r"<summary>(.*?)</summary>", html, re.S)]
    labels = [q.label for q in campaign.questionnaire.parsed.questions()]
    assert summaries == [f"Commenter cette question : {label}" for label in labels]
    assert len(set(summaries)) == len(labels) > 30
