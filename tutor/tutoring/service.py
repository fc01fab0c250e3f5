"""The tutor service: validates a request, runs an engine, and reports the reply as it grows.

Both the Gradio UI and the `/solve` API consume `Tutor.reply`, which yields `Reply` snapshots.
No Gradio here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

from tutor.engine.types import Engine, GenerationSettings, Queued
from tutor.math import same_answer
from tutor.math.checks import DEFAULT_TIMEOUT, check_student, verify
from tutor.math.grading import extract_answer
from tutor.math.verdicts import NONE, Verdict
from tutor.tutoring import hints as hintlib
from tutor.tutoring.confidence import Confidence, self_consistency
from tutor.tutoring.mathtext import clean_input
from tutor.tutoring.reasoning import ReplyParts, join_reasoning, split_reasoning

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
    mode: str = "solve"  # "solve" | "hint" | "check"
    checking: bool = False  # the stream has ended and the SymPy check is running
    verification: Verdict | None = None  # set on the final snapshot (solve mode, model)
    confidence: Confidence | None = None  # self-consistency, when samples were asked for
    hint_index: int | None = None  # hint mode: which hint this is (1-based)
    revealed: bool = False  # hint mode: the full solution was shown
    check: Verdict | None = None  # check mode: the verdict on the student's answer

    queue_position: int | None = None  # waiting behind a full batch: place in line (1 = next)
    new_tokens: int | None = None  # tokens the model generated for this reply (when the engine says)

    def as_text(self) -> str:
        """The whole reply as one string: notices, `<think>` block, answer (what `/solve` returns),
        then one line per check: the verdict ("✓ verified by SymPy: ..." / "calculations checked:
        ..." / "⚠ calculation error: line 4: ..." / "✗ wrong: SymPy finds ...") and the
        self-consistency note, when there are any."""
        if self.error:
            return self.error
        if self.queue_position and not self.text:
            return waiting_message(self.queue_position)
        body = join_reasoning(self.parts.reasoning, self.parts.answer)
        if self.stopped:
            body = (body + "\n\n_(stopped)_").strip()
        tail = [
            t
            for t in (
                self.verification.note() if self.verification else "",
                self.confidence.note() if self.confidence else "",
            )
            if t
        ]
        if tail:
            body = (body + "\n\n" + "\n".join(f"_{t}_" for t in tail)).strip()
        notes = "\n".join(f"> {n}" for n in self.notices)
        return f"{notes}\n\n{body}".strip() if notes else body

    def data(self) -> dict:
        """The reply with its checks as plain data (the `/solve_verified` API)."""
        return {
            "reply": self.as_text(),
            "mode": self.mode,
            "verification": self.verification.to_dict() if self.verification else None,
            "confidence": self.confidence.to_dict() if self.confidence else None,
            "check": self.check.to_dict() if self.check else None,
            "hint_index": self.hint_index,
            "revealed": self.revealed,
        }


def validate_problem(problem) -> tuple[str | None, list[str], str | None]:
    """Return (clean problem, notices, error) for what the user typed."""
    if problem is None or not isinstance(problem, str):
        return None, [], "Please type a math problem, for example: Solve 3x + 7 = 22."
    notices = []
    cleaned = clean_input(problem)
    if cleaned != problem:
        notices.append(
            "Control characters (such as null bytes) or invalid characters were removed from your message."
        )
    if not cleaned.strip():
        return None, notices, "Please type a math problem, for example: Solve 3x + 7 = 22."
    if len(cleaned) > MAX_INPUT_CHARS:
        return (
            None,
            notices,
            (
                f"Your message is {len(cleaned):,} characters long; the limit is "
                f"{MAX_INPUT_CHARS:,}. Please shorten it to the problem itself."
            ),
        )
    return cleaned.strip(), notices, None


def start_reply(problem, mode: str = "solve") -> tuple[Reply, str | None]:
    """A new Reply for `problem` with the validation notices, and the cleaned problem (None when
    the request is refused: then the reply already carries the error and is done)."""
    reply = Reply(mode=mode)
    clean, notices, error = validate_problem(problem)
    reply.notices.extend(notices)
    if error:
        reply.error, reply.done = error, True
    return reply, clean if not error else None


class Tutor:
    """`reply` (solve), `hint` and `check` each yield `Reply` snapshots; the last has done=True."""

    def __init__(self, engine: Engine, verify_timeout: float = DEFAULT_TIMEOUT) -> None:
        self.engine = engine
        self.verify_timeout = verify_timeout

    def respond(
        self,
        mode: str,
        problem,
        history: list[dict] | None = None,
        settings: GenerationSettings | None = None,
        stop: threading.Event | None = None,
        adapter: str | None = None,
        answer: str = "",
        samples: int = 0,
        hint_state: hintlib.HintState | None = None,
        images: list | None = None,
    ) -> Generator[Reply, None, None]:
        """One entry point for the three modes (the UI and the API use it). `images`: pictures
        with the problem, for an engine whose model reads them (`engine.info.images`, solve)."""
        mode = (mode or "solve").strip().lower()
        if images and (mode != "solve" or not self.engine.info.images):
            refused = Reply(error=PHOTO_NEEDS_CONFIRM, done=True, mode=mode)
            return (r for r in [refused])
        if mode == "hint":
            state = hint_state or hintlib.HintState(
                problem=problem if isinstance(problem, str) else "",
                index=sum(1 for h in (history or []) if isinstance(h, dict) and h.get("role") == "assistant"),
            )
            return self.hint(state, settings, stop, adapter=adapter)
        if mode == "reveal":
            return self.reveal(
                hint_state or hintlib.HintState(problem=problem or ""), settings, stop, adapter=adapter
            )
        if mode == "check":
            return self.check(problem, answer, settings, stop, adapter=adapter)
        if mode != "solve":
            refused = Reply(error=f"Unknown mode {mode!r}; use solve, hint or check.", done=True, mode=mode)
            return (r for r in [refused])  # a generator like the others: callers close() it
        return self.reply(problem, history, settings, stop, adapter=adapter, samples=samples, images=images)

    def reply(
        self,
        problem,
        history: list[dict] | None = None,
        settings: GenerationSettings | None = None,
        stop: threading.Event | None = None,
        adapter: str | None = None,
        verify_answer: bool = True,
        samples: int = 0,
        images: list | None = None,
    ) -> Iterator[Reply]:
        settings = (settings or GenerationSettings()).clamped()
        stop = stop or threading.Event()
        reply, clean = start_reply(problem)
        if clean is None:
            yield reply
            return
        started = time.perf_counter()
        think_started: float | None = None
        try:
            prompt = self.engine.prepare(
                clean,
                history or [],
                max_new_tokens=settings.max_new_tokens,
                **({"images": images} if images else {}),
            )
            reply.notices.extend(prompt.notices)
            stream = self.engine.generate(prompt, settings, stop, adapter=adapter)
            events = stream.events() if hasattr(stream, "events") else stream  # or a plain generator
            try:
                for piece in events:
                    if isinstance(piece, Queued):  # behind a full batch
                        reply.queue_position = piece.position
                        yield reply
                        continue
                    reply.queue_position = None
                    reply.text += piece
                    reply.pieces += 1
                    reply.parts = split_reasoning(reply.text)
                    if reply.parts.thinking and think_started is None:
                        think_started = time.perf_counter()
                    if (
                        not reply.parts.thinking
                        and think_started is not None
                        and reply.thinking_seconds is None
                    ):
                        reply.thinking_seconds = time.perf_counter() - think_started
                    reply.elapsed = time.perf_counter() - started
                    yield reply
            finally:
                stream.close()
            reply.new_tokens = getattr(stream, "new_tokens", None) or None
            stopped = getattr(stream, "stopped", None)
            if stopped is None:  # a plain generator: the engine's stats say how it ended
                stopped = stop.is_set() and getattr(self.engine.stats, "last_stopped", False)
        except Exception as exc:  # noqa: BLE001 - the user sees a plain message, the log the trace
            log.exception("reply failed")
            reply.error = f"Sorry, the tutor failed on this request ({type(exc).__name__}: {exc})."
            stopped = False
        reply.queue_position = None
        reply.stopped = stopped and reply.error is None
        reply.parts = split_reasoning(reply.text, final=True)
        if reply.parts.reasoning is not None and reply.thinking_seconds is None and think_started is not None:
            reply.thinking_seconds = time.perf_counter() - think_started
        if reply.parts.unclosed and not reply.stopped:
            reply.notices.append("The model did not finish its reasoning (no closing </think>).")
        reply.elapsed = time.perf_counter() - started
        model_answer = self.engine.info.model_replies and reply.error is None and not reply.stopped
        if model_answer and verify_answer and extract_answer(reply.text)[0] is not None:
            # The stream is over: the check runs now (killable worker, time limit), and the
            # UI shows "checking…" meanwhile. SymPy's own replies are not badged.
            reply.checking = True
            yield reply
            reply.verification = self._verify(clean, reply.text)
            reply.checking = False
        if model_answer and samples and int(samples) > 0 and not stop.is_set():
            reply.confidence = self_consistency(
                self.engine,
                prompt,
                int(samples),
                settings,
                stop,
                adapter=adapter,
                reply_answer=extract_answer(reply.text)[0],
            )
        reply.elapsed = time.perf_counter() - started
        reply.done = True
        yield reply

    def _verify(self, problem: str, text: str) -> Verdict | None:
        try:
            return verify(problem, text, timeout=self.verify_timeout)
        except Exception:  # noqa: BLE001 - a check must never break a reply
            log.exception("verification failed")
            return None

    # ------------------------------------------------------------------------------ hints

    def hint(
        self,
        state: hintlib.HintState,
        settings: GenerationSettings | None = None,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> Iterator[Reply]:
        """The next hint for `state.problem` (updates `state`). The offline engine hints with
        SymPy's steps; a model is prompted for one step and guarded against giving the answer."""
        reply, clean = start_reply(state.problem, "hint")
        if clean is None:
            yield reply
            return
        started = time.perf_counter()
        plan = hintlib.sympy_plan(clean, timeout=self.verify_timeout)
        k = state.index
        reply.hint_index = k + 1
        if not self.engine.info.model_replies:
            if plan is None:
                text = "I can't break this problem into steps. " + symbolic_capabilities()
                reply.hint_index = None
            elif k < len(plan.hints):
                text = plan.hints[k]
            else:
                text = (
                    "That's all the hints I can give without giving the answer away. "
                    "Try the last step yourself, or press **Show full solution**."
                )
                reply.hint_index = None
        else:
            text = yield from self._model_hint(reply, clean, state, plan, settings, stop, adapter)
        if reply.hint_index is not None:
            state.index = k + 1
            state.hints.append(text)
            text = f"💡 **Hint {k + 1}:** {text}"
        reply.text = text
        reply.parts = split_reasoning(text, final=True)
        reply.elapsed = time.perf_counter() - started
        reply.done = True
        yield reply

    def _model_hint(self, reply, clean, state, plan, settings, stop, adapter):
        settings = (settings or GenerationSettings()).clamped()
        settings = GenerationSettings(
            min(settings.max_new_tokens, 384),
            settings.temperature,
            settings.top_p,
            settings.repetition_penalty,
        )
        stop = stop or threading.Event()
        history = []
        for h in state.hints:
            history += [
                {"role": "user", "content": hintlib.hint_request(clean, len(history) // 2)},
                {"role": "assistant", "content": h},
            ]
        prompt = self.engine.prepare(
            hintlib.hint_request(clean, state.index),
            history,
            max_new_tokens=settings.max_new_tokens,
            system_prompt=hintlib.HINT_SYSTEM_PROMPT,
        )
        text = ""
        stream = self.engine.generate(prompt, settings, stop, adapter=adapter)
        leaked = False
        try:
            for piece in stream:
                text += piece
                shown = hintlib.stream_view(split_reasoning(text).answer, plan)  # every piece
                if shown is None:  # stop before the answer is on screen
                    leaked = True
                    break
                reply.text = "💡 " + shown
                reply.parts = split_reasoning(reply.text)
                yield reply
        except Exception as exc:  # noqa: BLE001
            log.exception("hint failed")
            return f"(the tutor failed: {type(exc).__name__})"
        finally:
            stream.close()
        hint = split_reasoning(text, final=True).answer.strip() or text.strip()
        if leaked:
            hint = hintlib.replacement(plan, state.index)
            reply.notices.append("The model's hint gave the answer away, so it was replaced.")
        else:
            hint, replaced = hintlib.guard(hint, plan, state.index)
            if replaced:
                reply.notices.append("The model's hint gave the answer away, so it was replaced.")
        return hint or hintlib.GENERIC_NUDGES[state.index % len(hintlib.GENERIC_NUDGES)]

    def reveal(
        self,
        state: hintlib.HintState,
        settings: GenerationSettings | None = None,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> Iterator[Reply]:
        """The full solution (after hints): SymPy's for the offline engine, else the model's."""
        state.revealed = True
        for r in self.reply(
            state.problem, [], settings, stop, adapter=adapter if self.engine.info.adapters else None
        ):
            r.mode, r.revealed = "hint", True
            yield r

    # ------------------------------------------------------------------------------ check

    def check(
        self,
        problem,
        answer: str,
        settings: GenerationSettings | None = None,
        stop: threading.Event | None = None,
        adapter: str | None = None,
    ) -> Iterator[Reply]:
        """Is the student's `answer` (a final answer, or lines of work) right?  SymPy when it
        can settle the problem; otherwise the grader against the model's own reply at
        temperature 0 (said so). Never prints the full solution."""
        reply, clean = start_reply(problem, "check")
        if clean is not None and not (answer or "").strip():
            reply.error = "Type your answer (or your last lines of work) in the answer box first."
            reply.done, clean = True, None
        if clean is None:
            yield reply
            return
        started = time.perf_counter()
        result = check_student(clean, answer, timeout=self.verify_timeout)
        if result.status == NONE and self.engine.info.model_replies:
            reply.text = "Checking against the tutor's own worked solution…"
            reply.parts = split_reasoning(reply.text, final=True)
            yield reply
            result = self._check_with_reference(clean, answer, settings, stop, adapter)
        reply.check = result
        reply.text = result.message
        reply.parts = split_reasoning(result.message, final=True)
        reply.elapsed = time.perf_counter() - started
        reply.done = True
        yield reply

    def _check_with_reference(self, clean, answer, settings, stop, adapter) -> Verdict:
        settings = (settings or GenerationSettings()).clamped()
        greedy = GenerationSettings(settings.max_new_tokens, 0.0, 1.0, settings.repetition_penalty)
        stop = stop or threading.Event()
        try:
            prompt = self.engine.prepare(clean, [], max_new_tokens=greedy.max_new_tokens)
            stream = self.engine.generate(prompt, greedy, stop, adapter=adapter)
            try:
                text = "".join(stream)
            finally:
                stream.close()
        except Exception as exc:  # noqa: BLE001
            log.exception("reference generation failed")
            return Verdict(
                NONE, f"I couldn't check that ({type(exc).__name__}).", reason="reference generation failed"
            )
        ref = extract_answer(text)[0]
        lines = [ln.strip() for ln in answer.splitlines() if ln.strip()]
        mine = extract_answer(lines[-1])[0] if lines else None
        mine = lines[-1] if mine is None or len(lines[-1]) < 40 else mine
        if ref is None:
            return Verdict(
                NONE,
                "SymPy can't settle this one and the tutor's own solution "
                "has no clear final answer, so I can't check it.",
                reason="no reference answer",
            )
        note = (
            "(SymPy can't settle this problem, so this compares with the tutor model's own "
            "solution at temperature 0, which can be wrong.)"
        )
        # The model's own answer is not established independently: no verified / wrong status,
        # the message says what was compared.
        if same_answer(mine, ref):  # in the worker: `mine` is the visitor's
            return Verdict(
                NONE,
                f"**That matches the tutor's answer.** {note}",
                method="reference",
                expected=ref,
                reason="matches the model's reference answer",
            )
        return Verdict(
            NONE,
            f"**That doesn't match the tutor's answer.** {note} Try again, or ask for a hint.",
            method="reference",  # no `expected`: the student sees this data
            reason="differs from the model's reference answer",
        )


PHOTO_NEEDS_CONFIRM = (
    "This tutor's model does not read pictures itself: read the photo first (the Tutor's photo "
    "upload, or the API's /read_photo), check and correct the text, then send that text."
)


def waiting_message(position: int) -> str:
    """The place-in-line note while a request waits behind a full batch."""
    ahead = "you are next" if position <= 1 else f"you are number {position} in line"
    return (
        f"⏳ The tutor is answering a full class right now: {ahead}. Your reply starts as "
        "soon as a place in the batch frees up."
    )


def symbolic_capabilities() -> str:
    from tutor.math.symbolic import CAPABILITIES

    return CAPABILITIES


class StopRegistry:
    """One stop event per browser session, so the Stop button reaches the running generation."""

    def __init__(self, max_sessions: int = 10_000) -> None:
        self._events: OrderedDict[str, threading.Event] = OrderedDict()
        self._lock = threading.Lock()
        self.max_sessions = max_sessions  # the oldest are forgotten (many fresh sessions)

    def new(self, key: str | None) -> threading.Event:
        event = threading.Event()
        if key:
            with self._lock:
                old = self._events.pop(key, None)
                if old is not None:
                    old.set()  # a new request from the same session ends the previous one
                self._events[key] = event
                while len(self._events) > self.max_sessions:
                    self._events.popitem(last=False)
        return event

    def stop(self, key: str | None) -> bool:
        with self._lock:
            event = self._events.pop(key, None) if key else None
        if event is not None:
            event.set()
            return True
        return False
