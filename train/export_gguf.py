"""Merge a LoRA adapter into its base and write the result as a GGUF file for llama.cpp / Ollama.

    python -m train.export_gguf --adapter runs/X/adapter --output runs/X/model-q8_0.gguf --type q8_0
    python -m train.export_gguf --model runs/.real-model --output smollm2-f16.gguf     # no adapter

The merge is train.merge's (the base reloaded in fp32 when the adapter was trained in 4-bit); the
file is written by tutor.core.gguf_export (the gguf package's writer, name map and quantizers).
The Train tab's export section runs this CLI (tutor.jobs.gguf_export).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from tutor.core.gguf_export import OUT_TYPES, export_gguf


def export_adapter(
    adapter: str | Path | None,
    output: str | Path,
    out_type: str = "f16",
    *,
    model: str | Path | None = None,
    base: str | None = None,
    gguf_file: str | None = None,
    out=sys.stdout,
) -> Path:
    """Write `output` (.gguf): the adapter merged into its base, or `model` (a folder) as it is."""
    output = Path(output)
    if output.suffix.lower() != ".gguf":
        raise ValueError(f"the output file should end in .gguf (got {output.name})")
    if adapter is None:
        if model is None:
            raise ValueError("give an adapter to merge, or a model folder")
        path = export_gguf(model, output, out_type)
    else:
        from train.merge import merge

        output.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".merge-", dir=output.parent))
        try:  # fp32 merge: the file's own type is chosen by out_type
            merge(adapter, work, base, "fp32", out=out, gguf_file=gguf_file)
            path = export_gguf(work, output, out_type, name=Path(adapter).parent.name or Path(adapter).name)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {path} ({out_type}, {path.stat().st_size / 1e6:,.0f} MB)", file=out)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m train.export_gguf", description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--adapter", help="LoRA adapter folder (merged into its base first)")
    src.add_argument("--model", help="a transformers folder to write as it is")
    p.add_argument("--output", required=True, help="the .gguf file to write")
    p.add_argument("--type", default="f16", choices=OUT_TYPES, help="tensor type of the 2-D weights")
    p.add_argument("--base", help="the adapter's base (default: from adapter_config.json); x.gguf works")
    p.add_argument("--gguf-file", help="a GGUF base file in the --base folder or Hub repo")
    args = p.parse_args(argv)
    try:
        export_adapter(
            args.adapter, args.output, args.type, model=args.model, base=args.base, gguf_file=args.gguf_file
        )
    except Exception as exc:  # noqa: BLE001 - one plain line
        print(
            f"export failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
