"""The Evaluate tab: pure helpers on a hand-made report, evaluation on the app's own engine (with a
loaded adapter, leaving the registry as it was), cancellation, and the `/evaluate` API end to end
(model and symbolic engines)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import AppProcess
from tests.test_adapters import make_lora
from tutor.security import AllowedRoots
from tutor.settings import AppConfig
from tutor.ui import evaluate_tab as et

REPORT = {
    "config": {"dataset": "gsm8k"},
    "results": {
        "base": {
            "accuracy": 0.5,
            "ci95": [0.1, 0.9],
            "n": 2,
            "correct": 1,
            "strict_match": 0.5,
            "flexible_extract": 0.5,
            "relative_improvement": None,
            "tokens_per_s": 12.34,
            "hint_leak_rate": 0.25,
            "calculations_checked_rate": 0.5,
            "calculation_error_rate": 0.1,
            "maj_accuracy": 0.5,
            "maj_k": 4,
            "avg_reply_tokens": 31.2,
        },
        "lora": {
            "accuracy": 1.0,
            "ci95": [0.34, 1.0],
            "n": 2,
            "correct": 2,
            "strict_match": None,
            "flexible_extract": 1.0,
            "relative_improvement": 1.0,
            "tokens_per_s": None,
        },
    },
    "items": [
        {
            "adapter": "base",
            "index": 3,
            "question": "What is 2+2?",
            "gold": "4",
            "response": "<think>2 plus 2 <b>is</b> four</think>\n#### 4",
            "extracted": "4",
            "method": "hashes",
            "correct": True,
        },
        {
            "adapter": "base",
            "index": 5,
            "question": "What is 3+4?",
            "gold": "7",
            "response": "#### 8",
            "extracted": "8",
            "method": "hashes",
            "correct": False,
        },
        {
            "adapter": "base",
            "index": 9,
            "question": "What is 1+1?",
            "gold": "2",
            "response": "#### 3",
            "extracted": "3",
            "method": "hashes",
            "correct": False,
        },
        {
            "adapter": "lora",
            "index": 3,
            "question": "What is 2+2?",
            "gold": "4",
            "response": "#### 4",
            "extracted": "4",
            "method": "hashes",
            "correct": True,
        },
        {
            "adapter": "lora",
            "index": 5,
            "question": "What is 3+4?",
            "gold": "7",
            "response": "#### 7",
            "extracted": "7",
            "method": "hashes",
            "correct": True,
        },
        {
            "adapter": "lora",
            "index": 9,
            "question": "What is 1+1?",
            "gold": "2",
            "response": "#### 5",
            "extracted": "5",
            "method": "hashes",
            "correct": False,
        },
    ],
    "cancelled": False,
}


# ---------------------------------------------------------------------------------------------
# pure helpers


def test_results_rows_format_every_column():
    rows = et.results_rows(REPORT)
    assert [r[0] for r in rows] == ["base", "lora"]
    assert len(rows[0]) == len(et.TABLE_HEADERS)
    assert rows[0] == [
        "base",
        2,
        "50.0%",
        "10.0% – 90.0%",
        "50.0%",
        "50.0%",
        "-",
        "12.3",
        "25.0%",
        "50.0%",
        "10.0%",
        "50.0% (k=4)",
        "31",
    ]
    assert rows[1][6] == "+100.0%" and rows[1][4] == "-" and rows[1][7] == "-"
    assert et.results_rows({}) == []


def test_filters_all_wrong_and_disagreements():
    assert et.filter_indices(REPORT, "all") == [3, 5, 9]
    assert et.filter_indices(REPORT, "wrong only") == [5, 9]
    assert et.filter_indices(REPORT, "disagreements") == [5]
    labels = et.item_choices(REPORT, "disagreements")
    assert labels == [("#5 · base✗ lora✓ · What is 3+4?", 5)]


def test_item_html_escapes_and_collapses_reasoning():
    page = et.item_html(REPORT, 3)
    assert "<details><summary>Reasoning</summary>" in page
    assert "&lt;b&gt;is&lt;/b&gt;" in page and "<b>is</b>" not in page  # escaped
    assert page.count("✓") == 2 and "Gold:" in page
    assert "✗ base" in et.item_html(REPORT, 5) and "✓ lora" in et.item_html(REPORT, 5)
    assert et.item_html(REPORT, None) == ""
    assert "No such problem" in et.item_html(REPORT, 42)


def test_figure_has_a_bar_per_adapter_with_error_bars():
    fig = et.accuracy_figure(REPORT)
    ax = fig.axes[0]
    assert len(ax.patches) == 2
    assert [round(p.get_height(), 3) for p in ax.patches] == [0.5, 1.0]
    from matplotlib.container import BarContainer, ErrorbarContainer

    assert any(isinstance(c, BarContainer) and c.errorbar is not None for c in ax.containers) or any(
        isinstance(c, ErrorbarContainer) for c in ax.containers
    )
    assert len(et.accuracy_figure({}).axes[0].patches) == 0
    quality = et.accuracy_figure(REPORT).axes[1]  # tutoring quality beside accuracy
    assert quality.get_title() == "tutoring quality" and len(quality.patches) == 2 * 4


def test_output_path_and_progress(tmp_path):
    p = et.output_path(tmp_path)
    assert p.parent == tmp_path / "evals" and p.suffix == ".json"
    p.parent.mkdir(parents=True)
    p.write_text("{}")
    assert et.output_path(tmp_path) != p
    assert "2/4" in et.progress_html(2, 4)
    assert et.downloadable(str(p)) == str(p.resolve())  # the temp dir is served as it is
    assert et.downloadable(str(tmp_path / "missing.json")) is None


# ---------------------------------------------------------------------------------------------
# on the app's engine, in process


@pytest.fixture(scope="module")
def engine_with_adapter(tiny_model_dir, tmp_path_factory):
    from tutor.adapters.registry import AdapterRegistry
    from tutor.core.loading import load_model
    from tutor.engine.engines import HFEngine

    engine = HFEngine(load_model(str(tiny_model_dir), precision="fp32"))
    lora = make_lora(tiny_model_dir, tmp_path_factory.mktemp("evlora") / "loraA", seed=1)
    AdapterRegistry(engine).load(str(lora), name="loraA")
    return engine


def _answer(engine, adapter):
    from tutor.engine.engines import GenerationSettings
    from tutor.tutoring.service import Tutor

    final = list(
        Tutor(engine).reply(
            "Solve 3x + 7 = 22", settings=GenerationSettings(max_new_tokens=10), adapter=adapter
        )
    )[-1]
    assert final.error is None, final.error
    return final.text


def test_evaluates_a_loaded_adapter_and_leaves_the_registry_as_it_was(engine_with_adapter, tmp_path):
    engine = engine_with_adapter
    ctx = SimpleNamespace(
        engine=engine, config=AppConfig(runs_dir=str(tmp_path)), roots=AllowedRoots([], enforce=False)
    )
    before = {a: _answer(engine, a) for a in ("base", "loraA")}
    assert before["base"] != before["loraA"]
    peft = engine.adapters.model
    trainable = sum(p.requires_grad for p in peft.parameters())
    seen = []
    report = et.run_evaluation(
        ctx,
        ["base", "loraA"],
        "gsm8k",
        limit=2,
        batch_size=2,
        max_new_tokens=6,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert set(report["results"]) == {"base", "loraA"}
    assert seen[-1] == (4, 4)
    out = Path(report["output"])
    assert out.parent == tmp_path / "evals" and out.exists() and out.with_suffix(".csv").exists()
    by = et.problems(report)
    assert any(v["base"]["response"] != v["loraA"]["response"] for v in by.values())
    # nothing was loaded twice or unloaded; the chat answers exactly as before
    assert engine.adapters.model is peft and engine.adapters.names() == ["loraA"]
    assert list(peft.peft_config) == ["loraA"]
    assert sum(p.requires_grad for p in peft.parameters()) == trainable == 0
    assert lock_free(engine)
    assert {a: _answer(engine, a) for a in ("base", "loraA")} == before


def lock_free(engine) -> bool:
    if engine.lock.acquire(blocking=False):
        engine.lock.release()
        return True
    return False


def test_cancel_stops_between_batches_and_bad_input_is_a_clear_error(engine_with_adapter, tmp_path):
    import gradio as gr

    ctx = SimpleNamespace(
        engine=engine_with_adapter,
        config=AppConfig(runs_dir=str(tmp_path)),
        roots=AllowedRoots([], enforce=False),
    )
    cancel = threading.Event()

    def progress(done, total):
        if done:
            cancel.set()

    report = et.run_evaluation(
        ctx, ["base"], "gsm8k", limit=6, batch_size=2, max_new_tokens=4, progress=progress, cancel=cancel
    )
    assert report["cancelled"] and len(report["items"]) == 2
    with pytest.raises(gr.Error, match="no adapter named 'nope'"):
        et.run_evaluation(ctx, ["nope"], limit=1)
    with pytest.raises(gr.Error, match="no such dataset"):
        et.run_evaluation(ctx, [], str(tmp_path / "missing.jsonl"), limit=1)
    assert lock_free(engine_with_adapter)


# ---------------------------------------------------------------------------------------------
# end to end


@pytest.mark.slow
def test_evaluate_api_end_to_end_then_the_chat_still_answers(tiny_model_dir, tmp_path):
    runs = tmp_path / "runs"
    app = AppProcess("--model", str(tiny_model_dir), "--precision", "fp32", "--runs-dir", str(runs))
    try:
        client = app.client()
        result = client.predict(["base"], "gsm8k", 3, 2, 8, api_name="/evaluate")
        base = result["results"]["base"]
        assert 0.0 <= base["accuracy"] <= 1.0 and base["n"] == 3
        assert len(base["ci95"]) == 2 and base["tokens_per_s"] > 0
        out = Path(result["output"])
        assert out.parent == runs / "evals" and Path(result["csv"]).exists()
        report = json.loads(out.read_text())
        assert len(report["items"]) == 3
        assert all(isinstance(it["correct"], bool) for it in report["items"])
        reply = client.predict("What is 2 + 3?", None, 8, api_name="/solve")
        assert isinstance(reply, str) and reply
        # the tab's Run button: progress, table, figure, downloads, browser
        ui = client.predict(["base"], "gsm8k", 2, 2, 8, False, 0, api_name="/evaluate_ui")
        note, table, plot, dl_json, dl_csv, flt, item, detail = ui
        assert "2/2" in note and "done" in note
        assert table["data"][0][0] == "base" and plot["type"] == "matplotlib"
        assert Path(dl_json["value"] if isinstance(dl_json, dict) else dl_json).suffix == ".json"
        assert "Problem #" in detail and ("✓" in detail or "✗" in detail)
    except Exception:
        print(app.log()[-3000:])
        raise
    finally:
        app.stop()


@pytest.mark.slow
def test_evaluate_api_refuses_on_the_symbolic_engine():
    from gradio_client.exceptions import AppError

    app = AppProcess("--engine", "symbolic")
    try:
        with pytest.raises(AppError, match="Evaluation needs a model"):
            app.client().predict(["base"], "gsm8k", 3, 2, 8, api_name="/evaluate")
    finally:
        app.stop()
