"""The browser tests' server closes every response's body before writing it (no browser here)."""
from __future__ import annotations

import gc
import warnings

from .conftest import whole_bodies


def test_whole_bodies_closes_the_body_before_it_is_written(app):
    """A static file's open handle is closed by the time the server gets the body, so a connection the
    browser drops while it is written leaves nothing open; status and headers are the app's."""
    started = []
    wrapped = whole_bodies(app.wsgi_app)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/static/favicon.svg", "SERVER_NAME": "localhost",
               "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": None, "HTTP_HOST": "localhost"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        body = wrapped(environ, lambda status, headers, exc_info=None: started.append((status, dict(headers))))
        gc.collect()  # an unclosed file would warn here
    assert started[0][0] == "200 OK" and started[0][1]["Content-Type"].startswith("image/svg+xml")
    assert isinstance(body, list) and len(body) == 1 and body[0].startswith(b"<svg")


def test_whole_bodies_closes_an_iterable_that_fails():
    closed = []

    class Failing:
        def __iter__(self):
            yield b"a"
            raise OSError("disk")

        def close(self):
            closed.append(True)

    try:
        whole_bodies(lambda environ, start_response: Failing())({}, None)
    except OSError:
        pass
    assert closed == [True]
