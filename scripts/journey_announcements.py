"""What a screen reader announces at each step of the registration journey, from the accessibility tree.

Runs the keyboard-and-screen-reader journey (``tests/e2e/test_screen_reader_journey.py``,
French and English, phone and desktop), which records after each step the page title
and Playwright's ARIA snapshot of the focused element, then writes those records into
the marked section of ``docs/accessibility.md`` and prints it:

    .venv/bin/python scripts/journey_announcements.py          # run the journey, then write
    .venv/bin/python scripts/journey_announcements.py --no-run # write from test-artifacts/

The phone and desktop records must agree (the phone only opens the menu first); the
script stops if they do not, rather than document one of them.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
DOC = ROOT / "docs" / "accessibility.md"
START, END = "<!-- journey:start -->", "<!-- journey:end -->"
LANGUAGES = {"fr": "French", "en": "English"}


def _run_journey() -> None:
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-m", "e2e", "-p", "no:cacheprovider",
                    "tests/e2e/test_screen_reader_journey.py"], cwd=ROOT, check=True)


def _record(lang: str) -> str:
    desktop, phone = (ARTIFACTS / f"journey-{lang}-{v}.txt" for v in ("desktop", "phone"))
    # The test's people are numbered in creation order: the address typed is the only difference.
    text, other = (re.sub(r"person\d+@example\.org", "person@example.org", p.read_text(encoding="utf-8"))
                   for p in (desktop, phone))
    if text != other:
        raise SystemExit(f"the phone and desktop journeys ({lang}) were not heard alike: compare {phone} and {desktop}")
    # Link targets carry database ids: they say nothing a listener hears.
    return re.sub(r":?\n\s*- /url: [^\n]*", "", text)


def _table(record: str) -> list[str]:
    """One row per step: the title read on arrival, then the focused element's role and name."""
    rows = ["| Step | Page title (read first) | Focus lands on (role « name ») |", "|---|---|---|"]
    for step in re.split(r"\n(?=\S)", record.strip()):
        name = step.split("\n", 1)[0]
        title = re.search(r"title: (.*)", step).group(1)
        focus = re.search(r"focus: - ([^\n]*?):?(?:\n|$)", step).group(1)
        role, _, rest = focus.partition(" ")
        described = re.search(r"description: (.*)", step)
        rest += f", described by « {described.group(1)} »" if described else ""
        rows.append(f"| {name} | {title} | {role} {rest} |")
    return rows


def _section() -> str:
    parts = [START, ""]
    for lang, name in LANGUAGES.items():
        record = _record(lang)
        parts += [f"### {name}", "", *_table(record), "", "The accessibility tree of the focused element at each step:",
                  "", "```text", record.strip(), "```", ""]
    parts.append(END)
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    if "--no-run" not in argv:
        _run_journey()
    section = _section()
    doc = DOC.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"{DOC} has no {START} … {END} section")
    head, rest = doc.split(START, 1)
    DOC.write_text(head + section + rest.split(END, 1)[1], encoding="utf-8")
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
