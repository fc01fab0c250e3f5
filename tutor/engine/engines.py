"""Engines that turn a problem (and the conversation so far) into a stream of text.

`HFEngine` runs a transformers causal LM; `SymbolicEngine` runs the built-in SymPy solver. Both
yield text pieces and honour a stop event. No Gradio here.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

from tutor import SYSTEM_PROMPT
from tutor.core.prompting import Prompt, build_messages, fit_to_budget

log = logging.getLogger(__name__)


@dataclass
class GenerationSettings:
    max_new_tokens: int = 1024
    temperature: float = 0.0  # 0 = greedy
    top_p: float = 0.95
    repetition_penalty: float = 1.0

    def clamped(self) -> "GenerationSettings":
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
    kind: str  # "hf" | "symbolic"
    model: str
    device: str
    precision: str
    banner: str = ""
    context_tokens: int | None = None
    extra: dict = field(default_factory=dict)


class Engine:
    info: EngineInfo

    def __init__(self) -> None:
        self.stats = EngineStats()

    def prepare(self, problem: str, history: list[dict] | None) -> Prompt:
        raise NotImplementedError

    def generate(self, prompt: Prompt, settings: GenerationSettings,
                 stop: threading.Event | None = None, adapter: str | None = None) -> Iterator[str]:
        raise NotImplementedError


class SymbolicEngine(Engine):
    """The offline tutor: SymPy solves the latest problem step by step."""

    MAX_PIECES = 400

    def __init__(self, banner: str = "") -> None:
        super().__init__()
        self.info = EngineInfo(kind="symbolic", model="SymPy step-by-step solver", device="cpu",
                               precision="exact", banner=banner)

    def prepare(self, problem: str, history: list[dict] | None) -> Prompt:
        return Prompt(text=problem, messages=[{"role": "user", "content": problem}])

    def generate(self, prompt, settings, stop=None, adapter=None) -> Iterator[str]:
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
                    self.stats.last_stopped = True
                    return
                piece = " ".join(words[k:k + step])
                yield piece if k == 0 else " " + piece
            self.stats.last_stopped = False
        finally:
            self.stats.active = False
            self.stats.last_seconds = time.perf_counter() - started


class _StopOnEvent:
    """A transformers StoppingCriteria that ends generation when the event is set."""

    def __init__(self, event: threading.Event, prompt_len: int, stats: EngineStats) -> None:
        self.event, self.prompt_len, self.stats = event, prompt_len, stats

    def __call__(self, input_ids, scores, **kwargs):
        import torch

        self.stats.last_new_tokens = int(input_ids.shape[-1] - self.prompt_len)
        done = self.event.is_set()
        return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)


FLUSH_INTERVAL_S = 0.02


def token_streamer(tokenizer):
    """A TextIteratorStreamer that hands out text token by token (the stock one waits for a
    space, which holds back long formulas), except while a multi-byte character is incomplete
    (for at most 4 tokens: invalid bytes are shown as U+FFFD rather than held back).

    Text goes to the consuming thread at once when tokens come slower than `FLUSH_INTERVAL_S`
    apart (a model on a GPU), and is coalesced to one hand-off per interval when they come faster:
    waking the consumer for every token costs a thread hand-off each (about 3% of throughput on a
    small fast CPU model), and no reader sees more than 50 updates a second."""
    from transformers import TextIteratorStreamer

    class TokenStreamer(TextIteratorStreamer):
        pending, last_flush = "", 0.0

        def on_finalized_text(self, text: str, stream_end: bool = False):
            self.pending += text
            now = time.perf_counter()
            if stream_end or now - self.last_flush >= FLUSH_INTERVAL_S:
                if self.pending:
                    self.text_queue.put(self.pending, timeout=self.timeout)
                self.pending, self.last_flush = "", now
            if stream_end:
                self.text_queue.put(self.stop_signal, timeout=self.timeout)

        def put(self, value):
            if len(value.shape) > 1:
                value = value[0]
            if self.skip_prompt and self.next_tokens_are_prompt:
                self.next_tokens_are_prompt = False
                return
            self.token_cache.extend(value.tolist())
            text = self.tokenizer.decode(self.token_cache, **self.decode_kwargs)
            if text.endswith("\ufffd"):
                # A UTF-8 character spans at most 4 tokens of a byte-level vocabulary: wait for
                # the rest of it, but not for bytes that will never complete one.
                self.held = getattr(self, "held", 0) + 1
                if self.held < 4:
                    return
            self.held = 0
            printable, self.print_len = text[self.print_len:], len(text)
            if text.endswith("\n"):
                self.token_cache, self.print_len = [], 0
            if printable:
                self.on_finalized_text(printable)

    return TokenStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)


class HFEngine(Engine):
    """A transformers causal LM with streaming, stop, and one generation at a time."""

    def __init__(self, loaded, banner: str = "", max_context: int | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        self.model, self.tokenizer = loaded.model, loaded.tokenizer
        self.lock = threading.Lock()  # one generation at a time on this model
        ctx = max_context or getattr(self.model.config, "max_position_embeddings", None) or 4096
        self.context_tokens = int(min(ctx, 32768))
        self.info = EngineInfo(kind="hf", model=loaded.name, device=loaded.device,
                               precision=loaded.precision, banner=banner,
                               context_tokens=self.context_tokens)
        self.adapters = None  # set by the adapter registry when adapters are loaded

    def prepare(self, problem: str, history: list[dict] | None, max_new_tokens: int = 1024,
                system_prompt: str | None = SYSTEM_PROMPT) -> Prompt:
        budget = max(self.context_tokens - max_new_tokens, 64)
        return fit_to_budget(self.tokenizer, build_messages(problem, history, system_prompt), budget)

    def _generation_kwargs(self, settings: GenerationSettings) -> dict:
        kwargs = dict(max_new_tokens=settings.max_new_tokens,
                      repetition_penalty=settings.repetition_penalty,
                      pad_token_id=self.tokenizer.pad_token_id)
        if settings.temperature > 0:
            kwargs.update(do_sample=True, temperature=settings.temperature, top_p=settings.top_p)
        else:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        return kwargs

    def generate(self, prompt: Prompt, settings: GenerationSettings,
                 stop: threading.Event | None = None, adapter: str | None = None) -> Iterator[str]:
        from transformers import StoppingCriteriaList

        settings = settings.clamped()
        stop = stop or threading.Event()
        inputs = self.tokenizer(prompt.text, return_tensors="pt", add_special_tokens=False)
        inputs = {k: v.to(self.model.device) for k, v in inputs.items()}
        prompt_len = inputs["input_ids"].shape[-1]
        streamer = token_streamer(self.tokenizer)
        failure: list[BaseException] = []

        def work() -> None:
            import torch

            try:  # inference_mode (not generate's own no_grad): ~9% faster on CPU, BENCHMARKS.md
                with torch.inference_mode():
                    self.model.generate(
                        **inputs, streamer=streamer,
                        stopping_criteria=StoppingCriteriaList(
                            [_StopOnEvent(stop, prompt_len, self.stats)]),
                        **self._generation_kwargs(settings))
            except BaseException as exc:  # noqa: BLE001 - reported to the caller below
                failure.append(exc)
                streamer.end()

        with self.lock:
            started = time.perf_counter()
            self.stats.active, self.stats.generations = True, self.stats.generations + 1
            self.stats.last_new_tokens = 0
            ctx = self.adapters.activate(adapter) if self.adapters is not None else contextlib.nullcontext()
            with ctx:
                thread = threading.Thread(target=work, name="generate", daemon=True)
                thread.start()
                completed = False
                try:
                    for piece in streamer:
                        if piece:
                            yield piece
                    completed = not stop.is_set()
                finally:
                    self.stats.last_stopped = not completed
                    stop.set()  # a closed generator (Stop, disconnect) ends generation
                    thread.join()
                    self.stats.active = False
                    self.stats.last_seconds = time.perf_counter() - started
            if failure:
                raise RuntimeError(f"generation failed: {type(failure[0]).__name__}: {failure[0]}")
