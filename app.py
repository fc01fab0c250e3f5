"""Math Tutor Studio: `python app.py --help` for the flags (each also an environment variable)."""

from __future__ import annotations

import logging
import os
import sys


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from tutor.core.loading import ModelLoadError
    from tutor.engine.startup import create_engine
    from tutor.settings import parse_args

    config = parse_args(argv)
    if config.is_public:  # no usage reports to Gradio's servers from a public app
        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    try:
        engine = create_engine(config)
    except ModelLoadError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from tutor.ui.app import CSS, AppContext, build_demo

    ctx = AppContext(config, engine)
    demo = build_demo(ctx)
    # A bounded queue: beyond `--queue-size` waiting requests, Gradio says the app is full.
    demo.queue(default_concurrency_limit=4, max_size=config.queue_size)
    from tutor.ui import gate, uploads

    gate.install(ctx, demo)  # public: quotas charged, and each visitor's queue capped, at join
    # run_history: Gradio keeps each call's inputs and outputs in the browser's localStorage;
    # off unless the operator opts in, so the next user of a shared computer sees nothing.
    launch = {
        "server_name": config.host,
        "server_port": config.port,
        "share": config.share,
        "css": CSS,
        "auth": config.auth or None,  # TUTOR_AUTH=user:pass
        "run_history": config.browser_history,
        **uploads.launch_options(config, demo),  # upload size/count, temp files cleaned
    }
    if not config.mcp:
        demo.launch(**launch, prevent_thread_lock=True)
        gate.launched(ctx, demo)  # public: small sessions, forgotten when idle
        demo.block_thread()
        return 0
    from tutor.ui.mcp import restrict_tools

    demo.launch(**launch, mcp_server=True, prevent_thread_lock=True)
    gate.launched(ctx, demo)
    tools = restrict_tools(demo)
    logging.getLogger("tutor.mcp").info(
        "MCP tools at %sgradio_api/mcp/: %s", demo.local_url, ", ".join(tools)
    )
    demo.block_thread()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
