"""Engines that turn a problem (and the conversation so far) into a stream of text.

`HFEngine` runs a transformers causal LM; `SymbolicEngine` runs the built-in SymPy solver. Both
yield text pieces and honour a stop event. No Gradio here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor import SYSTEM_PROMPT
from tutor.core.prompting import Prompt, build_messages, fit_to_budget

if TYPE_CHECKING:
    from tutor.adapters.registry import AdapterRegistry
    from tutor.engine.openai_backend import RemoteAdapters

log = logging.getLogger(__name__)


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
    adapters: AdapterRegistry | RemoteAdapters | None = None

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


class SymbolicEngine(Engine):
    """The offline tutor: SymPy solves the latest problem step by step."""

    MAX_PIECES = 400

    def __init__(self, banner: str = "") -> None:
        super().__init__()
        self.info = EngineInfo(
            kind="symbolic", model="SymPy step-by-step solver", device="cpu", precision="exact", banner=banner
        )

    @property
    def concurrency(self) -> int:
        # the work runs in the fair pool of SymPy workers (tutor.math.pool), which orders it by
        # visitor; a small limit here would make everyone queue FIFO behind one flood instead
        return 32

    def prepare(
        self,
        problem: str,
        history: list[dict] | None,
        max_new_tokens: int = 1024,
        system_prompt: str | None = SYSTEM_PROMPT,
        images: list | None = None,
    ) -> Prompt:
        # SymPy reads only the latest problem: no system prompt, no history, no token budget.
        return Prompt(text=problem, messages=[{"role": "user", "content": problem}])

    def generate(self, prompt, settings, stop=None, adapter=None) -> TextStream:
        stream = TextStream()
        return stream._run(self._pieces(prompt, stop, stream))

    def _pieces(self, prompt, stop, stream: TextStream) -> Iterator[str]:
        from tutor.math import symbolic

        started = time.perf_counter()
        self.stats.active, self.stats.generations = True, self.stats.generations + 1
        try:
            try:
                text = symbolic.solve(prompt.text).to_markdown()
            except symbolic.Unsupported as exc:
                text = str(exc)
            # Stream it in word-sized pieces so the UI behaves as it does with a model, but in at
            # most ~MAX_PIECES pieces: each piece costs the consumer a pass over the text so far.
            words = text.split(" ")
            step = max(1, -(-len(words) // self.MAX_PIECES))
            for k in range(0, len(words), step):
                if stop is not None and stop.is_set():
                    self.stats.last_stopped = stream.stopped = True
                    stream.reason = "stop"
                    return
                piece = " ".join(words[k : k + step])
                yield piece if k == 0 else " " + piece
            self.stats.last_stopped = False
            stream.reason = "eos"
        finally:
            self.stats.active = False
            self.stats.last_seconds = time.perf_counter() - started


class HFEngine(Engine):
    """A transformers causal LM. Every generation goes through the engine's `GenerationCore`
    (`tutor.engine.generation`): concurrent requests share batches, each streams and stops on
    its own. `lock` is held while a batch runs (adapter loads and evaluations take it too)."""

    def __init__(
        self,
        loaded,
        banner: str = "",
        max_context: int | None = None,
        max_batch_size: int = 16,
        gather_s: float = 0.01,
    ) -> None:
        from tutor.engine.generation import GenerationCore, stop_token_ids

        super().__init__()
        self.loaded = loaded
        self.model, self.tokenizer = loaded.model, loaded.tokenizer
        self.processor = getattr(loaded, "processor", None)  # a multimodal base's (pictures)
        self.lock = threading.Lock()  # held by the batch that runs on this model
        ctx = max_context or getattr(self.model.config, "max_position_embeddings", None) or 4096
        self.context_tokens = int(min(ctx, 32768))
        self.info = EngineInfo(
            kind="hf",
            model=loaded.name,
            device=loaded.device,
            precision=loaded.precision,
            banner=banner,
            context_tokens=self.context_tokens,
            model_replies=True,
            adapters=True,
            local_weights=True,
            images=self.processor is not None,
        )
        self.adapters = None  # set by the adapter registry when adapters are loaded
        self.eos_ids = stop_token_ids(self.model, self.tokenizer)
        self.core = GenerationCore(self, max_batch_size=max_batch_size, gather_s=gather_s)

    @property
    def concurrency(self) -> int:
        # Twice a batch: one batch runs while the next one gathers; beyond that, Gradio's queue.
        return 2 * self.core.max_batch_size

    def prepare(
        self,
        problem: str,
        history: list[dict] | None,
        max_new_tokens: int = 1024,
        system_prompt: str | None = SYSTEM_PROMPT,
        images: list | None = None,
    ) -> Prompt:
        budget = max(self.context_tokens - max_new_tokens, 64)
        messages = build_messages(problem, history, system_prompt)
        turns = [t for t in history or [] if isinstance(t, dict)]
        if self.processor is not None and (images or any(t.get("images") for t in turns)):
            from tutor.engine.vision import image_prompt

            return image_prompt(self.processor, self.tokenizer, messages, turns, list(images or []), budget)
        if images:
            raise ValueError("this model does not read pictures")
        return fit_to_budget(self.tokenizer, messages, budget)

    def _adapter_name(self, adapter: str | None) -> str:
        if self.adapters is not None:
            return self.adapters.resolve(adapter)  # AdapterError for unknown names
        return "base"

    def generate(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> TextStream:
        from tutor.engine.generation import GenRequest

        stream = TextStream()
        request = GenRequest(
            prompt.text, settings.clamped(), stop=stop or threading.Event(), images=tuple(prompt.images)
        )
        return stream._run(self._pieces(request, self._adapter_name(adapter), stream))

    def _pieces(self, request, adapter: str, stream: TextStream) -> Iterator[str]:
        from tutor.engine.generation import Waiting

        sent = ""
        events = self.core.stream([request], [adapter])
        try:
            for ev in events:
                if ev[0] == "wait":
                    yield Waiting(ev[1])
                    continue
                if ev[0] == "error":
                    exc = ev[1]
                    stream.reason = "error"
                    raise RuntimeError(f"generation failed: {type(exc).__name__}: {exc}")
                row = ev[1][0]
                text = row.text
                stream.new_tokens = row.new_tokens
                if len(text) > len(sent) and text.startswith(sent):
                    yield text[len(sent) :]
                    sent = text
                if ev[0] == "done":
                    stream.stopped, stream.reason = row.stopped, row.reason
                    return
        except GeneratorExit:  # closed before its row ended (Stop, a disconnect)
            stream.stopped, stream.reason = True, "stop"
            raise
        finally:
            events.close()  # sets the request's stop event: a closed stream ends its row

    def sample(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        n: int,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> list[str]:
        """`n` sampled replies in ONE request (`num_return_sequences=n`, n rows of one batch)."""
        from tutor.engine.generation import GenRequest

        n = max(0, int(n))
        if n == 0 or (stop is not None and stop.is_set()):
            return []
        request = GenRequest(
            prompt.text, settings.clamped(), stop=stop, num_return_sequences=n, images=tuple(prompt.images)
        )
        for ev in self.core.stream([request], [self._adapter_name(adapter)]):
            if ev[0] == "error":
                raise RuntimeError(f"generation failed: {type(ev[1]).__name__}: {ev[1]}")
            if ev[0] == "done":
                return [r.text for r in ev[1] if not r.stopped]
        return []
