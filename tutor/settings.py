"""App configuration from command-line flags, each also readable from an environment variable."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field

ENV = {  # flag -> environment variable (for Hugging Face Spaces, containers, CI)
    "model": "TUTOR_MODEL",
    "engine": "TUTOR_ENGINE",
    "load_in_4bit": "TUTOR_LOAD_IN_4BIT",
    "precision": "TUTOR_PRECISION",
    "adapter": "TUTOR_ADAPTER",
    "host": "TUTOR_HOST",
    "port": "TUTOR_PORT",
    "share": "TUTOR_SHARE",
    "max_new_tokens": "TUTOR_MAX_NEW_TOKENS",
    "enable_training": "TUTOR_ENABLE_TRAINING",
    "runs_dir": "TUTOR_RUNS_DIR",
    "base_url": "TUTOR_BASE_URL",
    "api_key_env": "TUTOR_API_KEY_ENV",
    "served_model": "TUTOR_SERVED_MODEL",
    "max_batch_size": "TUTOR_MAX_BATCH_SIZE",
    "batch_wait_ms": "TUTOR_BATCH_WAIT_MS",
    "queue_size": "TUTOR_QUEUE_SIZE",
    "mcp": "TUTOR_MCP",
}


def _env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class AppConfig:
    model: str | None = None
    engine: str = "auto"  # auto | hf | openai | symbolic (--engine or --backend)
    load_in_4bit: bool = False
    precision: str = "auto"
    adapter: list[str] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 7860
    share: bool = False
    max_new_tokens: int = 1024
    enable_training: bool = False
    runs_dir: str = "runs"
    auth: list[tuple[str, str]] = field(default_factory=list)  # TUTOR_AUTH="user:pass[,user2:pass2]"
    base_url: str | None = None  # --backend openai: the server's OpenAI API root (…/v1)
    api_key_env: str | None = None  # the NAME of the environment variable holding its key
    served_model: str | None = None  # the server's model name (default: the first it lists)
    max_batch_size: int = 16  # rows per batch of the generation core
    batch_wait_ms: float = 10.0  # how long a request waits for others to batch with
    queue_size: int = 64  # requests waiting in Gradio's queue beyond those running
    mcp: bool = False  # also serve the tutor's safe tools over MCP (tutor/ui/mcp.py)

    @property
    def effective_precision(self) -> str:
        return "4bit" if self.load_in_4bit else self.precision


def parse_auth(value: str | None) -> list[tuple[str, str]]:
    """TUTOR_AUTH="user:pass[,user2:pass2]" -> [(user, pass), ...] for `demo.launch(auth=...)`."""
    pairs = []
    for item in (value or "").split(","):
        user, sep, password = item.strip().partition(":")
        if sep and user and password:
            pairs.append((user, password))
    return pairs


def parse_args(argv: list[str] | None = None) -> AppConfig:
    e = os.environ.get
    p = argparse.ArgumentParser(prog="python app.py",
                                description="Math Tutor Studio: a step-by-step math tutor.")
    p.add_argument("--model", default=e(ENV["model"]) or None,
                   help="Hub id or local folder of the base model (default with a GPU: "
                        "google/gemma-3-4b-it). [TUTOR_MODEL]")
    p.add_argument("--engine", "--backend", dest="engine",
                   choices=["auto", "hf", "openai", "symbolic"], default=e(ENV["engine"], "auto"),
                   help="auto: a model when one can be loaded, else the SymPy solver; hf: a model or "
                        "fail; openai: an OpenAI-compatible server at --base-url (vLLM, SGLang, TGI, "
                        "transformers serve, llama.cpp); symbolic: the SymPy solver only. "
                        "[TUTOR_ENGINE]")
    p.add_argument("--base-url", default=e(ENV["base_url"]) or None,
                   help="--backend openai: the server's API root, e.g. http://gpu-box:8000/v1. "
                        "[TUTOR_BASE_URL]")
    p.add_argument("--api-key-env", default=e(ENV["api_key_env"]) or None,
                   help="--backend openai: the NAME of the environment variable that holds the "
                        "server's API key (the key itself is never a flag). [TUTOR_API_KEY_ENV]")
    p.add_argument("--served-model", default=e(ENV["served_model"]) or None,
                   help="--backend openai: the server's base model name (default: the first "
                        "model it lists). [TUTOR_SERVED_MODEL]")
    p.add_argument("--max-batch-size", type=int, default=int(e(ENV["max_batch_size"]) or 16),
                   help="most requests (rows) one batch of the model holds; the app lets twice "
                        "as many requests run at once (or this many with --backend openai). "
                        "[TUTOR_MAX_BATCH_SIZE]")
    p.add_argument("--batch-wait-ms", type=float, default=float(e(ENV["batch_wait_ms"]) or 10),
                   help="how long a request waits for others to share its batch. "
                        "[TUTOR_BATCH_WAIT_MS]")
    p.add_argument("--queue-size", type=int, default=int(e(ENV["queue_size"]) or 64),
                   help="requests that may wait in the queue beyond those running; later ones "
                        "are told the tutor is full. [TUTOR_QUEUE_SIZE]")
    p.add_argument("--load-in-4bit", action="store_true", default=_env_bool(ENV["load_in_4bit"]),
                   help="load the model in 4-bit NF4 (bitsandbytes). [TUTOR_LOAD_IN_4BIT]")
    p.add_argument("--precision", choices=["auto", "4bit", "8bit", "bf16", "fp16", "fp32"],
                   default=e(ENV["precision"], "auto"), help="[TUTOR_PRECISION]")
    p.add_argument("--adapter", action="append", default=None,
                   help="LoRA adapter (Hub id or folder) to load at start; repeatable. "
                        "[TUTOR_ADAPTER, comma-separated]")
    p.add_argument("--host", default=e(ENV["host"]) or e("GRADIO_SERVER_NAME") or "127.0.0.1",
                   help="[TUTOR_HOST or GRADIO_SERVER_NAME]")
    p.add_argument("--port", type=int,
                   default=int(e(ENV["port"]) or e("GRADIO_SERVER_PORT") or 7860),
                   help="[TUTOR_PORT or GRADIO_SERVER_PORT]")
    p.add_argument("--share", action="store_true", default=_env_bool(ENV["share"]),
                   help="create a public gradio.live link. [TUTOR_SHARE]")
    p.add_argument("--max-new-tokens", type=int, default=int(e(ENV["max_new_tokens"]) or 1024),
                   help="default reply length limit. [TUTOR_MAX_NEW_TOKENS]")
    p.add_argument("--enable-training", action="store_true",
                   default=_env_bool(ENV["enable_training"]),
                   help="enable the Train tab and Hub pushes. [TUTOR_ENABLE_TRAINING]")
    p.add_argument("--runs-dir", default=e(ENV["runs_dir"], "runs"),
                   help="folder of training runs. [TUTOR_RUNS_DIR]")
    p.add_argument("--mcp", action="store_true", default=_env_bool(ENV["mcp"]),
                   help="also serve the tutor's safe tools (solve, hint, check an answer) as an MCP "
                        "server at /gradio_api/mcp/. [TUTOR_MCP]")
    a = p.parse_args(argv)
    adapters = a.adapter if a.adapter is not None else \
        [s.strip() for s in (e(ENV["adapter"]) or "").split(",") if s.strip()]
    return AppConfig(model=a.model, engine=a.engine, load_in_4bit=a.load_in_4bit,
                     precision=a.precision, adapter=adapters, host=a.host, port=a.port,
                     share=a.share, max_new_tokens=a.max_new_tokens,
                     enable_training=a.enable_training, runs_dir=a.runs_dir,
                     auth=parse_auth(e("TUTOR_AUTH")), base_url=a.base_url,
                     api_key_env=a.api_key_env, served_model=a.served_model,
                     max_batch_size=max(1, min(a.max_batch_size, 256)),
                     batch_wait_ms=max(0.0, min(a.batch_wait_ms, 1000.0)),
                     queue_size=max(1, a.queue_size),
                     mcp=a.mcp)
