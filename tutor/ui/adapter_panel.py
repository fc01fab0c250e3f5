"""The adapter panel every tab shares: the adapter picker (base + loaded adapters) with its Hub /
folder / training-run loader, the helpers that resolve an adapter choice for a request, and the
adapter endpoints of the API (`/load_adapter`, `/adapters`). No model logic here: everything goes
through `tutor.adapters.registry.AdapterRegistry`."""

from __future__ import annotations

import gradio as gr

from tutor.adapters.registry import BASE, AdapterError, AdapterRegistry
from tutor.ui import access

NEEDS_MODEL = (
    "LoRA adapters need a model: this app is serving the built-in SymPy solver. "
    "Start it with `python app.py --model HUB_ID_OR_FOLDER` to load adapters."
)


def registry(ctx) -> AdapterRegistry | None:
    return getattr(ctx.engine, "adapters", None)


def require_registry(ctx) -> AdapterRegistry:
    """The engine's adapter registry (created on first use for a model engine)."""
    reg = registry(ctx)
    if reg is None:
        if not ctx.engine.info.local_weights:
            raise AdapterError(NEEDS_MODEL)
        c = ctx.config
        reg = AdapterRegistry(
            ctx.engine, max_bytes=c.max_adapter_mb * 1024**2, max_loaded=c.max_adapters, roots=ctx.roots
        )
    return reg


def choices(ctx) -> list[str]:
    reg = registry(ctx)
    return reg.choices() if reg is not None else [BASE]


def default_choice(ctx) -> str:
    reg = registry(ctx)
    return reg.default if reg is not None else BASE


def check_adapter(ctx, adapter: str | None) -> str:
    """Resolve an adapter choice for a request; raises gr.Error with a clear message."""
    adapter = (adapter or BASE).strip() or BASE
    reg = registry(ctx)
    if reg is None:
        if adapter.lower() != BASE:
            raise gr.Error(
                NEEDS_MODEL
                if not ctx.engine.info.adapters
                else f"no adapter named {adapter!r} is loaded; load it first or use 'base'"
            )
        return BASE
    try:
        return reg.resolve(adapter)
    except AdapterError as exc:
        raise gr.Error(str(exc)) from None


def _describe(info) -> str:
    targets = ", ".join(info.target_modules) or "?"
    rev = f"@{info.revision}" if info.revision else ""
    return (
        f"**{info.name}** ← `{info.source}{rev}` · rank {info.rank}, alpha {info.alpha} · "
        f"targets {targets} · made for `{info.base}`"
    )


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
    public = ctx.config.is_public
    with gr.Row():
        picked = gr.Dropdown(
            choices(ctx),
            value=default_choice(ctx),
            label="Adapter",
            info="base = the model without LoRA",
            interactive=is_hf,
            elem_id="adapter-pick",
            scale=3,
        )
    # loading adapters is a teacher feature: on a public app shown to teachers on page load
    with gr.Accordion("Load an adapter", open=False, visible=is_hf and not public) as loader:
        with gr.Row():
            source = gr.Textbox(
                label="Hub repo id or folder",
                placeholder="org/my-math-lora",
                scale=4,
                elem_id="adapter-source",
            )
            revision = gr.Textbox(
                label="Revision (optional)", placeholder="main", scale=2, elem_id="adapter-revision"
            )
            load = gr.Button("Load from Hub", variant="secondary", scale=1, elem_id="adapter-load")
        with gr.Row():
            runs = gr.Dropdown(
                [], label="Training runs' adapters", scale=4, allow_custom_value=True, elem_id="adapter-runs"
            )
            refresh = gr.Button("Refresh", scale=1, elem_id="adapter-refresh")
            load_run = gr.Button("Load run", scale=1, elem_id="adapter-load-run")
        status = gr.Markdown(adapters_markdown(ctx), elem_id="adapter-status")

    if is_hf:
        ctx.teacher_only.append(loader)

    def do_load(
        src, rev, current, request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()
    ):
        access.require_teacher(ctx, request, profile, "Loading adapters")
        try:
            reg = require_registry(ctx)
            info = reg.load(src, rev or None, progress=lambda msg: progress(None, desc=msg))
        except AdapterError as exc:
            gr.Warning(str(exc))
            return gr.skip(), f"⚠️ {exc}\n\n{adapters_markdown(ctx)}"
        return (
            gr.update(choices=choices(ctx), value=info.name),
            f"Loaded **{info.name}** in {info.load_seconds:.1f} s.\n\n{adapters_markdown(ctx)}",
        )

    def do_refresh(request: gr.Request, profile: gr.OAuthProfile | None):
        access.require_teacher(ctx, request, profile, "Listing the runs' adapters")
        found = [str(p) for p in AdapterRegistry.scan_runs(ctx.config.runs_dir)]
        note = f"{len(found)} run adapter(s) under `{ctx.config.runs_dir}`."
        return (
            gr.update(choices=found, value=found[0] if found else None),
            gr.update(choices=choices(ctx)),
            f"{note}\n\n{adapters_markdown(ctx)}",
        )

    load.click(do_load, [source, revision, picked], [picked, status], api_visibility="private")
    source.submit(do_load, [source, revision, picked], [picked, status], api_visibility="private")

    def do_load_run(run, cur, request: gr.Request, profile: gr.OAuthProfile | None, progress=gr.Progress()):
        return do_load(run, "", cur, request, profile, progress)

    load_run.click(do_load_run, [runs, picked], [picked, status], api_visibility="private")
    refresh.click(do_refresh, None, [runs, picked, status], queue=False, api_visibility="private")
    # Adapters loaded elsewhere (the Train tab when a run ends, /load_adapter, another user) show
    # up when the list is opened: the choices are read afresh on focus.
    picked.focus(lambda: gr.update(choices=choices(ctx)), None, picked, queue=False, api_visibility="private")
    if header is not None:
        picked.change(
            lambda a: ctx.header(a) if _takes_adapter(ctx) else gr.skip(),
            picked,
            header,
            queue=False,
            api_visibility="private",
        )
    return picked


def _takes_adapter(ctx) -> bool:
    import inspect

    return "adapter" in inspect.signature(ctx.header).parameters


# ---------------------------------------------------------------------------------------------
# API


def register_api(ctx) -> None:
    """`/load_adapter` and `/adapters` for gradio_client (see README)."""

    def load_adapter(
        source: str, revision: str = "", request: gr.Request = None, profile: gr.OAuthProfile | None = None
    ) -> str:
        """Load a LoRA adapter (Hub repo id or folder) onto the base model; returns its name.
        Teachers only on a public app; folders only under the allowed roots there."""
        access.require_teacher(ctx, request, profile, "Loading adapters")
        try:
            return require_registry(ctx).load(source, revision or None).name
        except AdapterError as exc:
            raise gr.Error(str(exc)) from None

    def adapters(request: gr.Request = None, profile: gr.OAuthProfile | None = None) -> list[dict]:
        """The loaded adapters: name, source, revision, base, rank, alpha, target modules (and,
        for teachers, the folder each was loaded from)."""
        if not ctx.engine.info.adapters:
            raise gr.Error(NEEDS_MODEL)
        reg = registry(ctx)
        rows = [] if reg is None else [i.to_dict() for i in reg.list()]
        if not access.is_teacher(ctx, request, profile):
            for row in rows:  # server paths are not for students
                row["local_dir"] = ""
        return rows

    gr.api(load_adapter, api_name="load_adapter", concurrency_limit=1, concurrency_id="adapter_load")
    gr.api(adapters, api_name="adapters", queue=False)
