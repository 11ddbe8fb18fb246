"""Guarded lifecycles: an enum carries its move table, and every illegal move raises one error.

A lifecycle is a LabelledEnum whose moves are declared once, right after its members:

    class VisitStatus(Lifecycle):
        DRAFT = "draft", _l("Brouillon")
        PUBLISHED = "published", _l("Publiée")

    VisitStatus.allow(publish=({VisitStatus.DRAFT}, VisitStatus.PUBLISHED))

Each action names the states it may start from and the state it leads to.
``status.can_move("publish")`` asks; ``status.move("publish")`` returns the state the
action leads to, or raises IllegalTransition. The model applies the result and does what
else the move implies (a timestamp, a sequence number), so the rule lives in the table.
"""
from __future__ import annotations

from collections.abc import Iterable

from .enums import LabelledEnum


class IllegalTransition(Exception):
    """A move the current state does not allow.

    Raised with a French (lazy) message where the views show ``str(exc)`` to the person who
    asked; otherwise with a technical description for the logs (a stale form, a programming error).
    """


class Lifecycle(LabelledEnum):
    """A LabelledEnum with a move table: action → (states it may start from, state it leads to)."""

    @classmethod
    def allow(cls, **actions: tuple[Iterable[Lifecycle], Lifecycle]) -> None:
        """Declare the lifecycle's moves (once, after the members)."""
        table = {}
        for action, (sources, target) in actions.items():
            sources = frozenset(sources)
            if not all(isinstance(state, cls) for state in (*sources, target)):
                raise TypeError(f"{cls.__name__}.{action}: states must be {cls.__name__} members")
            table[action] = (sources, target)
        cls.__moves__ = table

    @classmethod
    def actions(cls) -> list[str]:
        """The names of the lifecycle's moves, in declaration order."""
        return list(cls.__moves__)

    def can_move(self, action: str) -> bool:
        """Whether ``action`` may start from this state."""
        return self in type(self).__moves__[action][0]

    def move(self, action: str, refusal=None) -> Lifecycle:
        """The state ``action`` leads to from this one; raises IllegalTransition (with ``refusal``
        as its message when given) if the action may not start here."""
        if not self.can_move(action):
            raise IllegalTransition(refusal if refusal is not None
                                    else f"{type(self).__name__}: cannot {action} from {self.value}")
        return type(self).__moves__[action][1]
