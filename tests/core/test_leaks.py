"""The leak checks of tests/leaks.py find what they are meant to find, and only that."""
from __future__ import annotations

import os
import socket
import threading
import time

import pytest

from tests import leaks


def test_a_socket_only_a_reference_cycle_holds_is_reported_and_closed():
    left, right = socket.socketpair()
    with right:
        reader = left.makefile("rb")
        left.close()  # as urllib does: the socket is closed, the response's file still holds it
        fd = reader.fileno()
        cycle = {"response": reader}
        cycle["itself"] = cycle  # as pytest.raises kept an HTTPError: reachable from nothing
        del reader, cycle, left
        found = leaks.sockets_in_garbage()
    assert [f for f in found if f"fd={fd}," in f and "[closed]" in f]
    with pytest.raises(OSError):
        os.fstat(fd)  # closed now, by the check rather than by some later collection


def test_a_socket_still_in_use_is_not_reported():
    left, right = socket.socketpair()
    with left, right:
        found = leaks.sockets_in_garbage()
        assert not [f for f in found if f"fd={left.fileno()}," in f or f"fd={right.fileno()}," in f]
        left.sendall(b"ok")
        assert right.recv(2) == b"ok"


def test_a_finishing_thread_is_waited_for_and_a_stuck_one_reported():
    release = threading.Event()
    stuck = threading.Thread(target=release.wait, name="stuck")
    ending = threading.Thread(target=time.sleep, args=(0.2,), name="ending")
    stuck.start()
    ending.start()
    try:
        assert leaks.still_running([ending, stuck], timeout=2) == [stuck]
        assert not ending.is_alive()
    finally:
        release.set()
        stuck.join()
