"""Checks on an adapter that need no change to the model: its config is LoRA, its safetensors
header parses, and it fits the loaded base (the same base, or every LoRA weight's shape fits the
module it targets; a text-only adapter is never put on a multimodal base or the reverse)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tutor.adapters.info import AdapterError


def read_safetensors_header(path: Path) -> dict:
    """The tensors of a safetensors file without loading any of them, read with
    `safetensors.safe_open` (which validates the header: JSON, dtypes, offsets that cover the
    file exactly). Returns {tensor name: {"dtype", "shape"}}. Raises AdapterError for a
    truncated or corrupted file."""
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="numpy") as f:
            header = {}
            for name in f.keys():
                sl = f.get_slice(name)
                header[name] = {"dtype": sl.get_dtype(), "shape": list(sl.get_shape())}
    except SafetensorError as exc:
        reason = str(exc).removeprefix("Error while deserializing header: ")
        raise AdapterError(f"the header does not parse ({reason})") from None
    except (OSError, ValueError) as exc:
        raise AdapterError(f"the file cannot be read ({type(exc).__name__})") from None
    return header


def read_adapter_config(folder: Path) -> dict:
    cfg_path = folder / "adapter_config.json"
    if not cfg_path.is_file():
        raise AdapterError(f"{folder} has no adapter_config.json, so it is not a PEFT adapter")
    try:
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AdapterError(f"adapter_config.json does not parse ({exc})") from exc
    if not isinstance(cfg, dict):
        raise AdapterError("adapter_config.json is not a JSON object")
    peft_type = str(cfg.get("peft_type", "")).upper()
    if peft_type != "LORA":
        raise AdapterError(
            f"this is a {cfg.get('peft_type') or 'unknown'} adapter, not LoRA; "
            "only LoRA adapters can be loaded"
        )
    return cfg


def _base_config(base_id: str | None) -> dict | None:
    """An adapter's base model's config.json when it is at hand (a local folder or the Hub cache);
    None when unknown. Never downloads."""
    if not base_id:
        return None
    try:
        cand = Path(base_id) / "config.json"
        if not cand.is_file():
            from huggingface_hub import try_to_load_from_cache

            found = try_to_load_from_cache(base_id, "config.json")
            cand = Path(found) if isinstance(found, str) else None
        if cand is not None and cand.is_file():
            config = json.loads(cand.read_text())
            return config if isinstance(config, dict) else None
    except Exception:  # noqa: BLE001 - unknown is fine
        return None
    return None


def model_type_of(base_id: str | None) -> str | None:
    """The `model_type` of an adapter's base model when its config.json is at hand; None when
    unknown. Never downloads."""
    config = _base_config(base_id)
    return config.get("model_type") if config else None


def same_base(a: str | None, b: str | None) -> bool:
    """Two base-model names (Hub ids or folders) name the same model."""
    if not a or not b:
        return False
    a, b = str(a).rstrip("/"), str(b).rstrip("/")
    if a == b:
        return True
    try:
        return Path(a).exists() and Path(b).exists() and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


_LORA_KEY = re.compile(
    r"^(?:base_model\.model\.)?(?P<module>.+)\."
    r"(?P<kind>lora_A|lora_B|lora_embedding_A|lora_embedding_B)"
    r"(?:\.[^.]+)?\.weight$|^(?:base_model\.model\.)?(?P<module2>.+)\."
    r"(?P<kind2>lora_embedding_A|lora_embedding_B)(?:\.[^.]+)?$"
)


def check_fits_base(
    header: dict, base_model, cfg: dict, loaded_name: str, rename: Callable[[str], str | None] | None = None
) -> None:
    """Every LoRA weight must fit the base module it targets; raises AdapterError naming both
    bases on a mismatch. `rename` maps an adapter module name onto the loaded model's (None: the
    weight is not for this model and is skipped; see `check_class_layout`)."""
    adapter_base = cfg.get("base_model_name_or_path") or "unknown"

    def mismatch(why: str) -> AdapterError:
        return AdapterError(
            f"this adapter was made for base model {adapter_base!r}, which does "
            f"not match the loaded base model {loaded_name!r}: {why}"
        )

    lora_keys = 0
    for key, meta in header.items():
        m = _LORA_KEY.match(key)
        if not m:
            continue
        module_name = m.group("module") or m.group("module2")
        kind = m.group("kind") or m.group("kind2")
        if rename is not None:
            module_name = rename(module_name)
            if module_name is None:
                continue
        shape = meta["shape"]
        try:
            module = base_model.get_submodule(module_name)
        except AttributeError:
            raise mismatch(f"the base has no module {module_name!r}") from None
        module = module.get_base_layer() if hasattr(module, "get_base_layer") else module
        lora_keys += 1
        if kind in ("lora_A", "lora_B"):
            in_f = getattr(module, "in_features", None)
            out_f = getattr(module, "out_features", None)
            if in_f is None and hasattr(module, "weight") and module.weight.dim() == 2:
                out_f, in_f = module.weight.shape  # Conv1D-free linear-likes
            if len(shape) != 2 or in_f is None:
                continue
            want = shape[1] if kind == "lora_A" else shape[0]
            have = in_f if kind == "lora_A" else out_f
            if want != have:
                side = "input" if kind == "lora_A" else "output"
                raise mismatch(
                    f"{module_name} has {side} size {have} in the loaded base, the adapter expects {want}"
                )
        else:  # embeddings: A is [r, num_embeddings], B is [embedding_dim, r]
            num, dim = getattr(module, "num_embeddings", None), getattr(module, "embedding_dim", None)
            want = shape[1] if kind == "lora_embedding_A" else shape[0]
            have = num if kind == "lora_embedding_A" else dim
            if have is not None and len(shape) == 2 and want != have:
                raise mismatch(
                    f"{module_name} has size {have} in the loaded base, the adapter expects {want}"
                )
    if lora_keys == 0:
        raise AdapterError("adapter_model.safetensors holds no LoRA weights")


def module_kinds(header: dict) -> list[str]:
    """The last names of the modules an adapter's LoRA weights are on (for a regex
    `target_modules`, e.g. one limited to the language model: what it selected)."""
    kinds = set()
    for key in header:
        m = _LORA_KEY.match(key)
        if m:
            kinds.add((m.group("module") or m.group("module2")).rsplit(".", 1)[-1])
    return sorted(kinds)


def _class_of(base_id: str | None) -> str | None:
    """The class an adapter's base checkpoint names (config.json `architectures`), when at hand."""
    archs = (_base_config(base_id) or {}).get("architectures") or []
    return archs[0] if archs else None


@dataclass
class ClassFit:
    """How an adapter's keys meet the loaded model: PEFT's `key_mapping`, a module-name mapping
    for the shape check (None = skip the weight), and notes for the adapter's entry."""

    key_mapping: dict | None = None
    rename: Callable[[str], str | None] | None = None
    notes: list[str] = field(default_factory=list)


def check_class_layout(header: dict, cfg: dict, loaded, base_model, loaded_name: str) -> ClassFit:
    """An adapter trained on the multimodal class (`model.language_model.*` keys, as
    `Gemma3ForConditionalGeneration` names them) loads onto the same kind of base, also when the
    app loaded that base's language model alone (the keys are mapped); an adapter trained on a
    text-only class on a multimodal base, or the reverse, is refused naming both, before the model
    is touched, so it is never half-applied."""
    from tutor.core.architecture import (
        ADAPTER_TEXT_ONLY_KEY_MAPPING,
        is_multimodal_config,
        key_layout,
        tower_of,
    )

    modules = []
    for key in header:
        m = _LORA_KEY.match(key)
        if m:
            modules.append(m.group("module") or m.group("module2"))
    theirs = key_layout(modules)
    language_only = bool(getattr(loaded, "language_model_only", False))
    ours = (
        "multimodal" if language_only or is_multimodal_config(getattr(base_model, "config", None)) else "text"
    )
    loaded_class = getattr(loaded, "checkpoint_class", "") or type(base_model).__name__
    if theirs != ours:
        adapter_base = cfg.get("base_model_name_or_path") or "an unnamed base"
        adapter_class = _class_of(cfg.get("base_model_name_or_path"))

        def describe(layout: str, cls: str | None) -> str:
            if layout == "multimodal":
                return f"a multimodal {cls or 'model'} (LoRA on model.language_model.*)"
            return f"a text-only {cls or 'model'} (LoRA on model.layers.*)"

        loaded_desc = describe(ours, loaded_class)
        if language_only:
            loaded_desc += f", served as its language model {type(base_model).__name__}"
        raise AdapterError(
            f"this adapter was trained on {adapter_base!r}, {describe(theirs, adapter_class)}, but "
            f"the loaded base model {loaded_name!r} is {loaded_desc}: its weights would not line "
            "up with the model's layers, so it is not loaded"
        )
    fit = ClassFit()
    if theirs == "multimodal" and language_only:
        fit.key_mapping = dict(ADAPTER_TEXT_ONLY_KEY_MAPPING)
        vision = sum(1 for name in modules if tower_of(name) == "vision")

        def rename(name: str) -> str | None:
            if tower_of(name) == "vision":
                return None
            return (
                "model." + name[len("model.language_model.") :]
                if name.startswith("model.language_model.")
                else name
            )

        fit.rename = rename
        fit.notes.append(
            f"trained on the multimodal {loaded_class}: its LoRA weights are mapped "
            f"onto the language model, loaded alone ({type(base_model).__name__})"
        )
        if vision:
            fit.notes.append(
                f"{vision // 2} of its LoRA layers are on the vision tower, which this "
                "text-only tutor does not load: those are not used"
            )
    return fit


def adapter_key_mapping(source: str, loaded, model) -> dict | None:
    """PEFT's `key_mapping` for loading the adapter folder `source` onto `model` outside the
    registry (Evaluate): `check_class_layout`'s answer, so a class mismatch is refused the same
    way. None for a Hub id (PEFT fetches it) or an adapter that needs no mapping."""
    folder = Path(str(source))
    if not (folder / "adapter_model.safetensors").is_file():
        return None
    cfg = read_adapter_config(folder)
    header = read_safetensors_header(folder / "adapter_model.safetensors")
    name = getattr(loaded, "source", None) or getattr(getattr(model, "config", None), "_name_or_path", "?")
    return check_class_layout(header, cfg, loaded, model, str(name)).key_mapping
