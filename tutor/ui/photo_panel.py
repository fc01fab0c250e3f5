"""Photos in the Tutor tab: the input box takes a picture (paste, upload, or a phone's camera),
the chat shows it as a thumbnail, and then

* a model that reads pictures (`--vision`, Gemma 3 loaded whole) gets it with the message, in
  Solve mode; the picture stays with its turn, so later turns can refer to it;
* otherwise (the SymPy solver, a text-only model, or Hint/Check mode) Tesseract reads it and the
  text is put in an editable box: the student corrects it and presses **Solve this**; nothing is
  solved before that. A photo without readable text gets a refusal that says so.

The picture is checked by `tutor.vision.images` (format by content, size, pixel count, EXIF
dropped) and kept in memory; Gradio's upload file is deleted as soon as it is read on a public
app. Each photo read counts as a request in the quotas (`access.admit`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import gradio as gr

from tutor.engine.vision import DEFAULT_QUESTION  # noqa: F401 - the tab's question for a bare photo
from tutor.tutoring.mathtext import render_markdown
from tutor.ui import access
from tutor.ui.tutor_form import TutorForm, handler
from tutor.vision import ocr
from tutor.vision.images import (
    ImageRejected,
    Photo,
    decode_base64,
    load_photo,
    read_upload,
    thumbnail_data_url,
)

IMAGE_TYPES = ["image"]  # accept="image/*": a phone offers its camera; the format is checked by content


def input_box(**kw) -> gr.MultimodalTextbox:
    """The Tutor's input: text, and one picture (on a phone the picker offers the camera)."""
    return gr.MultimodalTextbox(
        placeholder="e.g. Solve 3x + 7 = 22 — or attach / paste a photo of the problem",
        show_label=False,
        file_types=IMAGE_TYPES,
        file_count="single",
        sources=["upload"],
        submit_btn=False,
        **kw,
    )


def uploads_in_memory(public: bool) -> str | None:
    """On a public app, Gradio's upload folder goes to a RAM file system (/dev/shm) unless the
    operator chose one (GRADIO_TEMP_DIR): a photo is never written to disk, and `load` deletes
    the upload as soon as it is read. Call before the Blocks are built. Returns the folder set."""
    import os
    import tempfile

    if not public or os.environ.get("GRADIO_TEMP_DIR") or not os.path.isdir("/dev/shm"):
        return None
    folder = tempfile.mkdtemp(prefix="tutor-uploads-", dir="/dev/shm")
    os.environ["GRADIO_TEMP_DIR"] = folder
    return folder


def split(message) -> tuple[str, list[str]]:
    """(text, uploaded file paths) of the box's value (a dict, or plain text from an example)."""
    if isinstance(message, dict):
        files = []
        for f in message.get("files") or []:
            path = f.get("path") if isinstance(f, dict) else getattr(f, "path", f)
            if isinstance(path, str) and path:
                files.append(path)
        return str(message.get("text") or ""), files
    return ("" if message is None else str(message)), []


def load(ctx, paths: list[str]) -> Photo:
    """The first picture, checked; every uploaded file is deleted on a public app."""
    public = bool(ctx.config.is_public)
    data = read_upload(paths[0], delete=public)
    for extra in paths[1:]:
        read_upload(extra, delete=public)
    return load_photo(data)


def thumbnail_html(photo: Photo) -> str:
    """The chat's thumbnail: an <img> with a data: URL, so no file is served or kept."""
    src = thumbnail_data_url(photo.image)
    return f'<img class="tutor-photo" alt="your photo" src="{src}" style="max-height:160px">'


def user_label(text: str, photo: Photo) -> str:
    body = render_markdown(text) if text.strip() else ""
    return f"{thumbnail_html(photo)}\n\n{body}".strip()


def reading_message(reading: ocr.Reading) -> str:
    lines = [
        "**I read this from your photo.** Check it and correct anything I misread in the box "
        "below, then press **Solve this**. I won't solve it before you confirm.",
        "",
        f"> {html.escape(reading.text)}",
    ]
    if reading.unsure:
        words = ", ".join(f"`{html.escape(w)}`" for w in reading.unsure)
        lines += ["", f"⚠️ I was unsure of: {words}"]
    if reading.changes:
        lines += ["", "_Changed while reading: " + "; ".join(html.escape(c) for c in reading.changes) + "._"]
    return "\n".join(lines)


@dataclass
class PhotoControls:
    group: gr.Group
    text: gr.Textbox
    confirm: gr.Button
    cancel: gr.Button


def confirm_controls() -> PhotoControls:
    """The confirm step: the recognised text, editable, and Solve this / Cancel (hidden until
    a photo is read)."""
    with gr.Group(visible=False, elem_id="photo-confirm-group") as group:
        text = gr.Textbox(
            label="The problem as I read it from your photo — correct it, then press Solve this",
            lines=2,
            max_lines=8,
            elem_id="photo-confirm-text",
        )
        with gr.Row():
            confirm = gr.Button("Solve this", variant="primary", elem_id="photo-confirm")
            cancel = gr.Button("Cancel", elem_id="photo-cancel")
    return PhotoControls(group, text, confirm, cancel)


def model_reads_photos(ctx, mode_name: str) -> bool:
    return bool(getattr(ctx.engine.info, "images", False)) and mode_name in (None, "", "Solve")


def route(ctx, respond, controls: PhotoControls):
    """The Tutor's send handler with photos: `respond(form, request)`'s inputs and outputs, plus
    the confirm group and its text as two more outputs."""

    def routed(form: TutorForm, request: gr.Request):
        text, paths = split(form.message)
        if not paths:
            for out in respond(form.with_message(text), request):
                yield (*out, gr.skip(), gr.skip())
            return
        access.admit(ctx, request, 0, count_tokens=False)  # a photo is a request in the quotas
        try:
            photo = load(ctx, paths)
        except ImageRejected as exc:
            note = {"role": "assistant", "content": f"⚠️ {html.escape(str(exc))}"}
            yield (
                list(form.chat or []) + [note],
                gr.skip(),
                {"text": text, "files": []},
                gr.skip(),
                gr.skip(),
                gr.skip(),
            )
            return
        if model_reads_photos(ctx, form.mode_name):
            for out in respond(form.with_message({"text": text, "photo": photo}), request):
                yield (*out, gr.update(visible=False), gr.skip())
            return
        shown = list(form.chat or []) + [{"role": "user", "content": user_label(text, photo)}]
        yield shown, gr.skip(), {"text": "", "files": []}, gr.skip(), gr.skip(), gr.skip()
        try:
            reading = ocr.read_problem(photo.image)
        except Exception as exc:  # noqa: BLE001 - OCR missing or failing: a plain message
            reading = ocr.Reading(
                "", "", 0.0, error=f"I couldn't read the photo ({exc}). Please type the problem."
            )
        if reading.error:
            yield (
                shown + [{"role": "assistant", "content": f"⚠️ {reading.error}"}],
                gr.skip(),
                gr.skip(),
                gr.skip(),
                gr.update(visible=False),
                "",
            )
            return
        if text.strip():  # the student's own words go with what was read
            reading.text = f"{text.strip()}\n{reading.text}"
        yield (
            shown + [{"role": "assistant", "content": reading_message(reading)}],
            gr.skip(),
            gr.skip(),
            gr.skip(),
            gr.update(visible=True),
            reading.text,
        )

    return handler(routed)


def confirmed(respond):
    """Solve this: the student's (edited) text goes to `respond` as if typed; the group hides."""

    def on_confirm(form: TutorForm, request: gr.Request):
        first = True
        for out in respond(form.with_message(form.message or ""), request):
            yield (*out, gr.update(visible=False) if first else gr.skip(), gr.skip())
            first = False

    return handler(on_confirm)


def model_message(message) -> tuple[str, list]:
    """For `respond`: (text, pictures for the model) of what `route` passes on."""
    if isinstance(message, dict) and "photo" in message:
        return str(message.get("text") or ""), [message["photo"]]
    return ("" if message is None else str(message)) if not isinstance(message, dict) else split(message)[
        0
    ], []


# ------------------------------------------------------------------------------------- the API


def api_images(image) -> list:
    """`/solve`'s optional `image` (base64 or a data: URL): [the checked picture], or [] when
    none was sent. gr.Error with the reason for a refused one."""
    if image is None or (isinstance(image, str) and not image.strip()):
        return []
    try:
        return [load_photo(decode_base64(image)).image]
    except ImageRejected as exc:
        raise gr.Error(str(exc), title="Photo refused") from None


def register_api(ctx) -> None:
    """`/read_photo`: what the offline path reads in a photo, for the client to show, correct
    and send back as `problem` (never solved here)."""

    def read_photo(image: str, request: gr.Request = None) -> dict:
        """Read the printed problem in a photo (base64 or a data: URL) with OCR. Returns
        {"text": the repaired reading to show the student, "raw": what OCR read, "confidence":
        0-100, "unsure": words read with low confidence, "changes": what the repair changed,
        "error": a refusal (no readable text) or null}. Nothing is solved: send the text the
        student confirmed to /solve."""
        access.admit(ctx, request, 0, count_tokens=False)  # a photo is a request in the quotas
        try:
            photo = load_photo(decode_base64(image))
        except ImageRejected as exc:
            return ocr.Reading("", "", 0.0, error=str(exc)).data()
        try:
            return ocr.read_problem(photo.image).data()
        except Exception as exc:  # noqa: BLE001 - OCR missing or failing: said, not raised
            return ocr.Reading("", "", 0.0, error=f"The photo could not be read ({exc}).").data()

    gr.api(read_photo, api_name="read_photo", concurrency_id="ocr", concurrency_limit=2)
