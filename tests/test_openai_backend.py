"""The OpenAI-compatible backend against a real server: `transformers serve` (the `serving`
extra) on the tiny model on CPU, on a free 127.0.0.1 port; the app's /solve streams and stops
through it; a server that errors or is down gives a clear message and the app keeps serving."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import AppProcess, free_port
from tutor.engine.engines import GenerationSettings
from tutor.tutoring.service import Tutor

pytestmark = pytest.mark.slow

PROBLEM = "Solve 3x + 7 = 22"


class ServeProcess:
    def __init__(self, model_dir: Path, tmp: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        exe = shutil.which("transformers", path=str(Path(sys.executable).parent)) or "transformers"
        (tmp / "hub").mkdir(exist_ok=True)
        env = {**os.environ, "HF_HUB_CACHE": str(tmp / "hub"), "HF_HUB_OFFLINE": "1"}
        self.log = open(tmp / "serve.log", "w")
        self.proc = subprocess.Popen(
            [
                exe,
                "serve",
                str(model_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--device",
                "cpu",
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        import httpx

        deadline = time.time() + 120
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError((tmp / "serve.log").read_text())
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.3)
        self.stop()
        raise TimeoutError("transformers serve did not start")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server(tiny_model_dir, tmp_path_factory):
    s = ServeProcess(tiny_model_dir, tmp_path_factory.mktemp("serve"))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def openai_app(server, tiny_model_dir):
    app = AppProcess("--backend", "openai", "--base-url", server.url, "--served-model", str(tiny_model_dir))
    yield app
    app.stop()


def direct(server, model: str, max_tokens: int) -> str:
    """The same greedy request sent to the server directly."""
    import openai

    from tutor import SYSTEM_PROMPT

    client = openai.OpenAI(base_url=server.url, api_key="EMPTY", max_retries=0)
    out = client.chat.completions.create(
        model=model,
        max_tokens=max_tokens,
        temperature=0.0,
        top_p=1.0,
        messages=[{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": PROBLEM}],
    )
    return out.choices[0].message.content


def test_solve_streams_through_the_server_and_stop_closes_the_stream(openai_app, server, tiny_model_dir):
    client = openai_app.client()
    job = client.submit(PROBLEM, None, 12, api_name="/solve")
    outputs = []
    for out in job:
        outputs.append(out)
    assert len(outputs) > 2  # streamed
    assert outputs[-1].strip() == direct(server, str(tiny_model_dir), 12).strip()
    status = client.predict(api_name="/status")
    assert status["engine"] == "openai" and server.url in status["device"]
    # stop: a long reply cancelled after a few pieces ends with far fewer tokens than asked
    job = client.submit(PROBLEM, None, 4000, api_name="/solve")
    deadline = time.time() + 60
    while len(job.outputs()) < 3 and time.time() < deadline:
        time.sleep(0.05)
    job.cancel()
    time.sleep(1.0)
    status = client.predict(api_name="/status")
    assert status["last_stopped"] and status["last_new_tokens"] < 1000
    # adapters: the server's LoRA names; loading says plainly that this server cannot
    with pytest.raises(Exception, match="does not offer /v1/load_lora_adapter"):
        client.predict("some/lora", "", api_name="/load_adapter")
    with pytest.raises(Exception, match="no LoRA model named 'nope'"):
        client.predict(PROBLEM, None, 8, 0.0, 0.95, 1.0, "nope", api_name="/solve")


def test_server_errors_and_a_dead_server_give_clear_messages(server, tiny_model_dir):
    from tutor.engine.openai_backend import OpenAIEngine

    settings = GenerationSettings(max_new_tokens=24)
    bad = Tutor(OpenAIEngine(server.url, model="no-such-model-here"))
    final = list(bad.reply(PROBLEM, settings=settings))[-1]
    assert final.error and f"model server at {server.url} answered HTTP" in final.error
    dead_url = f"http://127.0.0.1:{free_port()}/v1"
    dead = OpenAIEngine(dead_url, model="m", timeout=5)
    final = list(Tutor(dead).reply(PROBLEM, settings=settings))[-1]
    assert final.error and "cannot be reached" in final.error and dead_url in final.error
    # the same engine answers as soon as its server is reachable again (nothing is stuck)
    good = Tutor(OpenAIEngine(server.url, model=str(tiny_model_dir)))
    final = list(good.reply(PROBLEM, settings=settings))[-1]
    assert final.error is None and final.text
    # self-consistency: k concurrent requests, the server batches them
    engine = good.engine
    prompt = engine.prepare(PROBLEM, [], max_new_tokens=6)
    stop = threading.Event()
    assert len(engine.sample(prompt, GenerationSettings(6, 0.7), 3, stop)) == 3
    # Compare runs the columns one after another on the server (base = the served model)
    from tutor.evaluation.compare import compare

    cols = list(compare(engine, PROBLEM, ["base", "base"], settings))[-1]
    assert [c.reply.text for c in cols] == [final.text] * 2 and not any(c.batched for c in cols)
    assert not any(n for c in cols for n in c.reply.notices if "one after another" in n)


def test_adapter_flag_reaches_the_server_engine(server, tiny_model_dir):
    """`--adapter` with `--backend openai` names a served LoRA or asks the server to load it; it
    was silently ignored (a return before the server branch). transformers serve cannot load
    adapters, so start-up stops with that reason instead of serving without the adapter."""
    from tutor.core.loading import ModelLoadError
    from tutor.engine.startup import create_engine
    from tutor.settings import AppConfig

    config = AppConfig(
        engine="openai", base_url=server.url, served_model=str(tiny_model_dir), adapter=["algebra-lora"]
    )
    with pytest.raises(ModelLoadError, match="algebra-lora.*load_lora_adapter"):
        create_engine(config)


def test_the_app_keeps_serving_when_the_server_goes_down(openai_app, server):
    client = openai_app.client()
    server.stop()
    reply = client.predict(PROBLEM, None, 8, api_name="/solve")
    assert "cannot be reached" in reply and "is it running?" in reply
    assert client.predict(api_name="/status")["engine"] == "openai"  # still up
    assert "cannot be reached" in client.predict("x", None, 4, api_name="/solve")
