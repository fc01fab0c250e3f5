"""The Train tab's layout: every component, placed, with no behaviour (that is wired in
`tutor.ui.train_runner`). `build` returns them by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from tutor.core.train_config import DEFAULT_RECIPE
from tutor.jobs import manager as jobs
from tutor.ui import train_data_panel
from tutor.ui.train_form import SOURCE_COLUMNS, form_fields, form_values
from tutor.ui.train_gate import check, check_recipe_paths
from tutor.ui.train_view import loss_html, progress_html, runs_table


@dataclass
class TrainLayout:
    """The Train tab's components."""

    gate: Any
    main: Any
    recipe: Any
    name: Any
    comps: list  # the form's fields in `form_fields` order, then the sources table
    code: Any
    problems: Any
    dry: Any
    start: Any
    start_msg: Any
    runs_df: Any
    run_pick: Any
    stop_btn: Any
    resume_btn: Any
    delete_btn: Any
    confirm_btn: Any
    control_msg: Any
    progress: Any
    error_md: Any
    plot: Any
    logbox: Any
    repo: Any
    private_box: Any
    push_btn: Any
    push_msg: Any
    gguf_type: Any
    gguf_btn: Any
    gguf_msg: Any
    timer: Any

    @property
    def watch_outputs(self) -> list:
        return [self.runs_df, self.run_pick, self.progress, self.plot, self.logbox, self.error_md]


def build(ctx) -> TrainLayout:
    """Place the Train tab's components (inside the caller's Blocks)."""
    config = ctx.config
    recipes = jobs.list_recipes()
    first = DEFAULT_RECIPE if DEFAULT_RECIPE in recipes else (recipes[0] if recipes else None)
    first_text = jobs.recipe_text(first) if first else ""
    fields = form_fields()

    gate = gr.Markdown(visible=True, elem_id="train-gate")
    with gr.Column(visible=False, elem_id="train-main") as main:
        with gr.Row():
            with gr.Column(scale=3):
                with gr.Row():
                    recipe = gr.Dropdown(
                        recipes, value=first, label="Recipe", elem_id="train-recipe", scale=2
                    )
                    name = gr.Textbox(
                        value=first or "", label="Output name (run id suffix)", elem_id="train-name", scale=2
                    )
                comps = []
                vals = form_values(jobs.parse_yaml(first_text)) if first_text else [None] * (len(fields) + 1)
                with gr.Accordion("Model and LoRA", open=True):
                    with gr.Row():
                        for (key, label, kind, choices), v in zip(fields, vals):
                            kw = {"label": label, "value": v, "elem_id": f"train-f-{key}", "min_width": 180}
                            if kind == "text" or kind == "list":
                                c = gr.Textbox(**kw)
                            elif kind == "choice":
                                c = gr.Dropdown(choices, allow_custom_value=True, **kw)
                            elif kind == "bool":
                                c = gr.Checkbox(**kw)
                            else:
                                c = gr.Number(**kw)
                            comps.append(c)
                sources = gr.Dataframe(
                    value=vals[-1],
                    headers=SOURCE_COLUMNS,
                    label="Data sources",
                    interactive=True,
                    column_count=len(SOURCE_COLUMNS),
                    elem_id="train-sources",
                )
                comps.append(sources)
            with gr.Column(scale=2):
                code = gr.Code(
                    first_text,
                    language="yaml",
                    label="Config (YAML, kept in sync with the form)",
                    interactive=True,
                    elem_id="train-yaml",
                    max_lines=40,
                )
                problems = gr.Markdown(elem_id="train-problems")
                with gr.Row():
                    dry = gr.Button("Dry run (check)", elem_id="train-dry")
                    start = gr.Button("Start training", variant="primary", elem_id="train-start")
                start_msg = gr.Markdown(elem_id="train-start-msg")
        train_data_panel.render(
            ctx,
            code,
            comps,
            lambda text: form_values(jobs.parse_yaml(text)),
            lambda r, p: check(config, r, p),
            lambda text: check_recipe_paths(ctx, text),
        )
        gr.Markdown("### Runs")
        runs_df = gr.Dataframe(runs_table([]), interactive=False, elem_id="train-runs", max_height=260)
        with gr.Row():
            run_pick = gr.Dropdown(
                [], label="Watch run", elem_id="train-run-pick", allow_custom_value=True, scale=3
            )
            stop_btn = gr.Button("Stop", variant="stop", elem_id="train-stop", scale=1)
            resume_btn = gr.Button("Resume", elem_id="train-resume", scale=1)
            delete_btn = gr.Button("Delete…", elem_id="train-delete", scale=1)
            confirm_btn = gr.Button(
                "Confirm delete", variant="stop", visible=False, elem_id="train-delete-confirm", scale=1
            )
        control_msg = gr.Markdown(elem_id="train-control-msg")
        progress = gr.HTML(progress_html(None), elem_id="train-progress")
        error_md = gr.Markdown(elem_id="train-error")
        plot = gr.HTML(loss_html(None), label="Loss", elem_id="train-loss-plot")
        logbox = gr.Textbox(
            label="train.log (tail)",
            lines=12,
            max_lines=12,
            interactive=False,
            elem_id="train-log",
            autoscroll=True,
        )
        with gr.Accordion("Push the adapter to the Hugging Face Hub", open=False):
            with gr.Row():
                repo = gr.Textbox(label="Repo (USER/NAME)", elem_id="train-push-repo")
                private_box = gr.Checkbox(True, label="Private")
                push_btn = gr.Button("Push to Hub", elem_id="train-push")
            push_msg = gr.Markdown(elem_id="train-push-msg")
        with gr.Accordion("Export as a GGUF file (llama.cpp / Ollama)", open=False):
            with gr.Row():  # the merge and the file writing: python -m train.export_gguf
                gguf_type = gr.Dropdown(
                    ["q8_0", "f16"], value="q8_0", label="Type", elem_id="train-gguf-type"
                )
                gguf_btn = gr.Button("Merge and export GGUF", elem_id="train-gguf")
            gguf_msg = gr.Markdown(elem_id="train-gguf-msg")
    timer = gr.Timer(1.0, active=False)
    return TrainLayout(
        gate=gate,
        main=main,
        recipe=recipe,
        name=name,
        comps=comps,
        code=code,
        problems=problems,
        dry=dry,
        start=start,
        start_msg=start_msg,
        runs_df=runs_df,
        run_pick=run_pick,
        stop_btn=stop_btn,
        resume_btn=resume_btn,
        delete_btn=delete_btn,
        confirm_btn=confirm_btn,
        control_msg=control_msg,
        progress=progress,
        error_md=error_md,
        plot=plot,
        logbox=logbox,
        repo=repo,
        private_box=private_box,
        push_btn=push_btn,
        push_msg=push_msg,
        gguf_type=gguf_type,
        gguf_btn=gguf_btn,
        gguf_msg=gguf_msg,
        timer=timer,
    )
