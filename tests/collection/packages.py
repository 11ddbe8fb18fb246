"""Fetch a campaign's data package and every file it names through the test client, then let
Frictionless (the independent tool the format names) validate it."""
from __future__ import annotations

import json
from pathlib import Path


def download(client, base: str, folder: Path, headers: dict | None = None) -> Path:
    """Save ``base``/datapackage.json and the files it points to into ``folder``."""
    response = client.get(base + "datapackage.json", headers=headers)
    assert response.status_code == 200, response.status_code
    descriptor = json.loads(response.data)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_bytes(response.data)
    for path in {r["path"] for r in descriptor["resources"]}:
        file = client.get(base + path, headers=headers)
        assert file.status_code == 200, (path, file.status_code)
        (folder / path).write_bytes(file.data)
    return folder / "datapackage.json"


def validate(descriptor: Path, rows: dict | None = None) -> list:
    """Frictionless' errors on the package (an empty list when it is valid); ``rows`` receives
    the number of rows Frictionless read in each resource."""
    import frictionless

    report = frictionless.validate(str(descriptor))
    assert report.tasks, "Frictionless validated no resource"
    if rows is not None:
        rows.update({task.name: task.stats.get("rows", 0) for task in report.tasks})
    return report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
