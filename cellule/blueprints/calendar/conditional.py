"""The WSGI layer in front of Flask that answers conditional feed requests with 304.

Calendar clients poll their feeds every hour or so, almost always for a copy
they already have. For ``GET /agenda.ics``, ``/<region>/agenda.ics`` and
``/agenda/perso/<token>.ics`` with ``If-None-Match``, this layer computes the
feed's ETag exactly as the view would (``versions.validators``, from one small
query on the scope versions; for the public feeds, from Redis when the deployment
has one, see ``version_cache.py``) and answers 304 itself, with the headers the view
would send, without a Flask request or application context. Anything else goes
on to Flask unchanged: other paths, a changed feed, a request with cookies (a
signed-in browser: its locale may be the person's), an unknown region, a host
not trusted, and a personal token that is malformed, revoked, of a deactivated
person or made under another secret key (so those still answer 404).
"""
from __future__ import annotations

import functools
import re
import uuid
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.exceptions import SecurityError
from werkzeug.http import is_resource_modified, parse_cookie, quote_etag
from werkzeug.wrappers import Request, Response

from ... import observability, security
from ...extensions import db
from . import bodies, feeds, tokens, version_cache, versions
from .models import EventKind

_FEED = re.compile(r"/(?:(?P<region>[a-z0-9-]+)/)?agenda\.ics|/agenda/perso/(?P<token>[^/]+)\.ics")
_KINDS = frozenset(k.value for k in EventKind)
_SITES_MAX = 64
_REQUEST_ID_KEY = "HTTP_" + observability.REQUEST_ID_HEADER.upper().replace("-", "_")


class ConditionalFeeds:
    """WSGI middleware: ``app.wsgi_app = ConditionalFeeds(app, app.wsgi_app)`` (see ``init_app``)."""

    def __init__(self, app: Flask, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app
        self._engine = None
        self._fixed: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        self._sites: dict[tuple, str | None] = {}

    def __call__(self, environ, start_response):
        answer = None
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and environ.get("HTTP_IF_NONE_MATCH"):
            answer = self.not_modified(environ)
        if answer is None:
            return self.wsgi_app(environ, start_response)
        return answer(environ, start_response)

    @property
    def engine(self):
        if self._engine is None:
            with self.app.app_context():  # once: Flask-SQLAlchemy hands out its engine in a context only
                self._engine = db.engine
        return self._engine

    def not_modified(self, environ):
        """The 304 answer (a WSGI callable) when the request is for a feed the client already has, else None.

        A poll is read from the environ itself: what a feed's ETag depends on
        (language cookie, ``type`` arguments, site address) is parsed as werkzeug's
        ``Request`` parses it, and only when the request carries it.
        """
        match = _FEED.fullmatch(environ.get("PATH_INFO", ""))
        if match is None:
            return None
        locale = self._locale(environ)
        query = environ.get("QUERY_STRING")
        kinds = [value for name, value in parse_qsl(query, keep_blank_values=True, errors="werkzeug.url_quote")
                 if name == "type"] if query else []
        if locale is None or not _KINDS.issuperset(kinds):
            return None
        site = self._site(environ)
        if site is None:
            return None
        found = self._state(match)
        if found is None:
            return None
        state, filename, private = found
        etag, last_modified = versions.validators(state, kinds=kinds, locale=locale, site=site)
        if is_resource_modified(environ, etag=etag, last_modified=last_modified):
            return None
        return self._response(environ, etag, filename, private)

    def _locale(self, environ) -> str | None:
        """The feed's language as the view would choose it; None when a cookie may sign someone in."""
        config = self.app.config
        if not environ.get("HTTP_COOKIE"):
            return config["BABEL_DEFAULT_LOCALE"]
        cookies = parse_cookie(environ)
        name = config.get("LANGUAGE_COOKIE_NAME", "cellule_lang")
        if any(cookie != name for cookie in cookies):
            return None
        chosen = cookies.get(name)
        return chosen if chosen in config["LANGUAGES"] else config["BABEL_DEFAULT_LOCALE"]

    def _site(self, environ) -> str | None:
        """``request.host_url`` (None for a host not trusted), kept per scheme, Host header and server.

        Polls name a handful of hosts; the store is emptied when it fills up, so a
        client inventing Host headers cannot make it grow.
        """
        key = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"),
               environ.get("SERVER_NAME"), environ.get("SERVER_PORT"))
        try:
            return self._sites[key]
        except KeyError:
            pass
        request = Request(environ)
        request.trusted_hosts = self.app.config.get("TRUSTED_HOSTS")
        try:
            site = request.host_url
        except SecurityError:
            site = None
        if len(self._sites) >= _SITES_MAX:
            self._sites.clear()
        self._sites[key] = site
        return site

    def _state(self, match) -> tuple[versions.FeedState, str, bool] | None:
        """(state, file name, private) of the feed the path names; None when the view must answer.

        Public feeds' states come from Redis when the deployment has one (``version_cache``),
        else from one query; personal feeds always read the database.
        """
        slug, token = match.group("region"), match.group("token")
        if token is not None:
            if not tokens.TOKEN_SHAPE.fullmatch(token):
                return None
            person = self._read(versions.personal, token_hash=tokens.token_hash(token))
            if person is None or not person.active or not tokens.matches(
                    self.app.config["SECRET_KEY"], person.user_id, person.nonce, token):
                return None
            return person.feed, feeds.PERSONAL_FILE, True
        cache = version_cache.cache(self.app)
        if slug is not None:
            load = functools.partial(self._read, versions.regional, slug)
            state = cache.state(f"region:{slug}", load) if cache is not None else load()
            return (state, feeds.region_file(slug), False) if state is not None else None
        load = functools.partial(self._read, versions.national)
        return (cache.state("national", load) if cache is not None else load()), feeds.NATIONAL_FILE, False

    def _read(self, query, *args, **kwargs):
        with self.engine.connect() as connection:
            return query(connection, *args, **kwargs)

    def _response(self, environ, etag: str, filename: str, private: bool):
        """A 304 with the headers Flask's answer would carry (feed, security and request id headers).

        What does not change between polls (feed, security and ``Vary`` headers, as werkzeug
        writes them for a 304) is worked out once per feed file and kept; each answer adds its
        validators and request id and goes straight to ``start_response``.
        """
        fixed = self._fixed.get((filename, private))
        if fixed is None:
            fixed = self._fixed[(filename, private)] = self._fixed_headers(environ, filename, private)
        given = environ.get(_REQUEST_ID_KEY, "")
        # No Last-Modified: werkzeug drops it from a 304 (an entity header), and so from the view's.
        headers = [*fixed, ("ETag", quote_etag(etag)), (observability.REQUEST_ID_HEADER,
                    given if observability.valid_request_id(given) else uuid.uuid4().hex)]

        def answer(environ, start_response):
            start_response("304 NOT MODIFIED", headers)
            return []
        return answer

    def _fixed_headers(self, environ, filename: str, private: bool) -> list[tuple[str, str]]:
        response = Response(status=304, headers=bodies.feed_headers(filename, private))
        present = {name.lower() for name in response.headers.keys()}
        for name, value in security.anonymous_headers(self.app):
            if name.lower() not in present:
                response.headers.add(name, value)
        response.vary.add("Cookie")  # Flask adds it: the view's answer looks the session up (signed in?)
        return response.get_wsgi_headers(environ).to_wsgi_list()


def init_app(app: Flask) -> None:
    """Put the layer in front of the app (inside ProxyFix, installed after it, so it sees the client's scheme)."""
    version_cache.init_app(app)
    app.wsgi_app = ConditionalFeeds(app, app.wsgi_app)
