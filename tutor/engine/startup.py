"""Pick and build the engine that serves the tutor (model, or the offline SymPy solver)."""

from __future__ import annotations

import logging

from tutor import DEFAULT_BASE_MODEL
from tutor.core.loading import ModelLoadError, load_model
from tutor.engine.engines import Engine, HFEngine, SymbolicEngine
from tutor.settings import AppConfig

log = logging.getLogger(__name__)


def _cuda_available() -> bool:
    try:
        import torch

        return torch.cuda.is_available()
    except Exception:  # noqa: BLE001
        return False


def create_engine(config: AppConfig) -> Engine:
    """The serving engine with its `--adapter` sources loaded (see `_pick_engine`)."""
    engine = _pick_engine(config)
    attach_adapters(engine, config)
    return engine


def _pick_engine(config: AppConfig) -> Engine:
    """`--engine auto` never starts a multi-GB download on a machine without a GPU unasked;
    an explicit `--model` is always tried. `--engine hf` raises when no model can be loaded."""
    if config.engine == "symbolic":
        return SymbolicEngine("Serving the built-in SymPy solver (engine: symbolic).")
    if config.engine == "openai":
        return _openai_engine(config)
    model = config.model
    if model is None and config.engine == "auto" and not _cuda_available():
        return SymbolicEngine(
            "No GPU found, so the tutor is serving the built-in SymPy solver instead of "
            f"downloading {DEFAULT_BASE_MODEL}. To use a model, start with "
            "`python app.py --model HUB_ID_OR_FOLDER` (add `--load-in-4bit` on a small GPU)."
        )
    model = model or DEFAULT_BASE_MODEL
    try:
        loaded = load_model(
            model,
            precision=config.effective_precision,
            text_only=not config.vision,
            gguf_file=config.gguf_file,
        )
    except ModelLoadError as exc:
        if config.engine == "hf":
            raise
        log.warning("%s; falling back to the SymPy solver", exc)
        return SymbolicEngine(
            f"Serving the built-in SymPy solver because the model could not be loaded: {exc}."
        )
    engine = HFEngine(loaded, max_batch_size=config.max_batch_size, gather_s=config.batch_wait_ms / 1000.0)
    if loaded.note:  # e.g. a multimodal checkpoint's language model loaded alone (/status says so)
        engine.info.extra["loading"] = loaded.note
    if loaded.gguf_file:  # what the dequantization costs, in the banner (the log says it too)
        engine.info.banner = loaded.note + "."
    return engine


def _openai_engine(config: AppConfig) -> Engine:
    import os

    from tutor.engine.openai_backend import OpenAIEngine

    if not config.base_url:
        raise ModelLoadError(
            "--backend openai needs --base-url (the server's API root, for example http://127.0.0.1:8000/v1)"
        )
    key = None
    if config.api_key_env:
        key = os.environ.get(config.api_key_env)
        if not key:
            raise ModelLoadError(f"--api-key-env {config.api_key_env}: that environment variable is not set")
    return OpenAIEngine(
        config.base_url,
        api_key=key,
        model=config.served_model or config.model,
        concurrency=2 * config.max_batch_size,
    )


def attach_adapters(engine: Engine, config: AppConfig) -> None:
    """Give a model engine its adapter registry and load `--adapter` sources; the first one
    becomes the default selection. A startup adapter that fails to load stops the app."""
    # An engine without adapters (the SymPy solver) says so; a server's engine (--backend openai)
    # takes --adapter as one of its served LoRA names or asks the server to load it.
    if not engine.info.adapters:
        if config.adapter:
            engine.info.banner = (
                engine.info.banner + " " if engine.info.banner else ""
            ) + "LoRA adapters need a model, so --adapter was ignored."
        return
    from tutor.adapters.registry import AdapterError, AdapterRegistry

    # A model in this process gets the adapter registry; a server's engine brings its own
    # (its LoRA model names), where --adapter names a served adapter or one for it to load.
    registry = (
        engine.adapters
        if engine.adapters is not None
        else AdapterRegistry(
            engine, max_bytes=config.max_adapter_mb * 1024**2, max_loaded=config.max_adapters
        )
    )
    for k, source in enumerate(config.adapter or []):
        try:
            if engine.info.local_weights:
                info = registry.load(source)
            else:
                try:
                    info = registry.list()[registry.names().index(registry.resolve(source))]
                except (AdapterError, ValueError):
                    info = registry.load(source)
        except AdapterError as exc:
            raise ModelLoadError(f"could not load adapter {source!r}: {exc}") from exc
        if k == 0:
            registry.default = info.name
