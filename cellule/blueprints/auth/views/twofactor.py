"""Two-factor pages: the code step of sign-in, forced enrolment, and the profile settings."""
from __future__ import annotations

from functools import wraps

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ....database import commit
from ....extensions import limiter
from ....l10n import ngettext
from ....permissions import access
from ....urls import safe_next
from ....outcomes import refuse
from .. import twofactor
from ..forms import ActionForm, TwoFactorDisableForm, TwoFactorForm, TwoFactorSetupForm
from . import bp
from .signin import PENDING, finish_sign_in, pending_key, pending_user

SETUP = "2fa_setup_secret"


def _two_factor_limit() -> str:
    return current_app.config["RATELIMIT_TWO_FACTOR"]


def _expired():
    session.pop(PENDING, None)
    refuse(_("La vérification a expiré. Saisissez à nouveau votre adresse et votre mot de passe."))
    return redirect(url_for(".login"))


def _setup_secret() -> str:
    """The secret being enrolled, kept in the (signed) session until a code confirms it.

    Nothing is written to the database before confirmation, so showing the
    QR code is a harmless GET.
    """
    secret = session.get(SETUP)
    if not secret:
        secret = session[SETUP] = twofactor.new_secret()
    return secret


def _code_step(path: str, enrol: bool):
    """A sign-in step that takes a code: public, rate-limited per client and per pending sign-in.

    The view is called with the pending user and their sign-in marker; without one (or when it
    has expired) the person is sent back to the sign-in page.
    """
    def decorate(view):
        @wraps(view)
        def with_pending():
            user, marker = pending_user(enrol=enrol)
            if user is None:
                return _expired()
            return view(user, marker)

        limited = limiter.limit(_two_factor_limit, methods=["POST"], key_func=pending_key)(with_pending)
        limited = limiter.limit(_two_factor_limit, methods=["POST"])(limited)
        return bp.route(path, methods=["GET", "POST"])(access("public")(limited))

    return decorate


@_code_step("/connexion/verification", enrol=False)
def two_factor(user, marker):
    """Second step of sign-in: the code from the authenticator app, or a recovery code."""
    form = TwoFactorForm()
    if form.validate_on_submit():
        if twofactor.verify(user, form.code.data):
            finish_sign_in(user, "totp")
            commit()
            remaining = twofactor.remaining_recovery_codes(user)
            if remaining <= 3:
                flash(ngettext("Il vous reste %(num)s code de secours : générez-en de nouveaux depuis votre profil.",
                               "Il vous reste %(num)s codes de secours : générez-en de nouveaux depuis votre profil.",
                               remaining), "warning")
            return redirect(safe_next(marker.get("next")))
        commit()  # the failed attempt stays in the audit log
        form.code.errors.append(_("Ce code n'est pas valable. Vérifiez l'heure de votre téléphone et "
                                  "saisissez le code affiché maintenant."))
    return render_template("auth/two_factor.html", form=form)


@_code_step("/connexion/activation-double-authentification", enrol=True)
def two_factor_enrol(user, marker):
    """Forced enrolment for roles that require two-factor sign-in, right after the password."""
    secret = _setup_secret()
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        codes = twofactor.enable(user, secret, form.code.data)
        if codes is not None:
            finish_sign_in(user, "totp_enrolment")
            commit()
            return render_template("auth/recovery_codes.html", codes=codes, next=safe_next(marker.get("next")))
        form.code.errors.append(_("Ce code ne correspond pas. Vérifiez que le compte a bien été ajouté "
                                  "et que l'heure de votre téléphone est juste."))
    return render_template("auth/two_factor_setup.html", form=form, forced=True, secret=secret,
                           key=twofactor.grouped(secret), qr=twofactor.qr_svg(user, secret))


@bp.route("/profil/double-authentification", methods=["GET", "POST"])
@access("signed_in")
@limiter.limit(_two_factor_limit, methods=["POST"])
def two_factor_settings():
    """Turn two-factor sign-in on (anyone) or off (when no role requires it); new recovery codes."""
    user = current_user._get_current_object()
    if user.has_two_factor:
        return render_template("auth/two_factor_settings.html", user=user, action=ActionForm(),
                               disable_form=TwoFactorDisableForm(), required=user.needs_two_factor(),
                               remaining=twofactor.remaining_recovery_codes(user))
    secret = _setup_secret()
    form = TwoFactorSetupForm()
    if form.validate_on_submit():
        codes = twofactor.enable(user, secret, form.code.data)
        if codes is not None:
            session.pop(SETUP, None)
            commit()
            flash(_("La double authentification est activée."), "success")
            return render_template("auth/recovery_codes.html", codes=codes, next=url_for(".profile"))
        form.code.errors.append(_("Ce code ne correspond pas. Vérifiez que le compte a bien été ajouté "
                                  "et que l'heure de votre téléphone est juste."))
    return render_template("auth/two_factor_setup.html", form=form, forced=False, secret=secret,
                           key=twofactor.grouped(secret), qr=twofactor.qr_svg(user, secret))


@bp.post("/profil/double-authentification/codes-de-secours")
@access("signed_in")
def two_factor_new_codes():
    """Replace the recovery codes (the old ones stop working)."""
    user = current_user._get_current_object()
    if not user.has_two_factor or not ActionForm().validate_on_submit():
        return redirect(url_for(".two_factor_settings"))
    codes = twofactor.regenerate_recovery_codes(user)
    commit()
    return render_template("auth/recovery_codes.html", codes=codes, next=url_for(".two_factor_settings"))


@bp.post("/profil/double-authentification/desactiver")
@access("signed_in")
@limiter.limit(_two_factor_limit)
def two_factor_disable():
    """Turn two-factor sign-in off: password and a code required; impossible when a role requires it."""
    user = current_user._get_current_object()
    form = TwoFactorDisableForm()
    if not user.has_two_factor:
        return redirect(url_for(".two_factor_settings"))
    if user.needs_two_factor():
        refuse(_("Votre rôle impose la double authentification : elle ne peut pas être désactivée."))
    elif form.validate_on_submit() and user.check_password(form.password.data) \
            and twofactor.verify(user, form.code.data):
        twofactor.disable(user)
        commit()
        flash(_("La double authentification est désactivée."), "success")
    else:
        commit()  # keep the failed attempt in the audit log
        refuse(_("Mot de passe ou code incorrect : la double authentification reste active."),
               form.password.id)
    return redirect(url_for(".two_factor_settings"))


# Pages a signed-in person may still reach before enrolling a required second factor.
_ENROLMENT_OPEN = {"auth.two_factor_settings", "auth.logout", "static", "core.healthz", "core.readyz",
                   "core.set_language", "privacy.policy"}


@bp.before_app_request
def require_enrolment():
    """A session opened before a role required two-factor sign-in (or before it was granted)
    goes no further than the enrolment page until a second factor is set up."""
    if request.endpoint in _ENROLMENT_OPEN or not current_user.is_authenticated:
        return None
    if current_user.needs_two_factor() and not current_user.has_two_factor:
        flash(_("Votre rôle impose la double authentification : activez-la pour continuer."), "warning")
        return redirect(url_for("auth.two_factor_settings"))
    return None
