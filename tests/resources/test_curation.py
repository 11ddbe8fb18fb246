"""National curation: a coordinator proposes, the council admin accepts or declines with a comment."""
import sqlalchemy as sa

from cellule.blueprints.resources.models import NationalProposal, Sheet
from cellule.blueprints.resources.reference import ProposalStatus, Scope
from cellule.extensions import db


def _proposal():
    return db.session.scalar(sa.select(NationalProposal))


def test_accepted_sheet_becomes_national_with_provenance(client, auth, make_user, make_ptce, make_sheet):
    ptce = make_ptce("bretagne", name="Éoliennes en Pays de Vilaine")
    coordinator = make_user("coordinator", region="bretagne")
    writer = make_user("ptce_member", ptce=ptce)
    sheet = make_sheet("bretagne", title="Charte de gouvernance", author=writer, ptce=ptce)
    auth.login(coordinator)
    response = client.post(f"/bretagne/fiches/{sheet.id}/proposer-national", data={"motivation": "Utile partout"})
    assert response.status_code == 302
    # Proposing twice does not create a second proposal.
    client.post(f"/bretagne/fiches/{sheet.id}/proposer-national", data={"motivation": "Encore"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NationalProposal)) == 1
    auth.logout()

    admin = make_user("council_admin")
    auth.login(admin)
    assert "Charte de gouvernance" in client.get("/fiches/suivi").get_data(as_text=True)
    proposal = _proposal()
    missing = client.post(f"/fiches/propositions/{proposal.id}", data={"decision": "accept", "comment": ""})
    assert "Expliquez la décision" in missing.get_data(as_text=True)
    response = client.post(f"/fiches/propositions/{proposal.id}",
                           data={"decision": "accept", "comment": "Très claire"})
    assert response.status_code == 302
    db.session.expire_all()
    sheet = db.session.get(Sheet, sheet.id)
    assert sheet.scope is Scope.NATIONAL
    assert sheet.region.slug == "bretagne" and sheet.author_ptce_id == ptce.id and sheet.created_by_id == writer.id
    proposal = _proposal()
    assert proposal.status is ProposalStatus.ACCEPTED and proposal.decision_comment == "Très claire"
    assert proposal.decided_by_id == admin.id

    # Visible from every region's workspace, with its provenance; the old address redirects.
    auth.logout()
    page = client.get("/la-reunion/fiches/").get_data(as_text=True)
    assert "Charte de gouvernance" in page
    detail = client.get(f"/fiches/{sheet.id}").get_data(as_text=True)
    assert "Éoliennes en Pays de Vilaine" in detail and "Bretagne" in detail
    old = client.get(f"/bretagne/fiches/{sheet.id}")
    assert old.status_code == 301 and old.headers["Location"].endswith(f"/fiches/{sheet.id}")
    assert client.get(f"/la-reunion/fiches/{sheet.id}").status_code == 404
    # Deciding again is not possible.
    auth.login(admin)
    client.post(f"/fiches/propositions/{proposal.id}", data={"decision": "decline", "comment": "Non"})
    db.session.expire_all()
    assert _proposal().status is ProposalStatus.ACCEPTED


def test_declined_stays_regional_with_comment(client, auth, make_user, make_sheet):
    coordinator = make_user("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=coordinator, title="Fiche locale")
    auth.login(coordinator)
    client.post(f"/hauts-de-france/fiches/{sheet.id}/proposer-national", data={"motivation": ""})
    auth.logout()
    auth.login(make_user("council_admin"))
    client.post(f"/fiches/propositions/{_proposal().id}",
                data={"decision": "decline", "comment": "Trop spécifique au territoire"})
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).scope is Scope.REGIONAL
    auth.logout()
    auth.login(coordinator)
    page = client.get("/hauts-de-france/fiches/suivi").get_data(as_text=True)
    assert "Trop spécifique au territoire" in page


def test_who_may_propose_and_decide(client, auth, make_user, make_ptce, make_sheet):
    sheet = make_sheet(title="Fiche")
    draft = make_sheet(title="Brouillon", publish=False)
    auth.login(make_user("ptce_member", ptce=make_ptce("hauts-de-france")))
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/proposer-national").status_code == 403
    auth.logout()
    auth.login(make_user("coordinator", region="bretagne"))
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/proposer-national").status_code == 404
    auth.logout()
    coordinator = make_user("coordinator", region="hauts-de-france")
    auth.login(coordinator)
    assert client.post(f"/hauts-de-france/fiches/{draft.id}/proposer-national").status_code == 403
    client.post(f"/hauts-de-france/fiches/{sheet.id}/proposer-national")
    proposal = _proposal()
    # Only the council admin decides.
    assert client.get(f"/fiches/propositions/{proposal.id}").status_code == 403
    assert client.post(f"/fiches/propositions/{proposal.id}",
                       data={"decision": "accept", "comment": "moi"}).status_code == 403
    auth.logout()
    auth.login(make_user("council_observer"))
    assert client.post(f"/fiches/propositions/{proposal.id}",
                       data={"decision": "accept", "comment": "moi"}).status_code == 403
    db.session.expire_all()
    assert _proposal().status is ProposalStatus.PENDING


def test_archived_before_decision_cannot_become_national(client, auth, make_user, make_sheet):
    coordinator = make_user("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=coordinator)
    auth.login(coordinator)
    client.post(f"/hauts-de-france/fiches/{sheet.id}/proposer-national")
    client.post(f"/hauts-de-france/fiches/{sheet.id}/archiver")
    db.session.expire_all()
    assert _proposal().status is ProposalStatus.DECLINED
    assert db.session.get(Sheet, sheet.id).scope is Scope.REGIONAL


def test_mail_follows_the_curation(client, auth, make_user, make_sheet, outbox, mail_to):
    from cellule.mail import deliver_due

    coordinator = make_user("coordinator", region="hauts-de-france", email="coord@example.org")
    admin = make_user("council_admin", email="conseil@example.org")
    sheet = make_sheet(author=coordinator, title="Fiche <utile>")
    auth.login(coordinator)
    client.post(f"/hauts-de-france/fiches/{sheet.id}/proposer-national", data={"motivation": "Pour tous"})
    (to_council,) = outbox("conseil@example.org")
    assert "Fiche <utile>" in to_council.subject
    auth.logout()
    auth.login(admin)
    client.post(f"/fiches/propositions/{_proposal().id}", data={"decision": "accept", "comment": "Bravo"})
    (to_coordinator,) = outbox("coord@example.org")
    assert deliver_due()["sent"] == 2, [m.last_error for m in outbox()]
    messages = {str(m["To"]): m for m in mail_to.parsed()}
    assert "coord@example.org" in messages, list(messages)
    body = messages["coord@example.org"].get_body(("plain",)).get_content()
    assert "a accepté la fiche « Fiche <utile> »" in body and "Bravo" in body
    assert f"/fiches/{sheet.id}" in body
    html = messages["coord@example.org"].get_body(("html",)).get_content()
    assert "Fiche &lt;utile&gt;" in html and "<utile>" not in html


def test_two_coordinators_proposing_at_once_leave_one_pending_proposal(client, auth, make_user, make_sheet,
                                                                         monkeypatch):
    """Both pass the "already proposed?" checks before either commits: the partial unique index decides."""
    from cellule.blueprints.resources import library, services

    sheet = make_sheet("bretagne", title="Charte")
    auth.login(make_user("coordinator", region="bretagne"))
    services.propose_national(sheet, None, "Le premier")
    db.session.commit()
    monkeypatch.setattr(library, "pending_proposal_ids", lambda ids: set())
    monkeypatch.setattr(services, "pending_national", lambda s: [])
    response = client.post(f"/bretagne/fiches/{sheet.id}/proposer-national", data={"motivation": "Le second"})
    assert response.status_code == 302
    assert "déjà proposée" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalars(sa.select(NationalProposal.motivation)).all() == ["Le premier"]
