"""Sign-in, sign-out, password reset, invitations and the profile page."""
from __future__ import annotations

from functools import wraps

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ....database import commit
from ....extensions import limiter
from ....i18n import force_locale, remember_language
from ....permissions import access
from ....urls import safe_next
from ...audit import actions, services as audit
from .. import services
from ..forms import (AcceptInvitationForm, ActionForm, ChangePasswordForm, ForgotForm, LoginForm,
                     NewPasswordForm, ProfileForm)
from ..models import TokenKind
from . import bp
from .signin import begin_sign_in, start_session as _start_session


def _signin_limit() -> str:
    return current_app.config["RATELIMIT_SIGNIN"]


@bp.route("/connexion", methods=["GET", "POST"])
@access("public")
@limiter.limit(_signin_limit, methods=["POST"])
def login():
    """Sign in. The same message answers an unknown email and a wrong password.

    People with two-factor sign-in (or whose role requires it) continue to the
    code page; the audit log records both successes and failures.
    """
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None and user.active and user.check_password(form.password.data):
            response = begin_sign_in(user, request.args.get("next"))
            commit()
            return response
        reason = "unknown_account" if user is None else ("inactive" if not user.active else "bad_password")
        audit.record(actions.SIGNIN_FAILED, actor=user, details={"reason": reason})
        commit()
        # Both fields are marked: the message must not tell which one was wrong.
        refused = _("Adresse ou mot de passe incorrect.")
        form.email.errors.append(refused)
        form.password.errors.append(refused)
    return render_template("auth/login.html", form=form)


@bp.post("/deconnexion")
@access("signed_in")
def logout():
    """Sign out everywhere: the session version changes, so copied cookies stop working."""
    current_user.end_sessions()
    audit.record(actions.SIGNOUT)
    commit()
    logout_user()
    session.clear()
    flash(_("Vous êtes déconnecté·e."), "success")
    return redirect(url_for("core.home"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@access("public")
@limiter.limit(_signin_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not the account exists."""
    form = ForgotForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        commit()
        flash(_("Si un compte existe pour cette adresse, un lien de réinitialisation vient d'y être "
                "envoyé. Il est valable 2 heures."), "success")
        return redirect(url_for(".login"))
    return render_template("auth/forgot.html", form=form)


def _link_page(path: str, kind: TokenKind):
    """A public page opened from a mailed single-use link: the view gets the live token, else a 404 page."""
    def decorate(view):
        @wraps(view)
        def redeemed(token: str):
            live = services.redeem(kind, token)
            if live is None:
                return render_template("auth/link_invalid.html"), 404
            return view(live)

        return bp.route(path, methods=["GET", "POST"])(access("public")(redeemed))

    return decorate


@_link_page("/mot-de-passe/<token>", TokenKind.PASSWORD_RESET)
def reset_password(live):
    """Choose a new password from a single-use link."""
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = services.reset_password(live, form.password.data)
        response = begin_sign_in(user, None, method="password_reset")
        commit()
        flash(_("Votre mot de passe a été changé."), "success")
        return response
    return render_template("auth/reset.html", form=form)


@_link_page("/invitation/<token>", TokenKind.INVITATION)
def accept_invitation(live):
    """Accept an invitation: create the account (or add the role to an existing one)."""
    existing = services.find_user(live.email)
    if existing is not None and existing.password_hash:
        # The person already has an account: a click on the link is enough.
        form = None
        if request.method == "POST":
            user = services.accept_invitation(live, None, None)
            response = redirect(url_for("core.home"))
            if user.active and (not current_user.is_authenticated or current_user.id != user.id):
                response = begin_sign_in(user, None, method="invitation")
            commit()
            flash(_("Votre nouveau rôle est actif."), "success")
            return response
    else:
        form = AcceptInvitationForm(name=live.name) if request.method == "GET" else AcceptInvitationForm()
        if form.validate_on_submit():
            user = services.accept_invitation(live, form.name.data, form.password.data)
            response = begin_sign_in(user, None, method="invitation")
            commit()
            flash(_("Bienvenue ! Votre compte est créé."), "success")
            return response
    return render_template("auth/invitation.html", invitation=live, form=form, confirm=ActionForm())


@bp.route("/profil", methods=["GET", "POST"])
@access("signed_in")
def profile():
    """My name, language and password, and the roles I hold."""
    form = ProfileForm(obj=current_user, prefix="profile")
    password_form = ChangePasswordForm(prefix="password")
    if request.method == "POST" and "profile-name" in request.form and form.validate():
        current_user.name = form.name.data.strip()
        current_user.locale = form.locale.data
        commit()
        with force_locale(form.locale.data):
            flash(_("Profil enregistré."), "success")
        response = redirect(url_for(".profile"))
        remember_language(response, form.locale.data)  # the switcher's cookie must not undo this at sign-in
        return response
    if request.method == "POST" and "password-current" in request.form and password_form.validate():
        if not current_user.check_password(password_form.current.data):
            password_form.current.errors.append(_("Le mot de passe actuel est incorrect."))
        else:
            user = current_user._get_current_object()
            user.set_password(password_form.password.data)
            user.end_sessions()
            _start_session(user)
            audit.record(actions.PASSWORD_CHANGED, actor=user, target=user)
            commit()
            flash(_("Mot de passe changé. Vos autres sessions ont été fermées."), "success")
            return redirect(url_for(".profile"))
    return render_template("auth/profile.html", form=form, password_form=password_form)
