"""The Train tab: recipe form <-> YAML, validation, launch, watch (progress, loss curve, log),
stop/resume/delete, push to the Hub; and the `/train_*` API. The jobs live in tutor.jobs.manager.

Gating (also for the API): training is off unless `--enable-training`; on a public app (`--share`
or a Space: SPACE_ID) only for an authorized user: a Gradio-auth login (TUTOR_AUTH) or a Hugging
Face login, and when TUTOR_TRAIN_USERS is set, only the users it lists.
"""

from __future__ import annotations

import html
import logging
import threading
from datetime import datetime

import gradio as gr
import pandas as pd
import yaml

from tutor.core.train_config import DEFAULT_RECIPE
from tutor.jobs import log_view
from tutor.jobs import manager as jobs
from tutor.jobs.manager import InvalidConfig, JobBusy, JobError, JobManager
from tutor.security import PathRefused, roles
from tutor.ui import access, svg_charts, train_data_panel

log = logging.getLogger(__name__)

# ---- gating -----------------------------------------------------------------------------------


def is_public(config) -> bool:
    return roles.is_public(config)


def refusal(config, request: gr.Request | None, profile=None) -> str | None:
    """Why training is refused for this request, or None when it is allowed: it must be enabled,
    and on a public app the user must be a teacher (tutor.security.roles)."""
    if not config.enable_training:
        return (
            "Training is off on this app. Start it with `--enable-training` "
            "(or `TUTOR_ENABLE_TRAINING=1`) to use the Train tab and Push to Hub."
        )
    return roles.teacher_refusal(config, access.visitor(request, profile), "Training")


def check(config, request, profile=None) -> None:
    why = refusal(config, request, profile)
    if why:
        raise gr.Error(why, title="Training is not available")


def check_recipe_paths(ctx, text: str) -> None:
    """On a public app, the recipe's local paths (model folder, data files, output folder) must
    lie under the allowed roots; checked before the config is validated, so its messages (which
    say whether a path exists) are never reached for a path outside them."""
    if not ctx.roots.enforce:
        return
    from tutor.core.train_config import REPO_ROOT

    try:
        raw = jobs.parse_yaml(text)
    except InvalidConfig:
        return  # the validator names the problem
    paths = []
    model = raw.get("model")
    if isinstance(model, str) and (
        model.startswith((".", "/", "~")) or model.count("/") > 1 or (REPO_ROOT / model).exists()
    ):
        paths.append(model)
    if raw.get("output_dir") is not None:
        paths.append(str(raw.get("output_dir")))
    for src in raw.get("datasets") or []:
        if isinstance(src, dict) and src.get("path") is not None:
            paths.append(str(src["path"]))
    for path in paths:
        try:
            ctx.roots.check(path, base=REPO_ROOT)
        except PathRefused as exc:
            raise gr.Error(str(exc), title="Path not allowed") from None


# ---- form <-> YAML ----------------------------------------------------------------------------

SOURCE_COLUMNS = ["name", "path", "config", "split", "format", "count", "weight"]


# (config key, label, kind, choices)
def _fields():
    from tutor.core.train_config import QUANTIZATIONS, optimizers, schedulers

    return [
        ("model", "Base model (Hub id or folder)", "text", None),
        ("quantization", "Quantization", "choice", list(QUANTIZATIONS)),
        ("lora_r", "LoRA rank", "int", None),
        ("lora_alpha", "LoRA alpha", "int", None),
        ("lora_dropout", "LoRA dropout", "float", None),
        ("lora_target_modules", "LoRA target modules (comma-separated)", "list", None),
        ("max_length", "Max length (tokens)", "int", None),
        ("per_device_train_batch_size", "Batch size (per device)", "int", None),
        ("gradient_accumulation_steps", "Gradient accumulation", "int", None),
        ("learning_rate", "Learning rate", "float", None),
        ("lr_scheduler_type", "Schedule", "choice", schedulers()),
        ("warmup_ratio", "Warmup ratio", "float", None),
        ("num_train_epochs", "Epochs (when max steps = -1)", "float", None),
        ("max_steps", "Max steps (-1: use epochs)", "int", None),
        ("optim", "Optimizer", "choice", optimizers()),
        ("packing", "Packing", "bool", None),
        ("eval_size", "Eval rows", "int", None),
    ]


def _defaults() -> dict:
    from tutor.core.train_config import TrainConfig

    return TrainConfig().to_dict()


def form_values(raw: dict) -> list:
    """Form values (in _fields order, then the sources table) for a YAML mapping."""
    d = _defaults()
    out = []
    for key, _, kind, _ in _fields():
        v = raw.get(key, d.get(key))
        if kind == "list":
            v = ", ".join(v) if isinstance(v, list) else str(v or "")
        elif kind == "bool":
            v = bool(v) if not isinstance(v, str) else v.lower() in ("true", "yes", "1", "on")
        out.append(v)
    rows = []
    for s in raw.get("datasets") or []:
        s = {"name": s} if isinstance(s, str) else (s if isinstance(s, dict) else {})
        rows.append(["" if s.get(c) is None else s.get(c) for c in SOURCE_COLUMNS])
    out.append(pd.DataFrame(rows or [[""] * len(SOURCE_COLUMNS)], columns=SOURCE_COLUMNS))
    return out


def _num(v, kind):
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v  # left as typed: the CLI's validation names it
    return int(f) if kind == "int" and f == int(f) else f


def apply_form(text: str, values: list) -> str:
    """The YAML with the form's values written over it (other keys kept, in their order)."""
    try:
        raw = jobs.parse_yaml(text)
    except InvalidConfig:
        raw = {}
    *vals, table = values
    for (key, _, kind, _), v in zip(_fields(), vals):
        if kind in ("int", "float"):
            v = _num(v, kind)
        elif kind == "list":
            v = [s.strip() for s in str(v or "").split(",") if s.strip()]
        elif kind == "bool":
            v = bool(v)
        if v is None and key not in raw:
            continue
        raw[key] = v
    old = [s if isinstance(s, dict) else {"name": s} for s in (raw.get("datasets") or [])]
    sources = []
    rows = table.values.tolist() if isinstance(table, pd.DataFrame) else (table or [])
    if isinstance(table, dict):
        rows = table.get("data") or []
    for i, row in enumerate(rows):
        src = dict(old[i]) if i < len(old) else {}
        for c, v in zip(SOURCE_COLUMNS, row):
            if v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == "":
                src.pop(c, None)
                continue
            src[c] = _num(v, "int") if c == "count" else _num(v, "float") if c == "weight" else str(v)
        if src.get("name") or src.get("path"):
            sources.append(src)
    raw["datasets"] = sources
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, default_flow_style=None)


# ---- watching -----------------------------------------------------------------------------------


def _fmt_s(s: float | None) -> str:
    if s is None:
        return "—"
    s = int(round(s))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{sec:02d}s" if m else f"{sec}s"


def _fmt_time(t: float | None) -> str:
    return datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S") if t else "—"


def _fmt_loss(x) -> str:
    return f"{x:.4f}" if isinstance(x, (int, float)) else "—"


RUN_COLUMNS = ["run", "recipe", "state", "started", "duration", "step", "final loss"]


def runs_table(runs) -> pd.DataFrame:
    rows = [
        [
            s.run_id,
            s.recipe or "—",
            s.state,
            _fmt_time(s.started),
            _fmt_s(s.duration_s),
            f"{s.step or 0}/{s.total or '?'}",
            _fmt_loss(s.final_loss),
        ]
        for s in runs
    ]
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


STATE_COLOURS = {
    "queued": "#6b7280",
    "running": "#2563eb",
    "done": "#16a34a",
    "stopped": "#d97706",
    "failed": "#dc2626",
}


def progress_html(s) -> str:
    if s is None:
        return "<div id='train-progress-box'><em>No run selected.</em></div>"
    frac = (s.step or 0) / s.total if s.total else 0.0
    pct = max(0.0, min(100.0, 100 * frac))
    colour = STATE_COLOURS.get(s.state, "#6b7280")
    eta = "—" if s.state not in jobs.ACTIVE else _fmt_s(s.eta_s)
    tps = f"{s.tokens_per_s:,.0f}" if s.tokens_per_s is not None else "—"
    gpu = f"{s.gpu_mem_gb:.2f} GB" if s.gpu_mem_gb is not None else "— (CPU)"
    return (
        f"<div id='train-progress-box' data-state='{s.state}' data-step='{s.step or 0}'>"
        f"<div><b>{html.escape(s.run_id)}</b> · <span style='color:{colour};font-weight:600' "
        f"id='train-state'>{s.state}</span></div>"
        f"<div style='background:#e5e7eb;border-radius:6px;height:18px;margin:6px 0;overflow:hidden'>"
        f"<div id='train-progress-bar' style='width:{pct:.1f}%;height:100%;background:{colour};"
        f"transition:width .5s'></div></div>"
        f"<div id='train-progress-text'>step {s.step or 0}/{s.total or '?'} ({pct:.0f}%) · ETA {eta} · "
        f"loss {_fmt_loss(s.loss)} · eval loss {_fmt_loss(s.eval_loss)} · tokens/s {tps} · "
        f"GPU memory {gpu} · elapsed {_fmt_s(s.duration_s)}</div></div>"
    )


def loss_html(s) -> str:
    """Train and eval loss as lines on numeric axes (tutor.ui.svg_charts), redrawn each tick."""
    series = {"train": [], "eval": []} if s is None else {"train": s.losses, "eval": s.eval_losses}
    return svg_charts.loss_chart(series, elem_id="train-loss-svg")


def error_markdown(s, manager: JobManager) -> str:
    if s is None:
        return ""
    if s.state == "failed":
        parts = [f"### ❌ The run failed\n**{s.error}**"]
        if s.hint:
            parts.append(f"💡 {s.hint}")
        console = manager.console_tail(s.run_id, 15)
        if console.strip():
            parts.append("End of the console output:\n```\n" + console + "\n```")
        return "\n\n".join(parts)
    if s.state == "stopped":
        return (
            "⏸️ Stopped: a checkpoint and the adapter were saved. **Resume** continues from the last "
            "checkpoint." + (f"\n\nAdapter: `{s.adapter}`" if s.adapter else "")
        )
    if s.state == "done":
        return (
            f"✅ Done. Adapter: `{s.adapter}` (listed in the Tutor's adapters)." if s.adapter else "✅ Done."
        )
    return ""


# ---- the tab ------------------------------------------------------------------------------------


def manager_for(ctx) -> JobManager:
    m = getattr(ctx, "jobs", None)
    if m is None:
        m = JobManager(ctx.config.runs_dir)
        # loading an adapter can take a while on a big model: not in the status poll's thread
        m.on_finished(
            lambda s: threading.Thread(
                target=adapter_ready, args=(ctx, s), daemon=True, name=f"adapter-ready-{s.run_id}"
            ).start()
        )
        ctx.jobs = m
    return m


def adapter_ready(ctx, s) -> None:
    """A run ended with an adapter: make it usable by the tutor without a restart."""
    if not s.adapter:
        return
    registry = getattr(ctx.engine, "adapters", None)
    if registry is not None and hasattr(registry, "load"):
        try:
            registry.load(s.adapter, name=s.run_id)
            log.info("adapter of %s loaded into the tutor", s.run_id)
        except Exception as exc:  # noqa: BLE001 - e.g. trained on another base model
            log.warning("adapter of %s not loaded into the tutor: %s", s.run_id, exc)
    refresh = getattr(ctx, "refresh_adapters", None)
    if callable(refresh):
        refresh()


def render(ctx) -> None:
    config = ctx.config
    manager = manager_for(ctx)
    recipes = jobs.list_recipes()
    first = DEFAULT_RECIPE if DEFAULT_RECIPE in recipes else (recipes[0] if recipes else None)
    first_text = jobs.recipe_text(first) if first else ""
    fields = _fields()

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

    # -- gate on page load --
    def on_load(request: gr.Request, profile: gr.OAuthProfile | None):
        why = refusal(config, request, profile)
        if why:
            return (
                gr.update(value=f"🔒 {why}", visible=True),
                gr.update(visible=False),
                gr.Timer(active=False),
            )
        return gr.update(value="", visible=False), gr.update(visible=True), gr.Timer(active=True)

    # The tab's events are for its page only (their API is /train_*): none is an API endpoint.
    private = {"api_visibility": "private"}
    gr.on(None, on_load, None, [gate, main, timer], queue=False, **private)

    # -- recipe / form / yaml --
    def pick_recipe(r):
        text = jobs.recipe_text(r)
        return [text, r, *form_values(jobs.parse_yaml(text)), ""]

    recipe.input(pick_recipe, recipe, [code, name, *comps, problems], queue=False, **private)

    def form_to_yaml(text, *values):
        return apply_form(text, list(values))

    for c in comps:
        c.input(form_to_yaml, [code, *comps], code, queue=False, **private)

    def yaml_to_form(text):
        try:
            raw = jobs.parse_yaml(text)
        except InvalidConfig as exc:
            return [*[gr.update() for _ in comps], "⚠️ " + "; ".join(exc.problems)]
        return [*form_values(raw), ""]

    code.input(yaml_to_form, code, [*comps, problems], queue=False, **private)

    def validate_text(text) -> str:
        try:
            cfg = jobs.validate_config(text)
        except InvalidConfig as exc:
            return "**The config has problems** (the CLI's messages):\n" + "\n".join(
                f"- {p}" for p in exc.problems
            )
        return f"✓ Valid: {cfg.total_steps() or '?'} steps."

    def do_dry(text, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        check_recipe_paths(ctx, text)
        msg = validate_text(text)
        if not msg.startswith("✓"):
            return msg
        ok, out = jobs.dry_run(text)
        return ("✓ Dry run passed." if ok else "**Dry run failed:**") + "\n```\n" + out[-3000:] + "\n```"

    dry.click(do_dry, code, problems, concurrency_limit=1, concurrency_id="train-dry", **private)

    def do_start(text, r, n, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        check_recipe_paths(ctx, text)
        msg = validate_text(text)
        if not msg.startswith("✓"):
            return msg, "", gr.update()
        try:
            run_id = manager.start(text, name=n or r, recipe=r)
        except JobBusy as exc:
            return msg, f"⏳ {exc}. It is selected below so you can watch it.", gr.update(value=exc.run_id)
        except JobError as exc:
            return msg, f"❌ {exc}", gr.update()
        return msg, f"🚀 Started **{run_id}**.", gr.update(value=run_id, choices=manager.run_ids())

    start.click(
        do_start,
        [code, recipe, name],
        [problems, start_msg, run_pick],
        concurrency_limit=1,
        concurrency_id="train-control",
        **private,
    )

    # -- watch --
    def tick(selected, request: gr.Request, profile: gr.OAuthProfile | None):
        if refusal(config, request, profile):  # runs and logs are for teachers
            return (
                runs_table([]),
                gr.update(choices=[], value=None),
                progress_html(None),
                loss_html(None),
                "",
                "",
            )
        runs = manager.list_runs()
        ids = [s.run_id for s in runs]
        if not selected or selected not in ids:
            active = next((s for s in runs if s.active), None)
            selected = active.run_id if active else (ids[0] if ids else None)
        s = next((x for x in runs if x.run_id == selected), None)
        log_text = log_view.readable(manager.log_tail(selected, 400), 40) if s else ""
        return (
            runs_table(runs),
            gr.update(choices=ids, value=selected),
            progress_html(s),
            loss_html(s),
            log_text,
            error_markdown(s, manager),
        )

    watch_outputs = [runs_df, run_pick, progress, plot, logbox, error_md]
    timer.tick(tick, run_pick, watch_outputs, queue=False, show_progress="hidden", **private)
    run_pick.input(tick, run_pick, watch_outputs, queue=False, **private)

    # -- control --
    def do_stop(selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        try:
            s = manager.stop(selected)
        except JobError as exc:
            return f"❌ {exc}"
        return (
            f"⏹️ Sent the stop signal to **{selected}** (process {s.pid}, at step {s.step or 0}/{s.total or '?'}): "
            "it saves a checkpoint and its adapter at the end of this step, then its state turns *stopped*."
        )

    def do_resume(selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        try:
            manager.resume(selected)
            s = manager.status(selected)
        except JobError as exc:
            return f"❌ {exc}"
        ckpts = sorted(
            (
                p
                for p in (manager.run_dir(selected) / "checkpoints").glob("checkpoint-*")
                if p.name[11:].isdigit()
            ),
            key=lambda p: int(p.name[11:]),
        )
        where = f"from `{ckpts[-1].name}`" if ckpts else "from the start (no checkpoint was saved)"
        return f"▶️ Relaunched **{selected}** {where} (process {s.pid}): now *{s.state}*."

    def ask_delete(selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        try:
            s = manager.status(selected)
        except JobError as exc:
            return f"❌ {exc}", gr.update(visible=False)
        if s.active:
            return f"❌ {selected} is {s.state}: stop it before deleting it.", gr.update(visible=False)
        return f"Delete **{selected}** and all its files? Click **Confirm delete**.", gr.update(visible=True)

    def do_delete(selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        files = [p for p in manager.run_dir(selected).rglob("*") if p.is_file()] if selected else []
        size = sum(p.stat().st_size for p in files)
        try:
            manager.delete(selected)
        except JobError as exc:
            return f"❌ {exc}", gr.update(visible=False), gr.update()
        return (
            f"🗑️ Deleted **{selected}**: its folder with {len(files)} files ({size / 1e6:.1f} MB: "
            "recipe, logs, checkpoints, adapter) is gone.",
            gr.update(visible=False),
            gr.update(value=None),
        )

    def do_push(selected, repo_name, is_private, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        try:
            url = manager.push(selected, repo_name, private=bool(is_private))
        except JobError as exc:
            return f"❌ {exc}"
        return f"✅ Pushed to {url}"

    stop_btn.click(do_stop, run_pick, control_msg, concurrency_id="train-control", **private)
    resume_btn.click(do_resume, run_pick, control_msg, concurrency_id="train-control", **private)
    delete_btn.click(ask_delete, run_pick, [control_msg, confirm_btn], **private)
    confirm_btn.click(
        do_delete, run_pick, [control_msg, confirm_btn, run_pick], concurrency_id="train-control", **private
    )
    push_btn.click(do_push, [run_pick, repo, private_box], push_msg, concurrency_id="train-push", **private)

    def do_gguf(selected, out_type, request: gr.Request, profile: gr.OAuthProfile | None):
        check(config, request, profile)
        from tutor.jobs.gguf_export import export_run

        try:
            run_dir = manager.run_dir(selected)
        except JobError as exc:
            return f"❌ {exc}"
        return export_run(run_dir, out_type)

    gguf_btn.click(do_gguf, [run_pick, gguf_type], gguf_msg, concurrency_id="train-push", **private)


# ---- API ----------------------------------------------------------------------------------------


def register_api(ctx) -> None:
    config = ctx.config
    manager = manager_for(ctx)

    def train_start(config_yaml: str, request: gr.Request, profile: gr.OAuthProfile | None = None) -> str:
        """Validate the YAML (the CLI's validator) and launch a training run; returns its run id."""
        check(config, request, profile)
        check_recipe_paths(ctx, config_yaml)
        try:
            return manager.start(config_yaml, recipe="api")
        except InvalidConfig as exc:
            raise gr.Error("invalid config:\n" + "\n".join(exc.problems), title="Invalid config") from exc
        except JobError as exc:
            raise gr.Error(str(exc)) from exc

    def train_status(run_id: str, request: gr.Request, profile: gr.OAuthProfile | None = None) -> dict:
        """State (queued|running|done|stopped|failed), step, total, loss, eta (s), error, adapter."""
        check(config, request, profile)
        try:
            s = manager.status(run_id)
        except JobError as exc:
            raise gr.Error(str(exc)) from exc
        d = s.api_dict()
        if s.state == "failed":
            d["log_tail"] = manager.log_tail(run_id, 30)
            d["console_tail"] = manager.console_tail(run_id, 30)
        return d

    def train_stop(run_id: str, request: gr.Request, profile: gr.OAuthProfile | None = None) -> str:
        """Ask the run to stop (SIGTERM: it saves a checkpoint and its adapter); returns its state."""
        check(config, request, profile)
        try:
            return manager.stop(run_id).state
        except JobError as exc:
            raise gr.Error(str(exc)) from exc

    gr.api(train_start, api_name="train_start", concurrency_id="train-control", concurrency_limit=1)
    gr.api(train_status, api_name="train_status", queue=False)
    gr.api(train_stop, api_name="train_stop", concurrency_id="train-control", concurrency_limit=1)
