"""Peer know-how transfer: needs and offers, explained matching, mentoring cycles and their sessions."""
