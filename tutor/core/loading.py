"""Load a causal LM and its tokenizer from a Hub id or a local folder (no Gradio here).

Precision is one of: "4bit" (NF4 + double quantization, bitsandbytes), "8bit", "bf16", "fp16",
"fp32" or "auto" (bf16 on a GPU that supports it, else fp16 on GPU, fp32 on CPU). The Hub token is
read from `HF_TOKEN` by huggingface_hub itself; it is never passed around, printed or logged.
`trust_remote_code` is never set.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

PRECISIONS = ("auto", "4bit", "8bit", "bf16", "fp16", "fp32")


class ModelLoadError(RuntimeError):
    """A model could not be loaded; the message says which and why, in plain words."""


@dataclass
class LoadedModel:
    model: object
    tokenizer: object
    source: str
    device: str
    precision: str
    checkpoint_class: str = ""  # the class the checkpoint names (config.json `architectures`)
    checkpoint_model_type: str = ""
    language_model_only: bool = False  # a multimodal checkpoint's language model, loaded alone
    note: str = ""  # said once at start-up (the banner/log): how it was loaded
    processor: object = None  # a multimodal model loaded whole: its processor (pictures)
    gguf_file: str | None = None  # a GGUF source: the file's name (source is its folder or repo)
    folder: str = ""  # a GGUF source: the transformers folder it was converted to

    @property
    def name(self) -> str:
        if self.gguf_file:
            return Path(self.gguf_file).name
        folder = Path(self.source)
        if not folder.exists():
            return self.source
        # a folder converted from a GGUF file (runs/.real-model): say which model, not the folder
        for marker, key in (("REAL_MODEL.json", "model"), ("GGUF_SOURCE.json", "gguf_file")):
            try:
                named = json.loads((folder / marker).read_text(encoding="utf-8")).get(key)
            except (OSError, ValueError, AttributeError):
                continue
            if isinstance(named, str) and named.strip():
                return Path(named.strip()).name
        return folder.name


def resolve_device(device: str = "auto") -> str:
    import torch

    if device != "auto":
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def resolve_precision(precision: str, device: str) -> str:
    import torch

    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; choose one of {', '.join(PRECISIONS)}")
    if precision != "auto":
        return precision
    if device.startswith("cuda"):
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "fp32"


def compute_dtype(device: str):
    """The dtype for 4-bit compute and mixed precision: bf16 where supported, else fp16 (GPU) / fp32."""
    import torch

    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    return torch.bfloat16 if device == "cpu" else torch.float32


def quantization_config(precision: str, device: str):
    from transformers import BitsAndBytesConfig

    if precision == "4bit":
        return BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=compute_dtype(device),
        )
    if precision == "8bit":
        return BitsAndBytesConfig(load_in_8bit=True)
    return None


def torch_dtype(precision: str):
    import torch

    return {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}.get(precision)


def load_tokenizer(source: str, *, revision: str | None = None):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source, revision=revision)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(
    source: str,
    *,
    precision: str = "auto",
    device: str = "auto",
    revision: str | None = None,
    text_only: bool = True,
    gguf_file: str | None = None,
) -> LoadedModel:
    """Load `source` (Hub id or folder). Raises ModelLoadError with a plain-words reason.

    A GGUF file (`source` ending in .gguf, or a folder / Hub repo and `gguf_file`) is checked,
    dequantized once into a transformers folder (tutor.core.gguf_models.gguf_as_folder) and
    loaded from there like any folder, at the precision asked for; the note says what it costs.

    A multimodal checkpoint (google/gemma-3-4b-it: `Gemma3ForConditionalGeneration`) is loaded
    for a text-only tutor as its language model alone (`Gemma3ForCausalLM` from the checkpoint's
    `text_config`, the weights renamed from `model.language_model.*`), as transformers' Gemma 3
    docs advise: the vision tower is neither read nor quantized. The load is checked: if any
    language-model weight were missing, the full class is loaded instead and the note says so.
    """
    from transformers import AutoConfig, AutoModelForCausalLM

    from tutor.core.architecture import checkpoint_class, is_multimodal_config

    device = resolve_device(device)
    precision = resolve_precision(precision, device)
    kwargs: dict = {"revision": revision}
    qconfig = quantization_config(precision, device)
    if qconfig is not None:
        kwargs["quantization_config"] = qconfig
        kwargs["device_map"] = {"": 0} if device.startswith("cuda") else {"": "cpu"}
    else:
        kwargs["dtype"] = torch_dtype(precision)
        kwargs["device_map"] = {"": device}
    note = ""
    folder, gguf = _gguf_folder(source, gguf_file, revision)
    if folder is not None:
        kwargs["revision"] = revision = None
    path = str(folder) if folder is not None else source
    try:
        tokenizer = load_tokenizer(path, revision=revision)
        config = AutoConfig.from_pretrained(path, revision=revision)
        model = None
        if text_only and is_multimodal_config(config):
            model, note = _load_language_model(path, config, kwargs)
        if model is None:
            model = AutoModelForCausalLM.from_pretrained(path, **kwargs)
        processor = None
        if not text_only and is_multimodal_config(config):  # pictures for the model (--vision)
            from tutor.engine.vision import load_processor

            processor = load_processor(path, revision=revision)
            note = (
                "multimodal: loaded whole with its processor; pictures go to the model" if processor else note
            )
    except Exception as exc:  # noqa: BLE001 - turned into a plain message below
        raise ModelLoadError(explain_load_error(source, exc)) from exc
    model.eval()
    release_freed_heap()
    if gguf is not None:
        from tutor.core.gguf_models import memory_note

        note = memory_note(gguf, precision, model.get_memory_footprint())
    log.info("loaded %s on %s (%s)%s", source, device, precision, f"; {note}" if note else "")
    return LoadedModel(
        model=model,
        tokenizer=tokenizer,
        source=str(source),
        device=device,
        precision=precision,
        checkpoint_class=checkpoint_class(config),
        checkpoint_model_type=getattr(config, "model_type", "") or "",
        language_model_only=note.startswith("text-only:"),
        note=note,
        processor=processor,
        gguf_file=gguf.path.name if gguf is not None else None,
        folder=str(folder or ""),
    )


def _gguf_folder(source: str, gguf_file: str | None, revision: str | None):
    """(converted folder, GGUFInfo) for a GGUF source, (None, None) for any other source."""
    from tutor.core.gguf_models import GGUFError, gguf_as_folder, is_gguf_source

    if not is_gguf_source(source, gguf_file):
        return None, None
    try:
        return gguf_as_folder(source, gguf_file, revision=revision)
    except GGUFError as exc:
        raise ModelLoadError(f"could not load model {source!r}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a Hub error, a full disk: one plain line
        raise ModelLoadError(explain_load_error(source, exc)) from exc


def _load_language_model(source: str, config, kwargs: dict):
    """(model, note): the language model of a multimodal checkpoint alone, or (None, why not)."""
    from transformers import AutoModelForCausalLM

    from tutor.core.architecture import TEXT_ONLY_KEY_MAPPING, checkpoint_class

    full = checkpoint_class(config)
    vision = getattr(config.vision_config, "model_type", "vision")
    try:
        model, info = AutoModelForCausalLM.from_pretrained(
            source,
            config=config.text_config,
            key_mapping=TEXT_ONLY_KEY_MAPPING,
            output_loading_info=True,
            **kwargs,
        )
    except (ValueError, KeyError) as exc:  # no causal-LM class for the text config
        return None, (
            f"{full} loaded whole (its language model cannot be loaded alone: "
            f"{type(exc).__name__}); the {vision} vision tower is frozen and unused"
        )
    tied = {"lm_head.weight"} if getattr(config.text_config, "tie_word_embeddings", True) else set()
    missing = [k for k in info.get("missing_keys", []) if k not in tied]
    if missing:
        del model
        return None, (
            f"{full} loaded whole: loading its language model alone left "
            f"{len(missing)} weights unread (e.g. {missing[0]}); the {vision} vision "
            "tower is frozen and unused"
        )
    return model, (
        f"text-only: loaded the language model of {full} alone as "
        f"{type(model).__name__}; the {vision} vision tower and the multimodal "
        "projector are not loaded (this tutor takes text only)"
    )


def release_freed_heap() -> bool:
    """Hand memory that loading freed back to the OS (glibc's `malloc_trim`). Quantizing to 4-bit
    on CPU frees several times the model's 4-bit size in temporaries that glibc otherwise keeps in
    the process (measured right after loading a 222M-parameter model: RSS 1,383 -> 852 MiB;
    bench/bench_memory.py). A no-op off Linux/glibc."""
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return False


def explain_load_error(source: str, exc: Exception) -> str:
    """One line that says why `source` could not be loaded, with the usual fix (the Hub's cases
    from huggingface_hub's error types, see tutor.core.hub)."""
    import torch

    from tutor.core.hub import HUB_HINTS, causes, hub_error_kind

    text = f"{type(exc).__name__}: {exc}"
    kind = hub_error_kind(exc)
    if kind == "not_found" or kind == "bad_id":
        hint = "no such model on the Hub or folder on disk"
    elif kind == "offline":
        hint = "no network and the weights are not in the local Hugging Face cache"
    elif kind is not None:
        hint = HUB_HINTS[kind]
    elif any(isinstance(err, torch.OutOfMemoryError) for err in causes(exc)):
        hint = "not enough GPU memory: try --load-in-4bit or a smaller model"
    else:
        hint = "see the log for details"
    first = text.splitlines()[0][:300]
    return f"could not load model {source!r}: {hint} ({first})"
