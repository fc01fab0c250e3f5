"""Regenerate the README's screenshot (`assets/screenshot.png`) from the running app.

    .venv/bin/python scripts/screenshot.py [--out assets/screenshot.png]

Starts `python app.py --engine symbolic` on a free port (no weights needed), asks the Tutor a
problem in everyday phrasing, opens "Try a similar problem", and captures the page in Debian's
Chromium through Playwright (never a downloaded browser).

    .venv/bin/python scripts/screenshot.py --real [--out assets/screenshot-real-streaming.png]

`--real`: the demo (`make demo`): the real small model (SmolLM2-135M-Instruct, runs/.real-model)
answers a question, and the page is captured while the reply is still streaming (Stop live).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PROBLEM = "If 3x + 7 = 22, what is the value of x?"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=None)
    p.add_argument("--real", action="store_true", help="the real model's reply, captured mid-stream")
    args = p.parse_args()
    if args.real:
        return real_streaming(args.out or str(REPO / "assets" / "screenshot-real-streaming.png"))
    args.out = args.out or str(REPO / "assets" / "screenshot.png")
    from playwright.sync_api import sync_playwright

    from tests.conftest import AppProcess

    app = AppProcess("--engine", "symbolic")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(app.url)
            page.wait_for_selector("#tutor-input textarea")
            page.fill("#tutor-input textarea", PROBLEM)
            page.click("#tutor-send")
            page.wait_for_function(
                "() => (document.querySelector('#tutor-chat')?.innerText || '').includes('final answer')",
                timeout=60000,
            )
            page.click("#practice-new")
            page.wait_for_function(
                "() => (document.querySelector('#practice-problem')?.innerText || '').trim().length > 0",
                timeout=30000,
            )
            page.wait_for_timeout(800)  # KaTeX and the accordion settle
            page.screenshot(path=args.out, full_page=True)
            browser.close()
    finally:
        app.stop()
    print(f"wrote {args.out}")
    return 0


REAL_PROBLEM = "A shirt costs $20 and is 25% off. What is the sale price?"


def real_streaming(out: str) -> int:
    """`make demo`'s app (the real model) captured while its reply streams."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import AppProcess
    from tutor.core.real_model import ensure_real_model

    app = AppProcess("--model", str(ensure_real_model()), "--engine", "hf", timeout=300)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(app.url)
            page.wait_for_selector("#tutor-input textarea")
            page.fill("#tutor-input textarea", REAL_PROBLEM)
            page.click("#tutor-send")
            # a few sentences in, not finished: the reply is still streaming
            page.wait_for_function(
                "() => { const t = document.querySelector('#tutor-chat')?.innerText || '';"
                " return t.split(/\\s+/).length > 40; }",
                timeout=120000,
                polling=100,
            )
            page.evaluate("window.scrollTo(0, 0)")  # the header, the banner and the chat
            page.screenshot(path=out, full_page=False)
            browser.close()
    finally:
        app.stop()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
