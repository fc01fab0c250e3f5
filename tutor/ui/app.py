"""The Gradio Blocks app: header, engine banner, tabs, and the `gradio_client` API."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Iterator

import gradio as gr

from tutor.settings import AppConfig
from tutor.engine.engines import Engine, GenerationSettings
from tutor.tutoring.service import StopRegistry, Tutor
from tutor.ui import adapter_panel, compare_tab, tutor_tab
from tutor.ui import train_tab
from tutor.ui import evaluate_tab

CSS = """
#engine-banner {border-left: 4px solid #f59e0b; padding: 4px 12px; background: rgba(245,158,11,.08);}
#header-info {font-size: 0.9em; opacity: 0.85;}
"""


def gpu_wrapper(engine: Engine) -> Callable:
    """On Hugging Face ZeroGPU Spaces, wrap GPU work with `spaces.GPU`; elsewhere a no-op."""
    if engine.info.kind != "hf":
        return lambda fn: fn
    try:
        import spaces  # type: ignore[import-not-found]
    except ImportError:
        return lambda fn: fn
    return spaces.GPU(duration=120)


@dataclass
class AppContext:
    config: AppConfig
    engine: Engine
    tutor: Tutor = field(init=False)
    stops: StopRegistry = field(default_factory=StopRegistry)

    def __post_init__(self) -> None:
        self.tutor = Tutor(self.engine)
        self.gpu = gpu_wrapper(self.engine)

    @property
    def concurrency(self) -> int:
        # One generation at a time per loaded model; the SymPy engine has its own worker lock.
        return 1 if self.engine.info.kind == "hf" else 4

    def header(self, adapter: str | None = None) -> str:
        i = self.engine.info
        adapter = adapter or getattr(getattr(self.engine, "adapters", None), "default", None)
        adapter = adapter if adapter and adapter != "base" else "none (base model)"
        if i.kind == "symbolic":
            return f"**Engine:** {i.model} · **Device:** {i.device}"
        return (f"**Model:** `{i.model}` · **Adapter:** {adapter} · **Device:** {i.device} · "
                f"**Precision:** {i.precision}")


def build_demo(ctx: AppContext) -> gr.Blocks:
    with gr.Blocks(title="Math Tutor Studio") as demo:
        gr.Markdown("# Math Tutor Studio\nStep-by-step math tutoring with a fine-tuned LLM.")
        ctx.header_md = gr.Markdown(ctx.header(), elem_id="header-info")
        if ctx.engine.info.banner:
            gr.Markdown(f"⚠️ {ctx.engine.info.banner}", elem_id="engine-banner")
        with gr.Tabs():
            with gr.Tab("Tutor", id="tutor"):
                tutor_tab.render(ctx)
            with gr.Tab("Compare", id="compare"):
                compare_tab.render(ctx)
            with gr.Tab("Train", id="train"):
                train_tab.render(ctx)
            with gr.Tab("Evaluate", id="evaluate"):
                evaluate_tab.render(ctx)
        register_api(ctx)
        train_tab.register_api(ctx)
        evaluate_tab.register_api(ctx)
    return demo


def register_api(ctx: AppContext) -> None:
    """The stable API for `gradio_client` (see README)."""

    def _replies(problem, history, max_new_tokens, temperature, top_p, repetition_penalty,
                 adapter, mode, answer, samples, stop):
        adapter = adapter_panel.check_adapter(ctx, adapter)
        history = [h for h in (history or []) if isinstance(h, dict)]
        settings = GenerationSettings(max_new_tokens, temperature, top_p, repetition_penalty)
        return ctx.tutor.respond(mode, problem, history, settings, stop, adapter=adapter,
                                 answer=answer or "", samples=int(samples or 0))

    def solve(problem: str, history: list | None = None, max_new_tokens: int = 1024,
              temperature: float = 0.0, top_p: float = 0.95, repetition_penalty: float = 1.0,
              adapter: str = "base", mode: str = "solve", answer: str = "",
              samples: int = 0) -> Iterator[str]:
        """Stream a step-by-step reply to `problem`; the last value is the whole reply
        (`<think>` reasoning, then the answer, then a one-line verdict such as
        "✓ verified by SymPy: ...", "calculations checked: ...", "⚠ calculation error: line 4:
        ..." or "✗ wrong: SymPy finds $x = 4$ (...)", when one can be given). `adapter`: "base" or a loaded adapter's name or source.
        `mode`: "solve" (default), "hint" (the next hint only; pass the earlier hints as
        assistant turns in `history` to get the following one), or "check" (is the student's
        `answer`, a final answer or lines of work, right?). `samples`: k > 0 adds a
        self-consistency note (k extra samples at temperature 0.7). Use `/solve_verified` for the
        checks as data."""
        stop = threading.Event()
        replies = _replies(problem, history, max_new_tokens, temperature, top_p,
                           repetition_penalty, adapter, mode, answer, samples, stop)
        try:
            for reply in replies:
                yield reply.as_text()
        finally:
            stop.set()  # a cancelled client job ends the generation
            replies.close()

    def solve_verified(problem: str, history: list | None = None, max_new_tokens: int = 1024,
                       temperature: float = 0.0, top_p: float = 0.95,
                       repetition_penalty: float = 1.0, adapter: str = "base",
                       mode: str = "solve", answer: str = "", samples: int = 0) -> dict:
        """Like `/solve` (same parameters) but returns, once finished, a dict:
        {"reply": str (what /solve returns), "mode", "verification": {"status": "verified" |
        "calculations_checked" | "calculation_error" | "wrong" | "none", "message": markdown,
        "line", "expected": SymPy's answer or the correct value (LaTeX) or None, "steps",
        "reason", "kind", "method"} or None (not checked: offline engine, no final answer,
        stopped), "confidence": {...} or None, "check": {...} (mode "check") or None,
        "hint_index", "revealed"}."""
        stop = threading.Event()
        last = None
        replies = _replies(problem, history, max_new_tokens, temperature, top_p,
                           repetition_penalty, adapter, mode, answer, samples, stop)
        try:
            for last in replies:
                pass
        finally:
            stop.set()
            replies.close()
        return last.data() if last is not None else {"reply": "", "verification": None}

    def status() -> dict:
        """Which engine is serving, and what the last generation did."""
        i, s = ctx.engine.info, ctx.engine.stats
        return {"engine": i.kind, "model": i.model, "device": i.device, "precision": i.precision,
                "banner": i.banner, "generations": s.generations, "active": s.active,
                "last_new_tokens": s.last_new_tokens, "last_stopped": s.last_stopped}

    gr.api(ctx.gpu(solve), api_name="solve", concurrency_id="model",
           concurrency_limit=ctx.concurrency)
    gr.api(ctx.gpu(solve_verified), api_name="solve_verified", concurrency_id="model",
           concurrency_limit=ctx.concurrency)
    gr.api(status, api_name="status", queue=False)
    adapter_panel.register_api(ctx)
    register_math_api()
    compare_tab.register_api(ctx)


MAX_VERIFY_PROBLEM_CHARS = 8_000
MAX_VERIFY_REPLY_CHARS = 20_000
MAX_GOLD_CHARS = 2_000


def _bounded(name: str, value, limit: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise gr.Error(f"`{name}` must be text.")
    if len(value) > limit:
        raise gr.Error(f"`{name}` is {len(value):,} characters long; the limit is {limit:,}.")
    return value


def register_math_api() -> None:
    """`/verify` and `/grade`: the math core's checks without a model (see README)."""
    import tutor.math as math_core

    def verify(problem: str, reply: str) -> dict:
        """The verdict on `reply` to `problem`: {"status": "verified" | "calculations_checked" |
        "calculation_error" | "wrong" | "none", "message", "line", "expected", "steps", "reason",
        "kind", "method"}."""
        problem = _bounded("problem", problem, MAX_VERIFY_PROBLEM_CHARS)
        reply = _bounded("reply", reply, MAX_VERIFY_REPLY_CHARS)
        return math_core.verify(problem, reply).to_dict()

    def grade(reply: str, gold: str) -> dict:
        """Is the final answer of `reply` the `gold` answer? {"correct", "extracted", "method",
        "gold"} (math-verify extraction; GSM8K `####` and "The answer is" rules)."""
        reply = _bounded("reply", reply, MAX_VERIFY_REPLY_CHARS)
        gold = _bounded("gold", gold, MAX_GOLD_CHARS)
        return math_core.grade(reply, gold).to_dict()

    gr.api(verify, api_name="verify", concurrency_id="math", concurrency_limit=4)
    gr.api(grade, api_name="grade", concurrency_id="math", concurrency_limit=4)
