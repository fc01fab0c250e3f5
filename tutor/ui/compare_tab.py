"""Adapters in the UI: the Tutor tab's adapter picker and Hub loader, the Compare tab, and the
adapter endpoints of the API (`/load_adapter`, `/adapters`, `/compare`). No model logic here:
everything goes through `tutor.adapters.registry.AdapterRegistry` and `tutor.evaluation.compare`."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Iterator

import gradio as gr

from tutor.adapters.registry import BASE, AdapterError, AdapterRegistry
from tutor.evaluation.compare import (LETTERS, MAX_COLUMNS, VOTE_CHOICES, CompareError, VoteLog, compare,
                           gsm8k_examples)
from tutor.engine.engines import GenerationSettings
from tutor.ui.chat_view import LATEX_DELIMITERS, reply_messages

NEEDS_MODEL = ("LoRA adapters need a model: this app is serving the built-in SymPy solver. "
               "Start it with `python app.py --model HUB_ID_OR_FOLDER` to load adapters.")


def registry(ctx) -> AdapterRegistry | None:
    return getattr(ctx.engine, "adapters", None)


def require_registry(ctx) -> AdapterRegistry:
    """The engine's adapter registry (created on first use for a model engine)."""
    reg = registry(ctx)
    if reg is None:
        if not ctx.engine.info.local_weights:
            raise AdapterError(NEEDS_MODEL)
        reg = AdapterRegistry(ctx.engine)
    return reg


def choices(ctx) -> list[str]:
    reg = registry(ctx)
    return reg.choices() if reg is not None else [BASE]


def default_choice(ctx) -> str:
    reg = registry(ctx)
    return reg.default if reg is not None else BASE


def votes_log(ctx) -> VoteLog:
    path = getattr(ctx.config, "votes", None) or os.environ.get("TUTOR_VOTES") or \
        Path(ctx.config.runs_dir) / "votes.jsonl"
    return VoteLog(path)


def check_adapter(ctx, adapter: str | None) -> str:
    """Resolve an adapter choice for a request; raises gr.Error with a clear message."""
    adapter = (adapter or BASE).strip() or BASE
    reg = registry(ctx)
    if reg is None:
        if adapter.lower() != BASE:
            raise gr.Error(NEEDS_MODEL if not ctx.engine.info.adapters else
                           f"no adapter named {adapter!r} is loaded; load it first or use 'base'")
        return BASE
    try:
        return reg.resolve(adapter)
    except AdapterError as exc:
        raise gr.Error(str(exc)) from None


def _describe(info) -> str:
    targets = ", ".join(info.target_modules) or "?"
    rev = f"@{info.revision}" if info.revision else ""
    return (f"**{info.name}** ← `{info.source}{rev}` · rank {info.rank}, alpha {info.alpha} · "
            f"targets {targets} · made for `{info.base}`")


def adapters_markdown(ctx) -> str:
    reg = registry(ctx)
    if reg is None or not reg.list():
        return "_No adapters loaded: answers come from the base model._"
    return "\n".join(f"- {_describe(i)}" for i in reg.list())


# ---------------------------------------------------------------------------------------------
# Tutor tab: adapter picker


def adapter_panel(ctx, header=None) -> gr.Dropdown:
    """The adapter dropdown (base + loaded adapters) with a Hub/folder loader and the training
    runs' adapters. Returns the dropdown, whose value is the adapter for this session's requests.
    `header` (a Markdown) is updated with the active adapter."""
    is_hf = bool(ctx.engine.info.adapters)
    with gr.Row():
        picked = gr.Dropdown(choices(ctx), value=default_choice(ctx), label="Adapter",
                             info="base = the model without LoRA", interactive=is_hf,
                             elem_id="adapter-pick", scale=3)
    with gr.Accordion("Load an adapter", open=False, visible=is_hf):
        with gr.Row():
            source = gr.Textbox(label="Hub repo id or folder", placeholder="org/my-math-lora",
                                scale=4, elem_id="adapter-source")
            revision = gr.Textbox(label="Revision (optional)", placeholder="main", scale=2,
                                  elem_id="adapter-revision")
            load = gr.Button("Load from Hub", variant="secondary", scale=1,
                             elem_id="adapter-load")
        with gr.Row():
            runs = gr.Dropdown([], label="Training runs' adapters", scale=4, allow_custom_value=True,
                               elem_id="adapter-runs")
            refresh = gr.Button("Refresh", scale=1, elem_id="adapter-refresh")
            load_run = gr.Button("Load run", scale=1, elem_id="adapter-load-run")
        status = gr.Markdown(adapters_markdown(ctx), elem_id="adapter-status")

    def do_load(src, rev, current, progress=gr.Progress()):
        try:
            reg = require_registry(ctx)
            info = reg.load(src, rev or None, progress=lambda msg: progress(None, desc=msg))
        except AdapterError as exc:
            gr.Warning(str(exc))
            return gr.skip(), f"⚠️ {exc}\n\n{adapters_markdown(ctx)}"
        return (gr.update(choices=choices(ctx), value=info.name),
                f"Loaded **{info.name}** in {info.load_seconds:.1f} s.\n\n{adapters_markdown(ctx)}")

    def do_refresh():
        found = [str(p) for p in AdapterRegistry.scan_runs(ctx.config.runs_dir)]
        note = f"{len(found)} run adapter(s) under `{ctx.config.runs_dir}`."
        return (gr.update(choices=found, value=found[0] if found else None),
                gr.update(choices=choices(ctx)), f"{note}\n\n{adapters_markdown(ctx)}")

    load.click(do_load, [source, revision, picked], [picked, status], api_visibility="private")
    source.submit(do_load, [source, revision, picked], [picked, status], api_visibility="private")
    load_run.click(lambda run, cur: do_load(run, "", cur), [runs, picked], [picked, status],
                   api_visibility="private")
    refresh.click(do_refresh, None, [runs, picked, status], queue=False, api_visibility="private")
    # Adapters loaded elsewhere (the Train tab when a run ends, /load_adapter, another user) show
    # up when the list is opened: the choices are read afresh on focus.
    picked.focus(lambda: gr.update(choices=choices(ctx)), None, picked, queue=False,
                 api_visibility="private")
    if header is not None:
        picked.change(lambda a: ctx.header(a) if _takes_adapter(ctx) else gr.skip(), picked,
                      header, queue=False, api_visibility="private")
    return picked


def _takes_adapter(ctx) -> bool:
    import inspect

    return "adapter" in inspect.signature(ctx.header).parameters


# ---------------------------------------------------------------------------------------------
# Compare tab


def render(ctx) -> None:
    is_hf = bool(ctx.engine.info.adapters)
    if not is_hf:
        gr.Markdown(f"⚠️ {NEEDS_MODEL}")
    examples = gsm8k_examples(12)
    votes = votes_log(ctx)
    last = gr.State({})  # the last comparison, for votes
    with gr.Row():
        models = gr.CheckboxGroup(choices(ctx), value=_initial_pick(ctx),
                                  label=f"Models to compare (2 to {MAX_COLUMNS})",
                                  elem_id="compare-models", scale=5)
        refresh = gr.Button("↻ Refresh list", scale=1, elem_id="compare-refresh")
    with gr.Row():
        problem = gr.Textbox(label="Problem", lines=2, max_lines=8, scale=4,
                             placeholder="One problem for every column", elem_id="compare-problem")
        gold = gr.Textbox(label="Gold answer (optional)", scale=1, elem_id="compare-gold")
    if examples:
        gr.Examples([[q, g] for q, g in examples], inputs=[problem, gold],
                    label="GSM8K test examples (with gold answers)")
    with gr.Row():
        max_new = gr.Slider(16, 4096, value=min(ctx.config.max_new_tokens, 1024), step=16,
                            label="Max new tokens", scale=3)
        run = gr.Button("Compare", variant="primary", scale=1, elem_id="compare-run")
        stop = gr.Button("Stop", variant="stop", scale=1, elem_id="compare-stop")
    message = gr.Markdown("", elem_id="compare-message")
    titles, chats, stats, cols = [], [], [], []
    with gr.Row(equal_height=False):
        for k in range(MAX_COLUMNS):
            with gr.Column(visible=k < 2, min_width=240) as col:
                titles.append(gr.Markdown(f"### {LETTERS[k]}", elem_id=f"compare-title-{k}"))
                chats.append(gr.Chatbot(label=LETTERS[k], height=460, show_label=False,
                                        latex_delimiters=LATEX_DELIMITERS, sanitize_html=True,
                                        buttons=["copy"], allow_tags=False,
                                        elem_id=f"compare-chat-{k}"))
                stats.append(gr.Markdown("", elem_id=f"compare-stats-{k}"))
            cols.append(col)
    with gr.Row():
        vote = gr.Radio(VOTE_CHOICES, label="Which answer is better?", elem_id="compare-vote",
                        scale=3)
        note = gr.Textbox(label="Note (optional)", scale=3, elem_id="compare-note")
        submit = gr.Button("Save vote", scale=1, elem_id="compare-save-vote")
    with gr.Row():
        vote_status = gr.Markdown(f"Votes are saved to `{votes.path}`.", elem_id="vote-status")
        download = gr.DownloadButton("Download votes (CSV)", elem_id="compare-download")

    def run_compare(text, gold_text, picked, max_new_tokens, request: gr.Request):
        picked = list(picked or [])
        empty = [gr.skip()] * (MAX_COLUMNS * 4)
        if not is_hf:
            raise gr.Error(NEEDS_MODEL)
        if not 2 <= len(picked) <= MAX_COLUMNS:
            raise gr.Error(f"Pick 2 to {MAX_COLUMNS} models to compare (you picked {len(picked)}).")
        key = getattr(request, "session_hash", None)
        event = ctx.stops.new(f"{key}:compare" if key else None)
        settings = GenerationSettings(max_new_tokens=max_new_tokens)
        gold_value = (gold_text or "").strip() or None
        head = []
        for k in range(MAX_COLUMNS):
            head += [gr.update(visible=k < len(picked)),
                     f"### {LETTERS[k]}: {picked[k]}" if k < len(picked) else "", [], ""]
        yield "", {}, *head
        try:
            snapshots = compare(ctx.engine, text, picked, settings, event, gold=gold_value)
            cols_now = None
            for cols_now in snapshots:
                out = []
                for k in range(MAX_COLUMNS):
                    if k < len(cols_now):
                        c = cols_now[k]
                        out += [gr.skip(), gr.skip(), reply_messages(c.reply), c.summary()]
                    else:
                        out += [gr.skip()] * 4
                yield gr.skip(), gr.skip(), *out
        except (CompareError, AdapterError) as exc:
            yield f"⚠️ {exc}", gr.skip(), *empty
            return
        if cols_now:
            batched = "one batch" if all(c.batched for c in cols_now) else "one after another"
            record = {"problem": text, "gold": gold_value, "columns": [c.label for c in cols_now],
                      "answers": [c.answer for c in cols_now],
                      "correct": [c.correct for c in cols_now]}
            yield f"Generated as {batched}. Mark the better answer below.", record, *empty

    outputs = [message, last]
    for k in range(MAX_COLUMNS):
        outputs += [cols[k], titles[k], chats[k], stats[k]]
    run.click(ctx.gpu(run_compare), [problem, gold, models, max_new], outputs,
              concurrency_id="model", concurrency_limit=ctx.concurrency, show_progress="hidden",
              api_visibility="private")

    def on_stop(request: gr.Request):
        key = getattr(request, "session_hash", None)
        ctx.stops.stop(f"{key}:compare" if key else None)

    stop.click(on_stop, None, None, queue=False, api_visibility="private")
    refresh.click(lambda cur: gr.update(choices=choices(ctx),
                                        value=[c for c in (cur or []) if c in choices(ctx)]),
                  models, models, queue=False, api_visibility="private")

    def save_vote(record, verdict, note_text):
        if not record:
            raise gr.Error("Run a comparison before voting.")
        if not verdict:
            raise gr.Error("Pick A, B (C, D), tie or all bad first.")
        try:
            saved = votes.add(record["problem"], record["columns"], verdict, note_text,
                              gold=record.get("gold"), answers=record.get("answers"),
                              correct=record.get("correct"))
        except CompareError as exc:
            raise gr.Error(str(exc)) from None
        return f"Saved: **{saved['winner']}** ({len(votes.records())} votes in `{votes.path}`).", ""

    submit.click(save_vote, [last, vote, note], [vote_status, note], api_visibility="private")

    def export():
        out = Path(tempfile.mkdtemp(prefix="votes-")) / "votes.csv"
        return str(votes.write_csv(out))

    download.click(export, None, download, api_visibility="private")


def _initial_pick(ctx) -> list[str]:
    c = choices(ctx)
    return c[:2] if len(c) >= 2 else c


# ---------------------------------------------------------------------------------------------
# API


def register_api(ctx) -> None:
    """`/load_adapter`, `/adapters`, `/compare` for gradio_client (see README)."""

    def load_adapter(source: str, revision: str = "") -> str:
        """Load a LoRA adapter (Hub repo id or folder) onto the base model; returns its name."""
        try:
            return require_registry(ctx).load(source, revision or None).name
        except AdapterError as exc:
            raise gr.Error(str(exc)) from None

    def adapters() -> list[dict]:
        """The loaded adapters: name, source, revision, base, rank, alpha, target modules."""
        if not ctx.engine.info.adapters:
            raise gr.Error(NEEDS_MODEL)
        reg = registry(ctx)
        return [] if reg is None else [i.as_dict() for i in reg.list()]

    def compare_api(problem: str, adapters: list[str], max_new_tokens: int = 1024) -> \
            Iterator[list[str]]:
        """Answer `problem` with each of `adapters` ("base" or a loaded adapter's name or
        source) in one batch; streams, and the last value has one reply per adapter, in order."""
        if not ctx.engine.info.adapters:
            raise gr.Error(NEEDS_MODEL)
        stop = threading.Event()
        try:
            snapshots = compare(ctx.engine, problem, list(adapters or []),
                                GenerationSettings(max_new_tokens=max_new_tokens), stop)
            try:
                for cols in snapshots:
                    yield [c.reply.as_text() for c in cols]
            finally:
                stop.set()
                snapshots.close()
        except (CompareError, AdapterError) as exc:
            raise gr.Error(str(exc)) from None

    gr.api(load_adapter, api_name="load_adapter", concurrency_limit=1,
           concurrency_id="adapter_load")
    gr.api(adapters, api_name="adapters", queue=False)
    gr.api(ctx.gpu(compare_api), api_name="compare", concurrency_id="model",
           concurrency_limit=ctx.concurrency)
