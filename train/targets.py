"""LoRA targets resolved on the model: the recipe's module names, limited to the language model.

The seeds' recipes name `[q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj]`. On a
multimodal base (google/gemma-3-4b-it loads as `Gemma3ForConditionalGeneration`) PEFT matches
such a list by name suffix in BOTH towers: the SigLIP tower's attention has q/k/v_proj too (27
layers of wasted adapter weights on the real 4B). `resolve` walks the (meta-device or loaded)
model, keeps the language model's linear layers whose last name is in the list, and for a
multimodal model hands PEFT a full-match regex of exactly those (`model\\.(?:language_model\\.)?
layers\\.\\d+\\....`, which also fits the language model loaded alone). A text-only model keeps the
plain list, so its adapter config is what it always was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor.core.architecture import checkpoint_class, is_multimodal_config, lora_targets, tower_of


@dataclass
class TargetPlan:
    target_modules: list[str] | str  # what goes into LoraConfig
    model_class: str
    multimodal: bool
    lora_modules: dict[str, int] = field(default_factory=dict)  # tower -> modules that get LoRA
    left_out: dict[str, int] = field(default_factory=dict)  # tower -> name matches left out
    by_name: dict[str, int] = field(default_factory=dict)  # module name -> count with LoRA

    def lines(self, quantization: str | None = None) -> list[str]:
        """What `--dry-run` prints (`quantization`: the recipe's, to say what happens to the
        vision tower's weights)."""
        n = sum(self.lora_modules.values())
        names = ", ".join(f"{k} x{v}" for k, v in self.by_name.items())
        out = [f"lora_modules: {n} linear layers get LoRA, all in the language model ({names})"]
        if self.multimodal:
            vision = self.left_out.get("vision", 0)
            out.append(
                f"vision_tower: untouched (no LoRA; {vision} of its linear layers match the "
                "recipe's names and are left out); it is loaded with the base and frozen, so "
                f"the adapter keeps {self.model_class}'s module names and loads on the class "
                "AutoModelForCausalLM gives for this base (the tutor app loads the language "
                "model alone and maps the names)"
                + (
                    f"; its weights are loaded in {quantization} with the rest (frozen and never "
                    "run on text rows, so quantizing them only saves memory)"
                    if quantization in ("4bit", "8bit")
                    else ""
                )
            )
            out.append(
                "lora_target_modules: resolved to a regex limited to the language model: "
                f"{self.target_modules}"
            )
        return out


def resolve(model, names: list[str]) -> TargetPlan:
    """The LoRA targets of `names` on `model` (any device, meta included)."""
    config = getattr(model, "config", None)
    target, language, left_out = lora_targets(model, names)
    plan = TargetPlan(
        target_modules=target,
        model_class=checkpoint_class(config) if config else type(model).__name__,
        multimodal=is_multimodal_config(config),
    )
    if language:
        plan.lora_modules["language"] = len(language)
    for name in left_out:
        tower = tower_of(name)
        plan.left_out[tower] = plan.left_out.get(tower, 0) + 1
    short = [n.rsplit(".", 1)[-1] for n in language]
    plan.by_name = {k: short.count(k) for k in names if k in short}
    return plan
