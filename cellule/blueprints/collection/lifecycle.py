"""The two lifecycles of data collection, as enums with guarded moves.

A response goes not_started → draft → submitted → (returned ↔ submitted) →
validated → forwarded. Until it is reviewed, the PTCE may withdraw its
submission (submitted → draft) to change its answers. A validated or forwarded response can be reopened
(→ returned) when a correction is needed; the next forwarding then makes a new
snapshot version and never changes the earlier one.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...enums import LabelledEnum


class IllegalTransition(Exception):
    """A move the lifecycle does not allow from the current state."""

    def __init__(self, current, action: str):
        super().__init__(f"cannot {action} from {current.value}")
        self.current = current
        self.action = action


class CampaignStatus(LabelledEnum):
    DRAFT = "draft", _l("En préparation")
    OPEN = "open", _l("Ouverte")
    CLOSED = "closed", _l("Close")


CAMPAIGN_MOVES = {
    "open": ({CampaignStatus.DRAFT, CampaignStatus.CLOSED}, CampaignStatus.OPEN),
    "close": ({CampaignStatus.OPEN}, CampaignStatus.CLOSED),
}


class ResponseStatus(LabelledEnum):
    NOT_STARTED = "not_started", _l("Non commencé")
    DRAFT = "draft", _l("Brouillon")
    SUBMITTED = "submitted", _l("Soumis")
    RETURNED = "returned", _l("Renvoyé pour correction")
    VALIDATED = "validated", _l("Validé")
    FORWARDED = "forwarded", _l("Transmis")

    @property
    def editable(self) -> bool:
        """Whether the PTCE may change its answers in this state."""
        return self in (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT, ResponseStatus.RETURNED)


# action → (states it may start from, state it leads to)
RESPONSE_MOVES: dict[str, tuple[set[ResponseStatus], ResponseStatus]] = {
    "start": ({ResponseStatus.NOT_STARTED}, ResponseStatus.DRAFT),
    "submit": ({ResponseStatus.DRAFT, ResponseStatus.RETURNED}, ResponseStatus.SUBMITTED),
    "withdraw": ({ResponseStatus.SUBMITTED}, ResponseStatus.DRAFT),
    "send_back": ({ResponseStatus.SUBMITTED}, ResponseStatus.RETURNED),
    "validate": ({ResponseStatus.SUBMITTED}, ResponseStatus.VALIDATED),
    "forward": ({ResponseStatus.VALIDATED}, ResponseStatus.FORWARDED),
    "reopen": ({ResponseStatus.VALIDATED, ResponseStatus.FORWARDED}, ResponseStatus.RETURNED),
}


def move(current, action: str, moves: dict):
    """The state ``action`` leads to from ``current``; raises IllegalTransition otherwise."""
    sources, target = moves[action]
    if current not in sources:
        raise IllegalTransition(current, action)
    return target
