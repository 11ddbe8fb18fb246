"""Browser tests: a live cellule server on loopback, Debian's chromium driven by Playwright.

The server runs in a thread (werkzeug) on the test database, with CSRF on as
in production. Tests skip only when /usr/bin/chromium (or the playwright
package) is missing AND ``CI`` is unset; in CI a missing browser fails.
Each journey runs at a phone and a desktop viewport; a failed test leaves a
screenshot under ``test-artifacts/``.
"""
from __future__ import annotations

import os
import re
import socket
import threading
from pathlib import Path

import pytest
from werkzeug.serving import ThreadedWSGIServer

from cellule import create_app
from tests.conftest import _test_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} is absent (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is absent (pip install playwright)"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the test item, for screenshots on failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class LiveServer(ThreadedWSGIServer):
    """Werkzeug's threaded server, able to stop completely.

    Werkzeug answers each connection in a daemon thread that nobody waits for, and the
    browser keeps its connections alive after a test, so stopping the accept loop alone
    left threads and sockets behind. ``close()`` ends the open connections and joins
    their threads before closing the listening socket.
    """

    THREAD_NAME = "live-server"

    def __init__(self, app):
        super().__init__("127.0.0.1", 0, app)
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._handlers: list[threading.Thread] = []

    def process_request(self, request, client_address):
        thread = threading.Thread(target=self.process_request_thread, args=(request, client_address),
                                  name=f"{self.THREAD_NAME} {client_address[1]}")
        with self._lock:
            self._open.add(request)
            self._handlers = [t for t in self._handlers if t.is_alive()] + [thread]
        thread.start()

    def shutdown_request(self, request):
        with self._lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close(self, timeout: float = 10) -> None:
        """Stop accepting, end the kept-alive connections, wait for their threads, close."""
        self.shutdown()  # no thread starts after this
        with self._lock:
            connections, threads = list(self._open), list(self._handlers)
        for request in connections:
            try:
                request.shutdown(socket.SHUT_RDWR)  # the handler's next read sees the end
            except OSError:  # its thread closed it meanwhile
                pass
        for thread in threads:
            thread.join(timeout)
        self.server_close()


def whole_bodies(app):
    """The app with each response's body read and its iterable closed before werkzeug writes it.

    Werkzeug's server closes a response's iterable only after draining the socket; when the browser
    drops a connection mid-answer (it stops loading the favicon as it leaves a page), that read raises
    first, the static file stays open, and its ResourceWarning fails whichever test is running (seen on
    a loaded machine). The pages and files here are small."""
    def wrapped(environ, start_response):
        iterable = app(environ, start_response)
        try:
            return [b"".join(iterable)]
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
    return wrapped


@pytest.fixture(scope="session")
def live_server(_migrated, tmp_path_factory):
    """cellule on a free loopback port, sharing the test database; yields its base URL."""
    config = {**_test_config(_migrated, tmp_path_factory.mktemp("live")),
              "WTF_CSRF_ENABLED": True, "SERVER_NAME": None, "TESTING": False}
    app = create_app(config)
    server = LiveServer(whole_bodies(app))
    thread = threading.Thread(target=server.serve_forever, name=LiveServer.THREAD_NAME)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.close()
        thread.join(10)
        with app.app_context():
            from cellule.extensions import db
            db.engine.dispose()


class Browsing:
    """Opens browser contexts (one per person) at one viewport and screenshots them on failure."""

    def __init__(self, browser, base_url: str, viewport: str):
        self.browser, self.base_url, self.viewport = browser, base_url, viewport
        self.contexts = []

    def new_page(self):
        context = self.browser.new_context(base_url=self.base_url, viewport=VIEWPORTS[self.viewport],
                                           locale="fr-FR", accept_downloads=True,
                                           is_mobile=self.viewport == "phone",
                                           has_touch=self.viewport == "phone",
                                           # axe-core is injected as an inline script, which the
                                           # site's CSP rightly refuses; the CSP has its own tests.
                                           bypass_csp=True)
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        return context.new_page()

    def close(self, node) -> None:
        failed = any(getattr(node, f"rep_{when}", None) and getattr(node, f"rep_{when}").failed
                     for when in ("setup", "call"))
        for n, context in enumerate(self.contexts):
            if failed:
                ARTIFACTS.mkdir(exist_ok=True)
                stem = re.sub(r"[^\w.-]+", "_", node.nodeid)
                for m, page in enumerate(context.pages):
                    page.screenshot(path=str(ARTIFACTS / f"{stem}-{n}-{m}.png"), full_page=True)
            context.close()


@pytest.fixture(params=list(VIEWPORTS))
def browsing(request, browser, live_server, app):
    """Browser contexts at the phone, then the desktop viewport (the test runs for each)."""
    b = Browsing(browser, live_server, request.param)
    yield b
    b.close(request.node)


@pytest.fixture
def desktop(request, browser, live_server, app):
    """Browser contexts at the desktop viewport only."""
    b = Browsing(browser, live_server, "desktop")
    yield b
    b.close(request.node)


def axe_violations(page, tags=WCAG_TAGS) -> list[dict]:
    """Run axe-core in the page; the violations tagged with any of ``tags``."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"      {node['target']} {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)
