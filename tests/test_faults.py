"""Faults end in a clear state with nothing already saved lost.

Training CLI (run now): SIGKILL mid-step, a read-only runs folder, a corrupted checkpoint on
`--resume`. Adapters: the adapter folder removed while loaded. Jobs: the app restarted (a new
JobManager) while a job runs.

Read-only runs folder: we run as root, and chmod does not stop root, so the run folder is made a
read-only bind mount inside a private mount namespace (`unshare -m`, nothing leaks outside the
child); where that is not allowed, the fallback is an output_dir whose parent is a regular file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import GSM8K_DIR, REPO

pytestmark = [
    pytest.mark.slow,  # kills and restarts real training runs
    pytest.mark.skipif(not (GSM8K_DIR / "train.jsonl").exists(), reason="shared GSM8K data not present"),
]

RECIPE = REPO / "train" / "recipes" / "tiny-cpu.yaml"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1", "TOKENIZERS_PARALLELISM": "false"}


def train_cmd(model: Path, out: Path, *sets: str, resume: bool = False) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "train",
        "--config",
        str(RECIPE),
        "--set",
        f"model={model}",
        "--set",
        f"output_dir={out}",
        "--set",
        "eval_size=0",
    ]
    for s in sets:
        cmd += ["--set", s]
    return cmd + (["--resume"] if resume else [])


def events(run: Path) -> list[dict]:
    """Every complete line of events.jsonl parses (a torn last line is tolerated)."""
    lines = (run / "events.jsonl").read_text().splitlines() if (run / "events.jsonl").exists() else []
    out = []
    for k, line in enumerate(lines):
        try:
            out.append(json.loads(line))
        except ValueError:
            assert k == len(lines) - 1, f"corrupt line {k} in events.jsonl: {line!r}"
    return out


def state_of(run: Path, alive: bool = False) -> tuple[str, str | None]:
    import tutor.jobs.manager as jobs

    return jobs.derive_state(events(run), alive)


def checkpoint_ok(ck: Path) -> None:
    from safetensors import safe_open

    with safe_open(str(ck / "adapter_model.safetensors"), "pt") as f:
        assert list(f.keys())
    json.loads((ck / "trainer_state.json").read_text())


def snapshot(d: Path) -> dict:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory, tiny_model_dir) -> Path:
    """A completed 4-step run with checkpoints at steps 2 and 4 and a saved adapter."""
    out = tmp_path_factory.mktemp("faults") / "done-run"
    proc = subprocess.run(
        train_cmd(tiny_model_dir, out, "max_steps=4", "save_steps=2"),
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert (out / "adapter" / "adapter_model.safetensors").exists()
    return out


def test_sigkill_mid_step_keeps_checkpoint_and_resumes(tmp_path, tiny_model_dir):
    out = tmp_path / "run"
    proc = subprocess.Popen(
        train_cmd(tiny_model_dir, out, "max_steps=400", "save_steps=2"),
        env=ENV,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 180
    try:
        while time.time() < deadline:
            evs = events(out) if (out / "events.jsonl").exists() else []
            ckpts = [e for e in evs if e.get("event") == "checkpoint"]
            if ckpts and any(e.get("event") == "step" and e["step"] > ckpts[0]["step"] for e in evs):
                break
            assert proc.poll() is None, "training ended before it could be killed"
            time.sleep(0.2)
        else:
            pytest.fail("no checkpoint within 180 s")
        os.killpg(proc.pid, signal.SIGKILL)  # mid-step: a later step had started
        proc.wait(30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    saved = ckpts[0]
    checkpoint_ok(Path(saved["path"]))
    state, reason = state_of(out, alive=False)
    assert state == "failed" and reason, (state, reason)
    # resume continues from the last complete checkpoint and finishes
    last_step = max(e["step"] for e in events(out) if e.get("event") == "checkpoint")
    res = subprocess.run(
        train_cmd(tiny_model_dir, out, "max_steps=" + str(last_step + 2), "save_steps=2", resume=True),
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    evs = events(out)
    starts = [e for e in evs if e.get("event") == "start"]
    assert starts[-1].get("resumed_from_step") == last_step, starts[-1]
    assert evs[-1]["event"] == "done"
    # the checkpoint it resumed from is still intact (an earlier one may have been rotated away by
    # save_total_limit when the kill came after several checkpoints: a fast machine saves them quickly)
    resumed = [e for e in evs if e.get("event") == "checkpoint" and e["step"] == last_step][0]
    checkpoint_ok(Path(resumed["path"]))


def _can_ro_mount() -> bool:
    if not shutil.which("unshare"):
        return False
    return (
        subprocess.run(
            ["unshare", "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
            capture_output=True,
        ).returncode
        == 0
    )


@pytest.mark.parametrize("how", ["ro-bind-mount", "parent-is-a-file"])
def test_read_only_runs_folder_fails_clearly(tmp_path, tiny_model_dir, finished_run, how):
    if how == "ro-bind-mount":
        if not _can_ro_mount():
            pytest.skip("no private read-only bind mount here (needs unshare -m as root)")
        run = tmp_path / "ro-run"
        shutil.copytree(finished_run, run)
        before = snapshot(run)
        cmd = train_cmd(tiny_model_dir, run, "max_steps=6", "save_steps=2", resume=True)
        quoted = " ".join("'" + c.replace("'", "'\\''") + "'" for c in cmd)
        full = [
            "unshare",
            "-m",
            "sh",
            "-c",
            f"mount --bind '{run}' '{run}' && mount -o remount,bind,ro '{run}' && exec {quoted}",
        ]
    else:
        blocker = tmp_path / "runs"
        blocker.write_text("a file where the runs folder should be")
        run = blocker / "child-run"
        before = None
        full = train_cmd(tiny_model_dir, run, "max_steps=2")
    res = subprocess.run(full, env=ENV, cwd=REPO, capture_output=True, text=True, timeout=240)
    text = res.stdout + res.stderr
    assert res.returncode != 0, text[-2000:]
    assert (
        "Read-only file system" in text
        or "Not a directory" in text
        or "read-only" in text.lower()
        or "File exists" in text
    ), text[-2000:]
    if before is not None:
        assert snapshot(run) == before  # nothing already saved was touched
    else:
        assert blocker.read_text().startswith("a file")


@pytest.mark.parametrize("damage", ["truncated-weights", "garbage-trainer-state"])
def test_corrupted_checkpoint_on_resume(tmp_path, tiny_model_dir, finished_run, damage):
    run = tmp_path / "run"
    shutil.copytree(finished_run, run)
    ck = run / "checkpoints" / "checkpoint-4"
    assert ck.exists(), sorted(p.name for p in (run / "checkpoints").iterdir())
    if damage == "truncated-weights":
        w = ck / "adapter_model.safetensors"
        w.write_bytes(w.read_bytes()[:100])
    else:
        (ck / "trainer_state.json").write_text('{"global_step": 4, "log_history": [')
    adapter_before = snapshot(run / "adapter")
    ck2_before = snapshot(run / "checkpoints" / "checkpoint-2")
    n_events = len(events(run))
    res = subprocess.run(
        train_cmd(tiny_model_dir, run, "max_steps=6", "save_steps=2", resume=True),
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    new = events(run)[n_events:]
    assert res.returncode != 0, (res.stdout + res.stderr)[-2000:]
    errors = [e for e in new if e.get("event") == "error"]
    assert errors, new
    message = json.dumps(errors[-1])
    assert len(message) > 20, message
    state, reason = state_of(run)
    assert state == "failed" and reason, (state, reason)
    assert snapshot(run / "adapter") == adapter_before
    assert snapshot(run / "checkpoints" / "checkpoint-2") == ck2_before


def test_resume_skips_a_checkpoint_whose_save_was_killed(tmp_path, tiny_model_dir, finished_run):
    """A kill during the save of checkpoint-4 leaves its folder without trainer_state.json (the
    Trainer writes it last): resume goes on from checkpoint-2 instead of failing on the torn one."""
    run = tmp_path / "run"
    shutil.copytree(finished_run, run)
    torn = run / "checkpoints" / "checkpoint-4"
    for f in torn.iterdir():
        if f.name not in ("adapter_model.safetensors", "adapter_config.json"):
            f.unlink() if f.is_file() else shutil.rmtree(f)
    res = subprocess.run(
        train_cmd(tiny_model_dir, run, "max_steps=4", "save_steps=2", resume=True),
        env=ENV,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    text = res.stdout + res.stderr
    assert res.returncode == 0, text[-2000:]
    assert "skipping checkpoint-4" in text, text[-2000:]
    starts = [e for e in events(run) if e.get("event") == "start"]
    assert starts[-1].get("resumed_from_step") == 2, starts[-1]
    assert events(run)[-1]["event"] == "done"
    checkpoint_ok(torn)  # the step-4 save was done again, completely


def test_adapter_folder_removed_while_loaded(tmp_path, tiny_model_dir, finished_run):
    import tutor.adapters.registry as adapters
    from tutor.core.loading import load_model
    from tutor.engine.engines import GenerationSettings, HFEngine
    from tutor.tutoring.service import Tutor

    folder = tmp_path / "my-adapter"
    shutil.copytree(finished_run / "adapter", folder)
    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32", device="cpu"))
    registry = adapters.AdapterRegistry(engine)
    engine.adapters = registry
    info = registry.load(str(folder))
    shutil.rmtree(folder)
    tutor = Tutor(engine)
    last = None
    for last in tutor.reply("Solve 3x + 7 = 22", [], GenerationSettings(max_new_tokens=4), adapter=info.name):
        pass
    assert last is not None and last.done
    # the weights were read into memory at load time: the adapter goes on serving
    assert last.error is None, last.error
    assert info.name in registry.names()
    registry.unload(info.name)
    assert info.name not in registry.names()
    with pytest.raises(adapters.AdapterError):  # loading the removed folder again: a clear error
        registry.load(str(folder))


def test_app_restart_while_a_job_runs(tmp_path, tiny_model_dir):
    import tutor.jobs.manager as jobs

    runs = tmp_path / "runs"
    recipe = RECIPE.read_text().replace("model: runs/.tiny-model", f"model: {tiny_model_dir}")
    recipe = recipe.replace("max_steps: 6", "max_steps: 400").replace("eval_size: 8", "eval_size: 0")
    first = jobs.JobManager(runs)
    run_id = first.start(recipe, name="restart")
    deadline = time.time() + 180
    while first.status(run_id).state != "running" and time.time() < deadline:
        time.sleep(0.3)
    assert first.status(run_id).state == "running"
    del first  # the app goes away; the detached job does not
    second = jobs.JobManager(runs)  # the app comes back
    st = second.status(run_id)
    assert st.state == "running", st
    with pytest.raises(jobs.JobBusy):
        second.start(recipe, name="another")
    second.stop(run_id)
    st = second.wait(run_id, timeout=120)
    assert st.state in ("stopped", "done"), st
    assert not st.active
