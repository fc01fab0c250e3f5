"""Push an adapter folder (weights, tokenizer, model card README.md) to the Hugging Face Hub.

    python -m train.push --adapter runs/X/adapter --repo USER/NAME [--private]

The token is resolved by huggingface_hub itself (HF_TOKEN, or `hf auth login`); it is never read,
printed or logged here.
"""

from __future__ import annotations

import argparse
import sys

from tutor.core.hub import push_adapter

__all__ = ["main", "push_adapter"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m train.push", description=__doc__.splitlines()[0])
    p.add_argument("--adapter", required=True)
    p.add_argument("--repo", required=True, help="USER/NAME")
    p.add_argument("--private", action="store_true")
    args = p.parse_args(argv)
    try:
        url = push_adapter(args.adapter, args.repo, private=args.private)
    except Exception as exc:  # noqa: BLE001 - one plain line, never the token
        print(
            f"push failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}",
            file=sys.stderr,
        )
        return 1
    print(f"pushed {args.adapter} to {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
