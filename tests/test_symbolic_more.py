"""The solver's newer kinds (GCD/LCM, prime factorisation, statistics) and their checks."""

import re

import pytest
import sympy as sp

from tutor.math import symbolic
from tutor.math.checks import verify_many
from tutor.math.symbolic import solve


@pytest.fixture(scope="module", autouse=True)
def _worker():
    solve("1 + 1")
    yield
    symbolic.shutdown()


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("gcd of 12 and 18", "gcd", 6),
        ("LCM of 4, 6", "lcm", 12),
        ("gcd(84, 36, 60)", "gcd", 12),
        ("prime factorization of 360", "prime_factorization", 360),
        ("mean of 2, 4, 4, 4, 5, 5, 7, 9", "statistics", 5),
        ("median of 3, 1, 2, 8", "statistics", 2.5),
        ("standard deviation of 2, 4, 4, 4, 5, 5, 7, 9", "statistics", 2),
        ("sample variance of 1, 2, 3, 4", "statistics", sp.Rational(5, 3)),
    ],
)
def test_new_kinds(text, kind, value):
    sol = solve(text)
    assert sol.kind == kind and sp.simplify(sol.answer - sp.nsimplify(value)) == 0
    if kind == "prime_factorization":  # the answer is the factorisation, not the number again
        shown = {int(p): int(e or 1) for p, e in re.findall(r"(\d+)(?:\^\{(\d+)\})?", sol.answer_latex)}
        assert shown == sp.factorint(value), sol.answer_latex
    assert sol.steps and all(st.count("$") % 2 == 0 for st in sol.steps)


def test_std_says_population_or_sample():
    assert "population" in " ".join(solve("standard deviation of 1, 2, 3").steps)
    assert "sample" in " ".join(solve("sample standard deviation of 1, 2, 3").steps)


def test_new_kinds_are_verified():
    out = verify_many(
        [
            ("gcd of 12 and 18", "\\boxed{6}"),
            ("gcd of 12 and 18", "\\boxed{3}"),
            ("prime factorization of 360", "\\boxed{2^3 \\cdot 3^2 \\cdot 5}"),
            ("prime factorization of 360", "\\boxed{2^2 \\cdot 3^2 \\cdot 10}"),
            ("mean of 1, 2, 3, 4", "\\boxed{2.5}"),
            ("mean of 1, 2, 3, 4", "\\boxed{3}"),
        ]
    )
    assert [v.status for v in out] == ["verified", "wrong", "verified", "wrong", "verified", "wrong"]
