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
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tutor.adapters.attach import AdapterSwitch, attach, detach
from tutor.adapters.checks import (  # noqa: F401 - the registry's public names, re-exported
    ClassFit,
    adapter_key_mapping,
    check_class_layout,
    check_fits_base,
    model_type_of,
    module_kinds,
    read_adapter_config,
    read_safetensors_header,
    same_base,
)
from tutor.adapters.fetch import AdapterFetcher
from tutor.adapters.info import (  # noqa: F401 - re-exported
    ADAPTER_FILES,
    BASE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_LOADED,
    PEFT_BASE,
    AdapterError,
    AdapterInfo,
)

log = logging.getLogger(__name__)


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


def _weights_stamp(folder: str) -> tuple[int, int] | None:
    """(mtime in ns, size) of a folder's adapter_model.safetensors; None when it cannot be read."""
    try:
        st = (Path(folder) / "adapter_model.safetensors").stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


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
        self._switch = AdapterSwitch()  # switches adapters (its LoRA layers reset on every load and unload)
        self._load_lock = threading.Lock()  # one load at a time (checks and downloads too)
        self._key_mappings: dict[str, dict | None] = {}  # folder -> PEFT key_mapping (check())
        self._weights_seen: dict[str, tuple[int, int] | None] = {}  # name -> its weights file as loaded
        self.default: str = BASE  # the selection new sessions start on
        self.revision = 0  # moves on every load and unload (what remembered model states key on)
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
                or (info.local_dir and same_base(key, info.local_dir))
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
        return self._fetcher().fetch(source, revision, progress)

    def _fetcher(self) -> AdapterFetcher:  # `roots` may be set after construction (AppContext)
        return AdapterFetcher(self.roots, self.max_bytes)

    def check(self, folder: Path, source: str) -> tuple[dict, dict, list[str]]:
        """All checks that need no change to the model. Returns (config, header, notes)."""
        cfg = read_adapter_config(folder)
        weights = folder / "adapter_model.safetensors"
        if not weights.is_file():
            raise AdapterError(
                AdapterFetcher(self.roots, self.max_bytes).no_safetensors_message(
                    source, (folder / "adapter_model.bin").exists()
                )
            )
        size = weights.stat().st_size
        if size > self.max_bytes:
            raise AdapterError(self._fetcher().too_big_message(size))
        try:
            header = read_safetensors_header(weights)
        except AdapterError as exc:
            raise AdapterError(f"adapter_model.safetensors is not a valid safetensors file: {exc}") from None
        adapter_base = cfg.get("base_model_name_or_path")
        loaded = getattr(self.engine, "loaded", None)
        fit = check_class_layout(header, cfg, loaded, self.base_model, self.base_name)
        notes: list[str] = list(fit.notes)
        if not same_base(adapter_base, self.base_name):
            ours = getattr(loaded, "checkpoint_model_type", "") or getattr(
                self.base_model.config, "model_type", None
            )
            theirs = model_type_of(adapter_base)
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
        from the same source and revision that is already loaded is returned as it is, unless
        its weights file changed since (a stopped run resumed to done rewrites its adapter/):
        then the new weights replace the old ones under the same name."""
        revision = (revision or "").strip() or None
        source = str(source or "").strip()
        with self._load_lock:
            stale = None
            for info in self._infos.values():
                if info.source == source and info.revision == revision:
                    if _weights_stamp(info.local_dir) in (self._weights_seen.get(info.name), None):
                        return info
                    stale = info
                    break
            started = time.perf_counter()
            folder = self.fetch(source, revision, progress)
            cfg, header, notes = self.check(folder, source)
            stamp = _weights_stamp(str(folder))
            if stale is not None and name is None:
                name = stale.name  # the same adapter, new weights: it keeps its name
            if name is not None:
                name = name.strip()
                if not re.fullmatch(r"[\w.-]{1,64}", name) or name in (BASE, PEFT_BASE):
                    raise AdapterError(f"{name!r} is not a usable adapter name")
                if name in self._infos and (stale is None or name != stale.name):
                    raise AdapterError(f"an adapter named {name!r} is already loaded")
            else:
                name = default_name(source, set(self._infos))
            was_default = False
            if stale is not None:  # after the checks: a broken rewrite keeps the old weights serving
                was_default = self.default == stale.name
                log.info("adapter %s changed on disk since it was loaded: loading it again", stale.name)
                self._unload_locked(stale.name)  # refuses while a request runs with it
            self._make_room()
            if progress:
                progress(f"loading {name} onto the base model")
            with self.engine.lock:  # no generation runs while the model changes
                self._switch.reset()
                self._peft = attach(
                    self._peft, self.base_model, folder, name, self._key_mappings.pop(str(folder), None)
                )
                self.engine.model = self._peft
                self.revision += 1
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
                else (module_kinds(header) if target else []),
                local_dir=str(folder),
                size_bytes=(folder / "adapter_model.safetensors").stat().st_size,
                load_seconds=time.perf_counter() - started,
                notes=notes,
            )
            self._infos[name] = info
            self._weights_seen[name] = stamp
            self._last_used[name] = time.monotonic()
            if was_default:
                self.default = name
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
            self._switch.reset()
            self._peft = detach(self._peft, self.base_model, name, last=len(self._infos) == 1)
            self.engine.model = self.model
            self.revision += 1
            del self._infos[name]
            self._weights_seen.pop(name, None)
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
            yield from self._switch.activate(self._peft, name)

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

    def peft_names(self, names: list[str]) -> list[str]:
        """Row names for PEFT's mixed-batch `adapter_names=` ("__base__" for the base)."""
        return [PEFT_BASE if n == BASE else n for n in (self.resolve(x) for x in names)]

    def mixed_rows(self, names: list[str]) -> list[str]:
        """`peft_names(names)` for a batch whose rows run on different adapters, with every LoRA
        layer turned on (a base batch leaves them off). Call it with the engine's lock held, right
        before the batch."""
        rows = self.peft_names(names)
        self._switch.enable(self._peft)
        return rows

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
