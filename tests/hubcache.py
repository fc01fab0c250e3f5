"""Lay out a folder as a Hugging Face Hub cache entry (the documented `models--org--name` layout),
so that Hub-id loading runs through huggingface_hub's real code with HF_HUB_OFFLINE=1."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path


def add_to_hub_cache(cache_dir: Path, repo_id: str, source: Path, revision: str = "main") -> Path:
    """Copy the files of `source` into `cache_dir` as repo `repo_id` at `revision`; return the
    snapshot folder. Files are stored as blobs with snapshot symlinks, as huggingface_hub does."""
    repo = Path(cache_dir) / ("models--" + repo_id.replace("/", "--"))
    commit = hashlib.sha1(f"{repo_id}@{revision}".encode()).hexdigest()
    snapshot = repo / "snapshots" / commit
    (repo / "blobs").mkdir(parents=True, exist_ok=True)
    snapshot.mkdir(parents=True, exist_ok=True)
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / revision).write_text(commit)
    for f in Path(source).rglob("*"):
        if not f.is_file():
            continue
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        blob = repo / "blobs" / digest
        if not blob.exists():
            shutil.copyfile(f, blob)
        link = snapshot / f.relative_to(source)
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(Path("../" * (len(f.relative_to(source).parts) + 1)) / "blobs" / digest)
    return snapshot
