"""URL helpers: redirects that stay on this site, and absolute links for mail and calendars."""
from collections.abc import Callable
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from flask import current_app, has_request_context, request, url_for


def safe_next(target: str | None, default_endpoint: str = "core.home") -> str:
    """``target`` if it is a path on this site, else the default page.

    Refuses absolute URLs, scheme-relative ``//host`` and backslash tricks
    that some browsers read as another host.
    """
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for(default_endpoint)


class RowLinks:
    """Links of a list's rows, built without a ``url_for`` per row.

    Rows of one list link to pages whose paths differ only by an id (``/<region>/visites/<id>``):
    ``url_for`` runs once per endpoint and other values, with a placeholder id, and each row's link
    is that path with the placeholder replaced. ``links(endpoint, id, **values)`` answers what
    ``url_for(endpoint, **{id_name: id}, **values)`` would; keep one per page (or per request).
    """

    _PLACEHOLDER = 8191_8191_8191  # an int no route builds into anything but its digits

    def __init__(self, id_name: str):
        self.id_name = id_name
        self._paths: dict[tuple, tuple[str, str]] = {}

    def __call__(self, endpoint: str, id: int, **values) -> str:
        key = (endpoint, *sorted(values.items()))
        parts = self._paths.get(key)
        if parts is None:
            parts = self._paths[key] = self._parts(endpoint, values)
        return f"{parts[0]}{int(id)}{parts[1]}"

    def of(self, endpoint: str, **values) -> Callable[[int], str]:
        """``lambda id: self(endpoint, id, **values)``, its path found once: for a list whose rows share
        the endpoint and values (an agenda's events of one region)."""
        before, after = self._parts(endpoint, values)
        return lambda id: f"{before}{int(id)}{after}"

    def _parts(self, endpoint: str, values: dict) -> tuple[str, str]:
        """The path around the id, built by ``url_for`` once per application, mount point, endpoint
        and values (the same for every request: a page of 18 regions' events builds no path).

        The values are those ``url_for`` will use: with the application's URL defaults put in first
        (the request's region, ``permissions._add_region``), which a caller may leave out."""
        values = dict(values)
        current_app.inject_url_defaults(endpoint, values)

        def build() -> tuple[str, str]:
            path = url_for(endpoint, **{self.id_name: self._PLACEHOLDER}, **values)
            before, found, after = path.partition(str(self._PLACEHOLDER))
            assert found and str(self._PLACEHOLDER) not in after, path
            return before, after

        return _remembered(_KNOWN_PATHS, (_mount(), self.id_name, endpoint, *sorted(values.items())), build)


def kept_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` (a path, with the query of the values no rule takes), built once per
    application, mount point, endpoint and values: a list's page links (``paging.links``, the counted
    pager) are the same request after request, and ``url_for`` with a query cost about 0.1 ms each.

    The key holds the values in their order (the query's) and with their types (``1`` and ``True``
    are one dict key, two URLs); values it cannot hold (a set) and ``url_for``'s own arguments
    (``_external``, ``_anchor``…) go to ``url_for`` each time."""
    if any(name.startswith("_") for name in values):
        return url_for(endpoint, **values)
    given = dict(values)
    current_app.inject_url_defaults(endpoint, given)
    try:
        key = (_mount(), endpoint,
               *((name, type(value), tuple(value) if isinstance(value, list) else value)
                 for name, value in given.items()))
        hash(key)
    except TypeError:
        return url_for(endpoint, **values)
    return _remembered(_KNOWN_URLS, key, lambda: url_for(endpoint, **values))


def _mount() -> str | None:
    """The application's mount point (``SCRIPT_NAME``), which every path it builds starts with."""
    return request.script_root if has_request_context() else None


def _remembered(store: WeakKeyDictionary, key: tuple, build: Callable):
    """What ``build`` gives for ``key`` (mount point first) in this application, built once."""
    known = store.get(current_app.url_map)
    if known is None or len(known) > _KNOWN_MAX:
        known = store[current_app.url_map] = {}
    found = known.get(key)
    if found is None:
        found = known[key] = build()
    return found


# What ``url_for`` gives does not change while the application runs: RowLinks' paths around the id and
# kept_url's links, per application (its URL map) and key. Forgotten at once past a few thousand keys
# (region slugs, page numbers, a list's filters: far fewer in practice). Apart, so that links keyed on
# a query's free text never push the row paths out.
_KNOWN_PATHS: WeakKeyDictionary = WeakKeyDictionary()
_KNOWN_URLS: WeakKeyDictionary = WeakKeyDictionary()
_KNOWN_MAX = 4096


def row_link(endpoint: str, id_name: str, **values) -> Callable[[int], str]:
    """For a template's list: ``row_link(endpoint, "membership_id", **values)(id)`` is
    ``url_for(endpoint, membership_id=id, **values)``, its path found once (``RowLinks.of``)."""
    return RowLinks(id_name).of(endpoint, **values)


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail or an invitation, the same from a request and from the CLI.

    The site's address is ``BASE_URL`` (``CELLULE_BASE_URL``, e.g. https://cellule.example.org);
    without it, the request's own host, else ``SERVER_NAME``. A command run with neither
    (``flask reminders send``) refuses rather than mail a link to nowhere.
    """
    base = current_app.config.get("BASE_URL")
    if base:
        with current_app.test_request_context(base_url=base):
            return url_for(endpoint, _external=True, **values)
    if has_request_context() or current_app.config.get("SERVER_NAME"):
        return url_for(endpoint, _external=True, **values)
    raise RuntimeError("Set CELLULE_BASE_URL (the site's address, e.g. https://cellule.example.org): "
                       "mail sent from the command line needs it for its links.")


def absolute_url(path: str) -> str:
    """A path on this site (``/hauts-de-france/…``) as an absolute link, like :func:`external_url`."""
    return external_url("core.home").rstrip("/") + "/" + path.lstrip("/")
