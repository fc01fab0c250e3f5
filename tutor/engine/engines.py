"""Engines that turn a problem (and the conversation so far) into a stream of text.

`HFEngine` runs a transformers causal LM; `SymbolicEngine` runs the built-in SymPy solver. Both
yield text pieces and honour a stop event. No Gradio here.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Iterator

from tutor import SYSTEM_PROMPT
from tutor.core.prompting import Prompt, build_messages, fit_to_budget

# the engine types live in tutor.engine.types; these names stay importable from here
from tutor.engine.types import (  # noqa: F401
    AdapterSource,
    Done,
    Engine,
    EngineInfo,
    EngineStats,
    Failed,
    GenerationSettings,
    GroupEvent,
    Queued,
    TextStream,
)

log = logging.getLogger(__name__)


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
    (`tutor.engine.generation`): concurrent requests share one running batch (continuous
    batching), each streams and stops on its own. `lock` is held while rows run (adapter loads and
    evaluations take it too)."""

    def __init__(
        self,
        loaded,
        banner: str = "",
        max_context: int | None = None,
        max_batch_size: int = 16,
        gather_s: float = 0.01,
    ) -> None:
        from tutor.engine.generation import GenerationCore, stop_token_ids
        from tutor.engine.model_lock import ModelLock

        super().__init__()
        self.loaded = loaded
        self.model, self.tokenizer = loaded.model, loaded.tokenizer
        self.processor = getattr(loaded, "processor", None)  # a multimodal base's (pictures)
        self.lock = ModelLock()  # held by the batch that runs on this model; first come, first served
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
        # Twice a batch: a full running batch and as many waiting in the core's line to join it as
        # rows leave; beyond that, Gradio's queue.
        return 2 * self.core.max_batch_size

    def current_stats(self) -> EngineStats:
        return dataclasses.replace(
            self.stats, batches=self.core.batches, largest_batch=self.core.largest_batch
        )

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

    def _pieces(self, request, adapter: str, stream: TextStream) -> Iterator[str | Queued]:
        sent = ""
        events = self.core.stream([request], [adapter])
        try:
            for ev in events:
                if isinstance(ev, Queued):
                    yield ev
                    continue
                if isinstance(ev, Failed):
                    stream.reason = "error"
                    raise RuntimeError(f"generation failed: {type(ev.error).__name__}: {ev.error}")
                row = ev.rows[0]
                text = row.text
                stream.new_tokens = row.new_tokens
                if len(text) > len(sent) and text.startswith(sent):
                    yield text[len(sent) :]
                    sent = text
                if isinstance(ev, Done):
                    stream.stopped, stream.reason = row.stopped, row.reason
                    return
        except GeneratorExit:  # closed before its row ended (Stop, a disconnect)
            stream.stopped, stream.reason = True, "stop"
            raise
        finally:
            events.close()  # sets the request's stop event: a closed stream ends its row

    @property
    def batches_groups(self) -> bool:
        return True

    def generate_group(
        self,
        prompt: Prompt,
        settings: GenerationSettings,
        adapters: list[str],
        stop: threading.Event | None = None,
    ) -> Iterator[GroupEvent]:
        """One request per adapter, submitted to the generation core as ONE group (one batch)."""
        from tutor.engine.generation import GenRequest

        stop = stop or threading.Event()
        names = [self._adapter_name(a) for a in adapters]  # AdapterError for unknown names
        requests = [
            GenRequest(prompt.text, settings.clamped(), stop=stop, images=tuple(prompt.images)) for _ in names
        ]
        return self.core.stream(requests, names)

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
            if isinstance(ev, Failed):
                raise RuntimeError(f"generation failed: {type(ev.error).__name__}: {ev.error}")
            if isinstance(ev, Done):
                return [r.text for r in ev.rows if not r.stopped]
        return []
