"""The national council: campaigns, questionnaire versions, dashboard, exports, codebook."""
from __future__ import annotations


import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ....i18n import current_locale
from ....database import commit
from ....extensions import db
from ....outcomes import act_when_posted, refuse
from ....lifecycle import IllegalTransition
from ....permissions import access, ensure
from ....templating import PageWriter, localdatetime
from .. import dashboard as stats, downloads, forwarding, national, progress, services
from ..definition import bilingual_codebook, codebook as codebook_entries
from ..forms import ActionForm, CampaignForm, DefinitionForm, year_taken
from ..lifecycle import ResponseStatus
from ..models import Campaign, Questionnaire
from . import _common, bp


def _campaign(campaign_id: int) -> Campaign:
    return db.get_or_404(Campaign, campaign_id)


@bp.route("/conseil/collecte/", methods=["GET", "POST"])
@access("council")
def council_index():
    """Campaigns and questionnaire versions; national admins create campaigns."""
    questionnaires = list(db.session.scalars(sa.select(Questionnaire).order_by(
        Questionnaire.code, Questionnaire.version.desc())))
    campaigns = services.campaigns()
    titles = services.questionnaire_titles({*questionnaires, *(c.questionnaire for c in campaigns)},
                                           str(current_locale()))
    form = CampaignForm()
    form.questionnaire_id.choices = [(q.id, f"{titles[q.id]} — v{q.version}") for q in questionnaires if q.published]
    if form.validate_on_submit():
        ensure("council_admin")
        try:
            questionnaire = db.session.get(Questionnaire, form.questionnaire_id.data)
            camp = services.create_campaign(form.year.data, form.title.data, form.opens_on.data,
                                            form.closes_on.data, questionnaire)
            commit()
        except sa.exc.IntegrityError:
            # Another request created this year's campaign after our check: the constraint says so.
            db.session.rollback()
            form.year.errors.append(year_taken(services.campaign_for_year(form.year.data)))
        else:
            flash(_("Campagne créée (en préparation). Ouvrez-la quand le questionnaire est prêt."), "success")
            return redirect(url_for(".dashboard", campaign_id=camp.id))
    return render_template("collection/council_index.html", campaigns=campaigns, titles=titles,
                           questionnaires=questionnaires, form=form, action=ActionForm())


@bp.post("/conseil/collecte/<int:campaign_id>/<any(ouvrir, clore):move>")
@access("council_admin")
def campaign_status(campaign_id: int, move: str):
    """Open or close a campaign (guarded: an illegal move is refused)."""
    camp = _campaign(campaign_id)
    if ActionForm().validate_on_submit():
        try:
            camp.open() if move == "ouvrir" else camp.close()
        except IllegalTransition:
            refuse(_("Cette campagne ne peut pas changer ainsi d'état."))
        else:
            commit()
            flash(_("Campagne ouverte.") if move == "ouvrir" else _("Campagne close."), "success")
    return redirect(url_for(".dashboard", campaign_id=camp.id))


@bp.get("/conseil/collecte/<int:campaign_id>/")
@access("council")
def dashboard(campaign_id: int):
    """Progress of every region and the aggregates of the forwarded data."""
    # The page names its questionnaire's version, never its questions: no definition decoded.
    camp = db.get_or_404(Campaign, campaign_id,
                         options=[joinedload(Campaign.questionnaire).defer(Questionnaire.definition)])
    snapshots = forwarding.latest_summaries(camp)
    data = stats.compute(camp, snapshots)
    by_region = progress.national_progress(camp)
    # The aggregates' charts and table depend on nothing else than the snapshots (their memo key),
    # the regions' names and the language: rendered once, kept with the aggregates.
    aggregates = data.shown(
        (str(current_locale()), tuple(region.name for region, _n, _cells in data.regions)),
        lambda: render_template("collection/_aggregates.html", data=data, charts=stats.charts(data),
                                indicators=stats.INDICATORS, number=stats.number, min_cell=stats.MIN_CELL,
                                dominance=round(stats.disclosure.DOMINANCE * 100)))
    return render_template("collection/dashboard.html", campaign=camp, progress=by_region,
                           rates=progress.answer_rates(by_region), aggregates=aggregates, action=ActionForm(),
                           snapshots=snapshots, stem=downloads.stem(camp), writer=DashboardWriter())


class DashboardWriter(PageWriter):
    """The rows of the dashboard's two tables (18 regions each), written in Python (``PageWriter``): a
    cell costs an escape of its value, its column's label is translated and escaped once per page. The
    HTML is the one the template loops wrote (``tests/collection/test_dashboard_rows.py``)."""

    def progress(self, by_region, rates: list[dict]) -> Markup:
        """``<tr>`` lines of « Avancement par région »: counts by status, then the answer rate."""
        heads = [self.label_of(status) for status in ResponseStatus]
        rate_label = self.gettext("Taux de réponse")
        return Markup("".join([
            f'  <tr><th scope="row">{escape(region.name)}</th>'
            + "".join([f'<td data-label="{head}">{n}</td>' for head, n in zip(heads, counts.values())])
            + f'<td data-label="{rate_label}">{escape(rate["rate"] or "—")}</td></tr>\n'
            for (region, counts), rate in zip(by_region, rates)]))

    def snapshots(self, snapshots) -> Markup:
        """``<tr>`` lines of the latest snapshots: region, version, forwarding time, PTCE, hash."""
        version, sent = self.gettext("Version"), self.gettext("Transmise le")
        ptce, digest = self.gettext("PTCE"), self.gettext("Empreinte SHA-256")
        return Markup("".join([
            f'  <tr><th scope="row">{escape(s.region.name)}</th><td data-label="{version}">v{s.version}</td>\n'
            f'    <td data-label="{sent}">{escape(localdatetime(s.forwarded_at))}</td>'
            f'<td data-label="{ptce}">{s.ptce_count}</td>\n'
            f'    <td data-label="{digest}"><code class="hash">{escape(s.content_hash)}</code></td></tr>'
            for s in snapshots]))


@bp.get("/conseil/collecte/<int:campaign_id>/<name>")
@access("council")
def export(campaign_id: int, name: str):
    """A file of the campaign's exports (long CSV, wide XLSX, aggregates, datapackage.json)."""
    answer = downloads.response(_campaign(campaign_id), name) or abort(404)
    commit()  # a first download stores the long CSV's lines or the wide XLSX (downloads.response)
    return answer


@bp.get("/conseil/collecte/<int:campaign_id>/<stem>-long.csv")
@access("council")
def export_csv(campaign_id: int, stem: str):
    """The long CSV (standard dialect), streamed; the endpoint the benchmark measures."""
    answer = downloads.response(_campaign(campaign_id), f"{stem}-long.csv") or abort(404)
    commit()  # the first download stores its snapshots' lines
    return answer


@bp.get("/conseil/collecte/<int:campaign_id>/agregats.csv")
@access("council")
def export_aggregates(campaign_id: int):
    """The aggregates for French Excel, at their historical address."""
    camp = _campaign(campaign_id)
    return downloads.response(camp, f"{downloads.stem(camp)}-agregats-excel.csv")


@bp.get("/collecte/questionnaires/<int:questionnaire_id>/dictionnaire")
@access("signed_in")
def codebook(questionnaire_id: int):
    """Every variable of a questionnaire version: code, label (French and English), type, unit,
    allowed values (worded in the reader's language), version."""
    q = db.get_or_404(Questionnaire, questionnaire_id)
    if str(current_locale()) == "en":
        entries = [{**entry, "section": other["section"], "allowed": other["allowed"], "choices": other["choices"]}
                   for entry, other in bilingual_codebook(q.parsed, national.english_wordings())]
    else:
        entries = list(codebook_entries(q.parsed))
    return render_template("collection/codebook.html", questionnaire=q, entries=entries,
                           title=services.questionnaire_titles([q], str(current_locale()))[q.id])


@bp.route("/conseil/collecte/questionnaires/<int:questionnaire_id>", methods=["GET", "POST"])
@access("council_admin")
def questionnaire(questionnaire_id: int):
    """Edit a definition: a published version is never changed, a new version is made instead."""
    q = db.get_or_404(Questionnaire, questionnaire_id)
    form = DefinitionForm()
    done, saved, problems = _common.edit_definition(form, q.definition,
                                                    lambda definition: services.revise_questionnaire(q, definition))
    if done:
        commit()
        flash(_("Version %(v)s enregistrée (non publiée).", v=saved.version), "success")
        return redirect(url_for(".questionnaire", questionnaire_id=saved.id))
    return render_template("collection/questionnaire.html", questionnaire=q, form=form, problems=problems,
                           action=ActionForm())


@bp.post("/conseil/collecte/questionnaires/<int:questionnaire_id>/publier")
@access("council_admin")
def publish(questionnaire_id: int):
    """Publish a version: campaigns may then use it, and it can no longer be edited."""
    q = db.get_or_404(Questionnaire, questionnaire_id)
    act_when_posted(ActionForm(), lambda: services.publish(q), _("Version %(v)s publiée.", v=q.version))
    return redirect(url_for(".questionnaire", questionnaire_id=q.id))
