"""What every part of the adapter registry shares: the names of the base, the error, the entry
of a loaded adapter, and the limits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

BASE = "base"


PEFT_BASE = "__base__"  # PEFT's name for "no adapter" in a mixed batch (`adapter_names=`)


DEFAULT_MAX_BYTES = 2 * 1024**3  # 2 GB


ADAPTER_FILES = ["adapter_config.json", "adapter_model.safetensors", "README.md"]


DEFAULT_MAX_LOADED = 8


class AdapterError(ValueError):
    """An adapter could not be loaded, found or used; the message says why in plain words."""


@dataclass
class AdapterInfo:
    name: str
    source: str  # Hub id or folder, as given
    revision: str | None
    base: str | None  # the adapter's `base_model_name_or_path`
    rank: int | None
    alpha: float | None
    target_modules: list[str]
    local_dir: str = ""  # where it was loaded from (not "path": clients take that for a file)
    size_bytes: int = 0
    load_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
