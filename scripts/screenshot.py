"""Regenerate the README's screenshot (`assets/screenshot.png`) from the running app.

    .venv/bin/python scripts/screenshot.py [--out assets/screenshot.png]

Starts `python app.py --engine symbolic` on a free port (no weights needed), asks the Tutor a
problem in everyday phrasing, opens "Try a similar problem", and captures the page in Debian's
Chromium through Playwright (never a downloaded browser).
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
    p.add_argument("--out", default=str(REPO / "assets" / "screenshot.png"))
    args = p.parse_args()
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


if __name__ == "__main__":
    raise SystemExit(main())
