"""GGUF files in: a llama.cpp / Ollama model file loaded by transformers, dequantized (no Gradio).

transformers reads GGUF files itself (`from_pretrained(dir_or_repo, gguf_file=NAME)`, with the
`gguf` package) and dequantizes every tensor to the dtype asked for. The model it returns still
carries a GGUF quantization config and refuses `save_pretrained`, so `convert_gguf` rebuilds the
model from the same config without it, copies the weights, and writes an ordinary transformers
folder (safetensors, tokenizer with the file's chat template, generation config) that every part
of the project can load.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)


def split_gguf_source(source: str, gguf_file: str | None = None) -> tuple[str, str | None]:
    """(folder or Hub id, file name): `path/to/x.gguf` -> (`path/to`, `x.gguf`)."""
    if gguf_file is None and str(source).lower().endswith(".gguf"):
        path = Path(source)
        return str(path.parent), path.name
    return str(source), gguf_file


def load_gguf_plain(source: str, gguf_file: str, *, dtype=None, revision: str | None = None):
    """(model, tokenizer) from a GGUF file, the model free of its GGUF quantization config
    (an ordinary dequantized model that saves, quantizes to 4-bit and takes adapters)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dtype = dtype or torch.float32
    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=gguf_file, revision=revision)
    loaded = AutoModelForCausalLM.from_pretrained(source, gguf_file=gguf_file, dtype=dtype, revision=revision)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config, dtype=dtype)
    model.load_state_dict(loaded.state_dict(), assign=True)
    if getattr(config, "tie_word_embeddings", False):
        model.tie_weights()
    model.generation_config = loaded.generation_config
    del loaded
    model.eval()
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def convert_gguf(source: str, gguf_file: str | None, out_dir: str | Path, *, dtype=None) -> Path:
    """Write the GGUF model at (`source`, `gguf_file`) as a transformers folder in `out_dir`."""
    source, gguf_file = split_gguf_source(source, gguf_file)
    if not gguf_file:
        raise ValueError("name the GGUF file: a path ending in .gguf, or a folder/repo and gguf_file")
    out = Path(out_dir)
    model, tokenizer = load_gguf_plain(source, gguf_file, dtype=dtype)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    (out / "GGUF_SOURCE.json").write_text(
        json.dumps({"source": str(source), "gguf_file": gguf_file}, indent=2) + "\n"
    )
    log.info("converted %s/%s to %s", source, gguf_file, out)
    return out
