"""HTTP hardening: security headers on every response, production cookie settings.

The Content-Security-Policy forbids inline scripts and styles: templates use
only the stylesheets and the few scripts in ``static/`` (the phone menu, the maps'
vendored Leaflet), and ``tests/core`` checks that no template slips an inline
``<script>`` or ``style=`` back in.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

def content_security_policy(tile_url: str | None = None) -> str:
    """The policy; a configured map tile server (``MAP_TILE_URL``) is the one other image source."""
    images = "img-src 'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}.", "*."))
        if parts.scheme in ("https", "http") and parts.netloc and "{" not in parts.netloc:
            images += f" {parts.scheme}://{parts.netloc}"
    return "; ".join(["default-src 'self'", "script-src 'self'", "style-src 'self'", images,
                      "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"])


CONTENT_SECURITY_POLICY = content_security_policy()

# Settings a production deployment (PRODUCTION=True) gets; each may still be
# overridden explicitly, except the cookie flags, which production must keep.
PRODUCTION_DEFAULTS = {
    "SECURITY_HSTS": True,
    "PREFERRED_URL_SCHEME": "https",
}
PRODUCTION_FORCED = {
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure,
    # has Path=/ and no Domain: no sibling sub-domain can plant or read it.
    "SESSION_COOKIE_NAME": "__Host-session",
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_PATH": "/",
    "SESSION_COOKIE_DOMAIN": None,
    "LANGUAGE_COOKIE_NAME": "__Host-lang",
    "LANGUAGE_COOKIE_SECURE": True,
}


def configure(app: Flask, explicit: set[str]) -> None:
    """Apply the production settings when ``PRODUCTION`` is on.

    ``explicit`` names the keys the deployment set itself (instance config,
    environment, test config); production defaults do not override them.
    """
    if not app.config.get("PRODUCTION"):
        return
    for key, value in PRODUCTION_DEFAULTS.items():
        if key not in explicit:
            app.config[key] = value
    app.config.update(PRODUCTION_FORCED)
    if "SECRET_KEY" not in explicit:
        # Several instances must share one key, and a key generated on one
        # machine's disk would silently differ from the others'.
        raise RuntimeError("PRODUCTION requires CELLULE_SECRET_KEY to be set")


def init_app(app: Flask) -> None:
    app.extensions["cellule_csp"] = content_security_policy(app.config.get("MAP_TILE_URL"))
    app.after_request(add_headers)
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops:
        # Behind nginx, the client's address and scheme come from X-Forwarded-*;
        # without this every client would share the proxy's address (and its rate limit).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


# Added to every response that does not set them itself: (name, lower-case name, value).
_BASELINE_HEADERS = tuple((name, name.lower(), value) for name, value in (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
))
HSTS = "max-age=31536000; includeSubDomains"


def add_headers(response: Response) -> Response:
    """Security headers for every response (pages, files, errors, redirects).

    The names already set are collected in one pass: ``Headers.setdefault``
    scans the whole list (and raises and catches a KeyError) for each header,
    which made this hook a sixth of the cost of a minimal request.
    """
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    for name, lower, value in _BASELINE_HEADERS:
        if lower not in present:
            headers.add(name, value)
    if "content-security-policy" not in present:
        headers.add("Content-Security-Policy", current_app.extensions["cellule_csp"])
    if current_app.config.get("SECURITY_HSTS") and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", HSTS)
    # Pages shown to a signed-in person hold personal data: no shared or disk cache.
    if "cache-control" not in present and _signed_in():
        headers["Cache-Control"] = "no-store"
    return response


def anonymous_headers(app: Flask) -> list[tuple[str, str]]:
    """What ``add_headers`` adds to an anonymous response that sets none of them.

    The feeds' WSGI layer (calendar/conditional.py) answers before Flask and sends these too.
    """
    headers = [(name, value) for name, _, value in _BASELINE_HEADERS]
    headers.append(("Content-Security-Policy", app.extensions["cellule_csp"]))
    if app.config.get("SECURITY_HSTS"):
        headers.append(("Strict-Transport-Security", HSTS))
    return headers


def _signed_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except Exception:  # noqa: BLE001 — no request user (e.g. the database is down on /readyz)
        return False
