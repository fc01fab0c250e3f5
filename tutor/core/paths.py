"""Where the project lies on disk: the one definition of the repository's root, which the app,
the training CLI (train/ may import tutor.core only) and the benches share."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
