"""Who holds which role: a region's team, a PTCE's members, the national council."""
from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from .... import paging
from ....database import commit
from ....extensions import db
from ....forms import choices, confirmed
from ....l10n import elide
from ....outcomes import refuse
from ....loading import in_region_or_404
from ....permissions import access, ensure
from ....templating import PageWriter
from ....urls import RowLinks
from ...directory.models import Ptce
from .. import services
from ..forms import ActionForm, InviteForm
from ..models import Membership, PartnerKind, Role, User
from . import bp

# Rows shown per page of the region's team and of its pending invitations (each list has its own pages).
PER_PAGE = 20
TEAM_PAGES = ("page", "invitations")  # the URL arguments of those pages


def _invite_from(form: InviteForm, **scope):
    role = Role(form.role.data)
    kind = PartnerKind(form.partner_kind.data) if role is Role.PARTNER else None
    services.invite(form.email.data, form.name.data, role, by=current_user, partner_kind=kind,
                    referent=role is Role.PTCE_MEMBER and bool(form.referent.data), **scope)
    commit()
    flash(_("Invitation envoyée à %(email)s.", email=form.email.data), "success")



class TeamWriter(PageWriter):
    """The rows of a team's table (``auth/_team_table.html``: a region's team, a PTCE's members, the national
    council), each written in Python as one string (``PageWriter``): a role's label, the column labels and
    the hidden words once per page, one ``url_for`` per list (``urls.RowLinks``). The HTML is the one the
    template loop wrote (``tests/auth/test_team_rows.py``)."""

    def rows(self, team, revoke_link=None, action_tag=None) -> Markup:
        """``revoke_link(id)``: the « Retirer » link of a membership, if the list has one; ``action_tag``: the
        deactivate form's hidden fields, if the list deactivates accounts (never the viewer's own)."""
        name, address, role = self.gettext("Nom"), self.gettext("Adresse"), self.gettext("Rôle")
        deactivate = RowLinks("user_id").of("auth.deactivate") if action_tag is not None else None
        me = current_user.id
        return Markup("".join([self._row(m, name, address, role, revoke_link, deactivate, action_tag, me)
                               for m in team]))

    def _row(self, m, name, address, role, revoke_link, deactivate, action_tag, me) -> str:
        user = m.user
        who = escape(user.name)
        parts = [f'  <tr>\n    <td data-label="{name}">{who}']
        if not user.active:
            parts.append(f' ({self.gettext("désactivé")})')
        parts.append(f'</td>\n    <td data-label="{address}">{escape(user.email)}</td>\n'
                     f'    <td data-label="{role}">{self.once("role", m.role, _label)}')
        if m.partner_kind:
            parts.append(f' — {self.once("kind", m.partner_kind, _label)}')
        if m.referent:
            parts.append(f' — {self.gettext("référent·e")}')
        parts.append("</td>\n    <td>")
        if revoke_link is not None:
            parts.append(f'      <a href="{escape(revoke_link(m.id))}">{self.gettext("Retirer")}'
                         f'<span class="visually-hidden"> {who}</span></a>')
        if deactivate is not None and user.active and user.id != me:
            parts.append(f'      <form method="post" action="{escape(deactivate(user.id))}" class="inline">\n'
                         f'        {action_tag}<button type="submit" class="link-button">'
                         f'{self.gettext("Désactiver le compte")}<span class="visually-hidden"> {who}</span>'
                         f'</button>\n      </form>')
        parts.append("    </td>\n  </tr>\n")
        return "".join(parts)


def _label(member) -> str:
    return str(member.label)


@bp.app_template_global()
def team_rows(team, revoke_link=None, action_tag=None) -> Markup:
    """For ``auth/_team_table.html``: its rows (``TeamWriter``)."""
    return TeamWriter().rows(team, revoke_link, action_tag)


def _team_page_args(**changes) -> dict:
    """The team page's page arguments (the team's and the invitations'), with some changed."""
    return paging.args_with(TEAM_PAGES, **changes)


@bp.route("/<region_slug>/equipe", methods=["GET", "POST"])
@access("manage_region")
def region_team():
    """Coordinators and partners of the region, 20 a page; its pending invitations, 20 a page; invite new ones."""
    form = InviteForm()
    form.role.choices = choices((r.value, r.label) for r in (Role.COORDINATOR, Role.PARTNER))
    if form.validate_on_submit():
        _invite_from(form, region=g.region)
        return redirect(url_for(".region_team", **_team_page_args()))
    team, pages = paging.read(partial(services.region_team, g.region), "page", PER_PAGE)
    pending, pending_pages = paging.read(partial(services.pending_invitations, region=g.region),
                                         "invitations", PER_PAGE)
    return render_template("auth/region_team.html", region=g.region, form=form, team=team, pages=pages,
                           pending=pending, pending_pages=pending_pages, action=ActionForm(),
                           page_args=_team_page_args, page_url=paging.links(TEAM_PAGES))


def _confirm_revoke(membership: Membership, where: str, back: str):
    """The confirmation page before a role is taken away: whose, which, what it opens no more.
    The form posts to this URL with its query string: the page of the list to come back to."""
    return render_template(
        "confirm.html", region=g.region, form=ActionForm(), action_url=request.full_path.rstrip("?"), back_url=back,
        heading=_("Retirer le rôle de %(name)s ?", name=membership.user.name), lead=None,
        effects=[_("%(name)s perd le rôle « %(role)s » (%(where)s) et les accès qu'il donne ; son compte reste "
                   "actif. Il faudra une nouvelle invitation pour le lui rendre.", name=membership.user.name,
                   role=membership.role.label, where=where)],
        mailed=[], mailed_count=0, button=_("Retirer ce rôle"))


@bp.route("/<region_slug>/equipe/<int:membership_id>/retirer", methods=["GET", "POST"])
@access("manage_region")
def region_revoke(membership_id: int):
    """Remove a coordinator or partner role from this region (after a confirmation page)."""
    membership = in_region_or_404(g.region, Membership, Membership.id == membership_id,
                                  Membership.role.in_([Role.COORDINATOR, Role.PARTNER]))
    back = url_for(".region_team", **_team_page_args())  # the page of the team the link was on
    if not confirmed(ActionForm()):
        return _confirm_revoke(membership, g.region.name, back)
    services.revoke(membership)
    commit()
    flash(_("Rôle retiré."), "success")
    return redirect(back)


@bp.route("/<region_slug>/annuaire/<slug>/membres", methods=["GET", "POST"])
@access("signed_in")
def ptce_members(slug: str):
    """A PTCE's members; its referents and coordinators invite and remove them."""
    ptce = in_region_or_404(g.region, Ptce, Ptce.slug == slug)
    ensure("manage_ptce_members", ptce)
    form = InviteForm()
    form.role.choices = choices([(Role.PTCE_MEMBER.value, Role.PTCE_MEMBER.label)])
    del form.partner_kind  # not shown here: an absent select must not fail validation
    if form.validate_on_submit():
        _invite_from(form, ptce=ptce)
        return redirect(url_for(".ptce_members", slug=ptce.slug))
    return render_template("auth/ptce_members.html", region=g.region, ptce=ptce, form=form,
                           members=services.ptce_members(ptce), action=ActionForm(),
                           pending=services.pending_invitations(ptce=ptce))


@bp.route("/<region_slug>/annuaire/<slug>/membres/<int:membership_id>/retirer", methods=["GET", "POST"])
@access("signed_in")
def ptce_revoke(slug: str, membership_id: int):
    """Remove someone from a PTCE (after a confirmation page)."""
    ptce = in_region_or_404(g.region, Ptce, Ptce.slug == slug)
    ensure("manage_ptce_members", ptce)
    membership = db.first_or_404(sa.select(Membership).where(Membership.id == membership_id,
                                                             Membership.ptce_id == ptce.id))
    if not confirmed(ActionForm()):
        return _confirm_revoke(membership, ptce.name, url_for(".ptce_members", slug=ptce.slug))
    name = membership.user.name
    services.revoke(membership)
    commit()
    flash(_("%(name)s ne fait plus partie du PTCE.", name=name), "success")
    return redirect(url_for(".ptce_members", slug=ptce.slug))


@bp.route("/conseil/equipe", methods=["GET", "POST"])
@access("council_admin")
def council_team():
    """The national council's people; an admin invites admins and observers."""
    form = InviteForm()
    form.role.choices = choices((r.value, r.label) for r in (Role.COUNCIL_ADMIN, Role.COUNCIL_OBSERVER))
    del form.partner_kind, form.referent  # not shown here: absent fields must not fail validation
    if form.validate_on_submit():
        _invite_from(form)
        return redirect(url_for(".council_team"))
    return render_template("auth/council_team.html", form=form, team=services.council_team(),
                           action=ActionForm(), pending=services.pending_invitations())


@bp.post("/conseil/personnes/<int:user_id>/desactiver")
@access("council_admin")
def deactivate(user_id: int):
    """Close an account: it can no longer sign in and its open sessions end."""
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        refuse(_("Vous ne pouvez pas désactiver votre propre compte."))
    elif ActionForm().validate_on_submit():
        services.deactivate(user)
        commit()
        flash(elide(_("Le compte de %(name)s est désactivé.", name=user.name)), "success")
    return redirect(url_for(".council_team"))
