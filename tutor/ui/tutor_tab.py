"""The Tutor tab: chat with streaming replies, examples, settings, Stop and Clear."""

from __future__ import annotations

import gradio as gr

from tutor.tutoring.hints import HintState
from tutor.tutoring.mathtext import render_markdown
from tutor.ui import class_tab, photo_panel, pipeline, practice_panel
from tutor.ui.adapter_panel import adapter_panel
from tutor.ui.chat_view import LATEX_DELIMITERS, reply_messages
from tutor.ui.pipeline import TutorRequest
from tutor.ui.tutor_form import MODES, TutorForm, handler

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
    stops = ctx.stops
    raw_history = gr.State([])  # what the model sees: plain user/assistant turns
    adapter = adapter_panel(ctx, getattr(ctx, "header_md", None))
    chatbot = gr.Chatbot(
        label="Tutor",
        height=560,
        latex_delimiters=LATEX_DELIMITERS,
        sanitize_html=True,
        buttons=["copy", "copy_all"],
        elem_id="tutor-chat",
        feedback_options=None,
        placeholder="Type a math problem below, or pick an example.",
        allow_tags=False,
    )
    with gr.Row():
        mode = gr.Radio(list(MODES), value="Solve", label="Mode", scale=3, elem_id="tutor-mode")
        student = gr.Textbox(
            label="Your answer (or your last lines of work)",
            lines=2,
            scale=5,
            visible=False,
            elem_id="tutor-student-answer",
        )
        next_hint = gr.Button("Next hint", scale=1, visible=False, elem_id="tutor-next-hint")
        full = gr.Button("Show full solution", scale=1, visible=False, elem_id="tutor-reveal")
    hint_state = gr.State(None)  # HintState: the problem and how many hints were given
    with gr.Row():
        problem = photo_panel.input_box(scale=8, lines=1, max_lines=8, elem_id="tutor-input")
        send = gr.Button("Send", variant="primary", scale=1, elem_id="tutor-send")
        stop = gr.Button("Stop", variant="stop", scale=1, elem_id="tutor-stop")
        clear = gr.Button("Clear", scale=1, elem_id="tutor-clear")
    photo = photo_panel.confirm_controls()  # a photo's recognised text, to correct and confirm
    gr.Examples([{"text": e, "files": []} for e in EXAMPLES], inputs=problem, label="Examples")
    with gr.Accordion("Settings", open=False):
        top = ctx.config.public_max_new_tokens if ctx.config.is_public else 4096
        max_new = gr.Slider(
            16, top, value=min(ctx.config.max_new_tokens, top), step=16, label="Max new tokens"
        )
        temperature = gr.Slider(0.0, 1.5, value=0.0, step=0.05, label="Temperature (0 = greedy)")
        top_p = gr.Slider(0.05, 1.0, value=0.95, step=0.05, label="Top-p")
        rep = gr.Slider(0.8, 1.5, value=1.0, step=0.05, label="Repetition penalty")
        samples = gr.Slider(
            0,
            8,
            value=0,
            step=1,
            label="Self-consistency samples (for teachers: k extra answers at temperature 0.7; slow on CPU)",
        )

    def respond(form: TutorForm, request: gr.Request):
        message, photos = photo_panel.model_message(form.message)  # photos: for a model that reads them
        kind, hstate, student_answer = form.mode, form.hint_state, form.student_answer
        label = message or ""
        if kind == "check":
            label = f"{message}\n\n**My answer:** {student_answer}"
        elif kind == "hint":
            label, hstate = f"{message}\n\n_(hint, please)_", HintState(problem=message or "")
        if photos and not message.strip():
            message = photo_panel.DEFAULT_QUESTION
        ask = TutorRequest(
            mode=kind,
            problem=message,
            history=list(form.raw or []),
            settings=form.settings,
            adapter=form.adapter,
            answer=student_answer or "",
            samples=form.samples,
            images=[ph.image for ph in photos],
            hint_state=hstate,
        )
        replies = pipeline.serve(ctx, ask, request, getattr(request, "session_hash", None))
        shown_label = photo_panel.user_label(label, photos[0]) if photos else render_markdown(label)
        shown = list(form.chat or []) + [{"role": "user", "content": shown_label or "(empty message)"}]
        yield shown, form.raw, "", hstate
        asked = {
            "role": "user",
            "content": message,
            **({"images": [ph.image for ph in photos]} if photos else {}),
        }
        started = None  # the history with the problem, once its reply has started
        last = None
        try:
            for last in replies:
                if started is None and kind == "solve" and last.text and not last.error:
                    # practice ("Try a similar problem") reads the last user turn: hand it the
                    # problem as its reply starts, not only after the check ends the event
                    started = list(form.raw or []) + [asked]
                    yield shown + reply_messages(last), started, gr.skip(), gr.skip()
                    continue
                yield shown + reply_messages(last), gr.skip(), gr.skip(), gr.skip()
        finally:
            replies.close()
        if last is None:
            return
        class_tab.record_tutor(ctx, request, kind, message, student_answer, last)  # class members only
        if last.error or kind != "solve":  # nothing is lost: the text goes back into the box
            yield gr.skip(), gr.skip() if started is None else form.raw, message, hstate
            return
        answer = last.parts.answer or last.text
        yield (
            gr.skip(),
            list(form.raw or []) + [asked, {"role": "assistant", "content": answer}],
            gr.skip(),
            gr.skip(),
        )

    def more(action: str, form: TutorForm, request: gr.Request):
        """Next hint ("hint") or the full solution ("reveal") for the problem of the hint state."""
        chat, hstate = form.chat, form.hint_state
        if hstate is None or not getattr(hstate, "problem", ""):
            yield (
                list(chat or [])
                + [{"role": "assistant", "content": "Choose **Hint** mode and send a problem first."}],
                hstate,
            )
            return
        ask = TutorRequest(
            mode=action,  # "hint" | "reveal"
            problem=hstate.problem,
            settings=form.settings,
            adapter=form.adapter,
            hint_state=hstate,
        )
        replies = pipeline.serve(ctx, ask, request, getattr(request, "session_hash", None))
        ask_text = "_(next hint, please)_" if action == "hint" else "_(show me the full solution)_"
        shown = list(chat or []) + [{"role": "user", "content": ask_text}]
        last = None
        try:
            for last in replies:
                yield shown + reply_messages(last), gr.skip()
        finally:
            replies.close()
        class_tab.record_tutor(ctx, request, action, hstate.problem, "", last)  # class members only
        yield gr.skip(), hstate

    kw_more = dict(
        concurrency_id="model",
        concurrency_limit=ctx.concurrency,
        show_progress="hidden",
        api_visibility="private",
    )

    def on_next_hint(form: TutorForm, request: gr.Request):
        yield from more("hint", form, request)

    def on_reveal(form: TutorForm, request: gr.Request):
        yield from more("reveal", form, request)

    mode.change(
        lambda m: (
            gr.update(visible=m == "Check my answer"),
            gr.update(visible=m == "Hint"),
            gr.update(visible=m == "Hint"),
        ),
        mode,
        [student, next_hint, full],
        queue=False,
        api_visibility="private",
    )

    inputs = [
        problem,
        chatbot,
        raw_history,
        max_new,
        temperature,
        top_p,
        rep,
        adapter,
        mode,
        student,
        samples,
        hint_state,
    ]
    outputs = [chatbot, raw_history, problem, hint_state]
    # a hint or the solution asks for no extra answers: its form's samples are 0 (the gate's
    # token budget for it stays max_new_tokens)
    more_inputs = [*inputs[:10], gr.State(0), hint_state]
    next_hint.click(ctx.gpu(handler(on_next_hint)), more_inputs, [chatbot, hint_state], **kw_more)
    full.click(ctx.gpu(handler(on_reveal)), more_inputs, [chatbot, hint_state], **kw_more)
    kw = dict(concurrency_id="model", concurrency_limit=ctx.concurrency, show_progress="hidden")
    routed = photo_panel.route(ctx, respond, photo)  # a photo: to the model, or read and confirmed
    photo_outputs = [*outputs, photo.group, photo.text]
    [
        problem.submit(ctx.gpu(routed), inputs, photo_outputs, api_visibility="private", **kw),
        send.click(ctx.gpu(routed), inputs, photo_outputs, api_visibility="private", **kw),
    ]
    photo_inputs = [photo.text, *inputs[1:]]
    photo.confirm.click(
        ctx.gpu(photo_panel.confirmed(respond)), photo_inputs, photo_outputs, api_visibility="private", **kw
    )
    for button in (photo.cancel, clear):  # the confirm step goes away with its photo
        button.click(
            lambda: gr.update(visible=False), None, photo.group, queue=False, api_visibility="private"
        )

    def on_stop(request: gr.Request):
        stops.stop(getattr(request, "session_hash", None))

    # The stop event ends generation at the next token; the reply keeps what was generated.
    stop.click(on_stop, None, None, queue=False, api_visibility="private")
    clear.click(
        lambda: ([], [], "", None),
        None,
        [chatbot, raw_history, problem, hint_state],
        queue=False,
        api_visibility="private",
    )
    practice_panel.render(ctx, raw_history)  # "Try a similar problem" after a solved one
