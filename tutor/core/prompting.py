"""Chat prompts: the tutor's system prompt, templates that reject a system role, history budget."""

from __future__ import annotations

from dataclasses import dataclass, field

from tutor import SYSTEM_PROMPT

Message = dict  # {"role": "system"|"user"|"assistant", "content": str}


def template_rejects_system(tokenizer) -> bool:
    """True when the tokenizer's chat template refuses a system turn (Gemma 2's raises); the
    tutor and the training job then fold the system prompt into the first user turn."""
    try:
        tokenizer.apply_chat_template(
            [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}],
            tokenize=False,
            add_generation_prompt=True,
        )
        return False
    except Exception:  # noqa: BLE001 - jinja raise_exception surfaces as TemplateError
        return True


def fold_system(messages: list[Message]) -> list[Message]:
    """Fold a leading system message into the first user turn (for Gemma-2-style templates)."""
    if not messages or messages[0]["role"] != "system":
        return list(messages)
    system, rest = messages[0]["content"], list(messages[1:])
    if rest and rest[0]["role"] == "user":
        rest[0] = {"role": "user", "content": f"{system}\n\n{rest[0]['content']}"}
    else:
        rest.insert(0, {"role": "user", "content": system})
    return rest


def apply_template(tokenizer, messages: list[Message], *, add_generation_prompt: bool = True) -> str:
    """Render `messages` with the tokenizer's chat template, folding the system turn if rejected."""
    cached = getattr(tokenizer, "_tutor_rejects_system", None)
    if cached is None:
        cached = template_rejects_system(tokenizer)
        try:
            tokenizer._tutor_rejects_system = cached
        except AttributeError:
            pass
    if cached:
        messages = fold_system(messages)
    return tokenizer.apply_chat_template(
        messages, tokenize=False, add_generation_prompt=add_generation_prompt
    )


def build_messages(
    problem: str, history: list[Message] | None = None, system_prompt: str | None = SYSTEM_PROMPT
) -> list[Message]:
    """System prompt + prior turns (user/assistant only, alternating) + the new problem."""
    messages: list[Message] = []
    if system_prompt:
        messages.append({"role": "system", "content": system_prompt})
    for turn in history or []:
        role, content = turn.get("role"), turn.get("content")
        if role not in ("user", "assistant") or not isinstance(content, str) or not content.strip():
            continue
        content = content.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates cannot be tokenized
        if messages and messages[-1]["role"] == role:  # keep roles alternating
            messages[-1] = {"role": role, "content": messages[-1]["content"] + "\n\n" + content}
        else:
            messages.append({"role": role, "content": content})
    if messages and messages[-1]["role"] == "user":
        messages.pop()  # an unanswered user turn (e.g. a stopped reply) is replaced by the new one
    messages.append({"role": "user", "content": problem})
    return messages


@dataclass
class Prompt:
    text: str
    messages: list[Message]
    dropped_turns: int = 0
    notices: list[str] = field(default_factory=list)
    images: list = field(default_factory=list)  # pictures in prompt order (tutor.engine.vision)


def fit_to_budget(tokenizer, messages: list[Message], max_prompt_tokens: int) -> Prompt:
    """Drop the oldest user/assistant pairs until the rendered prompt fits `max_prompt_tokens`.

    The system prompt and the newest user turn are always kept; if the newest turn alone is too
    long it is cut from the middle and a notice says so.
    """
    system = [m for m in messages[:1] if m["role"] == "system"]
    turns = messages[len(system) :]
    dropped = 0
    notices: list[str] = []

    def render(ms):
        text = apply_template(tokenizer, ms)
        return text, len(tokenizer(text, add_special_tokens=False)["input_ids"])

    text, n = render(system + turns)
    while n > max_prompt_tokens and len(turns) > 1:
        turns = turns[2:] if len(turns) > 2 else turns[-1:]
        dropped += 1
        text, n = render(system + turns)
    if dropped:
        notices.append(
            f"The conversation was too long for the model's context: the oldest "
            f"{dropped} exchange{'s' if dropped > 1 else ''} {'were' if dropped > 1 else 'was'} left out."
        )
    if n > max_prompt_tokens:
        last = turns[-1]["content"]
        ids = tokenizer(last, add_special_tokens=False)["input_ids"]
        overflow = n - max_prompt_tokens
        keep = max(len(ids) - overflow - 8, 16)
        head, tail = ids[: keep // 2], ids[len(ids) - keep // 2 :]
        cut = tokenizer.decode(head) + "\n…\n" + tokenizer.decode(tail)
        turns = turns[:-1] + [{"role": "user", "content": cut}]
        text, n = render(system + turns)
        notices.append(
            f"Your message was too long for the model's context ({len(ids)} tokens): "
            f"its middle part was left out."
        )
    return Prompt(text=text, messages=system + turns, dropped_turns=dropped, notices=notices)
