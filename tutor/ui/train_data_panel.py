"""The Train tab's data panel: a teacher's own file (or a Hub dataset) in, its columns mapped,
rows previewed as the model sees them, checked before a run, and written into the recipe.

Upload -> tutor.core.data_files (content-checked, bounded, stored under the runs folder with its
SHA-256) -> tutor.core.data_mapping (the guessed format and columns, editable) -> the recipe's
`datasets` entry -> `python -m train.data_report` (tutor.jobs.data_report) for the preview, the
length histogram and the checks. Every handler is teacher-only (train_tab.check).
"""

from __future__ import annotations

import csv
import html
from collections.abc import Callable
from pathlib import Path

import gradio as gr
import yaml

from tutor.core import data_files, data_mapping
from tutor.jobs import manager as jobs
from tutor.jobs.data_report import data_report
from tutor.jobs.manager import InvalidConfig, JobError
from tutor.security.text import csv_safe
from tutor.ui.svg_charts import length_histogram

FORMAT_CHOICES = [(label, key) for key, label in data_mapping.FORMAT_LABELS.items()]
CHECK_ICONS = {"no_answer": "❓", "duplicate": "♊", "inconsistent": "⚠️", "contamination": "🧪"}


def _role_updates(columns: list[str], roles: dict) -> list:
    choices = [("—", "")] + [(c, c) for c in columns]
    return [gr.update(choices=choices, value=roles.get(r) or "") for r in data_mapping.ROLES]


def _read_status(stored: dict, mapping: data_mapping.Mapping) -> str:
    where = f"`{stored['shown']}`" if stored.get("path") else f"Hub `{stored['label']}`"
    known = (
        f" Recognised as **{mapping.known}**."
        if mapping.known
        else " Not a format it knows: check the mapping."
    )
    more = " (the file holds more; only these are used)" if stored.get("truncated") else ""
    digest = f" · SHA-256 `{stored['sha256'][:16]}…`" if stored.get("sha256") else ""
    return (
        f"✅ Read {where}{digest} · **{stored['rows']} rows**{more} · columns: "
        + ", ".join(f"`{html.escape(c)}`" for c in stored["columns"])
        + f".{known} Then **Use in recipe**, and **Preview and check**."
    )


def recipe_with_source(text: str, entry: dict, replace: bool) -> str:
    """The YAML with this source added (or the recipe's sources replaced by it)."""
    try:
        raw = jobs.parse_yaml(text)
    except InvalidConfig:
        raw = {}
    old = [s for s in (raw.get("datasets") or []) if isinstance(s, dict)]
    if replace:
        sources = [entry]
    else:
        sources = [s for s in old if s.get("name") != entry["name"]] + [entry]
        if any(s.get("count") is None for s in sources):
            for s in sources:
                s.pop("count", None)  # a mix by weights: every source or none has a count
    raw["datasets"] = sources
    return yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, default_flow_style=None)


def checks_markdown(report: dict) -> str:
    lines = [f"**Checks** on {report['rows']} rows:"]
    for c in report["checks"]:
        icon = CHECK_ICONS.get(c["kind"], "•")
        if not c["count"]:
            lines.append(f"- ✓ no {c['title'].lower()}")
            continue
        lines.append(f"- {icon} **{c['count']} {c['title']}**")
        for e in c["examples"]:
            lines.append(
                f"  - {html.escape(e['source'])} row {e['row']}: “{html.escape(e['question'])}” — "
                f"{html.escape(e['detail'])}"
            )
    if report.get("eval_sets"):
        lines.append("\nContamination is checked against: " + ", ".join(report["eval_sets"]))
    lines.append("\n| source | format | rows | for training | held out (eval) |\n|---|---|---|---|---|")
    for s in report["sources"]:
        lines.append(
            f"| {html.escape(s['source'])} | {s['format']} | {s['rows']} | {s['train']} | {s['eval']} |"
        )
    if report["measured"]:
        lines.append(
            f"\n**Lengths**: `max_length` {report['max_length']} truncates **{report['truncated']}** rows "
            f"and drops **{report['dropped']}** (prompt alone too long: no reply left to learn) of "
            f"{report['measured']} measured."
        )
    lines += [f"\n_Note: {html.escape(n)}_" for n in report.get("notes", [])]
    return "\n".join(lines)


def export_checks(report: dict, folder: Path) -> Path:
    """Every flagged row in a CSV beside the upload (the tab shows a few per check); cells a
    spreadsheet would run as formulas are made text (tutor.security.text.csv_safe)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "checks.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["check", "source", "row", "question", "detail"])
        for c in report["checks"]:
            for source, row, question, detail in c["rows"]:
                w.writerow([csv_safe(x) for x in (c["kind"], source, row, question, detail)])
    return path


def preview_html(report: dict) -> str:
    """Rows as the model sees them: the prompt dimmed, the reply that carries the loss highlighted."""
    if not report["preview"]:
        return "<div id='data-rows'><em>No rows on this page.</em></div>"
    cards = []
    for r in report["preview"]:
        cards.append(
            f"<div class='data-row' data-row='{r['row']}'>"
            f"<div class='data-row-head'>{html.escape(r['source'])} · row {r['row']} · {r['tokens']} tokens</div>"
            f"<pre><span class='no-loss'>{html.escape(r['prompt'])}</span>"
            f"<mark class='loss'>{html.escape(r['completion'])}</mark></pre></div>"
        )
    style = (
        "<style>#data-rows pre{white-space:pre-wrap;font-size:12px;margin:4px 0 12px}"
        "#data-rows .no-loss{opacity:.45}#data-rows mark.loss{background:#fef3c7;color:inherit}"
        "#data-rows .data-row-head{font-weight:600;font-size:12px}</style>"
    )
    legend = (
        "<div class='data-legend'><span style='opacity:.45'>dimmed: the prompt (no loss)</span> · "
        "<mark class='loss'>highlighted: the reply the model learns (carries the loss)</mark></div>"
    )
    return f"<div id='data-rows'>{style}{legend}{''.join(cards)}</div>"


def render(
    ctx, code: gr.Code, comps: list, to_form: Callable[[str], list], check: Callable, check_paths: Callable
) -> None:
    """The panel, under the recipe form; `to_form(yaml)` gives the form's values, `check(request,
    profile)` refuses anyone but a teacher, `check_paths(yaml)` a recipe path outside the allowed
    roots (on a public app)."""
    runs_dir = Path(ctx.config.runs_dir)
    with gr.Accordion("Your data: upload, map, preview, check", open=True, elem_id="data-panel"):
        with gr.Row():
            upload = gr.File(
                label="A CSV, JSONL, JSON or Parquet file (at most 50 MB, 50,000 rows)",
                file_types=[".csv", ".jsonl", ".json", ".parquet"],
                type="filepath",
                elem_id="data-upload",
                scale=2,
            )
            with gr.Column(scale=2):
                hub_id = gr.Textbox(
                    label="…or a Hub dataset id", placeholder="openai/gsm8k", elem_id="data-hub-id"
                )
                with gr.Row():
                    hub_config = gr.Textbox(label="Config", placeholder="main", elem_id="data-hub-config")
                    hub_split = gr.Textbox("train", label="Split", elem_id="data-hub-split")
                hub_btn = gr.Button("Read from the Hub", elem_id="data-hub-load")
        status = gr.Markdown(elem_id="data-status")
        with gr.Row():
            fmt = gr.Dropdown(FORMAT_CHOICES, value="columns", label="Format", elem_id="data-format", scale=2)
            roles = [
                gr.Dropdown(
                    [("—", "")], value="", label=f"{r} column", elem_id=f"data-map-{r}", min_width=120
                )
                for r in data_mapping.ROLES
            ]
        with gr.Row():
            replace = gr.Checkbox(True, label="Replace the recipe's data sources", elem_id="data-replace")
            use_btn = gr.Button("Use in recipe", elem_id="data-use")
            preview_btn = gr.Button("Preview and check", variant="secondary", elem_id="data-preview-btn")
            page = gr.Number(0, label="Page", precision=0, minimum=0, elem_id="data-page", min_width=80)
        checks = gr.Markdown(elem_id="data-checks")
        drop_btn = gr.Button(
            "Drop the rows found in the Evaluate sets", visible=False, variant="stop", elem_id="data-drop"
        )
        hist = gr.HTML(elem_id="data-hist")
        rows_view = gr.HTML(elem_id="data-preview")
    stored_state = gr.State({})
    report_state = gr.State({})
    private = {"api_visibility": "private"}
    role_outputs = [fmt, *roles]

    def on_upload(path, request: gr.Request, profile: gr.OAuthProfile | None):
        check(request, profile)
        if not path:
            return {}, "", *[gr.update() for _ in role_outputs]
        name = Path(path).name
        try:
            stored, data = data_files.store_upload(path, runs_dir, name=name)
        except data_files.DataFileError as exc:
            return (
                {},
                f"❌ **{html.escape(name)}** was not used: {html.escape(str(exc))}",
                *[gr.update() for _ in role_outputs],
            )
        mapping = data_mapping.guess(data.columns, data.rows[0])
        state = {
            "path": stored.path,
            "shown": f"{runs_dir.name}/{Path(stored.path).resolve().relative_to(runs_dir.resolve())}",
            "sha256": stored.sha256,
            "label": Path(stored.path).stem,
            "rows": stored.rows,
            "truncated": stored.truncated,
            "columns": data.columns,
        }
        return (
            state,
            _read_status(state, mapping),
            mapping.format,
            *_role_updates(data.columns, mapping.roles),
        )

    upload.upload(on_upload, upload, [stored_state, status, *role_outputs], **private)

    def on_hub(name, config, split, request: gr.Request, profile: gr.OAuthProfile | None):
        check(request, profile)
        name, config, split = (name or "").strip(), (config or "").strip() or None, (split or "train").strip()
        try:
            data = data_files.read_hub(name, config, split, data_files.Limits(max_rows=200))
        except data_files.DataFileError as exc:
            return {}, f"❌ {html.escape(str(exc))}", *[gr.update() for _ in role_outputs]
        mapping = data_mapping.guess(data.columns, data.rows[0])
        state = {"hub": [name, config, split], "label": name, "rows": len(data.rows), "columns": data.columns}
        return (
            state,
            _read_status(state, mapping),
            mapping.format,
            *_role_updates(data.columns, mapping.roles),
        )

    hub_btn.click(on_hub, [hub_id, hub_config, hub_split], [stored_state, status, *role_outputs], **private)

    def on_use(
        text,
        state,
        fmt_value,
        replace_value,
        q,
        sol,
        ans,
        why,
        request: gr.Request,
        profile: gr.OAuthProfile | None,
    ):
        role_values = (q, sol, ans, why)
        check(request, profile)
        if not state:
            return [
                gr.update(),
                "⚠️ Upload a file or read a Hub dataset first.",
                *[gr.update() for _ in comps],
            ]
        mapping = data_mapping.Mapping(fmt_value or "columns", dict(zip(data_mapping.ROLES, role_values)))
        problems = data_mapping.problems(mapping, state["columns"])
        if problems:
            return [gr.update(), "⚠️ " + "; ".join(problems), *[gr.update() for _ in comps]]
        try:
            eval_size = int(jobs.parse_yaml(text).get("eval_size") or 0)
        except (InvalidConfig, TypeError, ValueError):
            eval_size = 0
        count = max(1, state["rows"] - eval_size) if state.get("path") and replace_value else None
        entry = data_mapping.source_entry(
            state["label"],
            mapping,
            path=state.get("path"),
            sha256=state.get("sha256"),
            hub=tuple(state["hub"]) if state.get("hub") else None,
            count=count,
        )
        new = recipe_with_source(text, entry, bool(replace_value))
        return [
            new,
            f"✅ The recipe now trains on **{html.escape(entry['name'])}** ({mapping.format}).",
            *to_form(new),
        ]

    use_btn.click(on_use, [code, stored_state, fmt, replace, *roles], [code, status, *comps], **private)

    def on_preview(text, page_value, state, request: gr.Request, profile: gr.OAuthProfile | None):
        check(request, profile)
        check_paths(text)
        try:
            report = data_report(text, runs_dir, page=int(page_value or 0))
        except (JobError, InvalidConfig) as exc:
            return (
                {},
                f"❌ **The data could not be previewed:** {html.escape(str(exc))}",
                gr.update(visible=False),
                "",
                "",
            )
        conta = next((c for c in report["checks"] if c["kind"] == "contamination"), None)
        hist_html = length_histogram(report["lengths"], report["max_length"], elem_id="data-hist-svg")
        md = checks_markdown(report)
        if any(c["count"] for c in report["checks"]):
            folder = runs_dir / data_files.UPLOADS / (state.get("sha256") or "no-upload")[:16]
            path = export_checks(report, folder)
            md += f"\n\nEvery flagged row: `{runs_dir.name}/{path.resolve().relative_to(runs_dir.resolve())}`"
        return (
            report,
            md,
            gr.update(visible=bool(conta and conta["count"])),
            hist_html,
            preview_html(report),
        )

    preview_btn.click(
        on_preview,
        [code, page, stored_state],
        [report_state, checks, drop_btn, hist, rows_view],
        concurrency_limit=1,
        concurrency_id="train-data-preview",
        **private,
    )

    def on_drop(text, state, report, request: gr.Request, profile: gr.OAuthProfile | None):
        check(request, profile)
        conta = next((c for c in (report or {}).get("checks", []) if c["kind"] == "contamination"), None)
        if not state.get("path") or not conta or not conta["count"]:
            return (
                state,
                text,
                "⚠️ Nothing to drop: preview an uploaded file first.",
                gr.update(visible=False),
                *[gr.update() for _ in comps],
            )
        flagged = {int(r[1]) for r in conta["rows"] if r[0] == state["label"]}
        data = data_files.read_file(state["path"])
        kept = [r for i, r in enumerate(data.rows, 1) if i not in flagged]
        stored = data_files.store_rows(kept, runs_dir, f"{state['label']}-decontaminated")
        raw = jobs.parse_yaml(text)
        for src in raw.get("datasets") or []:
            if isinstance(src, dict) and src.get("name") == state["label"]:
                src.update(path=stored.path, sha256=stored.sha256, format=src.get("format", "columns"))
                if src.get("count") is not None:
                    src["count"] = max(1, min(int(src["count"]), len(kept) - int(raw.get("eval_size") or 0)))
        new = yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, default_flow_style=None)
        state = {**state, "path": stored.path, "sha256": stored.sha256, "rows": len(kept)}
        msg = (
            f"🧹 Dropped **{len(data.rows) - len(kept)}** rows found in the Evaluate sets; the recipe now uses "
            f"a copy with {len(kept)} rows (SHA-256 `{stored.sha256[:16]}…`). Preview again to re-check."
        )
        return state, new, msg, gr.update(visible=False), *to_form(new)

    drop_btn.click(
        on_drop, [code, stored_state, report_state], [stored_state, code, status, drop_btn, *comps], **private
    )
