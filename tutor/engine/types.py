"""What every engine is and offers, apart from any engine: the request's `GenerationSettings`, the
engine's `EngineInfo` and `EngineStats`, the `TextStream` `generate` returns, the typed generation
events (`Queued`, `Step`, `Done`, `Failed`), and the `Engine` interface. Its own module so the
engines (`tutor.engine.engines`, `tutor.engine.openai_backend`) and the generation core
(`tutor.engine.generation`) import it without importing each other. No Gradio here.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Sequence
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
    # the batching core's counters (None where the engine does not batch in this process)
    batches: int | None = None  # batches run so far
    largest_batch: int | None = None  # most rows in one batch


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


@dataclass(frozen=True)
class Queued:
    """The request waits behind a full batch: `position` is its place in line (1 = next)."""

    position: int


class RowView(Protocol):
    """What a group's events show of one generated sequence (`tutor.engine.generation.Row`)."""

    text: str  # the text so far; the whole decoded text once `done`
    tokens: list[int]
    done: bool
    batched: bool  # ran in one batch with the group's other rows
    finished_at: float | None  # time.perf_counter() when it ended
    reason: str  # "eos" | "length" | "stop" | "error" | "" (running)

    @property
    def stopped(self) -> bool: ...

    @property
    def new_tokens(self) -> int: ...


@dataclass(frozen=True)
class Step:
    """The group's rows have grown (steps that arrived while the consumer was busy are merged)."""

    rows: Sequence[RowView]


@dataclass(frozen=True)
class Done:
    """Every row of the group has ended; the last event."""

    rows: Sequence[RowView]


@dataclass(frozen=True)
class Failed:
    """The generation failed; the last event."""

    error: BaseException


GroupEvent = Queued | Step | Done | Failed  # what `Engine.generate_group` yields


class TextStream:
    """What `Engine.generate` returns: an iterator of text pieces that ends generation when closed,
    and says afterwards how it ended: `stopped` (the stop event ended it), `new_tokens`.
    `events()` gives the same pieces with a `Queued` event whenever the request's place in line
    behind a full batch changes (iterating the stream itself skips those)."""

    def __init__(self) -> None:
        self.stopped = False
        self.new_tokens = 0
        self.reason = ""  # "eos" | "length" | "stop" | "error" | ""
        self._it: Iterator[str | Queued] = iter(())

    def _run(self, pieces: Iterator[str | Queued]) -> TextStream:
        self._it = pieces
        return self

    def events(self) -> Iterator[str | Queued]:
        """Text pieces and `Queued` events, in order."""
        return self._it

    def __iter__(self) -> TextStream:
        return self

    def __next__(self) -> str:
        while True:
            piece = next(self._it)
            if not isinstance(piece, Queued):
                return piece

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
    * `generate_group(prompt, settings, adapters, stop)` -> `GroupEvent`s: the prompt once per
      adapter, generated together (Compare's columns), where `batches_groups` says it can.
    * `info` (what it is and can do), `stats`, `adapters` (a registry or None), `concurrency`
      (how many requests the UI should let in at once); `current_stats()`: `stats` as of now,
      with the batch counters where the engine batches.
    """

    info: EngineInfo
    adapters: AdapterSource | None = None

    def __init__(self) -> None:
        self.stats = EngineStats()

    @property
    def concurrency(self) -> int:
        return 1

    def current_stats(self) -> EngineStats:
        """A copy of `stats` as of now (`/status`); engines that batch fill in the batch counters."""
        return dataclasses.replace(self.stats)

    @property
    def batches_groups(self) -> bool:
        """Whether `generate_group` runs a group's rows together (a model in this process)."""
        return False

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

    def generate_group(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        adapters: list[str],
        stop: threading.Event | None = None,
    ) -> Iterator[GroupEvent]:
        """`prompt` once per name in `adapters` ("base" for the base model), generated together:
        one batch, each row on its own adapter (one batch per adapter where the model cannot mix
        them: the rows' `batched` is False then), all ended by `stop`. Yields `Queued`, `Step`s,
        and finally `Done` (rows in `adapters` order) or `Failed`. Closing it ends the rows.
        Only where `batches_groups`; other engines generate one request at a time."""
        raise NotImplementedError("this engine generates one request at a time")
