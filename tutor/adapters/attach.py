"""PEFT's side of the registry: put an adapter onto the base model (wrapping it in a `PeftModel`
on the first one), take one off (unwrapping on the last), undo a half-finished injection, and
switch which adapter (or the base) the model runs with."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from tutor.adapters.info import BASE, AdapterError


def attach(peft_model, base_model, folder: Path, name: str, key_mapping: dict | None):
    """Load the adapter in `folder` as `name`; returns the PeftModel to generate with (a new one
    around `base_model` when `peft_model` is None). A load that fails inside PEFT leaves the model
    and the other adapters as they were, and raises AdapterError."""
    from peft import PeftModel

    if peft_model is None:
        try:
            peft_model = PeftModel.from_pretrained(
                base_model,
                str(folder),
                adapter_name=name,
                is_trainable=False,
                key_mapping=key_mapping,
            )
        except Exception as exc:
            strip_tuner_layers(base_model)
            raise AdapterError(
                f"PEFT could not load the adapter: {type(exc).__name__}: {str(exc)[:300]}"
            ) from exc
        peft_model.eval()
        return peft_model
    previous = peft_model.active_adapter
    try:
        peft_model.load_adapter(str(folder), adapter_name=name, is_trainable=False, key_mapping=key_mapping)
    except Exception as exc:
        if name in peft_model.peft_config:
            with contextlib.suppress(Exception):
                peft_model.delete_adapter(name)
        strip_tuner_layers(base_model, only_empty=True)
        with contextlib.suppress(Exception):
            peft_model.set_adapter(previous, inference_mode=True)
        raise AdapterError(
            f"PEFT could not load the adapter: {type(exc).__name__}: {str(exc)[:300]}"
        ) from exc
    peft_model.eval()
    return peft_model


def detach(peft_model, base_model, name: str, last: bool):
    """Take adapter `name` off; returns the PeftModel left, or None when it was the `last` one
    (then the LoRA layers are removed and the base weights stay as they were)."""
    if last:
        peft_model.unload()
        return None
    peft_model.delete_adapter(name)
    strip_tuner_layers(base_model, only_empty=True)
    return peft_model


def strip_tuner_layers(model, only_empty: bool = False) -> None:
    """Undo a half-finished PEFT injection: put every LoRA layer's base layer back (with
    `only_empty`, only layers that hold no adapter any more, as `delete_adapter` leaves them)."""
    try:
        from peft.tuners.tuners_utils import BaseTunerLayer
    except ImportError:
        return
    for name, module in list(model.named_modules()):
        if (
            only_empty
            and isinstance(module, BaseTunerLayer)
            and any(len(getattr(module, attr, {}) or {}) for attr in module.adapter_layer_names)
        ):
            continue
        if isinstance(module, BaseTunerLayer) and name:
            parent_name, _, child = name.rpartition(".")
            parent = model.get_submodule(parent_name) if parent_name else model
            setattr(parent, child, module.get_base_layer())
    if hasattr(model, "peft_config") and not only_empty:
        with contextlib.suppress(Exception):
            del model.peft_config


class AdapterSwitch:
    """Which adapter (or the base) a PeftModel runs with, switched per request. The LoRA layers
    are found once per load/unload (`reset()`), so a switch does not walk the whole model.

    A switch costs a pass over the LoRA layers through PEFT's public per-layer calls, so it is
    made only where the layers' own state (their public `disable_adapters` / `active_adapters`)
    differs from what is asked: the base leaves the layers off after its batch (the next batch on
    the base costs nothing), and the next adapter turns them on. Who runs the model without
    `activate` (a mixed batch's `adapter_names`, handing the model back) calls `enable` first."""

    def __init__(self) -> None:
        self._layers = None  # the cached LoRA layers; False: switch through the PeftModel

    def reset(self) -> None:
        self._layers = None

    def activate(self, peft_model, name: str) -> Iterator[str]:
        """Run with adapter `name` (BASE: none) while the generator is suspended; yields the name."""
        if peft_model is None:
            yield BASE
            return
        layers = self._fast_layers(peft_model)
        if name == BASE:
            if layers is None:
                with peft_model.disable_adapter():
                    yield BASE
                return
            for layer in layers:  # what disable_adapter() does, without walking the model
                if not layer.disable_adapters:
                    layer.enable_adapters(False)
            yield BASE  # left off: `enable` (or the next adapter's switch) turns them on
            return
        if layers is None:
            peft_model.set_adapter(name, inference_mode=True)
        elif self._enable_layers(layers) or peft_model.active_adapter != name or _mixed(layers, name):
            # PeftModel.set_adapter walks every module; each cached LoRA layer's own (public)
            # set_adapter, then the models' active-adapter attributes, is the same switch (and
            # freezes what enable_adapters(True) marked trainable).
            for layer in layers:
                layer.set_adapter(name, inference_mode=True)
            peft_model.base_model.active_adapter = name
            peft_model.active_adapter = name
        yield name

    def enable(self, peft_model) -> None:
        """Every LoRA layer on again (as after `activate` of an adapter, on the one active now)
        when a base batch left them off; nothing when they are on."""
        if peft_model is None:
            return
        layers = self._fast_layers(peft_model)
        if layers is None or not self._enable_layers(layers):
            return
        for layer in layers:  # enable_adapters(True) marked the active adapter trainable
            layer.set_adapter(layer.active_adapters, inference_mode=True)

    @staticmethod
    def _enable_layers(layers) -> bool:
        """Turn on the layers that are off; whether any was."""
        off = [layer for layer in layers if layer.disable_adapters]
        for layer in off:
            layer.enable_adapters(True)
        return bool(off)

    def _fast_layers(self, peft_model):
        """The LoRA layers, cached per load/unload, when switching can go layer by layer through
        PEFT's public `BaseTunerLayer.enable_adapters` / `set_adapter` (plain LoRA: no
        modules_to_save or trainable tokens)."""
        if self._layers is None:
            from peft.tuners.tuners_utils import BaseTunerLayer

            # layers injected by a later load start on that adapter: bring all in line first
            active = peft_model.active_adapter
            if isinstance(active, str) and active in peft_model.peft_config:
                peft_model.set_adapter(active, inference_mode=True)
            layers = [m for m in peft_model.modules() if isinstance(m, BaseTunerLayer)]
            plain = all(
                not getattr(c, "modules_to_save", None) and not getattr(c, "trainable_token_indices", None)
                for c in peft_model.peft_config.values()
            )
            ok = (
                plain
                and layers
                and all(hasattr(m, "enable_adapters") and hasattr(m, "set_adapter") for m in layers)
            )
            self._layers = layers if ok else False
        return self._layers or None


def _mixed(layers, name: str) -> bool:
    """Whether some layer's active adapter is not `name` alone (e.g. layers injected by a load)."""
    return any(layer.active_adapters != [name] for layer in layers)
