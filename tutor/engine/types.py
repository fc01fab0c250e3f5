"""What every engine is and offers, apart from any engine: the request's `GenerationSettings`, the
engine's `EngineInfo` and `EngineStats`, the `TextStream` `generate` returns, and the `Engine`
interface. Its own module so the engines (`tutor.engine.engines`, `tutor.engine.openai_backend`)
and the generation core (`tutor.engine.generation`) import it without importing each other.
No Gradio here.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from tutor import SYSTEM_PROMPT
from tutor.core.prompting import Prompt

if TYPE_CHECKING:
    import builtins

    from tutor.adapters.registry import AdapterInfo


class AdapterSource(Protocol):
    """What an engine's `adapters` offers the engine and its callers: `AdapterRegistry` (a local
    model's LoRA adapters) or `RemoteAdapters` (a server's LoRA models)."""

    default: str

    def resolve(self, name_or_source: str | None) -> str: ...

    def names(self) -> builtins.list[str]: ...

    def list(self) -> builtins.list[AdapterInfo]: ...

    def choices(self) -> builtins.list[str]: ...

    def load(
        self, source: str, revision: str | None = None, name: str | None = None, progress: Any = None
    ) -> AdapterInfo: ...


@dataclass
class GenerationSettings:
    max_new_tokens: int = 1024
    temperature: float = 0.0  # 0 = greedy
    top_p: float = 0.95
    repetition_penalty: float = 1.0

    def clamped(self) -> GenerationSettings:
        """Out-of-range values are brought into range rather than failing the request."""
        return GenerationSettings(
            max_new_tokens=int(min(max(int(self.max_new_tokens or 1), 1), 8192)),
            temperature=float(min(max(float(self.temperature or 0.0), 0.0), 2.0)),
            top_p=float(min(max(float(self.top_p or 1.0), 0.05), 1.0)),
            repetition_penalty=float(min(max(float(self.repetition_penalty or 1.0), 0.5), 2.0)),
        )


@dataclass
class EngineStats:
    generations: int = 0
    active: bool = False
    last_new_tokens: int = 0
    last_stopped: bool = False
    last_seconds: float = 0.0


@dataclass
class EngineInfo:
    kind: str  # "hf" | "openai" | "symbolic": for display and /status only, never for branching
    model: str
    device: str
    precision: str
    banner: str = ""
    context_tokens: int | None = None
    extra: dict = field(default_factory=dict)
    # What the engine can do (service and UI code ask these, never the kind):
    # None = the default for the kind (so a test's stub engine of kind "hf" behaves as one).
    model_replies: bool | None = None  # replies are a language model's text (checked by SymPy,
    #                                    hints prompted and guarded, "check my answer" against it)
    adapters: bool | None = None  # LoRA adapters can be picked per request
    local_weights: bool | None = None  # the weights are in this process (Evaluate)
    images: bool = False  # the model itself reads pictures (a multimodal base with its processor)

    def __post_init__(self) -> None:
        model = self.kind in ("hf", "openai")
        if self.model_replies is None:
            self.model_replies = model
        if self.adapters is None:
            self.adapters = model
        if self.local_weights is None:
            self.local_weights = self.kind == "hf"


class TextStream:
    """What `Engine.generate` returns: an iterator of text pieces (a `Waiting` piece, which is
    empty text, says the request is queued behind a full batch) that ends generation when closed,
    and says afterwards how it ended: `stopped` (the stop event ended it), `new_tokens`."""

    def __init__(self) -> None:
        self.stopped = False
        self.new_tokens = 0
        self.reason = ""  # "eos" | "length" | "stop" | "error" | ""
        self._it: Iterator[str] = iter(())

    def _run(self, pieces: Iterator[str]) -> TextStream:
        self._it = pieces
        return self

    def __iter__(self) -> TextStream:
        return self

    def __next__(self) -> str:
        return next(self._it)

    def close(self) -> None:
        close = getattr(self._it, "close", None)
        if close is not None:
            close()


class Engine:
    """What every engine offers the tutor service, Compare and the UI (no kind checks needed):

    * `prepare(problem, history, max_new_tokens=..., system_prompt=...)` -> `Prompt`: the
      conversation as this engine will see it (system prompt, history trimmed to the context
      budget left after `max_new_tokens`), with notices about anything dropped.
    * `generate(prompt, settings, stop, adapter)` -> `TextStream` of text pieces.
    * `sample(prompt, settings, n, stop, adapter)` -> n sampled replies (self-consistency).
    * `info` (what it is and can do), `stats`, `adapters` (a registry or None), `concurrency`
      (how many requests the UI should let in at once).
    """

    info: EngineInfo
    adapters: AdapterSource | None = None

    def __init__(self) -> None:
        self.stats = EngineStats()

    @property
    def concurrency(self) -> int:
        return 1

    def prepare(
        self,
        problem: str,
        history: list[dict] | None,
        max_new_tokens: int = 1024,
        system_prompt: str | None = SYSTEM_PROMPT,
        images: list | None = None,
    ) -> Prompt:
        """`images`: pictures that go with `problem` (only where `info.images`; history turns
        may carry theirs under "images")."""
        raise NotImplementedError

    def generate(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> TextStream:
        raise NotImplementedError

    def sample(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        n: int,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> list[str]:
        """`n` replies, one generation after another (engines that batch override this)."""
        out = []
        for _ in range(max(0, int(n))):
            if stop is not None and stop.is_set():
                break
            stream = self.generate(prompt, settings, threading.Event(), adapter=adapter)
            try:
                out.append("".join(stream))
            finally:
                stream.close()
        return out
