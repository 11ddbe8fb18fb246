"""URL helpers: redirects that stay on this site."""
from urllib.parse import urlsplit

from flask import url_for


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
