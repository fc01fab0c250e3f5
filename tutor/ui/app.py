"""The Gradio Blocks app: header, engine banner, tabs, and the `gradio_client` API."""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from tutor.engine.engines import GenerationSettings
from tutor.ui import access, adapter_panel, compare_tab, evaluate_tab, photo_panel, train_tab, tutor_tab
from tutor.ui.context import AppContext, gpu_wrapper  # noqa: F401 - moved there; importable here too
from tutor.ui.pipeline import TutorRequest, serve

CSS = """
#engine-banner {border-left: 4px solid #f59e0b; padding: 4px 12px; background: rgba(245,158,11,.08);}
#header-info {font-size: 0.9em; opacity: 0.85;}
"""


def build_demo(ctx: AppContext) -> gr.Blocks:
    public = ctx.config.is_public
    photo_panel.uploads_in_memory(public)  # a public app's uploads land in RAM, not on disk
    with gr.Blocks(title="Math Tutor Studio") as demo:
        gr.Markdown("# Math Tutor Studio\nStep-by-step math tutoring with a fine-tuned LLM.")
        ctx.header_md = gr.Markdown(ctx.header(), elem_id="header-info")
        if ctx.engine.info.banner:
            gr.Markdown(f"⚠️ {ctx.engine.info.banner}", elem_id="engine-banner")
        if public and ctx.config.space_id and not ctx.config.auth:
            gr.LoginButton(elem_id="hf-login")  # teachers sign in with Hugging Face
        # On a public app the teacher tabs start hidden and are shown to teachers on page load.
        with gr.Tabs():
            with gr.Tab("Tutor", id="tutor"):
                tutor_tab.render(ctx)
            with gr.Tab("Compare", id="compare", visible=not public) as compare:
                compare_tab.render(ctx)
            with gr.Tab("Train", id="train", visible=not public) as train:
                train_tab.render(ctx)
            with gr.Tab("Evaluate", id="evaluate", visible=not public) as evaluate:
                evaluate_tab.render(ctx)
            if ctx.classes is not None:
                from tutor.ui import class_tab

                with gr.Tab("Class", id="class"):
                    class_tab.render(ctx)
        ctx.teacher_only += [compare, train, evaluate]
        if public:
            note = gr.Markdown(visible=False, elem_id="student-note")

            def show_for_teachers(request: gr.Request, profile: gr.OAuthProfile | None):
                teacher = access.is_teacher(ctx, request, profile)
                text = (
                    ""
                    if teacher
                    else (
                        "You are using this app as a student: the Tutor. "
                        + (access.refusal(ctx, request, profile, "Teacher features") or "")
                    )
                )
                return [gr.update(visible=teacher) for _ in ctx.teacher_only] + [
                    gr.update(value=text, visible=not teacher)
                ]

            demo.load(
                show_for_teachers, None, [*ctx.teacher_only, note], queue=False, api_visibility="private"
            )
        register_api(ctx)
        train_tab.register_api(ctx)
        evaluate_tab.register_api(ctx)
        if ctx.config.mcp:
            from tutor.ui import mcp

            mcp.register_tools(ctx)
    return demo


def status_data(ctx) -> dict:
    """`/status`: which engine is serving, and what the last generation did (the engine's public
    `current_stats()`, batch counters included where it batches)."""
    i, s = ctx.engine.info, ctx.engine.current_stats()
    return {
        "engine": i.kind,
        "model": i.model,
        "device": i.device,
        "precision": i.precision,
        "banner": i.banner,
        "loading": i.extra.get("loading", ""),
        "generations": s.generations,
        "active": s.active,
        "last_new_tokens": s.last_new_tokens,
        "last_stopped": s.last_stopped,
        "concurrency": ctx.concurrency,
        "batches": s.batches,
        "largest_batch": s.largest_batch,
    }


def register_api(ctx: AppContext) -> None:
    """The stable API for `gradio_client` (see README)."""

    def _served(
        request,
        problem,
        history,
        max_new_tokens,
        temperature,
        top_p,
        repetition_penalty,
        adapter,
        mode,
        answer,
        samples,
        image="",
    ):
        """The replies of one API request, through the request pipeline (`tutor.ui.pipeline`):
        its arguments checked, admitted by the quotas, stopped at the time limit (the last reply
        then says so), charged the tokens it generated."""
        images = photo_panel.api_images(image)  # checked; gr.Error with the reason
        adapter = adapter_panel.check_adapter(ctx, adapter)
        history = [h for h in (history or []) if isinstance(h, dict)]
        if len(history) > MAX_HISTORY_TURNS:
            raise gr.Error(
                f"`history` has {len(history)} turns; the limit is {MAX_HISTORY_TURNS}.", title="Too long"
            )
        ask = TutorRequest(
            mode=mode,
            problem=problem,
            history=history,
            settings=GenerationSettings(max_new_tokens, temperature, top_p, repetition_penalty),
            adapter=adapter,
            answer=answer or "",
            samples=int(samples or 0),
            images=images,
        )
        yield from serve(ctx, ask, request)

    def solve(
        problem: str,
        history: list | None = None,
        max_new_tokens: int = 1024,
        temperature: float = 0.0,
        top_p: float = 0.95,
        repetition_penalty: float = 1.0,
        adapter: str = "base",
        mode: str = "solve",
        answer: str = "",
        samples: int = 0,
        image: str = "",
        request: gr.Request = None,
    ) -> Iterator[str]:
        """Stream a step-by-step reply to `problem`; the last value is the whole reply
        (`<think>` reasoning, then the answer, then a one-line verdict such as
        "✓ verified by SymPy: ...", "calculations checked: ...", "⚠ calculation error: line 4:
        ..." or "✗ wrong: SymPy finds $x = 4$ (...)", when one can be given). `adapter`: "base"
        or a loaded adapter's name or source.
        `mode`: "solve" (default), "hint" (the next hint only; pass the earlier hints as
        assistant turns in `history` to get the following one), or "check" (is the student's
        `answer`, a final answer or lines of work, right?). `samples`: k > 0 adds a
        self-consistency note (k extra samples at temperature 0.7). `image`: a photo of the problem
        (base64 or a data: URL) for a model that reads pictures (`--vision`); other engines refuse
        it: read it with `/read_photo`, check the text, and send that. Use `/solve_verified` for
        the checks as data."""
        served = _served(
            request,
            problem,
            history,
            max_new_tokens,
            temperature,
            top_p,
            repetition_penalty,
            adapter,
            mode,
            answer,
            samples,
            image,
        )
        try:
            for reply in served:
                yield reply.as_text()
        finally:
            served.close()  # a cancelled client job ends the generation now, not at collection

    def solve_verified(
        problem: str,
        history: list | None = None,
        max_new_tokens: int = 1024,
        temperature: float = 0.0,
        top_p: float = 0.95,
        repetition_penalty: float = 1.0,
        adapter: str = "base",
        mode: str = "solve",
        answer: str = "",
        samples: int = 0,
        image: str = "",
        request: gr.Request = None,
    ) -> dict:
        """Like `/solve` (same parameters) but returns, once finished, a dict:
        {"reply": str (what /solve returns), "mode", "verification": {"status": "verified" |
        "calculations_checked" | "calculation_error" | "wrong" | "none", "message": markdown,
        "line", "expected": SymPy's answer or the correct value (LaTeX) or None, "steps",
        "reason", "kind", "method"} or None (not checked: offline engine, no final answer,
        stopped), "confidence": {...} or None, "check": {...} (mode "check") or None,
        "hint_index", "revealed"}."""
        last = None
        for last in _served(
            request,
            problem,
            history,
            max_new_tokens,
            temperature,
            top_p,
            repetition_penalty,
            adapter,
            mode,
            answer,
            samples,
            image,
        ):
            pass
        return {"reply": "", "verification": None} if last is None else last.data()

    def status() -> dict:
        """Which engine is serving, and what the last generation did."""
        return status_data(ctx)

    gr.api(ctx.gpu(solve), api_name="solve", concurrency_id="model", concurrency_limit=ctx.concurrency)
    gr.api(
        ctx.gpu(solve_verified),
        api_name="solve_verified",
        concurrency_id="model",
        concurrency_limit=ctx.concurrency,
    )
    gr.api(status, api_name="status", queue=False)
    adapter_panel.register_api(ctx)
    photo_panel.register_api(ctx)  # /read_photo
    register_math_api(ctx)
    compare_tab.register_api(ctx)


MAX_VERIFY_PROBLEM_CHARS = 8_000
MAX_VERIFY_REPLY_CHARS = 20_000
MAX_GOLD_CHARS = 2_000
MAX_HISTORY_TURNS = 100  # the API's `history` (a visitor's list: bounded)
MATH_CONCURRENCY = 32  # requests waiting in the fair SymPy pool (tutor.math.pool) at once


def _bounded(name: str, value, limit: int) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise gr.Error(f"`{name}` must be text.")
    if len(value) > limit:
        raise gr.Error(f"`{name}` is {len(value):,} characters long; the limit is {limit:,}.")
    return value


def register_math_api(ctx) -> None:
    """`/verify` and `/grade`: the math core's checks without a model (see README). On a public
    app each call counts against the visitor's requests per minute, as /solve does."""
    import tutor.math as math_core
    from tutor.math import pool
    from tutor.math.problems import Unsupported

    def verify(problem: str, reply: str, request: gr.Request = None) -> dict:
        """The verdict on `reply` to `problem`: {"status": "verified" | "calculations_checked" |
        "calculation_error" | "wrong" | "none", "message", "line", "expected", "steps", "reason",
        "kind", "method"}."""
        problem = _bounded("problem", problem, MAX_VERIFY_PROBLEM_CHARS)
        reply = _bounded("reply", reply, MAX_VERIFY_REPLY_CHARS)
        access.admit(ctx, request, 0, count_tokens=False)
        with pool.as_visitor(access.math_visitor(ctx, request)):
            return math_core.verify(problem, reply).to_dict()

    def grade(reply: str, gold: str, request: gr.Request = None) -> dict:
        """Is the final answer of `reply` the `gold` answer? {"correct", "extracted", "method",
        "gold"} (math-verify extraction; GSM8K `####` and "The answer is" rules)."""
        reply = _bounded("reply", reply, MAX_VERIFY_REPLY_CHARS)
        gold = _bounded("gold", gold, MAX_GOLD_CHARS)
        access.admit(ctx, request, 0, count_tokens=False)
        try:
            with pool.as_visitor(access.math_visitor(ctx, request)):
                return math_core.grade(reply, gold).to_dict()
        except Unsupported as exc:  # past its time limit in the worker, or the worker busy
            raise gr.Error(exc.reason, title="Not graded") from None

    # the work runs in the fair pool of SymPy workers: no FIFO line here for one flood to fill
    gr.api(verify, api_name="verify", concurrency_id="math", concurrency_limit=MATH_CONCURRENCY)
    gr.api(grade, api_name="grade", concurrency_id="math", concurrency_limit=MATH_CONCURRENCY)
