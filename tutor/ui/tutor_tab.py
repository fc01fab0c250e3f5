"""The Tutor tab: chat with streaming replies, examples, settings, Stop and Clear."""

from __future__ import annotations

import gradio as gr

from tutor.engine import GenerationSettings
from tutor.mathtext import render_markdown
from tutor.ui.chat_view import LATEX_DELIMITERS, reply_messages
from tutor.ui.compare_tab import adapter_panel

EXAMPLES = [
    "Solve 3x + 7 = 22",
    "Solve x^2 - 5x + 6 = 0",
    "Solve x + y = 10 and x - y = 2",
    "derivative of x^2 sin x",
    r"\int_0^1 x^2\,dx",
    "limit of sin(x)/x as x -> 0",
    "What is 15% of 80?",
    "1/2 + 1/3",
]


def render(ctx) -> None:
    tutor, stops = ctx.tutor, ctx.stops
    raw_history = gr.State([])  # what the model sees: plain user/assistant turns
    adapter = adapter_panel(ctx, getattr(ctx, "header_md", None))
    chatbot = gr.Chatbot(
        label="Tutor", height=560, latex_delimiters=LATEX_DELIMITERS, sanitize_html=True,
        buttons=["copy", "copy_all"], elem_id="tutor-chat", feedback_options=None,
        placeholder="Type a math problem below, or pick an example.", allow_tags=False,
    )
    with gr.Row():
        problem = gr.Textbox(placeholder="e.g. Solve 3x + 7 = 22", show_label=False, scale=8,
                             lines=1, max_lines=8, elem_id="tutor-input", submit_btn=False)
        send = gr.Button("Send", variant="primary", scale=1, elem_id="tutor-send")
        stop = gr.Button("Stop", variant="stop", scale=1, elem_id="tutor-stop")
        clear = gr.Button("Clear", scale=1, elem_id="tutor-clear")
    gr.Examples(EXAMPLES, inputs=problem, label="Examples")
    with gr.Accordion("Settings", open=False):
        max_new = gr.Slider(16, 4096, value=ctx.config.max_new_tokens, step=16,
                            label="Max new tokens")
        temperature = gr.Slider(0.0, 1.5, value=0.0, step=0.05, label="Temperature (0 = greedy)")
        top_p = gr.Slider(0.05, 1.0, value=0.95, step=0.05, label="Top-p")
        rep = gr.Slider(0.8, 1.5, value=1.0, step=0.05, label="Repetition penalty")

    def respond(message, chat, raw, max_new_tokens, temp, p, penalty, adapter_name,
                request: gr.Request):
        event = stops.new(getattr(request, "session_hash", None))
        settings = GenerationSettings(max_new_tokens, temp, p, penalty)
        shown = list(chat or []) + [{"role": "user", "content": render_markdown(message or "")
                                     or "(empty message)"}]
        yield shown, raw, ""
        last = None
        for reply in tutor.reply(message, raw, settings, event, adapter=adapter_name):
            last = reply
            yield shown + reply_messages(reply), gr.skip(), gr.skip()
        if last is None:
            return
        if last.error:  # nothing is lost: the text goes back into the box
            yield gr.skip(), gr.skip(), message
            return
        answer = last.parts.answer or last.text
        yield gr.skip(), list(raw or []) + [{"role": "user", "content": message},
                                            {"role": "assistant", "content": answer}], gr.skip()

    inputs = [problem, chatbot, raw_history, max_new, temperature, top_p, rep, adapter]
    outputs = [chatbot, raw_history, problem]
    kw = dict(concurrency_id="model", concurrency_limit=ctx.concurrency, show_progress="hidden")
    [problem.submit(ctx.gpu(respond), inputs, outputs, api_visibility="private", **kw),
          send.click(ctx.gpu(respond), inputs, outputs, api_visibility="private", **kw)]

    def on_stop(request: gr.Request):
        stops.stop(getattr(request, "session_hash", None))

    # The stop event ends generation at the next token; the reply keeps what was generated.
    stop.click(on_stop, None, None, queue=False, api_visibility="private")
    clear.click(lambda: ([], [], ""), None, [chatbot, raw_history, problem], queue=False,
                api_visibility="private")
