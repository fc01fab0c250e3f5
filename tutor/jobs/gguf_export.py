"""The Train tab's GGUF export: a finished run's adapter merged into its base and written beside it
as RUN-TYPE.gguf, by `python -m train.export_gguf` in its own process (the app never imports
train/; the merge holds a second copy of the model for a while, which a process gives back)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tutor.core.gguf_export import OUT_TYPES
from tutor.core.paths import REPO_ROOT

TIMEOUT_S = 3600


def export_run(run_dir: str | Path, out_type: str = "q8_0", timeout: float = TIMEOUT_S) -> str:
    """One line for the UI: what was written, or why not (never a traceback)."""
    run_dir = Path(run_dir)
    if out_type not in OUT_TYPES:
        return f"❌ unknown GGUF type {out_type!r} (choose one of {', '.join(OUT_TYPES)})"
    adapter = run_dir / "adapter"
    if not (adapter / "adapter_config.json").is_file():
        return f"❌ {run_dir.name} has no finished adapter to export yet"
    output = run_dir / f"{run_dir.name}-{out_type}.gguf"
    cmd = [sys.executable, "-m", "train.export_gguf", "--adapter", str(adapter), "--output", str(output)]
    try:
        done = subprocess.run(
            [*cmd, "--type", out_type], cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return f"❌ the GGUF export did not finish in {timeout:.0f} s"
    lines = [ln for ln in (done.stdout + "\n" + done.stderr).splitlines() if ln.strip()]
    last = next((ln for ln in reversed(lines) if ln.startswith(("wrote ", "export failed"))), "")
    if done.returncode == 0 and last.startswith("wrote "):
        return f"✅ {last}"
    return f"❌ {last or f'the GGUF export stopped (exit {done.returncode})'}"
