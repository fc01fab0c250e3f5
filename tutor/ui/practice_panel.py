"""The Tutor tab's practice panel: "Try a similar problem" after a solved one, check-my-answer on
it, and a tried/right summary per kind that the browser keeps across page reloads
(`gr.BrowserState`). No math here: problems, answers and checks come from
`tutor.tutoring.practice` (the math core computes and checks every answer before it is shown)."""

from __future__ import annotations

import gradio as gr

from tutor.math import pool
from tutor.tutoring import practice
from tutor.tutoring.mathtext import render_markdown
from tutor.ui import access, class_tab
from tutor.ui.chat_view import LATEX_DELIMITERS

STORAGE_KEY = "math-tutor-practice-summary"


def _last_problem(raw_history) -> str:
    for turn in reversed(list(raw_history or [])):
        if isinstance(turn, dict) and turn.get("role") == "user":
            return str(turn.get("content") or "")
    return ""


def render(ctx, raw_history: gr.State) -> None:
    """`raw_history`: the Tutor tab's plain turns; its last user turn is the solved problem."""
    current = gr.State(None)  # {"problem": PracticeProblem dict, "tried", "right"}: server side
    summary = gr.BrowserState(practice.Session().to_dict(), storage_key=STORAGE_KEY)
    with gr.Accordion("Practice: try a similar problem", open=True, elem_id="practice"):
        with gr.Row():
            new = gr.Button("Try a similar problem", elem_id="practice-new", scale=1)
            problem = gr.Markdown(
                "_Solve a problem above, then practise on one like it._",
                elem_id="practice-problem",
                latex_delimiters=LATEX_DELIMITERS,
            )
        with gr.Row():
            answer = gr.Textbox(label="Your answer", scale=4, elem_id="practice-answer")
            check = gr.Button("Check my answer", scale=1, elem_id="practice-check")
            show = gr.Button("Show solution", scale=1, elem_id="practice-show")
        feedback = gr.Markdown("", elem_id="practice-feedback", latex_delimiters=LATEX_DELIMITERS)
        gr.Markdown("**Your practice so far** (kept in this browser)")
        table = gr.Markdown(practice.Session().markdown(), elem_id="practice-summary")

    def make(raw, request: gr.Request):
        source = _last_problem(raw)
        try:
            with pool.as_visitor(access.math_visitor(ctx, request)):  # its share of the workers
                p = practice.similar(source)
        except practice.PracticeError as exc:
            return None, f"⚠️ {exc}", "", ""
        kind = p.kind.replace("_", " ")
        return (
            {"problem": p.to_dict(), "tried": False, "right": False},
            f"**Practice ({kind}):** {render_markdown(p.problem)}",
            "",
            "",
        )

    def grade_it(cur, work, saved, request: gr.Request):
        if not cur:
            raise gr.Error("Click “Try a similar problem” first.")
        p = practice.PracticeProblem(**cur["problem"])
        with pool.as_visitor(access.math_visitor(ctx, request)):
            right, message = practice.check_answer(p, work)
        session = practice.Session.from_dict(saved)
        if right is not None:
            class_tab.record_practice(ctx, request, p, work, right, first_try=not cur["tried"])
            session.record(p.kind, first_try=not cur["tried"], right=right, already_right=cur["right"])
            cur = {**cur, "tried": True, "right": cur["right"] or right}
        data = session.to_dict()
        return cur, render_markdown(message), data, session.markdown()

    def reveal(cur):
        if not cur:
            return "Click “Try a similar problem” first."
        p = practice.PracticeProblem(**cur["problem"])
        return render_markdown(
            f"**Solution** (checked by the math core: {p.check.replace('_', ' ')}):\n\n{p.solution}"
        )

    new.click(
        make,
        raw_history,
        [current, problem, answer, feedback],
        api_visibility="private",
        concurrency_limit=32,  # the work waits in the fair SymPy pool, not in a FIFO line here
        concurrency_id="practice",
    )
    answer.submit(
        grade_it,
        [current, answer, summary],
        [current, feedback, summary, table],
        api_visibility="private",
        concurrency_limit=32,  # the group's limit is its lowest: the same as "Try a similar problem"
        concurrency_id="practice",
    )
    check.click(
        grade_it,
        [current, answer, summary],
        [current, feedback, summary, table],
        api_visibility="private",
        concurrency_limit=32,  # the group's limit is its lowest: the same as "Try a similar problem"
        concurrency_id="practice",
    )
    show.click(reveal, current, feedback, api_visibility="private", queue=False)
    # the summary comes back from the browser on every page load
    gr.on(
        triggers=None,
        fn=lambda saved: practice.Session.from_dict(saved).markdown(),
        inputs=summary,
        outputs=table,
        api_visibility="private",
        queue=False,
    )
