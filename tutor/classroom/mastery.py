"""Mastery per (student, skill): Bayesian Knowledge Tracing (Corbett & Anderson 1995, "Knowledge
tracing: Modeling the acquisition of procedural knowledge", User Modeling and User-Adapted
Interaction 4:253-278), in numpy. No Gradio, no database.

The model: a skill is known or not; before the first answer it is known with probability
`p_init`; after each opportunity an unknown skill becomes known with probability `p_learn` (no
forgetting); a known skill is answered wrongly with probability `p_slip`, an unknown one rightly
with probability `p_guess`. `trace` is the standard forward filter (the posterior after each
answer, then the learning step). `fit` estimates the four parameters from a class's answer
sequences by expectation-maximisation (Baum-Welch on the two-state hidden Markov model, the
method pyBKT uses), with guess and slip bounded below 0.3 so that "known" keeps meaning known
(Corbett & Anderson's and Baker et al. 2008's "model degeneracy" bound).

(pyBKT 1.4.3, the newest on PyPI, is a pure-Python wheel, but it pulls scikit-learn and requests,
and with the current scikit-learn 1.9.1 it fails at import: its metrics table calls sklearn's
log_loss on plain lists. The ~100 lines here are the same standard model, tested on synthetic
learners whose true state is known: tests/test_classroom_mastery.py.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

__all__ = ["BKTParams", "DEFAULTS", "MIN_FIT_OBSERVATIONS", "MIN_FIT_STUDENTS", "fit", "mastery", "trace"]


@dataclass(frozen=True)
class BKTParams:
    p_init: float  # P(known) before the first opportunity
    p_learn: float  # P(unknown -> known) after an opportunity
    p_guess: float  # P(right | unknown)
    p_slip: float  # P(wrong | known)

    def to_dict(self) -> dict:
        return asdict(self)


# Sane defaults before a class has enough data (close to the medians reported for Cognitive
# Tutor skills): a skill starts mostly unknown, is learned in a handful of opportunities.
DEFAULTS = BKTParams(p_init=0.2, p_learn=0.15, p_guess=0.2, p_slip=0.1)
# fit only when the class has this many students with answers, and this many answers, on a skill
MIN_FIT_STUDENTS = 5
MIN_FIT_OBSERVATIONS = 60
_LO, _HI_GS, _HI = 0.01, 0.3, 0.99


def _clamp(p: BKTParams) -> BKTParams:
    return BKTParams(
        float(np.clip(p.p_init, _LO, _HI)),
        float(np.clip(p.p_learn, _LO, 0.6)),
        float(np.clip(p.p_guess, _LO, _HI_GS)),
        float(np.clip(p.p_slip, _LO, _HI_GS)),
    )


def trace(answers: Sequence[bool], params: BKTParams = DEFAULTS) -> list[float]:
    """P(known) after each answer (the posterior given answers 1..t, then the learning step):
    the mastery the student brings to the next opportunity. Empty answers: []."""
    p, out = params.p_init, []
    for right in answers:
        if right:
            known = p * (1 - params.p_slip)
            post = known / (known + (1 - p) * params.p_guess)
        else:
            known = p * params.p_slip
            post = known / (known + (1 - p) * (1 - params.p_guess))
        p = post + (1 - post) * params.p_learn
        out.append(float(p))
    return out


def mastery(answers: Sequence[bool], params: BKTParams = DEFAULTS) -> float:
    """P(known) now: `p_init` before any answer."""
    t = trace(answers, params)
    return t[-1] if t else params.p_init


def fit(
    sequences: Sequence[Sequence[bool]],
    start: BKTParams = DEFAULTS,
    iterations: int = 200,
    tol: float = 1e-6,
) -> BKTParams:
    """Maximum-likelihood BKT parameters for `sequences` (one list of right/wrong answers per
    student, in order) by EM. Empty sequences are ignored; no data gives `start` back."""
    seqs = [list(map(bool, s)) for s in sequences if len(s)]
    if not seqs:
        return start
    n, t_max = len(seqs), max(len(s) for s in seqs)
    obs = np.zeros((n, t_max), dtype=bool)
    mask = np.zeros((n, t_max), dtype=bool)
    for i, s in enumerate(seqs):
        obs[i, : len(s)], mask[i, : len(s)] = s, True
    p = _clamp(start)
    last_ll = -np.inf
    for _ in range(iterations):
        p, ll = _em_step(obs, mask, p)
        if abs(ll - last_ll) < tol * max(1.0, abs(ll)):
            break
        last_ll = ll
    return p


def _em_step(obs: np.ndarray, mask: np.ndarray, p: BKTParams) -> tuple[BKTParams, float]:
    n, t_max = obs.shape
    trans = np.array([[1 - p.p_learn, p.p_learn], [0.0, 1.0]])  # from state (row) to state
    # emission probabilities per (student, time, state): state 0 unknown, 1 known
    emit = np.where(
        obs[..., None],
        np.array([p.p_guess, 1 - p.p_slip]),
        np.array([1 - p.p_guess, p.p_slip]),
    )
    emit = np.where(mask[..., None], emit, 1.0)  # padding: no evidence
    alpha = np.zeros((n, t_max, 2))
    scale = np.zeros((n, t_max))
    a = np.array([1 - p.p_init, p.p_init]) * emit[:, 0]
    scale[:, 0] = a.sum(1)
    alpha[:, 0] = a / scale[:, :1]
    for t in range(1, t_max):
        a = (alpha[:, t - 1] @ trans) * emit[:, t]
        a = np.where(mask[:, t : t + 1], a, alpha[:, t - 1])  # past the end: carry unchanged
        scale[:, t] = a.sum(1)
        alpha[:, t] = a / scale[:, t : t + 1]
    beta = np.ones((n, t_max, 2))
    for t in range(t_max - 2, -1, -1):
        b = (trans @ (emit[:, t + 1] * beta[:, t + 1]).T).T / scale[:, t + 1 : t + 2]
        beta[:, t] = np.where(mask[:, t + 1 : t + 2], b, 1.0)
    gamma = alpha * beta
    gamma /= gamma.sum(2, keepdims=True)
    # expected transitions unknown -> known between consecutive real answers
    nxt = mask[:, 1:]
    xi01 = alpha[:, :-1, 0] * p.p_learn * emit[:, 1:, 1] * beta[:, 1:, 1] / scale[:, 1:]
    from_unknown = (gamma[:, :-1, 0] * nxt).sum()
    m = mask
    g0, g1 = gamma[..., 0] * m, gamma[..., 1] * m
    new = BKTParams(
        p_init=float(gamma[:, 0, 1].mean()),
        p_learn=float((xi01 * nxt).sum() / max(from_unknown, 1e-12)),
        p_guess=float((g0 * obs).sum() / max(g0.sum(), 1e-12)),
        p_slip=float((g1 * ~obs).sum() / max(g1.sum(), 1e-12)),
    )
    ll = float(np.log(np.where(mask, scale, 1.0)).sum())
    return _clamp(new), ll


def simulate(
    params: BKTParams, students: int, opportunities: int, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic learners drawn from the BKT model: (answers, true known state), each of shape
    (students, opportunities); the state is the one at the time of each answer."""
    rng = np.random.default_rng(seed)
    known = rng.random(students) < params.p_init
    answers = np.zeros((students, opportunities), dtype=bool)
    states = np.zeros((students, opportunities), dtype=bool)
    for t in range(opportunities):
        states[:, t] = known
        u = rng.random(students)
        answers[:, t] = np.where(known, u >= params.p_slip, u < params.p_guess)
        known = known | (rng.random(students) < params.p_learn)
    return answers, states
