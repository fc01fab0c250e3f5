"""The Train tab's data preview and checks: `python -m train.data_report --json` on the recipe as
it stands, run as a subprocess (the app launches train/, it never imports it). The recipe is
written to a temporary file inside the runs folder and removed afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from tutor.jobs.manager import REPO_ROOT, JobError

TIMEOUT_S = 240


def data_report(config_yaml: str, runs_dir: str | Path, page: int = 0, timeout: float = TIMEOUT_S) -> dict:
    """The report (train.data_report's JSON); JobError with the job's own message when it fails."""
    folder = Path(runs_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".preview-{uuid.uuid4().hex[:12]}.yaml"
    path.write_text(config_yaml, encoding="utf-8")
    try:
        p = subprocess.run(
            [
                sys.executable,
                "-m",
                "train.data_report",
                "--config",
                str(path),
                "--json",
                "--page",
                str(int(page)),
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    except subprocess.TimeoutExpired:
        raise JobError(f"the data preview took more than {timeout:.0f} s") from None
    finally:
        path.unlink(missing_ok=True)
    if p.returncode != 0:
        lines = [x for x in p.stderr.splitlines() if x.startswith(("config error:", "data error:"))]
        raise JobError("\n".join(lines) or (p.stderr.strip().splitlines() or ["the data preview failed"])[-1])
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError:
        raise JobError("the data preview printed no report") from None
