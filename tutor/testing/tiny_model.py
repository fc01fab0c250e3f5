"""Tiny random-weight twins of the seeds' base models, with a real tokenizer and chat template.

    python -m tutor.testing.tiny_model OUT_DIR [--arch gemma3-text|gemma3-mm|gemma2|llama] [--seed 0]

Tests, benchmarks and demos use them wherever the real models cannot be downloaded. Each twin is
the real class with the real config's structure scaled down (see `ARCHS`):

* `gemma3-mm`  - google/gemma-3-4b-it and gemma-3-27b-it: `Gemma3ForConditionalGeneration` (what
  `AutoModelForCausalLM` gives for `model_type: gemma3`), a SigLIP vision tower without head, the
  multimodal projector (average pooling to `mm_tokens_per_image`), the special image tokens
  `<start_of_image>`, `<end_of_image>`, `<image_soft_token>`, 5:1 -> 1:1 sliding/global layers,
  linear RoPE scaling on the global layers, tied embeddings; Gemma 3's template (system folded).
* `gemma2`     - google/gemma-2-2b-it: `Gemma2ForCausalLM`, alternating sliding/global layers,
  attention and final logit soft-capping, tied embeddings; Gemma 2's template (no system role).
* `llama`      - TinyLlama/TinyLlama-1.1B-Chat-v1.0: `LlamaForCausalLM`, grouped-query attention
  (8 query heads per key/value head), untied head, `<s>`/`</s>` tokens and the Zephyr template
  (`<|system|>`, `<|user|>`, `<|assistant|>`, each turn ended by `</s>`).
* `gemma3-text`- the text-only `Gemma3ForCausalLM` (as gemma-3-1b-it): the default, as before.

Module names are the real ones (q/k/v/o/gate/up/down_proj, and the vision tower's own q/k/v/out_proj
and fc1/fc2), so LoRA targets, 4-bit loading and chat templating follow the real code paths.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

# Gemma 3 folds the system prompt into the first user turn.
GEMMA3_TEMPLATE = (
    "{{ bos_token }}"
    "{%- if messages[0]['role'] == 'system' -%}"
    "{%- set first_user_prefix = messages[0]['content'] + '\n\n' -%}"
    "{%- set loop_messages = messages[1:] -%}"
    "{%- else -%}"
    "{%- set first_user_prefix = '' -%}"
    "{%- set loop_messages = messages -%}"
    "{%- endif -%}"
    "{%- for message in loop_messages -%}"
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
    "{%- endif -%}"
    "{%- if message['role'] == 'assistant' -%}{%- set role = 'model' -%}"
    "{%- else -%}{%- set role = message['role'] -%}{%- endif -%}"
    "{{ '<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else '') }}"
    "{%- if message['content'] is string -%}{{ message['content'] | trim }}"
    "{%- else -%}{%- for item in message['content'] -%}"
    "{%- if item['type'] == 'image' -%}{{ '<start_of_image>' }}"
    "{%- elif item['type'] == 'text' -%}{{ item['text'] | trim }}{%- endif -%}"
    "{%- endfor -%}{%- endif -%}"
    "{{ '<end_of_turn>\n' }}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{ '<start_of_turn>model\n' }}{%- endif -%}"
)

# Gemma 2 rejects a system role outright (the engine must fold it itself).
GEMMA2_TEMPLATE = (
    "{{ bos_token }}"
    "{%- if messages[0]['role'] == 'system' -%}"
    "{{ raise_exception('System role not supported') }}"
    "{%- endif -%}"
    "{%- for message in messages -%}"
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
    "{%- endif -%}"
    "{%- if message['role'] == 'assistant' -%}{%- set role = 'model' -%}"
    "{%- else -%}{%- set role = message['role'] -%}{%- endif -%}"
    "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{ '<start_of_turn>model\n' }}{%- endif -%}"
)

# TinyLlama-1.1B-Chat-v1.0's (Zephyr's) template: the system turn is kept, every turn ends in </s>,
# the generation prompt is "<|assistant|>" with no newline.
ZEPHYR_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'user' %}{{ '<|user|>\n' + message['content'] + eos_token }}"
    "{% elif message['role'] == 'system' %}{{ '<|system|>\n' + message['content'] + eos_token }}"
    "{% elif message['role'] == 'assistant' %}{{ '<|assistant|>\n' + message['content'] + eos_token }}"
    "{% endif %}"
    "{% if loop.last and add_generation_prompt %}{{ '<|assistant|>' }}{% endif %}"
    "{% endfor %}"
)

TEMPLATES = {"gemma3": GEMMA3_TEMPLATE, "gemma2": GEMMA2_TEMPLATE, "zephyr": ZEPHYR_TEMPLATE}

SPECIAL_TOKENS = ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]
IMAGE_TOKENS = ["<start_of_image>", "<end_of_image>", "<image_soft_token>"]  # Gemma 3's boi, eoi, image
LLAMA_SPECIAL_TOKENS = ["<unk>", "<s>", "</s>"]
ADDED_TOKENS = ["<think>", "</think>"]  # plain added tokens: they survive skip_special_tokens

_CORPUS = """
You are an expert mathematics tutor. Solve problems step-by-step, showing your reasoning clearly.
Solve 3x + 7 = 22. Subtract 7 from both sides: 3x = 15. Divide both sides by 3: x = 5.
Therefore, x = 5. The final answer is 5. #### 72
Janet's ducks lay 16 eggs per day. She sells the remainder for $2 per egg. How much does she make?
Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.
The derivative of x^2 sin x is 2x sin x + x^2 cos x. \\frac{d}{dx} \\int_0^1 x^2 \\, dx = \\frac{1}{3}
$\\frac{1}{2}$ $$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$ \\( a^2 + b^2 = c^2 \\) \\[ \\boxed{42} \\]
Step 1: Start with the equation. Step 2: Simplify. Step 3: Check the answer by substitution.
What is 15% of 80? 0.15 * 80 = 12. Add the fractions 1/2 + 1/3 = 5/6. The limit as x approaches 0.
0 1 2 3 4 5 6 7 8 9 10 100 1000 + - * / = ( ) [ ] { } ^ _ , . ; : ! ? ' " % $ \\ | < > # @ &
"""


def build_tokenizer(vocab_size: int = 1024, family: str = "gemma"):
    """A byte-level BPE tokenizer trained on a small built-in math corpus (deterministic).

    `family="gemma"`: Gemma's special tokens (`<bos>`, `<eos>`, `<pad>`, turn markers);
    `"gemma3-mm"`: those plus Gemma 3's image tokens; `"llama"`: Llama's `<s>`, `</s>`, `<unk>`,
    `<s>` added in front of every encoded text (as TinyLlama's tokenizer does), pad = `</s>`."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    llama = family == "llama"
    tok = Tokenizer(models.BPE(unk_token=None, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=LLAMA_SPECIAL_TOKENS if llama else SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator([line for line in _CORPUS.splitlines() if line] * 4, trainer=trainer)
    if llama:
        bos = tok.token_to_id("<s>")
        tok.post_processor = processors.TemplateProcessing(
            single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", bos)]
        )
        fast = PreTrainedTokenizerFast(
            tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="</s>", unk_token="<unk>"
        )
        fast.add_tokens(ADDED_TOKENS)
        fast.padding_side = "left"
        return fast
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<bos>",
        eos_token="<eos>",
        pad_token="<pad>",
        unk_token="<unk>",
        additional_special_tokens=["<start_of_turn>", "<end_of_turn>"]
        + (IMAGE_TOKENS if family == "gemma3-mm" else []),
        # Gemma 3's tokenizer names its image tokens (what Gemma3Processor reads)
        **(
            {"extra_special_tokens": dict(zip(("boi_token", "eoi_token", "image_token"), IMAGE_TOKENS))}
            if family == "gemma3-mm"
            else {}
        ),
    )
    fast.add_tokens(ADDED_TOKENS)
    fast.padding_side = "left"
    return fast


@dataclass(frozen=True)
class Twin:
    """One seed base model and how its twin is made."""

    name: str
    mirrors: str  # the real model(s) it stands for
    model_class: str  # the transformers class the real checkpoint loads as
    template: str  # key of TEMPLATES
    tokenizer: str  # build_tokenizer family


ARCHS = {
    "gemma3-text": Twin(
        "gemma3-text", "text-only Gemma 3 (google/gemma-3-1b-it)", "Gemma3ForCausalLM", "gemma3", "gemma"
    ),
    "gemma3-mm": Twin(
        "gemma3-mm",
        "google/gemma-3-4b-it, google/gemma-3-27b-it",
        "Gemma3ForConditionalGeneration",
        "gemma3",
        "gemma3-mm",
    ),
    "gemma2": Twin("gemma2", "google/gemma-2-2b-it", "Gemma2ForCausalLM", "gemma2", "gemma"),
    "llama": Twin("llama", "TinyLlama/TinyLlama-1.1B-Chat-v1.0", "LlamaForCausalLM", "zephyr", "llama"),
}

# The real configs' structure, written out (google/gemma-3-4b-it's config.json, gemma-2-2b-it's,
# TinyLlama-1.1B-Chat-v1.0's); `model_config(arch, real=True)` builds these at full size (the GPU
# bench, random weights, no download), `real=False` the same structure scaled down.
GEMMA3_4B_TEXT = dict(
    hidden_size=2560,
    intermediate_size=10240,
    num_hidden_layers=34,
    num_attention_heads=8,
    num_key_value_heads=4,
    head_dim=256,
    vocab_size=262_208,
    sliding_window=1024,
    max_position_embeddings=131_072,
    query_pre_attn_scalar=256,
    rms_norm_eps=1e-6,
    hidden_activation="gelu_pytorch_tanh",
    tie_word_embeddings=True,
    rope_scaling={"rope_type": "linear", "factor": 8.0},
    rope_theta=1_000_000.0,
    rope_local_base_freq=10_000.0,
    sliding_window_pattern=6,
)
SIGLIP_GEMMA3 = dict(
    hidden_size=1152,
    intermediate_size=4304,
    num_hidden_layers=27,
    num_attention_heads=16,
    image_size=896,
    patch_size=14,
    vision_use_head=False,
    layer_norm_eps=1e-6,
)
GEMMA3_MM = dict(
    mm_tokens_per_image=256, boi_token_index=255_999, eoi_token_index=256_000, image_token_index=262_144
)
GEMMA2_2B = dict(
    hidden_size=2304,
    intermediate_size=9216,
    num_hidden_layers=26,
    num_attention_heads=8,
    num_key_value_heads=4,
    head_dim=256,
    vocab_size=256_000,
    sliding_window=4096,
    query_pre_attn_scalar=256,
    attn_logit_softcapping=50.0,
    final_logit_softcapping=30.0,
    hidden_activation="gelu_pytorch_tanh",
    tie_word_embeddings=True,
)
TINYLLAMA = dict(
    hidden_size=2048,
    intermediate_size=5632,
    num_hidden_layers=22,
    num_attention_heads=32,
    num_key_value_heads=4,
    vocab_size=32_000,
    max_position_embeddings=2048,
    rms_norm_eps=1e-5,
    rope_theta=10_000.0,
    tie_word_embeddings=False,
    hidden_act="silu",
)


def model_config(
    arch: str, tokenizer=None, *, real: bool = False, hidden_size: int = 64, num_layers: int = 2
):
    """The transformers config of `arch`'s twin: the real structure, scaled down unless `real`.

    Scaled down: `hidden_size`, `num_layers` (the sliding/global pattern shrunk to fit: Gemma 3's
    5 sliding : 1 global becomes 1 : 1), head counts kept in the real ratios, a SigLIP tower of
    2 layers x 32 wide on 112-pixel images (8x8 patches pooled to 2x2 = 4 image tokens: the real
    64x64 -> 16x16 pooling kernel of 4). With a tokenizer, the vocabulary and special token ids
    are the tokenizer's."""
    from transformers import Gemma2Config, Gemma3Config, Gemma3TextConfig, LlamaConfig, SiglipVisionConfig

    if arch not in ARCHS:
        raise ValueError(f"unknown twin {arch!r}; known: {', '.join(ARCHS)}")
    ids: dict = {}
    if tokenizer is not None:
        eos = [tokenizer.eos_token_id]
        if "<end_of_turn>" in tokenizer.get_vocab():
            eos.append(tokenizer.convert_tokens_to_ids("<end_of_turn>"))
        ids = dict(
            bos_token_id=tokenizer.bos_token_id,
            eos_token_id=eos if len(eos) > 1 else eos[0],
            pad_token_id=tokenizer.pad_token_id,
        )
        if not real:  # full size keeps the real vocabulary (and image token ids) for the real cost
            ids["vocab_size"] = len(tokenizer)
    h, n = hidden_size, num_layers
    if arch in ("gemma3-text", "gemma3-mm"):
        text = dict(GEMMA3_4B_TEXT)
        if not real:
            text.update(
                hidden_size=h,
                intermediate_size=4 * h,
                num_hidden_layers=n,
                num_attention_heads=4,
                num_key_value_heads=2,
                head_dim=h // 4,
                query_pre_attn_scalar=h // 4,
                sliding_window=512,
                max_position_embeddings=8192,
                sliding_window_pattern=2,
            )
        text.update(ids)
        if arch == "gemma3-text":  # as gemma-3-1b-it: no RoPE scaling; the tiny model as it always was
            if not real:
                text = dict(
                    vocab_size=text["vocab_size"],
                    hidden_size=h,
                    intermediate_size=2 * h,
                    num_hidden_layers=n,
                    num_attention_heads=4,
                    num_key_value_heads=2,
                    head_dim=h // 4,
                    max_position_embeddings=8192,
                    sliding_window=512,
                    tie_word_embeddings=True,
                )
                text.update(ids)
            else:
                text.pop("rope_scaling")
            return Gemma3TextConfig(**text)
        vision = dict(SIGLIP_GEMMA3)
        mm = dict(GEMMA3_MM)
        if not real:
            vision.update(
                hidden_size=32,
                intermediate_size=64,
                num_hidden_layers=2,
                num_attention_heads=2,
                image_size=112,
            )
            mm["mm_tokens_per_image"] = 4
        if tokenizer is not None and not real:
            boi, eoi, img = tokenizer.convert_tokens_to_ids(IMAGE_TOKENS)
            mm.update(boi_token_index=boi, eoi_token_index=eoi, image_token_index=img)
        top = {k: v for k, v in ids.items() if k in ("bos_token_id", "eos_token_id", "pad_token_id")}
        return Gemma3Config(
            text_config=Gemma3TextConfig(**text), vision_config=SiglipVisionConfig(**vision), **mm, **top
        )
    if arch == "gemma2":
        cfg = dict(GEMMA2_2B)
        if not real:
            cfg.update(
                hidden_size=h,
                intermediate_size=4 * h,
                num_hidden_layers=n,
                num_attention_heads=4,
                num_key_value_heads=2,
                head_dim=h // 4,
                query_pre_attn_scalar=h // 4,
                sliding_window=512,
                max_position_embeddings=8192,
            )
        return Gemma2Config(**{**cfg, **ids})
    cfg = dict(TINYLLAMA)
    if not real:
        # GQA 8 query heads per key/value head as the real 32:4. bitsandbytes' CPU 4-bit kernel
        # needs every output width in multiples of 32, so head_dim is 32 (k/v 32 wide, q 256)
        # and the MLP 2.75x (5632/2048) is rounded up to a multiple of 64.
        cfg.update(
            hidden_size=h,
            intermediate_size=-(-h * 11 // 4 // 64) * 64,
            num_hidden_layers=n,
            num_attention_heads=8,
            num_key_value_heads=1,
            head_dim=32,
        )
    return LlamaConfig(**{**cfg, **ids})


def twin_tokenizer(arch: str = "gemma3-text", template: str | None = None):
    """The project's tokenizer for `arch` with the seed's chat template."""
    twin = ARCHS[arch]
    tokenizer = build_tokenizer(family=twin.tokenizer)
    tokenizer.chat_template = TEMPLATES[template or twin.template]
    return tokenizer


def build(
    out_dir: str | Path,
    *,
    arch: str = "gemma3-text",
    template: str | None = None,
    seed: int = 0,
    hidden_size: int = 64,
    num_layers: int = 2,
    real: bool = False,
    device: str = "cpu",
    dtype=None,
) -> Path:
    """Write `arch`'s twin (random weights) + tokenizer to `out_dir` and return the path.
    `template` overrides the twin's chat template (e.g. a Gemma 3 model with Gemma 2's template);
    `real=True` writes the real model's full-size structure (for the GPU bench)."""
    import torch
    import transformers
    from transformers import GenerationConfig

    twin = ARCHS[arch]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = twin_tokenizer(arch, template)
    config = model_config(arch, tokenizer, real=real, hidden_size=hidden_size, num_layers=num_layers)
    torch.manual_seed(seed)
    with torch.device(device):
        model = getattr(transformers, twin.model_class)(config)
    if dtype is not None:
        model = model.to(dtype)
    eos = [tokenizer.eos_token_id]
    if "<end_of_turn>" in tokenizer.get_vocab():
        eos.append(tokenizer.convert_tokens_to_ids("<end_of_turn>"))
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id, eos_token_id=eos, pad_token_id=tokenizer.pad_token_id
    )
    if arch == "gemma3-mm":
        _randomize_projector(model, seed)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    if arch == "gemma3-mm":
        save_processor(out, tokenizer, config)
    params = sum(p.numel() for p in model.parameters())
    (out / "TINY_MODEL.json").write_text(
        json.dumps(
            {
                "note": "random weights, for tests and demos only",
                "arch": arch,
                "mirrors": twin.mirrors,
                "class": twin.model_class,
                "template": template or twin.template,
                "seed": seed,
                "parameters": params,
            }
        )
    )
    return out


def _randomize_projector(model, seed: int) -> None:
    """Gemma 3 initialises its multimodal projector to zeros (pretrained weights replace it), so
    a random twin would ignore every image: give it seeded random weights instead, so that
    tests can see the image reach the language model."""
    import torch

    gen = torch.Generator().manual_seed(seed + 1)
    proj = model.model.multi_modal_projector.mm_input_projection_weight
    with torch.no_grad():
        proj.copy_((torch.randn(proj.shape, generator=gen) * 0.5).to(proj.dtype))


def save_processor(out: str | Path, tokenizer, config) -> None:
    """The twin's `Gemma3Processor` (image processor at the tower's size, `mm_tokens_per_image`
    image tokens), saved next to the model as the real checkpoint has one."""
    from transformers import Gemma3Processor
    from transformers.models.gemma3.image_processing_pil_gemma3 import Gemma3ImageProcessorPil

    side = config.vision_config.image_size
    processor = Gemma3Processor(
        image_processor=Gemma3ImageProcessorPil(size={"height": side, "width": side}),
        tokenizer=tokenizer,
        chat_template=tokenizer.chat_template,
        image_seq_length=config.mm_tokens_per_image,
    )
    processor.save_pretrained(str(out))


def build_lora(
    base_dir: str | Path,
    out: str | Path,
    *,
    seed: int,
    r: int = 4,
    scale: float = 0.5,
    targets: tuple[str, ...] = ("q_proj", "v_proj", "down_proj"),
) -> Path:
    """A LoRA adapter for the model in `base_dir` whose lora_B weights are random (seeded, times
    `scale`), so its outputs differ from the base; saved as safetensors. For tests and benches."""
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(base_dir), dtype=torch.float32)
    return randomize_lora(model, out, seed=seed, r=r, scale=scale, targets=targets)


def randomize_lora(
    model,
    out: str | Path,
    *,
    seed: int,
    r: int = 4,
    scale: float = 0.5,
    targets: tuple[str, ...] = ("q_proj", "v_proj", "down_proj"),
) -> Path:
    """Save a random-B LoRA adapter for the already loaded `model` (any device) to `out`, then
    take the LoRA layers off again, leaving `model` as it was."""
    import torch
    from peft import LoraConfig, get_peft_model

    from tutor.core.architecture import lora_targets

    target_modules, _, _ = lora_targets(model, list(targets))  # the language model only
    with torch.random.fork_rng(devices=[]):  # lora_A's init seeded too: the same adapter whatever ran before
        torch.manual_seed(seed)
        peft_model = get_peft_model(
            model, LoraConfig(r=r, lora_alpha=2 * r, target_modules=target_modules, task_type="CAUSAL_LM")
        )
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in peft_model.named_parameters():
            if "lora_B" in name:
                p.copy_((torch.randn(p.shape, generator=gen) * scale).to(p.dtype))
    peft_model.save_pretrained(str(out), safe_serialization=True)
    peft_model.unload()
    return Path(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--arch", choices=sorted(ARCHS), default="gemma3-text")
    parser.add_argument("--template", choices=sorted(TEMPLATES), default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hidden-size", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    args = parser.parse_args(argv)
    path = build(
        args.out_dir,
        arch=args.arch,
        template=args.template,
        seed=args.seed,
        hidden_size=args.hidden_size,
        num_layers=args.layers,
    )
    print(f"tiny model written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
