"""The fallback dependency audit (scripts/audit_latest.py) never reports a dependency as clean
unless PyPI's advisory data covers the installed release."""
from __future__ import annotations

import importlib.util
import urllib.error
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "audit_latest", Path(__file__).resolve().parents[2] / "scripts" / "audit_latest.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

PYPI = {
    "flask": {"info": {"version": "3.1.3"}, "vulnerabilities": []},
    "jinja2": {"info": {"version": "3.1.6"}, "vulnerabilities": [
        {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fixed_in": ["3.1.7"], "withdrawn": None}]},
    "old": {"info": {"version": "2.0", "requires_python": ">=3.12"}, "vulnerabilities": []},
    "retracted": {"info": {"version": "1.0"}, "vulnerabilities": [
        {"id": "GHSA-x", "aliases": [], "fixed_in": [], "withdrawn": "2025-01-01T00:00:00"}]},
}


def fake_fetch(name):
    if name not in PYPI:
        raise urllib.error.URLError("unreachable")
    return PYPI[name]


@pytest.mark.parametrize("installed,status", [
    ({"flask": "3.1.3", "retracted": "1.0"}, 0),             # latest, no (or only withdrawn) advisory
    ({"flask": "3.1.3", "jinja2": "3.1.6"}, 1),              # a known vulnerability wins
    ({"flask": "3.1.3", "old": "1.3"}, 2),                   # behind latest: not audited, not clean
    ({"flask": "3.1.3", "missing": "1.0"}, 2),               # unreachable: not audited
])
def test_exit_status(installed, status, capsys):
    assert audit.main(installed, fake_fetch) == status


def test_report_names_the_vulnerability_and_the_unaudited(capsys):
    audit.main({"jinja2": "3.1.6", "old": "1.3"}, fake_fetch)
    out = capsys.readouterr().out
    assert "VULNERABLE jinja2 3.1.6: PYSEC-0000-1 CVE-0000-1 (fixed in 3.1.7)" in out
    assert "NOT AUDITED old: installed 1.3, latest 2.0 (which requires Python >=3.12)" in out
