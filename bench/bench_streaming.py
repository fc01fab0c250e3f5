"""Streaming overhead: tokens/s through the app's `/solve` path vs a bare `model.generate`.

Ours: `Tutor.reply` with the `HFEngine` (token streamer on a generation thread, stop criterion,
reasoning split, Reply snapshots) — what `/solve` runs. Baseline: `model.generate` on the same
model, prompt (the engine's own chat-templated prompt) and length, no streamer. Greedy; both sides
generate exactly N tokens (`min_new_tokens = max_new_tokens = N` on the model's generation config,
so end-of-sequence cannot end either early). Repetitions alternate ours/baseline; medians count.

Time to first token: ours = from calling `Tutor.reply` to the first snapshot with text; baseline =
a bare `model.generate(max_new_tokens=1)` (prefill + one token). The difference is what the app
adds.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path


def app_and_bare(engine, problem: str, n_tokens: int, sync=lambda: None, verify_answer: bool = True):
    """The two sides of the streaming benchmark on one engine's model (used here and by the GPU
    benchmark): (ours, bare, ours_ttft, bare_ttft, inputs). `ours` runs `Tutor.reply` (what
    `/solve` runs) and returns the new-token count; `bare` runs `model.generate` on the engine's
    own chat-templated prompt; the *_ttft ones return seconds to the first text / first token.
    `sync` waits for the device (CUDA) after a bare call."""
    import torch

    from tutor.engine.engines import GenerationSettings
    from tutor.tutoring.service import Tutor

    model, tok = engine.model, engine.tokenizer
    tutor = Tutor(engine)
    settings = GenerationSettings(max_new_tokens=n_tokens, temperature=0.0)
    prompt = engine.prepare(problem, [], max_new_tokens=n_tokens)
    inputs = {
        k: v.to(model.device)
        for k, v in tok(prompt.text, return_tensors="pt", add_special_tokens=False).items()
    }
    gen_kw = dict(do_sample=False, temperature=None, top_p=None, top_k=None, pad_token_id=tok.pad_token_id)

    def ours():
        last = None
        for last in tutor.reply(problem, [], settings, verify_answer=verify_answer):
            pass
        assert last is not None and last.error is None, last and last.error
        return engine.stats.last_new_tokens

    def bare():
        with torch.inference_mode():
            out = model.generate(**inputs, max_new_tokens=n_tokens, **gen_kw)
        sync()
        return int(out.shape[-1] - inputs["input_ids"].shape[-1])

    def ours_ttft():
        t0 = time.perf_counter()
        gen = tutor.reply(problem, [], settings, verify_answer=verify_answer)
        for reply in gen:
            if reply.text:
                dt = time.perf_counter() - t0
                gen.close()
                return dt
        return float("nan")

    def bare_ttft():
        t0 = time.perf_counter()
        with torch.inference_mode():
            model.generate(**inputs, max_new_tokens=1, min_new_tokens=1, **gen_kw)
        sync()
        return time.perf_counter() - t0

    return ours, bare, ours_ttft, bare_ttft, inputs


def run(quick: bool = True) -> dict:
    import os

    # One intra-op thread on both sides: the engine generates on its own Python thread, and on a
    # shared 2-core machine a 2-thread OpenMP team on the main thread (the bare baseline) is
    # slowed several-fold by spin-waiting under load, which would flatter the app's path.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import torch

    from bench.common import interleaved, paired_ratio, unknown_ids
    from tutor.core.loading import load_model
    from tutor.engine.engines import HFEngine
    from tutor.testing.tiny_model import build

    torch.set_num_threads(1)
    threads = torch.get_num_threads()
    hidden, layers = 384, 4
    n_tokens = 64 if quick else 256
    reps = 9 if quick else 21
    problem = "Solve 3x + 7 = 22 and explain each step."
    with tempfile.TemporaryDirectory(prefix="bench-stream-") as tmp:
        path = build(Path(tmp) / "tiny", hidden_size=hidden, num_layers=layers)
        loaded = load_model(str(path), precision="fp32", device="cpu")
    model, tok = loaded.model, loaded.tokenizer
    model.generation_config.min_new_tokens = n_tokens  # neither side may stop early
    # A random model emits byte tokens that never form valid UTF-8, and the token streamer
    # (rightly) holds back text that ends in an incomplete character, so nothing would stream
    # until the end. Suppress the tokens that do not decode on their own (both sides alike) so
    # the text is well-formed, as a trained model's is.
    bad = unknown_ids(tok, len(tok))
    model.generation_config.suppress_tokens = bad
    engine = HFEngine(loaded)
    ours, bare, ours_ttft, bare_ttft, inputs = app_and_bare(engine, problem, n_tokens)
    res = interleaved({"ours": ours, "bare": bare}, reps=reps, warmup=1)
    n_ours, n_bare = res["ours"]["last"], res["bare"]["last"]
    tps_ours = n_ours / res["ours"]["median"]
    tps_bare = n_bare / res["bare"]["median"]
    # tokens/s ratio = bare time ÷ ours time for the same token count, taken per back-to-back
    # pair and then the median: a load spike on the shared machine moves both of a pair alike
    ratio = paired_ratio(res, "bare", "ours") * n_ours / n_bare

    ttft_o, ttft_b = [], []
    for i in range(reps * 2):
        if i % 2 == 0:
            ttft_o.append(ours_ttft())
            ttft_b.append(bare_ttft())
        else:
            ttft_b.append(bare_ttft())
            ttft_o.append(ours_ttft())
    t_o, t_b = statistics.median(ttft_o), statistics.median(ttft_b)
    added_ms = (t_o - t_b) * 1000
    rows = [
        {
            "what": f"tokens/s, `Tutor.reply`+HFEngine vs bare `generate` ({n_tokens} tokens, greedy)",
            "ours": f"{tps_ours:,.1f} tok/s",
            "baseline": f"{tps_bare:,.1f} tok/s",
            "ratio": ratio,
            "target": "≥ 0.95x",
            "met": ratio >= 0.95,
        },
        {
            "what": "time to first token added by the app path",
            "ours": f"{t_o * 1000:.1f} ms",
            "baseline": f"{t_b * 1000:.1f} ms",
            "ratio": None,
            "target": "≤ 50 ms added",
            "met": added_ms <= 50,
        },
    ]
    notes = [
        f"model: tiny random Gemma3ForCausalLM, hidden {hidden}, {layers} layers, fp32 on CPU, "
        f"{threads} torch threads; prompt {inputs['input_ids'].shape[-1]} tokens",
        f"both sides generated exactly {n_ours} / {n_bare} tokens; {reps} alternating repetitions; "
        "tokens/s are from the median times, the ratio is the median of the per-repetition ratios "
        f"(ratio of the medians: {tps_ours / tps_bare:.3f})",
        f"time to first token added: {added_ms:.1f} ms (median of {len(ttft_o)} each)",
        f"{len(bad)} byte tokens that do not decode on their own are suppressed on both sides "
        "(a random model otherwise emits invalid UTF-8, which the streamer holds back to the end)",
    ]
    raw = {
        "tokens": n_tokens,
        "tokens_ours": n_ours,
        "tokens_bare": n_bare,
        "tokens_per_s_ours": tps_ours,
        "tokens_per_s_bare": tps_bare,
        "ratio": ratio,
        "ratio_of_medians": tps_ours / tps_bare,
        "times_ours_s": res["ours"]["times"],
        "times_bare_s": res["bare"]["times"],
        "ttft_ours_ms": [x * 1000 for x in ttft_o],
        "ttft_bare_ms": [x * 1000 for x in ttft_b],
        "ttft_added_ms": added_ms,
        "suppressed_tokens": len(bad),
        "hidden": hidden,
        "layers": layers,
        "threads": threads,
    }
    return {"rows": rows, "raw": raw, "notes": notes}


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=True)["rows"], indent=2))
