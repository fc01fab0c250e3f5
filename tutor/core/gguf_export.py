"""GGUF files out: a transformers folder (a base, or a base with an adapter merged in) written as
a GGUF file for llama.cpp / Ollama, with the `gguf` package's writer, tensor-name map and
quantizers (no hand-written format code). No Gradio here.

Follows llama.cpp's convert_hf_to_gguf.py for the llama architecture (SmolLM2, TinyLlama, Llama):
the metadata keys of its `set_gguf_parameters`, the Q/K rows permuted to llama.cpp's rotary layout
(`LlamaModel.permute`, which transformers undoes when it reads a GGUF file), 1-D tensors (norms)
kept in F32, the vocabulary as a gpt2-style BPE token list with `gguf.SpecialVocab` writing the
merges, special token ids and chat template.

    python -m tutor.core.gguf_export MODEL_DIR OUT.gguf [--type f16|q8_0|f32]

(`python -m train.export_gguf` merges an adapter first; the Train tab calls the same function.)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from tutor.core.gguf_models import GGUFError

log = logging.getLogger(__name__)

OUT_TYPES = ("f16", "q8_0", "f32")
# transformers model_type -> gguf MODEL_ARCH name; one architecture is written and tested
EXPORT_ARCHS = {"llama": "LLAMA"}


def _permute(weights, n_head: int, n_head_kv: int | None):
    """convert_hf_to_gguf.py LlamaModel.permute: HF's rotary halves -> llama.cpp's interleaved pairs."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return (
        weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
        .swapaxes(1, 2)
        .reshape(weights.shape)
    )


def tokenizer_pre(model_dir: Path) -> str:
    """llama.cpp's pre-tokenizer name: the one of the GGUF file this model came from (a folder
    converted by tutor.core.gguf_models, or the base named in a merged model's EXPORT note);
    else "default" (llama.cpp's own converter finds it from a hash of the tokenizer's output)."""
    for folder in (model_dir, *_base_dirs(model_dir)):
        source = folder / "GGUF_SOURCE.json"
        if source.is_file():
            info = json.loads(source.read_text())
            path = Path(info["source"]) / info["gguf_file"]
            if path.is_file():
                from gguf import GGUFReader

                field = GGUFReader(path).fields.get("tokenizer.ggml.pre")
                if field is not None:
                    return str(field.contents())
    return "default"


def _base_dirs(model_dir: Path) -> list[Path]:
    note = model_dir / "MERGED_FROM.json"
    if note.is_file():
        base = json.loads(note.read_text()).get("base")
        if base and Path(base).is_dir():
            return [Path(base)]
    return []


def _vocab(tokenizer, vocab_size: int):
    """(tokens, token types) as convert_hf_to_gguf.py's get_vocab_base for a BPE tokenizer."""
    import gguf

    reverse = {i: tok for tok, i in tokenizer.get_vocab().items()}
    added = tokenizer.get_added_vocab()
    decoder = tokenizer.added_tokens_decoder
    tokens, types = [], []
    for i in range(vocab_size):
        if i not in reverse:
            tokens.append(f"[PAD{i}]")
            types.append(gguf.TokenType.UNUSED)
            continue
        token = reverse[i]
        if token in added:
            special = decoder[i].special if i in decoder else False
            types.append(gguf.TokenType.CONTROL if special else gguf.TokenType.USER_DEFINED)
        else:
            types.append(gguf.TokenType.NORMAL)
        tokens.append(token)
    return tokens, types


def _tensor_type(name: str, data, out_type: str):
    import gguf

    if data.ndim <= 1 or out_type == "f32":
        return gguf.GGMLQuantizationType.F32
    if out_type == "q8_0" and data.shape[-1] % gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType.Q8_0][0] == 0:
        return gguf.GGMLQuantizationType.Q8_0
    return gguf.GGMLQuantizationType.F16


def export_gguf(
    model_dir: str | Path, out_path: str | Path, out_type: str = "f16", *, name: str | None = None
) -> Path:
    """Write the transformers model in `model_dir` as a GGUF file of `out_type` (f16, q8_0, f32).
    Raises GGUFError for an architecture it does not write (naming the ones it does)."""
    import gguf
    import numpy as np
    import torch
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoTokenizer

    model_dir, out_path = Path(model_dir), Path(out_path)
    if out_type not in OUT_TYPES:
        raise GGUFError(f"GGUF type {out_type!r} is not written (choose one of {', '.join(OUT_TYPES)})")
    config = AutoConfig.from_pretrained(model_dir)
    mtype = getattr(config, "model_type", "?")
    if mtype not in EXPORT_ARCHS:
        raise GGUFError(
            f"GGUF export writes the {', '.join(EXPORT_ARCHS)} architecture (e.g. SmolLM2, TinyLlama); "
            f"{model_dir.name} is {mtype!r}: use llama.cpp's convert_hf_to_gguf.py for it"
        )
    arch = gguf.MODEL_ARCH[EXPORT_ARCHS[mtype]]
    n_layers = int(config.num_hidden_layers)
    n_head, n_kv = int(config.num_attention_heads), int(config.num_key_value_heads)
    head_dim = int(getattr(config, "head_dim", None) or config.hidden_size // n_head)
    rope = getattr(config, "rope_parameters", None) or {}
    if rope.get("rope_type", "default") != "default":
        raise GGUFError(
            f"GGUF export writes plain RoPE; {model_dir.name} uses {rope.get('rope_type')!r} scaling"
        )
    rope_theta = float(rope.get("rope_theta", getattr(config, "rope_theta", 10000.0)))
    name_map = gguf.get_tensor_name_map(arch, n_layers)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    vocab_size = int(config.vocab_size)

    out_path.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(out_path), gguf.MODEL_ARCH_NAMES[arch])
    file_type = {
        "f16": gguf.LlamaFileType.MOSTLY_F16,
        "q8_0": gguf.LlamaFileType.MOSTLY_Q8_0,
        "f32": gguf.LlamaFileType.ALL_F32,
    }[out_type]
    writer.add_name(name or model_dir.name)
    writer.add_context_length(int(config.max_position_embeddings))
    writer.add_embedding_length(int(config.hidden_size))
    writer.add_block_count(n_layers)
    writer.add_feed_forward_length(int(config.intermediate_size))
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_kv)
    writer.add_rope_freq_base(rope_theta)
    writer.add_layer_norm_rms_eps(float(config.rms_norm_eps))
    writer.add_file_type(int(file_type))
    writer.add_vocab_size(vocab_size)
    writer.add_rope_dimension_count(head_dim)
    writer.add_quantization_version(gguf.GGML_QUANT_VERSION)

    tokens, types = _vocab(tokenizer, vocab_size)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(tokenizer_pre(model_dir))
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    special = gguf.SpecialVocab(model_dir, load_merges=True, n_vocab=len(tokens))
    if (
        special.chat_template is None and tokenizer.chat_template
    ):  # e.g. "chat_template": null beside a .jinja
        special.chat_template = tokenizer.chat_template
    special.add_to_gguf(writer, quiet=True)

    weights: dict[str, torch.Tensor] = {}
    for shard in sorted(model_dir.glob("*.safetensors")):
        weights.update(load_file(shard))
    if not weights:
        raise GGUFError(f"{model_dir} holds no .safetensors weights")
    tied = bool(getattr(config, "tie_word_embeddings", False))
    for hf_name, tensor in weights.items():
        if tied and hf_name == "lm_head.weight":
            continue  # llama.cpp reuses token_embd when the file has no output.weight
        if hf_name.endswith("rotary_emb.inv_freq"):
            continue
        new_name = name_map.get_name(hf_name, try_suffixes=(".weight", ".bias"))
        if new_name is None:
            raise GGUFError(f"GGUF export: no llama.cpp name for tensor {hf_name!r}")
        data = tensor.to(torch.float32).numpy()
        if hf_name.endswith("q_proj.weight"):
            data = _permute(data, n_head, n_head)
        elif hf_name.endswith("k_proj.weight"):
            data = _permute(data, n_head, n_kv)
        qtype = _tensor_type(new_name, data, out_type)
        if qtype == gguf.GGMLQuantizationType.F32:
            writer.add_tensor(new_name, np.ascontiguousarray(data, dtype=np.float32))
        elif qtype == gguf.GGMLQuantizationType.F16:
            writer.add_tensor(new_name, np.ascontiguousarray(data, dtype=np.float16))
        else:
            writer.add_tensor(new_name, gguf.quants.quantize(data, qtype), raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    log.info("wrote %s (%s, %.0f MB)", out_path, out_type, out_path.stat().st_size / 1e6)
    return out_path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tutor.core.gguf_export", description=__doc__.splitlines()[0])
    p.add_argument("model_dir", help="a transformers folder (safetensors)")
    p.add_argument("output", help="the .gguf file to write")
    p.add_argument("--type", default="f16", choices=OUT_TYPES)
    args = p.parse_args(argv)
    try:
        path = export_gguf(args.model_dir, args.output, args.type)
    except (GGUFError, OSError, ValueError) as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({args.type}, {path.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
