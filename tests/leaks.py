"""The suite leaves no thread and no socket behind (issue 19).

A fixture or test that starts a server, a thread or a connection and does not stop it
leaves a socket for some later garbage collection, whose ResourceWarning (an error under
``filterwarnings = error``) then fails an unrelated test at random. These checks make such
a leak fail every run instead, and name what was left and where it was opened (run with
``PYTHONTRACEMALLOC=25`` for the allocation traceback):

* after each test, the threads it started have ended;
* after each test that uses a server fixture, no socket of it waits for the garbage
  collector (a full collection costs ~1 s on a loaded machine: not after every test);
* at the end of the session, after every fixture's teardown, no thread and no socket
  opened by the suite remains.

Threads that are finishing get a few seconds to end before they count, so a check never
fails on timing alone.
"""
from __future__ import annotations

import gc
import os
import socket
import sys
import threading
import time
import tracemalloc

import pytest

# Threads that session-scoped fixtures start during the first test that needs them, and
# that rightly live until the session ends (where they are checked like any other):
SESSION_THREADS = (
    "live-server",     # tests/e2e/conftest.py: the live server and its connections' threads
    "asyncio-waitpid",  # asyncio's child watcher of the Playwright driver process
    "asyncio_",        # event loops' default executors: Playwright's loop keeps its own for
                       # the session; aiosmtpd's loop.close() lets its thread end on its own
)
# Fixtures that open servers or connections: after a test using one, look for sockets
# left to the garbage collector.
SERVER_FIXTURES = {"live_server", "smtp_server", "server"}
GRACE_SECONDS = 10
# References to a socket in sockets_in_garbage when nothing else holds it: the list,
# the loop variable and getrefcount's own argument.
_ONLY_HERE = 3


def _socket_inodes() -> set[str]:
    """The sockets this process holds open (Linux); empty where /proc is absent."""
    found = set()
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return found
    for name in names:
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:  # closed meanwhile (e.g. the listdir's own fd)
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


def _describe(sock: socket.socket, shown: str | None = None) -> str:
    where = tracemalloc.get_object_traceback(sock)
    opened = "\n".join(where.format()) if where else "  (set PYTHONTRACEMALLOC=25 to see where it was opened)"
    return f"{shown or repr(sock)}, opened at:\n{opened}"


def _is_socket(obj) -> bool:
    try:
        return isinstance(obj, socket.socket)
    except ReferenceError:  # a dead weakref proxy
        return False


def sockets_in_garbage() -> list[str]:
    """Describe (and close) the open sockets that only reference cycles still hold.

    The collector would close them at some random later moment, with a ResourceWarning
    whenever it finalises the socket before the file object that still holds it. Each
    open socket is held here through one collection: what is then referenced by nothing
    else was garbage, and its describing cannot race the finaliser.
    """
    held = [obj for obj in gc.get_objects() if _is_socket(obj) and obj.fileno() != -1]
    shown = {id(sock): repr(sock) for sock in held}  # before its file object closes it
    gc.collect()
    found = []
    for sock in held:
        if sys.getrefcount(sock) <= _ONLY_HERE:
            found.append(_describe(sock, shown[id(sock)]))
            sock.close()
    return found


def still_running(threads, timeout: float) -> list[threading.Thread]:
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [t for t in threads if t.is_alive()]


def _open_sockets(inodes: set[str]) -> list[str]:
    """Describe the open sockets among ``inodes``, through the Python objects holding them."""
    by_inode = {}
    for obj in gc.get_objects():
        if _is_socket(obj) and obj.fileno() != -1:
            try:
                by_inode[os.readlink(f"/proc/self/fd/{obj.fileno()}")] = obj
            except OSError:
                continue
    return [_describe(by_inode[i]) if i in by_inode else f"{i} (not a Python socket object)"
            for i in sorted(inodes)]


@pytest.fixture(scope="session", autouse=True)
def _nothing_left_at_session_end():
    """Set up before every other session fixture, so torn down after all of them."""
    threads, inodes = set(threading.enumerate()), _socket_inodes()
    yield
    problems = [f"thread still running: {t!r}"
                for t in still_running([t for t in threading.enumerate() if t not in threads], GRACE_SECONDS)]
    problems += [f"socket left to the garbage collector: {s}" for s in sockets_in_garbage()]
    deadline = time.monotonic() + GRACE_SECONDS
    while (left := _socket_inodes() - inodes) and time.monotonic() < deadline:
        time.sleep(0.2)
    problems += [f"socket still open: {s}" for s in _open_sockets(left)]
    if problems:
        pytest.fail("the test suite left these behind (a fixture or test opened them and did not close them):\n"
                    + "\n".join(problems), pytrace=False)


@pytest.fixture(autouse=True)
def _nothing_left_by_the_test(request):
    """The threads a test starts end with it; a test using a server leaves no socket to the GC."""
    before = set(threading.enumerate())
    yield
    started = [t for t in threading.enumerate()
               if t not in before and not t.name.startswith(SESSION_THREADS)]
    problems = [f"thread still running: {t!r}" for t in still_running(started, GRACE_SECONDS)]
    if SERVER_FIXTURES & set(request.fixturenames):
        problems += [f"socket left to the garbage collector: {s}" for s in sockets_in_garbage()]
    if problems:
        pytest.fail("this test left these behind:\n" + "\n".join(problems), pytrace=False)
