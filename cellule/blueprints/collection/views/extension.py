"""A region's extra questions: the list, the question form, deletion, order, last campaign's copy, JSON.

Every change goes through ``regional`` and is saved only if the whole extension
definition is valid; the campaign is loaded as before (drafts are not the regions'
yet), and only the region's coordinators reach these pages.
"""
from __future__ import annotations


from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ....database import commit
from ....l10n import ngettext
from ....outcomes import refuse
from ....permissions import access
from .. import qtypes, regional, regional_checks, services
from ..forms import ActionForm, DefinitionForm
from ..models import Campaign
from ..question_form import QuestionForm, describe
from . import _common, bp

BASE = "/<region_slug>/collecte/<int:campaign_id>/questions-regionales"


def _load_extension(campaign_id: int) -> tuple[Campaign, dict]:
    camp = _common.campaign(campaign_id)
    return camp, regional.definition_of(services.extension(camp, g.region))


def _question(data: dict, var: str) -> dict:
    at = regional.find(data, var)
    if at is None:
        abort(404)
    return data["sections"][at[0]]["questions"][at[1]]


def _back(camp: Campaign, var: str | None = None):
    return redirect(url_for(".extension", campaign_id=camp.id, _anchor=f"q-{var}" if var else None))


def _refused(exc: regional.Refused) -> None:
    for err in exc.errors:
        refuse(describe(err, exc))


@bp.get(BASE)
@access("manage_region")
def extension(campaign_id: int):
    """The region's questions in the order PTCE see them, with their actions."""
    camp, data = _load_extension(campaign_id)
    order = [q["var"] for section in data["sections"] for q in section["questions"]]
    labels = {q["var"]: q["label"] for section in data["sections"] for q in section["questions"]}
    return render_template("collection/extension.html", region=g.region, campaign=camp, data=data, order=order,
                           labels=labels, kinds=qtypes.TYPES, answered=regional.answered(camp, g.region),
                           previous=regional.previous_extension(camp, g.region))


@bp.route(f"{BASE}/nouvelle", methods=["GET", "POST"])
@access("manage_region")
def extension_add(campaign_id: int):
    """Add a question at the end of the region's questions."""
    camp, data = _load_extension(campaign_id)
    return _question_page(camp, data, QuestionForm(), None)


@bp.route(f"{BASE}/<var>/modifier", methods=["GET", "POST"])
@access("manage_region")
def extension_edit(campaign_id: int, var: str):
    """Change a question; what the form does not show (display condition, comparison) is kept."""
    camp, data = _load_extension(campaign_id)
    question = _question(data, var)
    if not qtypes.TYPES[question["type"]].in_form:
        flash(_("Les blocs de lignes répétées se modifient dans l'édition avancée (JSON)."), "info")
        return _back(camp, var)
    form = QuestionForm()
    if not form.is_submitted():
        form.load(question)
    return _question_page(camp, data, form, question)


def _question_page(camp: Campaign, data: dict, form: QuestionForm, question: dict | None):
    original = question["var"] if question else None
    general = []
    if form.is_submitted():
        # The definition is consulted even when the form itself found mistakes, so that
        # every one is shown at once; only a form without any is saved.
        typed = form.validate()
        if not form.var.data and form.label.data:  # suggested from the label, shown again if refused
            form.var.data = regional.suggest_code(form.label.data, regional.taken_codes(camp, data, but=original))
        try:
            # Without label nor code (the form refuses it), a stand-in code keeps the check to the rest.
            regional.save_question(camp, g.region, form.fields(form.var.data or regional_checks.STAND_IN_CODE),
                                   original, persist=typed)
        except LookupError:
            abort(404)
        except regional.Refused as exc:
            general = form.explain(exc, camp.questionnaire.parsed)
        if typed and not form.errors and not general:
            commit()
            flash((_("Question modifiée (code %(var)s).", var=form.var.data) if question else
                   _("Question ajoutée (code %(var)s).", var=form.var.data)), "success")
            return _back(camp, form.var.data)
    labels = {q["var"]: q["label"] for section in data["sections"] for q in section["questions"]}
    condition = question.get("show_if") if question else None
    return render_template("collection/extension_question.html", region=g.region, campaign=camp, form=form,
                           question=question, general=general, numeric=qtypes.codes("numeric"),
                           choice=qtypes.codes("has_choices"),
                           taken=sorted(regional.taken_codes(camp, data, but=original)),
                           condition_label=labels.get(condition["var"], condition["var"]) if condition else None,
                           answered=regional.answered(camp, g.region).get(original, 0) if original else 0)


@bp.route(f"{BASE}/<var>/supprimer", methods=["GET", "POST"])
@access("manage_region")
def extension_delete(campaign_id: int, var: str):
    """Ask for confirmation (GET), then delete the question (POST)."""
    camp, data = _load_extension(campaign_id)
    question = _question(data, var)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            regional.delete_question(camp, g.region, var)
        except regional.Refused as exc:
            _refused(exc)
            return _back(camp, var)
        commit()
        flash(_("Question « %(label)s » supprimée.", label=question["label"]), "success")
        return _back(camp)
    return render_template("collection/extension_delete.html", region=g.region, campaign=camp, form=form,
                           question=question, answered=regional.answered(camp, g.region).get(var, 0))


@bp.post(f"{BASE}/<var>/deplacer")
@access("manage_region")
def extension_move(campaign_id: int, var: str):
    """Move a question one place up or down."""
    camp, data = _load_extension(campaign_id)
    question = _question(data, var)
    step = {"monter": -1, "descendre": 1}.get(request.form.get("direction", ""))
    if ActionForm().validate_on_submit() and step:
        try:
            moved = regional.move_question(camp, g.region, var, step)
        except regional.Refused as exc:
            _refused(exc)
        else:
            if moved:
                commit()
                flash((_("Question « %(label)s » montée d'un rang.", label=question["label"]) if step < 0 else
                       _("Question « %(label)s » descendue d'un rang.", label=question["label"])), "success")
    return _back(camp, var)


@bp.post(f"{BASE}/reprendre")
@access("manage_region")
def extension_copy(campaign_id: int):
    """Copy the region's questions of its previous campaign (codes already used are skipped)."""
    camp, _data = _load_extension(campaign_id)
    if ActionForm().validate_on_submit():
        try:
            added, skipped = regional.copy_previous(camp, g.region)
        except regional.Refused as exc:
            _refused(exc)
            return _back(camp)
        if added:
            commit()
            flash(ngettext("%(num)s question reprise de la campagne précédente.",
                           "%(num)s questions reprises de la campagne précédente.", len(added)), "success")
        else:
            flash(_("Aucune question à reprendre de la campagne précédente."), "info")
        if skipped:
            flash(_("Déjà utilisés, ces codes n'ont pas été repris : %(codes)s.", codes=", ".join(skipped)), "info")
    return _back(camp)


@bp.route(f"{BASE}/json", methods=["GET", "POST"])
@access("manage_region")
def extension_json(campaign_id: int):
    """Advanced: the whole extension as a JSON definition (repeated blocks, display conditions)."""
    camp = _common.campaign(campaign_id)
    ext = services.extension(camp, g.region)
    form = DefinitionForm()
    done, _saved, problems = _common.edit_definition(form, ext.definition if ext else EXAMPLE,
                                                     lambda definition: services.set_extension(camp, g.region, definition))
    if done:
        commit()
        flash(_("Questions régionales enregistrées."), "success")
        return _back(camp)
    return render_template("collection/extension_json.html", region=g.region, campaign=camp, form=form,
                           problems=problems, ext=ext)


EXAMPLE = {"title": "Questions régionales", "sections": [{"code": "regional", "title": "Questions régionales",
           "questions": [{"var": "regional_example", "label": "Exemple de question régionale",
                          "type": "short_text", "forward": False}]}]}
