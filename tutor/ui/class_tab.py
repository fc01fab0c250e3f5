"""The Class tab (on with --classes): students join a class with its code and a display name and
practise adaptively with mastery bars; teachers create classes and see the dashboard. Also the
hooks the Tutor tab calls to record a class member's work (`record_tutor`, `record_practice`).
No model or database logic here: `tutor.classroom` does that."""

from __future__ import annotations

import html
import logging
import re
import secrets
import tempfile
from collections import OrderedDict
from pathlib import Path

import gradio as gr

from tutor.classroom import dashboard, selection
from tutor.classroom.db import default_url
from tutor.classroom.store import ClassError, ClassStore, Member
from tutor.tutoring import practice
from tutor.tutoring.mathtext import render_markdown
from tutor.ui import access
from tutor.ui.chat_view import LATEX_DELIMITERS

log = logging.getLogger(__name__)
STORAGE_KEY = "math-tutor-class"
MAX_SESSIONS = 20_000
LEAK_NOTICE = "gave the answer away"  # tutor.tutoring.service's notice for a replaced hint
SKILL_CHOICES = [(s.replace("_", " "), s) for s in [*selection.SEEDS, practice.WORD_KIND]]


class Classes:
    """The Class tab's server side: the store, and which browser session is which student (a
    page registers its student's token on load and on joining; the Tutor's hooks look it up)."""

    def __init__(self, config) -> None:
        url = config.class_db or default_url(config.runs_dir)
        try:
            self.store = ClassStore(url)
        except ClassError as exc:  # at start: the app stops and says why
            raise SystemExit(str(exc)) from None
        self.secret = _secret(Path(config.runs_dir))
        self._sessions: OrderedDict[str, str] = OrderedDict()

    def bind(self, request: gr.Request | None, token: str | None) -> None:
        key = access.session_key(request)
        if not key:
            return
        self._sessions.pop(key, None)
        if token:
            self._sessions[key] = token
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.popitem(last=False)

    def member(self, request: gr.Request | None) -> Member | None:
        token = self._sessions.get(access.session_key(request) or "")
        return self.store.member(token) if token else None


def _secret(runs: Path) -> str:
    """The browser-state key, kept in the runs folder so a membership survives a restart."""
    path = runs / ".class-secret"
    try:
        return path.read_text().strip() or ""
    except OSError:
        runs.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(24)
        path.write_text(value)
        path.chmod(0o600)
        return value


# -- hooks for the Tutor tab ------------------------------------------------------------------


def record_tutor(ctx, request, kind: str, problem, student_answer, reply) -> None:
    """Store a class member's solve / hint / check (nothing for a visitor in no class)."""
    classes = getattr(ctx, "classes", None)
    if classes is None or reply is None or not problem:
        return
    try:
        member = classes.member(request)
        if member is None or getattr(reply, "error", None):
            return
        if kind == "check":
            v = reply.check
            status = v.status if v else "none"
            correct = {"verified": True, "wrong": False, "calculation_error": False}.get(status)
            skill = (v.kind if v is not None and v.kind else None) or selection.skill_of(problem)
            classes.store.record(member, "check", skill, problem, student_answer or "", status, correct)
        elif kind == "hint":
            if reply.hint_index is None:
                return
            leaked = any(LEAK_NOTICE in n for n in reply.notices)
            classes.store.record(
                member,
                "hint",
                selection.skill_of(problem),
                problem,
                verdict="hint",
                leaked=leaked,
                hints_used=reply.hint_index,
                reply=reply.text,
            )
        else:
            v = reply.verification
            skill = (v.kind if v is not None and v.kind else None) or selection.skill_of(problem)
            classes.store.record(
                member, "solve", skill, problem, verdict=v.status if v else "none", reply=reply.as_text()
            )
    except Exception:  # noqa: BLE001 - recording never breaks tutoring
        log.exception("could not record a class member's attempt")


def record_practice(ctx, request, p: practice.PracticeProblem, work, right, first_try: bool) -> None:
    """Store a class member's answer to a Tutor-tab practice problem (the first try is the
    mastery observation; later tries are kept without counting)."""
    classes = getattr(ctx, "classes", None)
    if classes is None or right is None:
        return
    try:
        member = classes.member(request)
        if member is not None:
            classes.store.record(
                member,
                "practice",
                p.kind,
                p.problem,
                str(work or ""),
                "right" if right else "wrong",
                bool(right) if first_try else None,
            )
    except Exception:  # noqa: BLE001
        log.exception("could not record a class member's practice answer")


# -- drawing ------------------------------------------------------------------------------------


def _colour(m: float) -> str:
    return f"hsl({round(120 * m)}, 65%, 38%)"  # red (0) to green (1)


def _label(skill: str) -> str:
    return html.escape(skill.replace("_", " "))


_ROW = "display:flex;align-items:center;gap:8px;margin:4px 0"
_TRACK = "flex:1;height:14px;background:rgba(128,128,128,.2);border-radius:7px;overflow:hidden"
_CELL = "padding:4px 10px;border:1px solid rgba(128,128,128,.3);text-align:center"


def bars_html(mastery: dict[str, float]) -> str:
    if not mastery:
        return "<p class='mbar-empty'>No skills yet: practise here or in the Tutor tab, and your mastery shows up.</p>"
    rows = []
    for skill, m in sorted(mastery.items()):
        pct = round(100 * m)
        rows.append(
            f"<div class='mbar' data-skill='{html.escape(skill)}' data-mastery='{m:.3f}' style='{_ROW}'>"
            f"<span class='mbar-label' style='width:170px'>{_label(skill)}</span>"
            f"<div class='mbar-track' style='{_TRACK}'>"
            f"<div class='mbar-fill' style='height:100%;width:{pct}%;background:{_colour(m)}'></div></div>"
            f"<span class='mbar-value' style='width:48px;text-align:right'>{pct}%</span></div>"
        )
    return "".join(rows)


def heatmap_html(d: dashboard.Dashboard) -> str:
    if not d.students:
        return "<p>No students yet: give them the join code.</p>"
    if not d.skills:
        return "<p>No answers yet.</p>"
    head = "".join(f"<th style='{_CELL}'>{_label(s)}</th>" for s in d.skills)
    rows = []
    for sid, name in d.students:
        cells = []
        for skill in d.skills:
            m = d.mastery.get((sid, skill))
            if m is None:
                cells.append(
                    f"<td class='mastery-empty' data-skill='{html.escape(skill)}' style='{_CELL}'>–</td>"
                )
            else:
                n = d.answered.get((sid, skill), 0)
                cells.append(
                    f"<td class='mastery-cell' data-student='{html.escape(name)}' data-skill='{html.escape(skill)}'"
                    f" data-mastery='{m:.3f}' style='{_CELL};color:#fff;font-weight:600;background:{_colour(m)}'"
                    f" title='{n} answers'>{round(100 * m)}%</td>"
                )
        rows.append(f"<tr><th class='student' style='{_CELL}'>{html.escape(name)}</th>{''.join(cells)}</tr>")
    return (
        f"<table class='heatmap' style='border-collapse:collapse'><tr><th style='{_CELL}'>student</th>{head}</tr>"
        f"{''.join(rows)}</table>"
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def _md_cell(text, limit: int = 300) -> str:
    """Visitor text inside Markdown: shown as typed (no links, emphasis or math), one line."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text or "").split())[:limit]))


def details_md(d: dashboard.Dashboard) -> tuple[str, str, str]:
    stuck = (
        "\n".join(f"- **{_md_cell(n)}** on {_label(s)}: {why}" for n, s, why in d.stuck)
        or "_Nobody is stuck._"
    )
    names = [n for _, n in d.students]
    counts = ["| student | hints | hints that gave the answer away |", "|---|---|---|"] + [
        f"| {_md_cell(n)} | {d.hints.get(n, 0)} | {d.leaks.get(n, 0)} |" for n in names
    ]
    fitted = (
        f"\n\nMastery parameters fitted from this class's answers for: {', '.join(map(_label, d.fitted))}; "
        "other skills use the defaults until there are enough answers."
        if d.fitted
        else "\n\nMastery uses the default parameters until a skill has enough answers to fit them."
    )
    flagged = (
        "\n".join(
            f"- {f['time']} · **{_md_cell(f['student'])}** · {_label(f['skill'])} · "
            f"**{f['verdict'].replace('_', ' ')}** · {_md_cell(f['problem'])}"
            + (f"\n  > {_md_cell(f['reply'])}" if f["reply"] else " (reply not logged)")
            for f in d.flagged[-50:]
        )
        or "_No replies flagged._"
    )
    return stuck, "\n".join(counts) + fitted, flagged


# -- the tab --------------------------------------------------------------------------------------


def render(ctx) -> None:
    classes: Classes = ctx.classes
    store = classes.store
    public = ctx.config.is_public
    membership = gr.BrowserState({"token": ""}, storage_key=STORAGE_KEY, secret=classes.secret)
    current = gr.State(None)
    gr.Markdown(
        "Join your teacher's class to keep your practice and see your mastery per skill. "
        "Without a class nothing about you is stored on the server. "
        "Stored for a class member: each answer, check, hint and solved problem (time, skill, "
        "problem, your answer, the verdict, hints used; the tutor's reply only if your teacher "
        "turned chat logging on), until your teacher deletes it.",
        elem_id="class-intro",
    )
    with gr.Group():
        with gr.Row():
            code = gr.Textbox(label="Join code", max_length=20, scale=1, elem_id="class-code")
            name = gr.Textbox(label="Display name (no email)", max_length=200, scale=2, elem_id="class-name")
            join = gr.Button("Join", variant="primary", scale=1, elem_id="class-join")
            leave = gr.Button("Leave on this browser", scale=1, elem_id="class-leave")
        status = gr.Markdown("_Not in a class._", elem_id="class-status")
    gr.Markdown("### Your mastery")
    bars = gr.HTML(bars_html({}), elem_id="class-bars")
    with gr.Row():
        nxt = gr.Button("Next practice problem", scale=1, elem_id="class-next")
        problem = gr.Markdown("", elem_id="class-problem", latex_delimiters=LATEX_DELIMITERS)
    with gr.Row():
        answer = gr.Textbox(label="Your answer", scale=4, elem_id="class-answer")
        check = gr.Button("Check", scale=1, elem_id="class-check")
    feedback = gr.Markdown("", elem_id="class-feedback", latex_delimiters=LATEX_DELIMITERS)

    with gr.Accordion(
        "Teacher: classes and dashboard", open=True, visible=not public, elem_id="class-teacher"
    ) as teacher_box:
        with gr.Row():
            new_name = gr.Textbox(label="New class name", max_length=200, scale=3, elem_id="class-new-name")
            new_logging = gr.Checkbox(label="Log the tutor's replies", value=False, scale=1)
            create = gr.Button("Create class", scale=1, elem_id="class-create")
        created = gr.Markdown("", elem_id="class-created")
        with gr.Row():
            pick = gr.Dropdown([], label="Class", scale=3, elem_id="class-pick")
            refresh = gr.Button("Refresh", scale=1, elem_id="class-refresh")
        with gr.Row():
            assigned = gr.CheckboxGroup(
                SKILL_CHOICES, label="Assigned skills", scale=4, elem_id="class-assigned"
            )
            logging_box = gr.Checkbox(label="Log the tutor's replies", scale=1, elem_id="class-logging")
            save = gr.Button("Save options", scale=1, elem_id="class-save")
        heatmap = gr.HTML("", elem_id="class-heatmap")
        gr.Markdown("**Stuck** (3 wrong in a row on a skill, or 3 hints without a right answer)")
        stuck = gr.Markdown("", elem_id="class-stuck")
        counts = gr.Markdown("", elem_id="class-counts")
        gr.Markdown("**Replies the math core flagged** (wrong, calculation error)")
        flagged = gr.Markdown("", elem_id="class-flagged")
        with gr.Row():
            export = gr.DownloadButton("Download attempts (CSV)", elem_id="class-export")
            who = gr.Dropdown([], label="Student", scale=2, elem_id="class-delete-pick")
            delete = gr.Button("Delete this student's data", variant="stop", scale=1, elem_id="class-delete")
        deleted = gr.Markdown("", elem_id="class-deleted")
    ctx.teacher_only.append(teacher_box)

    # -- students
    def student_view(member: Member | None):
        if member is None:
            return "_Not in a class._", bars_html({})
        m = {skill: v for (_sid, skill), v in store.mastery(member.class_id, member.student_id).items()}
        started = {a.skill for a in store.attempts(member.class_id, member.student_id)}
        params = store.params(member.class_id)
        for skill in (started - {"other"}) | set(member.assigned):  # started or assigned: the prior
            m.setdefault(skill, params.get(skill, selection.bkt.DEFAULTS).p_init)
        return (
            f"You are in **{_md_cell(member.class_name)}** as **{_md_cell(member.name)}**.",
            bars_html(m),
        )

    def on_load(saved, request: gr.Request):
        token = (saved or {}).get("token") if isinstance(saved, dict) else None
        classes.bind(request, token)
        member = classes.member(request)
        return student_view(member)

    def on_join(code_text, name_text, saved, request: gr.Request):
        access.admit(ctx, request, 0, count_tokens=False)  # a public app's request quota
        try:
            member, token = store.join(code_text, name_text)
        except ClassError as exc:
            return gr.skip(), f"⚠️ {exc}", gr.skip()
        classes.bind(request, token)
        text, drawn = student_view(member)
        return {"token": token}, text, drawn

    def on_leave(request: gr.Request):
        classes.bind(request, None)
        return (
            {"token": ""},
            "_Not in a class._ (Your work stays with your class; your teacher can delete it.)",
            bars_html({}),
        )

    def on_next(request: gr.Request):
        access.admit(ctx, request, 0, count_tokens=False)  # a public app's request quota
        member = classes.member(request)
        if member is None:
            return None, "", "⚠️ Join a class first (code and name above)."
        rows = store.attempts(member.class_id, member.student_id)
        started = {a.skill for a in rows if a.source in ("practice", "check", "solve", "hint")}
        last = {a.skill: a.problem for a in rows}
        m = {skill: v for (_sid, skill), v in store.mastery(member.class_id, member.student_id).items()}
        ranked = selection.ranked_skills(m, started, member.assigned, last)
        if not ranked:
            return (
                None,
                "",
                "Solve or check a problem in the Tutor tab first, or ask your teacher to assign a skill.",
            )
        why = ""
        for skill in ranked[:3]:  # the weakest skill first; the next one when none can be made
            history = [
                (bool(a.correct), a.difficulty)
                for a in rows
                if a.skill == skill and a.difficulty and a.correct is not None
            ]
            lvl = selection.level(history)
            try:
                p = selection.make_problem(skill, lvl, last.get(skill))
                break
            except practice.PracticeError as exc:
                why = str(exc)
        else:
            return None, "", f"⚠️ {why}"
        cur = {"problem": p.to_dict(), "level": lvl, "tried": False}
        return cur, f"**{_label(skill)}, level {lvl}:** {render_markdown(p.problem)}", ""

    def on_check(cur, work, request: gr.Request):
        member = classes.member(request)
        if member is None:
            return cur, "⚠️ Join a class first.", gr.skip()
        if not cur:
            return cur, "Click “Next practice problem” first.", gr.skip()
        p = practice.PracticeProblem(**cur["problem"])
        right, message = practice.check_answer(p, work)
        if right is not None:
            try:
                store.record(
                    member,
                    "practice",
                    p.kind,
                    p.problem,
                    str(work or ""),
                    "right" if right else "wrong",
                    bool(right) if not cur["tried"] else None,
                    hints_used=0,
                    difficulty=cur["level"],
                )
            except ClassError as exc:
                return cur, f"⚠️ {exc}", gr.skip()
            cur = {**cur, "tried": True}
        return cur, render_markdown(message), student_view(member)[1]

    gr.on(
        triggers=None,
        fn=on_load,
        inputs=membership,
        outputs=[status, bars],
        api_visibility="private",
        queue=False,
    )
    join.click(
        on_join,
        [code, name, membership],
        [membership, status, bars],
        api_visibility="private",
        concurrency_id="class",
    )
    leave.click(on_leave, None, [membership, status, bars], api_visibility="private", queue=False)
    nxt.click(
        on_next, None, [current, problem, feedback], api_visibility="private", concurrency_id="practice"
    )
    for trigger in (check.click, answer.submit):
        trigger(
            on_check,
            [current, answer],
            [current, feedback, bars],
            api_visibility="private",
            concurrency_id="class",
        )

    # -- teachers
    def teacher_of(request, profile) -> str | None:
        """The teacher whose classes are shown: the login on a public app; None (all) locally."""
        access.require_teacher(ctx, request, profile, "Classes")
        return access.visitor(request, profile) if public else None

    def class_choices(teacher):
        return [(f"{c.name} (code {c.join_code})", c.id) for c in store.classes(teacher)]

    def on_create(class_name, log_replies, request: gr.Request, profile: gr.OAuthProfile | None):
        teacher = teacher_of(request, profile)
        try:
            room = store.create_class(
                class_name, teacher or access.visitor(request, profile) or "local", log_replies
            )
        except ClassError as exc:
            return f"⚠️ {exc}", gr.skip()
        return (
            f"Created **{_md_cell(room.name)}**. Join code: **`{room.join_code}`**",
            gr.update(choices=class_choices(teacher), value=room.id),
        )

    def on_show(class_id, request: gr.Request, profile: gr.OAuthProfile | None):
        teacher = teacher_of(request, profile)
        if class_id is None:
            return gr.update(choices=class_choices(teacher)), gr.skip(), gr.skip(), "", "", "", "", gr.skip()
        try:
            room = store.get_class(class_id, teacher)
        except ClassError as exc:
            return gr.skip(), gr.skip(), gr.skip(), f"⚠️ {exc}", "", "", "", gr.skip()
        d = dashboard.build(store, room.id)
        s, c, f = details_md(d)
        return (
            gr.update(choices=class_choices(teacher)),
            gr.update(value=[a for a in (room.assigned or "").split(",") if a]),
            room.chat_logging,
            heatmap_html(d),
            s,
            c,
            f,
            gr.update(choices=[(n, sid) for sid, n in d.students], value=None),
        )

    show_out = [pick, assigned, logging_box, heatmap, stuck, counts, flagged, who]
    pick.change(on_show, pick, show_out, api_visibility="private", concurrency_id="class")
    refresh.click(on_show, pick, show_out, api_visibility="private", concurrency_id="class")
    create.click(
        on_create, [new_name, new_logging], [created, pick], api_visibility="private", concurrency_id="class"
    )

    def on_save(class_id, skills, log_replies, request: gr.Request, profile: gr.OAuthProfile | None):
        teacher = teacher_of(request, profile)
        if class_id is None:
            return "Pick a class first."
        room = store.set_options(class_id, teacher, log_replies, list(skills or []))
        logged = "on" if room.chat_logging else "off"
        return f"Saved: assigned {room.assigned.replace(',', ', ') or 'nothing'}; chat logging {logged}."

    save.click(
        on_save, [pick, assigned, logging_box], created, api_visibility="private", concurrency_id="class"
    )

    def on_export(class_id, request: gr.Request, profile: gr.OAuthProfile | None):
        teacher = teacher_of(request, profile)
        if class_id is None:
            raise gr.Error("Pick a class first.")
        room = store.get_class(class_id, teacher)
        out = Path(tempfile.mkdtemp(prefix="class-")) / f"class-{room.join_code}-attempts.csv"
        out.write_text(dashboard.export_csv(store, room.id), encoding="utf-8")
        return str(out)

    export.click(on_export, pick, export, api_visibility="private")

    def on_delete(class_id, student_id, request: gr.Request, profile: gr.OAuthProfile | None):
        teacher = teacher_of(request, profile)
        if class_id is None or student_id is None:
            return "Pick a class and a student first."
        try:
            gone = store.delete_student(class_id, student_id, teacher)
        except ClassError as exc:
            return f"⚠️ {exc}"
        skills = ", ".join(map(_label, gone["skills"])) or "none"
        return (
            f"Deleted **{_md_cell(gone['name'])}**: the student record, {gone['attempts']} attempts "
            f"({gone['replies']} logged replies) on skills {skills}. Nothing else about them is stored."
        )

    delete.click(on_delete, [pick, who], deleted, api_visibility="private", concurrency_id="class").then(
        on_show, pick, show_out, api_visibility="private", concurrency_id="class"
    )
