"""The audit actions of the foundation and of privacy, with their French labels.

Features that record their own events (API token issuance, exports,
forwarding …) register them the same way: ``register_action(code, _l(label))``.
"""
from flask_babel import lazy_gettext as _l

from .services import register_action

SIGNIN = register_action("auth.signin", _l("Connexion"))
SIGNIN_FAILED = register_action("auth.signin_failed", _l("Échec de connexion"))
SIGNOUT = register_action("auth.signout", _l("Déconnexion"))
TWO_FACTOR_FAILED = register_action("auth.2fa_failed", _l("Code de double authentification refusé"))
TWO_FACTOR_ENROLLED = register_action("auth.2fa_enrolled", _l("Double authentification activée"))
TWO_FACTOR_DISABLED = register_action("auth.2fa_disabled", _l("Double authentification désactivée"))
RECOVERY_CODE_USED = register_action("auth.recovery_code_used", _l("Code de secours utilisé"))
PASSWORD_CHANGED = register_action("auth.password_changed", _l("Mot de passe changé"))
PASSWORD_RESET = register_action("auth.password_reset", _l("Mot de passe réinitialisé"))
ROLE_GRANTED = register_action("role.granted", _l("Rôle attribué"))
ROLE_REVOKED = register_action("role.revoked", _l("Rôle retiré"))
INVITATION_SENT = register_action("invitation.sent", _l("Invitation envoyée"))
INVITATION_ACCEPTED = register_action("invitation.accepted", _l("Invitation acceptée"))
ACCOUNT_DEACTIVATED = register_action("account.deactivated", _l("Compte désactivé"))
ACCESS_DENIED = register_action("access.denied", _l("Accès refusé"))
DATA_EXPORTED = register_action("privacy.export", _l("Téléchargement de ses données"))
ACCOUNT_DELETED = register_action("privacy.account_deleted", _l("Compte supprimé et anonymisé"))
