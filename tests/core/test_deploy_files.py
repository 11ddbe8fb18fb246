"""The production files under deploy/ (docs/deploy.md) are valid as shipped.

systemd units are checked by systemd-analyze itself, with the /srv paths pointed at this
checkout; every command a timer or a cron line runs must exist in cellule's CLI; the
environment file must read the same under systemd (which strips no trailing comment) as
in a shell, and configure the app as documented.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cellule import create_app

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _read_env_like_systemd(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; lines starting with # or ; are comments; one pair of quotes is removed."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        key, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is absent")
def test_systemd_units_pass_systemd_analyze_verify(tmp_path):
    venv = Path(sys.prefix)
    for folder in ("uploads", "backups"):
        (tmp_path / folder).mkdir()
    env_file = tmp_path / "cellule.env"
    shutil.copy(DEPLOY / "cellule.env.example", env_file)
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = (unit.read_text(encoding="utf-8")
                .replace("/srv/cellule/venv", str(venv)).replace("/srv/cellule/app", str(ROOT))
                .replace("/srv/cellule/uploads", str(tmp_path / "uploads"))
                .replace("/srv/cellule/backups", str(tmp_path / "backups"))
                .replace("/etc/cellule.env", str(env_file)))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
        units.append(str(tmp_path / unit.name))
    assert any(u.endswith(".timer") for u in units) and any(u.endswith("cellule.service") for u in units)
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True,
                            cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def _cli_runs(app, args: list[str]) -> None:
    result = app.test_cli_runner().invoke(args=[*args, "--help"])
    assert result.exit_code == 0, (args, result.output)


def test_every_timer_runs_a_real_command(app):
    timers = sorted((DEPLOY / "systemd").glob("cellule-task@*.timer"))
    assert {t.name for t in timers} >= {"cellule-task@outbox-send.timer", "cellule-task@reminders-send.timer",
                                        "cellule-task@purge.timer"}
    for timer in timers:
        command = timer.name.removeprefix("cellule-task@").removesuffix(".timer")
        _cli_runs(app, command.split("-"))
    backup = (DEPLOY / "systemd" / "cellule-backup.service").read_text(encoding="utf-8")
    assert "flask --app cellule backup /srv/cellule/backups/" in backup
    _cli_runs(app, ["backup"])


def test_every_cron_line_runs_a_real_command(app):
    lines = [line for line in (DEPLOY / "cron" / "cellule").read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#") and "=" not in line.split()[0]]
    commands = [re.search(r"flask --app cellule ([a-z]+(?: [a-z]+)*)", line).group(1).split() for line in lines]
    assert commands == [["outbox", "send"], ["reminders", "send"], ["purge"], ["backup"]]
    for command in commands:
        _cli_runs(app, command)


def test_cron_lines_export_the_configuration(tmp_path):
    """cron starts a bare shell: the environment file must be exported, not only read."""
    env_file = tmp_path / "cellule.env"
    env_file.write_text("CELLULE_DATABASE_URL=postgresql+psycopg://db/cellule\n", encoding="utf-8")
    lines = [line for line in (DEPLOY / "cron" / "cellule").read_text(encoding="utf-8").splitlines()
             if "flask" in line]
    for line in lines:
        shell = line.split(None, 5)[5]  # after the five schedule fields
        probe = re.sub(r"/srv/cellule/venv/bin/flask .*$", "env", shell)
        probe = probe.replace("/etc/cellule.env", str(env_file)).replace("/srv/cellule/app", str(tmp_path))
        out = subprocess.run(["sh", "-c", probe], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"},
                             check=True).stdout
        assert "CELLULE_DATABASE_URL=postgresql+psycopg://db/cellule" in out.splitlines(), line


def test_environment_file_configures_the_app_under_systemd_and_a_shell(monkeypatch, tmp_path):
    values = _read_env_like_systemd(DEPLOY / "cellule.env.example")
    assert not [k for k, v in values.items() if "#" in v], "a trailing comment would become part of the value"
    shell = subprocess.run(["sh", "-c", f"set -a; . {DEPLOY / 'cellule.env.example'}; env"],
                           capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    from_shell = dict(line.split("=", 1) for line in shell.splitlines() if line.startswith(("CELLULE_", "GUNICORN_")))
    assert from_shell == values
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("CELLULE_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["PRODUCTION"] is True and app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["TRUSTED_HOSTS"] == ["cellule.example.org"]
    assert app.config["MAIL_PORT"] == 587 and app.config["MAIL_USE_TLS"] is True
    assert app.config["MAIL_DEFAULT_SENDER"] == "cellule <ne-pas-repondre@cellule.example.org>"
    assert app.config["UPLOAD_DIR"] == "/srv/cellule/uploads"
