"""Shared helpers for the benchmarks: machine description, memory readings, interleaved timing,
and the results store (`bench/results.json`, merged by benchmark name) rendered to BENCHMARKS.md.

Every benchmark returns a dict ``{"rows": [row, ...], "raw": {...}, "notes": [...]}`` where a row
is ``{"what", "ours", "baseline", "ratio", "target", "met"}`` (strings or numbers; ``ratio`` is a
float, shown as ``2.3x``; ``met`` is True/False/None for "no target").
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT_DIR = REPO  # BENCHMARKS.md at the repo root, results.json in bench/


# ---- machine ---------------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def gpu_name() -> str | None:
    try:
        import torch

        if torch.cuda.is_available():
            return torch.cuda.get_device_name(0)
    except Exception:  # noqa: BLE001
        pass
    return None


def machine() -> dict:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {"cpu": cpu_model(), "cores": cores, "memory_gb": mem_gb, "gpu": gpu_name() or "none"}


def machine_label(m: dict) -> str:
    return f"{m.get('cpu', '?')} / {m.get('cores', '?')} cores / GPU: {m.get('gpu', 'none')}"


def now_date() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


# ---- memory ----------------------------------------------------------------------------------


def _status_kb(field: str, pid: int | str = "self") -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def rss_mb(pid: int | str = "self") -> float | None:
    """Resident set size of a process now, in MiB (None if it is gone)."""
    kb = _status_kb("VmRSS", pid)
    return None if kb is None else kb / 1024


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """Peak resident set size (high-water mark) of a process, in MiB."""
    kb = _status_kb("VmHWM", pid)
    return None if kb is None else kb / 1024


# ---- timing ----------------------------------------------------------------------------------


def interleaved(fns: dict[str, Callable[[], object]], reps: int, warmup: int = 1) -> dict:
    """Run each function `reps` times, alternating A B A B ... (so machine load hits both
    sides alike); returns {name: {"times": [...], "median": s, "min": s, "last": result}}."""
    out = {k: {"times": [], "last": None} for k in fns}
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    for r in range(reps):
        order = list(fns) if r % 2 == 0 else list(reversed(list(fns)))
        for name in order:
            t0 = time.perf_counter()
            result = fns[name]()
            out[name]["times"].append(time.perf_counter() - t0)
            out[name]["last"] = result
    for v in out.values():
        v["median"] = statistics.median(v["times"])
        v["min"] = min(v["times"])
    return out


def paired_ratio(res: dict, num: str, den: str) -> float:
    """Median over repetitions of `num`'s time ÷ `den`'s time in the same repetition (the two ran
    back to back), from an `interleaved` result: drifts in machine load that span several
    repetitions cancel out, which a ratio of the two medians does not do."""
    return statistics.median(a / b for a, b in zip(res[num]["times"], res[den]["times"]))


def unknown_ids(tokenizer, vocab_size: int) -> list[int]:
    """Ids a random model may emit that do not decode to text on their own: those beyond the
    tokenizer, and byte tokens that are not valid UTF-8 alone."""
    n = len(tokenizer)
    bad = [i for i in range(n) if "\ufffd" in tokenizer.decode([i])]
    return bad + list(range(n, vocab_size))


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


def set_threads() -> int:
    import torch

    n = machine()["cores"]
    torch.set_num_threads(max(1, n))
    return torch.get_num_threads()


# ---- results store ---------------------------------------------------------------------------


def fmt_ratio(r) -> str:
    if r is None or (isinstance(r, float) and r != r):
        return "–"
    return f"{r:.2f}x" if r < 10 else f"{r:.1f}x"


def fmt_met(m) -> str:
    return {True: "yes", False: "**no**", None: "–"}.get(m, str(m))


def results_path(output_dir: Path) -> Path:
    return Path(output_dir) / "bench" / "results.json"


def markdown_path(output_dir: Path) -> Path:
    return Path(output_dir) / "BENCHMARKS.md"


def load_results(output_dir: Path) -> dict:
    p = results_path(output_dir)
    if p.exists():
        try:
            return json.loads(p.read_text())
        except ValueError:
            pass
    return {"benchmarks": {}}


def save_result(output_dir: Path, name: str, entry: dict) -> dict:
    """Merge one benchmark's entry (by name) into results.json and re-render BENCHMARKS.md."""
    data = load_results(output_dir)
    data.setdefault("benchmarks", {})[name] = entry
    p = results_path(output_dir)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
    write_markdown(output_dir, data)
    return data


ORDER = ["streaming", "adapters", "train", "eval", "data", "memory", "load", "batching", "leaderboard", "gpu"]

TITLES = {
    "streaming": "Streaming overhead (`/solve` path vs bare `model.generate`)",
    "adapters": "Adapters: switch/load vs base reload, Compare batched vs sequential",
    "train": "Training: effective tokens/s and peak memory vs the seeds' padded setup",
    "eval": "Evaluation: batched vs sequential",
    "data": "Data streaming through `train.data.build_datasets`",
    "memory": "4-bit vs 16-bit weight memory",
    "load": "Load: 32 concurrent `/solve` sessions over loopback",
    "gpu": "GPU figures (`python -m bench --gpu`)",
    "batching": "Issue 13 — a classroom on one model: batched core vs one at a time; the OpenAI "
    "backend vs its server",
    "leaderboard": "Issue 16: leaderboard fit and practice-problem generation",
}

HEADER = """# Benchmarks

Generated by `python -m bench` (see `bench/`; raw figures in `bench/results.json`). Every
benchmark runs both sides in one process on the same machine, interleaving repetitions and
taking medians, so load from other work on the machine hits both sides alike. `ratio` is
ours ÷ baseline for speeds and baseline ÷ ours for memory and time (higher is better for us) unless
the row says otherwise. Rows from `--quick` runs are marked *quick*.

```
python -m bench              # everything (CPU), full sizes
python -m bench --quick      # everything, small sizes (under 3 min on 2 cores)
python -m bench --only data  # one benchmark; merges its rows into the files
python -m bench --gpu        # the GPU figures (needs a CUDA GPU; skipped cleanly without)
python -m bench.bench_gpu --dry-run  # the GPU benchmark's code on CPU with a tiny config (a test runs it)
```

The GPU figures' QLoRA rows train on the shared GSM8K rows: on a machine where `../shared` is not
beside the checkout, copy `shared/data/gsm8k/` into the checkout's own `shared/` first.
"""


def write_markdown(output_dir: Path, data: dict | None = None) -> Path:
    data = data or load_results(output_dir)
    benches = data.get("benchmarks", {})
    lines = [HEADER]
    lines.append("| benchmark | what | ours | baseline | ratio | target | met? | machine | date |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    names = [n for n in ORDER if n in benches] + sorted(n for n in benches if n not in ORDER)
    for name in names:
        e = benches[name]
        tag = name + (" *(quick)*" if e.get("quick") else "")
        mach = machine_label(e.get("machine", {}))
        if not e.get("rows"):
            status = e.get("status", "skipped")
            lines.append(
                f"| {tag} | {status}: {e.get('reason', '')} | – | – | – | – | – | {mach} | "
                f"{e.get('date', '')} |"
            )
        for row in e.get("rows", []):
            lines.append(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                    tag,
                    row.get("what", ""),
                    row.get("ours", ""),
                    row.get("baseline", ""),
                    fmt_ratio(row.get("ratio")),
                    row.get("target", "–"),
                    fmt_met(row.get("met")),
                    mach,
                    e.get("date", ""),
                )
            )
    lines.append("")
    for name in names:
        e = benches[name]
        lines.append(f"## {TITLES.get(name, name)}\n")
        if e.get("status") and e.get("status") != "ok":
            lines.append(f"**{e['status']}**: {e.get('reason', '')}\n")
        for note in e.get("notes", []):
            lines.append(f"- {note}")
        lines.append(
            f"- machine: {machine_label(e.get('machine', {}))}; date {e.get('date', '')}; "
            f"{'quick' if e.get('quick') else 'full'} run; {e.get('seconds', '?')} s"
        )
        lines.append("")
    p = markdown_path(output_dir)
    # sections other benchmarks write themselves (between "<!-- issue-N ...: begin/end -->"
    # markers, e.g. bench/bench_math.py) are kept as they are
    old = p.read_text() if p.exists() else ""
    kept = re.findall(r"<!-- issue-\d+[^>]*: begin -->.*?<!-- issue-\d+[^>]*: end -->", old, re.DOTALL)
    p.write_text("\n".join(lines + [k + "\n" for k in kept]))
    return p


def replace_section(path: Path, begin: str, end: str, block: str) -> None:
    """Put `block` (which starts with `begin` and ends with `end`) in the Markdown file at `path`
    in place of the section between those markers, or append it. The benches that own a marked
    section of BENCHMARKS.md (math core, word problems, photos, fine-tune) write it this way, and
    `write_markdown` keeps every marked section when it rewrites the file."""
    text = path.read_text() if path.exists() else ""
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)
