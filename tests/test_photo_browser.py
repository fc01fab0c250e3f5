"""Browser: a photo of a printed problem is read (Tesseract), shown to the student, corrected by
the student, and only then solved (Chromium via Playwright, the SymPy engine)."""

import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, AppProcess

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.slow]
if not Path(CHROMIUM).exists() or shutil.which("tesseract") is None:
    pytest.skip("needs Debian's chromium and tesseract-ocr", allow_module_level=True)


@pytest.fixture(scope="module")
def app():
    proc = AppProcess("--engine", "symbolic")
    yield proc
    proc.stop()


def problem_png(text: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGB", (760, 160), (246, 244, 236))
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 40)
    ImageDraw.Draw(im).text((30, 55), text, fill=(20, 20, 30), font=font)
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def test_upload_photo_edit_the_reading_then_solve(page):
    page.set_input_files(
        "#tutor-input input[type=file]",
        files=[{"name": "homework.png", "mimeType": "image/png", "buffer": problem_png("Solve 3x + 7 = 22")}],
    )
    page.wait_for_timeout(800)  # the upload reaches the server
    page.click("#tutor-send")
    box = page.locator("#photo-confirm-text textarea")
    box.wait_for(state="visible", timeout=30000)
    page.wait_for_function(
        "() => document.querySelector('#photo-confirm-text textarea').value.includes('3x + 7 = 22')",
        timeout=30000,
    )
    chat = page.locator("#tutor-chat")
    # the photo is drawn in the chat as a thumbnail (decoded: it has a width), from a data: URL
    thumb = chat.locator("img.tutor-photo").first
    thumb.wait_for(timeout=10000)
    assert page.evaluate("() => document.querySelector('#tutor-chat img.tutor-photo').naturalWidth") > 0
    assert thumb.get_attribute("src").startswith("data:image/jpeg;base64,")
    assert "I read this from your photo" in chat.inner_text()
    # nothing is solved before the student confirms
    page.wait_for_timeout(500)
    (REPO / "tests" / "_artifacts").mkdir(exist_ok=True)
    thumb.scroll_into_view_if_needed()
    page.screenshot(path=str(REPO / "tests" / "_artifacts" / "photo-read.png"))
    assert "final answer" not in chat.inner_text().lower()
    # the student corrects the reading (22 -> 25) and confirms: the solution is for the EDITED text
    box.fill("Solve 3x + 7 = 25")
    page.click("#photo-confirm")
    page.wait_for_function(
        """() => { const t = document.querySelector('#tutor-chat').innerText.replace(/\\s/g, '');
                   return t.includes('x=6') || [...document.querySelectorAll('#tutor-chat annotation')]
                       .some(a => a.textContent.replace(/\\s/g, '').includes('x=6')); }""",
        timeout=30000,
    )
    assert not page.locator("#photo-confirm-group").is_visible()
    out = REPO / "tests" / "_artifacts"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "photo.png"), full_page=True)


def test_svg_is_refused_with_a_reason(page):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1</script></svg>'
    page.set_input_files(
        "#tutor-input input[type=file]", files=[{"name": "x.png", "mimeType": "image/png", "buffer": svg}]
    )
    page.wait_for_timeout(800)
    page.click("#tutor-send")
    page.wait_for_function(
        "() => document.querySelector('#tutor-chat').innerText.includes('SVG drawings are not accepted')",
        timeout=30000,
    )
    assert page.evaluate("window.__pwned") is None


def test_api_reads_a_photo_and_solve_refuses_an_unconfirmed_one(app):
    """/read_photo returns the reading to confirm; /solve on an engine whose model does not
    read pictures refuses the photo rather than solving a guess."""
    import base64

    client = app.client()
    data = "data:image/png;base64," + base64.b64encode(problem_png("Work out 72 x 15.")).decode()
    read = client.predict(data, api_name="/read_photo")
    assert read["error"] is None and read["text"] == "Work out 72 × 15."
    assert "x between two numbers" in read["changes"][0]
    reply = client.predict("Solve it", image=data, api_name="/solve")
    assert "does not read pictures" in reply and "1080" not in reply
    refused = client.predict(base64.b64encode(b"<svg></svg>").decode(), api_name="/read_photo")
    assert "SVG" in refused["error"]
