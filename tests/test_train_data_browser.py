"""Browser (Debian Chromium via Playwright): a teacher's own file through the Train tab, as a new
user would: a malformed file refused with its line and column, a good one uploaded and its columns
guessed, written into the recipe, previewed as the model sees it (the prompt dimmed, the reply
highlighted, the length histogram with the max-length cut), checked (rows that are GSM8K test
problems found and dropped), dry-run, trained on the real SmolLM2-135M-Instruct, and the adapter
saved; the loss chart draws its lines (marks counted, not only the element)."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import GSM8K_DIR

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests (.ci/run does)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)

ARTIFACTS = Path(__file__).parent / "_artifacts"


def teacher_rows() -> list[list[str]]:
    """A worksheet bank: 10 own problems, two GSM8K test problems copied in (one verbatim, one
    re-punctuated), a duplicate, a slip (the answer disagrees with its own solution) and a row with
    no answer."""
    test = [json.loads(x) for x in (GSM8K_DIR / "test.jsonl").read_text().splitlines()[:2]]
    rows = [["Question", "Worked solution", "Final answer"]]
    for i in range(1, 11):
        rows.append(
            [
                f"A box holds {i} red and {i + 3} blue pens. How many pens?",
                f"{i} + {i + 3} = {2 * i + 3}.",
                str(2 * i + 3),
            ]
        )
    rows.append([test[0]["question"], "16 - 3 - 4 = 9 eggs; 9 * 2 = 18.", "18"])
    rows.append([test[1]["question"].upper().replace(".", " ."), "2 + 2/2 = 3.", "3"])
    rows.append(["A box holds 1 red and 4 blue pens. How many pens?", "1 + 4 = 5.", "5"])
    rows.append(["Solve 2x = 10.", "Divide by 2: x = 5. The answer is 5.", "6"])
    rows.append(["What is 7 * 8?", "Multiply.", ""])
    return rows


def write_files(folder: Path) -> tuple[Path, Path]:
    good = folder / "worksheet bank.csv"
    with open(good, "w", newline="") as f:
        csv.writer(f).writerows(teacher_rows())
    bad = folder / "broken.csv"
    bad.write_text('question,solution,answer\n"1 + 1?","2.",2\n"2 + 2?","4.",4,extra\n')
    return good, bad


def recipe(model_dir: Path) -> str:
    return yaml.safe_dump(
        {
            "model": str(model_dir),
            "quantization": "none",
            "gradient_checkpointing": False,
            "lora_r": 4,
            "lora_alpha": 8,
            "lora_dropout": 0.0,
            "lora_target_modules": ["q_proj", "v_proj"],
            "max_length": 96,
            "per_device_train_batch_size": 1,
            "gradient_accumulation_steps": 1,
            "max_steps": 2,
            "learning_rate": 1e-3,
            "lr_scheduler_type": "constant",
            "warmup_ratio": 0.0,
            "optim": "adamw_torch",
            "save_steps": 100,
            "logging_steps": 1,
            "eval_size": 1,
            "eval_steps": 1,
            "seed": 0,
            "datasets": [{"name": "placeholder", "path": str(GSM8K_DIR / "train.jsonl"), "count": 8}],
        },
        sort_keys=False,
    )


@pytest.fixture()
def app(training_app):
    return training_app  # the shared fixture (tests/conftest.py)


def text_has(page, selector: str, needle: str, timeout: float = 30000) -> None:
    page.wait_for_function(
        "([s, n]) => { const e = document.querySelector(s); return e && e.innerText.includes(n); }",
        arg=[selector, needle],
        timeout=timeout,
    )


def test_upload_map_preview_check_dry_run_train_adapter(app, tmp_path, real_model_dir):
    import time

    from playwright.sync_api import sync_playwright

    t0, phases = time.monotonic(), {}

    def phase(name):
        phases[name] = round(time.monotonic() - t0, 1)

    good, bad = write_files(tmp_path)
    runs = tmp_path / "runs"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(app.url)
        page.get_by_role("tab", name="Train").click()
        page.locator("#train-yaml .cm-content").wait_for(timeout=20000)
        page.locator("#train-yaml .cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(recipe(real_model_dir))
        text_has(page, "#train-yaml", "placeholder")

        upload = page.locator("#data-upload input[type=file]")
        # a malformed file: refused with the line and the column it failed on, nothing stored
        upload.set_input_files(str(bad))
        text_has(page, "#data-status", "was not used")
        status = page.locator("#data-status").inner_text()
        assert "line 3" in status and "column 4" in status, status
        assert not (runs / "uploads").exists() or not any((runs / "uploads").rglob("broken*"))

        phase("uploads")
        # the teacher's file: stored under the runs folder with its hash, columns guessed
        page.locator(
            "#data-upload button[aria-label='Clear'], #data-upload .label-clear-button"
        ).first.click()
        upload = page.locator("#data-upload input[type=file]")
        upload.set_input_files(str(good))
        text_has(page, "#data-status", "15 rows")
        stored = list((runs / "uploads").rglob("worksheet_bank.csv"))
        assert len(stored) == 1 and stored[0].read_bytes() == good.read_bytes()
        assert page.locator("#data-map-question input").input_value() == "Question"
        assert page.locator("#data-map-solution input").input_value() == "Worked solution"
        assert page.locator("#data-map-answer input").input_value() == "Final answer"

        page.locator("#data-use").click()
        text_has(page, "#train-yaml", "sha256")
        yaml_text = page.locator("#train-yaml").inner_text()
        assert "Worked solution" in yaml_text and "placeholder" not in yaml_text

        # preview as the model sees it, the length histogram, the checks
        page.locator("#data-preview-btn").click()
        text_has(page, "#data-checks", "Checks", timeout=90000)
        checks = page.locator("#data-checks").inner_text()
        assert "2 problems that are in the Evaluate sets" in checks, checks
        assert "1 duplicate problems" in checks and "1 answers inconsistent" in checks, checks
        assert "1 rows with no answer" in checks, checks
        loss = page.locator("#data-rows .data-row mark.loss")
        assert loss.count() >= 3
        assert "The final answer is" in loss.first.inner_text()  # the answer convention applied
        assert "<|im_start|>assistant" in page.locator("#data-rows .data-row .no-loss").first.inner_text()
        assert page.locator("#data-hist-svg rect.bar").count() >= 1
        assert page.locator("#data-hist-svg line.cut").get_attribute("data-cut") == "96"
        exported = list((runs / "uploads").rglob("checks.csv"))
        assert len(exported) == 1 and exported[0].read_text().count("contamination") == 2
        page.locator("#data-panel").screenshot(path=str(ARTIFACTS / "train_data_panel.png"))

        phase("preview")
        # drop the rows that are GSM8K test problems; the recipe points at the cleaned copy
        page.locator("#data-drop").click()
        text_has(page, "#data-status", "Dropped")
        assert "Dropped 2 rows found in the Evaluate sets" in page.locator("#data-status").inner_text()

        phase("drop")
        # dry run: the CLI prints the same checks
        page.locator("#train-dry").click()
        text_has(page, "#train-problems", "Dry run", timeout=120000)
        dry = page.locator("#train-problems").inner_text()
        assert "Dry run passed" in dry, dry
        assert "data check: problems that are in the Evaluate sets: none" in dry, dry
        assert "data check: duplicate problems: 1" in dry, dry

        phase("dry run")
        # train: the real small model, 2 steps of one row (a busy 2-core machine takes seconds a step);
        # the loss chart draws both curves as lines with marks
        page.locator("#train-start").click()
        text_has(page, "#train-start-msg", "Started")
        run_id = page.locator("#train-start-msg strong").inner_text().strip()
        page.wait_for_function(
            "() => ['done', 'failed', 'stopped']"
            ".includes(document.querySelector('#train-progress-box')?.dataset.state)",
            timeout=180000,
        )
        page.wait_for_timeout(1500)  # one more tick draws the final points
        assert page.locator("#train-progress-box").get_attribute("data-state") == "done", page.locator(
            "#train-error"
        ).inner_text()
        train_line = page.locator("#train-loss-svg path.series-train")
        assert int(train_line.get_attribute("data-points")) == 2
        assert train_line.get_attribute("d").count("L") == 1  # a line, not a lone dot
        eval_line = page.locator("#train-loss-svg path.series-eval")
        assert (
            int(eval_line.get_attribute("data-points")) == 2 and eval_line.get_attribute("d").count("L") == 1
        )
        assert page.locator("#train-loss-svg text.y-tick").count() >= 2  # a numeric axis
        text_has(page, "#train-error", "adapter")
        log_text = page.locator("#train-log textarea").input_value()
        assert log_text.split("\n", 1)[0].split(" ")[3].startswith("train"), log_text[:300]
        phase("train")
        page.screenshot(path=str(ARTIFACTS / "train_tab_data.png"), full_page=True)

        # the adapter, and the data it was trained on (the cleaned copy, pinned into the run's folder)
        d = runs / run_id
        assert (d / "adapter" / "adapter_model.safetensors").is_file()
        pinned = list((d / "data").glob("*.jsonl"))
        assert len(pinned) == 1, list(d.rglob("*"))
        assert yaml.safe_load((d / "recipe.yaml").read_text())["datasets"][0]["path"] == str(pinned[0])
        assert len(pinned[0].read_text().splitlines()) == 13  # 15 rows less the 2 GSM8K test problems
        assert all(runs in f.resolve().parents for f in runs.rglob("*"))

        # delete says what it removed
        page.locator("#train-delete").click()
        page.locator("#train-delete-confirm").click()
        text_has(page, "#train-control-msg", "Deleted")
        assert "files" in page.locator("#train-control-msg").inner_text()
        assert not d.exists()
        browser.close()
    print("phases (s since start):", phases)
