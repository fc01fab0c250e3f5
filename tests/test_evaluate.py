"""End-to-end tests of tutor.evaluation.evaluate on the tiny random model (outputs are garbage: we test the
pipeline, not the accuracy)."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import pytest

import tutor.evaluation.evaluate as ev
from tests.conftest import TWINS
from tutor.evaluation.evaluate import Item, evaluate, rows_to_items

GSM8K_TEST = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "gsm8k" / "test.jsonl"
NEW_TOKENS = 16

pytestmark = pytest.mark.skipif(not GSM8K_TEST.exists(), reason="GSM8K not in ../shared/data")


@pytest.fixture(scope="session")
def eval_tiny_dir(base_dir) -> Path:
    return base_dir  # the tiny Gemma 3, or each twin where a test is parametrized over TWINS


@pytest.fixture(scope="session")
def eval_loaded(eval_tiny_dir):
    from tutor.core.loading import load_model

    return load_model(str(eval_tiny_dir), precision="fp32", device="cpu")


@pytest.fixture(scope="session")
def eval_adapter_dir(eval_tiny_dir, tmp_path_factory) -> Path:
    from tutor.testing.tiny_model import build_lora

    out = build_lora(
        eval_tiny_dir,
        tmp_path_factory.mktemp("eval-adapter") / "lora-one",
        seed=7,
        targets=("q_proj", "k_proj", "v_proj", "o_proj"),
    )
    assert (out / "adapter_model.safetensors").exists()
    return out


@pytest.fixture()
def count_generate(monkeypatch):
    """Count generate_batch calls and the prompts they generate for."""
    calls: list[int] = []
    real = ev.generate_batch

    def wrapped(model, tokenizer, prompts, *a, **k):
        calls.append(len(prompts))
        return real(model, tokenizer, prompts, *a, **k)

    monkeypatch.setattr(ev, "generate_batch", wrapped)
    return calls


def _by_index(report, adapter="base"):
    return {it["index"]: it for it in report["items"] if it["adapter"] == adapter}


def test_batched_equals_unbatched(eval_loaded, count_generate):
    kw = dict(dataset="gsm8k", limit=6, max_new_tokens=NEW_TOKENS, loaded=eval_loaded, show_progress=False)
    batched = evaluate(None, batch_size=4, **kw)
    assert count_generate == [4, 2]
    single = evaluate(None, batch_size=1, **kw)
    assert count_generate[2:] == [1] * 6
    a, b = _by_index(batched), _by_index(single)
    assert set(a) == set(b) and len(a) == 6
    for i in a:
        assert a[i]["response"] == b[i]["response"], i
        assert a[i]["new_tokens"] == b[i]["new_tokens"]
        assert a[i]["correct"] == b[i]["correct"]
    assert any(it["response"] for it in a.values())


def test_report_schema_json_and_csv(eval_loaded, tmp_path):
    out = tmp_path / "report.json"
    report = evaluate(
        None,
        dataset="gsm8k",
        limit=3,
        batch_size=2,
        max_new_tokens=NEW_TOKENS,
        output=out,
        loaded=eval_loaded,
        show_progress=False,
    )
    data = json.loads(out.read_text())
    assert data == json.loads(json.dumps(report))
    assert set(data) >= {"config", "results", "items"}
    assert data["config"]["dataset"] == "gsm8k" and data["config"]["max_new_tokens"] == NEW_TOKENS
    res = data["results"]["base"]
    for key in (
        "accuracy",
        "ci95",
        "strict_match",
        "flexible_extract",
        "n",
        "relative_improvement",
        "tokens_per_s",
    ):
        assert key in res
    assert res["n"] == 3 and 0 <= res["accuracy"] <= 1 and res["relative_improvement"] is None
    lo, hi = res["ci95"]
    assert 0 <= lo <= res["accuracy"] <= hi <= 1
    assert res["tokens_per_s"] > 0
    assert len(data["items"]) == 3
    for it in data["items"]:
        for key in (
            "adapter",
            "index",
            "question",
            "gold",
            "response",
            "extracted",
            "method",
            "correct",
            "strict_match",
            "flexible_extract",
        ):
            assert key in it
        assert isinstance(it["correct"], bool)
    rows = list(csv.DictReader(out.with_suffix(".csv").open(encoding="utf-8")))
    assert [int(r["index"]) for r in rows] == [it["index"] for it in data["items"]]
    assert not list(tmp_path.glob("*.tmp"))  # atomic writes leave no temp files


def test_resume_generates_only_new_items(eval_loaded, tmp_path, count_generate):
    out = tmp_path / "resume.json"
    kw = dict(
        dataset="gsm8k",
        batch_size=1,
        max_new_tokens=NEW_TOKENS,
        output=out,
        loaded=eval_loaded,
        show_progress=False,
        seed=3,
    )
    first = evaluate(None, limit=2, **kw)
    assert sum(count_generate) == 2
    second = evaluate(None, limit=4, **kw)
    assert sum(count_generate) == 4  # only the 2 new items were generated
    old, new = _by_index(first), _by_index(second)
    assert set(old) < set(new) and len(new) == 4
    for i in old:
        assert new[i] == old[i]
    assert second["results"]["base"]["n"] == 4
    evaluate(None, limit=4, **kw)  # nothing left to do
    assert sum(count_generate) == 4
    with pytest.raises(ev.EvaluationError, match="max_new_tokens"):
        evaluate(None, limit=4, **{**kw, "max_new_tokens": NEW_TOKENS + 1})


@pytest.mark.parametrize("base_dir", TWINS, indirect=True)
def test_adapter_evaluated_beside_base(eval_loaded, eval_adapter_dir, tmp_path):
    plain = evaluate(
        None,
        dataset="gsm8k",
        limit=4,
        batch_size=4,
        max_new_tokens=NEW_TOKENS,
        loaded=eval_loaded,
        show_progress=False,
    )
    report = evaluate(
        None,
        adapters=[str(eval_adapter_dir)],
        dataset="gsm8k",
        limit=4,
        batch_size=4,
        max_new_tokens=NEW_TOKENS,
        loaded=eval_loaded,
        output=tmp_path / "ad.json",
        show_progress=False,
    )
    assert list(report["results"]) == ["base", "lora-one"]
    base, lora = _by_index(report, "base"), _by_index(report, "lora-one")
    assert len(base) == len(lora) == 4
    # the base is really the base (adapter disabled) and the adapter really changes the outputs
    assert {i: r["response"] for i, r in base.items()} == {
        i: r["response"] for i, r in _by_index(plain).items()
    }
    assert any(base[i]["response"] != lora[i]["response"] for i in base)
    assert "relative_improvement" in report["results"]["lora-one"]
    # the model passed in is left as it was: no LoRA layers remain
    assert not hasattr(eval_loaded.model, "peft_config")
    assert not any("lora" in n for n, _ in eval_loaded.model.named_modules())


def test_progress_callback_and_cancel(eval_loaded):
    seen: list[tuple[int, int]] = []
    cancel = threading.Event()

    def progress(done, total):
        seen.append((done, total))
        if done >= 2:
            cancel.set()

    report = evaluate(
        None,
        dataset="gsm8k",
        limit=6,
        batch_size=2,
        max_new_tokens=4,
        loaded=eval_loaded,
        progress=progress,
        cancel=cancel,
        show_progress=False,
    )
    assert seen[0] == (0, 6) and seen[1] == (2, 6)
    assert report["cancelled"] is True
    assert len(report["items"]) == 2


def test_runs_in_a_worker_thread(eval_loaded):
    # the UI runs evaluations off the main thread (math-verify must not use signal.alarm there)
    out: dict = {}
    t = threading.Thread(
        target=lambda: out.update(
            r=evaluate(
                None,
                dataset="gsm8k",
                limit=2,
                batch_size=2,
                max_new_tokens=4,
                loaded=eval_loaded,
                show_progress=False,
            )
        )
    )
    t.start()
    t.join(60)
    assert out["r"]["results"]["base"]["n"] == 2


def test_few_shot_prompt_has_prior_turns(eval_loaded):
    tok = eval_loaded.tokenizer
    pool = ev.load_dataset_items("gsm8k", split="train")
    item = ev.load_dataset_items("gsm8k")[0]
    prompt = ev.build_prompt(tok, item, pool[:2])
    assert prompt.count("<start_of_turn>user") == 3 and prompt.count("<start_of_turn>model") == 3
    # two worked examples end in the convention's sentence + the instruction in each question
    assert prompt.count("The final answer is") >= 2 + 3 and "####" not in prompt
    assert "<<" not in prompt  # calculator annotations removed
    assert prompt.rstrip().endswith("<start_of_turn>model")
    zero = ev.build_prompt(tok, item)
    assert "step by step" in zero and item.question.strip() in zero


def test_cli_end_to_end(eval_tiny_dir, tmp_path, capsys):
    out = tmp_path / "cli.json"
    rc = ev.main(
        [
            "--model",
            str(eval_tiny_dir),
            "--dataset",
            "gsm8k",
            "--limit",
            "2",
            "--batch-size",
            "2",
            "--max-new-tokens",
            "4",
            "--output",
            str(out),
            "--precision",
            "fp32",
            "--shots",
            "1",
        ]
    )
    assert rc == 0
    data = json.loads(out.read_text())
    assert data["config"]["shots"] == 1 and data["results"]["base"]["n"] == 2
    assert out.with_suffix(".csv").exists()
    assert "accuracy" in capsys.readouterr().out


def test_other_dataset_formats(tmp_path):
    math_rows = [{"problem": "Compute 1/2 + 1/2.", "solution": "We get $\\boxed{1}$."}]
    items = rows_to_items(math_rows)
    assert items[0].kind == "latex" and items[0].gold_short() == "1"
    mathqa = [
        {
            "Problem": "speed?",
            "Rationale": "so 27.675",
            "correct": "b",
            "options": "a ) 38 , b ) 27.675 , c ) 30 , d ) data inadequate , e ) none",
        }
    ]
    it = rows_to_items(mathqa)[0]
    assert it.kind == "choice" and it.gold_short() == "B"
    assert "B) 27.675" in ev.format_question(it)
    mmlu = [{"question": "2+2?", "choices": ["3", "4", "5", "6"], "answer": 1, "subject": "x"}]
    it = rows_to_items(mmlu)[0]
    assert it.kind == "choice" and it.gold_short() == "B"
    assert ev.grade_item(it, "The answer is B.")["correct"]
    custom = [{"q": "What is 6*7?", "a": "42"}]
    it = rows_to_items(custom, question_field="q", answer_field="a")[0]
    assert (it.question, it.gold_short(), it.kind) == ("What is 6*7?", "42", "numeric")
    with pytest.raises(ev.EvaluationError, match="question-field"):
        rows_to_items(custom)
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in mmlu * 3))
    assert len(ev.load_dataset_items(str(path))) == 3


def test_selection_is_seeded_prefix():
    items = [Item(i, f"q{i}", str(i), "numeric") for i in range(50)]
    small, large = ev.select(items, 5, 0), ev.select(items, 10, 0)
    assert [i.index for i in large[:5]] == [i.index for i in small]
    assert [i.index for i in ev.select(items, 3, None)] == [0, 1, 2]


def test_wilson_interval():
    assert ev.wilson_ci(0, 0) is None
    lo, hi = ev.wilson_ci(45, 100)
    assert lo == pytest.approx(0.3561, abs=1e-3) and hi == pytest.approx(0.5475, abs=1e-3)


def test_stop_ids_include_end_of_turn(eval_loaded):
    tok = eval_loaded.tokenizer
    ids = ev.stop_token_ids(eval_loaded.model, tok)
    assert tok.convert_tokens_to_ids("<end_of_turn>") in ids and tok.eos_token_id in ids


def test_plain_prompt_without_chat_template_and_padding_side_restored(eval_loaded):
    tok = eval_loaded.tokenizer
    item = ev.load_dataset_items("gsm8k")[0]
    template = tok.chat_template
    try:
        tok.chat_template = None
        prompt = ev.build_prompt(tok, item)
    finally:
        tok.chat_template = template
    assert prompt.startswith(tok.bos_token) and prompt.endswith("Answer:")
    assert "<start_of_turn>" not in prompt
    tok.padding_side = "right"
    texts, counts = ev.generate_batch(eval_loaded.model, tok, [prompt, prompt + " x"], 3)
    assert len(texts) == 2 and all(1 <= c <= 3 for c in counts)
    assert tok.padding_side == "right"


def test_multiple_choice_and_math_files_end_to_end(eval_loaded, tmp_path):
    mmlu = tmp_path / "mmlu_test.jsonl"
    mmlu.write_text(
        "\n".join(
            json.dumps(
                {
                    "question": f"{k}+{k}?",
                    "subject": "arith",
                    "choices": [str(k), str(2 * k), "0", "1"],
                    "answer": 1,
                }
            )
            for k in range(2, 5)
        )
    )
    rep = evaluate(
        None,
        dataset=str(mmlu),
        limit=3,
        batch_size=3,
        max_new_tokens=4,
        loaded=eval_loaded,
        show_progress=False,
    )
    res = rep["results"]["base"]
    assert res["n"] == 3 and res["strict_match"] is None and res["flexible_extract"] is None
    assert {it["gold"] for it in rep["items"]} == {"B"}
    math_file = tmp_path / "math_test.jsonl"
    math_file.write_text(
        json.dumps({"problem": "What is $\\frac{1}{2}+\\frac{1}{2}$?", "solution": "It is $\\boxed{1}$."})
    )
    rep = evaluate(
        None, dataset=str(math_file), batch_size=1, max_new_tokens=4, loaded=eval_loaded, show_progress=False
    )
    assert rep["items"][0]["gold"] == "1" and rep["results"]["base"]["n"] == 1
    with pytest.raises(ev.EvaluationError, match="train split"):
        evaluate(None, dataset=str(math_file), shots=1, loaded=eval_loaded, show_progress=False)


def test_adapters_already_loaded_on_a_peft_model_are_switched_and_restored(eval_loaded, eval_adapter_dir):
    # the app passes its PeftModel (adapters loaded by name) and the names
    import dataclasses

    from peft import PeftModel

    peft_model = PeftModel.from_pretrained(eval_loaded.model, str(eval_adapter_dir), adapter_name="mine")
    try:
        peft_model.load_adapter(str(eval_adapter_dir), adapter_name="other")
        peft_model.set_adapter("other")
        for p in peft_model.parameters():
            p.requires_grad_(False)
        loaded = dataclasses.replace(eval_loaded, model=peft_model)
        rep = evaluate(
            None,
            ["mine"],
            dataset="gsm8k",
            limit=2,
            batch_size=2,
            max_new_tokens=6,
            loaded=loaded,
            show_progress=False,
        )
        assert list(rep["results"]) == ["base", "mine"]
        assert set(peft_model.peft_config) == {"mine", "other"}  # nothing added or deleted
        assert peft_model.active_adapter == "other"  # the active adapter is restored
        assert not any(p.requires_grad for p in peft_model.parameters())
    finally:
        peft_model.unload()
    assert not any("lora" in n for n, _ in eval_loaded.model.named_modules())
