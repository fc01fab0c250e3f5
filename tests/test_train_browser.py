"""Browser (Debian Chromium via Playwright): a tiny run started from the Train tab's form, its
progress bar and loss curve moving, and the same run found again after a page reload."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.test_train_tab_e2e import tiny_yaml

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests (.ci/run does)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture()
def app(training_app):
    return training_app  # the shared fixture (tests/conftest.py)


def state(page) -> tuple[str | None, int]:
    box = page.locator("#train-progress-box")
    return box.get_attribute("data-state"), int(box.get_attribute("data-step") or 0)


def open_train_tab(page, url):
    page.goto(url)
    page.get_by_role("tab", name="Train").click()
    page.locator("#train-yaml .cm-content").wait_for(timeout=20000)


def test_start_from_the_form_watch_progress_and_reload(app, tiny_model_dir):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        open_train_tab(page, app.url)
        assert "max_steps" in page.locator("#train-yaml").inner_text()

        # YAML -> form: replace the editor's text; the form follows
        page.locator("#train-yaml .cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(tiny_yaml(tiny_model_dir, max_steps=8, save_steps=4))
        page.wait_for_function(
            f"() => document.querySelector('#train-f-model textarea, #train-f-model input').value"
            f" === {str(tiny_model_dir)!r}",
            timeout=10000,
        )
        assert page.locator("#train-f-quantization input").input_value() == "none"

        # form -> YAML: far more steps than the test waits for (a quiet machine does ~20 tiny steps
        # a second), so the run is still going while it is watched; the test stops it at the end
        steps = page.locator("#train-f-max_steps input")
        steps.fill("3000")
        steps.press("Tab")
        page.wait_for_function(
            "() => document.querySelector('#train-yaml').innerText.includes('max_steps: 3000')", timeout=10000
        )

        page.locator("#train-start").click()
        page.wait_for_function(
            "() => document.querySelector('#train-start-msg').innerText.includes('Started')", timeout=20000
        )
        run_id = page.locator("#train-start-msg strong").inner_text().strip()
        # the progress bar moves
        page.wait_for_function(
            "() => { const b = document.querySelector('#train-progress-box');"
            " return b && b.dataset.state === 'running' && +b.dataset.step >= 2; }",
            timeout=90000,
        )
        plot = page.locator("#train-loss-plot")
        first_plot = plot.screenshot()
        _, first_step = state(page)
        page.wait_for_function(
            f"() => +document.querySelector('#train-progress-box').dataset.step >= {first_step + 3}"
            " || document.querySelector('#train-progress-box').dataset.state !== 'running'",
            timeout=60000,
        )
        page.wait_for_timeout(1500)  # a timer tick to redraw the plot
        assert plot.screenshot() != first_plot, "the loss curve did not change"
        assert run_id in page.locator("#train-runs").inner_text()
        assert page.locator("#train-log textarea").input_value().strip()

        # reload: the same run, still progressing
        page.reload()
        page.get_by_role("tab", name="Train").click()
        page.wait_for_function(
            f"() => {{ const b = document.querySelector('#train-progress-box');"
            f" return b && b.innerText.includes({run_id!r}); }}",
            timeout=20000,
        )
        st, step = state(page)
        assert st == "running" and step >= first_step
        page.wait_for_function(
            f"() => +document.querySelector('#train-progress-box').dataset.step > {step}", timeout=60000
        )
        # Stop from the page: the job saves a checkpoint and its adapter and ends "stopped"
        page.locator("#train-stop").click()
        page.wait_for_function(
            "() => document.querySelector('#train-control-msg').innerText.includes('Sent the stop signal')",
            timeout=20000,
        )
        assert f"{run_id} (process" in page.locator("#train-control-msg").inner_text()  # says what it did
        page.wait_for_function(
            "() => document.querySelector('#train-progress-box').dataset.state === 'stopped'", timeout=90000
        )
        assert "/3000" in page.locator("#train-progress-text").inner_text()
        out = Path(__file__).parent / "_artifacts"
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / "train_tab.png"), full_page=True)
        browser.close()
