"""Reference lists of resource sheets: categories, scopes and states, with their French labels."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...enums import LabelledEnum
from ...lifecycle import Lifecycle


class Category(LabelledEnum):
    """What a sheet is about (the support services of the 2021 report, proposal 8)."""

    LEGAL = "legal", _l("Juridique")
    FUNDING = "funding", _l("Modèle économique et financement")
    SETUP = "setup", _l("Mise en place de la coopération")
    GOVERNANCE = "governance", _l("Gouvernance")
    COMMUNICATION = "communication", _l("Communication")
    ANIMATION = "animation", _l("Animation de la coopération")
    EVALUATION = "evaluation", _l("Évaluation")
    LOCAL_AUTHORITIES = "local_authorities", _l("Relations avec les collectivités")
    SECTOR_GUIDE = "sector_guide", _l("Guides sectoriels")


class Scope(LabelledEnum):
    """Whether a sheet belongs to a region's library or to the national library."""

    REGIONAL = "regional", _l("Régionale")
    NATIONAL = "national", _l("Nationale")


class SheetStatus(Lifecycle):
    DRAFT = "draft", _l("Brouillon")
    PUBLISHED = "published", _l("Publiée")
    ARCHIVED = "archived", _l("Archivée")


# Archiving is how a sheet is "deleted"; nothing is ever removed.
SheetStatus.allow(
    publish=({SheetStatus.DRAFT, SheetStatus.ARCHIVED}, SheetStatus.PUBLISHED),
    archive=({SheetStatus.DRAFT, SheetStatus.PUBLISHED}, SheetStatus.ARCHIVED),
)


class RevisionState(Lifecycle):
    """A revision either became the sheet's content, or is a proposal awaiting review."""

    APPLIED = "applied", _l("Appliquée")
    PROPOSED = "proposed", _l("Proposée")
    ACCEPTED = "accepted", _l("Acceptée")   # a proposal whose content became a new applied revision
    DECLINED = "declined", _l("Refusée")


RevisionState.allow(
    accept=({RevisionState.PROPOSED}, RevisionState.ACCEPTED),
    decline=({RevisionState.PROPOSED}, RevisionState.DECLINED),
)


class ProposalStatus(Lifecycle):
    """A regional sheet proposed to the national library."""

    PENDING = "pending", _l("En attente")
    ACCEPTED = "accepted", _l("Acceptée")
    DECLINED = "declined", _l("Refusée")


ProposalStatus.allow(
    accept=({ProposalStatus.PENDING}, ProposalStatus.ACCEPTED),
    decline=({ProposalStatus.PENDING}, ProposalStatus.DECLINED),
)


# What a revision did, when the app made it rather than an editor's own words: stored as a
# code (with its arguments) and put into words in the reader's language when shown.
REVISION_ACTIONS = {
    "created": _l("Création de la fiche"),
    "restored": _l("Restauration de la version %(n)s"),
    "attachment_added": _l("Ajout de la pièce jointe %(name)s"),
    "attachment_removed": _l("Retrait de la pièce jointe %(name)s"),
    # the proposal's own row in the history names its author: no copy of the name here
    "proposal_accepted": _l("Proposition n° %(n)s acceptée"),
}
