"""LoRA adapters beside the base model for an evaluation: loaded with PEFT's multi-adapter API
onto the model as it is, switched per adapter, and removed again afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

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
    """The model to generate with and how to switch between base and adapters."""

    model: object
    restore: Callable[[], None]
    names: dict[str, str] = field(default_factory=dict)  # result name -> peft adapter name

    @contextmanager
    def use(self, name: str):
        if name == "base":
            if hasattr(self.model, "disable_adapter") and hasattr(self.model, "peft_config"):
                with self.model.disable_adapter():
                    yield self.model
            else:
                yield self.model
        else:
            try:  # inference_mode: do not mark the adapter's weights trainable
                self.model.set_adapter(self.names[name], inference_mode=True)
            except TypeError:  # an older PEFT without the argument
                self.model.set_adapter(self.names[name])
            yield self.model


def _attach_adapters(model, adapters: list[str], loaded=None) -> _Models:
    """Load `adapters` on `model` with PEFT's multi-adapter API; `restore()` undoes it (so a model
    the app passed in is left as it was). A local adapter's class is checked against `loaded`
    first (`tutor.adapters.registry.adapter_key_mapping`: refused on a mismatch, its keys mapped
    onto a multimodal checkpoint's language model loaded alone)."""
    if not adapters:
        return _Models(model, restore=lambda: None)
    from peft import PeftModel

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
            from tutor.adapters.registry import adapter_key_mapping

            km = adapter_key_mapping(
                src, loaded, peft_model.get_base_model() if peft_model is not None else model
            )
            if peft_model is None:
                peft_model = PeftModel.from_pretrained(model, src, adapter_name=name, key_mapping=km)
            else:
                peft_model.load_adapter(src, adapter_name=name, key_mapping=km)
            added.append(name)
            names[name] = name
    except Exception as exc:
        if peft_model is not None and not is_peft:
            peft_model.unload()
        raise EvaluationError(
            f"could not load adapter {src!r}: {type(exc).__name__}: {str(exc)[:300]}"
        ) from exc
    peft_model.eval()

    def restore():
        if not is_peft:
            peft_model.unload()  # removes the LoRA layers, leaves the base weights untouched
            return
        for name in added:
            peft_model.delete_adapter(name)
        if previous_active and previous_active in peft_model.peft_config:
            peft_model.set_adapter(previous_active)
        for p in frozen:  # set_adapter may have marked weights trainable: put that back
            p.requires_grad_(False)

    return _Models(peft_model, restore=restore, names=names)
