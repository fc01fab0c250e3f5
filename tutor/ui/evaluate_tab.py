"""The Evaluate tab and the `/evaluate` API: score the base model and loaded LoRA adapters on
GSM8K (or a local JSONL) with `tutor.evaluation.evaluate`. No model logic here.

Concurrency: the evaluation reuses the app's loaded model and holds `ctx.engine.lock` for the
whole run (the chat waits; Cancel stops it after the current batch). Adapters are the ones the
registry has already loaded: their *registry names* are passed to `tutor.evaluation.evaluate.evaluate` with
`loaded` pointing at the registry's PeftModel, so evaluate finds them in `peft_config` and only
switches between them (nothing is loaded twice, nothing is deleted), then restores the adapter that
was active. Base is always evaluated: it is the reference for the relative improvement.
"""

from __future__ import annotations

import contextlib
import dataclasses
import html
import shutil
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import gradio as gr

from tutor.adapters.registry import BASE, AdapterError
from tutor.tutoring.reasoning import split_reasoning
from tutor.tutoring.service import StopRegistry
from tutor.ui import access

NEEDS_MODEL = (
    "Evaluation needs a model loaded in this app: it is serving the built-in SymPy solver or a "
    "remote model server. Start it with "
    "`python app.py --model HUB_ID_OR_FOLDER`, or evaluate from the command line:\n\n"
    "```\npython -m tutor.evaluation.evaluate --model HUB_ID_OR_FOLDER --adapter runs/RUN/adapter "
    "--dataset gsm8k --limit 200 --output runs/evals/eval.json\n```"
)
FILTERS = ["all", "wrong only", "disagreements"]
MAX_BATCH = 64
TABLE_HEADERS = [
    "adapter",
    "n",
    "accuracy",
    "95% CI",
    "strict",
    "flexible",
    "rel. improvement",
    "tokens/s",
    "hint leak",
    "calc. checked",
    "calc. errors",
    "maj@k",
    "avg reply tokens",
]


# ---------------------------------------------------------------------------------------------
# pure helpers (tested without a model)


def _pct(x) -> str:
    return "-" if x is None else f"{x:.1%}"


def results_rows(report: dict) -> list[list]:
    """One table row per adapter: adapter, n, accuracy, 95% CI, strict, flexible, relative
    improvement, tokens/s, then tutoring quality: hint answer-leak rate, calculations-checked and
    calculation-error rates (the math core's verdicts), maj@k, average reply length in tokens
    (formatted strings, '-' when not applicable or not measured)."""
    rows = []
    for name, r in (report.get("results") or {}).items():
        ci = r.get("ci95")
        rel = r.get("relative_improvement")
        tps = r.get("tokens_per_s")
        rows.append(
            [
                name,
                r.get("n", 0),
                _pct(r.get("accuracy")),
                f"{ci[0]:.1%} – {ci[1]:.1%}" if ci else "-",
                _pct(r.get("strict_match")),
                _pct(r.get("flexible_extract")),
                "-" if rel is None else f"{rel:+.1%}",
                "-" if tps is None else f"{tps:.1f}",
                _pct(r.get("hint_leak_rate")),
                _pct(r.get("calculations_checked_rate")),
                _pct(r.get("calculation_error_rate")),
                "-" if r.get("maj_accuracy") is None else f"{r['maj_accuracy']:.1%} (k={r.get('maj_k')})",
                "-" if r.get("avg_reply_tokens") is None else f"{r['avg_reply_tokens']:.0f}",
            ]
        )
    return rows


def problems(report: dict) -> dict[int, dict[str, dict]]:
    """{row index: {adapter: item}} in the order items first appear."""
    out: dict[int, dict[str, dict]] = {}
    for it in report.get("items") or []:
        out.setdefault(it["index"], {})[it["adapter"]] = it
    return out


def filter_indices(report: dict, mode: str = "all") -> list[int]:
    """Problem indices for the browser. "wrong only": some adapter got it wrong;
    "disagreements": at least one adapter right and another wrong."""
    out = []
    for index, by in problems(report).items():
        marks = {bool(it.get("correct")) for it in by.values()}
        if mode == "wrong only" and False not in marks:
            continue
        if mode == "disagreements" and len(marks) < 2:
            continue
        out.append(index)
    return out


def item_choices(report: dict, mode: str = "all") -> list[tuple[str, int]]:
    by_index = problems(report)
    out = []
    for index in filter_indices(report, mode):
        by = by_index[index]
        first = next(iter(by.values()))
        q = " ".join(str(first.get("question", "")).split())
        marks = " ".join(f"{name}{'✓' if it.get('correct') else '✗'}" for name, it in by.items())
        out.append((f"#{index} · {marks} · {q[:70]}{'…' if len(q) > 70 else ''}", index))
    return out


def item_html(report: dict, index) -> str:
    """One problem: the question, the gold answer and each adapter's response (reasoning in a
    collapsed <details>), extracted answer and ✓/✗."""
    if index is None:
        return ""
    by = problems(report).get(int(index))
    if not by:
        return "<p><em>No such problem in this evaluation.</em></p>"
    esc = html.escape
    first = next(iter(by.values()))
    parts = [
        f"<div class='eval-item'><p><strong>Problem #{int(index)}</strong></p>",
        f"<pre style='white-space:pre-wrap'>{esc(str(first.get('question', '')))}</pre>",
        f"<p><strong>Gold:</strong> <code>{esc(str(first.get('gold', '')))}</code></p>",
    ]
    for name, it in by.items():
        ok = bool(it.get("correct"))
        reply = split_reasoning(str(it.get("response", "")), final=True)
        parts.append(f"<hr><h4>{'✓' if ok else '✗'} {esc(name)}</h4>")
        parts.append(
            f"<p>extracted: <code>{esc(str(it.get('extracted')))}</code> "
            f"({esc(str(it.get('method', '')))}) · {'correct' if ok else 'wrong'} "
            f"vs gold <code>{esc(str(it.get('gold', '')))}</code></p>"
        )
        if reply.reasoning:
            parts.append(
                "<details><summary>Reasoning</summary>"
                f"<pre style='white-space:pre-wrap'>{esc(reply.reasoning)}</pre>"
                "</details>"
            )
        parts.append(f"<pre style='white-space:pre-wrap'>{esc(reply.answer or '(empty)')}</pre>")
    parts.append("</div>")
    return "\n".join(parts)


def accuracy_figure(report: dict):
    """Bar chart of accuracy per adapter with the 95% Wilson interval as error bars; beside it,
    when measured, the tutoring-quality rates per adapter (hint leak, calculations checked,
    calculation errors, maj@k) as grouped bars."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    results = report.get("results") or {}
    names = [n for n, r in results.items() if r.get("accuracy") is not None]
    acc = [results[n]["accuracy"] for n in names]
    lo = [max(0.0, a - (results[n].get("ci95") or [a, a])[0]) for n, a in zip(names, acc)]
    hi = [max(0.0, (results[n].get("ci95") or [a, a])[1] - a) for n, a in zip(names, acc)]
    quality = [
        (key, label) for key, label in QUALITY_BARS if any(results[n].get(key) is not None for n in names)
    ]
    fig = Figure(figsize=(11 if quality else 6, 3.2), tight_layout=True)
    ax = fig.add_subplot(1, 2 if quality else 1, 1)
    if names:
        bars = ax.bar(
            names, acc, yerr=[lo, hi], capsize=6, color=["#9ca3af" if n == BASE else "#3b82f6" for n in names]
        )
        for bar, a in zip(bars, acc):
            ax.text(
                bar.get_x() + bar.get_width() / 2,
                a / 2,
                f"{a:.0%}",
                ha="center",
                va="center",
                color="white",
                fontsize=9,
            )
    else:
        ax.text(0.5, 0.5, "no results yet", ha="center", va="center", transform=ax.transAxes)
    ax.set_ylim(0, 1)
    ax.set_ylabel("accuracy (95% CI)")
    ax.set_title(f"{(report.get('config') or {}).get('dataset', '')}".strip() or "accuracy")
    if quality:
        qa = fig.add_subplot(1, 2, 2)
        width = 0.8 / max(1, len(names))
        for k, n in enumerate(names):
            vals = [results[n].get(key) or 0.0 for key, _ in quality]
            qa.bar(
                [q + k * width for q in range(len(quality))],
                vals,
                width,
                label=n,
                color="#9ca3af" if n == BASE else None,
            )
        qa.set_xticks(
            [q + width * (len(names) - 1) / 2 for q in range(len(quality))], [label for _, label in quality]
        )
        qa.set_ylim(0, 1)
        qa.set_ylabel("share of problems")
        qa.set_title("tutoring quality")
        qa.legend(fontsize=8)
    return fig


QUALITY_BARS = [
    ("hint_leak_rate", "hint leak"),
    ("calculations_checked_rate", "calc. checked"),
    ("calculation_error_rate", "calc. errors"),
    ("maj_accuracy", "maj@k"),
]


def output_path(runs_dir) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = Path(runs_dir) / "evals" / f"{stamp}.json"
    k = 1
    while path.exists():
        k += 1
        path = path.with_name(f"{stamp}-{k}.json")
    return path


def downloadable(path: str | None) -> str | None:
    """Gradio only serves files under the working directory or the temp dir: a report written
    to a runs dir elsewhere is offered through a copy in the temp dir."""
    if not path or not Path(path).exists():
        return None
    p = Path(path).resolve()
    for root in (Path.cwd(), Path(tempfile.gettempdir())):
        if p.is_relative_to(root.resolve()):
            return str(p)
    folder = Path(tempfile.mkdtemp(prefix="tutor-eval-"))
    return str(shutil.copy2(p, folder / p.name))


def progress_html(done: int, total: int, note: str = "") -> str:
    frac = done / total if total else 0.0
    return (
        f"<div style='border:1px solid #ccc;border-radius:4px;height:14px;width:100%'>"
        f"<div style='background:#3b82f6;height:100%;width:{frac:.1%}'></div></div>"
        f"<p>{done}/{total} generations ({frac:.0%}) {html.escape(note)}</p>"
    )


# ---------------------------------------------------------------------------------------------
# running (shared by the tab and the API)


def _registry(ctx):
    return getattr(ctx.engine, "adapters", None)


def adapter_choices(ctx) -> list[str]:
    reg = _registry(ctx)
    return reg.choices() if reg is not None else [BASE]


def run_evaluation(
    ctx,
    adapters,
    dataset: str = "gsm8k",
    limit: int | None = 20,
    batch_size: int = 8,
    max_new_tokens: int = 256,
    progress=None,
    cancel: threading.Event | None = None,
    output: Path | None = None,
    hints: bool = False,
    maj_k: int = 0,
    show_progress: bool = False,
) -> dict:
    """Evaluate base + the picked loaded adapters on the app's model, holding the engine lock.
    Raises gr.Error with a plain message on bad input or a symbolic engine. On a public app the
    dataset must be 'gsm8k' or a file under the allowed roots, and the size is capped."""
    from tutor.evaluation.evaluate import EvaluationError, evaluate

    if not ctx.engine.info.local_weights:
        raise gr.Error(NEEDS_MODEL)
    dataset = (dataset or "gsm8k").strip()
    limit = int(limit) if limit else None
    if limit is not None and limit < 1:
        raise gr.Error("limit must be at least 1 (or empty for the whole set)")
    if int(batch_size) < 1 or int(max_new_tokens) < 1:
        raise gr.Error("batch size and max new tokens must be at least 1")
    if int(batch_size) > MAX_BATCH:
        raise gr.Error(f"batch size is at most {MAX_BATCH}")
    cap = ctx.config.public_eval_limit
    if ctx.config.is_public and (limit is None or limit > cap):
        raise gr.Error(
            f"An evaluation takes at most {cap} problems on this public app "
            f"(asked for {limit or 'all'}); set the limit to {cap} or fewer."
        )
    access.check_max_new_tokens(ctx, max_new_tokens)
    output = Path(output) if output else output_path(ctx.config.runs_dir)
    engine = ctx.engine
    with engine.lock:  # no chat generation runs on this model meanwhile
        reg = _registry(ctx)
        names: list[str] = []
        for a in adapters or []:
            a = str(a).strip()
            if not a or a.lower() == BASE:
                continue
            if reg is None:
                raise gr.Error(f"no adapter named {a!r} is loaded; load it in the Tutor tab first")
            try:
                name = reg.resolve(a)
            except AdapterError as exc:
                raise gr.Error(str(exc)) from None
            if name != BASE and name not in names:
                names.append(name)
        model = reg.model if reg is not None else engine.model
        loaded = dataclasses.replace(engine.loaded, model=model)
        cancel = cancel if cancel is not None else threading.Event()
        held = reg.hold(names) if reg is not None else contextlib.nullcontext()
        try:
            with access.Deadline(ctx, cancel), held:
                return evaluate(
                    str(engine.loaded.source),
                    names,
                    dataset,
                    limit=limit,
                    batch_size=int(batch_size),
                    max_new_tokens=int(max_new_tokens),
                    output=output,
                    progress=progress,
                    cancel=cancel,
                    loaded=loaded,
                    show_progress=show_progress,
                    overwrite=True,
                    roots=ctx.roots,
                    hints=bool(hints),
                    maj_k=int(maj_k or 0),
                ) | {"output": str(output)}
        except (EvaluationError, ValueError) as exc:
            raise gr.Error(str(exc)) from None


# ---------------------------------------------------------------------------------------------
# the tab


def render(ctx) -> None:
    is_hf = bool(ctx.engine.info.local_weights)
    cancels = StopRegistry()
    if not is_hf:
        gr.Markdown(f"⚠️ {NEEDS_MODEL}", elem_id="eval-needs-model")
    report_state = gr.State({})
    with gr.Row():
        picked = gr.CheckboxGroup(
            adapter_choices(ctx),
            value=[BASE],
            scale=5,
            label="Adapters (base is always evaluated: it is the reference)",
            elem_id="eval-adapters",
        )
        refresh = gr.Button("↻ Refresh list", scale=1, elem_id="eval-refresh")
    with gr.Row():
        dataset = gr.Textbox(
            "gsm8k",
            label="Dataset",
            scale=3,
            elem_id="eval-dataset",
            info="'gsm8k' (test split from shared/data) or a path to a local "
            ".jsonl (GSM8K, MATH, Math-QA or MMLU fields)",
        )
        public = ctx.config.is_public
        limit = gr.Number(
            min(20, ctx.config.public_eval_limit) if public else 20,
            precision=0,
            minimum=0,
            scale=1,
            label=f"Problems (at most {ctx.config.public_eval_limit})"
            if public
            else "Problems (limit; 0 = all)",
            maximum=ctx.config.public_eval_limit if public else None,
        )
        batch = gr.Slider(1, MAX_BATCH, value=8, step=1, label="Batch size", scale=1)
        top = min(2048, ctx.config.public_max_new_tokens) if public else 2048
        max_new = gr.Slider(8, top, value=min(256, top), step=8, label="Max new tokens", scale=1)
    with gr.Row():
        hints = gr.Checkbox(
            False, label="Hint answer-leak rate (one more generation per problem)", elem_id="eval-hints"
        )
        maj_k = gr.Slider(
            0,
            16,
            value=0,
            step=1,
            label="maj@k samples (0 = off; k more generations per problem)",
            elem_id="eval-maj-k",
        )
    with gr.Row():
        run = gr.Button("Run evaluation", variant="primary", interactive=is_hf, elem_id="eval-run")
        cancel = gr.Button("Cancel", variant="stop", elem_id="eval-cancel")
    progress = gr.HTML("", elem_id="eval-progress")
    table = gr.Dataframe(headers=TABLE_HEADERS, interactive=False, elem_id="eval-results")
    plot = gr.Plot(label="Accuracy with 95% CI", elem_id="eval-plot")
    with gr.Row():
        dl_json = gr.DownloadButton("Download JSON", visible=False, elem_id="eval-dl-json")
        dl_csv = gr.DownloadButton("Download CSV", visible=False, elem_id="eval-dl-csv")
    gr.Markdown("### Per-problem browser")
    with gr.Row():
        flt = gr.Radio(FILTERS, value="all", label="Show", scale=1, elem_id="eval-filter")
        item = gr.Dropdown([], label="Problem", scale=4, elem_id="eval-item")
    detail = gr.HTML("", elem_id="eval-detail")

    def outputs_for(report: dict, note: str):
        path = downloadable(report.get("output"))
        choices = item_choices(report, "all")
        first = choices[0][1] if choices else None
        csv_path = downloadable(str(Path(report["output"]).with_suffix(".csv"))) if path else None
        return (
            report,
            note,
            results_rows(report),
            accuracy_figure(report),
            gr.update(value=path, visible=bool(path)),
            gr.update(value=csv_path, visible=bool(csv_path)),
            gr.update(value="all"),
            gr.update(choices=choices, value=first),
            item_html(report, first),
        )

    def do_run(
        adapters,
        ds,
        lim,
        bs,
        mnt,
        with_hints=False,
        k=0,
        request: gr.Request = None,
        profile: gr.OAuthProfile | None = None,
        progress=gr.Progress(track_tqdm=True),
    ):
        # The evaluation runs in this event's own thread: its tqdm bar (evaluate's
        # show_progress) is what gr.Progress(track_tqdm=True) shows on the progress box.
        access.require_teacher(ctx, request, profile, "Evaluate")
        if not is_hf:
            raise gr.Error(NEEDS_MODEL)
        access.admit(ctx, request, 0, count_tokens=False)
        event = cancels.new(getattr(request, "session_hash", None))
        state = {"done": 0, "total": 0}

        def on_progress(done, total):
            state["done"], state["total"] = done, total

        progress(0, desc="waiting for the model…")
        try:
            report = run_evaluation(
                ctx,
                adapters,
                ds,
                lim or None,
                bs,
                mnt,
                progress=on_progress,
                cancel=event,
                hints=bool(with_hints),
                maj_k=int(k or 0),
                show_progress=True,
            )
        except gr.Error:
            raise
        except Exception as exc:  # noqa: BLE001 - shown to the teacher
            raise gr.Error(f"evaluation failed: {type(exc).__name__}: {exc}") from None
        finally:
            event.set()
        done = "cancelled: partial results" if report.get("cancelled") else "done"
        return outputs_for(report, progress_html(state["done"], state["total"], done))

    def do_cancel(request: gr.Request):
        cancels.stop(getattr(request, "session_hash", None))

    def do_filter(report, mode):
        choices = item_choices(report or {}, mode)
        first = choices[0][1] if choices else None
        return gr.update(choices=choices, value=first), item_html(report or {}, first)

    outs = [report_state, progress, table, plot, dl_json, dl_csv, flt, item, detail]
    run.click(
        ctx.gpu(do_run),
        [picked, dataset, limit, batch, max_new, hints, maj_k],
        outs,
        concurrency_id="model",
        concurrency_limit=ctx.concurrency,
        show_progress="full",
        show_progress_on=[progress],
        api_name="evaluate_ui",
        api_visibility="undocumented",
    )
    cancel.click(
        do_cancel, None, None, queue=False, api_name="evaluate_cancel", api_visibility="undocumented"
    )
    root = gr.context.Context.root_block
    if root is not None:  # closing or reloading the page cancels its evaluation after the batch
        root.unload(do_cancel)
    refresh.click(
        lambda cur: gr.update(
            choices=adapter_choices(ctx),
            value=[c for c in (cur or []) if c in adapter_choices(ctx)] or [BASE],
        ),
        picked,
        picked,
        queue=False,
        api_visibility="private",
    )
    flt.change(do_filter, [report_state, flt], [item, detail], queue=False, api_visibility="private")
    item.change(
        lambda report, idx: item_html(report or {}, idx),
        [report_state, item],
        detail,
        queue=False,
        api_visibility="private",
    )


# ---------------------------------------------------------------------------------------------
# API


def register_api(ctx) -> None:
    def evaluate_api(
        adapters: list[str],
        dataset: str = "gsm8k",
        limit: int = 20,
        batch_size: int = 8,
        max_new_tokens: int = 256,
        hints: bool = False,
        maj_k: int = 0,
        request: gr.Request = None,
        profile: gr.OAuthProfile | None = None,
    ) -> dict:
        """Evaluate the base model and the given loaded adapters (names or sources) on `dataset`
        ("gsm8k" or a .jsonl path; first `limit` of a seed-0 shuffle, 0 = all). Returns
        {"results": {name: {"accuracy", "ci95", "strict_match", "flexible_extract", "n",
        "correct", "relative_improvement", "tokens_per_s", "verdicts", "verified_rate",
        "calculations_checked_rate", "calculation_error_rate", "hint_leak_rate" (hints=True),
        "maj_accuracy" (maj_k > 0), "avg_reply_tokens", "avg_reply_words", ...}},
        "answer_convention": how the prompt asked for the final answer, "output": report .json path,
        "csv": items .csv path, "cancelled": bool, "seconds"}. Holds the model while it runs."""
        access.require_teacher(ctx, request, profile, "Evaluate")
        access.admit(ctx, request, 0, count_tokens=False)
        started = time.perf_counter()
        report = run_evaluation(
            ctx, adapters or [], dataset, limit or None, batch_size, max_new_tokens, hints=hints, maj_k=maj_k
        )
        return {
            "results": report["results"],
            "output": report["output"],
            "answer_convention": report["config"].get("answer_convention"),
            "csv": str(Path(report["output"]).with_suffix(".csv")),
            "cancelled": report.get("cancelled", False),
            "seconds": round(time.perf_counter() - started, 2),
        }

    gr.api(
        ctx.gpu(evaluate_api), api_name="evaluate", concurrency_id="model", concurrency_limit=ctx.concurrency
    )
