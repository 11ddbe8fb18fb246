"""Who may register for a visit: the audiences a visit is open to."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from ...templating import localdatetime, zonename, zonetime
from ..auth.models import Role, User
from ..directory.models import Ptce
from .models import Visit, VisitStatus


class RegistrationError(ValueError):
    """A registration that cannot be made as asked; the message is French and says why."""


def eligible_ptce(visit: Visit, user: User) -> tuple[bool, Ptce | None]:
    """``(True, ptce)`` if ``user`` may register (``ptce`` None for a partner), else ``(False, None)``.

    A member of a PTCE of the region comes first, then a partner of the
    region, then a member of another region's PTCE when the visit is open to them.
    """
    members = [m for m in user.roles(Role.PTCE_MEMBER) if m.ptce is not None]
    if visit.open_to_members:
        for m in members:
            if m.region_id == visit.region_id:
                return True, m.ptce
    if visit.open_to_partners and any(m.region_id == visit.region_id for m in user.roles(Role.PARTNER)):
        return True, None
    if visit.open_to_other_regions:
        for m in members:
            if m.region_id != visit.region_id:
                return True, m.ptce
    return False, None


def ptce_allowed(visit: Visit, ptce: Ptce) -> bool:
    """Whether members of this PTCE are among the visit's audience."""
    if ptce.region_id == visit.region_id:
        return visit.open_to_members
    return visit.open_to_other_regions


def check_ptce_allowed(visit: Visit, ptce: Ptce) -> None:
    if not ptce_allowed(visit, ptce):
        raise RegistrationError(_("Cette visite n'est pas ouverte aux membres de ce PTCE."))


def closed_reason(visit: Visit, now: datetime) -> str:
    """Why registration is not open at ``now``, in French, with the opening date when it is to come."""
    if visit.status is VisitStatus.PUBLISHED and now < visit.starts_at and visit.registration_opens_at \
            and now < visit.registration_opens_at:
        return _("Les inscriptions à cette visite ne sont pas encore ouvertes : elles ouvrent le %(when)s, "
                 "%(zone)s.", when=localdatetime(visit.registration_opens_at, visit.region),
                 zone=zonetime(visit.region, visit.registration_opens_at))
    if visit.status is VisitStatus.PUBLISHED and now < visit.starts_at:
        return _("Les inscriptions à cette visite sont closes.")
    return _("Les inscriptions à cette visite ne sont pas ouvertes.")
