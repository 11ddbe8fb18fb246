"""Revisions: every save is one, readable differences, restore as a new one, proposals."""
import sqlalchemy as sa

from cellule.blueprints.resources.models import Revision, Sheet
from cellule.blueprints.resources.reference import RevisionState, SheetStatus
from cellule.extensions import db
from tests.submit import open_tab


def _form(**overrides):
    data = {"title": "Choisir la SCIC", "summary": "Résumé.", "body": "Ligne un.\nLigne deux.",
            "category": "legal", "tags": "scic, statuts", "topics": ["legal"], "sectors": [],
            "review_by": "", "note": ""}
    data.update(overrides)
    return data


def _revisions(sheet):
    return list(db.session.scalars(sa.select(Revision).where(Revision.sheet_id == sheet.id)
                                   .order_by(Revision.number)))


def test_each_save_creates_a_revision(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user, title="Choisir la SCIC", body="Ligne un.\nLigne deux.")
    url = f"/hauts-de-france/fiches/{sheet.id}/modifier"
    assert client.post(url, data=_form(body="Ligne un.\nLigne 2 modifiée.", note="Précision")).status_code == 302
    assert client.post(url, data=_form(title="Choisir la SCIC en 2026", note="Titre")).status_code == 302
    revisions = _revisions(sheet)
    assert [r.number for r in revisions] == [1, 2, 3]
    assert [r.note for r in revisions[1:]] == ["Précision", "Titre"]
    assert revisions[1].body == "Ligne un.\nLigne 2 modifiée." and revisions[1].author_id == user.id
    assert revisions[2].title == "Choisir la SCIC en 2026" and revisions[2].tags == ["scic", "statuts"]
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).title == "Choisir la SCIC en 2026"


def test_invalid_save_writes_nothing(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user)
    response = client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=_form(title="", category="nope"))
    assert response.status_code == 200
    assert "Donnez un titre à la fiche." in response.get_data(as_text=True)
    assert len(_revisions(sheet)) == 1


def test_diff_between_any_two_revisions_is_escaped(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user, title="Choisir la SCIC", body="Ligne un.\nLigne deux.")
    url = f"/hauts-de-france/fiches/{sheet.id}/modifier"
    client.post(url, data=_form(body="Ligne un.\nLigne <b>trois</b>."))
    client.post(url, data=_form(body="Ligne un.\nLigne <b>trois</b>.\nAjout final."))
    page = client.get(f"/hauts-de-france/fiches/{sheet.id}/historique?de=1&a=3").get_data(as_text=True)
    assert "<del>deux.</del>" in page
    assert "<ins>&lt;b&gt;trois&lt;/b&gt;.</ins>" in page
    assert "<ins>Ajout final.</ins>" in page
    assert "<b>trois</b>" not in page
    same = client.get(f"/hauts-de-france/fiches/{sheet.id}/historique?de=2&a=2").get_data(as_text=True)
    assert "Ces deux versions sont identiques." in same


def test_restore_creates_a_new_revision(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user, title="Choisir la SCIC", body="Version d'origine.")
    client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=_form(body="Version abîmée."))
    response = client.post(f"/hauts-de-france/fiches/{sheet.id}/historique/1/restaurer")
    assert response.status_code == 302
    revisions = _revisions(sheet)
    assert [r.body for r in revisions] == ["Version d'origine.", "Version abîmée.", "Version d'origine."]
    # the app's own entries are stored as a code and worded in the reader's language
    assert (revisions[0].action, revisions[2].action, revisions[2].action_args) == ("created", "restored", {"n": 1})
    assert revisions[2].note == ""
    history = client.get(f"/hauts-de-france/fiches/{sheet.id}/historique").get_data(as_text=True)
    assert "Restauration de la version 1" in history and "Création de la fiche" in history
    client.post("/langue/en?next=/")
    history = client.get(f"/hauts-de-france/fiches/{sheet.id}/historique").get_data(as_text=True)
    assert "Version 1 restored" in history and "Resource sheet created" in history
    client.post("/langue/fr?next=/")
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).body == "Version d'origine."
    assert "Version d" in client.get(f"/hauts-de-france/fiches/{sheet.id}").get_data(as_text=True)


def test_restore_needs_edit_rights(client, auth, make_user, make_ptce, make_sheet):
    sheet = make_sheet(body="Original.")
    auth.login(make_user("ptce_member", ptce=make_ptce("hauts-de-france")))
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/historique/1/restaurer").status_code == 403
    assert len(_revisions(sheet)) == 1


def test_member_proposal_then_acceptance(client, auth, make_user, make_ptce, make_sheet, outbox):
    coordinator = make_user("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=coordinator, title="Choisir la SCIC", body="Ligne un.\nLigne deux.")
    member = make_user("ptce_member", ptce=make_ptce("hauts-de-france"))
    auth.login(member)
    page = client.get(f"/hauts-de-france/fiches/{sheet.id}").get_data(as_text=True)
    assert "Proposer une modification" in page
    client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=_form(body="Ligne un.\nMieux dit.",
                                                                            note="Reformulation"))
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).body == "Ligne un.\nLigne deux."   # unchanged until accepted
    (proposal,) = [r for r in _revisions(sheet) if r.state is RevisionState.PROPOSED]
    assert proposal.author_id == member.id
    # The member may not accept their own proposal.
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/propositions/{proposal.number}/accepter",
                       data={"comment": ""}).status_code == 403
    auth.logout()
    auth.login(coordinator)
    diff = client.get(f"/hauts-de-france/fiches/{sheet.id}/historique?a=2").get_data(as_text=True)
    assert "<ins>Mieux</ins>" in diff and "<del>deux.</del>" in diff
    response = client.post(f"/hauts-de-france/fiches/{sheet.id}/propositions/{proposal.number}/accepter",
                           data={"comment": "Merci"})
    assert response.status_code == 302
    db.session.expire_all()
    states = [(r.number, r.state) for r in _revisions(sheet)]
    assert states == [(1, RevisionState.APPLIED), (2, RevisionState.ACCEPTED), (3, RevisionState.APPLIED)]
    assert db.session.get(Sheet, sheet.id).body == "Ligne un.\nMieux dit."
    assert db.session.get(Revision, proposal.id).review_comment == "Merci"


def test_declined_proposal_is_kept(client, auth, make_user, make_ptce, make_sheet):
    coordinator = make_user("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=coordinator, body="Texte.")
    auth.login(make_user("ptce_member", ptce=make_ptce("hauts-de-france")))
    client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=_form(body="Autre texte."))
    auth.logout()
    auth.login(coordinator)
    client.post(f"/hauts-de-france/fiches/{sheet.id}/propositions/2/refuser", data={"comment": "Hors sujet"})
    db.session.expire_all()
    assert [r.state for r in _revisions(sheet)] == [RevisionState.APPLIED, RevisionState.DECLINED]
    assert db.session.get(Sheet, sheet.id).body == "Texte."
    # Deciding twice is refused.
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/propositions/2/accepter").status_code == 404


def test_archiving_keeps_everything(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user)
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/archiver").status_code == 302
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).status is SheetStatus.ARCHIVED
    assert len(_revisions(sheet)) == 1
    assert client.get(f"/hauts-de-france/fiches/{sheet.id}/historique").status_code == 200
    assert client.post(f"/hauts-de-france/fiches/{sheet.id}/publier").status_code == 302
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).status is SheetStatus.PUBLISHED


def test_long_unchanged_runs_are_collapsed(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    lines = [f"Paragraphe {i}." for i in range(30)]
    sheet = make_sheet(author=user, title="Choisir la SCIC", body="\n".join(lines))
    changed = lines[:15] + ["Paragraphe réécrit."] + lines[16:]
    client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=_form(body="\n".join(changed)))
    page = client.get(f"/hauts-de-france/fiches/{sheet.id}/historique?de=1&a=2").get_data(as_text=True)
    assert "<del>15.</del><ins>réécrit.</ins>" in page
    assert "13 lignes identiques" in page and "12 lignes identiques" in page
    assert "Paragraphe 13." in page and "Paragraphe 2." not in page


def test_reviewers_are_told_of_drafts_and_proposals(client, auth, make_user, make_ptce, make_sheet, outbox):
    coordinator = make_user("coordinator", region="hauts-de-france", email="coord@example.org")
    make_user("coordinator", region="bretagne", email="breton@example.org")
    sheet = make_sheet(author=coordinator)
    assert outbox() == []  # a coordinator's own sheet asks nobody
    auth.login(make_user("ptce_member", ptce=make_ptce("hauts-de-france")))
    client.post("/hauts-de-france/fiches/nouvelle", data=_form(title="Nouvelle fiche"))
    client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=_form(body="Autre."))
    subjects = [m.subject for m in outbox("coord@example.org")]
    assert subjects == ["Nouvelle fiche à relire : Nouvelle fiche", f"Modification proposée : {sheet.title}"]
    assert outbox("breton@example.org") == []
    assert "/historique?a=2" in outbox("coord@example.org")[1].body_text


def test_migration_turns_stored_history_texts_into_codes(app, client, login, make_sheet):
    """0761 reads the texts the app wrote before it, in either language; an editor's note stays."""
    from flask_migrate import downgrade, upgrade

    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user, title="Choisir la SCIC", body="v1")
    client.post(f"/hauts-de-france/fiches/{sheet.id}/modifier", data=_form(body="v2"))
    client.post(f"/hauts-de-france/fiches/{sheet.id}/historique/1/restaurer")
    sheet_id = sheet.id
    db.session.commit()
    db.session.remove()
    try:
        downgrade(revision="0604_calendar_feed_index")
        notes = [n for (n,) in db.session.execute(sa.text(
            "SELECT note FROM resource_revision WHERE sheet_id = :s ORDER BY number"), {"s": sheet_id})]
        assert notes[0] == "Création de la fiche" and notes[2] == "Restauration de la version 1"
        db.session.execute(sa.text("UPDATE resource_revision SET note = 'Version 1 restored' "
                                   "WHERE sheet_id = :s AND number = 3"), {"s": sheet_id})
        db.session.commit()
    finally:
        db.session.remove()
        upgrade()
    rows = db.session.execute(sa.select(Revision.note, Revision.action, Revision.action_args)
                              .where(Revision.sheet_id == sheet_id).order_by(Revision.number)).all()
    assert [tuple(r) for r in rows] == [("", "created", {}), (rows[1].note, None, rows[1].action_args),
                                        ("", "restored", {"n": 1})]
    assert rows[1].action is None  # the editor's save keeps its own (empty or written) note


def test_two_tabs_on_a_sheet_the_stale_save_is_refused_and_shown(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user, title="Choisir la SCIC", body="Ligne un.\nLigne deux.")
    url = f"/hauts-de-france/fiches/{sheet.id}/modifier"
    a, b = open_tab(client, url), open_tab(client, url)
    assert client.post(url, data=_form(summary="Résumé de A.", **a)).status_code == 302
    page = client.post(url, data=_form(body="Le texte de B.", **b))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Modifié entre-temps" in html
    assert "« Résumé de A. »" in html and "Le texte de B." in html  # A's change shown, B's input kept
    assert len(_revisions(sheet)) == 2  # B created no revision
    db.session.expire_all()
    assert (db.session.get(Sheet, sheet.id).summary, db.session.get(Sheet, sheet.id).body) == (
        "Résumé de A.", "Ligne un.\nLigne deux.")


def test_tags_keep_their_case_and_match_whatever_the_case(client, login, make_sheet):
    user = login("coordinator", region="hauts-de-france")
    sheet = make_sheet(author=user, title="Choisir la SCIC")
    make_sheet(author=user, title="Une autre fiche", tags=["Statuts"])
    url = f"/hauts-de-france/fiches/{sheet.id}/modifier"
    assert client.post(url, data=_form(tags="SCIC, Tiers-lieu, scic ,  tiers-LIEU")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).tags == ["SCIC", "Tiers-lieu"]
    page = client.get("/hauts-de-france/fiches/").get_data(as_text=True)
    assert ">SCIC<" in page and ">scic<" not in page
    for asked in ("scic", "SCIC", "Scic"):
        found = client.get(f"/hauts-de-france/fiches/?etiquette={asked}").get_data(as_text=True)
        assert "Choisir la SCIC" in found and "Une autre fiche" not in found, asked
