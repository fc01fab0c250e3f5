"""Browser: Playwright drives Debian's Chromium against the running app (no browser downloads)."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, AppProcess

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium for the browser tests (.ci/run does)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def app():
    proc = AppProcess("--engine", "symbolic")
    yield proc
    proc.stop()


def ask(page, text):
    page.fill("#tutor-input textarea", text)
    page.click("#tutor-send")


def test_fraction_renders_with_katex_and_steps_are_the_reply(page):
    ask(page, "1/4 + 1/4")
    chat = page.locator("#tutor-chat")
    # the answer's \frac{1}{2} is typeset by KaTeX (its MathML annotation keeps the source)
    page.wait_for_function(
        """() => [...document.querySelectorAll('#tutor-chat annotation')]
                 .some(a => a.textContent.includes('\\\\frac{1}{2}'))""",
        timeout=30000,
    )
    assert chat.locator(".katex").count() > 0
    # the offline engine's worked steps are the reply itself: visible, not folded in a
    # collapsed Reasoning block
    page.wait_for_timeout(300)
    assert chat.get_by_text("denominator", exact=False).first.is_visible()
    assert chat.get_by_text("Reasoning").count() == 0


def test_screenshot_with_worked_steps(page):
    """Saves tests/_artifacts/screenshot.png (the README's picture comes from scripts/screenshot.py)."""
    ask(page, "Solve x^2 - 5x + 6 = 0")
    chat = page.locator("#tutor-chat")
    page.wait_for_function(
        "() => document.querySelector('#tutor-chat').innerText.includes('final answer')", timeout=30000
    )  # tutor.core.answers
    page.wait_for_timeout(600)
    assert chat.get_by_text("discriminant", exact=False).first.is_visible()
    out = REPO / "tests" / "_artifacts"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "screenshot.png"))


def test_bad_input_keeps_the_page_usable(page):
    before = page.locator("#tutor-chat .message").count()
    ask(page, "<script>window.__pwned = 1</script>")
    # the reply to it has come (a Send pressed while an event runs is ignored, so wait for it)
    page.wait_for_function(
        f"() => document.querySelectorAll('#tutor-chat .message').length >= {before + 2}", timeout=30000
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    # Send is ignored while the reply above may still stream: press it until the box is taken
    page.fill("#tutor-input textarea", "Solve 3x + 7 = 22")
    for _ in range(30):
        page.click("#tutor-send")
        try:
            page.wait_for_function(
                "() => !document.querySelector('#tutor-input textarea').value", timeout=1000
            )
            break
        except Exception:  # noqa: BLE001 - still busy: press again
            continue
    page.wait_for_function(
        """() => document.querySelector('#tutor-chat').innerText.includes('x = 5')
              || [...document.querySelectorAll('#tutor-chat annotation')]
                 .some(a => a.textContent.replace(/\\s/g, '').includes('x=5'))""",
        timeout=30000,
    )


def test_currency_in_a_problem_stays_text(page):
    ask(page, "She sells eggs for $2 each and $3 a dozen. What is 15% of 80?")
    page.wait_for_timeout(2500)
    text = page.inner_text("#tutor-chat")
    assert "$2 each and $3 a dozen" in text


def test_stop_button_stops_a_long_model_reply(tiny_model_dir):
    from playwright.sync_api import sync_playwright

    app = AppProcess("--model", str(tiny_model_dir), "--precision", "fp32", "--max-new-tokens", "4000")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(app.url)
            ask(page, "Solve 3x + 7 = 22")
            page.wait_for_function(
                "() => document.querySelectorAll("
                "'#tutor-chat .message-row, #tutor-chat [data-testid=\"bot\"]').length > 1",
                timeout=30000,
            )
            page.wait_for_timeout(500)
            page.click("#tutor-stop")
            page.wait_for_function(
                "() => document.querySelector('#tutor-chat').innerText.includes('(stopped)')", timeout=30000
            )
            status = app.client().predict(api_name="/status")
            assert status["last_stopped"] and not status["active"]
            assert status["last_new_tokens"] < 4000
            # the page is still usable: the next question is answered
            before = page.locator("#tutor-chat .message").count()
            ask(page, "Solve 3x + 7 = 22")
            page.wait_for_function(
                f"() => document.querySelectorAll('#tutor-chat .message').length >= {before + 2}",
                timeout=30000,
            )
            browser.close()
    finally:
        app.stop()


def test_hint_mode_gives_one_step_at_a_time_then_the_solution(page):
    page.locator("#tutor-mode").get_by_label("Hint").check()
    ask(page, "Solve x^2 - 5x + 6 = 0")
    chat = page.locator("#tutor-chat")
    page.wait_for_function(
        "() => document.querySelector('#tutor-chat').innerText.includes('Hint 1')", timeout=30000
    )
    text = chat.inner_text()
    assert "Answer" not in text and "x = 2" not in text  # no hint gives the answer away
    page.click("#tutor-next-hint")
    page.wait_for_function(
        "() => document.querySelector('#tutor-chat').innerText.includes('Hint 2')", timeout=30000
    )
    page.click("#tutor-reveal")
    page.wait_for_function(
        "() => document.querySelector('#tutor-chat').innerText.includes('final answer')", timeout=30000
    )  # tutor.core.answers


def test_check_my_answer_mode(page):
    page.locator("#tutor-mode").get_by_label("Check my answer").check()
    page.fill("#tutor-student-answer textarea, #tutor-student-answer input", "x = 4")
    ask(page, "Solve 3x + 7 = 22")
    page.wait_for_function(
        "() => document.querySelector('#tutor-chat').innerText.includes('Not quite')", timeout=30000
    )
    assert "x = 5" not in page.inner_text("#tutor-chat").split("Not quite")[1].replace("\n", " ")


def test_a_money_word_problem_is_answered_in_dollars_and_cents(page):
    # the offline engine's answer line is drawn as text ("14.75 dollars"), not as raw LaTeX
    # ("\frac{59}{4} dollars" outside math mode, as it once was)
    ask(page, "Owen bought 3 sandwiches for $4.50 each and a juice for $1.25. How much did he spend?")
    page.wait_for_function(
        "() => (document.querySelector('#tutor-chat')?.innerText || '').includes('So the answer')",
        timeout=30000,
    )
    page.wait_for_timeout(500)  # KaTeX typesets the closing line
    bold = [b.inner_text() for b in page.locator("#tutor-chat strong").all()]
    assert "14.75 dollars" in bold, bold
    text = page.inner_text("#tutor-chat")
    assert "\\frac" not in text and "The final answer is" in text, text[-300:]
    closing = page.locator("#tutor-chat annotation").all_text_contents()
    assert any(a.strip() == "14.75" for a in closing), closing
