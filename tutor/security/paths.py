"""Allowed roots: the only local folders a visitor's path may name on a public deployment.

A path is resolved the way the OS would open it (`~` expanded, `..` and every symlink followed)
and must then lie inside one of the roots, themselves resolved the same way. So `runs/../../etc`,
`/etc/passwd`, a symlink inside the runs folder that points elsewhere, and a folder whose files are
symlinks out of it are all refused. Every refusal is the same sentence, whether the path exists
or not, so the answers tell nothing about the server's files.

Local runs (not public) are not restricted: `enforce=False` lets every path through."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path


class PathRefused(ValueError):
    """A path outside the allowed roots (or not a usable path at all)."""


MAX_PATH_CHARS = 1024
HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")  # org/name, as the Hub spells repo ids


class AllowedRoots:
    def __init__(self, roots: Sequence[tuple[str, str | os.PathLike]], enforce: bool = True) -> None:
        """`roots`: (label shown to visitors, folder) pairs, e.g. ("the runs folder", "runs")."""
        self.enforce = bool(enforce)
        self.labels = [label for label, _ in roots]
        self._roots = []
        for _, folder in roots:
            try:
                self._roots.append(Path(os.path.realpath(os.path.expanduser(str(folder)))))
            except (OSError, ValueError):
                continue

    def message(self) -> str:
        return (
            "Local paths are read only from this app's allowed folders ("
            + ", ".join(self.labels)
            + "), and this path is not one of their files or "
            "folders. Use a path inside them, or a Hugging Face Hub id (org/name)."
        )

    def refuse(self) -> PathRefused:
        return PathRefused(self.message())

    def inside(self, path: str | os.PathLike, base: str | os.PathLike | None = None) -> bool:
        try:
            return self.check(path, base) is not None
        except PathRefused:
            return False

    def check(self, path: str | os.PathLike, base: str | os.PathLike | None = None) -> Path:
        """The resolved path, when it lies inside an allowed root (or nothing is enforced);
        raises PathRefused otherwise. `base`: what a relative path is relative to (the working
        folder when None)."""
        text = os.fspath(path)
        if not self.enforce:
            p = Path(os.path.expanduser(text))
            return p if p.is_absolute() or base is None else Path(base) / p
        if not text.strip() or len(text) > MAX_PATH_CHARS or "\x00" in text or "://" in text:
            raise self.refuse()
        p = Path(os.path.expanduser(text))
        if not p.is_absolute() and base is not None:
            p = Path(base) / p
        try:
            real = Path(os.path.realpath(p))
        except (OSError, ValueError):
            raise self.refuse() from None
        if not any(real == root or real.is_relative_to(root) for root in self._roots):
            raise self.refuse()
        return real

    def check_source(self, source: str) -> Path | None:
        """An adapter or dataset source from a visitor: the resolved folder or file when it lies
        inside a root, None when it is a Hub id (org/name) that is not a local path here; the one
        refusal otherwise, whether or not the path exists."""
        try:
            return self.check(source)
        except PathRefused:
            pass
        if HUB_ID.fullmatch(source) and ".." not in source and not source.startswith((".", "~")):
            return None
        raise self.refuse()

    def check_tree(self, folder: str | os.PathLike, names: list[str]) -> None:
        """Each of `names` inside `folder`, where it exists, must resolve inside a root too (a file
        may be a symlink out of an allowed folder)."""
        if not self.enforce:
            return
        for name in names:
            f = Path(folder) / name
            if f.exists() or f.is_symlink():
                self.check(f)
