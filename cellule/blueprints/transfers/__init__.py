"""Peer know-how transfer: needs and offers, explained matching, mentoring cycles and their sessions."""
# Python runs this before any module of the feature. The session models extend the cycle's
# mapping (TransferCycle.sessions, .assessments) and must exist before a mapper is configured;
# the rules register their names; involvement registers the session hook keeping each cycle's regions.
from . import involvement, rules, session_models  # noqa: F401
