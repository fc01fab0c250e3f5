"""The generation core's batch encoding under concurrent tokenizer use. A fast (Rust) tokenizer keeps
its padding setting as state on one shared object; `tokenizer(..., padding=True)` in the generation
thread while request threads tokenize (`engine.prepare`) failed a whole batch of a class of 16 on the
real model ("expected sequence of length 59 ... (got 57)", or "Already borrowed": transformers
issue #47085). `encode` pads by hand and never changes the tokenizer's state."""

from __future__ import annotations

import threading

from tutor.core.loading import load_tokenizer
from tutor.engine.generation import encode


def test_batch_encoding_survives_other_threads_tokenizing(real_model_dir):
    tok = load_tokenizer(str(real_model_dir))
    prompts = [f"Problem {i}: " + "what is 12 + 7? " * (5 + 7 * i) for i in range(16)]
    stop, errors = threading.Event(), []

    message = [{"role": "user", "content": "Solve 2x + 3 = 11 and explain every step. " * 20}]

    def chatter():  # what request threads do while a batch is encoded (`prepare`)
        while not stop.is_set():
            try:
                tok.apply_chat_template(message, tokenize=True, add_generation_prompt=True)
            except Exception as exc:  # noqa: BLE001 - counted below
                errors.append(exc)

    threads = [threading.Thread(target=chatter, daemon=True) for _ in range(8)]
    for t in threads:
        t.start()
    try:
        for _ in range(60):  # before the fix about 3 in 10 batches failed: all 60 pass by luck < 1e-8
            inputs, pad = encode(tok, prompts, "cpu")
            ids, mask = inputs["input_ids"], inputs["attention_mask"]
            assert ids.shape == mask.shape and ids.shape[0] == len(prompts)
            # left padded: each row's real tokens are its prompt's, at the right end
            assert int(mask[0].sum()) == len(tok(prompts[0], add_special_tokens=False)["input_ids"])
    finally:
        stop.set()
        for t in threads:
            t.join(10)
    assert not errors, errors[:3]
