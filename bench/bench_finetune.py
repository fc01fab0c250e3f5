"""A fine-tune that measurably teaches: SmolLM2-135M-Instruct, QLoRA on CPU, base vs adapter.

    python -m bench.bench_finetune [--run-dir DIR] [--limit N] [--write]

1. Train: `python -m train --config train/recipes/smollm2-word-problems.yaml` (4-bit NF4 on CPU,
   the recipe as committed) into `runs/bench-finetune/`, timed; with `--run-dir` an existing run
   of that recipe is used instead (its own events give the steps and times).
2. Evaluate (`tutor.evaluation.evaluate`, the project's Evaluate): base and adapter, greedy, on the
   same held-out rows of `train/data/word-problems/test.jsonl` (a seeded draw of `--limit` rows),
   each with its Wilson 95% interval.

`--write` puts the figures in BENCHMARKS.md between this benchmark's markers and the raw report
in bench/finetune_results.json. Not part of `python -m bench --quick` (it takes about 15 minutes
on 2 idle cores: training about 5, the base's long replies most of the rest).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import replace_section

ROOT = Path(__file__).resolve().parents[1]
RECIPE = ROOT / "train" / "recipes" / "smollm2-word-problems.yaml"
TEST_SPLIT = ROOT / "train" / "data" / "word-problems" / "test.jsonl"
MODEL_NAME = "SmolLM2-135M-Instruct"
BEGIN, END = "<!-- issue-22 finetune: begin -->", "<!-- issue-22 finetune: end -->"


def train(run_dir: Path) -> float:
    """The recipe as committed, in a child process (its own threads); returns its wall time."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "train", "--config", str(RECIPE), "--set", f"output_dir={run_dir}"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - t0


def run_figures(run_dir: Path) -> dict:
    """Steps, loss and times from the run's events.jsonl (written by the training job)."""
    events = [json.loads(line) for line in (run_dir / "events.jsonl").read_text().splitlines() if line]
    start = next(e for e in events if e["event"] == "start")
    steps = [e for e in events if e["event"] == "step"]
    done = next((e for e in events if e["event"] == "done"), None)
    config = (run_dir / "config.yaml").stat().st_mtime  # written when the job starts, before loading
    first, last = steps[0], steps[-1]
    per_step = (last["time"] - first["time"]) / max(1, last["step"] - first["step"])
    return {
        "steps": last["step"],
        "total_steps": start["total_steps"],
        "effective_batch_size": start["effective_batch_size"],
        "train_rows": start["num_examples"],
        "precision": start["precision"],
        "trainable_params": start["trainable_params"],
        "first_loss": first["loss"],
        "last_loss": last["loss"],
        "s_per_step": per_step,
        "job_wall_s": ((done or last)["time"] - config),
        "started_at": start["started_at"],
    }


def evaluate_run(
    run_dir: Path, limit: int, max_new_tokens: int, batch_size: int, resume: bool = False
) -> dict:
    from tutor.core.real_model import ensure_real_model
    from tutor.evaluation.evaluate import evaluate

    model = ensure_real_model()
    report = evaluate(
        str(model),
        [str(run_dir / "adapter")],
        dataset=str(TEST_SPLIT),
        limit=limit,
        batch_size=batch_size,
        max_new_tokens=max_new_tokens,
        precision="fp32",
        device="cpu",
        output=run_dir / "word-problems-eval.json",
        overwrite=not resume,  # resume: Evaluate's own resume, items already in the file are kept
        show_progress=True,
    )
    return report


def summarize(run: dict, report: dict, wall_s: float | None) -> dict:
    results = report["results"]
    (name,) = [k for k in results if k != "base"]
    base, tuned = results["base"], results[name]
    return {
        "model": MODEL_NAME,
        "recipe": str(RECIPE.relative_to(ROOT)),
        "run": run,
        "process_wall_s": wall_s,
        "eval": {
            "dataset": str(TEST_SPLIT.relative_to(ROOT)),
            "n": base["n"],
            "max_new_tokens": report["config"]["max_new_tokens"],
            "batch_size": report["config"]["batch_size"],
            "generation_s": sum(r["generation_s"] for r in results.values()),
            "base": {k: base[k] for k in ("accuracy", "ci95", "correct", "n", "avg_reply_tokens")},
            "adapter": {k: tuned[k] for k in ("accuracy", "ci95", "correct", "n", "avg_reply_tokens")},
        },
        "per_template": per_template(report, name),
        "gain_points": 100 * (tuned["accuracy"] - base["accuracy"]),
        "intervals_overlap": not (tuned["ci95"][0] > base["ci95"][1]),
        "load_average_1m": os.getloadavg()[0],
        "cpu_cores": len(os.sched_getaffinity(0)),
        "torch_threads": os.environ.get("OMP_NUM_THREADS", "default"),
    }


def per_template(report: dict, name: str) -> dict:
    """{template: {"base": [correct, n], "adapter": [correct, n]}} over the evaluated rows."""
    rows = [json.loads(line) for line in TEST_SPLIT.read_text().splitlines()]
    template = {r["question"]: r["template"] for r in rows}
    out: dict = {}
    for it in report["items"]:
        side = "base" if it["adapter"] == "base" else "adapter" if it["adapter"] == name else None
        if side is None:
            continue
        cell = out.setdefault(template[it["question"]], {"base": [0, 0], "adapter": [0, 0]})[side]
        cell[0] += int(bool(it["correct"]))
        cell[1] += 1
    return out


def _pct(ci) -> str:
    return f"[{100 * ci[0]:.1f}, {100 * ci[1]:.1f}]"


def render(res: dict) -> str:
    run, ev = res["run"], res["eval"]
    b, a = ev["base"], ev["adapter"]
    wall = res.get("process_wall_s") or run["job_wall_s"]
    met = res["gain_points"] >= 20 and not res["intervals_overlap"]
    lines = [
        BEGIN,
        "## A fine-tune that measurably teaches (issue 22): SmolLM2-135M-Instruct, QLoRA on CPU",
        "",
        "`python -m bench.bench_finetune --write`: `python -m train` with "
        f"`{res['recipe']}` (4-bit NF4 on CPU, LoRA r=16 on every linear layer), then Evaluate "
        f"(`tutor.evaluation.evaluate`, greedy) of the base and the adapter on the same {ev['n']} "
        f"held-out problems of `{ev['dataset']}` (train/word_problems.py: templated one- and two-step "
        "arithmetic word problems; a problem's template and numbers decide its split, so no held-out "
        "problem is in the training data under any name or object).",
        "",
        "| model | steps × batch | training wall time | s/step | base accuracy (95% Wilson) "
        "| adapter accuracy (95% Wilson) | gain | target | met? |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| {res['model']} | {run['steps']} × {run['effective_batch_size']} | {wall / 60:.1f} min "
        f"| {run['s_per_step']:.1f} | {100 * b['accuracy']:.1f}% {_pct(b['ci95'])} ({b['correct']}/{b['n']}) "
        f"| {100 * a['accuracy']:.1f}% {_pct(a['ci95'])} ({a['correct']}/{a['n']}) "
        f"| {res['gain_points']:+.1f} points | ≥ 20 points, intervals apart "
        f"| {'yes' if met else '**no**'} |",
        "",
        f"- training: {run['steps']} steps of {run['effective_batch_size']} rows ({run['train_rows']} "
        f"training rows), {run['precision']}, loss {run['first_loss']:.2f} → {run['last_loss']:.2f}; "
        f"wall time from the job's start (before the model loads) to the adapter saved: "
        f"{run['job_wall_s']:.0f} s; started {run['started_at']}",
        f"- evaluation: {ev['max_new_tokens']} new tokens at most, batch {ev['batch_size']}, fp32; "
        f"average reply {b['avg_reply_tokens']:.0f} tokens (base) vs {a['avg_reply_tokens']:.0f} "
        f"(adapter); generation {ev['generation_s']:.0f} s (base and adapter)",
        "- per template, base → adapter (correct/n): "
        + "; ".join(
            f"{t} {c['base'][0]}/{c['base'][1]} → {c['adapter'][0]}/{c['adapter'][1]}"
            for t, c in res.get("per_template", {}).items()
        ),
        *(f"- {note}" for note in res.get("notes", [])),
        # the load average says whether the times are an idle machine's: a load above the run's own
        # torch threads means other work shared the cores
        f"- machine: {res['cpu_cores']} cores, 1-minute load average {res['load_average_1m']:.1f} at the "
        f"end, torch threads {res['torch_threads']}"
        + (
            ": other work shared the cores, so the times are a busy machine's"
            if res["load_average_1m"] > res["torch_threads"] + 0.5
            else ""
        ),
        END,
    ]
    return "\n".join(lines)


def write(res: dict) -> None:
    (ROOT / "bench" / "finetune_results.json").write_text(json.dumps(res, indent=1) + "\n")
    replace_section(ROOT / "BENCHMARKS.md", BEGIN, END, render(res))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run-dir", type=Path, help="an existing run of the recipe (skip training)")
    ap.add_argument("--limit", type=int, default=100, help="held-out problems (seeded draw)")
    ap.add_argument("--max-new-tokens", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=25)
    ap.add_argument(
        "--write", action="store_true", help="update BENCHMARKS.md and bench/finetune_results.json"
    )
    ap.add_argument("--resume", action="store_true", help="keep the items of the run's last evaluation")
    ap.add_argument("--note", action="append", default=[], help="a line for the notes (repeatable)")
    args = ap.parse_args(argv)
    wall = None
    run_dir = args.run_dir
    if run_dir is None:
        run_dir = ROOT / "runs" / "bench-finetune"
        wall = train(run_dir)
    report = evaluate_run(run_dir, args.limit, args.max_new_tokens, args.batch_size, args.resume)
    res = summarize(run_figures(run_dir), report, wall)
    res["notes"] = list(args.note)
    print(render(res))
    if args.write:
        write(res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
