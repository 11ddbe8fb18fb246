"""The stylesheets pass stylelint (npm), so a broken block cannot silently unstyle pages.

An unclosed ``@media`` block once made every later rule phone-only while 700
tests passed. ``make test`` installs the linter (``npm ci``); without it the
check skips locally and fails in CI, like the browser tests.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STYLELINT = ROOT / "node_modules" / ".bin" / "stylelint"
# Our own stylesheets; vendored libraries (static/vendor) keep their authors' style.
SHEETS = sorted((ROOT / "cellule" / "static" / "css").glob("*.css"))


def _lint(*paths: Path) -> subprocess.CompletedProcess:
    if not STYLELINT.exists() or not shutil.which("node"):
        if os.environ.get("CI"):
            pytest.fail("stylelint must run in CI: `npm ci` did not install it")
        pytest.skip("stylelint is not installed (make test runs npm ci)")
    return subprocess.run([str(STYLELINT), "--config", str(ROOT / ".stylelintrc.json"),
                           "--formatter", "unix", *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_stylesheets_pass_stylelint():
    assert SHEETS, "no stylesheet found"
    result = _lint(*SHEETS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("css, rule", [
    # The bug that hid half the stylesheet at desktop width: a block never closed.
    ("@media (width <= 40rem) {\n  h1 { font-size: 1.5rem; }\n\n.tag { color: red; }\n", "Unclosed block"),
    (".tag { colour: red; }\n", "property-no-unknown"),
    (".tag { color: red; }\n.tag { margin: 0; }\n", "no-duplicate-selectors"),
])
def test_stylelint_rejects_broken_css(tmp_path, css, rule):
    """The configured linter reports each kind of mistake."""
    bad = tmp_path / "probe.css"
    bad.write_text(css, encoding="utf-8")
    result = _lint(bad)
    assert result.returncode != 0
    assert rule in result.stdout + result.stderr
