#!/usr/bin/env bash
# `make check`: static security analysis (bandit) and known vulnerabilities in
# the installed dependencies (pip-audit). Exit 0 only when both ran and passed.
set -uo pipefail
BIN="${BIN:-.venv/bin}"
status=0

echo "== bandit: high-severity findings in cellule/"
if "$BIN/bandit" -q -r cellule --severity-level high; then
    echo "bandit: no high-severity finding"
else
    echo "bandit: FAILED (see above)"; status=1
fi

echo "== pip-audit: known vulnerabilities in the installed dependencies"
# --strict: a dependency that could not be looked up is an error, so an
# unreachable vulnerability service cannot pass as "no known vulnerabilities".
out=$("$BIN/pip-audit" --strict --skip-editable --progress-spinner off -l 2>&1)
rc=$?
echo "$out" | tail -n 20
if [ $rc -eq 0 ]; then
    echo "pip-audit: no known vulnerability"
elif echo "$out" | grep -qiE "could not be audited|ConnectionError|Failed to resolve|Max retries"; then
    echo "pip-audit: NOT RUN — its vulnerability service (PyPI's per-release JSON API or OSV) is"
    echo "unreachable from this machine. Falling back to PyPI's project endpoint, which lists the"
    echo "known vulnerabilities of each project's latest release:"
    "$BIN/python" scripts/audit_latest.py
    fallback=$?
    case $fallback in
        0) echo "fallback audit: no known vulnerability (every dependency at its latest release)";;
        1) echo "fallback audit: FAILED (known vulnerabilities above)"; status=1;;
        *) echo "fallback audit: INCOMPLETE (dependencies above not audited); run 'make check' where"
           echo "pip-audit can reach its service"; status=2;;
    esac
else
    echo "pip-audit: FAILED (known vulnerabilities above)"; status=1
fi
exit $status
