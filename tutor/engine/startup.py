"""Pick and build the engine that serves the tutor (model, or the offline SymPy solver)."""

from __future__ import annotations

import logging

from tutor import DEFAULT_BASE_MODEL
from tutor.settings import AppConfig
from tutor.engine.engines import Engine, HFEngine, SymbolicEngine
from tutor.core.loading import ModelLoadError, load_model

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
    model = config.model
    if model is None and config.engine == "auto" and not _cuda_available():
        return SymbolicEngine(
            "No GPU found, so the tutor is serving the built-in SymPy solver instead of "
            f"downloading {DEFAULT_BASE_MODEL}. To use a model, start with "
            "`python app.py --model HUB_ID_OR_FOLDER` (add `--load-in-4bit` on a small GPU).")
    model = model or DEFAULT_BASE_MODEL
    try:
        loaded = load_model(model, precision=config.effective_precision)
    except ModelLoadError as exc:
        if config.engine == "hf":
            raise
        log.warning("%s; falling back to the SymPy solver", exc)
        return SymbolicEngine(f"Serving the built-in SymPy solver because the model could not be "
                              f"loaded: {exc}.")
    engine = HFEngine(loaded)
    if loaded.note:  # e.g. a multimodal checkpoint's language model loaded alone (/status says so)
        engine.info.extra["loading"] = loaded.note
    return engine


def attach_adapters(engine: Engine, config: AppConfig) -> None:
    """Give a model engine its adapter registry and load `--adapter` sources; the first one
    becomes the default selection. A startup adapter that fails to load stops the app."""
    if engine.info.kind != "hf":
        if config.adapter:
            engine.info.banner = (engine.info.banner + " " if engine.info.banner else "") + \
                "LoRA adapters need a model, so --adapter was ignored."
        return
    from tutor.adapters.registry import AdapterError, AdapterRegistry

    registry = AdapterRegistry(engine)
    for k, source in enumerate(config.adapter or []):
        try:
            info = registry.load(source)
        except AdapterError as exc:
            raise ModelLoadError(f"could not load adapter {source!r}: {exc}") from exc
        if k == 0:
            registry.default = info.name
