"""Run the benchmarks and write BENCHMARKS.md + bench/results.json.

    python -m bench [--quick] [--only NAME[,NAME]] [--gpu] [--output-dir DIR] [--list]

Each benchmark runs in its own child process (so peak-memory readings are its own), with both
sides measured inside that one process. Results merge into the results file by benchmark name,
so `--only data` updates the data rows and keeps the rest.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import common

# name -> (module, owned here?)
BENCHMARKS = {
    "streaming": "bench.bench_streaming",
    "adapters": "bench.bench_adapters",
    "train": "bench.bench_train",
    "eval": "bench.bench_eval",
    "data": "bench.bench_data",
    "memory": "bench.bench_memory",
    "load": "bench.bench_load",
    "batching": "bench.bench_batching",
    "leaderboard": "bench.bench_leaderboard",
    "real": "bench.bench_real",
    "gpu": "bench.bench_gpu",
}
CPU_SET = [n for n in BENCHMARKS if n != "gpu"]


# ---- adapting the other modules' dicts to rows ------------------------------------------------


def _num(d: dict, *keys):
    for k in keys:
        if isinstance(d.get(k), (int, float)) and not isinstance(d.get(k), bool):
            return d[k]
    return None


def _f(x, unit="", nd=1):
    return "–" if x is None else f"{x:,.{nd}f}{unit}"


def rows_for_eval(r: dict) -> list[dict]:
    ours, base = _num(r, "batched_items_per_s"), _num(r, "sequential_items_per_s")
    ratio = _num(r, "ratio")
    return [
        {
            "what": f"evaluation items/s, batch {r.get('batch_size', '?')} vs one at a time "
            f"({r.get('items', '?')} {r.get('dataset_label', 'GSM8K')} items, "
            f"{r.get('max_new_tokens', '?')} new tokens; {r.get('model', '')})"
            + ("" if r.get("identical_responses", True) else " — responses DIFFER"),
            "ours": _f(ours, " items/s", 2),
            "baseline": _f(base, " items/s", 2),
            "ratio": ratio,
            "target": "> 1x",
            "met": None if ratio is None else ratio > 1,
        }
    ]


def rows_for_train(r: dict) -> list[dict]:
    ratio = _num(r, "ratio")
    po, pb = _num(r, "ours_peak_mem_mb"), _num(r, "baseline_peak_mem_mb")
    where = f"{r.get('model', '')}, batch {r.get('batch_size', '?')}, max length {r.get('max_length', '?')}"
    return [
        {
            "what": f"training effective tokens/s vs the seeds' padded setup ({where})",
            "ours": _f(_num(r, "ours_tokens_per_s"), " tok/s"),
            "baseline": _f(_num(r, "baseline_tokens_per_s"), " tok/s"),
            "ratio": ratio,
            "target": "> 1x",
            "met": None if ratio is None else ratio > 1,
        },
        {
            "what": f"training peak memory ({r.get('mem_kind', '')}; ratio = baseline ÷ ours)",
            "ours": _f(po, " MiB"),
            "baseline": _f(pb, " MiB"),
            "ratio": pb / po if po and pb else None,
            "target": "–",
            "met": None,
        },
    ]


def rows_generic(r: dict) -> list[dict]:
    """Fallback for a module that returns a flat dict: one row per `*ratio*` figure."""
    rows = []
    for k, v in r.items():
        if "ratio" in k and isinstance(v, (int, float)):
            stem = k.replace("_ratio", "").replace("ratio_", "").replace("ratio", "").strip("_")
            ours = next(
                (
                    r[x]
                    for x in r
                    if x.startswith(("ours", stem))
                    and x != k
                    and isinstance(r[x], (int, float))
                    and "ratio" not in x
                ),
                None,
            )
            rows.append(
                {
                    "what": stem or k,
                    "ours": _f(ours, "", 3) if ours is not None else "see raw",
                    "baseline": "see raw",
                    "ratio": float(v),
                    "target": r.get(f"{stem}_target", "–"),
                    "met": r.get(f"{stem}_met"),
                }
            )
    return rows


def to_entry(name: str, result: dict) -> dict:
    if isinstance(result, dict) and "rows" in result:
        return {
            "rows": result["rows"],
            "raw": result.get("raw", {}),
            "notes": result.get("notes", []),
            "status": result.get("status", "ok"),
            "reason": result.get("reason", ""),
        }
    rows = {"eval": rows_for_eval, "train": rows_for_train}.get(name, rows_generic)(result)
    notes = [f"raw figures from `{BENCHMARKS[name]}.run`: see bench/results.json"]
    return {"rows": rows, "raw": result, "notes": notes, "status": "ok", "reason": ""}


# ---- running ---------------------------------------------------------------------------------


def run_in_process(name: str, quick: bool) -> dict:
    module = BENCHMARKS[name]
    if importlib.util.find_spec(module) is None:
        return {
            "rows": [],
            "status": "skipped",
            "reason": f"`{module}` is not in this checkout yet",
            "notes": [],
        }
    mod = importlib.import_module(module)
    return to_entry(name, mod.run(quick=quick))


def run_child(name: str, quick: bool, timeout: float) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        out = Path(tmp) / "result.json"
        cmd = [sys.executable, "-m", "bench", "--worker", name, "--json-out", str(out)]
        if quick:
            cmd.append("--quick")
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "TOKENIZERS_PARALLELISM": "false",
        }
        try:
            proc = subprocess.run(
                cmd,
                cwd=common.REPO,
                env=env,
                timeout=timeout,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        except subprocess.TimeoutExpired:
            return {"rows": [], "status": "failed", "reason": f"timed out after {timeout:.0f} s", "notes": []}
        if out.exists():
            return json.loads(out.read_text())
        tail = "\n".join(proc.stdout.strip().splitlines()[-8:])
        return {
            "rows": [],
            "status": "failed",
            "reason": f"exit {proc.returncode}",
            "notes": ["child output (tail): `" + tail.replace("`", "'").replace("\n", " ⏎ ")[-600:] + "`"],
        }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument(
        "--quick", action="store_true", help="small sizes (the whole set in under 3 min on 2 cores)"
    )
    p.add_argument("--only", help="comma-separated names: " + ", ".join(BENCHMARKS))
    p.add_argument("--gpu", action="store_true", help="run the GPU figures (bench_gpu)")
    p.add_argument(
        "--output-dir",
        type=Path,
        default=common.DEFAULT_OUTPUT_DIR,
        help="where BENCHMARKS.md and bench/results.json go (default: the repo)",
    )
    p.add_argument("--timeout", type=float, default=None, help="per-benchmark time limit (s)")
    p.add_argument("--list", action="store_true")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--json-out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.list:
        for n, m in BENCHMARKS.items():
            print(f"{n:10s} {m}{'' if importlib.util.find_spec(m) else '  (not present)'}")
        return 0
    if args.worker:
        started = time.perf_counter()
        try:
            entry = run_in_process(args.worker, args.quick)
        except Exception as exc:  # noqa: BLE001 - recorded as a failed row
            import traceback

            traceback.print_exc()
            entry = {
                "rows": [],
                "status": "failed",
                "reason": f"{type(exc).__name__}: {exc}"[:300],
                "notes": [],
            }
        entry["seconds"] = round(time.perf_counter() - started, 1)
        Path(args.json_out).write_text(json.dumps(entry, default=str))
        return 0

    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in BENCHMARKS]
        if unknown:
            p.error(f"unknown benchmark(s) {unknown}; choose from {', '.join(BENCHMARKS)}")
    else:
        names = ["gpu"] if args.gpu else list(CPU_SET) + ["gpu"]
    if args.gpu and "gpu" not in names:
        names.append("gpu")
    timeout = args.timeout or (300 if args.quick else 1800)
    mach, failed = common.machine(), 0
    for name in names:
        print(f"== {name} ({'quick' if args.quick else 'full'}) ...", flush=True)
        t0 = time.perf_counter()
        if name == "gpu" and not args.gpu and mach["gpu"] == "none":
            existing = common.load_results(args.output_dir)["benchmarks"].get("gpu", {})
            if existing.get("rows"):
                print("   no GPU here; keeping the recorded GPU figures")
                continue
            entry = {
                "rows": [],
                "status": "skipped",
                "reason": "no GPU lent in this session",
                "notes": ["run `python -m bench --gpu` on a machine with a CUDA GPU"],
            }
        else:
            # the GPU set builds and loads a 4B model several times: give it more time
            entry = run_child(name, args.quick, max(timeout, 1200) if name == "gpu" else timeout)
        entry.setdefault("seconds", round(time.perf_counter() - t0, 1))
        entry.update(quick=args.quick, machine=mach, date=common.now_date())
        if entry.get("status") == "failed":
            failed += 1
        common.save_result(args.output_dir, name, entry)
        for row in entry.get("rows", []):
            print(
                f"   {row['what']}: ours {row['ours']} | baseline {row['baseline']} | "
                f"{common.fmt_ratio(row.get('ratio'))} | target {row.get('target')} | "
                f"met {common.fmt_met(row.get('met'))}"
            )
        if not entry.get("rows"):
            print(f"   {entry.get('status')}: {entry.get('reason')}")
            for note in entry.get("notes", []):
                print(f"   {note}")
        print(f"   ({time.perf_counter() - t0:.1f} s)", flush=True)
    print(f"wrote {common.markdown_path(args.output_dir)} and {common.results_path(args.output_dir)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
