"""The two lifecycles of data collection, as enums with guarded moves.

A response goes not_started → draft → submitted → (returned ↔ submitted) →
validated → forwarded. A validated or forwarded response can be reopened
(→ returned) when a correction is needed; the next forwarding then makes a new
snapshot version and never changes the earlier one.
"""
from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class IllegalTransition(Exception):
    """A move the lifecycle does not allow from the current state."""

    def __init__(self, current, action: str):
        super().__init__(f"cannot {action} from {current.value}")
        self.current = current
        self.action = action


class CampaignStatus(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self):
        return {CampaignStatus.DRAFT: _l("En préparation"), CampaignStatus.OPEN: _l("Ouverte"),
                CampaignStatus.CLOSED: _l("Close")}[self]


CAMPAIGN_MOVES = {
    "open": ({CampaignStatus.DRAFT, CampaignStatus.CLOSED}, CampaignStatus.OPEN),
    "close": ({CampaignStatus.OPEN}, CampaignStatus.CLOSED),
}


class ResponseStatus(enum.Enum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VALIDATED = "validated"
    FORWARDED = "forwarded"

    @property
    def label(self):
        return RESPONSE_LABELS[self]

    @property
    def editable(self) -> bool:
        """Whether the PTCE may change its answers in this state."""
        return self in (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT, ResponseStatus.RETURNED)


RESPONSE_LABELS = {
    ResponseStatus.NOT_STARTED: _l("Non commencé"),
    ResponseStatus.DRAFT: _l("Brouillon"),
    ResponseStatus.SUBMITTED: _l("Soumis"),
    ResponseStatus.RETURNED: _l("Renvoyé pour correction"),
    ResponseStatus.VALIDATED: _l("Validé"),
    ResponseStatus.FORWARDED: _l("Transmis"),
}

S = ResponseStatus
# action → (states it may start from, state it leads to)
RESPONSE_MOVES: dict[str, tuple[set[ResponseStatus], ResponseStatus]] = {
    "start": ({S.NOT_STARTED}, S.DRAFT),
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED),
    "send_back": ({S.SUBMITTED}, S.RETURNED),
    "validate": ({S.SUBMITTED}, S.VALIDATED),
    "forward": ({S.VALIDATED}, S.FORWARDED),
    "reopen": ({S.VALIDATED, S.FORWARDED}, S.RETURNED),
}


def move(current, action: str, moves: dict):
    """The state ``action`` leads to from ``current``; raises IllegalTransition otherwise."""
    sources, target = moves[action]
    if current not in sources:
        raise IllegalTransition(current, action)
    return target
