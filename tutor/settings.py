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
    "vote_cap": "TUTOR_VOTE_CAP",
}


def _env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass
class AppConfig:
    model: str | None = None
    engine: str = "auto"  # auto | hf | symbolic
    load_in_4bit: bool = False
    precision: str = "auto"
    adapter: list[str] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 7860
    share: bool = False
    max_new_tokens: int = 1024
    enable_training: bool = False
    runs_dir: str = "runs"
    vote_cap: int = 3  # Compare votes per session and problem that count on the leaderboard
    auth: list[tuple[str, str]] = field(default_factory=list)  # TUTOR_AUTH="user:pass[,user2:pass2]"

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
    p.add_argument("--engine", choices=["auto", "hf", "symbolic"], default=e(ENV["engine"], "auto"),
                   help="auto: a model when one can be loaded, else the SymPy solver; hf: a model or "
                        "fail; symbolic: the SymPy solver only. [TUTOR_ENGINE]")
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
    p.add_argument("--vote-cap", type=int, default=int(e(ENV["vote_cap"]) or 3),
                   help="Compare votes one session may give per problem (the leaderboard counts "
                        "no more). [TUTOR_VOTE_CAP]")
    a = p.parse_args(argv)
    adapters = a.adapter if a.adapter is not None else \
        [s.strip() for s in (e(ENV["adapter"]) or "").split(",") if s.strip()]
    return AppConfig(model=a.model, engine=a.engine, load_in_4bit=a.load_in_4bit,
                     precision=a.precision, adapter=adapters, host=a.host, port=a.port,
                     share=a.share, max_new_tokens=a.max_new_tokens,
                     enable_training=a.enable_training, runs_dir=a.runs_dir,
                     vote_cap=max(1, a.vote_cap), auth=parse_auth(e("TUTOR_AUTH")))
