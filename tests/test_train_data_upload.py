"""A teacher's data file, in process: read by content with bounds, malformed files named by line and
column, stored only under the runs folder with its hash, columns guessed for the known formats,
the checks (no answer, duplicates, inconsistent answers, contamination) and their precision on
GSM8K's own train split, the data report through the real model's chat template, and the Train
tab's readable log and loss chart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import GSM8K_DIR
from tutor.core import data_checks, data_files, data_mapping
from tutor.core.data_checks import Row


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ---- reading by content, bounds, malformed files ---------------------------------------------


def test_kind_is_read_from_the_content_not_the_name(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    assert data_files.sniff(write(tmp_path / "a.parquet", "question,answer\n1+1,2\n")) == "csv"
    assert data_files.sniff(write(tmp_path / "b.csv", '{"q": 1}\n{"q": 2}\n')) == "jsonl"
    assert data_files.sniff(write(tmp_path / "c.txt", '[{"q": 1}]')) == "json"
    pq.write_table(pa.table({"question": ["1+1"], "answer": ["2"]}), tmp_path / "d.csv")
    assert data_files.sniff(tmp_path / "d.csv") == "parquet"
    assert data_files.read_file(tmp_path / "d.csv").rows == [{"question": "1+1", "answer": "2"}]
    with pytest.raises(data_files.DataFileError, match="binary"):
        data_files.read_file(write(tmp_path / "e.csv", b"MZ\x90\x00\x03\x00\x00\x00"))
    with pytest.raises(data_files.DataFileError, match="cut short"):
        data_files.read_file(write(tmp_path / "f.parquet", b"PAR1" + b"x" * 20))


def test_malformed_files_name_the_line_and_column(tmp_path):
    bad_csv = write(tmp_path / "a.csv", 'q,s,a\n"1+1","2",2\n"2+2","4",4,oops\n')
    with pytest.raises(data_files.DataFileError) as e:
        data_files.read_file(bad_csv)
    assert (e.value.row, e.value.column) == (3, 4) and "line 3, column 4" in str(e.value)
    short = write(tmp_path / "b.csv", "q,s,a\n1+1,2\n")
    with pytest.raises(data_files.DataFileError, match="line 2, column 3: .*missing 'a'"):
        data_files.read_file(short)
    bad_jsonl = write(tmp_path / "c.jsonl", '{"q": "1+1", "a": 2}\n{"q": "2+2", "a": 4,}\n')
    with pytest.raises(data_files.DataFileError) as e:
        data_files.read_file(bad_jsonl)
    assert e.value.row == 2 and e.value.column == 21
    with pytest.raises(data_files.DataFileError, match="line 2: expected a JSON object"):
        data_files.read_file(write(tmp_path / "d.jsonl", '{"q": 1}\n[1, 2]\n'))
    with pytest.raises(data_files.DataFileError, match="line 3, column 6: not valid JSON"):
        data_files.read_file(write(tmp_path / "e.json", '[\n{"q": 1},\n{"q" 2}\n]'))
    with pytest.raises(data_files.DataFileError, match="names 'q' twice"):
        data_files.read_file(write(tmp_path / "f.csv", "q,q\n1,2\n"))


def test_size_row_and_cell_limits(tmp_path):
    rows = "".join(json.dumps({"q": f"{i}+1", "a": i + 1}) + "\n" for i in range(30))
    path = write(tmp_path / "a.jsonl", rows)
    data = data_files.read_file(path, data_files.Limits(max_rows=10))
    assert len(data.rows) == 10 and data.truncated
    with pytest.raises(data_files.DataFileError, match="at most"):
        data_files.read_file(path, data_files.Limits(max_bytes=100))
    with pytest.raises(data_files.DataFileError, match="line 2, column q: a cell holds over 10"):
        data_files.read_file(
            write(tmp_path / "b.csv", "q,a\n" + "x" * 11 + ",1\n"), data_files.Limits(max_cell_chars=10)
        )


def test_uploads_are_stored_under_the_runs_folder_with_their_hash_and_pinned_into_the_run(tmp_path):
    runs = tmp_path / "runs"
    src = write(tmp_path / "in.csv", "question,answer\n1+1,2\n")
    stored, data = data_files.store_upload(src, runs, name="../../../etc/cron.d/x.csv")
    path = Path(stored.path)
    assert runs.resolve() in path.parents and path.name == "x.csv"
    assert stored.sha256 == data_files.sha256_file(src) and path.parent.name == stored.sha256[:16]
    raw = {
        "datasets": [{"name": "x", "path": stored.path, "sha256": stored.sha256}, {"name": "openai/gsm8k"}]
    }
    pinned = data_files.pin_uploads(raw, runs / "run1", runs)
    copy = Path(pinned["datasets"][0]["path"])
    assert copy.parent == runs / "run1" / "data" and copy.read_bytes() == src.read_bytes()
    assert pinned["datasets"][1] == {"name": "openai/gsm8k"}
    path.write_text("question,answer\n1+1,3\n")  # changed after it was checked
    with pytest.raises(data_files.DataFileError, match="changed since it was checked"):
        data_files.pin_uploads(raw, runs / "run2", runs)
    raw["datasets"][0]["sha256"] = data_files.sha256_file(path)
    with pytest.raises(data_files.DataFileError, match="outside"):
        data_files.pin_uploads(raw, tmp_path / "elsewhere", runs)
    assert not (tmp_path / "elsewhere").exists()


# ---- mapping -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "fmt", "known", "roles"),
    [
        (
            {"question": "q", "answer": "x\n#### 4"},
            "gsm8k",
            "GSM8K",
            {"question": "question", "solution": "answer"},
        ),
        (
            {"problem": "p", "generated_solution": "<think>t</think> s", "expected_answer": "4"},
            "mathx",
            "MathX-5M",
            {"question": "problem", "solution": "generated_solution", "answer": "expected_answer"},
        ),
        ({"problem": "p", "solution": "s", "messages": [], "source": "amc"}, "numina", "NuminaMath", {}),
        ({"Problem": "p", "Rationale": "r", "options": "a ) 1", "correct": "a"}, "mathqa", "Math-QA", {}),
        ({"question": "q", "choices": ["1", "2"], "answer": 0, "subject": "algebra"}, "mmlu", "MMLU", {}),
        (
            {"instruction": "i", "input": "", "output": "o"},
            "columns",
            "Alpaca-style",
            {"question": "instruction"},
        ),
        ({"messages": [{"role": "user", "content": "x"}]}, "messages", "chat messages", {}),
        (
            {"Exercise": "e", "Worked solution": "w", "Final answer": "1", "Thinking": "t"},
            "columns",
            "",
            {
                "question": "Exercise",
                "solution": "Worked solution",
                "answer": "Final answer",
                "reasoning": "Thinking",
            },
        ),
    ],
)
def test_the_mapping_is_guessed_for_the_known_formats(row, fmt, known, roles):
    m = data_mapping.guess(list(row), row)
    assert (m.format, m.known) == (fmt, known)
    assert roles.items() <= m.roles.items()
    assert data_mapping.problems(m, list(row)) == []


def test_an_edited_mapping_becomes_the_recipes_columns_and_trains_through_the_formatter():
    from train.data import format_columns

    m = data_mapping.Mapping("columns", {"question": "Q", "solution": "W", "answer": "A", "reasoning": "R"})
    entry = data_mapping.source_entry("bank", m, path="/runs/uploads/x/bank.csv", sha256="ab" * 32, count=9)
    assert entry["columns"] == {"problem": "Q", "solution": "W", "answer": "A", "reasoning": "R"}
    msgs = format_columns({"Q": "2+2?", "W": "2+2=4.", "A": "4", "R": "add"}, None, entry["columns"])
    assert msgs[-1]["content"] == "<think>\nadd\n</think>\n\n2+2=4.\nThe final answer is 4."
    answer_only = format_columns({"Q": "2+3?", "A": "5"}, None, {"problem": "Q", "answer": "A"})
    assert answer_only[-1]["content"] == "The final answer is 5."
    assert data_mapping.problems(data_mapping.Mapping("columns", {"question": "Q"}), ["Q"]) == [
        "choose a solution or an answer column"
    ]


# ---- checks --------------------------------------------------------------------------------------


def test_each_check_flags_its_rows():
    rows = [
        Row("bank", 1, "What is 2 + 3?", "2 + 3 = 5. The answer is 5.", "5"),
        Row("bank", 2, "what is 2+3 ?", "Five.", "5"),
        Row("bank", 3, "Solve 2x = 10.", "x = 10/2. The final answer is 5.", "6"),
        Row("bank", 4, "How many legs do 3 cats have?", "3 * 4 = 12.", None),
        Row("bank", 5, "Pints?", "the final answer is 15 gallons * 8 pints / gallon = 120 pints", "120"),
    ]
    checks = {c.kind: c for c in data_checks.run_checks(rows)}
    assert [r[:2] for r in checks["duplicate"].rows] == [["bank", 2]]
    assert [r[:2] for r in checks["inconsistent"].rows] == [["bank", 3]]
    assert "'5'" in checks["inconsistent"].examples[0]["detail"]
    assert [r[:2] for r in checks["no_answer"].rows] == [["bank", 4]]


def test_contamination_finds_copies_and_near_copies_not_the_same_template_with_other_numbers():
    test = data_checks.read_questions(GSM8K_DIR / "test.jsonl")
    q = test[0]
    rows = [
        Row("bank", 1, q),
        Row("bank", 2, "  " + q.upper().replace(".", " ! ") + " Show your work."),
        Row("bank", 3, q.replace("16", "20").replace("$2", "$3")),
        Row("bank", 4, "What is 2 + 3?"),
        Row("bank", 5, q.replace("ducks", "hens").replace("muffins", "bread")),
    ]
    c = data_checks.contamination(rows, data_checks.EvalIndex({"GSM8K test": test}))
    assert [r[:2] for r in c.rows] == [["bank", 1], ["bank", 2], ["bank", 5]]
    assert "GSM8K test row 1 (same problem)" in c.examples[0]["detail"]
    assert "GSM8K test row 1 (contains the whole problem)" in c.examples[1]["detail"]
    assert "near-duplicate: same numbers" in c.examples[2]["detail"]


def test_precision_on_gsm8k_train_no_false_flags():
    """GSM8K's 7,473 train rows: no slip, no test problem, no duplicate is claimed (the grader's
    false 'inconsistent' on 'the final answer is 15 gallons * 8 = 120 pints' was one)."""
    import re

    from train.data import gsm8k_solution

    rows = []
    for i, line in enumerate((GSM8K_DIR / "train.jsonl").read_text().splitlines(), 1):
        r = json.loads(line)
        body, final = gsm8k_solution(r["answer"])
        rows.append(Row("train", i, r["question"], re.sub(r"\s+$", "", body), final))
    checks = data_checks.run_checks(
        rows, {"GSM8K test": data_checks.read_questions(GSM8K_DIR / "test.jsonl")}
    )
    assert {c.kind: c.count for c in checks} == {
        "no_answer": 0,
        "duplicate": 0,
        "inconsistent": 0,
        "contamination": 0,
    }


# ---- the report through the real model's chat template --------------------------------------------


def test_report_shows_rows_as_the_model_sees_them_and_the_length_cut(tmp_path, real_model_dir):
    from train.data_report import build_report, summary_lines
    from tutor.core.train_config import build_config

    path = write(
        tmp_path / "bank.csv",
        "Question,Worked solution,Final answer\n"
        + "".join(f'"What is {i} + {i}?","{i} + {i} = {2 * i}.",{2 * i}\n' for i in range(1, 9))
        + '"'
        + "A very long question. " * 40
        + '","Long.",1\n',
    )
    cfg = build_config(
        {
            "model": str(real_model_dir),
            "max_length": 90,
            "max_steps": 1,
            "datasets": [
                {
                    "name": "bank",
                    "path": str(path),
                    "format": "columns",
                    "columns": {
                        "problem": "Question",
                        "solution": "Worked solution",
                        "answer": "Final answer",
                    },
                }
            ],
            "eval_size": 2,
        }
    )
    report = build_report(cfg, page_size=3, eval_sets={})
    first = report["preview"][0]
    assert first["prompt"].endswith("<|im_start|>assistant\n") and "What is 1 + 1?" in first["prompt"]
    assert first["completion"] == "1 + 1 = 2.\nThe final answer is 2.<|im_end|>\n"
    assert len(report["preview"]) == 3 and report["measured"] == 9
    assert report["dropped"] == 1 and report["truncated"] == 0  # the long prompt leaves no reply
    assert report["sources"] == [{"source": "bank", "format": "columns", "rows": 9, "eval": 2, "train": 7}]
    lines = summary_lines(report)
    assert "data lengths: max_length 90 truncates 0 and drops 1 (no reply left) of 9 rows measured" in lines


# ---- the Train tab's log and loss chart -------------------------------------------------------------


def test_the_log_tail_puts_the_jobs_lines_first_and_folds_library_warnings():
    from tutor.jobs.log_view import readable

    warn = (
        "2026-01-01 10:00:0{} WARNING py.warnings: /x/trainer.py:12: FutureWarning: `tokenizer` is deprecated\n"
        "  warnings.warn(\n"
    )
    text = (
        "2026-01-01 10:00:00,001 INFO train: device cpu\n"
        + warn.format("1,000")
        + warn.format("2,000")
        + "2026-01-01 10:00:03,000 WARNING transformers.trainer: a different notice\n"
        + "2026-01-01 10:00:04,000 INFO train: step 1/4 loss 2.3\n"
    )
    out = readable(text)
    own, folded = out.split("── library messages, folded (3) ──")
    assert own.strip().splitlines() == [
        "2026-01-01 10:00:00,001 INFO train: device cpu",
        "2026-01-01 10:00:04,000 INFO train: step 1/4 loss 2.3",
    ]
    assert "×2 py.warnings: FutureWarning: `tokenizer` is deprecated" in folded


def test_the_loss_chart_draws_lines_on_numeric_axes():
    from tutor.ui.svg_charts import loss_chart

    svg = loss_chart({"train": [(1, 2.0), (2, 1.5), (3, 1.2)], "eval": [(2, 1.6)]})
    assert "class='loss-line series-train'" in svg and "data-points='3'" in svg
    assert svg.count("<circle") == 4 and "class='y-tick'" in svg
    assert "data-values='1:2,2:1.5,3:1.2'" in svg
    assert "No loss logged yet" in loss_chart({"train": [], "eval": []})


def test_the_exported_check_list_neutralises_formulas(tmp_path):
    from tutor.ui.train_data_panel import export_checks

    rows = [Row("bank", 1, '=HYPERLINK("http://x")', "", None), Row("bank", 2, "-2+3?", "1", "1")]
    report = {"checks": [c.as_dict() for c in data_checks.run_checks(rows)]}
    text = export_checks(report, tmp_path / "out").read_text()
    assert (
        "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and "'-2+3?" not in text
    )  # no answer: row 1 only


def test_a_hub_dataset_id_is_checked_and_offline_says_why():
    with pytest.raises(data_files.DataFileError, match="not a Hub dataset id"):
        data_files.read_hub("../../etc/passwd", None, "train")
    with pytest.raises(data_files.DataFileError, match="'nobody/no-such-set': no network .*local cache"):
        data_files.read_hub("nobody/no-such-set", "main", "test")


def test_files_the_training_job_would_read_otherwise_are_refused(tmp_path):
    with pytest.raises(data_files.DataFileError, match="separated by ';': save the file with commas"):
        data_files.read_file(write(tmp_path / "a.csv", "question;answer\n1+1;2\n"))
    with pytest.raises(data_files.DataFileError, match="expected a JSON list of rows"):
        data_files.read_file(write(tmp_path / "b.json", '{\n  "data": [{"q": 1}]\n}'))
