"""Split a (possibly still streaming) reply into its `<think>` reasoning and its answer.

`split_reasoning` is applied to the whole text received so far, so a tag split across chunks
("<thi" + "nk>") is handled by holding back a trailing partial tag until the next chunk decides it.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN, CLOSE = "<think>", "</think>"


@dataclass(frozen=True)
class ReplyParts:
    reasoning: str | None  # None when the reply has no reasoning block
    answer: str
    thinking: bool  # True while the reasoning block is open (still streaming)
    unclosed: bool = False  # the finished reply opened <think> but never closed it


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest suffix of `text` that is a proper prefix of `tag`."""
    for n in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:n]):
            return n
    return 0


def split_reasoning(text: str, final: bool = False) -> ReplyParts:
    start = text.find(OPEN)
    end = text.find(CLOSE)
    if start == -1 and end != -1:
        # Templates that put <think> in the prompt: everything before </think> is reasoning.
        return ReplyParts(text[:end].strip(), text[end + len(CLOSE) :].lstrip(), False)
    if start == -1:
        if not final and text.lstrip() and OPEN.startswith(text.lstrip()):
            return ReplyParts(None, "", False)  # may be the start of "<think>"
        hold = 0 if final else _partial_suffix(text, OPEN)
        return ReplyParts(None, text[: len(text) - hold] if hold else text, False)
    before = text[:start].strip()
    body = text[start + len(OPEN) :]
    close = body.find(CLOSE)
    if close == -1:
        if final:
            return ReplyParts(body.strip(), before, False, unclosed=True)
        hold = _partial_suffix(body, CLOSE)
        return ReplyParts(body[: len(body) - hold].strip(), before, True)
    reasoning = body[:close].strip()
    answer = body[close + len(CLOSE) :].strip()
    if before:
        answer = f"{before}\n\n{answer}" if answer else before
    # A second <think> block later in the answer is shown as plain text (rare, model error).
    return ReplyParts(reasoning, answer, False)


def join_reasoning(reasoning: str | None, answer: str) -> str:
    """The reply as one string in the MathX-5M style (`<think>…</think>` then the answer)."""
    if reasoning:
        return f"{OPEN}\n{reasoning}\n{CLOSE}\n\n{answer}".rstrip()
    return answer
