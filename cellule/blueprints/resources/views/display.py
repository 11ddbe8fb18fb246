"""Reading: the libraries with search and filters, a sheet, its files, the follow-up page."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from urllib.parse import urlencode

import sqlalchemy as sa
from flask import abort, render_template, request, send_file
from markupsafe import Markup, escape
from flask_login import current_user

from .... import kept_lists, localtime, paging
from ....extensions import db
from ....permissions import access
from ....templating import PageWriter
from ....urls import RowLinks
from ...directory.models import Region
from ...directory.reference import SECTORS, SUPPORT_TOPICS
from .. import follow_up, library, uploads
from ..forms import ActionForm, AttachmentForm, CommentForm
from ..models import Attachment, describe
from ..reference import Category, ProposalStatus, Scope, SheetStatus
from ._common import both, bp, check, check_view, library_url, load_sheet, region

# Rows shown per page of each follow-up list (drafts, proposed changes, overdue sheets each have their own
# pages, named by these URL arguments).
PER_PAGE = 20
REVIEW_PAGES = ("brouillons", "modifications", "revoir")


def _filters() -> library.Filters:
    args = request.args
    return library.Filters(
        q=args.get("q", "")[:200], category=args.get("categorie", ""), tag=args.get("etiquette", "")[:60],
        scope=args.get("portee", ""), region=args.get("region", "")[:80] if region() is None else "",
        topic=args.get("theme", "") if args.get("theme") in SUPPORT_TOPICS else "",
        sector=args.get("secteur", "") if args.get("secteur") in SECTORS else "",
        status=args.get("statut", ""))


# The characters werkzeug leaves unquoted in a built URL's query (werkzeug.urls._urlencode).
QUERY_SAFE = "!$'()*,/:;?@"


@dataclass(slots=True)
class Row:
    """What a library row shows of a listed sheet, every URL and label already worked out."""

    href: str
    title: str
    category: str
    scope: str
    region_name: str | None
    status: str | None        # the badge of a sheet that is not published
    snippet: Markup | None
    summary: str
    tags: list[tuple[str, str]]  # (tag, address of the library filtered on it)


def library_rows(items: list[library.Listed]) -> list[Row]:
    """The rows of a library page. Per page, not per row: one ``url_for`` per region whose sheets are
    listed (``urls.RowLinks``), one for the
    library whose tag filters the tags link to, and each label of a category, scope and status once."""
    links, page = RowLinks("sheet_id"), PageWriter()
    library_address = library_url("index")

    def href(item) -> str:  # as sheet_url builds it
        if item.is_national or item.region_slug is None:
            return links("resources.national_detail", item.id)
        return links("resources.detail", item.id, region_slug=item.region_slug)

    def tag_url(tag: str) -> str:  # the query as werkzeug's URL building encodes it (safe characters included)
        return page.once("tag", tag, lambda t: f"{library_address}?{urlencode([('etiquette', t)], safe=QUERY_SAFE)}")

    return [Row(href(item),
                item.title, page.label_of(item.category), page.label_of(item.scope), item.region_name,
                None if item.status is SheetStatus.PUBLISHED else page.label_of(item.status), item.snippet,
                item.summary, [(tag, tag_url(tag)) for tag in item.tags])
            for item in items]


@both("/")
@access("public")
def index():
    """A library: a region's sheets and the national ones, or the national library; searchable."""
    filters = _filters()
    page = library.browse(filters, current_user, region(), request.args.get("page", 1, type=int))
    regions = db.session.scalars(sa.select(Region).order_by(Region.name)).all() if region() is None else []
    return render_template(
        "resources/index.html", region=region(), page=page, rows=library_rows(page.items), filters=filters,
        regions=regions,
        tags=library.tags_in_use(region()), categories=Category.labels(), scopes=Scope.labels(),
        statuses=SheetStatus.labels(), topics=SUPPORT_TOPICS, sectors=SECTORS)


def render_detail(sheet, attachment_form=None, status: int = 200):
    """A sheet's page (also re-shown with upload errors)."""
    editable, manageable = sheet.can_edit(current_user), sheet.can_manage(current_user)
    pending = [r for r in library.revisions(sheet) if r.state.value == "proposed"] if manageable else []
    proposed_national = bool(library.pending_proposal_ids([sheet.id]))
    return render_template(
        "resources/detail.html", region=region(), sheet=sheet, editable=editable, manageable=manageable,
        pending=pending,
        proposed_national=proposed_national, attachment_form=attachment_form or AttachmentForm(),
        action_form=ActionForm(), comment_form=CommentForm(), topics=SUPPORT_TOPICS, sectors=SECTORS,
        max_mb=uploads.max_bytes() / (1024 * 1024), today=localtime.today(sheet.region)), status


@both("/<int:sheet_id>")
@access("public")
def detail(sheet_id: int):
    """A sheet: content, attachments, provenance; actions for those allowed."""
    sheet = load_sheet(sheet_id)
    check_view(sheet)
    return render_detail(sheet)


@both("/<int:sheet_id>/fichiers/<int:attachment_id>")
@access("public")
def download(sheet_id: int, attachment_id: int):
    """An attachment, always as a download (never rendered inline by the browser)."""
    sheet = load_sheet(sheet_id)
    check_view(sheet)
    attachment = db.first_or_404(sa.select(Attachment).where(
        Attachment.id == attachment_id, Attachment.sheet_id == sheet.id))
    if attachment.removed_at is not None:
        # Files of past revisions stay readable to those who see the history.
        check("edit_sheet", sheet)
    path = uploads.path_of(attachment.stored_name)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=uploads.KINDS[attachment.kind], as_attachment=True,
                         download_name=attachment.filename, max_age=0, etag=attachment.sha256)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


class ReviewWriter(PageWriter):
    """The items of a follow-up page's lists, each list written in Python as one string (``PageWriter``).
    Per page, not per line: one ``url_for`` per list (``urls.RowLinks``), each label, day, name and version
    once. Each list's page is kept across requests under its rows (``kept_lists``), so a page seen again
    writes nothing. The HTML is the one the template loops wrote (``tests/resources/test_review_rows.py``)."""

    def __init__(self, where):
        super().__init__()
        self.where = where
        self.links = RowLinks("sheet_id")

    def _day(self, value: datetime | date) -> Markup:
        return self.day(value, self.where)

    def _version(self, number: int) -> Markup:
        return self.once("version", number, lambda n: self.gettext("version %(n)s", n=n))

    def _sheet(self, row, action: str = "detail") -> str:  # as sheet_url builds it
        if row.scope is Scope.NATIONAL or row.region_slug is None:
            return self.links(f"resources.national_{action}", row.sheet_id)
        return self.links(f"resources.{action}", row.sheet_id, region_slug=row.region_slug)

    def drafts(self, rows) -> Markup:
        return Markup("".join([self._draft(r) for r in rows]))

    def _draft(self, r) -> str:
        who = self.name(r.ptce_name) if r.ptce_name is not None else self.gettext("la cellule")
        return (f'<li><a href="{escape(self._sheet(r))}">{escape(r.title)}</a>\n    <span class="meta">— '
                f'{who}, {self._day(r.updated_at)}</span></li>')

    def changes(self, rows) -> Markup:
        return Markup("".join([self._change(r) for r in rows]))

    def _change(self, r) -> str:
        described = describe(r.note, r.action, json.loads(r.action_args) if r.action_args else None)
        quoted = " — " + self.gettext("« %(text)s »", text=described) if described else ""
        return (f'<li><a href="{escape(self._sheet(r, "history"))}?a={int(r.number)}">{escape(r.title)} — '
                f'{self._version(r.number)}</a>\n    <span class="meta">'
                f'{self.name(r.author_name) if r.author_name is not None else "?"}, {self._day(r.created_at)}'
                f'{quoted}</span></li>')

    def overdue(self, rows) -> Markup:
        return Markup("".join([self._overdue(r) for r in rows]))

    def _overdue(self, r) -> str:
        return (f'<tr><th scope="row"><a href="{escape(self._sheet(r, "edit"))}">{escape(r.title)}</a></th>'
                f'<td>{self._day(r.review_by)}</td><td>{self.label_of(r.status)}</td></tr>')

    def proposals(self, rows) -> Markup:
        if self.where is None:  # the council decides on each
            decide = RowLinks("proposal_id")
            return Markup("".join([self._to_decide(r, decide) for r in rows]))
        return Markup("".join([self._proposal(r) for r in rows]))

    def _to_decide(self, r, decide: RowLinks) -> str:
        by = self.gettext("proposée par %(who)s", who=r.proposer_name if r.proposer_name is not None else "?")
        return (f'<li>\n<a href="{escape(decide("resources.decide_national", r.id))}">{escape(r.title)}'
                f'</a>\n      <span class="meta">— {escape(r.region_name or "")}, {by}</span>  </li>')

    def _proposal(self, r) -> str:
        return f'<li>\n<a href="{escape(self._sheet(r))}">{escape(r.title)}</a> — {self._decision(r)}  </li>'

    def _decision(self, row) -> Markup:
        """A proposal's status, with the council's comment when it gave one."""
        if not row.decision_comment:
            return self.label_of(row.status)
        return self.gettext("%(label)s : %(value)s", label=self.label_of(row.status),
                          value=self.gettext("« %(text)s »", text=row.decision_comment))


@bp.get("/<region_slug>/fiches/suivi")
@access("manage_region")
def review():
    """For coordinators: drafts to publish, proposed changes, sheets past their review date (20 a page each);
    the latest 20 proposals to the national library."""
    return _render_review(region())


@bp.get("/fiches/suivi")
@access("council_admin")
def national_review():
    """For the national council: proposals to the national library, changes, overdue sheets (20 a page each)."""
    return _render_review(None)


def _render_review(where):
    """A follow-up page (a region's, or None: the national library's), each list read a page at a time and
    kept whole (``kept_lists``: in the page's zone, national or not)."""
    lines, region_id = ReviewWriter(where), None if where is None else where.id
    kept = dict(context=(getattr(where, "timezone", None), where is None))
    if where is not None:
        drafts, draft_pages = kept_lists.written_page(
            "review drafts", partial(follow_up.drafts_statement, region_id), lines.drafts, "brouillons", PER_PAGE,
            **kept)
        proposals, _count = kept_lists.written(
            "review proposals", follow_up.proposals_statement(None, region_id, 20), lines.proposals, **kept)
    else:
        drafts, draft_pages = Markup(), paging.Pages(1, more=False)
        proposals, _count = kept_lists.written(
            "review proposals", follow_up.proposals_statement(ProposalStatus.PENDING, None, None), lines.proposals,
            **kept)
    changes, change_pages = kept_lists.written_page(
        "review changes", partial(follow_up.pending_changes_statement, region_id), lines.changes, "modifications",
        PER_PAGE, **kept)
    overdue, overdue_pages = kept_lists.written_page(
        "review overdue", partial(follow_up.overdue_statement, region_id), lines.overdue, "revoir", PER_PAGE,
        params={"today": localtime.today(where)}, **kept)
    return render_template(
        "resources/review.html", region=where, drafts=drafts, changes=changes, overdue=overdue, proposals=proposals,
        page_url=paging.links(REVIEW_PAGES),
        pages={"brouillons": draft_pages, "modifications": change_pages, "revoir": overdue_pages})
