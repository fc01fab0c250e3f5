"""Where an adapter's files come from: a local folder (inside the allowed roots on a public app)
or a Hub snapshot of only the adapter files, checked online for safetensors and size before
anything is downloaded. A failed fetch is explained from huggingface_hub's error types."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tutor.adapters.info import ADAPTER_FILES, AdapterError
from tutor.security.paths import HUB_ID


class AdapterFetcher:
    """Fetches adapter folders; `roots` (a `tutor.security.AllowedRoots` or None) bounds local
    folders, `max_bytes` the weights' size."""

    def __init__(self, roots=None, max_bytes: int = 0) -> None:
        self.roots = roots
        self.max_bytes = int(max_bytes)

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
            raise AdapterError(self.no_safetensors_message(repo_id, any(f.endswith(".bin") for f in files)))
        if files["adapter_model.safetensors"] > self.max_bytes:
            raise AdapterError(self.too_big_message(files["adapter_model.safetensors"]))

    def no_safetensors_message(self, source: str, has_bin: bool) -> str:
        if has_bin:
            return (
                f"{source} only has a pickled adapter_model.bin; for safety only "
                "adapter_model.safetensors is loaded (re-save it with "
                "save_pretrained(safe_serialization=True))"
            )
        return f"{source} has no adapter_model.safetensors"

    def too_big_message(self, size: int) -> str:
        return (
            f"adapter_model.safetensors is {size / 1024**2:,.0f} MB, over the limit of "
            f"{self.max_bytes / 1024**2:,.0f} MB"
        )


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
