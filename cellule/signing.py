"""Every secret the app hands out, made one way, on itsdangerous.

* ``sign`` / ``unsign``: a value in a link, signed for one purpose (auth's
  single-use links: invitation, password reset). The purpose is the salt, so a
  value signed for one use is refused for another.
* ``mac``: a keyed digest in hex, for values the app must be able to recompute
  (a personal feed address, an API cursor). itsdangerous' ``Signer`` without
  key derivation: the digest is HMAC-SHA256(key, message), the value personal
  feed addresses have always had, so calendars already subscribed keep working.
* ``new_secret`` and ``at_rest``: a random secret (API tokens, link secrets)
  and what the database keeps of any secret: its SHA-256, never the secret.

Nothing here needs a Flask context: callers pass the key (``SECRET_KEY``).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, Signer, URLSafeSerializer


def sign(secret_key: str, purpose: str, value) -> str:
    """``value`` (JSON-serialisable) signed for ``purpose``, URL-safe."""
    return URLSafeSerializer(secret_key, salt=purpose).dumps(value)


def unsign(secret_key: str, purpose: str, signed: str):
    """The value ``sign`` made for ``purpose`` under this key, or None if forged or for another purpose."""
    try:
        return URLSafeSerializer(secret_key, salt=purpose).loads(signed)
    except BadSignature:
        return None


def mac(key: str | bytes, message: str) -> str:
    """HMAC-SHA256 of ``message`` under ``key``, in hex (through itsdangerous' Signer, no key derivation)."""
    signer = Signer(key, key_derivation="none", digest_method=hashlib.sha256)
    return signer.algorithm.get_signature(signer.derive_key(), message.encode()).hex()


def matches(expected: str, given: str) -> bool:
    """Compare two secrets in constant time."""
    return hmac.compare_digest(expected.encode(), given.encode())


def new_secret(nbytes: int = 32) -> str:
    """A random URL-safe secret of ``nbytes`` bytes of entropy."""
    return secrets.token_urlsafe(nbytes)


def at_rest(secret: str) -> str:
    """What the database keeps of a secret, and looks it up by: its SHA-256 in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()
