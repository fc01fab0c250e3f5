"""The tutor service: validates a request, runs an engine, and reports the reply as it grows.

Both the Gradio UI and the `/solve` API consume `Tutor.reply`, which yields `Reply` snapshots.
No Gradio here.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Iterator

from tutor.engine import Engine, GenerationSettings
from tutor.mathtext import clean_input
from tutor.reasoning import ReplyParts, join_reasoning, split_reasoning

log = logging.getLogger(__name__)

MAX_INPUT_CHARS = 8000


@dataclass
class Reply:
    text: str = ""  # raw text so far
    parts: ReplyParts = field(default_factory=lambda: ReplyParts(None, "", False))
    notices: list[str] = field(default_factory=list)
    error: str | None = None  # a problem with the request, or a failed generation
    done: bool = False
    stopped: bool = False
    thinking_seconds: float | None = None
    elapsed: float = 0.0
    pieces: int = 0

    def as_text(self) -> str:
        """The whole reply as one string: notices, `<think>` block, answer (what `/solve` returns)."""
        if self.error:
            return self.error
        body = join_reasoning(self.parts.reasoning, self.parts.answer)
        if self.stopped:
            body = (body + "\n\n_(stopped)_").strip()
        notes = "\n".join(f"> {n}" for n in self.notices)
        return f"{notes}\n\n{body}".strip() if notes else body


def validate_problem(problem) -> tuple[str | None, list[str], str | None]:
    """Return (clean problem, notices, error) for what the user typed."""
    if problem is None or not isinstance(problem, str):
        return None, [], "Please type a math problem, for example: Solve 3x + 7 = 22."
    notices = []
    cleaned = clean_input(problem)
    if cleaned != problem:
        notices.append("Control characters (such as null bytes) were removed from your message.")
    if not cleaned.strip():
        return None, notices, "Please type a math problem, for example: Solve 3x + 7 = 22."
    if len(cleaned) > MAX_INPUT_CHARS:
        return None, notices, (f"Your message is {len(cleaned):,} characters long; the limit is "
                               f"{MAX_INPUT_CHARS:,}. Please shorten it to the problem itself.")
    return cleaned.strip(), notices, None


class Tutor:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def reply(self, problem, history: list[dict] | None = None,
              settings: GenerationSettings | None = None, stop: threading.Event | None = None,
              adapter: str | None = None) -> Iterator[Reply]:
        settings = (settings or GenerationSettings()).clamped()
        stop = stop or threading.Event()
        reply = Reply()
        clean, notices, error = validate_problem(problem)
        reply.notices.extend(notices)
        if error:
            reply.error, reply.done = error, True
            yield reply
            return
        started = time.perf_counter()
        think_started: float | None = None
        try:
            prompt = self.engine.prepare(clean, history or [],
                                         **({"max_new_tokens": settings.max_new_tokens}
                                            if self.engine.info.kind == "hf" else {}))
            reply.notices.extend(prompt.notices)
            stream = self.engine.generate(prompt, settings, stop, adapter=adapter)
            try:
                for piece in stream:
                    reply.text += piece
                    reply.pieces += 1
                    reply.parts = split_reasoning(reply.text)
                    if reply.parts.thinking and think_started is None:
                        think_started = time.perf_counter()
                    if not reply.parts.thinking and think_started is not None \
                            and reply.thinking_seconds is None:
                        reply.thinking_seconds = time.perf_counter() - think_started
                    reply.elapsed = time.perf_counter() - started
                    yield reply
            finally:
                stream.close()
        except Exception as exc:  # noqa: BLE001 - the user sees a plain message, the log the trace
            log.exception("reply failed")
            reply.error = f"Sorry, the tutor failed on this request ({type(exc).__name__}: {exc})."
        reply.stopped = stop.is_set() and reply.error is None and \
            getattr(self.engine.stats, "last_stopped", False)
        reply.parts = split_reasoning(reply.text, final=True)
        if reply.parts.reasoning is not None and reply.thinking_seconds is None \
                and think_started is not None:
            reply.thinking_seconds = time.perf_counter() - think_started
        if reply.parts.unclosed and not reply.stopped:
            reply.notices.append("The model did not finish its reasoning (no closing </think>).")
        reply.elapsed = time.perf_counter() - started
        reply.done = True
        yield reply


class StopRegistry:
    """One stop event per browser session, so the Stop button reaches the running generation."""

    def __init__(self) -> None:
        self._events: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def new(self, key: str | None) -> threading.Event:
        event = threading.Event()
        if key:
            with self._lock:
                old = self._events.get(key)
                if old is not None:
                    old.set()  # a new request from the same session ends the previous one
                self._events[key] = event
        return event

    def stop(self, key: str | None) -> bool:
        with self._lock:
            event = self._events.pop(key, None) if key else None
        if event is not None:
            event.set()
            return True
        return False
