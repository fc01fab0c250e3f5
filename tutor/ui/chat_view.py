"""Turn a `Reply` into Gradio chat messages: a collapsible Reasoning block, then the answer."""

from __future__ import annotations

from tutor.tutoring.mathtext import DISPLAY_DELIMITERS, render_markdown
from tutor.tutoring.service import Reply, waiting_message

LATEX_DELIMITERS = DISPLAY_DELIMITERS


def reply_messages(reply: Reply) -> list[dict]:
    messages: list[dict] = []
    if reply.notices:
        notes = "\n".join(f"ℹ️ {render_markdown(n)}" for n in reply.notices)
        messages.append({"role": "assistant", "content": notes})
    if reply.error:
        messages.append({"role": "assistant", "content": f"⚠️ {render_markdown(reply.error)}"})
        return messages
    if reply.queue_position and not reply.text:  # waiting behind a full batch
        messages.append({"role": "assistant", "content": waiting_message(reply.queue_position)})
        return messages
    parts = reply.parts
    if parts.reasoning is not None:
        metadata: dict = {"title": "Reasoning"}
        if parts.thinking and not reply.done:
            metadata["status"] = "pending"
        else:
            metadata["status"] = "done"
            if reply.thinking_seconds is not None:
                metadata["duration"] = round(reply.thinking_seconds, 1)
        messages.append(
            {"role": "assistant", "content": render_markdown(parts.reasoning) or "…", "metadata": metadata}
        )
    answer = render_markdown(parts.answer)
    if reply.stopped:
        answer = (answer + "\n\n_(stopped)_").strip()
    if answer or not messages:
        messages.append({"role": "assistant", "content": answer or "…"})
    messages += check_messages(reply)
    return messages


def check_messages(reply: Reply) -> list[dict]:
    """The badge under a reply: "checking…" while SymPy works, then the verdict in its own words
    ("✓ verified", neutral "calculations checked", "⚠ calculation error" with the line,
    "✗ wrong" with SymPy's solution in a collapsed block); nothing without a verdict.
    Plus the self-consistency note when samples were taken."""
    out: list[dict] = []
    v = reply.verification
    if reply.checking:
        out.append({"role": "assistant", "content": "⏳ _checking the answer with SymPy…_"})
    elif v is not None and v.status == "calculations_checked":
        out.append({"role": "assistant", "content": render_markdown(f"_{v.label}_ — {v.message}")})
    elif v is not None and v.status != "none":
        out.append({"role": "assistant", "content": render_markdown(f"**{v.badge}** — {v.message}")})
        if v.status == "wrong" and v.steps:
            out.append(
                {
                    "role": "assistant",
                    "content": render_markdown("\n\n".join(v.steps)),
                    "metadata": {"title": "SymPy's solution", "status": "done"},
                }
            )
    if reply.confidence is not None and reply.confidence.samples:
        out.append({"role": "assistant", "content": render_markdown(f"📊 {reply.confidence.note()}")})
    return out
