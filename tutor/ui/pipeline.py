"""The one request pipeline: how every tutor request is served on the app's terms.

The Tutor tab (Send, Next hint, Show full solution, the photo panel's Solve this), the
`gradio_client` API (`/solve`, `/solve_verified`) and the MCP tools each build a typed
`TutorRequest` and call `serve`:

    admit ─► stop event ─► Tutor.respond ─► replies, math charged to the visitor ─► deadline ─► settle

* admit: on a public app the `max_new_tokens` cap and the token quota (`tutor.ui.access.admit`,
  which calls `tutor.security`; the request itself was counted when it joined Gradio's queue,
  `tutor.ui.gate`). Refused: `gr.Error` with the reason, before anything is generated.
* stop event: the session's (`ctx.stops`, which the tab's Stop button sets) or a fresh one; it
  is set when the replies end or are closed, so the generation ends with them.
* replies: `Tutor.respond` (validation, `engine.prepare`, `engine.generate`, the math core's
  checks), each step's math calls charged to the visitor's share (`access.bound`).
* deadline: past the public time limit the stop event is set and the reply says so.
* settle: the tokens generated are charged against what admission reserved (`access.settle`),
  also when the caller stops early.

Compare's columns (`tutor.evaluation.compare`: one group of rows through
`Engine.generate_group`) go through the same `admit` and `stream`, settled with the tokens of
all its columns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import gradio as gr

from tutor.engine.types import GenerationSettings
from tutor.security.quotas import Lease
from tutor.tutoring.hints import HintState
from tutor.tutoring.service import Reply
from tutor.ui import access
from tutor.ui.context import AppContext

T = TypeVar("T")


@dataclass
class TutorRequest:
    """What is asked: one request of any of the tutor's modes."""

    mode: str = "solve"  # "solve" | "hint" | "check" | "reveal" (the full solution after hints)
    problem: str = ""
    history: list[dict] = field(default_factory=list)  # earlier user/assistant turns
    settings: GenerationSettings = field(default_factory=GenerationSettings)
    adapter: str | None = None  # None: the engine's default
    answer: str = ""  # "check": the student's answer or lines of work
    samples: int = 0  # self-consistency samples (k extra answers)
    images: list = field(default_factory=list)  # pictures with the problem, for a model that reads them
    hint_state: HintState | None = None  # "hint"/"reveal": the problem and the hints given so far

    @property
    def answers(self) -> int:
        """How many replies the request may generate (admission reserves tokens for each)."""
        return 1 + max(0, int(self.samples or 0))


@dataclass
class Admitted:
    """A request let in: its quota reservation (None on a local run) and its stop event."""

    lease: Lease | None
    stop: threading.Event


def admit(
    ctx: AppContext,
    visitor: gr.Request | None,
    max_new_tokens: int,
    answers: int = 1,
    stop_key: str | None = None,
) -> Admitted:
    """Admit a generating request now (`gr.Error` with the reason when refused): `answers`
    replies of at most `max_new_tokens` each. Then its stop event: `stop_key` names the one a
    tab's Stop button sets (`ctx.stops`; a new request under the same key ends the previous one,
    so only an admitted one does); None: a fresh event."""
    lease = access.admit(ctx, visitor, max_new_tokens, answers)
    return Admitted(lease, ctx.stops.new(stop_key))


def stream(
    ctx: AppContext,
    admitted: Admitted,
    snapshots: Iterator[T],
    spent: Callable[[T | None], Reply | None] | None,
    on_deadline: Callable[[T, str], bool] | None = None,
) -> Iterator[T]:
    """`snapshots` (made with `admitted.stop`) under the time limit, then settled: `spent(last)`
    is what the request generated (a `Reply`: its token count, else its text); None keeps the
    whole reservation. `on_deadline(snapshot, note)` marks a snapshot as stopped at the time
    limit (True when it changed it). The stop event is set when the stream ends or is closed."""
    last = None
    try:
        with access.Deadline(ctx, admitted.stop) as deadline:
            for last in snapshots:
                if deadline.fired and on_deadline is not None:
                    on_deadline(last, deadline.note())
                yield last
        if (
            deadline.fired
            and last is not None
            and on_deadline is not None
            and on_deadline(last, deadline.note())
        ):
            yield last  # it fired after the last snapshot: said once more
    finally:
        admitted.stop.set()
        close = getattr(snapshots, "close", None)
        if close is not None:
            close()
        if spent is not None:
            access.settle(ctx, admitted.lease, spent(last))


def serve(
    ctx: AppContext,
    request: TutorRequest,
    visitor: gr.Request | None = None,
    stop_key: str | None = None,
) -> Iterator[Reply]:
    """Admit `request` now (`gr.Error` when refused), then return its replies: `Reply`
    snapshots, the last one done. `visitor`: the handler's `gr.Request` (None: a local call);
    `stop_key`: see `admit`. Close the iterator to end the generation early; the request is
    settled either way."""
    admitted = admit(ctx, visitor, request.settings.max_new_tokens, request.answers, stop_key)
    replies = access.bound(
        ctx,
        visitor,
        ctx.tutor.respond(
            request.mode,
            request.problem,
            request.history,
            request.settings,
            admitted.stop,
            adapter=request.adapter,
            answer=request.answer,
            samples=int(request.samples or 0),
            hint_state=request.hint_state,
            images=list(request.images) or None,
        ),
    )
    # with samples the reservation stands: their tokens are not counted in the reply
    spent = None if request.samples else _itself
    return stream(ctx, admitted, replies, spent, on_deadline=_noted)


def _itself(reply: Reply | None) -> Reply | None:
    return reply


def _noted(reply: Reply, note: str) -> bool:
    if note in reply.notices:
        return False
    reply.notices.append(note)
    return True
