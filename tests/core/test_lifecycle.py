"""The transition helper: a move table on the enum, can_move/move, one IllegalTransition."""
from __future__ import annotations

import pytest

from cellule.lifecycle import IllegalTransition, Lifecycle


class Door(Lifecycle):
    SHUT = "shut"
    OPEN = "open"
    LOCKED = "locked"


Door.allow(open=({Door.SHUT}, Door.OPEN), shut=({Door.OPEN}, Door.SHUT), lock=({Door.SHUT}, Door.LOCKED))


def test_a_legal_move_gives_the_state_it_leads_to():
    assert Door.SHUT.move("open") is Door.OPEN
    assert Door.OPEN.move("shut") is Door.SHUT
    assert Door.actions() == ["open", "shut", "lock"]


def test_an_illegal_move_raises_with_the_given_refusal_or_a_technical_description():
    assert not Door.LOCKED.can_move("open") and Door.SHUT.can_move("lock")
    with pytest.raises(IllegalTransition, match="Door: cannot open from locked"):
        Door.LOCKED.move("open")
    with pytest.raises(IllegalTransition) as refused:
        Door.OPEN.move("lock", "Fermez d'abord la porte.")
    assert str(refused.value) == "Fermez d'abord la porte."


def test_a_move_table_names_only_its_own_states():
    class Window(Lifecycle):
        SHUT = "shut"

    with pytest.raises(TypeError):
        Window.allow(open=({Window.SHUT}, Door.OPEN))
