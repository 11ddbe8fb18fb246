"""Reference lists of resource sheets: categories, scopes and states, with their French labels."""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Category(enum.Enum):
    """What a sheet is about (the support services of the 2021 report, proposal 8)."""

    LEGAL = "legal"
    FUNDING = "funding"
    SETUP = "setup"
    GOVERNANCE = "governance"
    COMMUNICATION = "communication"
    ANIMATION = "animation"
    EVALUATION = "evaluation"
    LOCAL_AUTHORITIES = "local_authorities"
    SECTOR_GUIDE = "sector_guide"

    @property
    def label(self):
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.LEGAL: _l("Juridique"),
    Category.FUNDING: _l("Modèle économique et financement"),
    Category.SETUP: _l("Mise en place de la coopération"),
    Category.GOVERNANCE: _l("Gouvernance"),
    Category.COMMUNICATION: _l("Communication"),
    Category.ANIMATION: _l("Animation de la coopération"),
    Category.EVALUATION: _l("Évaluation"),
    Category.LOCAL_AUTHORITIES: _l("Relations avec les collectivités"),
    Category.SECTOR_GUIDE: _l("Guides sectoriels"),
}


class Scope(enum.Enum):
    """Whether a sheet belongs to a region's library or to the national library."""

    REGIONAL = "regional"
    NATIONAL = "national"

    @property
    def label(self):
        return SCOPE_LABELS[self]


SCOPE_LABELS = {Scope.REGIONAL: _l("Régionale"), Scope.NATIONAL: _l("Nationale")}


class SheetStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    SheetStatus.DRAFT: _l("Brouillon"),
    SheetStatus.PUBLISHED: _l("Publiée"),
    SheetStatus.ARCHIVED: _l("Archivée"),
}


class RevisionState(enum.Enum):
    """A revision either became the sheet's content, or is a proposal awaiting review."""

    APPLIED = "applied"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"   # a proposal whose content became a new applied revision
    DECLINED = "declined"


class ProposalStatus(enum.Enum):
    """A regional sheet proposed to the national library."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self):
        return PROPOSAL_LABELS[self]


PROPOSAL_LABELS = {
    ProposalStatus.PENDING: _l("En attente"),
    ProposalStatus.ACCEPTED: _l("Acceptée"),
    ProposalStatus.DECLINED: _l("Refusée"),
}


class IllegalTransition(Exception):
    """A lifecycle move that the current state does not allow."""


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
