"""Build a tiny random-weight causal LM with a real tokenizer and a Gemma-style chat template.

    python -m tutor.testing.tiny_model OUT_DIR [--template gemma3|gemma2] [--seed 0]

Tests, benchmarks and demos use it wherever the real model cannot be downloaded. The model is a
`Gemma3ForCausalLM` (same module names as Gemma 3: q/k/v/o/gate/up/down_proj), so LoRA targets,
4-bit loading and chat templating follow the real code paths.
"""

from __future__ import annotations

import argparse
import json
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
    "{{ message['content'] | trim }}"
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

TEMPLATES = {"gemma3": GEMMA3_TEMPLATE, "gemma2": GEMMA2_TEMPLATE}

SPECIAL_TOKENS = ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]
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


def build_tokenizer(vocab_size: int = 1024):
    """A byte-level BPE tokenizer trained on a small built-in math corpus (deterministic)."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator([line for line in _CORPUS.splitlines() if line] * 4, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<bos>",
        eos_token="<eos>",
        pad_token="<pad>",
        unk_token="<unk>",
        additional_special_tokens=["<start_of_turn>", "<end_of_turn>"],
    )
    fast.add_tokens(ADDED_TOKENS)
    fast.padding_side = "left"
    return fast


def build(out_dir: str | Path, *, template: str = "gemma3", seed: int = 0, hidden_size: int = 64,
          num_layers: int = 2) -> Path:
    """Write a tiny Gemma3ForCausalLM + tokenizer to `out_dir` and return the path."""
    import torch
    from transformers import GenerationConfig, Gemma3ForCausalLM, Gemma3TextConfig

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = build_tokenizer()
    tokenizer.chat_template = TEMPLATES[template]
    end_of_turn = tokenizer.convert_tokens_to_ids("<end_of_turn>")
    config = Gemma3TextConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        intermediate_size=hidden_size * 2,
        num_hidden_layers=num_layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=hidden_size // 4,
        max_position_embeddings=8192,
        sliding_window=512,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=[tokenizer.eos_token_id, end_of_turn],
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=True,
    )
    torch.manual_seed(seed)
    model = Gemma3ForCausalLM(config)
    model.generation_config = GenerationConfig(
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=[tokenizer.eos_token_id, end_of_turn],
        pad_token_id=tokenizer.pad_token_id,
    )
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    (out / "TINY_MODEL.json").write_text(json.dumps(
        {"note": "random weights, for tests and demos only", "template": template, "seed": seed}))
    return out


def build_lora(base_dir: str | Path, out: str | Path, *, seed: int, r: int = 4, scale: float = 0.5,
               targets: tuple[str, ...] = ("q_proj", "v_proj", "down_proj")) -> Path:
    """A LoRA adapter for the model in `base_dir` whose lora_B weights are random (seeded, times
    `scale`), so its outputs differ from the base; saved as safetensors. For tests and benches."""
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(base_dir), dtype=torch.float32)
    return randomize_lora(model, out, seed=seed, r=r, scale=scale, targets=targets)


def randomize_lora(model, out: str | Path, *, seed: int, r: int = 4, scale: float = 0.5,
                   targets: tuple[str, ...] = ("q_proj", "v_proj", "down_proj")) -> Path:
    """Save a random-B LoRA adapter for the already loaded `model` (any device) to `out`, then
    take the LoRA layers off again, leaving `model` as it was."""
    import torch
    from peft import LoraConfig, get_peft_model

    peft_model = get_peft_model(model, LoraConfig(r=r, lora_alpha=2 * r, target_modules=list(targets),
                                                  task_type="CAUSAL_LM"))
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
    parser.add_argument("--template", choices=sorted(TEMPLATES), default="gemma3")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hidden-size", type=int, default=64)
    parser.add_argument("--layers", type=int, default=2)
    args = parser.parse_args(argv)
    path = build(args.out_dir, template=args.template, seed=args.seed,
                 hidden_size=args.hidden_size, num_layers=args.layers)
    print(f"tiny model written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
