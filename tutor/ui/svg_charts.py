"""Small server-drawn SVG charts for the Train tab: the loss curves (train and eval as lines on
numeric axes) and the token-length histogram with the max-length cut. Drawn here as plain SVG so
what the page shows is exactly the numbers given (every mark carries its value in a data-
attribute, which the browser tests read)."""

from __future__ import annotations

import html
import math

W, H = 640, 240
PAD_L, PAD_R, PAD_T, PAD_B = 56, 16, 24, 36
COLOURS = {"train": "#2563eb", "eval": "#dc2626"}


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    out, v = [], first
    while v <= hi + 1e-9 * step:
        out.append(round(v, 10))
        v += step
    return out


def _fmt(v: float) -> str:
    return f"{v:g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.1e}"


def _axes(x0, x1, y0, y1, x_title: str, y_title: str, integer_x: bool = True) -> list[str]:
    def sx(x):
        return PAD_L + (x - x0) / ((x1 - x0) or 1) * (W - PAD_L - PAD_R)

    def sy(y):
        return H - PAD_B - (y - y0) / ((y1 - y0) or 1) * (H - PAD_T - PAD_B)

    parts = [
        f"<line x1='{PAD_L}' y1='{H - PAD_B}' x2='{W - PAD_R}' y2='{H - PAD_B}' stroke='#9ca3af'/>",
        f"<line x1='{PAD_L}' y1='{PAD_T}' x2='{PAD_L}' y2='{H - PAD_B}' stroke='#9ca3af'/>",
    ]
    for t in _ticks(x0, x1):
        if integer_x and t != int(t):
            continue
        parts.append(
            f"<text class='x-tick' x='{sx(t):.1f}' y='{H - PAD_B + 14}' font-size='11' "
            f"text-anchor='middle' fill='currentColor'>{_fmt(t)}</text>"
        )
    for t in _ticks(y0, y1):
        parts.append(
            f"<line x1='{PAD_L}' y1='{sy(t):.1f}' x2='{W - PAD_R}' y2='{sy(t):.1f}' stroke='#e5e7eb'/>"
            f"<text class='y-tick' x='{PAD_L - 6}' y='{sy(t) + 4:.1f}' font-size='11' text-anchor='end' "
            f"fill='currentColor'>{_fmt(t)}</text>"
        )
    parts.append(
        f"<text x='{(W + PAD_L) / 2:.0f}' y='{H - 4}' font-size='12' text-anchor='middle' "
        f"fill='currentColor'>{html.escape(x_title)}</text>"
        f"<text x='12' y='{PAD_T - 8}' font-size='12' fill='currentColor'>{html.escape(y_title)}</text>"
    )
    return parts


def loss_chart(series: dict[str, list[tuple[float, float]]], elem_id: str = "loss-svg") -> str:
    """Lines of (step, loss) per series on numeric axes; a single point is drawn as a dot."""
    pts = [(x, y) for s in series.values() for x, y in s if _finite(y)]
    if not pts:
        return (
            f"<div id='{elem_id}' class='svg-chart' data-points='0'><em>No loss logged yet: the "
            "curve appears after the first logging step.</em></div>"
        )
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, x1 = min(xs), max(xs)
    if x0 == x1:
        x0, x1 = x0 - 1, x1 + 1
    y0, y1 = min(ys), max(ys)
    margin = (y1 - y0) * 0.08 or abs(y1) * 0.1 or 1.0
    y0, y1 = max(0.0, y0 - margin) if y0 >= 0 else y0 - margin, y1 + margin
    parts = _axes(x0, x1, y0, y1, "step", "loss")

    def sx(x):
        return PAD_L + (x - x0) / (x1 - x0) * (W - PAD_L - PAD_R)

    def sy(y):
        return H - PAD_B - (y - y0) / (y1 - y0) * (H - PAD_T - PAD_B)

    legend_x = W - PAD_R - 150
    for i, (name, data) in enumerate(series.items()):
        data = [(x, y) for x, y in data if _finite(y)]
        colour = COLOURS.get(name, "#6b7280")
        parts.append(
            f"<rect x='{legend_x + i * 75}' y='6' width='12' height='3' fill='{colour}'/>"
            f"<text x='{legend_x + i * 75 + 16}' y='11' font-size='11' fill='currentColor'>"
            f"{html.escape(name)}</text>"
        )
        if not data:
            continue
        d = " ".join(f"{'M' if j == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for j, (x, y) in enumerate(data))
        values = ",".join(f"{x:g}:{y:.4g}" for x, y in data)
        parts.append(
            f"<path class='loss-line series-{html.escape(name)}' d='{d}' fill='none' stroke='{colour}' "
            f"stroke-width='2' data-points='{len(data)}' data-values='{values}'/>"
        )
        if len(data) <= 60:  # dots while there are few points (one point is a dot, not a line)
            parts += [f"<circle cx='{sx(x):.1f}' cy='{sy(y):.1f}' r='2.5' fill='{colour}'/>" for x, y in data]
    return (
        f"<div id='{elem_id}' class='svg-chart' data-points='{len(pts)}' style='max-width:900px'>"
        f"<svg viewBox='0 0 {W} {H}' width='100%' role='img' aria-label='loss by step'>"
        + "".join(parts)
        + "</svg></div>"
    )


def _finite(v) -> bool:
    return isinstance(v, (int, float)) and math.isfinite(v)


def length_histogram(lengths: list[int], cut: int, bins: int = 24, elem_id: str = "length-svg") -> str:
    """Token lengths in bars, with the max-length cut as a red line; bars past it are red."""
    if not lengths:
        return f"<div id='{elem_id}' data-bars='0'><em>No rows measured.</em></div>"
    hi = max(max(lengths), cut) * 1.05
    width = max(1.0, hi / bins)
    counts = [0] * bins
    for n in lengths:
        counts[min(bins - 1, int(n / width))] += 1
    top = max(counts)
    parts = _axes(0, hi, 0, top, "tokens per row (prompt + reply)", "rows", integer_x=True)

    def sx(x):
        return PAD_L + x / hi * (W - PAD_L - PAD_R)

    def sy(y):
        return H - PAD_B - y / top * (H - PAD_T - PAD_B)

    for i, c in enumerate(counts):
        if not c:
            continue
        left = i * width
        colour = "#dc2626" if left + width > cut else "#6366f1"
        parts.append(
            f"<rect class='bar' x='{sx(left) + 1:.1f}' y='{sy(c):.1f}' width='{max(1.0, sx(width) - PAD_L - 2):.1f}' "
            f"height='{H - PAD_B - sy(c):.1f}' fill='{colour}' data-count='{c}' data-from='{left:.0f}'/>"
        )
    parts.append(
        f"<line class='cut' x1='{sx(cut):.1f}' y1='{PAD_T}' x2='{sx(cut):.1f}' y2='{H - PAD_B}' "
        f"stroke='#dc2626' stroke-dasharray='4 3' stroke-width='2' data-cut='{cut}'/>"
        f"<text x='{sx(cut) + 4:.1f}' y='{PAD_T + 10}' font-size='11' fill='#dc2626'>max_length {cut}</text>"
    )
    return (
        f"<div id='{elem_id}' data-bars='{sum(1 for c in counts if c)}' style='max-width:720px'>"
        f"<svg viewBox='0 0 {W} {H}' width='100%' role='img' aria-label='token lengths'>"
        + "".join(parts)
        + "</svg></div>"
    )
