"""Formatters on real/schema rows, completion-only masking with TRL's own tokenization, streaming."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from train import data as D
from train.config import REPO_ROOT, SourceConfig, build_config

GSM8K = REPO_ROOT.parent / "shared" / "data" / "gsm8k" / "train.jsonl"


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir) -> Path:
    return tiny_model_dir  # built once per session by tests/conftest.py


def _gsm8k_rows(n: int) -> list[dict]:
    rows = []
    with open(GSM8K, encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if len(rows) == n:
                break
    return rows


def test_gsm8k_real_rows_lose_annotations_and_state_the_final_answer():
    rows = _gsm8k_rows(50)
    assert any("<<" in r["answer"] for r in rows)
    for row in rows:
        msgs = D.format_gsm8k(row)
        assert [m["role"] for m in msgs] == ["system", "user", "assistant"]
        assert msgs[1]["content"] == row["question"].strip()
        text = msgs[2]["content"]
        assert "<<" not in text and ">>" not in text and "####" not in text
        expected = row["answer"].rsplit("####", 1)[1].strip()
        assert text.endswith(f"The final answer is {expected}.")
        m = re.search(r"The final answer is (.+)\.$", text)
        assert m and m.group(1) == expected


def test_other_schemas_format_to_chat():
    mathx = D.format_mathx(
        {
            "question": "Solve 3x + 7 = 22.",
            "expected_answer": "5",
            "generated_solution": "<think>\n3x = 15, x = 5\n</think>\nTherefore x is five.",
        }
    )
    assert mathx[1]["content"] == "Solve 3x + 7 = 22."
    assert mathx[2]["content"].startswith("<think>") and mathx[2]["content"].endswith(
        "The final answer is 5."
    )
    already = D.format_mathx(
        {"problem": "p", "expected_answer": "5", "generated_solution": "<think>x</think>\nSo x = 5."}
    )
    assert already[2]["content"] == "<think>x</think>\nSo x = 5."

    numina = D.format_numina({"problem": "What is 1+1?", "solution": "1+1 = \\boxed{2}"})
    assert numina[2]["content"] == "1+1 = \\boxed{2}"
    numina_msgs = D.format_numina(
        {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]}
    )
    assert [m["content"] for m in numina_msgs[1:]] == ["Q", "A"]

    hard = D.format_gsm_hard(
        {"input": "Janet has 16 eggs...", "code": "def solution():\n    return 18", "target": 18.0}
    )
    assert "```python\ndef solution():" in hard[2]["content"]
    assert hard[2]["content"].endswith("The final answer is 18.")

    mqa = D.format_mathqa(
        {
            "Problem": "a train runs ...",
            "Rationale": '"speed = 38 km/h"',
            "options": "a ) 38 , b ) 27.675 , c ) 40 , d ) 12 , e ) none",
            "correct": "b",
        }
    )
    assert "A) 38\nB) 27.675\nC) 40\nD) 12\nE) none" in mqa[1]["content"]
    assert mqa[2]["content"] == "speed = 38 km/h\nThe correct option is (B) 27.675."
    assert D.parse_mathqa_options({"a": "1", "b": "2"}) == [("A", "1"), ("B", "2")]

    mmlu = D.format_mmlu(
        {
            "question": "2+2?",
            "choices": ["3", "4", "5", "6"],
            "answer": 1,
            "subject": "elementary_mathematics",
        }
    )
    assert "about elementary mathematics" in mmlu[1]["content"] and "B) 4" in mmlu[1]["content"]
    assert mmlu[2]["content"] == "The correct option is (B) 4."
    nested = D.format_mmlu({"train": {"question": "q", "choices": ["x", "y"], "answer": 0}})
    assert nested[2]["content"] == "The correct option is (A) x."

    cols = D.format_columns(
        {"q": "What is 6*7?", "a": "6*7 = 42", "ans": "42"},
        columns={"problem": "q", "solution": "a", "answer": "ans"},
    )
    assert cols[1]["content"] == "What is 6*7?" and cols[2]["content"] == "6*7 = 42\nThe final answer is 42."
    with pytest.raises(KeyError, match="no column"):
        D.format_columns({"x": 1}, columns={"problem": "q"})

    pc = D.to_prompt_completion(mathx)
    assert [m["role"] for m in pc["prompt"]] == ["system", "user"]
    assert pc["completion"] == [mathx[2]]
    folded = D.to_prompt_completion(mathx, fold_system_prompt=True)
    assert [m["role"] for m in folded["prompt"]] == ["user"]


def test_completion_only_labels_with_trl_tokenization_and_collator(tiny_model):
    """labels == -100 exactly on the prompt tokens; every completion token is supervised."""
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig

    from train.job import _trainer_class

    tok = AutoTokenizer.from_pretrained(tiny_model)
    tok.padding_side = "right"
    rows = [D.to_prompt_completion(D.format_gsm8k(r)) for r in _gsm8k_rows(4)]
    model = AutoModelForCausalLM.from_pretrained(tiny_model)
    args = SFTConfig(
        output_dir=str(tiny_model.parent / "mask-check"),
        max_steps=1,
        report_to=[],
        completion_only_loss=True,
        padding_free=True,
        max_length=None,
        use_cpu=True,
        bf16=False,
        per_device_train_batch_size=4,
        gradient_checkpointing=False,
    )
    trainer = _trainer_class()(
        model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tok, truncate_to=2048
    )
    prepared = list(trainer.train_dataset)
    for row, ex in zip(rows, prepared):
        prompt_ids = tok.apply_chat_template(
            row["prompt"], add_generation_prompt=True, tokenize=True, return_dict=True
        )["input_ids"]
        full_ids = tok.apply_chat_template(
            row["prompt"] + row["completion"], tokenize=True, return_dict=True
        )["input_ids"]
        assert ex["input_ids"] == full_ids
        n = len(prompt_ids)
        assert ex["input_ids"][:n] == prompt_ids
        assert all(label == -100 for label in ex["labels"][:n])
        assert ex["labels"][n:] == ex["input_ids"][n:] and len(ex["labels"]) > n
        completion_text = tok.decode(ex["input_ids"][n:])
        assert row["completion"][0]["content"].split("\n")[0] in completion_text
        assert "<end_of_turn>" in completion_text  # the model learns to stop
    # The collator (padding-free: one flattened row + position_ids) keeps exactly these labels.
    batch = trainer.data_collator(prepared)
    flat = [label for ex in prepared for label in ex["labels"]]
    assert batch["labels"].shape == (1, len(flat))
    assert batch["labels"][0].tolist() == flat
    assert "attention_mask" not in batch and batch["position_ids"][0, 0].item() == 0
    assert int((batch["position_ids"][0] == 0).sum()) == len(prepared)
    # Padding-free loss equals the loss of the same rows padded to the batch's longest.
    from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

    padded = DataCollatorForLanguageModeling(pad_token_id=tok.pad_token_id)(prepared)
    # (the default fast path on sdpa: dynamic padding to the batch's longest row, pads masked too)
    assert padded["labels"].shape[1] == max(len(ex["input_ids"]) for ex in prepared)
    for i, ex in enumerate(prepared):
        n = len(ex["labels"])
        assert padded["labels"][i, :n].tolist() == ex["labels"]
        assert (padded["labels"][i, n:] == -100).all() and (padded["attention_mask"][i, n:] == 0).all()
    with torch.no_grad():
        a = model(**{k: v for k, v in batch.items() if k in ("input_ids", "position_ids", "labels")}).loss
        b = model(
            input_ids=padded["input_ids"], attention_mask=padded["attention_mask"], labels=padded["labels"]
        ).loss
    assert abs(a.item() - b.item()) < 1e-4


def test_large_local_source_streams_without_materializing(tmp_path):
    from datasets import IterableDataset

    big = tmp_path / "big.jsonl"
    line = json.dumps({"question": "What is 2+2? " * 3, "answer": "2+2 = <<2+2=4>>4\n#### 4"}) + "\n"
    with open(big, "w", encoding="utf-8") as fh:
        for _ in range(20):
            fh.write(line * 10_000)  # 200k rows
    cfg = build_config(
        {
            "model": "x/y",
            "max_steps": 5,
            "eval_size": 3,
            "shuffle_buffer": 50,
            "datasets": [{"name": "big", "path": str(big), "format": "gsm8k", "count": 100}],
        }
    )
    t0 = time.perf_counter()
    train, evals, info = D.build_datasets(cfg)
    assert isinstance(train, IterableDataset) and isinstance(evals, IterableDataset)
    first = next(iter(train))
    assert time.perf_counter() - t0 < 10
    assert first["completion"][0]["content"].endswith("The final answer is 4.")
    assert sum(1 for _ in train) == 100 and sum(1 for _ in evals) == 3


@pytest.mark.parametrize("streaming", [True, False])
def test_parquet_source_reads_in_small_batches_streamed_or_cached(tmp_path, streaming):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [
        {"question": f"What is {i} + 1?", "answer": f"{i} + 1 = <<{i}+1={i + 1}>>{i + 1}\n#### {i + 1}"}
        for i in range(2500)
    ]
    path = tmp_path / "gsm.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2500)
    cfg = build_config(
        {
            "model": "x/y",
            "max_steps": 1,
            "shuffle_buffer": 10,
            "eval_size": 0,
            "datasets": [{"name": "pq", "path": str(path), "streaming": streaming}],
        }
    )
    train, _, info = D.build_datasets(cfg)
    assert info["formats"] == {"pq": "gsm8k"}
    got = sorted(r["completion"][0]["content"].rsplit(" ", 1)[-1] for r in train)
    assert len(got) == 2500 and "2500." in got and "1." in got


def test_mix_by_counts_is_exact_and_eval_never_overlaps(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.csv"
    a.write_text(
        "".join(json.dumps({"question": f"A{i}", "answer": f"x\n#### {i}"}) + "\n" for i in range(200))
    )
    b.write_text("prob,sol\n" + "".join(f"B{i},y{i}\n" for i in range(200)))
    cfg = build_config(
        {
            "model": "x/y",
            "max_steps": 5,
            "eval_size": 8,
            "seed": 3,
            "shuffle_buffer": 100,
            "datasets": [
                {"name": "a", "path": str(a), "count": 30},
                {
                    "name": "b",
                    "path": str(b),
                    "count": 10,
                    "format": "columns",
                    "columns": {"problem": "prob", "solution": "sol"},
                },
            ],
        }
    )
    train, evals, info = D.build_datasets(cfg)
    tr = [r["prompt"][-1]["content"] for r in train]
    ev = [r["prompt"][-1]["content"] for r in evals]
    assert len(tr) == 40 and sum(q.startswith("A") for q in tr) == 30
    assert len(ev) == 8 and not set(tr) & set(ev)
    assert tr == [r["prompt"][-1]["content"] for r in D.build_datasets(cfg)[0]]  # seeded
    assert info["formats"] == {"a": "gsm8k", "b": "columns"}


def test_unloadable_source_names_itself(monkeypatch):
    import datasets
    import huggingface_hub.constants

    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(D.DataSourceError, match="nobody/no-such-dataset"):
        D.load_source(SourceConfig(name="nobody/no-such-dataset"))


def test_unreadable_file_with_an_explicit_format_is_named(tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{not json\n")
    cfg = build_config(
        {
            "model": "runs/.tiny-model",
            "output_dir": str(tmp_path / "run"),
            "max_steps": 1,
            "datasets": [{"name": "my-gsm8k-copy", "path": str(bad), "format": "gsm8k"}],
        }
    )
    with pytest.raises(D.DataSourceError, match="my-gsm8k-copy"):
        D.build_datasets(cfg)


def test_push_uses_huggingface_hub_without_touching_the_token(tmp_path, monkeypatch):
    import huggingface_hub

    from train.push import push_adapter

    calls = []

    class FakeApi:
        def __init__(self, *a, **k):
            assert not a and "token" not in k  # huggingface_hub resolves the token itself

        def create_repo(self, **kw):
            calls.append(("create", kw))

        def upload_folder(self, **kw):
            calls.append(("upload", kw))

    monkeypatch.setattr(huggingface_hub, "HfApi", FakeApi)
    (tmp_path / "adapter_config.json").write_text("{}")
    url = push_adapter(tmp_path, "me/tutor-lora", private=True)
    assert url == "https://huggingface.co/me/tutor-lora"
    assert calls[0] == (
        "create",
        {"repo_id": "me/tutor-lora", "repo_type": "model", "private": True, "exist_ok": True},
    )
    assert calls[1][1]["folder_path"] == str(tmp_path)


def test_gemma2_style_template_gets_the_system_prompt_folded():
    from tutor.core.prompting import template_rejects_system
    from tutor.testing.tiny_model import TEMPLATES, build_tokenizer

    tok = build_tokenizer()
    tok.chat_template = TEMPLATES["gemma2"]
    assert template_rejects_system(tok)  # what the job checks before building the rows
    row = D.to_prompt_completion(D.format_gsm8k(_gsm8k_rows(1)[0]), fold_system_prompt=True)
    text = tok.apply_chat_template(row["prompt"] + row["completion"], tokenize=False)
    assert text.startswith("<bos><start_of_turn>user\nYou are an expert mathematics tutor.")
    assert "<start_of_turn>model\n" in text and "The final answer is 72." in text
