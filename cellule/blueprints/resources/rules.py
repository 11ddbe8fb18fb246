"""Named permission rules of the resource sheets, usable in views (ensure) and templates (can)."""
from __future__ import annotations

from ...permissions import rule
from ..auth.models import Role
from .reference import Scope, SheetStatus


@rule("edit_sheet")
def _edit_sheet(user, sheet) -> bool:
    """Coordinators of a regional sheet's region, the council admins, a draft's authors."""
    return sheet.can_edit(user)


@rule("manage_sheet")
def _manage_sheet(user, sheet) -> bool:
    """Publish, archive, accept or decline proposed changes."""
    return sheet.can_manage(user)


@rule("view_sheet")
def _view_sheet(user, sheet) -> bool:
    return sheet.can_view(user)


@rule("propose_sheet_change")
def _propose_change(user, sheet) -> bool:
    return sheet.can_propose_change(user)


@rule("contribute_sheets")
def _contribute(user, region) -> bool:
    """Write a new sheet in a region: its coordinators (directly) and PTCE members (as drafts)."""
    if region is None:
        return user.is_council_admin
    return (user.is_council_admin or user.coordinates(region.id)
            or any(m.region_id == region.id for m in user.roles(Role.PTCE_MEMBER)))


@rule("propose_national")
def _propose_national(user, sheet) -> bool:
    """A coordinator of the sheet's region offers a published regional sheet to the nation."""
    return (sheet.scope is Scope.REGIONAL and sheet.status is SheetStatus.PUBLISHED
            and sheet.region_id is not None and (user.coordinates(sheet.region_id) or user.is_council_admin))
