"""A photo to a multimodal base (the tiny gemma3-mm twin of gemma-3-4b-it, loaded whole with its
processor): the picture reaches the vision tower, batches mix pictures, text and adapters with the
same text as alone, and an adapter trained on the language model alone still applies."""

import threading

import numpy as np
import pytest
import torch

from tutor.adapters.registry import AdapterRegistry
from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine
from tutor.engine.generation import GenRequest, run_batch
from tutor.engine.vision import encode_with_images
from tutor.testing.tiny_model import randomize_lora
from tutor.tutoring.service import Tutor


def picture(seed: int):
    from PIL import Image

    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 255, (90, 160, 3), dtype=np.uint8))


@pytest.fixture(scope="module")
def mm(twin_dirs, tmp_path_factory):
    """The engine on the whole multimodal twin, with an adapter as the training job makes one on
    text data (LoRA on the language model's layers only), and the same adapter on the language
    model loaded alone (the text-only tutor)."""
    src = str(twin_dirs("gemma3-mm"))
    loaded = load_model(src, precision="fp32", device="cpu", text_only=False)
    lora = randomize_lora(loaded.model, tmp_path_factory.mktemp("mm-lora") / "lm-lora", seed=3, scale=2.0)
    engine = HFEngine(loaded, max_batch_size=8, gather_s=0.3)
    name = AdapterRegistry(engine).load(str(lora)).name
    text_only = HFEngine(load_model(src, precision="fp32", device="cpu"))  # the language model alone
    assert text_only.loaded.language_model_only and not text_only.info.images
    AdapterRegistry(text_only).load(str(lora))
    return engine, text_only, name


def last_logits(engine, prompt):
    inputs, _ = encode_with_images(engine.processor, [prompt.text], [prompt.images], "cpu", torch.float32)
    with torch.inference_mode(), engine.adapters.activate("base"):
        return engine.model(**inputs).logits[0, -1]


def test_the_picture_reaches_the_vision_tower(mm):
    engine, _, _ = mm
    assert engine.info.images and type(engine.loaded.model).__name__ == "Gemma3ForConditionalGeneration"
    a = engine.prepare("What is in the picture?", [], 16, images=[picture(0)])
    b = engine.prepare("What is in the picture?", [], 16, images=[picture(1)])
    assert "<start_of_image>" in a.text and len(a.images) == 1
    la, lb, la2 = last_logits(engine, a), last_logits(engine, b), last_logits(engine, a)
    assert torch.equal(la, la2)
    assert (la - lb).abs().max() > 1e-3  # another picture, other logits: the image is read


def test_a_later_turn_still_sees_the_picture(mm):
    engine, _, _ = mm
    history = [
        {"role": "user", "content": "Solve the problem in the picture.", "images": [picture(0)]},
        {"role": "assistant", "content": "x = 5"},
    ]
    follow = engine.prepare("And check it?", history, 16)
    assert len(follow.images) == 1 and follow.text.count("<start_of_image>") == 1
    other = engine.prepare("And check it?", [{**history[0], "images": [picture(1)]}, history[1]], 16)
    assert (last_logits(engine, follow) - last_logits(engine, other)).abs().max() > 1e-3


def test_batches_mix_pictures_text_and_adapters_with_the_text_alone(mm):
    engine, _, lora = mm
    s = GenerationSettings(max_new_tokens=10)
    jobs = [
        (engine.prepare("Solve this.", [], 10, images=[picture(0)]), "base"),
        (engine.prepare("Solve 3x + 7 = 22", [], 10), lora),
        (engine.prepare("Solve this one.", [], 10, images=[picture(1)]), lora),
        (engine.prepare("What is 15% of 80?", [], 10), "base"),
    ]

    def alone(prompt, adapter):
        req = GenRequest(prompt.text, s, images=tuple(prompt.images))
        with engine.lock, engine.adapters.activate(adapter):
            rows = run_batch(
                engine.model, engine.tokenizer, [req], eos_ids=engine.eos_ids, processor=engine.processor
            )
        return rows[0].tokens

    solo = [alone(p, a) for p, a in jobs]
    reqs = [GenRequest(p.text, s, images=tuple(p.images)) for p, _ in jobs]
    with engine.lock:
        names = engine.adapters.mixed_rows([a for _, a in jobs])  # the layers on: "base" left them off
        rows = run_batch(
            engine.model,
            engine.tokenizer,
            reqs,
            adapter_names=names,
            eos_ids=engine.eos_ids,
            processor=engine.processor,
        )
    assert [r.tokens for r in rows] == solo
    assert solo[0] != solo[2]  # different pictures and adapters: different replies
    # and through the engine's batching core, concurrently
    out: dict = {}

    def go(k, prompt, adapter):
        out[k] = "".join(engine.generate(prompt, s, threading.Event(), adapter=adapter))

    threads = [threading.Thread(target=go, args=(k, p, a)) for k, (p, a) in enumerate(jobs)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert [out[k] for k in range(len(jobs))] == [
        engine.tokenizer.decode(t, skip_special_tokens=True) for t in solo
    ]


def test_an_adapter_trained_on_text_applies_to_the_language_model(mm):
    """The adapter (LoRA on the language model only, as trained on text data) gives the whole
    multimodal model the same logits for a text prompt as the text-only tutor's language model
    with it, not the base's, and leaves the vision tower as it was."""
    engine, text_only, lora = mm
    prompt = engine.prepare("Solve 3x + 7 = 22", [], 8)
    ids = engine.tokenizer(prompt.text, add_special_tokens=False, return_tensors="pt")
    with torch.inference_mode():
        with engine.adapters.activate(lora):
            whole = engine.model(**ids).logits[0, -1]
        with engine.adapters.activate("base"):
            base = engine.model(**ids).logits[0, -1]
        with text_only.adapters.activate(text_only.adapters.names()[0]):
            alone = text_only.model(**ids).logits[0, -1]
    assert torch.allclose(whole, alone, atol=1e-4)
    assert (whole - base).abs().max() > 1e-2
    assert not any("lora" in n for n, _ in engine.model.named_modules() if "vision_tower" in n)


def test_the_tutor_service_sends_the_photo_only_to_a_model_that_reads_it(mm):
    engine, _, _ = mm
    tutor = Tutor(engine)
    replies = list(tutor.respond("solve", "Solve this.", [], GenerationSettings(6), images=[picture(0)]))
    assert replies[-1].error is None and replies[-1].done
    hint = list(tutor.respond("hint", "Solve this.", [], GenerationSettings(6), images=[picture(0)]))
    assert "does not read pictures" in hint[-1].error
