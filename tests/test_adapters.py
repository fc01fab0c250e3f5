"""LoRA adapters on the tiny model: Hub and folder loading, refusals that leave the model as it
was, switching without reloading the base, unloading, and per-request adapters under load."""

from __future__ import annotations

import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import TWINS, AppProcess, twin_arch
from tests.hubcache import add_to_hub_cache
from tutor.adapters.registry import AdapterError, AdapterRegistry, read_safetensors_header
from tutor.core.loading import load_model
from tutor.engine.engines import GenerationSettings, HFEngine
from tutor.testing.tiny_model import build_lora
from tutor.tutoring.service import Tutor

PROBLEM = "Solve 3x + 7 = 22"
SETTINGS = GenerationSettings(max_new_tokens=12)


def make_lora(base_dir, out, seed: int, r: int = 4, targets=("q_proj", "v_proj", "down_proj")):
    return build_lora(base_dir, out, seed=seed, r=r, targets=tuple(targets))


@pytest.fixture(scope="session")
def lora_dirs(base_dir, tmp_path_factory):
    """Adapters A and B of the test's base model (the tiny Gemma 3, or each twin where a test is
    parametrized over `TWINS`), made on the class AutoModelForCausalLM gives for it."""
    root = tmp_path_factory.mktemp("loras")
    # seeds with which no twin's reply is empty (with seed 1 the llama twin's A answers </s> at once)
    return {
        "A": make_lora(base_dir, root / "A", seed=5),
        "B": make_lora(base_dir, root / "B", seed=6, targets=("k_proj", "o_proj", "up_proj")),
    }


@pytest.fixture()
def engine(base_dir):
    return HFEngine(load_model(str(base_dir), precision="fp32"))


def answer(engine, adapter=None) -> str:
    final = list(Tutor(engine).reply(PROBLEM, settings=SETTINGS, adapter=adapter))[-1]
    assert final.error is None, final.error
    return final.text


@pytest.fixture(scope="session")
def expected(base_dir, lora_dirs):
    """Greedy outputs of base, A and B, each computed on its own engine."""
    out = {}
    for name in ("base", "A", "B"):
        eng = HFEngine(load_model(str(base_dir), precision="fp32"))
        if name != "base":
            AdapterRegistry(eng).load(str(lora_dirs[name]))
        out[name] = answer(eng, None if name == "base" else name)
    assert len(set(out.values())) == 3, out  # the adapters really change the output
    return out


@pytest.mark.parametrize("base_dir", TWINS, indirect=True)
def test_switching_adapters_keeps_the_base_model_and_is_fast(engine, lora_dirs, expected):
    base_obj = engine.loaded.model
    embed = base_obj.get_input_embeddings().weight
    embed_id, embed_ptr = id(embed), embed.data_ptr()
    assert answer(engine) == expected["base"]
    reg = AdapterRegistry(engine)
    a = reg.load(str(lora_dirs["A"]))
    b = reg.load(str(lora_dirs["B"]))
    assert (a.name, a.rank, a.alpha, a.target_modules) == ("A", 4, 8, ["down_proj", "q_proj", "v_proj"])
    assert b.base == str(reg.base_name) and reg.choices() == ["base", "A", "B"]
    for name in ("A", "B", "base", "A", "base", "B"):
        assert answer(engine, name) == expected[name]
    assert answer(engine, str(lora_dirs["A"])) == expected["A"]  # by source too
    # the base was never reloaded or copied
    assert engine.loaded.model is base_obj and reg.base_model is base_obj
    assert engine.model.get_base_model() is base_obj
    embed_now = base_obj.get_input_embeddings().weight
    assert id(embed_now) == embed_id and embed_now.data_ptr() == embed_ptr
    started = time.perf_counter()
    for _ in range(50):
        for name in ("A", "base", "B"):
            with reg.activate(name):
                pass
    per_switch = (time.perf_counter() - started) / 150
    assert per_switch < 0.05, per_switch
    with pytest.raises(AdapterError, match="no adapter named 'C' is loaded"):
        with reg.activate("C"):
            pass


def test_hub_repo_id_through_the_offline_cache(engine, lora_dirs, expected, tmp_path, monkeypatch):
    hub = tmp_path / "hub"
    add_to_hub_cache(hub, "tutor-tests/lora-a", lora_dirs["A"])
    add_to_hub_cache(hub, "tutor-tests/lora-b", lora_dirs["B"], revision="v1")
    monkeypatch.setenv("HF_HUB_CACHE", str(hub))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import huggingface_hub.constants as c

    monkeypatch.setattr(c, "HF_HUB_CACHE", str(hub))
    monkeypatch.setattr(c, "HF_HUB_OFFLINE", True)
    reg = AdapterRegistry(engine)
    progress: list[str] = []
    info = reg.load("tutor-tests/lora-a", progress=progress.append)
    assert info.name == "lora-a" and info.source == "tutor-tests/lora-a"
    assert answer(engine, "tutor-tests/lora-a") == expected["A"]
    info_b = reg.load("tutor-tests/lora-b", revision="v1")
    assert info_b.revision == "v1" and answer(engine, "lora-b") == expected["B"]
    with pytest.raises(AdapterError, match="not in the local Hugging Face cache"):
        reg.load("tutor-tests/not-there")
    with pytest.raises(AdapterError, match="lora-a@nope"):
        reg.load("tutor-tests/lora-a", revision="nope")
    assert reg.names() == ["lora-a", "lora-b"] and answer(engine, "lora-a") == expected["A"]


def _bad_adapters(root, tiny_model_dir, lora_dirs):
    from tutor.testing.tiny_model import build

    a = lora_dirs["A"]
    bad = {}
    other = build(root / "other-base", hidden_size=32)
    bad["wrong base"] = make_lora(other, root / "wrong-base", seed=3)
    d = bad[".bin only"] = root / "bin-only"
    d.mkdir()
    shutil.copy(a / "adapter_config.json", d)
    (d / "adapter_model.bin").write_bytes(b"\x80\x04 pickled")  # never unpickled
    d = bad["truncated"] = root / "truncated"
    shutil.copytree(a, d)
    data = (d / "adapter_model.safetensors").read_bytes()
    (d / "adapter_model.safetensors").write_bytes(data[:-64])
    d = bad["garbage header"] = root / "garbage"
    shutil.copytree(a, d)
    (d / "adapter_model.safetensors").write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00{not json!!!!!!}")
    d = bad["IA3"] = root / "ia3"
    shutil.copytree(a, d)
    cfg = json.loads((d / "adapter_config.json").read_text())
    cfg["peft_type"] = "IA3"
    (d / "adapter_config.json").write_text(json.dumps(cfg))
    d = bad["no config"] = root / "no-config"
    d.mkdir()
    shutil.copy(a / "adapter_model.safetensors", d)
    return bad


REFUSALS = {
    "wrong base": r"made for base model '.*other-base'.*does not match the loaded base model "
    r"'.*tiny-gemma'",
    ".bin only": "only has a pickled adapter_model.bin",
    "truncated": "not a valid safetensors file: the header does not parse .incomplete metadata",
    "garbage header": "not a valid safetensors file.*does not parse",
    "IA3": "IA3 adapter, not LoRA",
    "no config": "no adapter_config.json",
}


def test_bad_adapters_are_refused_and_the_engine_keeps_its_adapters(
    engine, lora_dirs, expected, tiny_model_dir, tmp_path, monkeypatch
):
    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    bad = _bad_adapters(tmp_path, tiny_model_dir, lora_dirs)
    modules_before = [n for n, _ in engine.model.named_modules()]
    for kind, folder in bad.items():
        with pytest.raises(AdapterError, match=REFUSALS[kind]):
            reg.load(str(folder))
    reg.max_bytes = 1000
    with pytest.raises(AdapterError, match="over the limit"):
        reg.load(str(lora_dirs["B"]))
    reg.max_bytes = 2 * 1024**3
    # PEFT failing half-way: the half-loaded adapter is deleted
    from peft import PeftModel

    original = PeftModel.load_adapter

    def half_load(self, *args, **kwargs):
        original(self, *args, **kwargs)
        raise RuntimeError("simulated failure after injection")

    monkeypatch.setattr(PeftModel, "load_adapter", half_load)
    with pytest.raises(AdapterError, match="simulated failure"):
        reg.load(str(lora_dirs["B"]))
    monkeypatch.undo()
    assert reg.names() == ["A"] and list(engine.model.peft_config) == ["A"]
    assert [n for n, _ in engine.model.named_modules()] == modules_before
    assert answer(engine, "A") == expected["A"] and answer(engine, "base") == expected["base"]
    assert reg.load(str(lora_dirs["B"])).name == "B"  # and a good one still loads
    assert answer(engine, "B") == expected["B"]


def test_first_adapter_failing_in_peft_leaves_a_plain_base(engine, lora_dirs, expected, monkeypatch):
    from peft import PeftModel

    def broken(*args, **kwargs):
        raise RuntimeError("simulated")

    reg = AdapterRegistry(engine)
    base = engine.model
    # inject the layers for real, then fail: the registry must strip them again
    from peft import LoraConfig, inject_adapter_in_model

    def inject_then_fail(model, *args, **kwargs):
        inject_adapter_in_model(LoraConfig(target_modules=["q_proj"]), model)
        raise RuntimeError("simulated")

    monkeypatch.setattr(PeftModel, "from_pretrained", inject_then_fail)
    with pytest.raises(AdapterError, match="simulated"):
        reg.load(str(lora_dirs["A"]))
    assert engine.model is base and not any("lora" in n for n, _ in base.named_modules())
    assert answer(engine) == expected["base"]
    del broken


def test_unload_frees_the_adapter_and_the_last_one_unwraps_the_base(engine, lora_dirs, expected):
    import gc
    import weakref

    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    reg.load(str(lora_dirs["B"]))
    lora_b = [m for n, m in engine.model.named_modules() if n.endswith("k_proj")][0].lora_B["B"]
    ref = weakref.ref(lora_b.weight)
    del lora_b
    reg.unload("B")
    gc.collect()
    assert ref() is None  # the weights are gone
    assert reg.names() == ["A"] and answer(engine, "A") == expected["A"]
    with pytest.raises(AdapterError, match="no adapter named 'B'"):
        answer_or_raise = reg.resolve("B")  # noqa: F841
    reg.unload("A")
    assert engine.model is engine.loaded.model
    assert not any("lora" in n for n, _ in engine.model.named_modules())
    assert answer(engine) == expected["base"] and answer(engine, "base") == expected["base"]


def test_a_run_resumed_to_done_replaces_the_weights_loaded_when_it_stopped(
    engine, lora_dirs, expected, tmp_path
):
    """The job manager loads a run's adapter/ when it stops and again when a resume finishes it:
    the second load (same folder, same name) must serve the new weights, not the stopped ones."""
    run = tmp_path / "run-1" / "adapter"
    shutil.copytree(lora_dirs["A"], run)  # the adapter saved at the stop
    reg = AdapterRegistry(engine)
    first = reg.load(str(run), name="run-1")
    reg.default = "run-1"
    assert answer(engine, "run-1") == expected["A"]
    assert reg.load(str(run), name="run-1") is first  # nothing changed: the same entry
    for f in ("adapter_config.json", "adapter_model.safetensors"):  # the resumed run's final save
        shutil.copy(lora_dirs["B"] / f, run / f)
    again = reg.load(str(run), name="run-1")
    assert again is not first and reg.names() == ["run-1"] and reg.default == "run-1"
    assert answer(engine, "run-1") == expected["B"]
    assert reg.load(str(run)) is again  # by source alone: the entry it has now


def test_a_switch_to_what_runs_already_makes_no_peft_calls(engine, lora_dirs, expected):
    """A batch on the base after a batch on the base costs no pass over the LoRA layers (it
    turned them off and on again: three passes per batch); a mixed batch, an adapter and the
    base after it still each run as they should."""
    from tutor.evaluation.compare import compare

    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    reg.load(str(lora_dirs["B"]))
    calls = []
    layers = [m for m in engine.model.modules() if hasattr(m, "enable_adapters") and hasattr(m, "lora_A")]
    for layer in layers:
        for method in ("enable_adapters", "set_adapter"):
            original = getattr(layer, method)

            def counted(*args, _original=original, _method=method, **kwargs):
                calls.append(_method)
                return _original(*args, **kwargs)

            setattr(layer, method, counted)
    with engine.lock, reg.activate("base"):
        pass
    assert calls  # the layers were turned off
    calls.clear()
    with engine.lock, reg.activate("base"):
        pass
    assert calls == []  # the base again: nothing to do
    with engine.lock, reg.activate("A"):
        pass
    assert calls  # the layers on, on A
    calls.clear()
    with engine.lock, reg.activate("A"):
        pass
    assert calls == []  # A again: nothing to do
    assert answer(engine, "base") == expected["base"]
    final = list(compare(engine, PROBLEM, ["B", "base", "A"], SETTINGS, batched=True))[-1]
    assert [c.reply.text for c in final] == [expected["B"], expected["base"], expected["A"]]
    assert answer(engine, "base") == expected["base"] and answer(engine, "B") == expected["B"]
    assert not any(p.requires_grad for p in engine.model.parameters())  # frozen as loaded


def test_safetensors_header_check_and_run_scan(lora_dirs, tmp_path):
    header = read_safetensors_header(lora_dirs["A"] / "adapter_model.safetensors")
    assert any(k.endswith("lora_A.weight") for k in header)
    run = tmp_path / "runs" / "sft-1" / "adapter"
    shutil.copytree(lora_dirs["A"], run)
    (tmp_path / "runs" / "empty").mkdir()
    assert AdapterRegistry.scan_runs(tmp_path / "runs") == [run]
    assert AdapterRegistry.scan_runs(tmp_path / "nothing") == []
    from tutor.adapters.registry import default_name

    assert default_name(str(run), set()) == "sft-1"
    assert default_name("org/base", {"base"}) == "adapter_base"


@pytest.mark.slow
@pytest.mark.parametrize("base_dir", TWINS, indirect=True)
def test_concurrent_solve_calls_each_get_their_own_adapter(base_dir, lora_dirs, expected):
    """The app on each twin: streaming /solve per request adapter, /compare with per-row
    adapters, a hot /load_adapter."""
    app = AppProcess(
        "--model",
        str(base_dir),
        "--adapter",
        str(lora_dirs["A"]),
        "--adapter",
        str(lora_dirs["B"]),
        "--precision",
        "fp32",
    )
    try:
        client = app.client()
        listed = client.predict(api_name="/adapters")
        assert [(a["name"], a["rank"], a["base"]) for a in listed] == [
            ("A", 4, str(base_dir)),
            ("B", 4, str(base_dir)),
        ]
        names = ["A", "B"] * 4

        def solve(name):
            return client.predict(
                PROBLEM, [], SETTINGS.max_new_tokens, 0.0, 0.95, 1.0, name, api_name="/solve"
            )

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(solve, names))
        assert results == [expected[n] for n in names]
        job = client.submit(PROBLEM, [], SETTINGS.max_new_tokens, 0.0, 0.95, 1.0, "B", api_name="/solve")
        assert job.result(timeout=60) == expected["B"] and len(job.outputs()) > 1  # it streamed
        loading = client.predict(api_name="/status")["loading"]
        assert ("language model of Gemma3ForConditionalGeneration alone" in loading) == (
            twin_arch(base_dir) == "gemma3-mm"
        ), loading
        # old positional calls still answer with the base
        assert client.predict(PROBLEM, [], SETTINGS.max_new_tokens, api_name="/solve") == expected["base"]
        assert client.predict(PROBLEM, ["B", "base", "A"], SETTINGS.max_new_tokens, api_name="/compare") == [
            expected["B"],
            expected["base"],
            expected["A"],
        ]
        with pytest.raises(Exception, match="no adapter named 'C'"):
            client.predict(problem=PROBLEM, adapter="C", api_name="/solve")
        with pytest.raises(Exception, match="no adapter folder"):
            client.predict("/no/such/adapter", "", api_name="/load_adapter")
        assert client.predict(str(lora_dirs["A"]), "", api_name="/load_adapter") == "A"
    finally:
        app.stop()


def test_fast_switching_after_loads_matches_fresh_engines(engine, lora_dirs, expected):
    """Adapters are loaded while another one is active, in both orders; each request still
    gets exactly its own adapter (B targets modules A does not)."""
    reg = AdapterRegistry(engine)
    reg.load(str(lora_dirs["A"]))
    assert answer(engine, "A") == expected["A"]
    reg.load(str(lora_dirs["B"]))  # injected while A is active
    assert answer(engine, "A") == expected["A"]
    assert answer(engine, "B") == expected["B"]
    reg.unload("A")
    assert answer(engine, "B") == expected["B"] and answer(engine) == expected["base"]
    reg.load(str(lora_dirs["A"]))  # injected while B is active
    for name in ("B", "A", "base", "B", "base", "A"):
        assert answer(engine, name) == expected[name]


def test_adapters_across_classes_load_where_they_fit_and_are_refused_naming_both(twin_dirs, tmp_path):
    """An adapter made on the multimodal class (model.language_model.* keys) loads onto the same
    base served text-only (its language model alone) and gives the standard class's logits; a
    text-only Gemma 3 adapter on the multimodal base, and the reverse, are refused naming both
    bases and classes, with the model left as it was."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    mm, text = twin_dirs("gemma3-mm"), twin_dirs("gemma3-text")
    mm_lora = make_lora(mm, tmp_path / "mm-lora", seed=5, targets=("q_proj", "v_proj", "down_proj"))
    text_lora = make_lora(text, tmp_path / "text-lora", seed=6)
    header = read_safetensors_header(mm_lora / "adapter_model.safetensors")
    assert all(".language_model." in k for k in header) and not any("vision" in k for k in header)

    loaded = load_model(str(mm), precision="fp32")
    assert loaded.language_model_only and type(loaded.model).__name__ == "Gemma3ForCausalLM"
    engine = HFEngine(loaded)
    reg = AdapterRegistry(engine)
    modules_before = [n for n, _ in engine.model.named_modules()]
    with pytest.raises(
        AdapterError,
        match=r"trained on '.*tiny-gemma', a text-only Gemma3ForCausalLM"
        r".*loaded base model '.*gemma3-mm' is a multimodal "
        r"Gemma3ForConditionalGeneration",
    ):
        reg.load(str(text_lora))
    assert [n for n, _ in engine.model.named_modules()] == modules_before and reg.names() == []
    info = reg.load(str(mm_lora))
    assert any("mapped onto the language model" in n for n in info.notes), info.notes
    ids = engine.tokenizer("Natalia sold 48/2 = 24 clips in May.", return_tensors="pt")
    with torch.no_grad(), reg.activate(info.name):
        served = engine.model(**ids).logits
    standard = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(mm), str(mm_lora))
    with torch.no_grad():
        want = standard(**ids).logits
    assert torch.allclose(served, want, atol=1e-5)
    with torch.no_grad(), reg.activate("base"):
        assert (engine.model(**ids).logits - served).abs().max() > 1e-3  # it was really applied

    text_engine = HFEngine(load_model(str(text), precision="fp32"))
    with pytest.raises(
        AdapterError,
        match=r"trained on '.*gemma3-mm', a multimodal "
        r"Gemma3ForConditionalGeneration.*text-only",
    ):
        AdapterRegistry(text_engine).load(str(mm_lora))


def test_switching_adapters_uses_peft_public_api_only():
    """The registry switched adapters by writing PEFT's private `_disable_adapters` and
    `_active_adapter` on every LoRA layer; it goes through `enable_adapters` / `set_adapter` now."""
    import ast

    root = Path(__file__).resolve().parents[1] / "tutor"
    writes = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for t in targets:
                if isinstance(t, ast.Attribute) and t.attr in ("_disable_adapters", "_active_adapter"):
                    writes.append(f"{path.relative_to(root.parent)}:{node.lineno} sets .{t.attr}")
    assert writes == []
