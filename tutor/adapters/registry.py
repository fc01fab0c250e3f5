"""LoRA adapters on the already-loaded base model: load (Hub id or folder), list, switch, unload.

No Gradio here. The registry wraps the engine's model with PEFT's multi-adapter `PeftModel` when
the first adapter is loaded (the base model object itself is kept: no reload), and unwraps it when
the last one is unloaded. `activate(name)` is the context manager the engine enters under its lock
for every request, so two requests never mix adapters.

Every load is checked BEFORE the model is touched:

* `adapter_config.json` exists and is LoRA (`peft_type == "LORA"`);
* `adapter_model.safetensors` exists (a pickled `adapter_model.bin` alone is refused), is within
  the size limit, and its header parses;
* the adapter fits the loaded base: same `base_model_name_or_path`, or else the same architecture
  and every LoRA weight's shape fits the base module it targets (a mismatch names both bases).

A load that fails inside PEFT deletes the half-loaded adapter, so the model and the other adapters
stay exactly as they were. Hub ids are fetched with `huggingface_hub.snapshot_download` (only the
adapter files; honours `HF_HUB_OFFLINE` and the cache). `trust_remote_code` is never used.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tutor.security.paths import HUB_ID

log = logging.getLogger(__name__)

BASE = "base"
PEFT_BASE = "__base__"  # PEFT's name for "no adapter" in a mixed batch (`adapter_names=`)
DEFAULT_MAX_BYTES = 2 * 1024**3  # 2 GB
ADAPTER_FILES = ["adapter_config.json", "adapter_model.safetensors", "README.md"]
DEFAULT_MAX_LOADED = 8
# what a Hub repo id looks like (org/name); anything else path-like is a local path


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

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# checks that need no model


def read_safetensors_header(path: Path) -> dict:
    """The tensors of a safetensors file without loading any of them, read with
    `safetensors.safe_open` (which validates the header: JSON, dtypes, offsets that cover the
    file exactly). Returns {tensor name: {"dtype", "shape"}}. Raises AdapterError for a
    truncated or corrupted file."""
    from safetensors import SafetensorError, safe_open

    try:
        with safe_open(str(path), framework="numpy") as f:
            header = {}
            for name in f.keys():
                sl = f.get_slice(name)
                header[name] = {"dtype": sl.get_dtype(), "shape": list(sl.get_shape())}
    except SafetensorError as exc:
        reason = str(exc).removeprefix("Error while deserializing header: ")
        raise AdapterError(f"the header does not parse ({reason})") from None
    except (OSError, ValueError) as exc:
        raise AdapterError(f"the file cannot be read ({type(exc).__name__})") from None
    return header


def read_adapter_config(folder: Path) -> dict:
    cfg_path = folder / "adapter_config.json"
    if not cfg_path.is_file():
        raise AdapterError(f"{folder} has no adapter_config.json, so it is not a PEFT adapter")
    try:
        cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AdapterError(f"adapter_config.json does not parse ({exc})") from exc
    if not isinstance(cfg, dict):
        raise AdapterError("adapter_config.json is not a JSON object")
    peft_type = str(cfg.get("peft_type", "")).upper()
    if peft_type != "LORA":
        raise AdapterError(
            f"this is a {cfg.get('peft_type') or 'unknown'} adapter, not LoRA; "
            "only LoRA adapters can be loaded"
        )
    return cfg


def _model_type_of(base_id: str | None) -> str | None:
    """The `model_type` of an adapter's base model when its config.json is at hand (a local folder
    or the Hub cache); None when unknown. Never downloads."""
    if not base_id:
        return None
    try:
        cand = Path(base_id) / "config.json"
        if not cand.is_file():
            from huggingface_hub import try_to_load_from_cache

            found = try_to_load_from_cache(base_id, "config.json")
            cand = Path(found) if isinstance(found, str) else None
        if cand is not None and cand.is_file():
            return json.loads(cand.read_text()).get("model_type")
    except Exception:  # noqa: BLE001 - unknown is fine
        return None
    return None


def _same_base(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    a, b = str(a).rstrip("/"), str(b).rstrip("/")
    if a == b:
        return True
    try:
        return Path(a).exists() and Path(b).exists() and Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


_LORA_KEY = re.compile(
    r"^(?:base_model\.model\.)?(?P<module>.+)\."
    r"(?P<kind>lora_A|lora_B|lora_embedding_A|lora_embedding_B)"
    r"(?:\.[^.]+)?\.weight$|^(?:base_model\.model\.)?(?P<module2>.+)\."
    r"(?P<kind2>lora_embedding_A|lora_embedding_B)(?:\.[^.]+)?$"
)


def check_fits_base(
    header: dict, base_model, cfg: dict, loaded_name: str, rename: Callable[[str], str | None] | None = None
) -> None:
    """Every LoRA weight must fit the base module it targets; raises AdapterError naming both
    bases on a mismatch. `rename` maps an adapter module name onto the loaded model's (None: the
    weight is not for this model and is skipped; see `check_class_layout`)."""
    adapter_base = cfg.get("base_model_name_or_path") or "unknown"

    def mismatch(why: str) -> AdapterError:
        return AdapterError(
            f"this adapter was made for base model {adapter_base!r}, which does "
            f"not match the loaded base model {loaded_name!r}: {why}"
        )

    lora_keys = 0
    for key, meta in header.items():
        m = _LORA_KEY.match(key)
        if not m:
            continue
        module_name = m.group("module") or m.group("module2")
        kind = m.group("kind") or m.group("kind2")
        if rename is not None:
            module_name = rename(module_name)
            if module_name is None:
                continue
        shape = meta["shape"]
        try:
            module = base_model.get_submodule(module_name)
        except AttributeError:
            raise mismatch(f"the base has no module {module_name!r}") from None
        module = module.get_base_layer() if hasattr(module, "get_base_layer") else module
        lora_keys += 1
        if kind in ("lora_A", "lora_B"):
            in_f = getattr(module, "in_features", None)
            out_f = getattr(module, "out_features", None)
            if in_f is None and hasattr(module, "weight") and module.weight.dim() == 2:
                out_f, in_f = module.weight.shape  # Conv1D-free linear-likes
            if len(shape) != 2 or in_f is None:
                continue
            want = shape[1] if kind == "lora_A" else shape[0]
            have = in_f if kind == "lora_A" else out_f
            if want != have:
                side = "input" if kind == "lora_A" else "output"
                raise mismatch(
                    f"{module_name} has {side} size {have} in the loaded base, the adapter expects {want}"
                )
        else:  # embeddings: A is [r, num_embeddings], B is [embedding_dim, r]
            num, dim = getattr(module, "num_embeddings", None), getattr(module, "embedding_dim", None)
            want = shape[1] if kind == "lora_embedding_A" else shape[0]
            have = num if kind == "lora_embedding_A" else dim
            if have is not None and len(shape) == 2 and want != have:
                raise mismatch(
                    f"{module_name} has size {have} in the loaded base, the adapter expects {want}"
                )
    if lora_keys == 0:
        raise AdapterError("adapter_model.safetensors holds no LoRA weights")


def _module_kinds(header: dict) -> list[str]:
    """The last names of the modules an adapter's LoRA weights are on (for a regex
    `target_modules`, e.g. one limited to the language model: what it selected)."""
    kinds = set()
    for key in header:
        m = _LORA_KEY.match(key)
        if m:
            kinds.add((m.group("module") or m.group("module2")).rsplit(".", 1)[-1])
    return sorted(kinds)


def _class_of(base_id: str | None) -> str | None:
    """The class an adapter's base checkpoint names (config.json `architectures`), when at hand."""
    if not base_id:
        return None
    try:
        cand = Path(base_id) / "config.json"
        if not cand.is_file():
            from huggingface_hub import try_to_load_from_cache

            found = try_to_load_from_cache(base_id, "config.json")
            cand = Path(found) if isinstance(found, str) else None
        if cand is not None and cand.is_file():
            archs = json.loads(cand.read_text()).get("architectures") or []
            return archs[0] if archs else None
    except Exception:  # noqa: BLE001 - unknown is fine
        return None
    return None


@dataclass
class ClassFit:
    """How an adapter's keys meet the loaded model: PEFT's `key_mapping`, a module-name mapping
    for the shape check (None = skip the weight), and notes for the adapter's entry."""

    key_mapping: dict | None = None
    rename: Callable[[str], str | None] | None = None
    notes: list[str] = field(default_factory=list)


def check_class_layout(header: dict, cfg: dict, loaded, base_model, loaded_name: str) -> ClassFit:
    """An adapter trained on the multimodal class (`model.language_model.*` keys, as
    `Gemma3ForConditionalGeneration` names them) loads onto the same kind of base, also when the
    app loaded that base's language model alone (the keys are mapped); an adapter trained on a
    text-only class on a multimodal base, or the reverse, is refused naming both, before the model
    is touched, so it is never half-applied."""
    from tutor.core.architecture import (
        ADAPTER_TEXT_ONLY_KEY_MAPPING,
        is_multimodal_config,
        key_layout,
        tower_of,
    )

    modules = []
    for key in header:
        m = _LORA_KEY.match(key)
        if m:
            modules.append(m.group("module") or m.group("module2"))
    theirs = key_layout(modules)
    language_only = bool(getattr(loaded, "language_model_only", False))
    ours = (
        "multimodal" if language_only or is_multimodal_config(getattr(base_model, "config", None)) else "text"
    )
    loaded_class = getattr(loaded, "checkpoint_class", "") or type(base_model).__name__
    if theirs != ours:
        adapter_base = cfg.get("base_model_name_or_path") or "an unnamed base"
        adapter_class = _class_of(cfg.get("base_model_name_or_path"))

        def describe(layout: str, cls: str | None) -> str:
            if layout == "multimodal":
                return f"a multimodal {cls or 'model'} (LoRA on model.language_model.*)"
            return f"a text-only {cls or 'model'} (LoRA on model.layers.*)"

        loaded_desc = describe(ours, loaded_class)
        if language_only:
            loaded_desc += f", served as its language model {type(base_model).__name__}"
        raise AdapterError(
            f"this adapter was trained on {adapter_base!r}, {describe(theirs, adapter_class)}, but "
            f"the loaded base model {loaded_name!r} is {loaded_desc}: its weights would not line "
            "up with the model's layers, so it is not loaded"
        )
    fit = ClassFit()
    if theirs == "multimodal" and language_only:
        fit.key_mapping = dict(ADAPTER_TEXT_ONLY_KEY_MAPPING)
        vision = sum(1 for name in modules if tower_of(name) == "vision")

        def rename(name: str) -> str | None:
            if tower_of(name) == "vision":
                return None
            return (
                "model." + name[len("model.language_model.") :]
                if name.startswith("model.language_model.")
                else name
            )

        fit.rename = rename
        fit.notes.append(
            f"trained on the multimodal {loaded_class}: its LoRA weights are mapped "
            f"onto the language model, loaded alone ({type(base_model).__name__})"
        )
        if vision:
            fit.notes.append(
                f"{vision // 2} of its LoRA layers are on the vision tower, which this "
                "text-only tutor does not load: those are not used"
            )
    return fit


def adapter_key_mapping(source: str, loaded, model) -> dict | None:
    """PEFT's `key_mapping` for loading the adapter folder `source` onto `model` outside the
    registry (Evaluate): `check_class_layout`'s answer, so a class mismatch is refused the same
    way. None for a Hub id (PEFT fetches it) or an adapter that needs no mapping."""
    folder = Path(str(source))
    if not (folder / "adapter_model.safetensors").is_file():
        return None
    cfg = read_adapter_config(folder)
    header = read_safetensors_header(folder / "adapter_model.safetensors")
    name = getattr(loaded, "source", None) or getattr(getattr(model, "config", None), "_name_or_path", "?")
    return check_class_layout(header, cfg, loaded, model, str(name)).key_mapping


def default_name(source: str, taken: set[str]) -> str:
    """A short unique name: the repo name, or for a training run's `runs/<run>/adapter` the run."""
    p = Path(str(source).rstrip("/"))
    stem = p.parent.name if p.name == "adapter" and p.parent.name else p.name
    stem = re.sub(r"[^\w.-]", "_", stem) or "adapter"
    if stem in (BASE, PEFT_BASE, "default") or stem[0].isdigit():
        stem = f"adapter_{stem}"
    name, k = stem, 1
    while name in taken:
        k += 1
        name = f"{stem}_{k}"
    return name


def _progress_tqdm(callback: Callable[[str], None]):
    """A tqdm class for `snapshot_download(tqdm_class=...)` that reports progress as text."""
    from huggingface_hub.utils import tqdm as hf_tqdm

    class ProgressTqdm(hf_tqdm):
        def update(self, n=1):
            out = super().update(n)
            try:
                total = self.total or 0
                unit = "files" if self.unit != "B" else "MB"
                div = 1024**2 if self.unit == "B" else 1
                done = self.n / div
                msg = f"{self.desc or 'downloading'}: {done:.1f}" + (
                    f"/{total / div:.1f} {unit}" if total else f" {unit}"
                )
                callback(msg)
            except Exception:  # noqa: BLE001 - progress must never break a download
                pass
            return out

    return ProgressTqdm


# ---------------------------------------------------------------------------------------------
# the registry


class AdapterRegistry:
    """LoRA adapters on an `HFEngine`'s model. Attaches itself as `engine.adapters`."""

    def __init__(
        self, engine, max_bytes: int = DEFAULT_MAX_BYTES, max_loaded: int = DEFAULT_MAX_LOADED, roots=None
    ) -> None:
        """`max_loaded`: adapters loaded at once (one more unloads the least recently used one
        that no request is using). `roots`: a `tutor.security.AllowedRoots` that local sources
        must lie in (None: any folder, as on a local run)."""
        self.engine = engine
        self.base_model = engine.loaded.model  # never replaced, never reloaded
        self.base_name = str(engine.loaded.source)
        self.max_bytes = int(max_bytes)
        self.max_loaded = max(1, int(max_loaded))
        self.roots = roots
        self._infos: dict[str, AdapterInfo] = {}
        self._last_used: dict[str, float] = {}
        self._in_use: dict[str, int] = {}  # requests running with each adapter now
        self._use_lock = threading.Lock()
        self.evicted: list[str] = []  # names unloaded to make room, oldest first
        self._peft = None  # the PeftModel once an adapter is loaded
        self._layers = None  # its LoRA layers (cached; reset on every load and unload)
        self._load_lock = threading.Lock()  # one load at a time (checks and downloads too)
        self._key_mappings: dict[str, dict | None] = {}  # folder -> PEFT key_mapping (check())
        self.default: str = BASE  # the selection new sessions start on
        engine.adapters = self

    # -- queries ------------------------------------------------------------------------------

    @property
    def model(self):
        """What to generate with: the PeftModel when adapters are loaded, else the base."""
        return self._peft if self._peft is not None else self.base_model

    def names(self) -> list[str]:
        return list(self._infos)

    def list(self) -> list[AdapterInfo]:
        return list(self._infos.values())

    def choices(self) -> list[str]:
        return [BASE, *self._infos]

    def resolve(self, name_or_source: str | None) -> str:
        """`"base"` (or None/"") or the name of a loaded adapter, given its name or its source."""
        key = (name_or_source or "").strip()
        if key.lower() in ("", BASE, "none", PEFT_BASE):
            return BASE
        if key in self._infos:
            return key
        for info in self._infos.values():
            if (
                key == info.source
                or (info.local_dir and _same_base(key, info.local_dir))
                or (info.revision and key == f"{info.source}@{info.revision}")
            ):
                return info.name
        loaded = ", ".join(self._infos) or "none"
        raise AdapterError(
            f"no adapter named {key!r} is loaded (loaded: {loaded}); load it first or pick 'base'"
        )

    # -- loading ------------------------------------------------------------------------------

    def fetch(
        self, source: str, revision: str | None = None, progress: Callable[[str], None] | None = None
    ) -> Path:
        """A local folder with the adapter's files: `source` itself when it is a folder, else the
        Hub snapshot (only the adapter files)."""
        source = str(source).strip()
        if not source:
            raise AdapterError("give a Hub repo id (org/name) or a folder with adapter_config.json")
        if self.roots is not None and self.roots.enforce:
            return self._fetch_within_roots(source, revision, progress)
        local = Path(source).expanduser()
        if local.is_dir():
            if revision:
                raise AdapterError(f"{source} is a local folder; a revision only applies to Hub repos")
            return local
        if local.suffix == ".json" and local.is_file():
            return local.parent
        if source.startswith((".", "/", "~")) or source.count("/") > 1:
            raise AdapterError(f"no adapter folder {source!r} exists")
        return self._fetch_hub(source, revision, progress)

    def _fetch_within_roots(
        self, source: str, revision: str | None, progress: Callable[[str], None] | None
    ) -> Path:
        """Public app: a local folder only inside the allowed roots, else a Hub id; anything else
        gets the roots' one refusal, whether or not the path exists."""
        from tutor.security.paths import PathRefused

        try:
            real = self.roots.check(source)
        except PathRefused:
            real = None
        if real is not None and real.suffix == ".json" and real.is_file():
            real = real.parent
        if real is not None and real.is_dir():
            if revision:
                raise AdapterError(f"{source} is a local folder; a revision only applies to Hub repos")
            try:
                self.roots.check_tree(
                    real, ["adapter_config.json", "adapter_model.safetensors", "adapter_model.bin"]
                )
            except PathRefused as exc:
                raise AdapterError(str(exc)) from None
            return real
        if HUB_ID.fullmatch(source) and ".." not in source:
            return self._fetch_hub(source, revision, progress)
        raise AdapterError(self.roots.message())

    def _fetch_hub(self, source: str, revision: str | None, progress: Callable[[str], None] | None) -> Path:
        self._precheck_remote(source, revision)
        from huggingface_hub import snapshot_download

        kwargs = {}
        if progress is not None:
            kwargs["tqdm_class"] = _progress_tqdm(progress)
        try:
            path = snapshot_download(
                source, revision=revision or None, allow_patterns=ADAPTER_FILES, **kwargs
            )
        except Exception as exc:  # noqa: BLE001 - explained below
            raise AdapterError(_explain_hub_error(source, revision, exc)) from exc
        return Path(path)

    def _precheck_remote(self, repo_id: str, revision: str | None) -> None:
        """Online only: refuse a repo with no safetensors or an oversized file before
        downloading anything. Offline (or on any lookup failure) the local checks decide."""
        from huggingface_hub import constants

        if constants.HF_HUB_OFFLINE:
            return
        try:
            from huggingface_hub import HfApi

            info = HfApi().model_info(repo_id, revision=revision or None, files_metadata=True)
            files = {s.rfilename: (s.size or 0) for s in (info.siblings or [])}
        except Exception:  # noqa: BLE001 - the download reports the real error
            return
        if "adapter_config.json" not in files:
            raise AdapterError(f"Hub repo {repo_id!r} has no adapter_config.json: it is not a PEFT adapter")
        if "adapter_model.safetensors" not in files:
            raise AdapterError(self._no_safetensors_message(repo_id, any(f.endswith(".bin") for f in files)))
        if files["adapter_model.safetensors"] > self.max_bytes:
            raise AdapterError(self._too_big_message(files["adapter_model.safetensors"]))

    def _no_safetensors_message(self, source: str, has_bin: bool) -> str:
        if has_bin:
            return (
                f"{source} only has a pickled adapter_model.bin; for safety only "
                "adapter_model.safetensors is loaded (re-save it with "
                "save_pretrained(safe_serialization=True))"
            )
        return f"{source} has no adapter_model.safetensors"

    def _too_big_message(self, size: int) -> str:
        return (
            f"adapter_model.safetensors is {size / 1024**2:,.0f} MB, over the limit of "
            f"{self.max_bytes / 1024**2:,.0f} MB"
        )

    def check(self, folder: Path, source: str) -> tuple[dict, dict, list[str]]:
        """All checks that need no change to the model. Returns (config, header, notes)."""
        cfg = read_adapter_config(folder)
        weights = folder / "adapter_model.safetensors"
        if not weights.is_file():
            raise AdapterError(self._no_safetensors_message(source, (folder / "adapter_model.bin").exists()))
        size = weights.stat().st_size
        if size > self.max_bytes:
            raise AdapterError(self._too_big_message(size))
        try:
            header = read_safetensors_header(weights)
        except AdapterError as exc:
            raise AdapterError(f"adapter_model.safetensors is not a valid safetensors file: {exc}") from None
        adapter_base = cfg.get("base_model_name_or_path")
        loaded = getattr(self.engine, "loaded", None)
        fit = check_class_layout(header, cfg, loaded, self.base_model, self.base_name)
        notes: list[str] = list(fit.notes)
        if not _same_base(adapter_base, self.base_name):
            ours = getattr(loaded, "checkpoint_model_type", "") or getattr(
                self.base_model.config, "model_type", None
            )
            theirs = _model_type_of(adapter_base)
            if theirs is not None and ours is not None and theirs != ours:
                raise AdapterError(
                    f"this adapter was made for base model {adapter_base!r} ({theirs}), which "
                    f"does not match the loaded base model {self.base_name!r} ({ours})"
                )
            check_fits_base(header, self.base_model, cfg, self.base_name, fit.rename)
            notes.append(
                f"made for {adapter_base or 'an unnamed base'}; its LoRA weights fit "
                f"the loaded {self.base_name}"
            )
        else:
            check_fits_base(header, self.base_model, cfg, self.base_name, fit.rename)
        self._key_mappings[str(folder)] = fit.key_mapping
        return cfg, header, notes

    def load(
        self,
        source: str,
        revision: str | None = None,
        name: str | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> AdapterInfo:
        """Load a LoRA adapter (Hub id or folder) onto the base; returns its entry. An adapter
        from the same source and revision that is already loaded is returned as it is."""
        revision = (revision or "").strip() or None
        source = str(source or "").strip()
        with self._load_lock:
            for info in self._infos.values():
                if info.source == source and info.revision == revision:
                    return info
            started = time.perf_counter()
            folder = self.fetch(source, revision, progress)
            cfg, header, notes = self.check(folder, source)
            if name is not None:
                name = name.strip()
                if not re.fullmatch(r"[\w.-]{1,64}", name) or name in (BASE, PEFT_BASE):
                    raise AdapterError(f"{name!r} is not a usable adapter name")
                if name in self._infos:
                    raise AdapterError(f"an adapter named {name!r} is already loaded")
            else:
                name = default_name(source, set(self._infos))
            self._make_room()
            if progress:
                progress(f"loading {name} onto the base model")
            with self.engine.lock:  # no generation runs while the model changes
                self._layers = None
                self._attach(folder, name)
            target = cfg.get("target_modules")
            info = AdapterInfo(
                name=name,
                source=source,
                revision=revision,
                base=cfg.get("base_model_name_or_path"),
                rank=cfg.get("r"),
                alpha=cfg.get("lora_alpha"),
                target_modules=sorted(target)
                if isinstance(target, list)
                else (_module_kinds(header) if target else []),
                local_dir=str(folder),
                size_bytes=(folder / "adapter_model.safetensors").stat().st_size,
                load_seconds=time.perf_counter() - started,
                notes=notes,
            )
            self._infos[name] = info
            self._last_used[name] = time.monotonic()
            log.info("loaded adapter %s from %s in %.2fs", name, source, info.load_seconds)
            return info

    def _make_room(self) -> None:
        """At `max_loaded` adapters, unload the least recently used one that no request is
        using and that is not the default; refuse when every one is in use."""
        while len(self._infos) >= self.max_loaded:
            idle = [n for n in self._infos if not self._in_use.get(n) and n != self.default]
            if not idle:
                raise AdapterError(
                    f"{len(self._infos)} adapters are loaded, the most this app allows "
                    f"(--max-adapters {self.max_loaded}), and each is in use or the default; "
                    "try again when a request has finished, or unload one"
                )
            victim = min(idle, key=lambda n: self._last_used.get(n, 0.0))
            log.info("unloading adapter %s (least recently used) to make room", victim)
            self._unload_locked(victim)
            self.evicted.append(victim)

    def _attach(self, folder: Path, name: str) -> None:
        from peft import PeftModel

        key_mapping = self._key_mappings.pop(str(folder), None)
        if self._peft is None:
            try:
                peft_model = PeftModel.from_pretrained(
                    self.base_model,
                    str(folder),
                    adapter_name=name,
                    is_trainable=False,
                    key_mapping=key_mapping,
                )
            except Exception as exc:
                _strip_tuner_layers(self.base_model)
                raise AdapterError(
                    f"PEFT could not load the adapter: {type(exc).__name__}: {str(exc)[:300]}"
                ) from exc
            peft_model.eval()
            self._peft = peft_model
            self.engine.model = peft_model
            return
        previous = self._peft.active_adapter
        try:
            self._peft.load_adapter(
                str(folder), adapter_name=name, is_trainable=False, key_mapping=key_mapping
            )
        except Exception as exc:
            if name in self._peft.peft_config:
                with contextlib.suppress(Exception):
                    self._peft.delete_adapter(name)
            _strip_tuner_layers(self.base_model, only_empty=True)
            with contextlib.suppress(Exception):
                self._peft.set_adapter(previous, inference_mode=True)
            raise AdapterError(
                f"PEFT could not load the adapter: {type(exc).__name__}: {str(exc)[:300]}"
            ) from exc
        self._peft.eval()

    def unload(self, name_or_source: str) -> None:
        """Delete an adapter and free its memory; the last one unwraps the base model."""
        name = self.resolve(name_or_source)
        if name == BASE:
            raise AdapterError("the base model cannot be unloaded")
        with self._load_lock:
            self._unload_locked(name)

    def _unload_locked(self, name: str) -> None:
        with self.engine.lock:
            if self._in_use.get(name):
                raise AdapterError(f"adapter {name!r} is in use by a running request")
            self._layers = None
            if len(self._infos) == 1:
                self._peft.unload()  # removes the LoRA layers; the base weights stay as they were
                self._peft = None
                self.engine.model = self.base_model
            else:
                self._peft.delete_adapter(name)
                _strip_tuner_layers(self.base_model, only_empty=True)
            del self._infos[name]
            self._last_used.pop(name, None)
            self._in_use.pop(name, None)
            if self.default == name:
                self.default = BASE
        import gc

        gc.collect()

    # -- use ----------------------------------------------------------------------------------

    @contextlib.contextmanager
    def activate(self, name_or_source: str | None) -> Iterator[str]:
        """Make one adapter (or the base) the one the model runs with. Enter it with the engine's
        lock held; yields the resolved name."""
        name = self.resolve(name_or_source)
        with self.hold([name]):
            yield from self._activate(name)

    @contextlib.contextmanager
    def hold(self, names: list[str]) -> Iterator[list[str]]:
        """Mark adapters in use (a comparison, an evaluation, a request) so they are not
        unloaded to make room meanwhile; yields the resolved names."""
        resolved = [self.resolve(n) for n in names]
        now = time.monotonic()
        with self._use_lock:
            for n in resolved:
                if n != BASE:
                    self._in_use[n] = self._in_use.get(n, 0) + 1
                    self._last_used[n] = now
        try:
            yield resolved
        finally:
            with self._use_lock:
                for n in resolved:
                    if n != BASE and n in self._in_use:
                        self._in_use[n] = max(0, self._in_use[n] - 1)

    def _activate(self, name: str) -> Iterator[str]:
        peft_model = self._peft
        if peft_model is None:
            yield BASE
            return
        layers = self._fast_layers()
        if name == BASE:
            if layers is None:
                with peft_model.disable_adapter():
                    yield BASE
                return
            for layer in layers:  # what disable_adapter() does, without walking the model
                layer._disable_adapters = True
            try:
                yield BASE
            finally:
                for layer in layers:
                    layer._disable_adapters = False
            return
        if layers is None:
            peft_model.set_adapter(name, inference_mode=True)
        elif peft_model.active_adapter != name:
            # PEFT's set_adapter walks every module and resets requires_grad (all False here,
            # inference only); setting the active adapter on the cached LoRA layers is the same.
            for layer in layers:
                layer._active_adapter = [name]
            peft_model.base_model.active_adapter = name
            peft_model.active_adapter = name
        yield name

    def _fast_layers(self):
        """The LoRA layers, cached per load/unload, when switching can just flip their flags
        (plain LoRA: no modules_to_save or trainable tokens, PEFT internals as expected)."""
        if self._layers is None:
            from peft.tuners.tuners_utils import BaseTunerLayer

            # layers injected by a later load start on that adapter: bring all in line first
            active = self._peft.active_adapter
            if isinstance(active, str) and active in self._peft.peft_config:
                self._peft.set_adapter(active, inference_mode=True)
            layers = [m for m in self._peft.modules() if isinstance(m, BaseTunerLayer)]
            plain = all(
                not getattr(c, "modules_to_save", None) and not getattr(c, "trainable_token_indices", None)
                for c in self._peft.peft_config.values()
            )
            ok = (
                plain
                and layers
                and all(hasattr(m, "_disable_adapters") and hasattr(m, "_active_adapter") for m in layers)
            )
            self._layers = layers if ok else False
        return self._layers or None

    def peft_names(self, names: list[str]) -> list[str]:
        """Row names for PEFT's mixed-batch `adapter_names=` ("__base__" for the base)."""
        return [PEFT_BASE if n == BASE else n for n in (self.resolve(x) for x in names)]

    @staticmethod
    def scan_runs(runs_dir: str | Path) -> list[Path]:
        """Adapter folders of training runs: any folder under `runs_dir` (two levels deep) holding
        adapter_config.json, newest first."""
        root = Path(runs_dir)
        if not root.is_dir():
            return []
        found = {
            p.parent
            for pattern in ("*/adapter_config.json", "*/*/adapter_config.json")
            for p in root.glob(pattern)
        }
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _strip_tuner_layers(model, only_empty: bool = False) -> None:
    """Undo a half-finished PEFT injection: put every LoRA layer's base layer back (with
    `only_empty`, only layers that hold no adapter any more, as `delete_adapter` leaves them)."""
    try:
        from peft.tuners.tuners_utils import BaseTunerLayer
    except ImportError:
        return
    for name, module in list(model.named_modules()):
        if (
            only_empty
            and isinstance(module, BaseTunerLayer)
            and any(len(getattr(module, attr, {}) or {}) for attr in module.adapter_layer_names)
        ):
            continue
        if isinstance(module, BaseTunerLayer) and name:
            parent_name, _, child = name.rpartition(".")
            parent = model.get_submodule(parent_name) if parent_name else model
            setattr(parent, child, module.get_base_layer())
    if hasattr(model, "peft_config") and not only_empty:
        with contextlib.suppress(Exception):
            del model.peft_config


def _explain_hub_error(repo_id: str, revision: str | None, exc: Exception) -> str:
    """A plain sentence for a failed Hub fetch, from huggingface_hub's exception types."""
    from huggingface_hub import errors as hf

    at = f"{repo_id}@{revision}" if revision else repo_id
    try:
        import httpx

        network: tuple[type[BaseException], ...] = (ConnectionError, httpx.TransportError)
    except ImportError:  # pragma: no cover - httpx comes with huggingface_hub
        network = (ConnectionError,)
    if isinstance(exc, hf.RevisionNotFoundError):
        hint = f"the Hub repo has no revision {revision!r}"
    elif isinstance(exc, (hf.GatedRepoError, hf.DisabledRepoError)):
        hint = "the repo is private or gated: set HF_TOKEN with access to it"
    elif isinstance(exc, hf.RepositoryNotFoundError):
        hint = "no such adapter repo on the Hub (and no such folder on disk)"
    elif isinstance(exc, (hf.LocalEntryNotFoundError, hf.OfflineModeIsEnabled, *network)):
        hint = "no network and the adapter is not in the local Hugging Face cache"
    elif isinstance(exc, hf.HFValidationError):
        hint = "this is not a valid Hub repo id (org/name)"
    elif isinstance(exc, hf.HfHubHTTPError):
        hint = "the Hub answered with an error"
    else:
        hint = "see the log for details"
    first = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"could not fetch adapter {at!r}: {hint} ({type(exc).__name__}: {first})"
