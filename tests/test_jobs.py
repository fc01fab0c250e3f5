"""tutor.jobs.manager without training: state from event files, incremental reading, one job at a time.

Launches use a fake trainer (a few lines of Python writing events) instead of `python -m train`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import GSM8K_DIR
from tests.test_adapters import answer, expected, lora_dirs  # noqa: F401 - fixtures
from tutor.jobs import manager as jobs
from tutor.jobs import run_status
from tutor.jobs.manager import EventTail, JobBusy, JobError, JobManager, derive_state

FAKE = textwrap.dedent("""
    import json, os, signal, sys, time
    out = sys.argv[sys.argv.index("--set") + 1].split("=", 1)[1]
    mode = os.environ.get("FAKE_MODE", "done")
    ev = open(os.path.join(out, "events.jsonl"), "a", buffering=1)
    def emit(kind, **kw):
        ev.write(json.dumps({"event": kind, "time": time.time(), **kw}) + "\\n")
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    open(os.path.join(out, "train.log"), "a").write("fake trainer " + mode + "\\n")
    if mode == "config":
        print("config error: lora_r must be > 0", file=sys.stderr); sys.exit(2)
    emit("start", total_steps=4)
    for step in range(1, 5):
        if mode == "slow":
            time.sleep(0.3)
        emit("step", step=step, total=4, loss=2.0 / step, eta_s=4 - step, tokens_per_s=10.0)
        if stop:
            emit("stopped", step=step, final_loss=2.0 / step); sys.exit(0)
        for _ in range(600 if mode == "hang" else 0):
            if stop:
                break
            time.sleep(0.1)
        if stop:
            emit("stopped", step=step, final_loss=2.0 / step); sys.exit(0)
    if mode == "lora":  # a real adapter's files, from FAKE_LORA; the end from FAKE_END
        import shutil
        adapter = os.path.join(out, "adapter"); os.makedirs(adapter, exist_ok=True)
        for name in ("adapter_config.json", "adapter_model.safetensors"):
            shutil.copy(os.path.join(os.environ["FAKE_LORA"], name), adapter)
        emit(os.environ.get("FAKE_END", "done"), step=4, final_loss=0.5, adapter=adapter); sys.exit(0)
    if mode == "error":
        emit("error", type="OutOfMemoryError", causes=[], message="OutOfMemoryError: CUDA out of memory",
             traceback_tail="..."); sys.exit(1)
    adapter = None
    if mode == "adapter":
        adapter = os.path.join(out, "adapter"); os.makedirs(adapter, exist_ok=True)
        open(os.path.join(adapter, "adapter_config.json"), "w").write("{}")
    emit("done", step=4, final_loss=0.5, adapter=adapter)
""")

GOOD_YAML = f"""
model: runs/.tiny-model
max_steps: 4
datasets:
  - name: gsm8k
    path: {GSM8K_DIR / "train.jsonl"}
    format: gsm8k
    count: 8
"""


@pytest.fixture()
def manager(tmp_path):
    script = tmp_path / "fake_train.py"
    script.write_text(FAKE)
    m = JobManager(tmp_path / "runs", command=[sys.executable, str(script)])
    yield m
    for proc in m._procs.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def write_events(path: Path, *events: dict) -> None:
    with open(path, "a") as f:
        for e in events:
            f.write(json.dumps(e) + "\n")


# ---- pure state derivation ---------------------------------------------------------------------


def test_derive_state_from_events():
    start, step = {"event": "start"}, {"event": "step", "step": 1, "loss": 1.0}
    assert derive_state([], alive=True) == ("queued", None)
    assert derive_state([start, step], alive=True) == ("running", None)
    assert derive_state([start, step, {"event": "done"}], alive=False) == ("done", None)
    assert derive_state([start, {"event": "stopped"}], alive=False) == ("stopped", None)
    assert derive_state([start, {"event": "error", "message": "boom"}], alive=False) == ("failed", "boom")
    # killed: no terminal event and the process is gone
    assert derive_state([start, step], alive=False) == ("failed", jobs.KILLED_MESSAGE)
    assert derive_state([], alive=False) == ("failed", jobs.KILLED_MESSAGE)


def test_event_tail_reads_incrementally_and_keeps_partial_lines(tmp_path):
    p = tmp_path / "events.jsonl"
    tail = EventTail(p)
    assert tail.read() == []  # no file yet
    write_events(p, {"event": "start"}, {"event": "step", "step": 1})
    assert [e["event"] for e in tail.read()] == ["start", "step"]
    assert tail.read() == []
    with open(p, "a") as f:
        f.write('{"event": "step", "st')  # a line being written
    assert tail.read() == []
    with open(p, "a") as f:
        f.write('ep": 2}\n')
    assert tail.read() == [{"event": "step", "step": 2}]
    offset = tail.offset
    write_events(p, {"event": "start"}, {"event": "done"})
    tail.read()
    assert [e["event"] for e in tail.since(offset)] == ["start", "done"]
    p.write_text(json.dumps({"event": "start"}) + "\n")  # rewritten: read again from the start
    tail.read()
    assert tail.events == [{"event": "start"}]


def test_hand_made_runs_found_after_restart(tmp_path):
    """Run dirs without job.json (or from a previous app) are found; a dead pid is `failed`."""
    runs = tmp_path / "runs"
    done, killed, live = runs / "a-done", runs / "b-killed", runs / "c-live"
    for d in (done, killed, live):
        d.mkdir(parents=True)
    write_events(
        done / "events.jsonl",
        {"event": "start", "time": 1.0, "total_steps": 2},
        {"event": "step", "step": 2, "total": 2, "loss": 0.7},
        {"event": "done", "time": 3.0, "step": 2, "final_loss": 0.7},
    )
    (done / "pid").write_text("999999")
    write_events(
        killed / "events.jsonl",
        {"event": "start", "time": 2.0, "total_steps": 9},
        {"event": "step", "step": 3, "total": 9, "loss": 1.5},
    )
    (killed / "train.log").write_text("step 3\nlast words\n")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (killed / "pid").write_text(str(dead.pid))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        write_events(live / "events.jsonl", {"event": "start", "time": 4.0, "total_steps": 9})
        (live / "pid").write_text(str(sleeper.pid))
        m = JobManager(runs)
        by_id = {s.run_id: s for s in m.list_runs()}
        assert by_id["a-done"].state == "done" and by_id["a-done"].final_loss == 0.7
        k = by_id["b-killed"]
        assert k.state == "failed" and "killed" in k.error and k.step == 3
        assert "last words" in m.log_tail("b-killed") and "Resume" in k.hint
        assert by_id["c-live"].state == "running"
        assert m.active().run_id == "c-live"
        with pytest.raises(JobError, match="stop it"):
            m.delete("c-live")
        m.delete("a-done")
        assert not done.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# ---- launching (fake trainer) ----------------------------------------------------------------


def test_start_runs_to_done_in_a_new_run_dir(manager, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "done")
    run_id = manager.start(GOOD_YAML, recipe="tiny-cpu")
    assert run_id.endswith("-tiny-cpu") and (manager.runs_dir / run_id / "recipe.yaml").exists()
    s = manager.wait(run_id, timeout=30)
    assert s.state == "done" and s.step == 4 and s.final_loss == 0.5
    assert s.losses == [(1, 2.0), (2, 1.0), (3, 2.0 / 3), (4, 0.5)]
    job = json.loads((manager.runs_dir / run_id / "job.json").read_text())
    assert job["launches"][0]["argv"][-2:] == ["--set", f"output_dir={manager.runs_dir / run_id}"]


def test_one_job_at_a_time_and_stop(manager, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "hang")
    first = manager.start(GOOD_YAML, recipe="tiny-cpu")
    deadline = time.time() + 20
    while manager.status(first).state != "running" and time.time() < deadline:
        time.sleep(0.1)
    assert manager.status(first).state == "running"
    with pytest.raises(JobBusy) as err:
        manager.start(GOOD_YAML, recipe="tiny-cpu")
    assert err.value.run_id == first and "already running" in str(err.value)
    finished = []
    manager.on_finished(finished.append)
    manager.stop(first)
    s = manager.wait(first, timeout=20)
    assert s.state == "stopped" and finished and finished[0].run_id == first
    # the slot is free again
    monkeypatch.setenv("FAKE_MODE", "done")
    second = manager.start(GOOD_YAML, recipe="tiny-cpu")
    assert manager.wait(second, timeout=30).state == "done"


def test_failures_error_event_config_error_and_sigkill(manager, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "error")
    r = manager.start(GOOD_YAML, recipe="x")
    s = manager.wait(r, timeout=30)
    assert s.state == "failed" and "out of memory" in s.error and "smaller" in s.hint
    monkeypatch.setenv("FAKE_MODE", "config")
    r = manager.start(GOOD_YAML, recipe="x")
    s = manager.wait(r, timeout=30)
    # no event, exit status 2: the CLI's config refusal, told by its exit status, not the console
    assert s.state == "failed" and "refused the config" in s.error and s.hint == run_status.CONFIG_HINT
    assert "lora_r must be > 0" in manager.console_tail(r)
    monkeypatch.setenv("FAKE_MODE", "hang")
    r = manager.start(GOOD_YAML, recipe="x")
    while manager.status(r).state != "running":
        time.sleep(0.1)
    manager.stop(r, sig=signal.SIGKILL)
    s = manager.wait(r, timeout=20)
    assert s.state == "failed" and "killed" in s.error and s.step == 1


def test_invalid_config_uses_the_cli_messages(manager):
    with pytest.raises(jobs.InvalidConfig) as err:
        manager.start(GOOD_YAML.replace("max_steps: 4", "max_steps: 4\nlora_r: 0\nlora_rnk: 3"))
    assert any("lora_rnk" in p and "did you mean 'lora_r'" in p for p in err.value.problems)
    with pytest.raises(jobs.InvalidConfig) as err:
        manager.start(GOOD_YAML.replace("max_steps: 4", "max_steps: 4\nlora_r: 0"))
    assert err.value.problems == ["lora_r must be > 0 (got 0)"]
    with pytest.raises(jobs.InvalidConfig, match="does not exist"):
        manager.start(GOOD_YAML.replace("train.jsonl", "nope.jsonl"))
    assert manager.run_ids() == []


def test_resume_needs_a_checkpoint_and_continues(manager, monkeypatch):
    monkeypatch.setenv("FAKE_MODE", "done")
    r = manager.start(GOOD_YAML, recipe="x")
    manager.wait(r, timeout=30)
    with pytest.raises(JobError, match="no checkpoint"):
        manager.resume(r)
    (manager.runs_dir / r / "checkpoints" / "checkpoint-2").mkdir(parents=True)
    manager.resume(r)
    assert manager.status(r).state in ("queued", "running", "done")
    s = manager.wait(r, timeout=30)
    assert s.state == "done" and s.launches == 2
    argv = json.loads((manager.runs_dir / r / "job.json").read_text())["launches"][-1]["argv"]
    assert argv[-1] == "--resume"


def test_finished_adapters(tmp_path):
    runs = tmp_path / "runs"
    for name, terminal in (("r1", "done"), ("r2", "error")):
        d = runs / name
        (d / "adapter").mkdir(parents=True)
        (d / "adapter" / "adapter_config.json").write_text("{}")
        write_events(d / "events.jsonl", {"event": "start", "time": 1.0}, {"event": terminal})
    assert jobs.finished_adapters(runs) == [runs / "r1" / "adapter"]


def test_push_refuses_bad_names(tmp_path):
    with pytest.raises(JobError, match="USER/NAME"):
        jobs.push_adapter(tmp_path, "no-slash")
    with pytest.raises(JobError, match="not an adapter"):
        jobs.push_adapter(tmp_path, "me/adapter")


# ---- failures classified by type, not by log text ---------------------------------------------


def _failed_run(runs: Path, name: str, error: dict, log: str) -> None:
    d = runs / name
    d.mkdir(parents=True)
    write_events(
        d / "events.jsonl", {"event": "start", "time": 1.0}, {"event": "error", "time": 2.0, **error}
    )
    (d / "train.log").write_text(log)


def test_a_failure_is_told_by_its_error_type_not_by_the_log_text(tmp_path):
    """A run that failed on a missing file, whose log has a timestamp ending in ",401", was told
    the model is gated (the hint searched the log tail for "401")."""
    runs = tmp_path / "runs"
    log = "2026-01-01 10:00:00,401 ERROR train: training failed\nHTTP 401 unauthorized gated\n"
    _failed_run(
        runs,
        "missing",
        {"type": "FileNotFoundError", "causes": [], "message": "FileNotFoundError: rows.jsonl"},
        log,
    )
    # a gated model: the GatedRepoError behind the loader's own error, whatever the log says
    _failed_run(
        runs,
        "gated",
        {"type": "ModelLoadError", "causes": ["OSError", "GatedRepoError"], "message": "ModelLoadError: x"},
        "2026-01-01 10:00:00,123 ERROR train: out of memory? no\n",
    )
    _failed_run(
        runs, "oom", {"type": "OutOfMemoryError", "causes": [], "message": "OutOfMemoryError: ..."}, ""
    )
    _failed_run(runs, "unknown", {"type": "ValueError", "causes": [], "message": "ValueError: x"}, log)
    m = JobManager(runs)
    assert m.status("missing").hint == run_status.MISSING_HINT
    assert m.status("gated").hint == run_status.GATED_HINT
    assert m.status("oom").hint == run_status.OOM_HINT
    assert m.status("unknown").hint == ""  # nothing guessed from the log


def test_the_cli_records_the_error_type_and_the_ones_behind_it(tmp_path):
    from train.events import EventWriter, read_events

    w = EventWriter(tmp_path / "events.jsonl")
    try:
        try:
            raise FileNotFoundError("rows.jsonl")
        except FileNotFoundError as inner:
            raise RuntimeError("could not read the data") from inner
    except RuntimeError as exc:
        w.error(exc)
    w.close()
    (event,) = read_events(tmp_path / "events.jsonl")
    assert event["type"] == "RuntimeError" and event["causes"] == ["FileNotFoundError"]


# ---- the end of a run: noticed and settled by the manager -------------------------------------


class FakeRegistry:
    def __init__(self, refuse: str | None = None):
        self.loaded: list[tuple[str, str]] = []
        self.refuse = refuse

    def __call__(self, adapter_dir: str, run_id: str) -> str:
        if self.refuse:
            raise ValueError(self.refuse)
        self.loaded.append((adapter_dir, run_id))
        return run_id


@pytest.mark.slow  # starts the fake trainer
def test_a_run_that_ended_while_the_app_was_down_is_registered_once(tmp_path, monkeypatch):
    script = tmp_path / "fake_train.py"
    script.write_text(FAKE)
    monkeypatch.setenv("FAKE_MODE", "adapter")
    runs = tmp_path / "runs"
    before = JobManager(runs, command=[sys.executable, str(script)])  # the app, then it stops
    run_id = before.start(GOOD_YAML, recipe="x")
    proc = before._procs[run_id]
    proc.wait(timeout=30)  # the run ends while no app watches it
    registry = FakeRegistry()
    after = JobManager(runs, register_adapter=registry)  # the app started again
    settled = after.settle_ended()  # what its watch does first
    assert [s.run_id for s in settled] == [run_id] and settled[0].state == "done"
    assert registry.loaded == [(str(runs / run_id / "adapter"), run_id)]
    assert after.settle_ended() == [] and JobManager(runs, register_adapter=registry).settle_ended() == []
    assert registry.loaded == [(str(runs / run_id / "adapter"), run_id)]  # once, across restarts
    assert after.status(run_id).adapter_loaded == run_id


@pytest.mark.slow  # starts the fake trainer
def test_the_watch_registers_a_finished_run_with_no_page_open(tmp_path, monkeypatch):
    script = tmp_path / "fake_train.py"
    script.write_text(FAKE)
    monkeypatch.setenv("FAKE_MODE", "adapter")
    registry = FakeRegistry(refuse="made for another base model")
    m = JobManager(tmp_path / "runs", command=[sys.executable, str(script)], register_adapter=registry)
    m.watch(interval=0.1)
    try:
        run_id = m.start(GOOD_YAML, recipe="x")
        deadline = time.time() + 30
        while time.time() < deadline:  # nobody calls status(): the watch notices the end
            job = json.loads((m.runs_dir / run_id / "job.json").read_text())
            if job["launches"][-1].get("adapter_note"):
                break
            time.sleep(0.1)
        assert job["launches"][-1]["ended"] == "done"
        s = m.status(run_id)
        assert s.adapter_loaded is None and s.adapter_note == "made for another base model"
    finally:
        m.close()


@pytest.mark.slow  # starts the fake trainer
def test_a_recipe_is_parsed_and_validated_once_from_the_tab_to_the_launch(manager, monkeypatch):
    """The Train tab's Start parsed the YAML four times and validated it twice before the launch."""
    from types import SimpleNamespace

    import tutor.core.train_config as train_config
    from tutor.jobs import recipes
    from tutor.ui.train_runner import TrainRunner

    counts = {"parse": 0, "validate": 0}
    real_parse, real_build = recipes.safe_yaml, train_config.build_config

    def parse(*a, **k):
        counts["parse"] += 1
        return real_parse(*a, **k)

    def build(*a, **k):
        counts["validate"] += 1
        return real_build(*a, **k)

    monkeypatch.setattr(recipes, "safe_yaml", parse)
    monkeypatch.setattr(train_config, "build_config", build)
    ctx = SimpleNamespace(config=SimpleNamespace(enable_training=True), roots=SimpleNamespace(enforce=True))
    ctx.roots.check = lambda path, base=None: Path(path)  # a public app: the paths are checked too
    runner = TrainRunner(ctx, manager)
    recipe, msg = runner.load_recipe(GOOD_YAML)
    assert recipe is not None and msg == "✓ Valid: 4 steps."
    run_id = manager.start(recipe, recipe="tiny-cpu")
    assert counts == {"parse": 1, "validate": 1}
    assert manager.wait(run_id, timeout=30).state == "done"


@pytest.mark.slow  # starts the fake trainer twice
def test_a_stopped_run_resumed_to_done_serves_its_final_adapter(
    tmp_path,
    monkeypatch,
    base_dir,
    lora_dirs,  # noqa: F811
    expected,  # noqa: F811
):
    """The manager loads the adapter saved at the stop, then the one the resumed run finished
    with, into the app's registry under the run's name: the tutor must serve the final one."""
    from tutor.adapters.registry import AdapterRegistry
    from tutor.core.loading import load_model
    from tutor.engine.engines import HFEngine

    engine = HFEngine(load_model(str(base_dir), precision="fp32"))
    registry = AdapterRegistry(engine)
    script = tmp_path / "fake_train.py"
    script.write_text(FAKE)
    monkeypatch.setenv("FAKE_MODE", "lora")
    monkeypatch.setenv("FAKE_LORA", str(lora_dirs["A"]))
    monkeypatch.setenv("FAKE_END", "stopped")
    m = JobManager(
        tmp_path / "runs",
        command=[sys.executable, str(script)],
        register_adapter=lambda adapter_dir, run_id: registry.load(adapter_dir, name=run_id).name,
    )
    run_id = m.start(GOOD_YAML, recipe="x")
    s = m.wait(run_id, timeout=30)
    assert s.state == "stopped" and s.adapter_loaded == run_id, s
    assert answer(engine, run_id) == expected["A"]
    (m.runs_dir / run_id / "checkpoints" / "checkpoint-2").mkdir(parents=True)
    monkeypatch.setenv("FAKE_LORA", str(lora_dirs["B"]))
    monkeypatch.setenv("FAKE_END", "done")
    m.resume(run_id)
    s = m.wait(run_id, timeout=30)
    assert s.state == "done" and s.adapter_loaded == run_id and registry.names() == [run_id], s
    assert answer(engine, run_id) == expected["B"]  # before: still the stopped run's weights (A)
