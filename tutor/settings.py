"""The app's settings: ONE object (`AppConfig`) for every command-line flag and environment variable.

Each setting is one field below: its default (written here and nowhere else), the environment
variables it is read from (first set one wins; Spaces, containers and CI set these), and its help.
`parse_args` reads the environment once and the command line once; a flag given on the command line
beats its environment variable. To add a setting, add one field with `flag(...)`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.core.paths import REPO_ROOT

SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
TRUE = {"1", "true", "yes", "on"}


def flag(
    default: Any,
    *env: str,
    help: str = "",
    kind: str | None = None,
    choices: list[str] | None = None,
    cli: bool = True,
    name: str | tuple[str, ...] | None = None,
) -> Any:
    """A setting: `default`, then the environment variables it reads, in order. `kind` (inferred
    from the default when None): str | int | float | bool | list (comma-separated; a repeatable
    flag) | auth ("user:pass,user2:pass2"). `cli=False`: environment only (secrets, SPACE_ID).
    `name`: the flag (or flags) when not the field's name (e.g. "--allowed-root")."""
    if kind is None:
        kind = (
            "bool"
            if isinstance(default, bool)
            else "int"
            if isinstance(default, int)
            else "float"
            if isinstance(default, float)
            else "list"
            if isinstance(default, list)
            else "str"
        )
    meta = {"env": env, "help": help, "kind": kind, "choices": choices, "cli": cli, "name": name}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


def parse_auth(value: str | None) -> list[tuple[str, str]]:
    """TUTOR_AUTH="user:pass[,user2:pass2]" -> [(user, pass), ...] for `demo.launch(auth=...)`."""
    pairs = []
    for item in (value or "").split(","):
        user, sep, password = item.strip().partition(":")
        if sep and user and password:
            pairs.append((user, password))
    return pairs


@dataclass
class AppConfig:
    # -- model and engine
    model: str | None = flag(
        None,
        "TUTOR_MODEL",
        help="Hub id or local folder of the base model (default with a GPU: google/gemma-3-4b-it).",
    )
    gguf_file: str | None = flag(
        None,
        "TUTOR_GGUF_FILE",
        help="a GGUF file (llama.cpp / Ollama) in the --model folder or Hub repo; it is "
        "dequantized once and served like any model (--model path/to/x.gguf works too).",
    )
    engine: str = flag(
        "auto",
        "TUTOR_ENGINE",
        choices=["auto", "hf", "openai", "symbolic"],
        name=("--engine", "--backend"),
        help="auto: a model when one can be loaded, else the SymPy solver; hf: a "
        "model or fail; openai: an OpenAI-compatible server at --base-url "
        "(vLLM, SGLang, TGI, transformers serve, llama.cpp); symbolic: the "
        "SymPy solver only.",
    )
    base_url: str | None = flag(
        None, "TUTOR_BASE_URL", help="--backend openai: the server's API root, e.g. http://gpu-box:8000/v1."
    )
    api_key_env: str | None = flag(
        None,
        "TUTOR_API_KEY_ENV",
        help="--backend openai: the NAME of "
        "the environment variable that holds the server's API key (the "
        "key itself is never a flag).",
    )
    served_model: str | None = flag(
        None,
        "TUTOR_SERVED_MODEL",
        help="--backend openai: the server's base model name (default: the first it lists).",
    )
    max_batch_size: int = flag(
        16,
        "TUTOR_MAX_BATCH_SIZE",
        help="most requests (rows) one batch "
        "of the model holds; the app lets twice as many requests run at "
        "once (or this many with --backend openai).",
    )
    batch_wait_ms: float = flag(
        10.0, "TUTOR_BATCH_WAIT_MS", help="how long a request waits for others to share its batch."
    )
    queue_size: int = flag(
        64,
        "TUTOR_QUEUE_SIZE",
        help="requests that may wait in the queue "
        "beyond those running; later ones are told the tutor is full.",
    )
    load_in_4bit: bool = flag(False, "TUTOR_LOAD_IN_4BIT", help="load the model in 4-bit NF4 (bitsandbytes).")
    precision: str = flag("auto", "TUTOR_PRECISION", choices=["auto", "4bit", "8bit", "bf16", "fp16", "fp32"])
    adapter: list[str] = flag(
        [],
        "TUTOR_ADAPTER",
        help="LoRA adapter (Hub id or folder) to load "
        "at start; repeatable (comma-separated in the variable).",
    )
    max_new_tokens: int = flag(1024, "TUTOR_MAX_NEW_TOKENS", help="default reply length limit.")
    # -- serving
    host: str = flag("127.0.0.1", "TUTOR_HOST", "GRADIO_SERVER_NAME")
    port: int = flag(7860, "TUTOR_PORT", "GRADIO_SERVER_PORT")
    share: bool = flag(
        False, "TUTOR_SHARE", help="create a public gradio.live link (makes the app public: see --public)."
    )
    # -- storage
    runs_dir: str = flag("runs", "TUTOR_RUNS_DIR", help="folder of training runs, evaluations and votes.")
    votes: str | None = flag(
        None, "TUTOR_VOTES", help="the Compare votes file (default: RUNS_DIR/votes.jsonl)."
    )
    vote_cap: int = flag(
        3,
        "TUTOR_VOTE_CAP",
        help="Compare votes one session may give per problem (the leaderboard counts no more).",
    )
    browser_history: bool = flag(
        False,
        "TUTOR_BROWSER_HISTORY",
        help="let Gradio keep each "
        "visitor's run history in the browser (off: nothing is kept "
        "for the next user of a shared computer).",
    )
    # -- classes (issue 27): off by default; nothing is stored about a student outside a class
    classes: bool = flag(
        False,
        "TUTOR_CLASSES",
        help="enable the Class tab: classes with a join code, "
        "students' attempts and mastery in a database, the teacher's dashboard.",
    )
    class_db: str | None = flag(
        None,
        "TUTOR_CLASS_DB",
        help="the class database: any SQLAlchemy URL "
        "(e.g. postgresql+psycopg://...; default: sqlite in RUNS_DIR/classes.db).",
    )
    # -- photos (tutor.vision, issue 28)
    vision: bool = flag(
        False,
        "TUTOR_VISION",
        help="load a multimodal base (gemma-3-4b-it) whole with its processor, so photos go to "
        "the model; without it photos are read by OCR and confirmed by the student.",
    )
    # -- training
    enable_training: bool = flag(False, "TUTOR_ENABLE_TRAINING", help="enable the Train tab and Hub pushes.")
    # -- MCP
    mcp: bool = flag(
        False,
        "TUTOR_MCP",
        help="also serve the tutor's safe tools (solve, hint, "
        "check an answer) as an MCP server at /gradio_api/mcp/.",
    )
    # -- public deployments: roles, files, quotas
    public: bool = flag(
        False,
        "TUTOR_PUBLIC",
        help="treat the app as public (also implied by "
        "--share and by a Space): visitors are students, teacher features need "
        "a teacher login, paths only under the allowed roots, quotas on.",
    )
    auth: list[tuple[str, str]] = flag(
        [], "TUTOR_AUTH", kind="auth", cli=False, help="user:password logins (Gradio's login page)."
    )
    teachers: list[str] = flag(
        [],
        "TUTOR_TEACHERS",
        "TUTOR_TRAIN_USERS",
        help="usernames (of "
        "TUTOR_AUTH or Hugging Face) allowed teacher features on a public "
        "app; comma-separated.",
    )
    space_id: str | None = flag(None, "SPACE_ID", cli=False, help="set by Hugging Face Spaces.")
    allowed_root: list[str] = flag(
        [],
        "TUTOR_ALLOWED_ROOTS",
        name="--allowed-root",
        help="a folder (besides the runs folder and shared/data) "
        "whose datasets and adapters may be named on a public "
        "app; repeatable (comma-separated in the variable).",
    )
    requests_per_minute: int = flag(
        20, "TUTOR_REQUESTS_PER_MINUTE", help="public: requests per minute per session."
    )
    ip_requests_per_minute: int = flag(
        60, "TUTOR_IP_REQUESTS_PER_MINUTE", help="public: requests per minute per client IP."
    )
    tokens_per_minute: int = flag(
        6000, "TUTOR_TOKENS_PER_MINUTE", help="public: generated tokens per minute per session."
    )
    ip_tokens_per_minute: int = flag(
        20000, "TUTOR_IP_TOKENS_PER_MINUTE", help="public: generated tokens per minute per client IP."
    )
    public_max_new_tokens: int = flag(
        1024, "TUTOR_PUBLIC_MAX_NEW_TOKENS", help="public: the most new tokens one reply may ask for."
    )
    public_eval_limit: int = flag(
        100, "TUTOR_PUBLIC_EVAL_LIMIT", help="public: the most problems one evaluation may take."
    )
    time_limit: float = flag(
        300.0,
        "TUTOR_TIME_LIMIT",
        help="public: seconds a generation, comparison or evaluation may run before it is stopped (0: none).",
    )
    max_adapters: int = flag(
        8,
        "TUTOR_MAX_ADAPTERS",
        help="adapters loaded at once; loading one more unloads the least recently used one not in use.",
    )
    max_adapter_mb: int = flag(
        2048, "TUTOR_MAX_ADAPTER_MB", help="largest adapter_model.safetensors accepted."
    )
    # -- public deployments: fair use (issue 23; see README "Security")
    trusted_proxy: list[str] = flag(
        [],
        "TUTOR_TRUSTED_PROXIES",
        name="--trusted-proxy",
        help="address or network of a reverse proxy whose X-Forwarded-For is trusted (the "
        "hop it appended is the client); repeatable. None: the TCP peer is the client.",
    )
    client_ip_header: str = flag(
        "",
        "TUTOR_CLIENT_IP_HEADER",
        help="a header a trusted proxy sets to the client's address (e.g. X-Real-IP), read "
        "instead of X-Forwarded-For.",
    )
    max_queued_per_session: int = flag(
        2, "TUTOR_MAX_QUEUED_PER_SESSION", help="public: requests one session may have waiting or running."
    )
    max_queued_per_ip: int = flag(
        8, "TUTOR_MAX_QUEUED_PER_IP", help="public: requests one client address may have waiting or running."
    )
    math_seconds_per_minute: float = flag(
        20.0,
        "TUTOR_MATH_SECONDS_PER_MINUTE",
        help="public: seconds of SymPy worker time per minute per session.",
    )
    ip_math_seconds_per_minute: float = flag(
        40.0,
        "TUTOR_IP_MATH_SECONDS_PER_MINUTE",
        help="public: seconds of SymPy worker time per minute per client address.",
    )
    max_file_mb: int = flag(
        10, "TUTOR_MAX_FILE_MB", help="public: the largest file a visitor may upload (MB)."
    )
    session_idle_minutes: float = flag(
        60.0,
        "TUTOR_SESSION_IDLE_MINUTES",
        help="public: a browser session unused this long is forgotten (0: only the count cap).",
    )

    @property
    def effective_precision(self) -> str:
        return "4bit" if self.load_in_4bit else self.precision

    @property
    def is_public(self) -> bool:
        return bool(self.public or self.share or self.space_id)

    def votes_path(self) -> Path:
        return Path(self.votes) if self.votes else Path(self.runs_dir) / "votes.jsonl"

    def roots(self) -> list[tuple[str, str]]:
        """(label, folder) of the allowed roots for visitors' local paths."""
        return [("the runs folder", self.runs_dir), ("shared/data", str(SHARED_DATA))] + [
            (f"{p}", p) for p in self.allowed_root
        ]


def _from_text(kind: str, text: str) -> Any:
    if kind == "bool":
        return text.strip().lower() in TRUE
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "list":
        return [s.strip() for s in text.split(",") if s.strip()]
    if kind == "auth":
        return parse_auth(text)
    return text


def from_environment(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """{field: value} for every setting whose environment variable is set (non-empty)."""
    source: Mapping[str, str] = os.environ if env is None else env
    out: dict[str, Any] = {}
    for f in dataclasses.fields(AppConfig):
        for name in f.metadata["env"]:
            text = source.get(name)
            if text is not None and text.strip() != "":
                out[f.name] = _from_text(f.metadata["kind"], text)
                break
    return out


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python app.py", description="Math Tutor Studio: a step-by-step math tutor."
    )
    for f in dataclasses.fields(AppConfig):
        m = f.metadata
        if not m["cli"]:
            continue
        opts = m["name"] or "--" + f.name.replace("_", "-")
        opts = (opts,) if isinstance(opts, str) else opts
        env = f" [{' or '.join(m['env'])}]" if m["env"] else ""
        kw: dict[str, Any] = {"dest": f.name, "help": (m["help"] + env).strip()}
        if m["kind"] == "bool":
            kw.update(action="store_true")
        elif m["kind"] == "list":
            kw.update(action="append")
        else:
            kw.update(type={"int": int, "float": float}.get(m["kind"], str))
        if m["choices"]:
            kw["choices"] = m["choices"]
        p.add_argument(*opts, **kw)
    return p


def parse_args(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> AppConfig:
    """The settings from the command line over the environment over the defaults."""
    from_env = from_environment(env)
    a = vars(build_parser().parse_args(argv))
    values: dict[str, Any] = {}
    for f in dataclasses.fields(AppConfig):
        given = a.get(f.name)
        if f.metadata["kind"] == "bool":
            given = True if given else None  # store_true: absent means "not given"
        if given is not None:
            values[f.name] = given
        elif f.name in from_env:
            values[f.name] = from_env[f.name]
    return AppConfig(**values)
