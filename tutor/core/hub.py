"""The Hugging Face Hub, shared by the app and the training CLI: why a Hub call failed, read from
huggingface_hub's own error types (not from the wording of their messages), and pushing an adapter.

The token is resolved by huggingface_hub itself (HF_TOKEN, or `hf auth login`); it is never read,
passed around, printed or logged here.
"""

from __future__ import annotations

from pathlib import Path

# what went wrong -> the usual fix, in plain words
HUB_HINTS = {
    "gated": "the repo is gated: accept its licence on the Hub and set HF_TOKEN",
    "auth": "not logged in to the Hub, or the token may not do this: set HF_TOKEN (a write token to push)",
    "not_found": "no such repo on the Hub",
    "revision": "no such revision (branch, tag or commit) in the repo",
    "file": "the repo has no such file",
    "offline": "no network (or HF_HUB_OFFLINE=1) and the files are not in the local Hugging Face cache",
    "bad_id": "not a folder on disk, and not a valid Hub id either",
}


def causes(exc: BaseException | None):
    """`exc`, then what caused it (`raise ... from`, or raised while handling), and so on."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def hub_error_kind(exc: BaseException) -> str | None:
    """A key of HUB_HINTS from the huggingface_hub error in `exc` or its causes (transformers
    wraps them in OSError), or None when no Hub error is involved."""
    import httpx
    from huggingface_hub import errors as e

    for err in causes(exc):
        if isinstance(err, e.GatedRepoError):
            return "gated"
        if isinstance(err, e.RevisionNotFoundError):
            return "revision"
        if isinstance(err, e.RepositoryNotFoundError):
            return "not_found"
        if isinstance(err, (e.RemoteEntryNotFoundError,)):
            return "file"
        if isinstance(err, (e.LocalEntryNotFoundError, e.OfflineModeIsEnabled, httpx.TransportError)):
            return "offline"
        if isinstance(err, e.LocalTokenNotFoundError):
            return "auth"
        if isinstance(err, e.HFValidationError):
            return "bad_id"
        if isinstance(err, e.HfHubHTTPError):
            status = getattr(getattr(err, "response", None), "status_code", None)
            if status in (401, 403):
                return "auth"
            if status == 404:
                return "not_found"
    return None


def push_adapter(
    adapter: str | Path,
    repo: str,
    private: bool = True,
    commit_message: str = "Upload LoRA adapter (Math Tutor Studio)",
) -> str:
    """Upload an adapter folder (weights, tokenizer, README.md model card) to `repo`; its URL."""
    from huggingface_hub import HfApi

    adapter = Path(adapter)
    if not (adapter / "adapter_config.json").exists():
        raise FileNotFoundError(f"{adapter} is not an adapter folder (no adapter_config.json)")
    if "/" not in repo:
        raise ValueError(f"the repo must be USER/NAME (got {repo!r})")
    api = HfApi()
    api.create_repo(repo_id=repo, repo_type="model", private=private, exist_ok=True)
    api.upload_folder(
        folder_path=str(adapter),
        repo_id=repo,
        repo_type="model",
        commit_message=commit_message,
        ignore_patterns=["*.bin", "optimizer.pt", "scheduler.pt", "rng_state*"],
    )
    return f"https://huggingface.co/{repo}"
