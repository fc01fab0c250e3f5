"""The Train tab's behaviour (as LLaMA-Factory's webui `Runner`): one `TrainRunner` holds the
handlers (gate, recipe/form/YAML sync, dry run, start, watch, stop/resume/delete, push, GGUF), and
`wire` connects them to the components `tutor.ui.train_layout.build` placed."""

from __future__ import annotations

import gradio as gr

from tutor.jobs import log_view
from tutor.jobs import manager as jobs
from tutor.jobs.manager import InvalidConfig, JobBusy, JobError, JobManager
from tutor.ui.train_form import apply_form, form_fields, form_values
from tutor.ui.train_gate import check, check_recipe_paths, refusal
from tutor.ui.train_layout import TrainLayout
from tutor.ui.train_view import error_markdown, loss_html, progress_html, runs_table


class TrainRunner:
    """The Train tab's handlers for one app (`ctx`) and its job manager."""

    def __init__(self, ctx, manager: JobManager) -> None:
        self.ctx = ctx
        self.config = ctx.config
        self.manager = manager
        self.n_comps = len(form_fields()) + 1  # the form's fields and the sources table

    def on_load(self, request: gr.Request, profile: gr.OAuthProfile | None):
        why = refusal(self.config, request, profile)
        if why:
            return (
                gr.update(value=f"🔒 {why}", visible=True),
                gr.update(visible=False),
                gr.Timer(active=False),
            )
        return gr.update(value="", visible=False), gr.update(visible=True), gr.Timer(active=True)

    def pick_recipe(self, r):
        text = jobs.recipe_text(r)
        return [text, r, *form_values(jobs.parse_yaml(text)), ""]

    def form_to_yaml(self, text, *values):
        return apply_form(text, list(values))

    def yaml_to_form(self, text):
        try:
            raw = jobs.parse_yaml(text)
        except InvalidConfig as exc:
            return [*[gr.update() for _ in range(self.n_comps)], "⚠️ " + "; ".join(exc.problems)]
        return [*form_values(raw), ""]

    def load_recipe(self, text) -> tuple[jobs.Recipe | None, str]:
        """The YAML parsed and validated once (its paths checked between, on a public app): the
        recipe (None when refused) and the line that says so."""
        try:
            recipe = jobs.Recipe.parse(text)
            check_recipe_paths(self.ctx, recipe)
            cfg = recipe.config()
        except InvalidConfig as exc:
            return None, "**The config has problems** (the CLI's messages):\n" + "\n".join(
                f"- {p}" for p in exc.problems
            )
        return recipe, f"✓ Valid: {cfg.total_steps() or '?'} steps."

    def do_dry(self, text, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        recipe, msg = self.load_recipe(text)
        if recipe is None:
            return msg
        ok, out = jobs.dry_run(recipe.text)
        return ("✓ Dry run passed." if ok else "**Dry run failed:**") + "\n```\n" + out[-3000:] + "\n```"

    def do_start(self, text, r, n, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        recipe, msg = self.load_recipe(text)
        if recipe is None:
            return msg, "", gr.update()
        try:
            run_id = self.manager.start(recipe, name=n or r, recipe=r)
        except JobBusy as exc:
            return msg, f"⏳ {exc}. It is selected below so you can watch it.", gr.update(value=exc.run_id)
        except JobError as exc:
            return msg, f"❌ {exc}", gr.update()
        return msg, f"🚀 Started **{run_id}**.", gr.update(value=run_id, choices=self.manager.run_ids())

    def tick(self, selected, request: gr.Request, profile: gr.OAuthProfile | None):
        if refusal(self.config, request, profile):  # runs and logs are for teachers
            return (
                runs_table([]),
                gr.update(choices=[], value=None),
                progress_html(None),
                loss_html(None),
                "",
                "",
            )
        runs = self.manager.list_runs()
        ids = [s.run_id for s in runs]
        if not selected or selected not in ids:
            active = next((s for s in runs if s.active), None)
            selected = active.run_id if active else (ids[0] if ids else None)
        s = next((x for x in runs if x.run_id == selected), None)
        log_text = log_view.readable(self.manager.log_tail(selected, 400), 40) if s else ""
        return (
            runs_table(runs),
            gr.update(choices=ids, value=selected),
            progress_html(s),
            loss_html(s),
            log_text,
            error_markdown(s, self.manager),
        )

    def do_stop(self, selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        try:
            s = self.manager.stop(selected)
        except JobError as exc:
            return f"❌ {exc}"
        return (
            f"⏹️ Sent the stop signal to **{selected}** (process {s.pid}, at step {s.step or 0}/{s.total or '?'}): "
            "it saves a checkpoint and its adapter at the end of this step, then its state turns *stopped*."
        )

    def do_resume(self, selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        try:
            self.manager.resume(selected)
            s = self.manager.status(selected)
        except JobError as exc:
            return f"❌ {exc}"
        ckpts = sorted(
            (
                p
                for p in (self.manager.run_dir(selected) / "checkpoints").glob("checkpoint-*")
                if p.name[11:].isdigit()
            ),
            key=lambda p: int(p.name[11:]),
        )
        where = f"from `{ckpts[-1].name}`" if ckpts else "from the start (no checkpoint was saved)"
        return f"▶️ Relaunched **{selected}** {where} (process {s.pid}): now *{s.state}*."

    def ask_delete(self, selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        try:
            s = self.manager.status(selected)
        except JobError as exc:
            return f"❌ {exc}", gr.update(visible=False)
        if s.active:
            return f"❌ {selected} is {s.state}: stop it before deleting it.", gr.update(visible=False)
        return f"Delete **{selected}** and all its files? Click **Confirm delete**.", gr.update(visible=True)

    def do_delete(self, selected, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        files = [p for p in self.manager.run_dir(selected).rglob("*") if p.is_file()] if selected else []
        size = sum(p.stat().st_size for p in files)
        try:
            self.manager.delete(selected)
        except JobError as exc:
            return f"❌ {exc}", gr.update(visible=False), gr.update()
        return (
            f"🗑️ Deleted **{selected}**: its folder with {len(files)} files ({size / 1e6:.1f} MB: "
            "recipe, logs, checkpoints, adapter) is gone.",
            gr.update(visible=False),
            gr.update(value=None),
        )

    def do_push(self, selected, repo_name, is_private, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        try:
            url = self.manager.push(selected, repo_name, private=bool(is_private))
        except JobError as exc:
            return f"❌ {exc}"
        return f"✅ Pushed to {url}"

    def do_gguf(self, selected, out_type, request: gr.Request, profile: gr.OAuthProfile | None):
        check(self.config, request, profile)
        from tutor.jobs.gguf_export import export_run

        try:
            run_dir = self.manager.run_dir(selected)
        except JobError as exc:
            return f"❌ {exc}"
        return export_run(run_dir, out_type)


def wire(L: TrainLayout, runner: TrainRunner) -> None:
    """Connect the layout's components to the runner's handlers."""
    # -- gate on page load --
    # The tab's events are for its page only (their API is /train_*): none is an API endpoint.
    private = {"api_visibility": "private"}
    gr.on(None, runner.on_load, None, [L.gate, L.main, L.timer], queue=False, **private)

    # -- recipe / form / yaml --
    L.recipe.input(
        runner.pick_recipe, L.recipe, [L.code, L.name, *L.comps, L.problems], queue=False, **private
    )

    for c in L.comps:
        c.input(runner.form_to_yaml, [L.code, *L.comps], L.code, queue=False, **private)

    L.code.input(runner.yaml_to_form, L.code, [*L.comps, L.problems], queue=False, **private)

    L.dry.click(runner.do_dry, L.code, L.problems, concurrency_limit=1, concurrency_id="train-dry", **private)

    L.start.click(
        runner.do_start,
        [L.code, L.recipe, L.name],
        [L.problems, L.start_msg, L.run_pick],
        concurrency_limit=1,
        concurrency_id="train-control",
        **private,
    )

    # -- watch --
    watch_outputs = L.watch_outputs
    L.timer.tick(runner.tick, L.run_pick, watch_outputs, queue=False, show_progress="hidden", **private)
    L.run_pick.input(runner.tick, L.run_pick, watch_outputs, queue=False, **private)

    # -- control --
    L.stop_btn.click(runner.do_stop, L.run_pick, L.control_msg, concurrency_id="train-control", **private)
    L.resume_btn.click(runner.do_resume, L.run_pick, L.control_msg, concurrency_id="train-control", **private)
    L.delete_btn.click(runner.ask_delete, L.run_pick, [L.control_msg, L.confirm_btn], **private)
    L.confirm_btn.click(
        runner.do_delete,
        L.run_pick,
        [L.control_msg, L.confirm_btn, L.run_pick],
        concurrency_id="train-control",
        **private,
    )
    L.push_btn.click(
        runner.do_push,
        [L.run_pick, L.repo, L.private_box],
        L.push_msg,
        concurrency_id="train-push",
        **private,
    )

    L.gguf_btn.click(
        runner.do_gguf, [L.run_pick, L.gguf_type], L.gguf_msg, concurrency_id="train-push", **private
    )
