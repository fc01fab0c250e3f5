"""The Train tab: recipe form <-> YAML, validation, launch, watch (progress, loss curve, log),
stop/resume/delete, push to the Hub; and the `/train_*` API. The jobs live in tutor.jobs.manager.

Gating (also for the API): training is off unless `--enable-training`; on a public app (`--share`
or a Space: SPACE_ID) only for an authorized user: a Gradio-auth login (TUTOR_AUTH) or a Hugging
Face login, and when TUTOR_TRAIN_USERS is set, only the users it lists.
"""

from __future__ import annotations

import logging

import gradio as gr

from tutor.jobs.manager import InvalidConfig, JobError, JobManager, Recipe
from tutor.ui import train_layout, train_runner
from tutor.ui.train_form import (  # noqa: F401 - the tab's public names, re-exported
    SOURCE_COLUMNS,
    _defaults,
    _num,
    apply_form,
    form_fields,
    form_values,
)
from tutor.ui.train_gate import check, check_recipe_paths, is_public, refusal  # noqa: F401
from tutor.ui.train_view import (  # noqa: F401 - re-exported
    RUN_COLUMNS,
    STATE_COLOURS,
    _fmt_loss,
    _fmt_s,
    _fmt_time,
    error_markdown,
    loss_html,
    progress_html,
    runs_table,
)

log = logging.getLogger(__name__)

_fields = form_fields  # its name when it lived here


# ---- the tab ------------------------------------------------------------------------------------


def manager_for(ctx) -> JobManager:
    """The app's job manager (made on first use). It owns the runs' lifecycle: with training on,
    it watches for runs' ends (also those that ended while the app was down) and loads their
    adapters into the tutor's registry; the tab only shows what it recorded."""
    m = getattr(ctx, "jobs", None)
    if m is None:

        def register_adapter(adapter_dir: str, run_id: str) -> str | None:
            registry = getattr(ctx.engine, "adapters", None)
            if registry is None or not hasattr(registry, "load"):
                return None  # no model in this app to put adapters on
            return registry.load(adapter_dir, name=run_id).name

        m = JobManager(ctx.config.runs_dir, register_adapter=register_adapter)
        if ctx.config.enable_training:
            m.watch()
        ctx.jobs = m
    return m


def render(ctx) -> None:
    """The Train tab: its layout (train_layout) wired to its behaviour (train_runner)."""
    layout = train_layout.build(ctx)
    train_runner.wire(layout, train_runner.TrainRunner(ctx, manager_for(ctx)))


# ---- API ----------------------------------------------------------------------------------------


def register_api(ctx) -> None:
    config = ctx.config
    manager = manager_for(ctx)

    def train_start(config_yaml: str, request: gr.Request, profile: gr.OAuthProfile | None = None) -> str:
        """Validate the YAML (the CLI's validator) and launch a training run; returns its run id."""
        check(config, request, profile)
        try:
            recipe = Recipe.parse(config_yaml)
            check_recipe_paths(ctx, recipe)
            return manager.start(recipe, recipe="api")
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
        d = s.to_dict()
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
