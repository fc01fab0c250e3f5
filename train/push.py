"""Push an adapter folder (weights, tokenizer, model card README.md) to the Hugging Face Hub.

    python -m train.push --adapter runs/X/adapter --repo USER/NAME [--private]

The token is resolved by huggingface_hub itself (HF_TOKEN, or `hf auth login`); it is never read,
printed or logged here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def push_adapter(adapter: str | Path, repo: str, private: bool = True,
                 commit_message: str = "Upload LoRA adapter (Math Tutor Studio)") -> str:
    from huggingface_hub import HfApi

    adapter = Path(adapter)
    if not (adapter / "adapter_config.json").exists():
        raise FileNotFoundError(f"{adapter} is not an adapter folder (no adapter_config.json)")
    if "/" not in repo:
        raise ValueError(f"--repo must be USER/NAME (got {repo!r})")
    api = HfApi()
    api.create_repo(repo_id=repo, repo_type="model", private=private, exist_ok=True)
    api.upload_folder(folder_path=str(adapter), repo_id=repo, repo_type="model", commit_message=commit_message,
                      ignore_patterns=["*.bin", "optimizer.pt", "scheduler.pt", "rng_state*"])
    return f"https://huggingface.co/{repo}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m train.push", description=__doc__.splitlines()[0])
    p.add_argument("--adapter", required=True)
    p.add_argument("--repo", required=True, help="USER/NAME")
    p.add_argument("--private", action="store_true")
    args = p.parse_args(argv)
    try:
        url = push_adapter(args.adapter, args.repo, private=args.private)
    except Exception as exc:  # noqa: BLE001 - one plain line, never the token
        print(f"push failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr)
        return 1
    print(f"pushed {args.adapter} to {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
