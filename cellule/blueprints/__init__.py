"""The features of cellule, each a folder holding its whole room.

``FEATURES`` is the only registration point: each name is a sub-package with
``views.bp`` (a blueprint, or a list of them) and optionally ``demo.load()``.
When ``views`` is a package, each of its modules attaches routes to that ``bp``:
registration loads them all, so the package never imports the modules that import it.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys

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
    "audit",
    "privacy",
]


def feature_modules(submodule: str):
    """Yield ``cellule.blueprints.<feature>.<submodule>`` for each feature that has one.

    Providers are looked up on every request (region home sections, agenda
    sources …). A feature lacking the module used to cost a search of the file
    system each time: such names are remembered as missing. Modules are still
    taken from ``sys.modules`` on each call, so a module put there (a test's
    stand-in provider) is seen.
    """
    for name in FEATURES:
        qualified = f"{__name__}.{name}.{submodule}"
        module = sys.modules.get(qualified)
        if module is None:
            if qualified in _MISSING:
                continue
            try:
                module = importlib.import_module(qualified)
            except ModuleNotFoundError as exc:
                if exc.name != qualified:
                    raise
                _MISSING.add(qualified)
                continue
        yield module


_MISSING: set[str] = set()


def register_blueprints(app: Flask) -> None:
    """Import every feature's models (so metadata is complete) and register its blueprint(s)."""
    for _models in feature_modules("models"):
        pass
    for views in feature_modules("views"):
        for route_module in pkgutil.iter_modules(getattr(views, "__path__", ())):
            importlib.import_module(f"{views.__name__}.{route_module.name}")
        blueprints = views.bp if isinstance(views.bp, (list, tuple)) else [views.bp]
        for bp in blueprints:
            app.register_blueprint(bp)
