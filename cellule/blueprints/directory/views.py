"""Directory pages: national and regional lists, detail, edit, CSV import, exports."""
from __future__ import annotations

import base64

from flask import (Response, abort, current_app, flash, g, redirect, render_template, request,
                   stream_with_context, url_for)
from flask_babel import gettext as _
from jinja2.filters import do_truncate
from markupsafe import Markup, escape

from sqlalchemy.orm import selectinload

from sqlalchemy.orm.exc import StaleDataError

from ... import concurrency
from ...concurrency import Stamp, describe, posted_version
from ...database import commit
from ...extensions import db
from ...l10n import ngettext
from ...loading import in_region_or_404
from ...permissions import access, can, ensure, feature_blueprint, national_and_regional, use_region_model
from ...spreadsheet import CSV_MIMETYPE
from ...templating import PageWriter, kept_fragments
from ..auth import services as people
from . import exchange, services
from .forms import ConfirmImportForm, DeleteForm, ImportForm, PtceForm
from .models import Ptce, Region
from .reference import ACTIVITY_TYPES, SECTORS, Stage

bp = feature_blueprint("directory", __name__)
use_region_model(Region)  # workspace URLs (/<region_slug>/…) and region rules use it
PER_PAGE = 30


def _filters() -> services.Filters:
    args = request.args
    return services.Filters(q=args.get("q", "")[:200], stage=args.get("stage", ""),
                            sector=args.get("sector", "") if args.get("sector") in SECTORS else "",
                            department=args.get("department", "")[:3], charter=args.get("charter", ""))


def _list(region):
    filters = _filters()
    page = db.paginate(services.search_query(region, filters), per_page=PER_PAGE, error_out=False)
    return render_template("directory/list.html", region=region, page=page, filters=filters,
                           departments=services.departments_in(region), sectors=SECTORS,
                           stages=Stage.labels(), activity_types=ACTIVITY_TYPES,
                           writer=CardWriter(national=region is None))


class CardWriter(PageWriter):
    """The directory list's cards (30 a page), written in Python (``PageWriter``) and kept across requests
    (``templating.kept_fragments``) under every value a card shows: a card seen before costs a lookup, not a
    ``url_for`` and a dozen escapes. The HTML is the one the template loop wrote
    (``tests/directory/test_directory_cards.py``)."""

    def __init__(self, national: bool):
        super().__init__()
        self.national = national
        self._kept = kept_fragments("directory card", national)

    def cards(self, ptces) -> Markup:
        return Markup("".join([self._card(ptce) for ptce in ptces]))

    def _card(self, ptce: Ptce) -> str:
        region = ptce.region
        key = (ptce.id, ptce.slug, ptce.name, ptce.stage, ptce.department_code, ptce.charter_signatory,
               ptce.territory, region.slug, region.name)
        card = self._kept.get(key)
        if card is None:
            card = self._kept[key] = self._write(ptce)
        return card

    def _write(self, ptce: Ptce) -> str:
        link = url_for("directory.detail", region_slug=ptce.region.slug, slug=ptce.slug)
        parts = ['  <li class="card">\n    <h2 class="h3"><a href="', escape(link), '">', escape(ptce.name),
                 '</a></h2>\n    <p class="meta">', self.once("stage", ptce.stage, lambda stage: str(stage.label)),
                 " · ", self.gettext("département"), " ", escape(ptce.department_code)]
        if self.national:
            parts += [" · ", escape(ptce.region.name)]
        if ptce.charter_signatory:
            parts += [" · ", self.gettext("signataire de la charte")]
        parts.append("</p>\n")
        if ptce.territory:
            parts += ["<p>", escape(do_truncate(current_app.jinja_env, ptce.territory, 180)), "</p>"]
        parts.append("  </li>\n")
        return "".join(parts)


# Every PTCE in France, or a region's, filterable.
national_and_regional(bp, "annuaire/", _list, ("national_list", "region_list"))


def _export(region, fmt: str):
    query = services.search_query(region, _filters()).options(
        selectinload(Ptce.sector_rows), selectinload(Ptce.activity_rows))
    stem = f"ptce-{region.slug if region else 'france'}"
    if fmt == "geojson":
        body = exchange.geojson(db.session.scalars(query), lambda p: url_for(
            "directory.detail", region_slug=p.region.slug, slug=p.slug, _external=True))
        return Response(body, mimetype="application/geo+json",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.geojson"'})
    with_contacts = can("manage_region", region) if region else can("council")

    @stream_with_context
    def rows():
        # Runs while the response streams, inside the request's context and session.
        yield from exchange.export_rows(
            db.session.scalars(query.execution_options(yield_per=500)), with_contacts=with_contacts)

    return Response(rows(), mimetype=CSV_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})


@bp.get("/annuaire.<any(csv, geojson):fmt>")
@access("public")
def national_export(fmt: str):
    """The national directory as CSV (French Excel) or GeoJSON."""
    return _export(None, fmt)


@bp.get("/<region_slug>/annuaire.<any(csv, geojson):fmt>")
@access("public")
def region_export(fmt: str):
    """A region's directory as CSV (French Excel) or GeoJSON."""
    return _export(g.region, fmt)


def _load(slug: str):
    """The region's PTCE at this address, else 404."""
    return in_region_or_404(g.region, Ptce, Ptce.slug == slug)


@bp.get("/<region_slug>/annuaire/<slug>")
@access("public")
def detail(slug: str):
    """A PTCE's public record; contacts and members for those allowed."""
    ptce = _load(slug)
    members = people.ptce_members(ptce) if can("view_ptce_private", ptce) else None
    return render_template("directory/detail.html", region=g.region, ptce=ptce, members=members,
                           sectors=SECTORS, activity_types=ACTIVITY_TYPES, delete_form=DeleteForm())


@bp.route("/<region_slug>/annuaire/nouveau", methods=["GET", "POST"])
@access("manage_region")
def create():
    """A coordinator adds a PTCE to the region's directory."""
    form = PtceForm(region=g.region)
    if form.validate_on_submit():
        if services.name_taken(g.region, form.name.data):
            form.name.errors.append(_("Un PTCE de ce nom existe déjà dans la région."))
        else:
            ptce = services.create_ptce(g.region, form.cleaned())
            commit()
            flash(_("Le PTCE « %(name)s » a été ajouté à l'annuaire.", name=ptce.name), "success")
            return redirect(url_for(".detail", slug=ptce.slug))
    return render_template("directory/edit.html", region=g.region, form=form, ptce=None)


def _filled_form(ptce, formdata=None) -> PtceForm:
    """The edit form built from the stored record."""
    form = PtceForm(formdata=formdata, obj=ptce, region=g.region, ptce=ptce)
    form.communes.data = " ".join(ptce.communes or [])
    form.stage.data = ptce.stage.value
    return form


def _current(ptce) -> dict:
    return {name: getattr(ptce, name) for name in services.FIELDS}


@bp.route("/<region_slug>/annuaire/<slug>/modifier", methods=["GET", "POST"])
@access("signed_in")
def edit(slug: str):
    """Coordinators edit any PTCE of their region; a referent edits their own PTCE.

    A save based on an older version is refused with what changed (``cellule/concurrency.py``).
    """
    ptce = _load(slug)
    ensure("edit_ptce", ptce)
    form = _filled_form(ptce, formdata=None) if request.method == "GET" else PtceForm(
        obj=ptce, region=g.region, ptce=ptce)
    stamp, clash = Stamp.of(ptce.version, _current(ptce)), None
    if form.validate_on_submit():
        clash = concurrency.guard(form, ptce.version, _current(ptce), form.cleaned(), lambda: _filled_form(ptce))
        if clash is None and services.name_taken(g.region, form.name.data, exclude_id=ptce.id):
            form.name.errors.append(_("Un PTCE de ce nom existe déjà dans la région."))
        elif clash is None:
            try:
                services.apply(ptce, form.cleaned())
                commit()
            except StaleDataError:  # another save landed between the check and this one
                db.session.rollback()
                ptce = _load(slug)
                clash = concurrency.guard(form, ptce.version, _current(ptce), form.cleaned(),
                                          lambda: _filled_form(ptce))
            else:
                flash(_("Les informations du PTCE ont été enregistrées."), "success")
                return redirect(url_for(".detail", slug=ptce.slug))
        if clash is not None:
            stamp = clash.stamp
    elif request.method == "POST":  # invalid input: keep the version the page was built from
        stamp = Stamp(posted_version(request.form.get("version")), request.form.get("base", ""))
    return render_template("directory/edit.html", region=g.region, form=form, ptce=ptce, stamp=stamp,
                           clash=clash, labels={name: form[name].label.text for name in form._fields},
                           show=_show)


def _show(name: str, value) -> str:
    """A stored PTCE value in words, for the stale-save notice."""
    if name == "stage" and value is not None:
        return str(value.label)
    table = {"sectors": SECTORS, "activity_types": ACTIVITY_TYPES}.get(name)
    if table and value:
        return describe([str(table.get(code, code)) for code in value])
    return describe(value)


@bp.post("/<region_slug>/annuaire/<slug>/supprimer")
@access("manage_region")
def delete(slug: str):
    """A coordinator removes a PTCE record from the directory."""
    ptce = _load(slug)
    if DeleteForm().validate_on_submit():
        name = ptce.name
        services.delete_ptce(ptce)
        commit()
        flash(_("Le PTCE « %(name)s » a été retiré de l'annuaire.", name=name), "success")
    return redirect(url_for(".region_list"))


@bp.route("/<region_slug>/annuaire/import", methods=["GET", "POST"])
@access("manage_region")
def import_csv():
    """Step 1: upload and dry run, listing every bad row. Step 2: confirm, all or nothing."""
    form, confirm, report = ImportForm(), ConfirmImportForm(), None
    if "content" in request.form:
        if confirm.validate_on_submit():
            try:
                raw = base64.b64decode(confirm.content.data, validate=True)
            except ValueError:
                abort(400)
            report = exchange.parse(raw, g.region)
            if report.ok:
                created = exchange.import_rows(g.region, report)
                commit()
                flash(ngettext("%(num)s PTCE importé.", "%(num)s PTCE importés.", len(created)), "success")
                return redirect(url_for(".region_list"))
            # The directory changed since the dry run: show the new report, import nothing.
    elif form.validate_on_submit():
        raw = form.file.data.read()
        report = exchange.parse(raw, g.region)
        confirm.content.data = base64.b64encode(raw).decode("ascii")
    return render_template("directory/import.html", region=g.region, form=form, confirm=confirm,
                           report=report, columns=exchange.COLUMNS)
