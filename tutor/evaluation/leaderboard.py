"""The adapter leaderboard: Bradley–Terry ratings fitted from teachers' Compare votes (no Gradio).

Each vote (one line of `runs/votes.jsonl`, see `tutor.evaluation.compare.VoteLog`) names the
models of its columns and the verdict:

* a column letter: that column's model beat every other column's model (one comparison per pair);
* "tie": every pair of columns counts half a win each way;
* "all bad": no comparison; counted apart (``all_bad`` per model) and shown beside the ratings.

Columns that hold the same model twice (base vs base) give no comparison.

Ratings are the Bradley–Terry model's log-strengths, P(i beats j) = 1 / (1 + exp(θj − θi)),
fitted by maximum likelihood with SciPy's `trust-exact` (`scipy.optimize.minimize`) on the aggregated
win matrix (a very small ridge keeps the fit defined when a model never lost), centred to mean
0 and shown on the Elo-like scale of Chatbot Arena: 1000 + 400·θ/ln 10. 95% intervals are
percentiles of the ratings refitted on `rounds` bootstrap resamples of the votes (votes drawn with
replacement, seeded). Filters: the problem's kind (the math core's, stored with the vote) and a
date range; at most `cap` votes per (session, problem) count, the earliest ones, so one person
cannot stuff the board.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit

SCALE = 400.0 / math.log(10.0)  # rating points per unit of log-strength (Elo-like)
CENTRE = 1000.0
DEFAULT_CAP = 3  # votes per (session, problem) that count
DEFAULT_ROUNDS = 200
MAX_ROUNDS = 1000
RIDGE = 1e-6
LETTERS = "ABCD"


@dataclass
class Entry:
    model: str
    rating: float
    ci95: list[float]  # [lo, hi], bootstrap percentiles
    votes: int  # votes whose comparison included this model
    wins: float  # comparisons won (ties count half)
    losses: float
    ties: int  # tie comparisons
    all_bad: int  # "all bad" votes this model was part of
    rank: int = 0


@dataclass
class Leaderboard:
    entries: list[Entry] = field(default_factory=list)
    models: list[str] = field(default_factory=list)  # matrix order (by rating)
    win_rate: list[list[float | None]] = field(default_factory=list)  # row beats column
    comparisons: list[list[float]] = field(default_factory=list)  # pairs compared (row, col)
    votes_total: int = 0  # votes read
    votes_counted: int = 0  # after filters and the cap
    votes_capped: int = 0  # left out by the per-session cap
    votes_filtered: int = 0  # left out by the kind/date filters
    all_bad: int = 0  # "all bad" votes among the counted
    rounds: int = 0
    cap: int = DEFAULT_CAP
    kinds: list[str] = field(default_factory=list)  # filter applied ([] = all)
    since: str | None = None
    until: str | None = None
    seed: int = 0
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(
            ["rank", "model", "rating", "ci95_lo", "ci95_hi", "votes", "wins", "losses", "ties", "all_bad"]
        )
        for e in self.entries:
            w.writerow(
                [
                    e.rank,
                    e.model,
                    f"{e.rating:.1f}",
                    f"{e.ci95[0]:.1f}",
                    f"{e.ci95[1]:.1f}",
                    e.votes,
                    f"{e.wins:g}",
                    f"{e.losses:g}",
                    e.ties,
                    e.all_bad,
                ]
            )
        return buf.getvalue()

    def rows(self) -> list[list]:
        """Table rows for the UI: rank, model, rating, 95% CI, votes, W/L/T, all bad."""
        return [
            [
                e.rank,
                e.model,
                round(e.rating),
                f"{e.ci95[0]:.0f} – {e.ci95[1]:.0f}",
                e.votes,
                f"{e.wins:g} / {e.losses:g} / {e.ties}",
                e.all_bad,
            ]
            for e in self.entries
        ]


# ---------------------------------------------------------------------------------------------
# votes -> comparisons


def _day(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(text[:10])


def select_votes(
    records: Iterable[dict], kinds: Iterable[str] = (), since=None, until=None, cap: int = DEFAULT_CAP
) -> tuple[list[dict], int, int]:
    """The votes that count: within the kind and date filters, and at most `cap` per (session,
    problem), earliest first. Returns (votes, left out by the filters, left out by the cap)."""
    kinds = {k.strip().lower() for k in kinds if k and k.strip()}
    lo, hi = _day(since), _day(until)
    kept: list[dict] = []
    filtered = capped = 0
    seen: dict[tuple, int] = {}
    for r in sorted(records, key=lambda r: str(r.get("time", ""))):
        day = _day(r.get("time")) if r.get("time") else None
        if kinds and str(r.get("kind") or "other").lower() not in kinds:
            filtered += 1
            continue
        if (lo and (day is None or day < lo)) or (hi and (day is None or day > hi)):
            filtered += 1
            continue
        key = (
            r.get("session") or "",
            r.get("problem_key") or " ".join(str(r.get("problem", "")).split()).lower(),
        )
        seen[key] = seen.get(key, 0) + 1
        if cap and seen[key] > cap:
            capped += 1
            continue
        kept.append(r)
    return kept, filtered, capped


def comparisons(votes: list[dict]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(models, vote index, i, j, score) per pairwise comparison; score is 1 when i beat j and
    0.5 for a tie. "all bad" and malformed votes give none."""
    models: dict[str, int] = {}
    vi, ii, jj, ss = [], [], [], []
    for n, r in enumerate(votes):
        cols = [str(c) for c in (r.get("columns") or [])]
        vote = str(r.get("vote", ""))
        if len(cols) < 2 or vote == "all bad":
            continue
        idx = [models.setdefault(c, len(models)) for c in cols]
        if vote == "tie":
            for a in range(len(idx)):
                for b in range(a + 1, len(idx)):
                    if idx[a] != idx[b]:
                        vi.append(n), ii.append(idx[a]), jj.append(idx[b]), ss.append(0.5)
        elif len(vote) == 1 and vote in LETTERS and LETTERS.index(vote) < len(cols):
            w = idx[LETTERS.index(vote)]
            for other in idx:
                if other != w:
                    vi.append(n), ii.append(w), jj.append(other), ss.append(1.0)
    return (
        list(models),
        np.asarray(vi, dtype=np.int64),
        np.asarray(ii, dtype=np.int64),
        np.asarray(jj, dtype=np.int64),
        np.asarray(ss, dtype=float),
    )


def win_matrix(
    m: int, i: np.ndarray, j: np.ndarray, s: np.ndarray, weight: np.ndarray | None = None
) -> np.ndarray:
    """W[a, b] = (weighted) wins of a over b, ties counting half each way."""
    w = np.ones_like(s) if weight is None else weight
    wins = np.bincount(i * m + j, weights=w * s, minlength=m * m) + np.bincount(
        j * m + i, weights=w * (1.0 - s), minlength=m * m
    )
    return wins.reshape(m, m)


# ---------------------------------------------------------------------------------------------
# the fit


def fit_bradley_terry(wins: np.ndarray, x0: np.ndarray | None = None) -> np.ndarray:
    """Maximum-likelihood Bradley–Terry log-strengths (mean 0) for the win matrix `wins`
    (wins[a, b]: how often a beat b), by SciPy's trust-region Newton method (`trust-exact`) with
    the exact gradient and Hessian (L-BFGS-B took 20-40x longer per fit on 8 parameters, most of
    it in its setup, when the machine was loaded)."""
    m = wins.shape[0]
    a_idx, b_idx = np.nonzero(wins)
    w = wins[a_idx, b_idx]

    def nll(theta):
        d = theta[a_idx] - theta[b_idx]
        value = -np.dot(w, log_expit(d)) + RIDGE * np.dot(theta, theta)
        g = w * expit(-d)  # d/dd of -log sigmoid(d) is -sigmoid(-d)
        grad = (
            -np.bincount(a_idx, weights=g, minlength=m)
            + np.bincount(b_idx, weights=g, minlength=m)
            + 2 * RIDGE * theta
        )
        return value, grad

    def hess(theta):  # the weighted Laplacian of the comparison graph
        d = theta[a_idx] - theta[b_idx]
        h = w * expit(d) * expit(-d)
        out = np.zeros((m, m))
        np.add.at(out, (a_idx, a_idx), h)
        np.add.at(out, (b_idx, b_idx), h)
        np.add.at(out, (a_idx, b_idx), -h)
        np.add.at(out, (b_idx, a_idx), -h)
        return out + 2 * RIDGE * np.eye(m)

    res = minimize(
        nll,
        np.zeros(m) if x0 is None else x0,
        jac=True,
        hess=hess,
        method="trust-exact",
        options={"gtol": 1e-8, "maxiter": 200},
    )
    theta = res.x
    return theta - theta.mean()


def leaderboard(
    records: Iterable[dict],
    *,
    kinds: Iterable[str] = (),
    since=None,
    until=None,
    cap: int = DEFAULT_CAP,
    rounds: int = DEFAULT_ROUNDS,
    seed: int = 0,
) -> Leaderboard:
    """Fit the leaderboard from vote records (see the module docstring)."""
    records = list(records)
    rounds = max(0, min(int(rounds), MAX_ROUNDS))
    cap = max(0, int(cap))
    kinds = sorted({k.strip() for k in kinds if k and k.strip()})
    votes, filtered, capped = select_votes(records, kinds, since, until, cap)
    board = Leaderboard(
        votes_total=len(records),
        votes_counted=len(votes),
        votes_capped=capped,
        votes_filtered=filtered,
        rounds=rounds,
        cap=cap,
        kinds=kinds,
        since=str(_day(since)) if since else None,
        until=str(_day(until)) if until else None,
        seed=seed,
    )
    board.all_bad = sum(r.get("vote") == "all bad" for r in votes)
    models, vi, ii, jj, ss = comparisons(votes)
    all_bad: dict[str, int] = {}
    for r in votes:
        if r.get("vote") == "all bad":
            for c in set(map(str, r.get("columns") or [])):
                all_bad[c] = all_bad.get(c, 0) + 1
                if c not in models:
                    models.append(c)
    m = len(models)
    if m == 0 or len(ss) == 0:
        board.notes.append("no votes with a winner or a tie yet")
        board.entries = [
            Entry(c, CENTRE, [CENTRE, CENTRE], 0, 0, 0, 0, n) for c, n in sorted(all_bad.items())
        ]
        board.models = [e.model for e in board.entries]
        return board
    wins = win_matrix(m, ii, jj, ss)
    theta = fit_bradley_terry(wins)
    boot = np.empty((rounds, m))
    if rounds:
        rng = np.random.default_rng(seed)
        n_votes = len(votes)
        for k in range(rounds):
            counts = np.bincount(rng.integers(0, n_votes, n_votes), minlength=n_votes)
            boot[k] = fit_bradley_terry(win_matrix(m, ii, jj, ss, counts[vi].astype(float)), x0=theta)
    ratings = CENTRE + SCALE * theta
    if rounds:
        lo, hi = np.percentile(CENTRE + SCALE * boot, [2.5, 97.5], axis=0)
    else:
        lo = hi = ratings
    pairs = np.unique(np.concatenate([vi * m + ii, vi * m + jj]))  # (vote, model) once each
    involved = np.bincount(pairs % m, minlength=m)
    ties = np.bincount(np.concatenate([ii[ss == 0.5], jj[ss == 0.5]]), minlength=m)
    games = wins + wins.T
    won = wins.sum(axis=1)
    lost = wins.sum(axis=0)
    entries = [
        Entry(
            models[a],
            float(ratings[a]),
            [float(lo[a]), float(hi[a])],
            int(involved[a]),
            float(won[a]),
            float(lost[a]),
            int(ties[a]),
            all_bad.get(models[a], 0),
        )
        for a in range(m)
    ]
    order = sorted(range(m), key=lambda a: -ratings[a])
    board.entries = [entries[a] for a in order]
    for rank, e in enumerate(board.entries, 1):
        e.rank = rank
    board.models = [models[a] for a in order]
    board.win_rate = [
        [(float(wins[a, b] / games[a, b]) if games[a, b] else None) for b in order] for a in order
    ]
    board.comparisons = [[float(games[a, b]) for b in order] for a in order]
    if _components(games) > 1:
        board.notes.append(
            "some models were never compared, directly or through others: their "
            "ratings are not comparable across groups"
        )
    return board


def _components(games: np.ndarray) -> int:
    from scipy.sparse.csgraph import connected_components

    n, _ = connected_components(games > 0, directed=False)
    return int(n)


# ---------------------------------------------------------------------------------------------
# the chart


def win_rate_figure(board: Leaderboard):
    """Heatmap of the win-rate matrix (row model beats column model; ties count half)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    names = board.models
    n = len(names)
    fig = Figure(figsize=(max(4.0, 1.0 + 0.9 * n), max(3.0, 0.8 + 0.7 * n)), tight_layout=True)
    ax = fig.add_subplot()
    if not n or not board.win_rate:
        ax.text(0.5, 0.5, "no votes yet", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    data = np.array([[np.nan if v is None else v for v in row] for row in board.win_rate])
    im = ax.imshow(data, vmin=0, vmax=1, cmap="RdBu")
    for a in range(n):
        for b in range(n):
            if not np.isnan(data[a, b]):
                ax.text(
                    b,
                    a,
                    f"{data[a, b]:.0%}\n({board.comparisons[a][b]:g})",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if abs(data[a, b] - 0.5) > 0.3 else "black",
                )
    ax.set_xticks(range(n), names, rotation=30, ha="right")
    ax.set_yticks(range(n), names)
    ax.set_xlabel("opponent")
    ax.set_ylabel("model")
    ax.set_title("win rate of row vs column (comparisons)")
    fig.colorbar(im, ax=ax, fraction=0.046)
    return fig
