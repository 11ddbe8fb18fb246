"""Fallback dependency audit for machines where pip-audit cannot reach its service.

pip-audit asks PyPI for each installed release (``/pypi/<name>/<version>/json``)
or asks OSV. Where only the project endpoint (``/pypi/<name>/json``) is reachable,
PyPI still publishes the known vulnerabilities of the project's *latest* release
there. This script uses that: a dependency installed at its latest release is
audited with PyPI's own advisory data; any other one is reported as not audited.

Exit status: 0 every dependency audited and clean; 1 a known vulnerability;
2 some dependency could not be audited (never reported as clean).
"""
from __future__ import annotations

import importlib.metadata as metadata
import json
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

INDEX = "https://pypi.org/pypi/{name}/json"
SKIP = {"cellule"}  # the project itself (editable install)


def fetch(name: str) -> dict:
    with urllib.request.urlopen(INDEX.format(name=name), timeout=30) as answer:  # nosec B310: fixed https URL
        return json.load(answer)


def look(item: tuple[str, str], fetch=fetch) -> tuple[str, str, str | None, list[dict] | None, str]:
    """(name, installed, latest, vulnerabilities or None when not audited, verdict)."""
    name, installed = item
    try:
        data = fetch(name)
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        return name, installed, None, None, f"unreachable ({exc})"
    latest = data["info"]["version"]
    try:
        same = Version(installed) == Version(latest)
    except InvalidVersion:
        same = installed == latest
    if not same:
        needs = data["info"].get("requires_python")
        note = f" (which requires Python {needs})" if needs else ""
        return name, installed, latest, None, f"installed {installed}, latest {latest}{note}"
    found = [v for v in data.get("vulnerabilities") or [] if not v.get("withdrawn")]
    return name, installed, latest, found, "vulnerable" if found else "ok"


def installed_distributions() -> dict[str, str]:
    installed = {}
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"] or "")
        if name and name not in SKIP:
            installed[name] = dist.version
    return installed


def main(installed: dict[str, str] | None = None, fetch=fetch) -> int:
    installed = installed_distributions() if installed is None else installed
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(lambda item: look(item, fetch), sorted(installed.items())))
    vulnerable = [r for r in results if r[4] == "vulnerable"]
    unaudited = [r for r in results if r[3] is None]
    for name, version, _, found, _ in vulnerable:
        for vuln in found:
            fixed = ", ".join(vuln.get("fixed_in") or []) or "no fixed release"
            print(f"VULNERABLE {name} {version}: {vuln.get('id')} {' '.join(vuln.get('aliases') or [])}"
                  f" (fixed in {fixed})")
    for name, _, _, _, why in unaudited:
        print(f"NOT AUDITED {name}: {why}")
    clean = len(results) - len(vulnerable) - len(unaudited)
    print(f"{len(results)} dependencies: {clean} audited clean at their latest release, "
          f"{len(vulnerable)} vulnerable, {len(unaudited)} not audited")
    if vulnerable:
        return 1
    return 2 if unaudited else 0


if __name__ == "__main__":
    sys.exit(main())
