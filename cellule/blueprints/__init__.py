"""The features of cellule, each a folder holding its whole room.

``FEATURES`` is the only registration point: each name is a sub-package with
``views.bp`` (a blueprint, or a list of them) and optionally ``demo.load()``.
"""
from __future__ import annotations

import importlib

from flask import Flask

FEATURES = [
    "core",
    "directory",
    "auth",
    "calendar",
    "visits",
    "transfers",
    "resources",
    "collection",
    "api",
    "bench",
    "audit",
    "privacy",
]


def feature_modules(submodule: str):
    """Yield ``cellule.blueprints.<feature>.<submodule>`` for each feature that has one.

    Providers are looked up on every request (region home sections, agenda
    sources …): the answer is kept per submodule, because a feature lacking the
    module would otherwise cost a search of the file system each time.
    """
    found = _PROVIDERS.get(submodule)
    if found is None:
        found = []
        for name in FEATURES:
            try:
                found.append(importlib.import_module(f"{__name__}.{name}.{submodule}"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}.{submodule}":
                    raise
        _PROVIDERS[submodule] = found = tuple(found)
    yield from found


_PROVIDERS: dict[str, tuple] = {}


def register_blueprints(app: Flask) -> None:
    """Import every feature's models (so metadata is complete) and register its blueprint(s)."""
    for _models in feature_modules("models"):
        pass
    for views in feature_modules("views"):
        blueprints = views.bp if isinstance(views.bp, (list, tuple)) else [views.bp]
        for bp in blueprints:
            app.register_blueprint(bp)
