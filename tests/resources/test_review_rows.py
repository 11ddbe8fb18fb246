"""The follow-up page's lists are read through Core and written from URLs, labels and dates worked out once
per page (``display.ReviewWriter``): the HTML a person reads is byte for byte what the template loops over ORM
sheets, revisions and proposals wrote (kept here with the queries they read), in French and in English, for a
region's page and the national one, with days changed near midnight in winter and in summer."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa
from flask import g, render_template_string
from sqlalchemy.orm import joinedload, lazyload, selectinload

from cellule import i18n, paging
from cellule.blueprints.auth.models import User
from cellule.blueprints.resources import pending, services
from cellule.blueprints.resources.models import NationalProposal, Revision, Sheet
from cellule.blueprints.resources.reference import ProposalStatus, RevisionState, Scope, SheetStatus
from cellule.blueprints.directory.models import Ptce
from cellule.blueprints.resources.views import display
from cellule.blueprints.resources.views.display import REVIEW_PAGES
from cellule.extensions import db

# review.html's content before ReviewWriter (its loops over ORM objects), from the breadcrumb to the last list.
OLD_PAGE = """{% from "_macros/pagination.html" import list_pager %}
{% set title = _("Suivi des fiches — %(name)s", name=region.name) if region else _("Suivi de la bibliothèque nationale") %}
<p class="breadcrumb"><a href="{{ library_url('index') }}">{{ _("Fiches ressources") }}</a></p>
<h1>{{ title }}</h1>

{% if region %}
<section aria-labelledby="brouillons-titre" class="panel">
  <h2 id="brouillons-titre">{{ _("Brouillons à relire et publier") }}</h2>
  {% if drafts %}<ul>{% for sheet in drafts %}<li><a href="{{ sheet_url(sheet) }}">{{ sheet.title }}</a>
    <span class="meta">— {{ sheet.author_ptce.name if sheet.author_ptce else _("la cellule") }}, {{ sheet.updated_at|localdate(region) }}</span></li>{% endfor %}</ul>
  {% else %}<p>{{ _("Aucun brouillon en attente.") }}</p>{% endif %}
  {{ list_pager(_("Pages des brouillons"), pages.brouillons, "brouillons", page_url) }}
</section>
{% endif %}

<section aria-labelledby="modifs-titre" class="panel">
  <h2 id="modifs-titre">{{ _("Modifications proposées") }}</h2>
  {% if changes %}<ul>{% for r in changes %}<li><a href="{{ sheet_url(r.sheet, 'history', a=r.number) }}">{{ r.sheet.title }} — {{ _("version %(n)s", n=r.number) }}</a>
    <span class="meta">{{ r.author.name if r.author else '?' }}, {{ r.created_at|localdate(region) }}{% if r.description %} — {{ _("« %(text)s »", text=r.description) }}{% endif %}</span></li>{% endfor %}</ul>
  {% else %}<p>{{ _("Aucune proposition en attente.") }}</p>{% endif %}
  {{ list_pager(_("Pages des modifications proposées"), pages.modifications, "modifications", page_url) }}
</section>

<section aria-labelledby="revoir-titre" class="panel">
  <h2 id="revoir-titre">{{ _("Fiches à revoir (date de révision dépassée)") }}</h2>
  {% if overdue %}
  <div class="table-scroll" role="region" tabindex="0" aria-label="{{ _("Fiches dont la date « à revoir avant le » est passée") }}">
  <table class="table">
    <caption>{{ _("Fiches dont la date « à revoir avant le » est passée") }}</caption>
    <thead><tr><th scope="col">{{ _("Fiche") }}</th><th scope="col">{{ _("À revoir avant le") }}</th><th scope="col">{{ _("État") }}</th></tr></thead>
    <tbody>{% for sheet in overdue %}<tr><th scope="row"><a href="{{ sheet_url(sheet, 'edit') }}">{{ sheet.title }}</a></th><td>{{ sheet.review_by|localdate }}</td><td>{{ sheet.status.label }}</td></tr>{% endfor %}</tbody>
  </table>
  </div>
  {% else %}<p>{{ _("Toutes les fiches sont à jour.") }}</p>{% endif %}
  {{ list_pager(_("Pages des fiches à revoir"), pages.revoir, "revoir", page_url) }}
</section>

<section aria-labelledby="nationales-titre" class="panel">
  <h2 id="nationales-titre">{% if region %}{{ _("Propositions à la bibliothèque nationale") }}{% else %}{{ _("Propositions des régions en attente") }}{% endif %}</h2>
  {% if proposals %}
  <ul>{% for p in proposals %}<li>
    {% if region %}<a href="{{ sheet_url(p.sheet) }}">{{ p.sheet.title }}</a> — {% if p.decision_comment %}{{ _("%(label)s : %(value)s", label=p.status.label, value=_("« %(text)s »", text=p.decision_comment)) }}{% else %}{{ p.status.label }}{% endif %}
    {% else %}<a href="{{ url_for('resources.decide_national', proposal_id=p.id) }}">{{ p.sheet.title }}</a>
      <span class="meta">— {{ p.sheet.region.name if p.sheet.region else '' }}, {{ _("proposée par %(who)s", who=p.proposed_by.name if p.proposed_by else '?') }}</span>{% endif %}
  </li>{% endfor %}</ul>
  {% else %}<p>{{ _("Aucune proposition.") }}</p>{% endif %}
</section>"""

# The ORM reads the old page made (library.py before the review lists were read through Core).
_LISTED = (lazyload(Sheet.tag_rows), lazyload(Sheet.topic_rows), lazyload(Sheet.sector_rows),
           lazyload(Sheet.attachments), joinedload(Sheet.created_by).lazyload(User.memberships))


def _in_library(query, where):
    if where is None:
        return query.where(Sheet.scope == Scope.NATIONAL)
    return query.where(Sheet.scope == Scope.REGIONAL, Sheet.region_id == where.id)


def old_drafts(where, limit, offset):
    return list(db.session.scalars(sa.select(Sheet).where(
        Sheet.status == SheetStatus.DRAFT, Sheet.scope == Scope.REGIONAL, Sheet.region_id == where.id)
        .order_by(Sheet.updated_at.desc(), Sheet.id.desc()).options(*_LISTED).limit(limit).offset(offset)))


def old_changes(where, limit, offset):
    query = sa.select(Revision).join(Sheet, Sheet.id == Revision.sheet_id).where(
        Revision.state == RevisionState.PROPOSED).options(
        selectinload(Revision.sheet).options(*_LISTED), joinedload(Revision.author).lazyload(User.memberships))
    return list(db.session.scalars(_in_library(query, where).order_by(Revision.created_at, Revision.id)
                                   .limit(limit).offset(offset)))


def old_overdue(where, limit, offset):
    query = sa.select(Sheet).where(Sheet.review_by < date.today(), Sheet.status != SheetStatus.ARCHIVED)
    return list(db.session.scalars(_in_library(query, where).order_by(Sheet.review_by, Sheet.id)
                                   .options(*_LISTED).limit(limit).offset(offset)))


def old_proposals(where):
    query = sa.select(NationalProposal).options(
        joinedload(NationalProposal.sheet).options(*_LISTED),
        joinedload(NationalProposal.proposed_by).lazyload(User.memberships),
        joinedload(NationalProposal.decided_by).lazyload(User.memberships))
    if where is None:
        query = query.where(NationalProposal.status == ProposalStatus.PENDING)
    else:
        query = query.where(NationalProposal.sheet.has(Sheet.region_id == where.id))
    return list(db.session.scalars(query.order_by(NationalProposal.created_at.desc(), NationalProposal.id.desc())
                                   .limit(20)))


WINTER_LATE = datetime(2026, 1, 15, 23, 30, tzinfo=timezone.utc)   # the 16th in Paris (UTC+1)
WINTER_EARLY = datetime(2026, 1, 15, 22, 30, tzinfo=timezone.utc)  # the 15th in Paris
SUMMER_LATE = datetime(2026, 7, 15, 22, 30, tzinfo=timezone.utc)   # the 16th in Paris (UTC+2)
SUMMER_EARLY = datetime(2026, 7, 15, 21, 30, tzinfo=timezone.utc)  # the 15th in Paris


@pytest.fixture
def follow_up(make_sheet, make_user, make_ptce, region):
    """A region's drafts, proposed changes, overdue sheets and proposals to the national library, and the
    national library's own; names and texts with characters to escape, people gone, dates near midnight."""
    coordinator = make_user("coordinator", region="hauts-de-france")
    coordinator.name = "Zoé <O'Brien> & \"Cie\""
    admin = make_user("council_admin")
    ptce = make_ptce("hauts-de-france", name="Pôle <Coop> & Co")
    draft = make_sheet(title="Brouillon <b>d'hiver</b> & \"guillemets\"", publish=False, author=coordinator,
                       ptce=ptce, review_by=date(2020, 3, 1))
    summer = make_sheet(title="Brouillon d'été", publish=False, author=coordinator)
    published = make_sheet(title="Fiche « publiée » <i>", author=coordinator, review_by=date(2021, 7, 14))
    declined = make_sheet(title="Fiche refusée & <x>", author=coordinator, review_by=date(2019, 12, 31))
    national = make_sheet(None, title="Guide national <n>", national=True, review_by=date(2020, 6, 30))
    sheets = [draft, summer, published, declined, national]

    def change(sheet, note, when, author=coordinator):
        revision = services.propose_change(sheet, services.Content.of(sheet), author, note)
        revision.created_at = when
        return revision

    changes = [change(published, "Corriger « ça » & <ça>", WINTER_LATE),
               change(published, "", WINTER_EARLY),
               change(declined, "", SUMMER_LATE),
               change(national, "Note 'nationale'", SUMMER_EARLY, author=admin)]
    changes[2].action, changes[2].action_args = "restored", {"n": 2}
    changes[1].author = None
    db.session.flush()
    pending.rebuild(db.session.connection())  # the times set here, past the services: filed again
    draft.updated_at, summer.updated_at = WINTER_LATE, SUMMER_LATE
    services.propose_national(published, coordinator, "")
    refused = services.propose_national(declined, coordinator, "")
    services.decide_national(refused, admin, False, "<non> & \"pourquoi\" l'été")
    gone = services.propose_national(make_sheet(title="Fiche d'une personne partie", author=coordinator),
                                     coordinator, "")
    gone.proposed_by = None
    db.session.commit()
    assert all(s.id for s in sheets)
    return coordinator, admin


def _content_of_page(html: str) -> str:
    found = re.search(r'<p class="breadcrumb">.*</section>', html, re.S)
    assert found, html[:2000]
    return found.group(0)


CASES = [("/hauts-de-france/fiches/suivi", "coordinator"), ("/fiches/suivi", "admin"),
         ("/hauts-de-france/fiches/suivi?modifications=1&revoir=1&brouillons=1", "coordinator")]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("url, who", CASES)
def test_review_lines_are_the_bytes_the_template_loops_wrote(app, client, auth, follow_up, region, language,
                                                            url, who):
    person = follow_up[0] if who == "coordinator" else follow_up[1]
    person.locale = language
    db.session.commit()
    client.get(f"/langue/{language}?next=/")
    auth.login(person)
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    new = _content_of_page(html)

    with app.test_request_context(url, headers={"Cookie": f"cellule_lang={language}"}):
        where = region() if url.startswith("/hauts-de-france") else None
        g.region = where
        with i18n.force_locale(language):
            drafts, draft_pages = (paging.read(lambda **kw: old_drafts(where, **kw), "brouillons", 20) if where
                                   else ([], paging.Pages(1, more=False)))
            changes, change_pages = paging.read(lambda **kw: old_changes(where, **kw), "modifications", 20)
            overdue, overdue_pages = paging.read(lambda **kw: old_overdue(where, **kw), "revoir", 20)
            old = render_template_string(
                OLD_PAGE, region=where, drafts=drafts, changes=changes, overdue=overdue,
                proposals=old_proposals(where), page_url=paging.links(REVIEW_PAGES),
                pages={"brouillons": draft_pages, "modifications": change_pages, "revoir": overdue_pages})
    assert new == old
    # what the lists hold: the escaped names, the days in Paris on either side of midnight UTC
    if where is not None:
        assert new.count("<li><a") >= 5 and "Pôle &lt;Coop&gt; &amp; Co" in new
        days = ["16 janvier 2026", "15 janvier 2026", "16 juillet 2026"] if language == "fr" else \
            ["16 January 2026", "15 January 2026", "16 July 2026"]
        assert all(day in new for day in days), new
    else:
        assert "Guide national &lt;n&gt;" in new and new.count('href="/fiches/propositions/') == 2, new


def test_review_lines_are_kept_and_written_anew_when_what_they_show_changes(client, auth, follow_up, monkeypatch):
    """A follow-up page seen again writes no line; a name changed gives the lists that show it written anew,
    whole (``kept_lists``), and leaves the others as they were kept."""
    written = []
    for name in ("_draft", "_change", "_overdue", "_proposal"):
        real = getattr(display.ReviewWriter, name)
        monkeypatch.setattr(display.ReviewWriter, name,
                            lambda self, r, _real=real, _name=name: written.append(_name) or _real(self, r))
    coordinator = follow_up[0]
    auth.login(coordinator)
    url = "/hauts-de-france/fiches/suivi"
    client.get("/")  # the sign-in message shown once
    first = client.get(url).get_data(as_text=True)
    assert sorted(written) == ["_change"] * 3 + ["_draft"] * 2 + ["_overdue"] * 3 + ["_proposal"] * 3
    written.clear()
    assert client.get(url).get_data(as_text=True) == first and written == []

    db.session.scalar(sa.select(Ptce).where(Ptce.name == "Pôle <Coop> & Co")).name = "Pôle renommé"
    db.session.get(User, coordinator.id).name = "Zoé Martin"
    db.session.commit()
    renamed = client.get(url).get_data(as_text=True)
    assert "Pôle renommé" in renamed and "Pôle &lt;Coop&gt;" not in renamed
    assert "Zoé Martin" in renamed and "O&#39;Brien" not in renamed
    # the drafts (one of the renamed PTCE), the changes (two proposed by the coordinator on this region's
    # sheets) and the proposals (two made by them: their rows hold the proposer's name, which the national
    # page shows), each list whole; not the overdue sheets, which show neither name
    assert sorted(written) == ["_change"] * 3 + ["_draft"] * 2 + ["_proposal"] * 3
