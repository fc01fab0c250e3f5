"""Which tower a module belongs to, and the language model of a multimodal checkpoint (no Gradio).

Shared by model loading (a text-only tutor loads a multimodal checkpoint's language model alone),
the adapter registry (an adapter's key layout against the loaded class) and the training job
(LoRA targets limited to the language model). Pure functions of configs, module names and
safetensors keys: importing this module does not import torch.

Layouts, as the real classes name their modules:

* multimodal (`Gemma3ForConditionalGeneration`, google/gemma-3-4b-it and 27b-it):
  `model.language_model.layers.N...`, `model.vision_tower.encoder.layers.N...`,
  `model.multi_modal_projector`, `lm_head`;
* text (`Gemma3ForCausalLM`, `Gemma2ForCausalLM`, `LlamaForCausalLM`): `model.layers.N...`, `lm_head`.
"""

from __future__ import annotations

import re

VISION_PARTS = ("vision_tower", "multi_modal_projector", "vision_model", "visual", "image_newline")
LANGUAGE_PREFIX = "model.language_model."

# Checkpoint keys of a multimodal checkpoint -> the text class's names. transformers 5 first turns
# the saved `model.language_model.*` into its legacy `language_model.model.*` (the llava
# conversion) before user mappings apply, so both spellings are listed; the load is checked for
# missing keys afterwards (`loading.load_model`), so a mapping that stopped working is noticed.
TEXT_ONLY_KEY_MAPPING = {
    r"^language_model\.model\.": "model.",
    r"^model\.language_model\.": "model.",
    r"^language_model\.lm_head\.": "lm_head.",
}
# The same for adapter keys (PEFT's `key_mapping`, applied with the "base_model.model." prefix off).
ADAPTER_TEXT_ONLY_KEY_MAPPING = {r"^model\.language_model\.": "model."}


def is_multimodal_config(config) -> bool:
    """A wrapper config with a language model and a vision tower (Gemma 3 4B/12B/27B, ...)."""
    return (
        getattr(config, "text_config", None) is not None
        and getattr(config, "vision_config", None) is not None
    )


def checkpoint_class(config) -> str:
    archs = getattr(config, "architectures", None) or []
    return archs[0] if archs else type(config).__name__.replace("Config", "")


def tower_of(module_name: str) -> str:
    """`vision` for the vision tower and the projector, else `language`."""
    parts = module_name.split(".")
    return "vision" if any(p in VISION_PARTS for p in parts) else "language"


def key_layout(module_names) -> str:
    """`multimodal` when the names are those of the multimodal wrapper (`model.language_model.`
    or a vision tower), else `text`."""
    for name in module_names:
        if name.startswith(LANGUAGE_PREFIX) or tower_of(name) == "vision":
            return "multimodal"
    return "text"


def language_model_regex(module_names: list[str]) -> str:
    """A PEFT `target_modules` regex (full match) for exactly these language-model modules, with
    layer numbers generalised and `language_model.` optional, so the same adapter config fits the
    multimodal class and its language model loaded alone (`model.layers.N...`) but never a vision
    tower's module."""
    pats = []
    for name in module_names:
        if tower_of(name) != "language":
            raise ValueError(f"{name} is not in the language model")
        pat = re.escape(name)
        pat = re.sub(r"\\\.\d+\\\.", r"\\.\\d+\\.", pat)
        pat = pat.replace(re.escape(LANGUAGE_PREFIX), r"model\.(?:language_model\.)?", 1)
        if pat not in pats:
            pats.append(pat)
    return "^(?:" + "|".join(pats) + ")$"


def lora_targets(model, names) -> tuple[list[str] | str, list[str], list[str]]:
    """(PEFT `target_modules`, the language-model linear layers they select, the other towers'
    linear layers that the names would also match) for LoRA on `names` (last module names, as
    the recipes write them) on `model` (any device, meta included). A multimodal model gets a
    regex limited to its language model; a text-only one keeps the plain list."""
    import torch

    wanted = set(names)
    language: list[str] = []
    left_out: list[str] = []
    for name, module in model.named_modules():
        if (
            not name
            or not isinstance(module, torch.nn.Linear)
            or name.rsplit(".", 1)[-1] not in wanted
            or name.endswith("lm_head")
        ):
            continue
        (language if tower_of(name) == "language" else left_out).append(name)
    multimodal = is_multimodal_config(getattr(model, "config", None))
    target = language_model_regex(language) if multimodal and language else list(names)
    return target, language, left_out
