"""French sentences that say why a person waits for a seat, shared by pages and emails."""
from __future__ import annotations

from flask_babel import gettext as _

from ...templating import localdatetime, zonetime

# Why a person cannot take a seat now (seats.seat_refusal); the waitlist message and mail say which.
FULL, PTCE_CAP, RESERVED = "full", "ptce_cap", "reserved"


def waiting_message(visit, reason: str | None, position: int | None) -> str:
    """The true reason a person is on the waitlist (full, PTCE cap, seats held for emerging PTCE)."""
    if reason == PTCE_CAP:
        why = _("Votre PTCE a atteint le nombre maximum de places par PTCE pour cette visite (%(cap)s).",
                cap=visit.per_ptce_cap)
    elif reason == RESERVED and visit.reserved_until:
        why = _("Les places encore libres sont réservées aux PTCE émergents jusqu'au %(when)s, "
                "%(zone)s.", when=localdatetime(visit.reserved_until, visit.region),
                zone=zonetime(visit.region, visit.reserved_until))
    elif reason == RESERVED:
        why = _("Les places encore libres sont réservées aux PTCE émergents.")
    else:
        why = _("La visite est complète.")
    return _("%(why)s Inscription sur la liste d'attente, en position %(n)s.", why=why, n=position or "—")
