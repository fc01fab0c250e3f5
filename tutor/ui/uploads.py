"""Uploads on a public app: bounded in size and count, refused where nothing takes a file, and
cleaned up (Gradio's own `max_file_size` and `delete_cache`, plus this ASGI middleware for what
Gradio does not bound: its upload route takes up to 1,000 files a request, on any app).

`launch_options(config, demo)` gives the keyword arguments for `demo.launch`."""

from __future__ import annotations

import json

MAX_FILES = 10  # files in one upload request
MAX_BODY_BYTES = 1024 * 1024  # any other request (its JSON inputs)
_FILE_INPUTS = {
    "File",
    "Files",
    "UploadButton",
    "Image",
    "ImageEditor",
    "Audio",
    "Video",
    "Model3D",
    "MultimodalTextbox",
    "ImageSlider",
    "Gallery",
}


def takes_files(demo) -> bool:
    """Whether any interactive component a visitor could use takes a file."""
    for block in getattr(demo, "blocks", {}).values():
        if type(block).__name__ in _FILE_INPUTS and getattr(block, "interactive", None) is not False:
            return True
    return False


class UploadLimit:
    """Refuses `POST .../upload` when the app takes no file, without a Content-Length, over
    `max_bytes` in all, or with more than `max_files` files; any other POST over
    `MAX_BODY_BYTES` (a visitor's history or list is bounded in bytes before it is parsed)."""

    def __init__(self, app, allowed, max_bytes: int, max_files: int = MAX_FILES) -> None:
        self.app, self.allowed, self.max_bytes, self.max_files = app, allowed, max_bytes, max_files

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") != "POST":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        try:
            length = int(headers.get("content-length", ""))
        except ValueError:
            return await _refuse(send, 411, "A request needs a Content-Length on this app.")
        if not str(scope.get("path", "")).rstrip("/").endswith("/upload"):
            if length > MAX_BODY_BYTES:  # a request's inputs (a chat history, a list): bounded
                return await _refuse(
                    send, 413, f"The request is {length:,} bytes; this app takes at most {MAX_BODY_BYTES:,}."
                )
            return await self.app(scope, _bounded(receive, MAX_BODY_BYTES), send)
        if not self.allowed():
            return await _refuse(send, 403, "This app takes no files.")
        if length > self.max_bytes:
            return await _refuse(
                send, 413, f"The upload is {length:,} bytes; this app takes at most {self.max_bytes:,}."
            )
        body, more = b"", True
        while more:  # at most max_bytes (checked above): read it to count the files
            message = await receive()
            if message["type"] != "http.request":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                return await _refuse(send, 413, "The upload is larger than it said.")
        if body.count(b'filename="') > self.max_files:
            return await _refuse(send, 413, f"At most {self.max_files} files in one upload.")
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


def _bounded(receive, limit: int):
    """`receive` that ends the body past `limit` bytes (a Content-Length that lied)."""
    seen = 0

    async def bounded():
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                return {"type": "http.disconnect"}
        return message

    return bounded


async def _refuse(send, status: int, message: str) -> None:
    data = json.dumps({"detail": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": data})


def launch_options(config, demo) -> dict:
    """`demo.launch` keyword arguments: a public app's limits; locally only Gradio's upload cap at
    the largest file any input takes (a teacher's data file, train/data_report's 50 MB)."""
    if not config.is_public:
        return {"max_file_size": "50mb"}
    from starlette.middleware import Middleware

    mb = max(1, int(config.max_file_mb))
    demo.delete_cache = (600, 3600)  # Gradio's own cleanup: visitors' temp files go after an hour
    return {
        "max_file_size": f"{mb}mb",
        # Gradio keeps each session's state (all blocks' values) for this many sessions; the
        # oldest go first (the default, 10,000, holds ~4 GB on this app; 1,000 is ~0.4 GB)
        "state_session_capacity": 1000,
        "app_kwargs": {
            "middleware": [
                Middleware(UploadLimit, allowed=lambda: takes_files(demo), max_bytes=mb * 1024 * 1024)
            ]
        },
    }
