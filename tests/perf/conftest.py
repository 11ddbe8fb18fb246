"""Query-count tests use the root conftest's ``queries`` fixture (a statement counter)."""
