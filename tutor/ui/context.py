"""What the tabs share: the app's `AppContext` (config, engine, tutor, stop events, quotas, ...).
Its own module so the tabs and the MCP tools take it without importing the app that builds them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import gradio as gr

from tutor.engine.types import Engine
from tutor.security import AllowedRoots, Limits, Quotas
from tutor.settings import AppConfig
from tutor.tutoring.service import StopRegistry, Tutor

if TYPE_CHECKING:
    from tutor.jobs.manager import JobManager


def gpu_wrapper(engine: Engine) -> Callable:
    """On Hugging Face ZeroGPU Spaces, wrap GPU work with `spaces.GPU`; elsewhere a no-op."""
    if not engine.info.local_weights:
        return lambda fn: fn
    try:
        import spaces  # type: ignore[import-not-found]
    except ImportError:
        return lambda fn: fn
    return spaces.GPU(duration=120)


@dataclass
class AppContext:
    """Everything the tabs share. Every attribute is declared here (none is added later)."""

    config: AppConfig
    engine: Engine
    tutor: Tutor = field(init=False)
    stops: StopRegistry = field(default_factory=StopRegistry)
    gpu: Callable = field(init=False)  # spaces.GPU on ZeroGPU Spaces, else a no-op
    roots: AllowedRoots = field(init=False)  # where visitors' local paths may point
    quotas: Quotas | None = field(init=False)  # None on a local run
    header_md: gr.Markdown | None = None  # set by build_demo
    jobs: JobManager | None = None  # the Train tab's job manager, created on first use
    teacher_only: list[Any] = field(default_factory=list)  # shown to teachers only
    classes: Any = None  # the Class tab's store and sessions (class_tab.Classes), with --classes
    admission: Any = None  # a public app's queue-time admission (tutor.ui.gate.install)

    def __post_init__(self) -> None:
        self.tutor = Tutor(self.engine)
        self.gpu = gpu_wrapper(self.engine)
        c = self.config
        self.roots = AllowedRoots(c.roots(), enforce=c.is_public)
        self.quotas = (
            Quotas(
                Limits(
                    c.requests_per_minute,
                    c.ip_requests_per_minute,
                    c.tokens_per_minute,
                    c.ip_tokens_per_minute,
                )
            )
            if c.is_public
            else None
        )
        if c.classes:
            from tutor.ui.class_tab import Classes

            self.classes = Classes(c)
        registry = getattr(self.engine, "adapters", None)
        if registry is not None and hasattr(registry, "roots"):
            registry.roots = self.roots  # the operator's --adapter loads came before: unrestricted

    @property
    def concurrency(self) -> int:
        # How many requests run at once on the model: the engine says (a local model: twice its
        # batch size, so one batch gathers while one runs; students beyond a full batch see their
        # place in line; beyond this, Gradio's bounded queue holds them).
        return self.engine.concurrency

    def header(self, adapter: str | None = None) -> str:
        i = self.engine.info
        adapter = adapter or getattr(getattr(self.engine, "adapters", None), "default", None)
        adapter = adapter if adapter and adapter != "base" else "none (base model)"
        if not i.model_replies:
            return f"**Engine:** {i.model} · **Device:** {i.device}"
        return (
            f"**Model:** `{i.model}` · **Adapter:** {adapter} · **Device:** {i.device} · "
            f"**Precision:** {i.precision}"
        )
