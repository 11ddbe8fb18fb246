"""The two lifecycles of data collection, as enums with guarded moves.

A response goes not_started → draft → submitted → (returned ↔ submitted) →
validated → forwarded. Until it is reviewed, the PTCE may withdraw its
submission (submitted → draft) to change its answers. A validated or forwarded response can be reopened
(→ returned) when a correction is needed; the next forwarding then makes a new
snapshot version and never changes the earlier one.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ...lifecycle import Lifecycle


class CampaignStatus(Lifecycle):
    DRAFT = "draft", _l("En préparation")
    OPEN = "open", _l("Ouverte")
    CLOSED = "closed", _l("Close")


CampaignStatus.allow(
    open=({CampaignStatus.DRAFT, CampaignStatus.CLOSED}, CampaignStatus.OPEN),
    close=({CampaignStatus.OPEN}, CampaignStatus.CLOSED),
)


class ResponseStatus(Lifecycle):
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


ResponseStatus.allow(
    start=({ResponseStatus.NOT_STARTED}, ResponseStatus.DRAFT),
    submit=({ResponseStatus.DRAFT, ResponseStatus.RETURNED}, ResponseStatus.SUBMITTED),
    withdraw=({ResponseStatus.SUBMITTED}, ResponseStatus.DRAFT),
    send_back=({ResponseStatus.SUBMITTED}, ResponseStatus.RETURNED),
    validate=({ResponseStatus.SUBMITTED}, ResponseStatus.VALIDATED),
    forward=({ResponseStatus.VALIDATED}, ResponseStatus.FORWARDED),
    reopen=({ResponseStatus.VALIDATED, ResponseStatus.FORWARDED}, ResponseStatus.RETURNED),
)
