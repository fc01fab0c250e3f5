"""What the Train tab shows of a run: the runs table, the progress bar, the loss chart and the
outcome (failure with its hint, stop, done). Plain functions of a `RunStatus`."""

from __future__ import annotations

import html
from datetime import datetime

import pandas as pd

from tutor.jobs import manager as jobs
from tutor.jobs.manager import JobManager
from tutor.ui import svg_charts


def _fmt_s(s: float | None) -> str:
    if s is None:
        return "—"
    s = int(round(s))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{sec:02d}s" if m else f"{sec}s"


def _fmt_time(t: float | None) -> str:
    return datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S") if t else "—"


def _fmt_loss(x) -> str:
    return f"{x:.4f}" if isinstance(x, (int, float)) else "—"


RUN_COLUMNS = ["run", "recipe", "state", "started", "duration", "step", "final loss"]


def runs_table(runs) -> pd.DataFrame:
    rows = [
        [
            s.run_id,
            s.recipe or "—",
            s.state,
            _fmt_time(s.started),
            _fmt_s(s.duration_s),
            f"{s.step or 0}/{s.total or '?'}",
            _fmt_loss(s.final_loss),
        ]
        for s in runs
    ]
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


STATE_COLOURS = {
    "queued": "#6b7280",
    "running": "#2563eb",
    "done": "#16a34a",
    "stopped": "#d97706",
    "failed": "#dc2626",
}


def progress_html(s) -> str:
    if s is None:
        return "<div id='train-progress-box'><em>No run selected.</em></div>"
    frac = (s.step or 0) / s.total if s.total else 0.0
    pct = max(0.0, min(100.0, 100 * frac))
    colour = STATE_COLOURS.get(s.state, "#6b7280")
    eta = "—" if s.state not in jobs.ACTIVE else _fmt_s(s.eta_s)
    tps = f"{s.tokens_per_s:,.0f}" if s.tokens_per_s is not None else "—"
    gpu = f"{s.gpu_mem_gb:.2f} GB" if s.gpu_mem_gb is not None else "— (CPU)"
    return (
        f"<div id='train-progress-box' data-state='{s.state}' data-step='{s.step or 0}'>"
        f"<div><b>{html.escape(s.run_id)}</b> · <span style='color:{colour};font-weight:600' "
        f"id='train-state'>{s.state}</span></div>"
        f"<div style='background:#e5e7eb;border-radius:6px;height:18px;margin:6px 0;overflow:hidden'>"
        f"<div id='train-progress-bar' style='width:{pct:.1f}%;height:100%;background:{colour};"
        f"transition:width .5s'></div></div>"
        f"<div id='train-progress-text'>step {s.step or 0}/{s.total or '?'} ({pct:.0f}%) · ETA {eta} · "
        f"loss {_fmt_loss(s.loss)} · eval loss {_fmt_loss(s.eval_loss)} · tokens/s {tps} · "
        f"GPU memory {gpu} · elapsed {_fmt_s(s.duration_s)}</div></div>"
    )


def loss_html(s) -> str:
    """Train and eval loss as lines on numeric axes (tutor.ui.svg_charts), redrawn each tick."""
    series = {"train": [], "eval": []} if s is None else {"train": s.losses, "eval": s.eval_losses}
    return svg_charts.loss_chart(series, elem_id="train-loss-svg")


def error_markdown(s, manager: JobManager) -> str:
    if s is None:
        return ""
    if s.state == "failed":
        parts = [f"### ❌ The run failed\n**{s.error}**"]
        if s.hint:
            parts.append(f"💡 {s.hint}")
        console = manager.console_tail(s.run_id, 15)
        if console.strip():
            parts.append("End of the console output:\n```\n" + console + "\n```")
        return "\n\n".join(parts)
    if s.state == "stopped":
        return (
            "⏸️ Stopped: a checkpoint and the adapter were saved. **Resume** continues from the last "
            "checkpoint." + (f"\n\nAdapter: `{s.adapter}`{_loaded(s)}" if s.adapter else "")
        )
    if s.state == "done":
        return f"✅ Done. Adapter: `{s.adapter}`{_loaded(s)}" if s.adapter else "✅ Done."
    return ""


def _loaded(s) -> str:
    """Whether the job manager loaded the run's adapter into the tutor, as it recorded."""
    if s.adapter_loaded:
        return (
            f", loaded into the tutor as **{s.adapter_loaded}** (in the Tutor's and Compare's adapter lists)."
        )
    if s.adapter_note:
        return f": not loaded into the tutor ({s.adapter_note})."
    return "."
