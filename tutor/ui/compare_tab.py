"""The Compare tab and its API (`/compare`, `/leaderboard`): base and LoRA adapters side by side
on one problem, teachers' votes (optionally blind: names hidden and the columns shuffled per
problem until the vote), and the leaderboard fitted from the votes. No model logic here:
generation is `tutor.evaluation.compare`, ratings `tutor.evaluation.leaderboard`."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from tutor.adapters.registry import AdapterError
from tutor.engine.engines import GenerationSettings
from tutor.evaluation import leaderboard as lb
from tutor.evaluation.compare import (
    LETTERS,
    MAX_COLUMNS,
    VOTE_CHOICES,
    CompareError,
    VoteLog,
    blind_order,
    column_title,
    compare,
    gsm8k_examples,
    problem_kind,
    session_key,
)
from tutor.tutoring.service import Reply
from tutor.ui import access, pipeline
from tutor.ui.adapter_panel import NEEDS_MODEL, choices, registry
from tutor.ui.chat_view import LATEX_DELIMITERS, reply_messages


def votes_log(ctx) -> VoteLog:
    # --votes / TUTOR_VOTES, else RUNS_DIR/votes.jsonl; --vote-cap / TUTOR_VOTE_CAP
    return VoteLog(ctx.config.votes_path(), cap=max(1, int(ctx.config.vote_cap)))


def board_for(ctx, kinds=(), since: str = "", until: str = "", rounds: int = lb.DEFAULT_ROUNDS):
    """The leaderboard of this app's votes (ValueError on an unreadable date)."""
    votes = votes_log(ctx)
    try:
        return lb.leaderboard(
            votes.records(),
            kinds=list(kinds or []),
            since=since or None,
            until=until or None,
            cap=votes.cap,
            rounds=rounds,
        )
    except ValueError as exc:
        raise gr.Error(f"dates are YYYY-MM-DD ({exc})") from None


def _kinds_seen(ctx) -> list[str]:
    return sorted({str(r.get("kind") or "other") for r in votes_log(ctx).records()})


def _export(text: str, name: str) -> str:
    out = Path(tempfile.mkdtemp(prefix="leaderboard-")) / name
    out.write_text(text, encoding="utf-8")
    return str(out)


# ---------------------------------------------------------------------------------------------
# Compare tab


def render(ctx) -> None:
    is_hf = bool(ctx.engine.info.adapters)
    top = ctx.config.public_max_new_tokens if ctx.config.is_public else 4096
    if not is_hf:
        gr.Markdown(f"⚠️ {NEEDS_MODEL}")
    examples = gsm8k_examples(12)
    votes = votes_log(ctx)
    last = gr.State({})  # the last comparison (true names), kept on the server, for the vote
    with gr.Row():
        models = gr.CheckboxGroup(
            choices(ctx),
            value=_initial_pick(ctx),
            label=f"Models to compare (2 to {MAX_COLUMNS})",
            elem_id="compare-models",
            scale=5,
        )
        refresh = gr.Button("↻ Refresh list", scale=1, elem_id="compare-refresh")
    blind = gr.Checkbox(
        False,
        label="Blind: hide which model is in which column and shuffle "
        "the order per problem; names are shown after the vote",
        elem_id="compare-blind",
    )
    with gr.Row():
        problem = gr.Textbox(
            label="Problem",
            lines=2,
            max_lines=8,
            scale=4,
            placeholder="One problem for every column",
            elem_id="compare-problem",
        )
        gold = gr.Textbox(label="Gold answer (optional)", scale=1, elem_id="compare-gold")
    if examples:
        gr.Examples(
            [[q, g] for q, g in examples],
            inputs=[problem, gold],
            label="GSM8K test examples (with gold answers)",
        )
    with gr.Row():
        max_new = gr.Slider(
            16, top, value=min(ctx.config.max_new_tokens, 1024, top), step=16, label="Max new tokens", scale=3
        )
        run = gr.Button("Compare", variant="primary", scale=1, elem_id="compare-run")
        stop = gr.Button("Stop", variant="stop", scale=1, elem_id="compare-stop")
    message = gr.Markdown("", elem_id="compare-message")
    titles, chats, stats, cols = [], [], [], []
    with gr.Row(equal_height=False, elem_id="compare-columns"):
        for k in range(MAX_COLUMNS):
            with gr.Column(visible=k < 2, min_width=240) as col:
                titles.append(gr.Markdown(f"### {LETTERS[k]}", elem_id=f"compare-title-{k}"))
                chats.append(
                    gr.Chatbot(
                        label=LETTERS[k],
                        height=460,
                        show_label=False,
                        latex_delimiters=LATEX_DELIMITERS,
                        sanitize_html=True,
                        buttons=["copy"],
                        allow_tags=False,
                        elem_id=f"compare-chat-{k}",
                    )
                )
                stats.append(gr.Markdown("", elem_id=f"compare-stats-{k}"))
            cols.append(col)
    with gr.Row():
        vote = gr.Radio(VOTE_CHOICES, label="Which answer is better?", elem_id="compare-vote", scale=3)
        note = gr.Textbox(label="Note (optional)", scale=3, elem_id="compare-note")
        submit = gr.Button("Save vote", scale=1, elem_id="compare-save-vote")
    with gr.Row():
        vote_status = gr.Markdown(
            f"Votes are saved to `{votes.path}` (at most {votes.cap} per session and problem).",
            elem_id="vote-status",
        )
        download = gr.DownloadButton("Download votes (CSV)", elem_id="compare-download")

    with gr.Accordion("Leaderboard", open=False, elem_id="leaderboard"):
        gr.Markdown(
            'Bradley–Terry ratings from the votes (ties count half; "all bad" is '
            "counted apart), with bootstrap 95% intervals. At most "
            f"{votes.cap} votes per session and problem count."
        )
        with gr.Row():
            kinds = gr.Dropdown(
                _kinds_seen(ctx),
                value=[],
                multiselect=True,
                scale=3,
                label="Topics (the problem's kind; empty = all)",
                elem_id="lb-kinds",
            )
            since = gr.Textbox(label="From (YYYY-MM-DD)", scale=1, elem_id="lb-since")
            until = gr.Textbox(label="To (YYYY-MM-DD)", scale=1, elem_id="lb-until")
            show = gr.Button("Update leaderboard", scale=1, elem_id="lb-update")
        lb_note = gr.Markdown("", elem_id="lb-note")
        lb_table = gr.Dataframe(
            headers=["rank", "model", "rating", "95% CI", "votes", "wins / losses / ties", "all bad"],
            interactive=False,
            elem_id="lb-table",
        )
        lb_plot = gr.Plot(label="Win rate (row beats column)", elem_id="lb-plot")
        with gr.Row():
            lb_csv = gr.DownloadButton("Download leaderboard (CSV)", visible=False, elem_id="lb-dl-csv")
            lb_json = gr.DownloadButton("Download leaderboard (JSON)", visible=False, elem_id="lb-dl-json")

    def run_compare(
        text,
        gold_text,
        picked,
        max_new_tokens,
        is_blind,
        request: gr.Request,
        profile: gr.OAuthProfile | None,
    ):
        access.require_teacher(ctx, request, profile, "Compare")
        picked = list(picked or [])
        empty = [gr.skip()] * (MAX_COLUMNS * 4)
        if not is_hf:
            raise gr.Error(NEEDS_MODEL)
        if not 2 <= len(picked) <= MAX_COLUMNS:
            raise gr.Error(f"Pick 2 to {MAX_COLUMNS} models to compare (you picked {len(picked)}).")
        key = getattr(request, "session_hash", None)
        admitted = pipeline.admit(
            ctx, request, max_new_tokens, len(picked), f"{key}:compare" if key else None
        )
        event = admitted.stop
        settings = GenerationSettings(max_new_tokens=max_new_tokens)
        gold_value = (gold_text or "").strip() or None
        order = blind_order(picked) if is_blind else picked
        head = []
        for k in range(MAX_COLUMNS):
            head += [
                gr.update(visible=k < len(order)),
                column_title(k, order[k], is_blind) if k < len(order) else "",
                [],
                "",
            ]
        yield (
            ("Blind: the columns are shuffled and their models hidden until you vote." if is_blind else ""),
            {},
            *head,
        )
        cols_now = None
        try:
            with _held(ctx, picked):
                snapshots = compare(ctx.engine, text, order, settings, event, gold=gold_value)
                for cols_now in pipeline.stream(ctx, admitted, snapshots, _spent):
                    out = []
                    for k in range(MAX_COLUMNS):
                        if k < len(cols_now):
                            c = cols_now[k]
                            out += [gr.skip(), gr.skip(), reply_messages(c.reply), c.summary()]
                        else:
                            out += [gr.skip()] * 4
                    yield gr.skip(), gr.skip(), *out
        except (CompareError, AdapterError) as exc:
            msg = str(exc)
            if is_blind:  # an error may name a model: say which column instead
                for k, name in enumerate(order):
                    msg = msg.replace(name, f"column {LETTERS[k]}")
            yield f"⚠️ {msg}", gr.skip(), *empty
            return
        if cols_now:
            batched = "one batch" if all(c.batched for c in cols_now) else "one after another"
            record = {
                "problem": text,
                "gold": gold_value,
                "columns": [c.label for c in cols_now],
                "answers": [c.answer for c in cols_now],
                "correct": [c.correct for c in cols_now],
                "blind": bool(is_blind),
            }
            yield f"Generated as {batched}. Mark the better answer below.", record, *empty

    outputs = [message, last]
    for k in range(MAX_COLUMNS):
        outputs += [cols[k], titles[k], chats[k], stats[k]]
    run.click(
        ctx.gpu(run_compare),
        [problem, gold, models, max_new, blind],
        outputs,
        concurrency_id="model",
        concurrency_limit=ctx.concurrency,
        show_progress="hidden",
        api_visibility="private",
    )

    def on_stop(request: gr.Request):
        key = getattr(request, "session_hash", None)
        ctx.stops.stop(f"{key}:compare" if key else None)

    stop.click(on_stop, None, None, queue=False, api_visibility="private")
    refresh.click(
        lambda cur: gr.update(choices=choices(ctx), value=[c for c in (cur or []) if c in choices(ctx)]),
        models,
        models,
        queue=False,
        api_visibility="private",
    )

    def save_vote(record, verdict, note_text, request: gr.Request, profile: gr.OAuthProfile | None):
        access.require_teacher(ctx, request, profile, "Voting")
        if not record:
            raise gr.Error("Run a comparison before voting (one vote per comparison).")
        if not verdict:
            raise gr.Error("Pick A, B (C, D), tie or all bad first.")
        names = record["columns"]
        try:
            saved = votes.add(
                record["problem"],
                names,
                verdict,
                note_text,
                gold=record.get("gold"),
                answers=record.get("answers"),
                correct=record.get("correct"),
                session=session_key(getattr(request, "session_hash", None)),
                kind=problem_kind(record["problem"]),
                blind=bool(record.get("blind")),
            )
        except CompareError as exc:
            raise gr.Error(str(exc)) from None
        reveal = [gr.skip()] * MAX_COLUMNS
        shown = ""
        if record.get("blind"):
            reveal = [
                column_title(k, names[k], True, revealed=True) if k < len(names) else gr.skip()
                for k in range(MAX_COLUMNS)
            ]
            shown = " Revealed: " + ", ".join(f"{LETTERS[k]} was **{n}**" for k, n in enumerate(names)) + "."
        return (
            f"Saved: **{saved['winner']}** ({len(votes.records())} votes in `{votes.path}`).{shown}",
            "",
            {},
            *reveal,
        )

    submit.click(save_vote, [last, vote, note], [vote_status, note, last, *titles], api_visibility="private")

    def export(request: gr.Request, profile: gr.OAuthProfile | None):
        access.require_teacher(ctx, request, profile, "The votes export")
        out = Path(tempfile.mkdtemp(prefix="votes-")) / "votes.csv"
        return str(votes.write_csv(out))

    download.click(export, None, download, api_visibility="private")

    def show_board(picked_kinds, from_day, to_day):
        board = board_for(ctx, picked_kinds, from_day, to_day)
        bits = [f"{board.votes_counted} of {board.votes_total} votes counted"]
        if board.votes_capped:
            bits.append(f"{board.votes_capped} over the per-session cap left out")
        if board.votes_filtered:
            bits.append(f"{board.votes_filtered} outside the filters")
        bits.append(f'{board.all_bad} "all bad" (shown apart)')
        bits.append(f"{board.rounds} bootstrap rounds")
        note_md = " · ".join(bits) + "".join(f"\n\n⚠️ {n}" for n in board.notes)
        return (
            note_md,
            board.rows(),
            lb.win_rate_figure(board),
            gr.update(value=_export(board.to_csv(), "leaderboard.csv"), visible=True),
            gr.update(value=_export(board.to_json(), "leaderboard.json"), visible=True),
            gr.update(choices=_kinds_seen(ctx)),
        )

    show.click(
        show_board,
        [kinds, since, until],
        [lb_note, lb_table, lb_plot, lb_csv, lb_json, kinds],
        api_visibility="private",
    )


def _spent(columns) -> Reply:
    """What a comparison generated, for the quotas: the tokens of all its columns."""
    return Reply(new_tokens=sum(c.tokens for c in columns or []))


def _held(ctx, names):
    """Keep the compared adapters loaded while the comparison runs."""
    import contextlib

    reg = registry(ctx)
    if reg is None:
        return contextlib.nullcontext()
    try:
        return reg.hold(list(names))
    except AdapterError:
        return contextlib.nullcontext()  # compare() names the unknown adapter


def _initial_pick(ctx) -> list[str]:
    c = choices(ctx)
    return c[:2] if len(c) >= 2 else c


# ---------------------------------------------------------------------------------------------
# API


def register_api(ctx) -> None:
    """`/compare` and `/leaderboard` for gradio_client (see README)."""

    def compare_api(
        problem: str,
        adapters: list[str],
        max_new_tokens: int = 1024,
        request: gr.Request = None,
        profile: gr.OAuthProfile | None = None,
    ) -> Iterator[list[str]]:
        """Answer `problem` with each of `adapters` ("base" or a loaded adapter's name or
        source) in one batch; streams, and the last value has one reply per adapter, in order."""
        access.require_teacher(ctx, request, profile, "Compare")
        if not ctx.engine.info.adapters:
            raise gr.Error(NEEDS_MODEL)
        admitted = pipeline.admit(ctx, request, max_new_tokens, max(1, len(adapters or [])))
        try:
            snapshots = compare(
                ctx.engine,
                problem,
                list(adapters or []),
                GenerationSettings(max_new_tokens=max_new_tokens),
                admitted.stop,
            )
            with _held(ctx, adapters or []):
                for cols in pipeline.stream(ctx, admitted, snapshots, _spent):
                    yield [c.reply.as_text() for c in cols]
        except (CompareError, AdapterError) as exc:
            raise gr.Error(str(exc)) from None

    def leaderboard_api(
        kind: str = "", since: str = "", until: str = "", rounds: int = lb.DEFAULT_ROUNDS
    ) -> dict:
        """The adapter leaderboard from the Compare votes: {"entries": [{"model", "rating",
        "ci95": [lo, hi], "votes", "wins", "losses", "ties", "all_bad", "rank"}], "models",
        "win_rate" (row beats column, ties half), "comparisons", "votes_total",
        "votes_counted", "votes_capped", "votes_filtered", "all_bad", "rounds", "cap", "kinds",
        "since", "until", "notes"}. `kind`: comma-separated problem kinds ("" = all);
        `since`/`until`: YYYY-MM-DD; `rounds`: bootstrap rounds (at most 1000)."""
        picked = [k for k in str(kind or "").split(",") if k.strip()]
        return board_for(ctx, picked, since, until, rounds=int(rounds)).to_dict()

    gr.api(
        ctx.gpu(compare_api), api_name="compare", concurrency_id="model", concurrency_limit=ctx.concurrency
    )
    gr.api(leaderboard_api, api_name="leaderboard", concurrency_limit=2, concurrency_id="leaderboard")
