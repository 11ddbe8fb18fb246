"""Visit pages through the HTTP client: management, registration, permissions, attendance, exports."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from cellule.blueprints.calendar.models import Event
from cellule.blueprints.visits.models import RegistrationStatus, Registration, Visit, VisitStatus
from cellule.database import utcnow
from cellule.extensions import db


def form_data(host, **overrides):
    start = (utcnow() + timedelta(days=20)).strftime("%Y-%m-%d")
    data = {"host_ptce_id": host.id, "title": "Découvrir le pôle", "programme": "# Accueil\n\n- café",
            "starts_at": f"{start}T09:30", "ends_at": f"{start}T12:00", "address": "1 place du Marché",
            "capacity": "12", "open_to_members": "y", "open_to_partners": "y", "sectors": ["energy"],
            "topics": ["governance"], "reserved_emerging_seats": "0"}
    data.update(overrides)
    return data


def test_coordinator_creates_publishes_and_cancels(client, login, host, outbox):
    login("coordinator", region="hauts-de-france")
    response = client.post("/hauts-de-france/visites/nouvelle", data=form_data(host))
    assert response.status_code == 302
    visit = db.session.scalar(sa.select(Visit))
    assert visit.status is VisitStatus.DRAFT and visit.capacity == 12
    assert visit.starts_at.strftime("%H:%M") in ("08:30", "07:30")  # 09:30 Paris time, in UTC
    assert visit.sectors == ["energy"] and visit.topics == ["governance"]
    assert client.post(f"/hauts-de-france/visites/{visit.id}/publier").status_code == 302
    db.session.refresh(visit)
    assert visit.status is VisitStatus.PUBLISHED
    event = db.session.scalar(sa.select(Event).where(Event.source_type == "visit"))
    assert event.uid == f"visit-{visit.id}@cellule" and event.url_path == f"/hauts-de-france/visites/{visit.id}"
    page = client.get(f"/hauts-de-france/visites/{visit.id}")
    assert page.status_code == 200 and "<h3>Accueil</h3>" in page.text  # under the page's "Programme" h2
    # The first click shows what will happen; nothing changes until it is confirmed.
    confirm = client.get(f"/hauts-de-france/visites/{visit.id}/annuler")
    assert confirm.status_code == 200 and "Personne ne recevra de courriel." in confirm.text
    assert client.post(f"/hauts-de-france/visites/{visit.id}/annuler").status_code == 200
    db.session.refresh(visit)
    assert visit.status is VisitStatus.PUBLISHED
    assert client.post(f"/hauts-de-france/visites/{visit.id}/annuler", data={"confirm": "1"}).status_code == 302
    db.session.refresh(visit)
    db.session.refresh(event)
    assert visit.status is VisitStatus.CANCELLED and event.cancelled
    # Illegal move through the page: a clear message, no change, no crash.
    response = client.post(f"/hauts-de-france/visites/{visit.id}/publier", follow_redirects=True)
    assert "pas possible" in response.text
    db.session.refresh(visit)
    assert visit.status is VisitStatus.CANCELLED


def test_calendar_entry_keeps_a_path_when_synced_outside_a_request(make_visit):
    """make_visit syncs from the app context alone (SERVER_NAME set), as ``flask demo`` does."""
    visit = make_visit()
    event = db.session.scalar(sa.select(Event).where(Event.source_type == "visit"))
    assert event.url_path == f"/hauts-de-france/visites/{visit.id}"


def test_form_errors_are_explained(client, login, host):
    login("coordinator", region="hauts-de-france")
    data = form_data(host, address="", ends_at=form_data(host)["starts_at"].replace("09:30", "08:00"))
    response = client.post("/hauts-de-france/visites/nouvelle", data=data)
    assert response.status_code == 200
    assert "La fin doit être après le début." in response.text
    assert "Indiquez une adresse, un lien en ligne, ou les deux." in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 0


def test_lowering_capacity_below_confirmed_is_refused(client, login, make_visit, member, register):
    visit = make_visit(capacity=3)
    for _ in range(3):
        register(visit, member())
    login("coordinator", region="hauts-de-france")
    response = client.post(f"/hauts-de-france/visites/{visit.id}/capacite", data={"capacity": "2"},
                           follow_redirects=True)
    assert "ne peut pas descendre sous le nombre de places déjà attribuées" in response.text
    db.session.refresh(visit)
    assert visit.capacity == 3
    response = client.post(f"/hauts-de-france/visites/{visit.id}/capacite", data={"capacity": "abc"},
                           follow_redirects=True)
    assert response.status_code == 200 and "entre 1 et 1000" in response.text


def test_referent_creates_for_own_ptce_only(client, login, host, make_ptce):
    other = make_ptce()
    login("ptce_member", ptce=host, referent=True)
    page = client.get("/hauts-de-france/visites/nouvelle")
    assert page.status_code == 200 and host.name in page.text and other.name not in page.text
    assert client.post("/hauts-de-france/visites/nouvelle",
                       data=form_data(host, host_ptce_id=other.id)).status_code == 200
    assert client.post("/hauts-de-france/visites/nouvelle", data=form_data(host)).status_code == 302


def test_permissions(client, auth, make_user, make_visit, member):
    visit = make_visit()
    draft = make_visit(status="draft")
    base = f"/hauts-de-france/visites/{visit.id}"
    manage_pages = [f"{base}/modifier", f"{base}/presences", f"{base}/emargement",
                    f"{base}/participants.csv", f"{base}/participants.xlsx"]
    foreign = make_user("coordinator", region="bretagne")
    auth.login(foreign)
    for url in manage_pages + [f"/hauts-de-france/visites/{draft.id}"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/annuler").status_code == 404
    assert client.get("/hauts-de-france/visites/nouvelle").status_code == 404
    auth.logout()
    auth.login(member())
    for url in manage_pages + [f"/hauts-de-france/visites/{draft.id}"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"{base}/annuler").status_code == 403
    assert client.get("/hauts-de-france/visites/nouvelle").status_code == 403
    # Another region's URL for this visit is not found.
    assert client.get(f"/bretagne/visites/{visit.id}").status_code == 404
    auth.logout()
    assert client.get(base).status_code == 200  # published visits are public
    assert client.post(f"{base}/inscription").status_code == 302  # to the sign-in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_member_registers_sees_position_and_cancels(client, auth, make_visit, member, register):
    visit = make_visit(capacity=1)
    register(visit, member())
    person = member()
    auth.login(person)
    response = client.post(f"/hauts-de-france/visites/{visit.id}/inscription", follow_redirects=True)
    assert "liste d&#39;attente, en position 1" in response.text or "liste d'attente, en position 1" in response.text
    page = client.get(f"/hauts-de-france/visites/{visit.id}")
    assert "en position 1" in page.text
    # "Annuler mon inscription" leads to a confirmation step stating the effect; only its button acts
    confirm = client.get(f"/hauts-de-france/visites/{visit.id}?annulation=1")
    assert "Vous quitterez la liste d'attente." in confirm.text and 'name="confirme"' in confirm.text
    unconfirmed = client.post(f"/hauts-de-france/visites/{visit.id}/annulation")
    assert unconfirmed.status_code == 302 and "annulation=1" in unconfirmed.headers["Location"]
    reg = db.session.scalar(sa.select(Registration).where(Registration.user_id == person.id))
    assert reg.status is RegistrationStatus.WAITLISTED
    done = client.post(f"/hauts-de-france/visites/{visit.id}/annulation", data={"confirme": "1"},
                       follow_redirects=True)
    db.session.refresh(reg)
    assert reg.status is RegistrationStatus.CANCELLED
    assert "<title>Votre inscription est annulée. Un courriel de confirmation vous a été envoyé. – " in done.text


def test_offer_page_accept(client, auth, make_visit, member, register):
    from cellule.blueprints.visits import seats

    visit = make_visit(capacity=1)
    holder, person = member(), member()
    register(visit, holder)
    register(visit, person)
    seats.cancel(db.session.scalar(sa.select(Registration).where(Registration.user_id == holder.id)))
    db.session.commit()
    auth.login(person)
    page = client.get(f"/hauts-de-france/visites/{visit.id}/proposition")
    assert "Accepter la place" in page.text
    client.post(f"/hauts-de-france/visites/{visit.id}/proposition/accepter")
    reg = db.session.scalar(sa.select(Registration).where(Registration.user_id == person.id))
    assert reg.status is RegistrationStatus.CONFIRMED


def test_referent_registers_a_colleague(client, auth, make_visit, make_ptce, make_user):
    visit = make_visit()
    ptce = make_ptce()
    referent = make_user("ptce_member", ptce=ptce, referent=True)
    colleague = make_user("ptce_member", ptce=ptce, name="Zoé Collègue")
    stranger = make_user("ptce_member", ptce=make_ptce())
    auth.login(referent)
    assert "Zoé Collègue" in client.get(f"/hauts-de-france/visites/{visit.id}").text
    client.post(f"/hauts-de-france/visites/{visit.id}/inscrire-collegue", data={"user_id": colleague.id})
    client.post(f"/hauts-de-france/visites/{visit.id}/inscrire-collegue", data={"user_id": stranger.id})
    regs = db.session.scalars(sa.select(Registration)).all()
    assert [(r.user_id, r.ptce_id, r.registered_by_id) for r in regs] == [(colleague.id, ptce.id, referent.id)]


def test_names_only_for_managers_and_consenting(client, auth, login, make_visit, member, register, make_user):
    visit = make_visit()
    shy = member(name="Discrète Personne")
    open_ = member(name="Ouverte Personne")
    register(visit, shy)
    reg = register(visit, open_)
    auth.login(open_)
    client.post(f"/hauts-de-france/visites/{visit.id}/consentement", data={"show_name": "y"})
    db.session.refresh(reg)
    assert reg.show_name
    auth.logout()
    auth.login(member())
    page = client.get(f"/hauts-de-france/visites/{visit.id}").text
    assert "2 personnes inscrites" in page and "Ouverte Personne" in page and "Discrète Personne" not in page
    for viewer in (make_user("coordinator", region="hauts-de-france"), member(ptce=visit.host)):
        auth.logout()
        auth.login(viewer)
        page = client.get(f"/hauts-de-france/visites/{visit.id}").text
        assert "Ouverte Personne" in page and "Discrète Personne" in page


def test_attendance_feedback_and_summary(client, auth, make_user, host, make_visit, member, register):
    visit = make_visit(days=-0.1)  # started a couple of hours ago
    came, absent = member(), member()
    for person in (came, absent):
        db.session.add(Registration(visit=visit, user=person, status=RegistrationStatus.CONFIRMED))
    db.session.commit()
    r1, r2 = db.session.scalars(sa.select(Registration).order_by(Registration.id)).all()
    referent = make_user("ptce_member", ptce=host, referent=True)
    auth.login(referent)  # the host's referent manages attendance
    page = client.get(f"/hauts-de-france/visites/{visit.id}/presences")
    assert page.status_code == 200 and 'type="checkbox" name="present"' in page.text
    client.post(f"/hauts-de-france/visites/{visit.id}/presences", data={"present": [str(r1.id)]})
    db.session.refresh(r1)
    db.session.refresh(r2)
    assert r1.attended and not r2.attended
    sheet = client.get(f"/hauts-de-france/visites/{visit.id}/emargement")
    assert sheet.status_code == 200 and came.name in sheet.text and "Signature" in sheet.text
    assert client.post(f"/hauts-de-france/visites/{visit.id}/tenue").status_code == 302
    db.session.refresh(visit)
    assert visit.status is VisitStatus.HELD
    auth.logout()
    auth.login(absent)
    assert client.get(f"/hauts-de-france/visites/{visit.id}/avis").status_code == 403
    auth.logout()
    auth.login(came)
    response = client.post(f"/hauts-de-france/visites/{visit.id}/avis", data={"rating": "9"})
    assert response.status_code == 200 and r1.feedback is None
    client.post(f"/hauts-de-france/visites/{visit.id}/avis",
                data={"rating": "4", "learned": "La gouvernance partagée", "will_reuse": "Le comité"})
    db.session.refresh(r1)
    assert r1.feedback.rating == 4
    auth.logout()
    auth.login(referent)
    page = client.get(f"/hauts-de-france/visites/{visit.id}").text
    assert "note moyenne : 4" in page and "La gouvernance partagée" in page


def test_exports(client, login, make_visit, member, register):
    visit = make_visit()
    person = member(name="=HYPERLINK(\"x\") Dupont")
    register(visit, person)
    login("coordinator", region="hauts-de-france")
    response = client.get(f"/hauts-de-france/visites/{visit.id}/participants.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Courriel", "PTCE"]
    assert rows[1][0].startswith("'=HYPERLINK") and rows[1][1] == person.email
    assert rows[1][3] == "Inscription confirmée"
    response = client.get(f"/hauts-de-france/visites/{visit.id}/participants.xlsx")
    assert response.data[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "Nom" and sheet["B2"].value == person.email
    assert sheet["A2"].value == person.name and sheet["A2"].data_type == "s"  # text, never a formula


def test_lists_home_and_national_page(client, make_visit, make_ptce):
    here = make_visit(title="Visite régionale")
    make_visit(title="Visite passée", days=-30, status="held")
    make_visit(title="Brouillon caché", status="draft")
    breton = make_visit(title="Visite ouverte", open_to_other_regions=True, ptce=make_ptce("bretagne"))
    page = client.get("/hauts-de-france/visites/").text
    assert "Visite régionale" in page and "Visite passée" in page and "Brouillon caché" not in page
    assert "Visite régionale" in client.get("/hauts-de-france/").text
    national = client.get("/visites/").text
    assert "Visite ouverte" in national and "Visite régionale" not in national
    assert f"/bretagne/visites/{breton.id}" in national
    assert client.get(f"/hauts-de-france/visites/{here.id}").status_code == 200


def test_agenda_personal_sources(make_visit, member, register):
    from cellule.blueprints.visits import seats
    from cellule.blueprints.visits.agenda import personal_sources

    a, b = make_visit(), make_visit()
    person = member()
    register(a, person)
    reg = register(b, person)
    seats.cancel(reg)
    db.session.commit()
    assert personal_sources(person) == [("visit", a.id)]
    # A place in line is not in the calendar: only a confirmed seat is.
    full = make_visit(capacity=1)
    register(full, member())
    register(full, person)
    assert personal_sources(person) == [("visit", a.id)]


def test_edit_shows_local_times_and_moves_the_visit(client, login, make_visit, member, register, outbox):
    from datetime import datetime, timezone

    start = datetime(2026, 12, 15, 13, 30, tzinfo=timezone.utc)
    visit = make_visit(starts_at=start, ends_at=start + timedelta(hours=3), capacity=4)
    person = member()
    register(visit, person)
    login("coordinator", region="hauts-de-france")
    page = client.get(f"/hauts-de-france/visites/{visit.id}/modifier")
    assert 'value="2026-12-15T14:30"' in page.text  # shown in Paris time
    data = form_data(visit.host, starts_at="2026-12-15T15:00", ends_at="2026-12-15T18:00",
                     address=visit.address, capacity="4")
    assert client.post(f"/hauts-de-france/visites/{visit.id}/modifier", data=data).status_code == 302
    db.session.refresh(visit)
    assert visit.starts_at == datetime(2026, 12, 15, 14, 0, tzinfo=timezone.utc) and visit.sequence == 1
    assert outbox(person.email)[-1].subject.startswith("Changement d'horaire ou de lieu")
    event = db.session.scalar(sa.select(Event).where(Event.source_type == "visit", Event.source_id == visit.id))
    assert event.starts_at == visit.starts_at and event.sequence == 1
    data["capacity"] = "0"
    response = client.post(f"/hauts-de-france/visites/{visit.id}/modifier", data=data)
    assert response.status_code == 200 and "Nombre de places" in response.text


def test_coordinator_withdraws_someone_and_the_seat_is_offered(client, login, make_visit, member, register,
                                                                outbox):
    visit = make_visit(capacity=1)
    other = make_visit()
    holder, waiting = member(), member()
    reg = register(visit, holder)
    register(visit, waiting)
    login("coordinator", region="hauts-de-france")
    # A registration id of another visit is not found through this visit.
    assert client.post(f"/hauts-de-france/visites/{other.id}/inscriptions/{reg.id}/annuler").status_code == 404
    page = client.get(f"/hauts-de-france/visites/{visit.id}").text
    assert f"/inscriptions/{reg.id}/annuler" in page
    client.post(f"/hauts-de-france/visites/{visit.id}/inscriptions/{reg.id}/annuler",
                data={"confirm": "1", "reason": "Doublon avec une autre inscription de votre PTCE"})
    db.session.refresh(reg)
    assert reg.status is RegistrationStatus.CANCELLED
    removed = outbox(holder.email)[-1]
    assert removed.subject.startswith("Inscription annulée par l'organisation")
    assert "L'organisation de la visite apprenante « Visite du pôle » a annulé votre inscription." in removed.body_text
    assert "Motif indiqué : Doublon avec une autre inscription de votre PTCE" in removed.body_text
    assert "désinscription" not in removed.body_text.lower()
    assert outbox(waiting.email)[-1].subject.startswith("Une place se libère")


def test_only_drafts_are_deleted(client, login, make_visit):
    draft, published = make_visit(status="draft"), make_visit()
    login("coordinator", region="hauts-de-france")
    assert client.post(f"/hauts-de-france/visites/{published.id}/supprimer",
                       data={"confirm": "1"}).status_code == 302
    assert client.post(f"/hauts-de-france/visites/{draft.id}/supprimer").status_code == 200  # asks first
    assert client.post(f"/hauts-de-france/visites/{draft.id}/supprimer", data={"confirm": "1"}).status_code == 302
    assert [v.id for v in db.session.scalars(sa.select(Visit))] == [published.id]


def test_a_refused_seat_count_is_tied_to_its_field(client, login, make_visit):
    """A refusal that redirects still marks the field, links to it and titles the page."""
    visit = make_visit(capacity=10)
    login("coordinator", region="hauts-de-france")
    page = client.post(f"/hauts-de-france/visites/{visit.id}/capacite", data={"capacity": "0"},
                       follow_redirects=True).get_data(as_text=True)
    assert "<title>Erreur : Indiquez un nombre de places entre 1 et 1000. – " in page
    assert '<a href="#capacity">Aller au champ</a>' in page
    field = page.split('id="capacity"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in field and 'aria-describedby="capacity-erreur"' in field
    assert '<p class="error" id="capacity-erreur">Indiquez un nombre de places entre 1 et 1000.</p>' in page
    again = client.get(f"/hauts-de-france/visites/{visit.id}").get_data(as_text=True)
    assert "capacity-erreur" not in again and "aria-invalid" not in again  # for the next page only


@pytest.mark.parametrize("day, utc_hour, local", [("2026-12-15", 13, "15/12/2026 15:00"),   # CET, UTC+1
                                                    ("2027-07-15", 12, "15/07/2027 15:00")])  # CEST, UTC+2
def test_two_tabs_on_a_visit_the_stale_save_is_refused(client, login, make_visit, outbox, day, utc_hour, local):
    """The notice shows the newer start in Paris time, winter and summer, and nothing moves twice."""
    import re
    from datetime import datetime, timezone

    start = datetime.fromisoformat(day).replace(hour=utc_hour, minute=30, tzinfo=timezone.utc)
    visit = make_visit(starts_at=start, ends_at=start + timedelta(hours=3), capacity=4)
    login("coordinator", region="hauts-de-france")
    url = f"/hauts-de-france/visites/{visit.id}/modifier"

    def tab():
        html = client.get(url).text
        return {n: re.search(rf'name="{n}" value="([^"]*)"', html).group(1).replace("&#34;", '"')
                for n in ("version", "base")}

    shown = re.search(r'name="starts_at"[^>]*value="([^"]+)"', client.get(url).text).group(1)
    ends = re.search(r'name="ends_at"[^>]*value="([^"]+)"', client.get(url).text).group(1)
    base = dict(starts_at=shown, ends_at=ends, address=visit.address, capacity="4")
    assert client.post(url, data=form_data(visit.host, **base)).status_code == 302  # stored = what tabs post
    a, b = tab(), tab()
    assert client.post(url, data={**form_data(visit.host, **{**base, "starts_at": f"{day}T15:00"}),
                                  **a}).status_code == 302
    page = client.post(url, data={**form_data(visit.host, **{**base, "capacity": "9"}), **b})
    assert page.status_code == 200 and "Modifié entre-temps" in page.text
    notice = page.text[page.text.index('id="modifie-entre-temps"'):]
    notice = notice[:notice.index("</div>")]
    assert f'<a href="#starts_at"><strong>Début</strong></a> : désormais « {local} » — repris dans le formulaire' in notice, notice
    assert notice.count("<li>") == 1  # only what tab A changed
    assert f'value="{day}T15:00"' in page.text and re.search(r'name="capacity"[^>]*value="9"', page.text)
    db.session.refresh(visit)
    assert visit.capacity == 4
    assert visit.starts_at.astimezone(visit.region.tz).strftime("%d/%m/%Y %H:%M") == local
