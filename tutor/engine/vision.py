"""Images for a multimodal base model (Gemma 3): the prompt and the model inputs.

A conversation turn may carry pictures (`{"role": "user", "content": "...", "images": [PIL]}`);
the prompt then puts the model's own image marker where each picture goes, through the
processor's chat template (Gemma 3: `<start_of_image>`, which its processor expands to
`<start_of_image>` + 256 image tokens + `<end_of_image>`), and `Prompt.images` lists the pictures
in order. The generation core's decode loop (`tutor.engine.decoding.Lane.join`) prefills joining
rows with the processor when any of them has a picture: text-only rows and rows with pictures
share the prefill and then the running batch (the processor pads left, `pixel_values` holds the
pictures in row order, the model puts each picture's features at its image tokens; later steps
feed text tokens only, the pictures live on in the KV cache).

A multimodal checkpoint is loaded whole for this (`tutor.core.loading.load_model(...,
text_only=False)`, the app's `--vision`); its processor comes from `load_processor`.
No Gradio here.
"""

from __future__ import annotations

import logging

from tutor.core.prompting import Message, Prompt, apply_template

log = logging.getLogger(__name__)

DEFAULT_QUESTION = "Solve the math problem in this picture step by step."


def load_processor(source: str, revision: str | None = None):
    """The checkpoint's processor (image processor + tokenizer), or None when it has none."""
    from transformers import AutoProcessor

    try:
        processor = AutoProcessor.from_pretrained(source, revision=revision)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("no processor for %s (%s): pictures cannot be read by the model", source, exc)
        return None
    return processor if getattr(processor, "image_processor", None) is not None else None


def image_seq_length(processor) -> int:
    return int(getattr(processor, "image_seq_length", 256) or 256)


def with_images(
    messages: list[Message], turns: list[dict], problem_images: list
) -> tuple[list[Message], list]:
    """`messages` (from `build_messages`) with each user turn that had pictures made a content
    list [image, ..., text]; returns the messages and the pictures in prompt order. `turns` is
    the history the messages came from (pictures ride on its user turns) plus the new problem."""
    queue = [list(t.get("images") or []) for t in turns if isinstance(t, dict) and t.get("role") == "user"]
    queue.append(list(problem_images or []))
    # the newest user turns are the ones kept in `messages`: match them from the end
    users = [i for i, m in enumerate(messages) if m["role"] == "user"]
    attached = dict(zip(reversed(users), reversed(queue)))
    out: list[Message] = []
    pictures: list = []
    for i, m in enumerate(messages):
        imgs = attached.get(i) or []
        if imgs:
            content = [{"type": "image"} for _ in imgs] + [{"type": "text", "text": m["content"]}]
            out.append({"role": "user", "content": content})
            pictures += imgs
        else:
            out.append(dict(m))
    return out, pictures


def image_prompt(
    processor, tokenizer, messages: list[Message], turns: list[dict], images: list, budget: int
) -> Prompt:
    """The prompt for `messages` with pictures, the oldest exchanges dropped to fit `budget`
    tokens (each picture costs the processor's `image_seq_length` tokens)."""
    per_image = image_seq_length(processor)
    system = [m for m in messages[:1] if m["role"] == "system"]
    rest = messages[len(system) :]
    dropped = 0
    while True:
        msgs, pics = with_images(system + rest, turns, images)
        text = apply_template(tokenizer, msgs)
        n = len(tokenizer(text, add_special_tokens=False)["input_ids"]) + per_image * len(pics)
        if n <= budget or len(rest) <= 1:
            break
        rest = rest[2:] if len(rest) > 2 else rest[-1:]
        dropped += 1
    notices = []
    if dropped:
        notices.append(
            f"The conversation was too long for the model's context: the oldest {dropped} "
            f"exchange{'s' if dropped > 1 else ''} {'were' if dropped > 1 else 'was'} left out."
        )
    return Prompt(text=text, messages=msgs, dropped_turns=dropped, notices=notices, images=pics)


def encode_with_images(processor, prompts: list[str], images: list[list], device, dtype=None):
    """Left-padded model inputs for a batch where some rows have pictures (`images[i]` is row
    i's list, possibly empty): input ids, attention mask, token type ids and `pixel_values`."""
    enc = processor(
        text=prompts,
        images=[list(imgs) for imgs in images],
        padding=True,
        padding_side="left",
        add_special_tokens=False,
        return_tensors="pt",
    )
    out = {}
    for k, v in enc.items():
        v = v.to(device)
        if k == "pixel_values" and dtype is not None:
            v = v.to(dtype)
        out[k] = v
    pad = processor.tokenizer.pad_token_id
    return out, pad
