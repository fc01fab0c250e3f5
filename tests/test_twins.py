"""The architecture twins themselves: the real classes, the real configs' structure (at full size
on the meta device: the published parameter counts), the seeds' chat-template behaviour."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TWINS, twin_arch

# Published sizes: google/gemma-3-4b-it 4,300,079,472; gemma-2-2b-it 2,614,341,888;
# TinyLlama-1.1B-Chat-v1.0 1,100,048,384.
REAL_PARAMS = {"gemma3-mm": 4_300_079_472, "gemma2": 2_614_341_888, "llama": 1_100_048_384}


@pytest.mark.parametrize("arch", sorted(REAL_PARAMS))
def test_full_size_structure_has_the_real_parameter_count(arch):
    import torch
    from transformers import AutoModelForCausalLM

    from tutor.testing.tiny_model import ARCHS, model_config

    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(model_config(arch, real=True))
    assert type(model).__name__ == ARCHS[arch].model_class
    assert sum(p.numel() for p in model.parameters()) == REAL_PARAMS[arch]


@pytest.mark.parametrize("base_dir", TWINS, indirect=True)
def test_twin_class_structure_and_chat_template(base_dir):
    from transformers import AutoConfig, AutoTokenizer

    from tutor.core.prompting import apply_template
    from tutor.testing.tiny_model import ARCHS

    arch = twin_arch(base_dir)
    meta = json.loads((base_dir / "TINY_MODEL.json").read_text())
    cfg = AutoConfig.from_pretrained(base_dir)
    assert cfg.architectures == [ARCHS[arch].model_class] == [meta["class"]]
    text = getattr(cfg, "text_config", cfg)
    assert text.hidden_size == 64 and text.num_hidden_layers == 2
    tok = AutoTokenizer.from_pretrained(base_dir)
    msgs = [{"role": "system", "content": "SYS"}, {"role": "user", "content": "Solve 3x + 7 = 22"}]
    prompt = apply_template(tok, msgs)
    if arch == "gemma3-mm":
        assert text.layer_types == ["sliding_attention", "full_attention"]  # 5:1 scaled to 1:1
        assert text.rope_parameters["full_attention"]["rope_type"] == "linear"
        assert cfg.vision_config.model_type == "siglip_vision_model" and not cfg.vision_config.vision_use_head
        assert cfg.mm_tokens_per_image == 4 and cfg.tie_word_embeddings
        assert tok.convert_ids_to_tokens(
            [cfg.boi_token_index, cfg.eoi_token_index, cfg.image_token_index]
        ) == ["<start_of_image>", "<end_of_image>", "<image_soft_token>"]
        with_image = tok.apply_chat_template(
            [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is it?"}]}],
            tokenize=False,
            add_generation_prompt=True,
        )
        assert "<start_of_turn>user\n<start_of_image>What is it?<end_of_turn>" in with_image
    if arch in ("gemma3-mm", "gemma3-text"):  # Gemma 3 folds the system prompt into the user turn
        assert prompt.startswith("<bos><start_of_turn>user\nSYS\n\nSolve") and prompt.endswith(
            "<start_of_turn>model\n"
        )
    if arch == "gemma2":  # Gemma 2 rejects a system role: the tutor folds it itself
        assert text.attn_logit_softcapping == 50.0 and text.final_logit_softcapping == 30.0
        assert text.layer_types == ["sliding_attention", "full_attention"]
        assert prompt.startswith("<bos><start_of_turn>user\nSYS\n\nSolve")
    if arch == "llama":  # TinyLlama keeps the system turn; every turn ends in </s>
        assert not cfg.tie_word_embeddings and cfg.num_attention_heads // cfg.num_key_value_heads == 8
        assert prompt == "<|system|>\nSYS</s><|user|>\nSolve 3x + 7 = 22</s><|assistant|>"
        assert tok("x").input_ids[0] == tok.bos_token_id  # <s> added in front, as LlamaTokenizer does
