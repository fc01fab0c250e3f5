"""Recipes for training runs: the recipe files, the YAML as a mapping, and validation with the
CLI's own validator (tutor.core.train_config); the dry run in a subprocess."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tutor.core.train_config import REPO_ROOT
from tutor.security.text import safe_yaml

RECIPES_DIR = REPO_ROOT / "train" / "recipes"


class JobError(RuntimeError):
    """A job could not be started, stopped, resumed or deleted; the message says why."""


class InvalidConfig(JobError):
    """The CLI's own validation refused the config; `problems` holds its lines."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid config:\n" + "\n".join(self.problems))


def list_recipes() -> list[str]:
    return sorted(p.stem for p in RECIPES_DIR.glob("*.yaml"))


def recipe_text(name: str) -> str:
    path = RECIPES_DIR / f"{Path(name).stem}.yaml"
    if not path.is_file():
        raise JobError(f"no recipe named {name!r} in {RECIPES_DIR}")
    return path.read_text(encoding="utf-8")


def parse_yaml(text: str) -> dict:
    """The YAML as a mapping; InvalidConfig (with the CLI's wording) if it is not one."""
    try:
        raw = safe_yaml(text or "") or {}  # no alias blow-up (a visitor's text)
    except yaml.YAMLError as exc:
        raise InvalidConfig([f"not valid YAML ({str(exc).splitlines()[0]})"]) from exc
    if not isinstance(raw, dict):
        raise InvalidConfig(["expected a mapping of keys at the top level"])
    return raw


def validate_config(text: str, overrides: list[str] | None = None):
    """Validate with the CLI's own validator (tutor.core.train_config); returns the resolved TrainConfig."""
    return _validated(parse_yaml(text), overrides)


@dataclass
class Recipe:
    """A run's YAML, parsed once (`parse`) and validated once (`config()`, cached): the one loaded
    config that the Train tab, the API and the job manager pass along."""

    text: str
    raw: dict  # the mapping as written (paths are checked on it, uploads pinned from it)
    _config: Any = field(default=None, repr=False)

    @classmethod
    def parse(cls, text: str) -> Recipe:
        """InvalidConfig (the CLI's wording) when the text is not a YAML mapping."""
        return cls(text or "", parse_yaml(text))

    def config(self):
        """The resolved TrainConfig, validated with the CLI's own validator; InvalidConfig."""
        if self._config is None:
            self._config = _validated(copy.deepcopy(self.raw))
        return self._config


def _validated(raw: dict, overrides: list[str] | None = None):
    from tutor.core.train_config import ConfigError, build_config, parse_overrides

    try:
        return build_config(raw, parse_overrides(overrides))
    except ConfigError as exc:
        raise InvalidConfig(exc.problems) from exc


def dry_run(text: str, timeout: float = 300) -> tuple[bool, str]:
    """`python -m train --config tmp.yaml --dry-run` in a subprocess: (ok, its output)."""
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        p = subprocess.run(
            [sys.executable, "-m", "train", "--config", path, "--dry-run"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        out = (p.stdout + ("\n" if p.stdout and p.stderr else "") + p.stderr).strip()
        return p.returncode == 0, out
    except subprocess.TimeoutExpired:
        return False, f"the dry run took more than {timeout:.0f} s"
    finally:
        os.unlink(path)
