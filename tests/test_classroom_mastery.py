"""Bayesian Knowledge Tracing on synthetic learners whose true state is known: the fit recovers
the parameters that generated the answers, and the traced mastery converges to the truth."""

import numpy as np
import pytest

from tutor.classroom.mastery import DEFAULTS, BKTParams, fit, mastery, simulate, trace

TRUE = BKTParams(p_init=0.3, p_learn=0.12, p_guess=0.2, p_slip=0.08)


def test_trace_is_the_standard_forward_filter():
    # by hand: after a right answer from p=0.2: post = .2*.9/(.2*.9+.8*.2) = .5294, then learning
    post = 0.2 * 0.9 / (0.2 * 0.9 + 0.8 * 0.2)
    assert trace([True], DEFAULTS)[0] == pytest.approx(post + (1 - post) * 0.15)
    post = 0.2 * 0.1 / (0.2 * 0.1 + 0.8 * 0.8)
    assert trace([False], DEFAULTS)[0] == pytest.approx(post + (1 - post) * 0.15)
    assert mastery([], DEFAULTS) == DEFAULTS.p_init
    assert mastery([True] * 8) > 0.95 and mastery([False] * 8) < 0.3


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fit_recovers_the_generating_parameters(seed):
    """400 learners x 25 answers: every parameter within 0.06 of the truth."""
    answers, _ = simulate(TRUE, 400, 25, seed=seed)
    got = fit([list(r) for r in answers])
    for name in ("p_init", "p_learn", "p_guess", "p_slip"):
        assert abs(getattr(got, name) - getattr(TRUE, name)) < 0.06, (name, got)


def test_fit_moves_away_from_its_start():
    """Started at the defaults, the fit ends at the data's slip and guess, not at the start."""
    truth = BKTParams(p_init=0.5, p_learn=0.05, p_guess=0.05, p_slip=0.25)
    answers, _ = simulate(truth, 400, 20, seed=7)
    got = fit([list(r) for r in answers], start=DEFAULTS)
    assert abs(got.p_slip - 0.25) < 0.06 and abs(got.p_guess - 0.05) < 0.05 and abs(got.p_init - 0.5) < 0.08


def test_traced_mastery_converges_to_the_true_state():
    """With fitted parameters, after 25 answers: learners who truly know the skill are at
    P(known) > 0.9 on average, those who do not at < 0.4, and thresholding at 0.5 classifies at
    least 95% right; the error against the true state shrinks as answers come in."""
    answers, states = simulate(TRUE, 400, 25, seed=11)
    params = fit([list(r) for r in answers])
    est = np.array([trace(list(r), params) for r in answers])  # est[:, t]: before answer t+1
    final, known = est[:, -1], states[:, -1]
    assert final[known].mean() > 0.9
    assert final[~known].mean() < 0.4
    assert ((final > 0.5) == known).mean() >= 0.95
    err = np.abs(est[:, :-1] - states[:, 1:])  # the estimate vs the state it predicts
    assert err[:, -5:].mean() < err[:, :5].mean() / 2


def test_no_data_keeps_the_start():
    assert fit([]) == DEFAULTS and fit([[], []]) == DEFAULTS
