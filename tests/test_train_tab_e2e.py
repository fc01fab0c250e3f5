"""End to end: the app with training enabled, real `python -m train` runs on the tiny model,
driven through /train_start, /train_status, /train_stop (gradio_client), and /solve with the
trained adapter. The runs are small (fp32, no quantization, 128 tokens) to keep this fast."""

from __future__ import annotations

import json
import os
import signal
import time

import pytest
import yaml

from tests.conftest import GSM8K_DIR, AppProcess
from tutor.jobs.manager import KILLED_MESSAGE, JobManager

pytestmark = pytest.mark.slow


def tiny_yaml(model_dir, **over) -> str:
    cfg = {
        "model": str(model_dir),
        "quantization": "none",
        "gradient_checkpointing": False,
        "lora_r": 8,
        "lora_alpha": 16,
        "lora_dropout": 0.0,
        "max_length": 128,
        "per_device_train_batch_size": 2,
        "gradient_accumulation_steps": 1,
        "max_steps": 8,
        "learning_rate": 5e-3,
        "lr_scheduler_type": "constant",
        "warmup_ratio": 0.0,
        "optim": "adamw_torch",
        "save_steps": 2,
        "logging_steps": 1,
        "eval_size": 0,
        "seed": 0,
        "datasets": [
            {"name": "gsm8k", "path": str(GSM8K_DIR / "train.jsonl"), "format": "gsm8k", "count": 32}
        ],
    }
    cfg.update(over)
    return yaml.safe_dump(cfg, sort_keys=False)


@pytest.fixture(scope="module")
def runs_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="module")
def app(tiny_model_dir, runs_dir):
    proc = AppProcess(
        "--model",
        str(tiny_model_dir),
        "--precision",
        "fp32",
        "--enable-training",
        "--runs-dir",
        str(runs_dir),
    )
    yield proc
    proc.stop()
    for run_id in JobManager(runs_dir).run_ids():  # no job outlives the tests
        try:
            JobManager(runs_dir).stop(run_id, sig=signal.SIGKILL)
        except Exception:  # noqa: BLE001
            pass


def wait_for(client, run_id, pred, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        s = client.predict(run_id, api_name="/train_status")
        if pred(s):
            return s
        time.sleep(0.3)
    raise AssertionError(f"timed out; last status {s}")


def events(runs_dir, run_id):
    return [json.loads(line) for line in (runs_dir / run_id / "events.jsonl").read_text().splitlines()]


def test_stop_resume_done_and_the_adapter_serves_solve(app, runs_dir, tiny_model_dir):
    client = app.client()
    # long enough that a Stop sent at step 3 lands before the end on a busy machine (with 10
    # steps it once landed on the last step, which is rightly reported as done)
    steps = 30
    run_id = client.predict(tiny_yaml(tiny_model_dir, max_steps=steps), api_name="/train_start")
    assert (runs_dir / run_id).is_dir()
    s = client.predict(run_id, api_name="/train_status")
    assert s["state"] in ("queued", "running")
    # one job at a time
    with pytest.raises(Exception, match="already running"):
        client.predict(tiny_yaml(tiny_model_dir), api_name="/train_start")
    s = wait_for(client, run_id, lambda s: (s["step"] or 0) >= 3 or s["state"] not in ("queued", "running"))
    assert s["state"] == "running" and s["total"] == steps and s["loss"] is not None
    assert client.predict(run_id, api_name="/train_stop") == "running"
    s = wait_for(client, run_id, lambda s: s["state"] not in ("queued", "running"))
    assert s["state"] == "stopped", s
    assert (runs_dir / run_id / "adapter" / "adapter_model.safetensors").is_file()
    stopped_at = s["step"]
    ckpt = max(int(p.name.split("-")[1]) for p in (runs_dir / run_id / "checkpoints").glob("checkpoint-*"))
    assert ckpt == stopped_at

    # resume (the UI's Resume button calls the same JobManager.resume)
    JobManager(runs_dir).resume(run_id)
    s = wait_for(client, run_id, lambda s: s["state"] not in ("queued", "running"))
    assert s["state"] == "done" and s["step"] == steps, s
    ev = events(runs_dir, run_id)
    second_start = [i for i, e in enumerate(ev) if e["event"] == "start"][1]
    assert ev[second_start]["resumed_from_step"] == ckpt
    first_step = next(e for e in ev[second_start:] if e["event"] == "step")
    assert first_step["step"] > ckpt

    # the adapter is loaded into the running tutor (no restart) and answers /solve
    deadline = time.time() + 60
    while time.time() < deadline:
        names = [a["name"] for a in client.predict(api_name="/adapters")]
        if run_id in names:
            break
        time.sleep(0.5)
    assert run_id in names
    reply = client.predict("Solve 3x + 7 = 22", None, 8, 0.0, 0.95, 1.0, run_id, api_name="/solve")
    assert isinstance(reply, str) and reply


def test_crashes_show_failed_with_log_and_the_app_keeps_serving(app, runs_dir, tiny_model_dir, tmp_path):
    client = app.client()
    bad = tmp_path / "bad.jsonl"
    bad.write_text("this is not json\n{also not\n")
    run_id = client.predict(
        tiny_yaml(
            tiny_model_dir, datasets=[{"name": "bad", "path": str(bad), "format": "gsm8k", "count": 4}]
        ),
        api_name="/train_start",
    )
    s = wait_for(client, run_id, lambda s: s["state"] not in ("queued", "running"))
    assert s["state"] == "failed" and s["error"], s
    assert s["log_tail"] or s["console_tail"]
    assert "could not read dataset" in s["error"] and "JSON parse error" in s["console_tail"]

    # killed: SIGKILL leaves no final event
    run_id = client.predict(tiny_yaml(tiny_model_dir), api_name="/train_start")
    pid = int((runs_dir / run_id / "pid").read_text())
    time.sleep(1.0)
    os.killpg(pid, signal.SIGKILL)
    s = wait_for(client, run_id, lambda s: s["state"] not in ("queued", "running"), timeout=30)
    assert s["state"] == "failed" and s["error"] == KILLED_MESSAGE
    assert "killed" in s["hint"].lower()

    reply = client.predict("Solve 3x + 7 = 22", None, 8, api_name="/solve")
    assert isinstance(reply, str) and reply


def test_training_disabled_refuses_with_a_clear_message(tmp_path):
    app = AppProcess("--engine", "symbolic", "--runs-dir", str(tmp_path))
    try:
        client = app.client()
        for endpoint, arg in (("/train_start", "model: x"), ("/train_status", "r"), ("/train_stop", "r")):
            with pytest.raises(Exception, match="--enable-training"):
                client.predict(arg, api_name=endpoint)
        reply = client.predict("Solve 3x + 7 = 22", api_name="/solve")  # the tutor still works
        assert isinstance(reply, str) and reply
    finally:
        app.stop()


def test_public_app_needs_an_authorized_user():
    from types import SimpleNamespace

    from tutor.settings import AppConfig
    from tutor.ui.train_tab import refusal

    req = SimpleNamespace(username=None)
    cfg = AppConfig(enable_training=True)
    assert refusal(cfg, req) is None  # local app
    assert "--enable-training" in refusal(AppConfig(), req)
    space = AppConfig(enable_training=True, space_id="me/tutor")
    assert "public" in refusal(space, req) and "sign in with Hugging Face" in refusal(space, req)
    space = AppConfig(enable_training=True, space_id="me/tutor", teachers=["alice"])
    assert "not one" in refusal(space, SimpleNamespace(username="bob"))
    assert refusal(space, SimpleNamespace(username="alice")) is None
    share = AppConfig(enable_training=True, share=True)
    assert "TUTOR_AUTH" in refusal(share, req)
    share = AppConfig(enable_training=True, share=True, auth=[("teacher", "pw")])
    assert refusal(share, SimpleNamespace(username="teacher")) is None
