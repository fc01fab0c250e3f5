"""Training jobs: launch `python -m train` in a run directory, watch it, stop/resume/delete it.

No Gradio here. The run directory is the only state (see train/events.py for events.jsonl), so
a job survives the browser closing and the app restarting: a job is a detached process in its own
process group (`start_new_session=True`), and its state is derived from its files:

* `job.json`     written here: run id, recipe, created time, and one entry per launch
                 (pid, time, resume flag, the size of events.jsonl when it was launched, and
                 `ended`: null until the manager settled the launch's end, then its state, with
                 `adapter_loaded` (the registry's name for its adapter) or `adapter_note` (why not));
* `recipe.yaml`  the YAML the user launched with (`--config`; `output_dir` is set by `--set`);
* `console.log`  the process's stdout+stderr (config errors and early tracebacks land here);
* `events.jsonl`, `train.log`, `pid`, `checkpoints/`, `adapter/` written by the CLI.

State of the latest launch (the events after its offset in events.jsonl):
`done` / `stopped` / `failed` (an `error` event) from its terminal event; without one,
`running` (a `start` event) or `queued` (not started yet) while the process is alive, and
`failed` ("the process ended without a final event — killed?") when it is not.

The manager owns a run's lifecycle: `watch()` notices each launch's end once (also one that ended
while the app was down), loads its adapter through `register_adapter` and records the outcome; a
failure's hint comes from the error type the CLI recorded (`run_status.failure_hint`).

One job at a time: `start` and `resume` refuse while another run is queued or running
(`JobBusy` names it, so the UI can offer to watch it).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import yaml

from tutor.core.train_config import REPO_ROOT
from tutor.jobs.recipes import (  # noqa: F401 - the manager's public names, re-exported
    RECIPES_DIR,
    InvalidConfig,
    JobError,
    Recipe,
    dry_run,
    list_recipes,
    parse_yaml,
    recipe_text,
    validate_config,
)
from tutor.jobs.run_files import EventTail, pid_alive, tail_text  # noqa: F401 - re-exported
from tutor.jobs.run_status import (  # noqa: F401 - re-exported
    ACTIVE,
    FINISHED,
    KILLED_MESSAGE,
    RunStatus,
    derive_state,
    failure_hint,
    fold_events,
)

log = logging.getLogger(__name__)

CONSOLE_LOG = "console.log"
EXIT_CONFIG = 2  # the training CLI's exit status for a config it refused (train.plan.EXIT_CONFIG)


class JobBusy(JobError):
    """Another job is queued or running (one job at a time)."""

    def __init__(self, run_id: str):
        self.run_id = run_id
        super().__init__(
            f"a training job is already running: {run_id} (one job at a time; watch it, or stop it first)"
        )


# ---- the manager ------------------------------------------------------------------------------

_ID_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _slug(name: str) -> str:
    return _ID_SAFE.sub("-", name).strip("-.")[:60] or "run"


class JobManager:
    """Runs under `runs_dir`; one job at a time. Thread-safe; cheap to call every second."""

    def __init__(
        self,
        runs_dir: str | Path,
        command: list[str] | None = None,
        register_adapter: Callable[[str, str], str | None] | None = None,
    ):
        """`register_adapter(adapter_dir, run_id)`: puts a finished run's adapter where the app
        serves it (the adapter registry) and returns the name it got, or None when the app has
        nowhere to put it; an exception says why it was refused."""
        self.runs_dir = Path(runs_dir).expanduser().resolve()
        self.command = command or [sys.executable, "-m", "train"]
        self.register_adapter = register_adapter
        self._lock = threading.RLock()
        self._procs: dict[str, subprocess.Popen] = {}
        self._tails: dict[str, EventTail] = {}
        self._listeners: list = []
        self._settle_lock = threading.Lock()  # one settling at a time
        self._watch_stop = threading.Event()
        self._watcher: threading.Thread | None = None

    # -- listing ------------------------------------------------------------------------------
    def run_dir(self, run_id: str) -> Path:
        if not run_id or _slug(run_id) != run_id or run_id.startswith("."):
            raise JobError(f"not a run id: {run_id!r}")
        return self.runs_dir / run_id

    def run_ids(self) -> list[str]:
        if not self.runs_dir.is_dir():
            return []
        out = []
        for d in self.runs_dir.iterdir():
            if (
                d.is_dir()
                and not d.name.startswith(".")
                and any((d / f).exists() for f in ("job.json", "events.jsonl", "config.yaml"))
            ):
                out.append(d.name)
        return out

    def list_runs(self) -> list[RunStatus]:
        runs = [self.status(r) for r in self.run_ids()]
        return sorted(runs, key=lambda s: s.started or 0, reverse=True)

    def active(self) -> RunStatus | None:
        return next((s for s in self.list_runs() if s.active), None)

    def on_finished(self, callback) -> None:
        """`callback(status)` once per launch that this app started, when its end is noticed."""
        self._listeners.append(callback)

    # -- the end of a run: noticed once, by the manager -------------------------------------------
    def watch(self, interval: float = 2.0) -> None:
        """Notice runs' ends in a background thread, every `interval` seconds, whether or not any
        page is open; the first pass settles the runs that ended while the app was down."""
        if self._watcher is not None:
            return
        self._watch_stop.clear()

        def loop() -> None:
            while True:
                try:
                    self.settle_ended()
                except Exception:  # noqa: BLE001 - the watch goes on (a run folder being deleted, ...)
                    log.exception("watching the training runs failed")
                if self._watch_stop.wait(interval):
                    return

        self._watcher = threading.Thread(target=loop, daemon=True, name="jobs-watch")
        self._watcher.start()

    def close(self) -> None:
        """Stop the watch (runs go on: they are detached processes)."""
        self._watch_stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None

    def settle_ended(self) -> list[RunStatus]:
        """Settle every launch of this app whose end was not yet noticed (also those that ended
        while the app was down); returns their statuses."""
        settled = []
        for run_id in self.run_ids():
            launches = self._job(self.runs_dir / run_id).get("launches") or []
            if launches and "ended" in launches[-1] and launches[-1]["ended"] is None:
                s = self.status(run_id)  # settles it when it has ended
                if s.state in FINISHED:
                    settled.append(s)
        return settled

    def _settle(self, s: RunStatus) -> None:
        """Once per launch (claimed in job.json, so also across app restarts): register the adapter
        of a run that ended with one, record how that went, and tell the listeners. Not under the
        status lock: loading an adapter onto a big model takes a while."""
        d = Path(s.run_dir)
        with self._settle_lock:
            with self._lock:
                job = self._job(d)
                launches = job.get("launches") or []
                if (
                    not launches
                    or launches[-1].get("pid") != s.pid
                    or launches[-1].get("ended", "") is not None
                ):
                    return  # settled already (or not a launch of this app)
                launches[-1]["ended"] = s.state
                self._write_job(d, job)
            note = {}
            if s.state in ("done", "stopped") and s.adapter and self.register_adapter is not None:
                try:
                    note["adapter_loaded"] = self.register_adapter(s.adapter, s.run_id)
                    log.info("adapter of %s loaded into the tutor as %s", s.run_id, note["adapter_loaded"])
                except Exception as exc:  # noqa: BLE001 - e.g. trained on another base model
                    note["adapter_note"] = str(exc)[:500]
                    log.warning("adapter of %s not loaded into the tutor: %s", s.run_id, exc)
            if note:
                with self._lock:
                    job = self._job(d)
                    for launch in job.get("launches") or []:
                        if launch.get("pid") == s.pid and launch.get("ended") == s.state:
                            launch.update(note)
                    self._write_job(d, job)
            s.adapter_loaded, s.adapter_note = note.get("adapter_loaded"), note.get("adapter_note")
        for cb in list(self._listeners):
            try:
                cb(s)
            except Exception:  # noqa: BLE001 - a listener must not break the watch
                log.exception("run-finished listener failed")

    def _write_job(self, d: Path, job: dict) -> None:
        tmp = d / "job.json.tmp"
        tmp.write_text(json.dumps(job, indent=1))
        tmp.replace(d / "job.json")

    # -- state --------------------------------------------------------------------------------
    def _job(self, run_dir: Path) -> dict:
        try:
            return json.loads((run_dir / "job.json").read_text())
        except (OSError, ValueError):
            return {}

    def _alive(self, run_id: str, pid: int | None) -> bool:
        proc = self._procs.get(run_id)
        if proc is not None and proc.pid == pid:
            return proc.poll() is None  # reaps our own child (no zombie)
        return pid_alive(pid)

    def _exit_status(self, run_id: str, pid: int | None) -> int | None:
        """The exit status of a launch this manager started (None: still running, or not ours)."""
        proc = self._procs.get(run_id)
        return proc.poll() if proc is not None and proc.pid == pid else None

    def status(self, run_id: str) -> RunStatus:
        """The run's status from its files. A launch's end is settled here when no watch runs
        (scripts, tests); with `watch()`, its thread does that, so a page's poll never waits."""
        s, ended = self._status(run_id)
        if ended and (self._watcher is None or threading.current_thread() is self._watcher):
            self._settle(s)
        return s

    def _status(self, run_id: str) -> tuple[RunStatus, bool]:
        with self._lock:
            d = self.run_dir(run_id)
            if not d.is_dir():
                raise JobError(f"no run {run_id!r} in {self.runs_dir}")
            job = self._job(d)
            tail = self._tails.get(run_id)
            if tail is None:
                tail = self._tails[run_id] = EventTail(d / "events.jsonl")
            tail.read()
            launches = job.get("launches") or []
            last = launches[-1] if launches else {}
            offset = int(last.get("events_offset", 0))
            current = tail.since(offset)
            if not launches:  # a run made by the CLI by hand: its last process's events
                starts = [i for i, e in enumerate(tail.events) if e.get("event") == "start"]
                current = tail.events[starts[-1] :] if starts else tail.events
            pid = last.get("pid")
            if pid is None:
                try:
                    pid = int((d / "pid").read_text().strip())
                except (OSError, ValueError):
                    pid = None
            s = RunStatus(
                run_id=run_id,
                run_dir=str(d),
                recipe=job.get("recipe", ""),
                pid=pid,
                started=job.get("created"),
                launches=len(launches),
            )
            fold_events(s, tail.events)
            s.state, s.error = derive_state(current, self._alive(run_id, pid))
            if s.state in FINISHED:
                ends = [e.get("time") for e in current if e.get("event") in ("done", "stopped", "error")]
                s.ended = ends[-1] if ends else self._mtime(d)
                s.eta_s = None if s.state != "done" else 0
            if s.state == "failed":
                err = next((e for e in reversed(current) if e.get("event") == "error"), None)
                if err is None and self._exit_status(run_id, pid) == EXIT_CONFIG:
                    # the CLI refused its config before it made the run (exit status 2)
                    s.error = "the training CLI refused the config (see its console output below)"
                    err = {"type": "ConfigError"}
                s.hint = failure_hint(err, killed=err is None)
            adapter = d / "adapter"
            s.adapter = str(adapter) if (adapter / "adapter_config.json").is_file() else None
            s.adapter_loaded, s.adapter_note = last.get("adapter_loaded"), last.get("adapter_note")
            return s, s.state in FINISHED and "ended" in last and last["ended"] is None

    def _mtime(self, d: Path) -> float | None:
        times = [
            p.stat().st_mtime for p in (d / "events.jsonl", d / CONSOLE_LOG, d / "train.log") if p.exists()
        ]
        return max(times) if times else None

    def log_tail(self, run_id: str, lines: int = 40) -> str:
        """The end of train.log; for a run whose train.log is missing or empty, the console."""
        d = self.run_dir(run_id)
        train_log = tail_text(d / "train.log", lines)
        console = tail_text(d / CONSOLE_LOG, lines)
        return train_log if train_log.strip() else console

    def console_tail(self, run_id: str, lines: int = 40) -> str:
        return tail_text(self.run_dir(run_id) / CONSOLE_LOG, lines)

    # -- control ------------------------------------------------------------------------------
    def new_run_id(self, name: str) -> str:
        base = f"{datetime.now():%Y%m%d-%H%M%S}-{_slug(name)}"
        run_id, n = base, 2
        while (self.runs_dir / run_id).exists():
            run_id, n = f"{base}-{n}", n + 1
        return run_id

    def start(self, config: str | Recipe, name: str | None = None, recipe: str | None = None) -> str:
        """Validate (once: a `Recipe` that was validated already is not validated again), make a
        new run dir, launch. Returns the run id."""
        loaded = config if isinstance(config, Recipe) else Recipe.parse(config)
        cfg, raw, config_yaml = loaded.config(), loaded.raw, loaded.text
        label = name or recipe or Path(str(raw.get("output_dir") or "run")).name
        with self._lock:
            busy = self.active()
            if busy is not None:
                raise JobBusy(busy.run_id)
            self.runs_dir.mkdir(parents=True, exist_ok=True)
            run_id = self.new_run_id(label)
            d = self.runs_dir / run_id
            d.mkdir(parents=True)
            config_yaml = self._pin_data(config_yaml, raw, d)
            (d / "recipe.yaml").write_text(config_yaml, encoding="utf-8")
            job = {
                "run_id": run_id,
                "recipe": recipe or "",
                "name": label,
                "created": time.time(),
                "model": cfg.model,
                "total_steps": cfg.total_steps(),
                "launches": [],
            }
            self._launch(run_id, d, job, resume=False)
            return run_id

    def _pin_data(self, text: str, raw: dict, d: Path) -> str:
        """Uploaded files (sources with a sha256) are copied into the run's folder, hash checked."""
        from tutor.core import data_files

        if not any(isinstance(s, dict) and s.get("sha256") for s in raw.get("datasets") or []):
            return text
        try:
            pinned = data_files.pin_uploads(raw, d, self.runs_dir)
        except data_files.DataFileError as exc:
            shutil.rmtree(d, ignore_errors=True)
            raise JobError(str(exc)) from None
        return yaml.safe_dump(pinned, sort_keys=False, allow_unicode=True)

    def resume(self, run_id: str) -> None:
        with self._lock:
            s = self.status(run_id)
            if s.active:
                raise JobError(f"{run_id} is {s.state}: nothing to resume")
            busy = self.active()
            if busy is not None:
                raise JobBusy(busy.run_id)
            d = self.run_dir(run_id)
            if not any((d / "checkpoints").glob("checkpoint-*")):
                raise JobError(f"{run_id} has no checkpoint to resume from")
            job = self._job(d) or {"run_id": run_id, "recipe": "", "created": self._mtime(d), "launches": []}
            self._launch(run_id, d, job, resume=True)

    def _launch(self, run_id: str, d: Path, job: dict, resume: bool) -> None:
        config = d / "recipe.yaml" if (d / "recipe.yaml").exists() else d / "config.yaml"
        args = [*self.command, "--config", str(config), "--set", f"output_dir={d}"]
        if resume:
            args.append("--resume")
        events = d / "events.jsonl"
        offset = events.stat().st_size if events.exists() else 0
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with open(d / CONSOLE_LOG, "ab") as out:
            out.write(f"$ {' '.join(args)}\n".encode())
            out.flush()
            proc = subprocess.Popen(
                args,
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                close_fds=True,
            )
        self._procs[run_id] = proc
        (d / "pid").write_text(str(proc.pid))  # the CLI rewrites it with the same pid
        job.setdefault("launches", []).append(
            {
                "pid": proc.pid,
                "time": time.time(),
                "resume": resume,
                "events_offset": offset,
                "argv": args,
                "ended": None,  # the manager settles the launch's end once (_settle)
            }
        )
        self._write_job(d, job)
        log.info("launched %s (pid %s)%s", run_id, proc.pid, " resuming" if resume else "")

    def stop(self, run_id: str, sig: int = signal.SIGTERM) -> RunStatus:
        """SIGTERM to the job's process group: it saves a checkpoint and its adapter, then exits."""
        with self._lock:
            s = self.status(run_id)
            if not s.active or not s.pid:
                raise JobError(f"{run_id} is {s.state}, not running")
            try:
                os.killpg(os.getpgid(s.pid), sig)
            except ProcessLookupError:
                pass
            except PermissionError as exc:
                raise JobError(f"cannot signal {run_id} (pid {s.pid}): {exc}") from exc
            return s

    def delete(self, run_id: str) -> None:
        with self._lock:
            s = self.status(run_id)
            if s.active:
                raise JobError(f"{run_id} is {s.state}: stop it before deleting it")
            d = self.run_dir(run_id)
            if d.resolve().parent != self.runs_dir:
                raise JobError(f"{d} is not inside {self.runs_dir}")
            shutil.rmtree(d)
            self._tails.pop(run_id, None)
            self._procs.pop(run_id, None)

    def wait(self, run_id: str, timeout: float = 300, poll: float = 0.5) -> RunStatus:
        """For scripts/tests: poll until the run is in a final state."""
        deadline = time.time() + timeout
        while True:
            s = self.status(run_id)
            if s.state in FINISHED or time.time() > deadline:
                return s
            time.sleep(poll)

    # -- results ------------------------------------------------------------------------------
    def finished_adapters(self) -> list[Path]:
        return [Path(s.adapter) for s in self.list_runs() if s.state in ("done", "stopped") and s.adapter]

    def push(self, run_id: str, repo: str, private: bool = True) -> str:
        s = self.status(run_id)
        if not s.adapter:
            raise JobError(f"{run_id} has no adapter yet (it is {s.state})")
        return push_adapter(s.adapter, repo, private=private)


def finished_adapters(runs_dir: str | Path) -> list[Path]:
    """Adapter folders of the runs under `runs_dir` that ended `done` or `stopped`, newest first."""
    return JobManager(runs_dir).finished_adapters()


_REPO_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")


def push_adapter(adapter_dir: str | Path, repo: str, private: bool = True) -> str:
    """Upload the adapter folder (with its README.md model card) to the Hub; returns the URL.

    The token comes from the environment (HF_TOKEN or the cached login) and is never printed.
    Raises JobError in plain words, chosen by huggingface_hub's error types.
    """
    from tutor.core.hub import HUB_HINTS, hub_error_kind
    from tutor.core.hub import push_adapter as hub_push

    repo = (repo or "").strip()
    if not _REPO_RE.match(repo):
        raise JobError(f"the repo name must look like USER/NAME (got {repo!r})")
    adapter_dir = Path(adapter_dir)
    if not (adapter_dir / "adapter_config.json").is_file():
        raise JobError(f"{adapter_dir} is not an adapter folder (no adapter_config.json)")
    try:
        return hub_push(
            adapter_dir, repo, private=private, commit_message="Upload LoRA adapter from Math Tutor Studio"
        )
    except Exception as exc:  # noqa: BLE001 - shown in plain words
        kind = hub_error_kind(exc)
        why = {
            "auth": f"not logged in to the Hub, or the token may not write to {repo}: set HF_TOKEN "
            "(a write token for your own user or an org you belong to)",
            "offline": "the Hub cannot be reached (offline, or HF_HUB_OFFLINE=1)",
        }.get(kind, HUB_HINTS.get(kind, "the upload failed"))
        first = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        raise JobError(f"Push to {repo} failed: {why} ({first})") from exc
