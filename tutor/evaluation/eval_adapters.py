"""LoRA adapters beside the base model for an evaluation: loaded with PEFT's multi-adapter API
onto the model as it is, switched per adapter, and removed again afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tutor.adapters.attach import AdapterSwitch, attach
from tutor.adapters.info import BASE, AdapterError
from tutor.evaluation.eval_data import EvaluationError


def adapter_name(source: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w-]", "_", Path(str(source).rstrip("/")).name) or "adapter"
    if base == "base" or base[0].isdigit():
        base = f"adapter_{base}"
    name, k = base, 1
    while name in taken:
        k += 1
        name = f"{base}_{k}"
    taken.add(name)
    return name


@dataclass
class _Models:
    """The model to generate with, and the registry's switch between base and adapters."""

    model: object
    restore: Callable[[], None]
    names: dict[str, str] = field(default_factory=dict)  # result name -> peft adapter name
    switch: AdapterSwitch = field(default_factory=AdapterSwitch)

    @contextmanager
    def use(self, name: str):
        """Generate with the base ("base") or a result name's adapter while inside."""
        peft_model = self.model if hasattr(self.model, "peft_config") else None
        adapter = BASE if name == "base" else self.names[name]
        with contextmanager(self.switch.activate)(peft_model, adapter):
            yield self.model


def attach_adapters(model, adapters: list[str], loaded=None) -> _Models:
    """Load `adapters` on `model` with PEFT's multi-adapter API; `restore()` undoes it (so a model
    the app passed in is left as it was). A local adapter's class is checked against `loaded`
    first (`tutor.adapters.registry.adapter_key_mapping`: refused on a mismatch, its keys mapped
    onto a multimodal checkpoint's language model loaded alone)."""
    if not adapters:
        return _Models(model, restore=lambda: None)
    from tutor.adapters.registry import adapter_key_mapping

    taken: set[str] = {"base"}
    is_peft = hasattr(model, "peft_config") and hasattr(model, "load_adapter")
    existing = set(getattr(model, "peft_config", {}) or {})
    previous_active = getattr(model, "active_adapter", None) if is_peft else None
    if isinstance(previous_active, (list, tuple)):
        previous_active = previous_active[0] if len(previous_active) == 1 else None
    frozen = [p for p in model.parameters() if not p.requires_grad] if is_peft else []
    added: list[str] = []
    names: dict[str, str] = {}
    peft_model = model if is_peft else None
    try:
        for src in adapters:
            if src in existing:  # an adapter already loaded on the app's PeftModel
                names[adapter_name(src, taken)] = src
                continue
            name = adapter_name(src, taken)
            base_model = peft_model.get_base_model() if peft_model is not None else model
            km = adapter_key_mapping(src, loaded, base_model)
            # the registry's attach: a load that fails inside PEFT leaves the model as it was
            peft_model = attach(peft_model, base_model, Path(src), name, km)
            added.append(name)
            names[name] = name
    except Exception as exc:
        if peft_model is not None and not is_peft:
            peft_model.unload()
        why = str(exc)[:400] if isinstance(exc, AdapterError) else f"{type(exc).__name__}: {str(exc)[:300]}"
        raise EvaluationError(f"could not load adapter {src!r}: {why}") from exc
    peft_model.eval()

    def restore():
        if not is_peft:
            peft_model.unload()  # removes the LoRA layers, leaves the base weights untouched
            return
        AdapterSwitch().enable(peft_model)  # a base pass leaves the LoRA layers off: on again
        for name in added:
            peft_model.delete_adapter(name)
        if previous_active and previous_active in peft_model.peft_config:
            peft_model.set_adapter(previous_active)
        for p in frozen:  # set_adapter may have marked weights trainable: put that back
            p.requires_grad_(False)

    return _Models(peft_model, restore=restore, names=names)
