"""The audit log: who did what, when, from where; read by national admins.

Other features call ``audit.record(action, target=obj, …)`` (see services.py).
"""
from .services import record  # noqa: F401  (the public entry point: audit.record)
from . import actions  # noqa: E402,F401  (registers the action labels)
