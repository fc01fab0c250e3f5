"""The Tutor tab's inputs as one typed value, so its send handler, the photo panel's routing and
its Solve this step share one signature instead of each repeating thirteen arguments."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from tutor.engine.types import GenerationSettings
from tutor.tutoring.hints import HintState

MODES = {"Solve": "solve", "Hint": "hint", "Check my answer": "check"}


@dataclass
class TutorForm:
    """What the Tutor tab holds when Send is pressed, in the order of its event's inputs."""

    message: Any  # the input box's value: text, {"text", "files"}, or {"text", "photo"} (routed)
    chat: list  # the chat as shown
    raw: list  # what the model sees: plain user/assistant turns
    max_new_tokens: int
    temperature: float
    top_p: float
    repetition_penalty: float
    adapter: str | None
    mode_name: str  # the Mode radio's label
    student_answer: str
    samples: int
    hint_state: HintState | None

    @property
    def mode(self) -> str:
        """ "solve" | "hint" | "check"."""
        return MODES.get(self.mode_name, "solve")

    @property
    def settings(self) -> GenerationSettings:
        return GenerationSettings(self.max_new_tokens, self.temperature, self.top_p, self.repetition_penalty)

    def with_message(self, message) -> TutorForm:
        return dataclasses.replace(self, message=message)


def handler(fn: Callable[[TutorForm, gr.Request], Iterator]) -> Callable[..., Iterator]:
    """A Gradio handler of the tab's inputs (`TutorForm`'s fields, in order) that calls
    `fn(form, request)`. Gradio reads the signature (and `gr.Request` by its annotation)."""

    def handle(
        message,
        chat,
        raw,
        max_new_tokens,
        temperature,
        top_p,
        repetition_penalty,
        adapter,
        mode_name,
        student_answer,
        samples,
        hint_state,
        request: gr.Request,
    ):
        form = TutorForm(
            message,
            chat,
            raw,
            max_new_tokens,
            temperature,
            top_p,
            repetition_penalty,
            adapter,
            mode_name,
            student_answer,
            int(samples or 0),
            hint_state,
        )
        yield from fn(form, request)

    # its name is the event's api_name (and what the gate's tests look events up by); only the
    # name: functools.wraps would make Gradio read `fn`'s signature instead of the inputs'
    handle.__name__ = handle.__qualname__ = fn.__name__
    return handle
