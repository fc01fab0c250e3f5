"""Merge a LoRA adapter into its base model and save a standalone model.

    python -m train.merge --adapter runs/X/adapter --output runs/X/merged [--base ID] [--dtype bf16]

The base comes from the adapter's `adapter_config.json` (`base_model_name_or_path`) unless --base is
given. A 4-bit (or 8-bit) base cannot be merged exactly: the base is reloaded in 16-bit for the merge,
and a note says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml


def _trained_quantization(adapter: Path) -> str | None:
    run_config = adapter.parent / "config.yaml"
    if run_config.exists():
        try:
            return (yaml.safe_load(run_config.read_text()) or {}).get("quantization")
        except yaml.YAMLError:
            return None
    return None


def default_dtype() -> str:
    import torch

    if torch.cuda.is_available():
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "fp32"


def merge(
    adapter: str | Path,
    output: str | Path,
    base: str | None = None,
    dtype: str | None = None,
    out=sys.stdout,
    gguf_file: str | None = None,
) -> Path:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    adapter, output = Path(adapter), Path(output)
    cfg_file = adapter / "adapter_config.json"
    if not cfg_file.exists():
        raise FileNotFoundError(f"{adapter} is not an adapter folder (no adapter_config.json)")
    base = base or json.loads(cfg_file.read_text()).get("base_model_name_or_path")
    if not base:
        raise ValueError("the adapter does not name its base model: pass --base")
    from tutor.core.gguf_models import gguf_as_folder, is_gguf_source

    if is_gguf_source(base, gguf_file):  # a GGUF base: merged into its dequantized folder
        folder, info = gguf_as_folder(base, gguf_file)
        print(
            f"note: base {info.path.name} ({info.main_type}) was dequantized to {folder} for the merge",
            file=out,
        )
        base = str(folder)
    dtype = dtype or default_dtype()
    quant = _trained_quantization(adapter)
    if quant in ("4bit", "8bit"):
        print(
            f"note: the adapter was trained on a {quant} base; the base is reloaded in {dtype} for the "
            f"merge (merging into quantized weights is not exact), so the merged model is {dtype}.",
            file=out,
        )
    torch_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[dtype]
    device_map = "auto" if torch.cuda.is_available() else {"": "cpu"}
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch_dtype, device_map=device_map)
    model = PeftModel.from_pretrained(model, str(adapter))
    merged = model.merge_and_unload()
    output.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(str(output), safe_serialization=True)
    tok_src = adapter if (adapter / "tokenizer_config.json").exists() else base
    AutoTokenizer.from_pretrained(str(tok_src)).save_pretrained(str(output))
    # which base it came from, so a GGUF export can reuse the base file's tokenizer metadata
    (output / "MERGED_FROM.json").write_text(json.dumps({"base": str(base), "adapter": str(adapter)}) + "\n")
    print(f"merged {adapter} into {base} ({dtype}) -> {output}", file=out)
    return output


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m train.merge", description=__doc__.splitlines()[0])
    p.add_argument("--adapter", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--base", help="base model id, folder or x.gguf (default: from adapter_config.json)")
    p.add_argument("--gguf-file", help="a GGUF file in the --base folder or Hub repo")
    p.add_argument("--dtype", choices=("bf16", "fp16", "fp32"), help="default: bf16/fp16 on GPU, fp32 on CPU")
    args = p.parse_args(argv)
    try:
        merge(args.adapter, args.output, args.base, args.dtype, gguf_file=args.gguf_file)
    except Exception as exc:  # noqa: BLE001 - one plain line
        print(
            f"merge failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
