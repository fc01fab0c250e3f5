"""GGUF files in: a llama.cpp / Ollama model file loaded by transformers, dequantized (no Gradio).

transformers reads GGUF files itself (`from_pretrained(dir_or_repo, gguf_file=NAME)`, with the
`gguf` package) and dequantizes every tensor to the dtype asked for. The model it returns still
carries a GGUF quantization config and refuses `save_pretrained`, so `convert_gguf` rebuilds the
model from the same config without it, copies the weights, and writes an ordinary transformers
folder (safetensors, tokenizer with the file's chat template, generation config) that every part
of the project can load.

`gguf_as_folder` is the one door for a GGUF source (`path/x.gguf`, or a folder / Hub repo and a
file name): it checks the file's architecture and tensor types first (a clear message naming what
is not supported), converts it once into a cache folder, and says what the dequantization costs.
The app, `python -m train`, Evaluate and merge all load that folder through their usual paths.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_ENV = "TUTOR_GGUF_CACHE"
# Converted folders are fp32 (exactly the dequantized values) up to this size, bf16 above it.
FP32_LIMIT_BYTES = 4 * 1024**3


class GGUFError(ValueError):
    """A GGUF source that cannot be used; the message names what and what is supported."""


@dataclass
class GGUFInfo:
    path: Path
    architecture: str
    file_type: str  # e.g. MOSTLY_Q4_1 (general.file_type), or "" when the file does not say
    tensor_types: Counter = field(default_factory=Counter)  # GGML type name -> tensors
    parameters: int = 0
    file_bytes: int = 0

    @property
    def main_type(self) -> str:
        """The most common type among 2-D tensors (the quantized weights), e.g. Q4_1."""
        return self.file_type.removeprefix("MOSTLY_") or (
            self.tensor_types.most_common(1)[0][0] if self.tensor_types else "?"
        )


def is_gguf_source(source: str | None, gguf_file: str | None = None) -> bool:
    return bool(gguf_file) or str(source or "").lower().endswith(".gguf")


def split_gguf_source(source: str, gguf_file: str | None = None) -> tuple[str, str | None]:
    """(folder or Hub id, file name): `path/to/x.gguf` -> (`path/to`, `x.gguf`)."""
    if gguf_file is None and str(source).lower().endswith(".gguf"):
        path = Path(source)
        return str(path.parent), path.name
    return str(source), gguf_file


def supported_architectures() -> list[str]:
    from transformers.modeling_gguf_pytorch_utils import GGUF_SUPPORTED_ARCHITECTURES

    return sorted(a for a in GGUF_SUPPORTED_ARCHITECTURES if a not in ("general", "tokenizer"))


def _dequantizable(type_name: str) -> bool:
    """Whether gguf-py can dequantize tensors of this GGML type (tried on one zero block)."""
    import numpy as np
    from gguf import GGML_QUANT_SIZES, GGMLQuantizationType, dequantize

    try:
        qtype = GGMLQuantizationType[type_name]
        block, size = GGML_QUANT_SIZES[qtype]
        dequantize(np.zeros((1, size), dtype=np.uint8), qtype)
        return True
    except (KeyError, NotImplementedError, ValueError, TypeError):
        return False


def supported_types() -> list[str]:
    from gguf import GGMLQuantizationType

    return [t.name for t in GGMLQuantizationType if _dequantizable(t.name)]


def _read_header(path: Path) -> tuple[dict, list[tuple[str, int, int]]]:
    """(metadata, [(tensor name, GGML type id, elements)]) without the token arrays or any weights.
    transformers' own GGUF reader does this in milliseconds (gguf.GGUFReader parses every token
    string: ~2 s for a 49k vocabulary); gguf.GGUFReader is the fallback if its layout moves."""
    import math

    try:
        from transformers.integrations.gguf import reader as tr

        blob = tr._mapped(str(path))
        metadata, count, pos = tr._read_metadata(blob, str(path))
        entries, _ = tr._read_tensor_table(blob, count, pos)
        return metadata, [(name, int(t), math.prod(shape)) for name, shape, t, _ in entries]
    except (ImportError, AttributeError):  # pragma: no cover - another transformers layout
        from gguf import GGUFReader

        reader = GGUFReader(path)
        meta = {k: f.contents() for k, f in reader.fields.items() if not k.startswith("tokenizer.ggml.")}
        return meta, [(t.name, int(t.tensor_type), int(t.n_elements)) for t in reader.tensors]


def inspect_gguf(path: str | Path) -> GGUFInfo:
    """Read a GGUF file's header (no weights read) and check that transformers can load it: its
    architecture and every tensor type. Raises GGUFError naming what is not supported."""
    from gguf import GGMLQuantizationType, LlamaFileType

    path = Path(path)
    try:
        metadata, tensors = _read_header(path)
    except Exception as exc:  # noqa: BLE001 - a truncated or foreign file: one plain line
        raise GGUFError(f"{path.name} is not a readable GGUF file ({type(exc).__name__}: {exc})") from exc
    arch = str(metadata.get("general.architecture", "?"))
    file_type = ""
    if metadata.get("general.file_type") is not None:
        try:
            file_type = LlamaFileType(int(metadata["general.file_type"])).name
        except ValueError:
            file_type = f"file type {metadata['general.file_type']}"
    info = GGUFInfo(path=path, architecture=arch, file_type=file_type, file_bytes=path.stat().st_size)
    for _name, type_id, n in tensors:
        try:
            type_name = GGMLQuantizationType(type_id).name
        except ValueError:
            type_name = f"type {type_id}"
        info.tensor_types[type_name] += 1
        info.parameters += n
    supported = supported_architectures()
    if arch not in supported:
        raise GGUFError(
            f"{path.name}: GGUF architecture {arch!r} is not supported by transformers "
            f"(supported: {', '.join(supported)})"
        )
    bad = sorted(name for name in info.tensor_types if not _dequantizable(name))
    if bad:
        raise GGUFError(
            f"{path.name}: tensor type(s) {', '.join(bad)} cannot be dequantized by the gguf "
            f"package (supported: {', '.join(supported_types())})"
        )
    return info


def locate_gguf(source: str, gguf_file: str | None = None, revision: str | None = None) -> Path:
    """The local path of a GGUF source: a file on disk, or downloaded (or found in the Hub cache,
    HF_HUB_OFFLINE=1) from a Hub repo."""
    folder, name = split_gguf_source(source, gguf_file)
    if not name:
        raise GGUFError("name the GGUF file: a path ending in .gguf, or a folder/repo and --gguf-file")
    local = Path(os.path.expanduser(folder)) / name
    if local.is_file():
        return local.resolve()
    if Path(os.path.expanduser(folder)).is_dir() or Path(folder).is_absolute() or folder.startswith("."):
        raise GGUFError(f"no GGUF file {name!r} in {folder}")
    from huggingface_hub import hf_hub_download

    return Path(hf_hub_download(folder, name, revision=revision))


def cache_root() -> Path:
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "math-tutor-studio" / "gguf"


def _cache_key(path: Path) -> str:
    st = path.stat()
    return hashlib.sha256(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]


def cache_folder(path: Path, cache_dir: str | Path | None = None) -> Path:
    """Where the GGUF file at `path` is (or will be) converted: one folder per file version."""
    root = Path(cache_dir) if cache_dir else cache_root()
    return root / f"{path.stem}-{_cache_key(path)}"


def memory_note(info: GGUFInfo, precision: str, weight_bytes: int) -> str:
    """What the banner and log say: the file, its type, and what it costs in memory loaded."""
    return (
        f"GGUF {info.path.name} ({info.main_type}, {info.file_bytes / 1e6:,.0f} MB on disk) was "
        f"dequantized and loaded in {precision}: {weight_bytes / 1e6:,.0f} MB of weights in memory "
        f"({weight_bytes / max(info.file_bytes, 1):.1f}x the file)"
    )


def gguf_as_folder(
    source: str,
    gguf_file: str | None = None,
    *,
    revision: str | None = None,
    cache_dir: str | Path | None = None,
) -> tuple[Path, GGUFInfo]:
    """(transformers folder, file info) for a GGUF source, converted once into the cache
    (TUTOR_GGUF_CACHE, default ~/.cache/math-tutor-studio/gguf) and reused while the file is unchanged."""
    import fcntl

    import torch

    path = locate_gguf(source, gguf_file, revision)
    info = inspect_gguf(path)
    out = cache_folder(path, cache_dir)
    root = out.parent
    marker = out / "GGUF_SOURCE.json"
    if marker.is_file():
        return out, info
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f".{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two processes asking at once convert it once
        if not marker.is_file():
            dtype = torch.float32 if info.parameters * 4 <= FP32_LIMIT_BYTES else torch.bfloat16
            log.info("converting GGUF %s (%s) to a transformers folder in %s", path.name, info.main_type, out)
            convert_gguf(str(path.parent), path.name, out, dtype=dtype)
    return out, info


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
    for (
        name,
        buf,
    ) in loaded.named_buffers():  # non-persistent buffers (rotary inv_freq) stay on meta otherwise
        owner, _, attr = name.rpartition(".")
        setattr(model.get_submodule(owner), attr, buf)
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


def use_gguf_base(cfg, out=None) -> bool:
    """A training recipe whose base is a GGUF file (`model: x.gguf`, or `gguf_file:` in a folder
    or Hub repo) trains from the dequantized folder: `cfg.model` becomes that folder. True if so."""
    import sys

    if not is_gguf_source(cfg.model, getattr(cfg, "gguf_file", None)):
        return False
    try:
        folder, info = gguf_as_folder(cfg.model, cfg.gguf_file, revision=cfg.revision)
    except GGUFError:
        raise
    except Exception as exc:  # noqa: BLE001 - a Hub error, no such file: one plain line
        raise GGUFError(
            f"{cfg.model}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        ) from exc
    print(
        f"note: GGUF base {info.path.name} ({info.main_type}, {info.architecture}) is trained from its "
        f"dequantized transformers folder {folder} ({info.parameters:,} parameters)",
        file=out or sys.stderr,
    )
    cfg.model, cfg.gguf_file, cfg.revision = str(folder), None, None
    return True
