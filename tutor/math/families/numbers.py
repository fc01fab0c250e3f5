"""Numbers: percentages ("15% of 80", increase/decrease by, "what percent"), GCD / LCM, prime
factorisation, mean / median / variance / standard deviation, and arithmetic with fractions and
decimals evaluated innermost-first with explained steps; the exact number formatting
(:func:`number_latex`, :func:`decimal_text`) the other modules share.
"""

from __future__ import annotations

import re

from tutor.math.parse import (
    exact_number,
    is_latex,
    latex,
    parse_latex,
    parse_plain,
    read_mixed_numbers,
    rebuild,
    sympy_module,
)
from tutor.math.problems import NumberData, Solution, Unsupported

_NUM = r"(\d+(?:\.\d+)?|\.\d+)"


def _num(t: str):
    sp = sympy_module()
    return sp.Rational(t.replace(",", ""))


def number_latex(v, decimals_hint=False) -> str:
    """LaTeX for a rational result; terminating decimals are shown as decimals when hinted."""
    sp = sympy_module()
    v = exact_number(v) if isinstance(v, sp.Float) else v
    if isinstance(v, sp.Rational) and not isinstance(v, sp.Integer):
        q = int(v.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if decimals_hint and q == 1:
            return decimal_text(v)
    return latex(v)


def decimal_text(v) -> str:
    """A rational as a decimal, exactly when it terminates (no binary floats)."""
    sp = sympy_module()
    if isinstance(v, sp.Integer):
        return str(int(v))
    if isinstance(v, sp.Rational):
        import decimal

        p, q = int(v.p), int(v.q)
        k = q
        for f in (2, 5):
            while k % f == 0:
                k //= f
        digits = len(str(abs(p))) + len(str(q)) + 5
        with decimal.localcontext() as ctx:
            ctx.prec = digits if k == 1 else 12
            d = decimal.Decimal(p) / decimal.Decimal(q)
        if k != 1:
            d = d.quantize(decimal.Decimal(10) ** -10, rounding=decimal.ROUND_HALF_EVEN)
        out = format(d, "f")
        return out.rstrip("0").rstrip(".") if "." in out else out
    s = f"{float(v):.10f}".rstrip("0").rstrip(".")
    return s


def recurring_decimal_latex(v) -> str:
    """A rational as an exact decimal, a repeating block overlined: 1/3 is 0.\\overline{3},
    7/12 is 0.58\\overline{3} (never a rounded 0.3333333333 given as the answer)."""
    sp = sympy_module()
    v = sp.Rational(v)
    sign, v = ("-" if v < 0 else ""), abs(v)
    whole, rem, q = int(v.p) // int(v.q), int(v.p) % int(v.q), int(v.q)
    digits, seen = [], {}
    while rem and rem not in seen:
        seen[rem] = len(digits)
        rem *= 10
        digits.append(str(rem // q))
        rem %= q
    if not rem:
        return sign + (f"{whole}." + "".join(digits) if digits else str(whole))
    k = seen[rem]
    return f"{sign}{whole}." + "".join(digits[:k]) + "\\overline{" + "".join(digits[k:]) + "}"


def _pct_solution(kind_text, problem_latex, steps, value, unit="") -> Solution:
    ans = number_latex(value, decimals_hint=True) + unit
    return Solution("percentage", problem_latex, steps, ans, value)


def try_percentage(s: str):
    """A percentage problem ("15% of 80", "increase 50 by 10%", "12 is what % of 48"), or None."""
    sympy_module()
    t = s.replace(",", "").strip()
    t = re.sub(r"\\%", "%", t)
    t = re.sub(r"\s*(?:percent|per cent)\b", "%", t, flags=re.IGNORECASE)
    P = _NUM + r"\s*%"
    m = re.fullmatch(P + r"\s+of\s+" + _NUM, t, re.IGNORECASE)
    if m:
        p, x = _num(m.group(1)), _num(m.group(2))
        frac = p / 100
        val = frac * x
        steps = [
            f"Convert the percent to a fraction: ${decimal_text(p)}\\% = \\frac{{{decimal_text(p)}}}{{100}} = {latex(frac)}$.",
            f'"Of" means multiply: ${latex(frac)} \\times {decimal_text(x)} = {number_latex(val, True)}$.',
        ]
        return _pct_solution("of", f"{decimal_text(p)}\\% \\text{{ of }} {decimal_text(x)}", steps, val)
    m = re.fullmatch(r"(increase|raise|decrease|reduce|lower)\s+" + _NUM + r"\s+by\s+" + P, t, re.IGNORECASE)
    m2 = re.fullmatch(_NUM + r"\s+(increased|decreased|reduced|raised|lowered)\s+by\s+" + P, t, re.IGNORECASE)
    m3 = re.fullmatch(
        P + r"\s+(off|more than|less than|increase on|decrease on|discount on)\s+" + _NUM, t, re.IGNORECASE
    )
    if m or m2 or m3:
        if m:
            verb, x, p = m.group(1).lower(), _num(m.group(2)), _num(m.group(3))
        elif m2:
            x, verb, p = _num(m2.group(1)), m2.group(2).lower(), _num(m2.group(3))
        else:
            p, verb, x = _num(m3.group(1)), m3.group(2).lower(), _num(m3.group(3))
        up = verb.startswith(("increase", "raise", "more"))
        frac = p / 100
        change = frac * x
        val = x + change if up else x - change
        word = "increase" if up else "decrease"
        steps = [
            f"Convert the percent to a fraction: ${decimal_text(p)}\\% = {latex(frac)}$.",
            f"Find the {word}: ${latex(frac)} \\times {decimal_text(x)} = {number_latex(change, True)}$.",
            (
                f"Add it to the original amount: ${decimal_text(x)} + {number_latex(change, True)} = {number_latex(val, True)}$."
                if up
                else f"Subtract it from the original amount: ${decimal_text(x)} - {number_latex(change, True)} = {number_latex(val, True)}$."
            ),
            f"(Equivalently, multiply by ${decimal_text(1 + frac if up else 1 - frac)}$: "
            f"${decimal_text(x)} \\times {decimal_text(1 + frac if up else 1 - frac)} = {number_latex(val, True)}$.)",
        ]
        sign = "+" if up else "-"
        return _pct_solution(
            word,
            f"{decimal_text(x)} {sign} {decimal_text(p)}\\% \\text{{ of }} {decimal_text(x)}",
            steps,
            val,
        )
    m = re.fullmatch(_NUM + r"\s+is\s+what\s*(?:%|percentage)\s+of\s+" + _NUM, t, re.IGNORECASE)
    m2 = re.fullmatch(r"what\s*(?:%|percentage)\s+of\s+" + _NUM + r"\s+is\s+" + _NUM, t, re.IGNORECASE)
    if m or m2:
        part, whole = (_num(m.group(1)), _num(m.group(2))) if m else (_num(m2.group(2)), _num(m2.group(1)))
        if whole == 0:
            raise Unsupported("The whole amount can't be zero.")
        val = part / whole * 100
        steps = [
            f"Write the part over the whole: $\\frac{{{decimal_text(part)}}}{{{decimal_text(whole)}}} = {latex(part / whole)}$.",
            f"Multiply by $100$ to convert to a percent: ${latex(part / whole)} \\times 100 = {number_latex(val, True)}$.",
        ]
        return _pct_solution(
            "what",
            f"\\frac{{{decimal_text(part)}}}{{{decimal_text(whole)}}} \\times 100\\%",
            steps,
            val,
            "\\%",
        )
    return None


def _int_list(t: str):
    items = [x for x in re.split(r"\s*(?:,|\band\b|\s)\s*", t.strip()) if x]
    if len(items) < 2 or not all(re.fullmatch(r"\d{1,12}", x) for x in items):
        return None
    return [int(x) for x in items]


def _num_list(t: str):
    items = [x for x in re.split(r"\s*(?:,|\band\b|\s)\s*", t.strip()) if x]
    if not items or not all(re.fullmatch(r"-?\d+(?:\.\d+)?", x) for x in items):
        return None
    return [_num(x) for x in items]


def _factor_latex(n: int) -> str:
    sp = sympy_module()
    f = sp.factorint(n)
    return " \\cdot ".join(f"{p}^{{{e}}}" if e > 1 else str(p) for p, e in sorted(f.items()))


def number_problem(s: str):
    """GCD / LCM, prime factorisation, mean / median / standard deviation, with steps."""
    sp = sympy_module()
    t = s.strip().rstrip("?.").strip()
    m = re.fullmatch(
        r"(?:the\s+)?(gcd|gcf|hcf|greatest common (?:divisor|factor)|highest common factor|"
        r"lcm|least common multiple|lowest common multiple)\s*(?:of\s*)?\(?(.*?)\)?",
        t,
        re.I,
    )
    if m:
        nums = _int_list(m.group(2))
        if nums is None:
            return None
        is_lcm = m.group(1).lower().startswith(("lcm", "least", "lowest"))
        steps = [
            "Write each number as a product of primes: "
            + ", ".join(f"${n} = {_factor_latex(n)}$" for n in nums if n > 1)
            + "."
        ]
        if is_lcm:
            val = sp.ilcm(*nums)
            steps.append("The LCM takes every prime with its **highest** power.")
            kind, name = "lcm", "\\operatorname{lcm}"
        else:
            val = sp.igcd(*nums)
            steps.append("The GCD takes the primes common to all the numbers with their **lowest** power.")
            kind, name = "gcd", "\\gcd"
        steps.append(f"So ${name}({', '.join(map(str, nums))}) = {val}$.")
        return Solution(kind, f"{name}({', '.join(map(str, nums))})", steps, str(val), sp.Integer(val))
    m = re.fullmatch(
        r"(?:the\s+)?prime factori[sz]ation\s+of\s+(\d{1,12})|factori[sz]e\s+(\d{1,12})\s+into primes",
        t,
        re.I,
    )
    if m:
        n = int(m.group(1) or m.group(2))
        if n < 2:
            raise Unsupported("Prime factorisation needs a whole number of at least 2.")
        steps, k = [], n
        for p_, e in sorted(sp.factorint(n).items()):
            for _ in range(e):
                steps.append(f"${k} \\div {p_} = {k // p_}$")
                k //= p_
        steps.append(f"Collect the prime factors: ${n} = {_factor_latex(n)}$.")
        return Solution("prime_factorization", str(n), steps, _factor_latex(n), sp.Integer(n), NumberData(n))
    m = re.fullmatch(
        r"(?:the\s+)?(mean|average|median|(?:population\s+|sample\s+)?(?:standard deviation|variance))"
        r"\s+of\s+(?:the\s+)?(?:numbers|data|values)?\s*:?\s*\(?(.*?)\)?",
        t,
        re.I,
    )
    if m:
        xs = _num_list(m.group(2))
        if xs is None:
            return None
        what = m.group(1).lower()
        n = len(xs)
        total = sum(xs)
        mean = total / n
        steps = [f"There are $n = {n}$ values with sum ${latex(total)}$."]
        if what in ("mean", "average"):
            steps.append(f"Mean $= \\frac{{{latex(total)}}}{{{n}}} = {latex(mean)}$.")
            val = mean
        elif what == "median":
            ys = sorted(xs)
            steps.append("Sort them: $" + ", ".join(latex(y) for y in ys) + "$.")
            if n % 2:
                val = ys[n // 2]
                steps.append(f"$n$ is odd, so the median is the middle value, ${latex(val)}$.")
            else:
                a_, b_ = ys[n // 2 - 1], ys[n // 2]
                val = (a_ + b_) / 2
                steps.append(
                    f"$n$ is even, so the median is the mean of the two middle values: "
                    f"$\\frac{{{latex(a_)} + {latex(b_)}}}{{2}} = {latex(val)}$."
                )
        else:
            sample = what.startswith("sample")
            if sample and n < 2:
                raise Unsupported("A sample standard deviation needs at least two values.")
            ss = sum((v - mean) ** 2 for v in xs)
            div = n - 1 if sample else n
            var = ss / div
            steps.append(
                f"Mean $\\bar x = {latex(mean)}$; sum of squared deviations $\\sum (x_i - \\bar x)^2 = {latex(ss)}$."
            )
            steps.append(
                (
                    "This is the **sample** version: divide by $n - 1 = "
                    if sample
                    else 'This is the **population** version (say "sample" for $n-1$): divide by $n = '
                )
                + f"{div}$, variance $= {latex(var)}$."
            )
            val = var if "variance" in what else sp.sqrt(var)
            if "variance" not in what:
                steps.append(
                    f"Standard deviation $= \\sqrt{{{latex(var)}}} = {latex(val)} \\approx {sp.N(val, 6)}$."
                )
        return Solution(
            "statistics",
            f"\\text{{{what} of }} " + ", ".join(latex(v) for v in xs),
            steps,
            latex(exact_number(val)),
            exact_number(val),
        )
    return None


def _wrap_fractions(s: str) -> str:
    return re.sub(r"(?<![\d.)/^])(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)(?![\d.(^])", r"(\1/\2)", s)


def arithmetic_problem(s: str):
    """Parse arithmetic unevaluated (for display) and evaluated (exact, decimals as rationals)."""
    sp = sympy_module()
    t = s.replace(",", "") if not re.search(r"\d,\d{1,2}\b", s) else s
    # `÷` is `/` with the usual precedence, read left to right (48 ÷ 6 × 2 = 16); a fraction
    # written with `/` next to it is one number (1/2 ÷ 3/4)
    t = read_mixed_numbers(t)
    if re.search(r"÷\s*-?\d+(?:\.\d+)?\s*\(", t):
        raise Unsupported(
            "That division is ambiguous (as in 6 ÷ 2(1 + 2)): does the ÷ divide by the whole product "
            "or only by the number? Please add brackets."
        )
    t = _wrap_fractions(t).replace("÷", "/")
    t = re.sub(r"(\d+(?:\.\d+)?)\s*%\s*of\b", r"(\1/100)*", t)
    t = re.sub(r"\)\s*of\b", ")*", t)
    if is_latex(t):
        t2 = re.sub(r"\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}", r"(\1/\2)", t)
        t2 = t2.replace("\\cdot", "*").replace("\\times", "*").replace("\\div", "÷")
        t2 = re.sub(r"\\left|\\right", "", t2)
        if "\\" not in t2 and re.fullmatch(r"[\d\s.+\-*/()÷^]+", t2):
            return arithmetic_problem(t2)
    if is_latex(t):
        raw = parse_latex(t)
        shown = raw
    else:
        shown = parse_plain(t, evaluate=False)
        raw = parse_plain(t)
    has_dec = bool(re.search(r"\d\.\d|\.\d", s))
    return shown, sp.nsimplify(raw, rational=True) if has_dec else raw, has_dec


def arithmetic(shown, value, has_dec) -> Solution:
    """The worked evaluation of the arithmetic ``shown`` (unevaluated) whose exact value is ``value``."""
    sp = sympy_module()
    value = exact_number(value) if isinstance(value, sp.Float) else value
    if value.has(sp.I):
        value = sp.expand(value)  # (1+2i)(6-3i) = 12 + 9i
    if value.has(sp.zoo, sp.nan) or value is sp.zoo:
        raise Unsupported("That expression is undefined (division by zero).")
    shown = _fold_fractions(shown)
    steps = [f"Evaluate $${_arith_latex(shown)}$$"]
    steps += _arith_walk(shown)
    exact = exact_number(value) if value.is_Float else value
    if isinstance(exact, sp.Rational) and not isinstance(exact, sp.Integer):
        g = exact
        steps.append(
            f"In lowest terms the result is ${latex(g)}$, which is about ${decimal_text(g)}$"
            f"{' (exactly)' if number_latex(g, True) != latex(g) else ''}."
        )
    elif exact.is_number and not exact.is_Rational and exact.is_real:
        steps.append(f"Numerically, ${latex(exact)} \\approx {sp.N(exact, 10)}$.")
    ans = number_latex(exact, decimals_hint=has_dec)
    return Solution("arithmetic", _arith_latex(shown), steps, ans, exact)


def _arith_walk(expr, max_steps=10):
    """Evaluate an unevaluated numeric tree innermost-first, explaining fraction operations."""
    sympy_module()
    steps = []
    cur = _fold_fractions(expr)
    for _ in range(max_steps):
        node = _innermost(cur)
        if node is None:
            break
        val = rebuild(node)
        if val == node:
            break
        steps.append(_explain_op(node, val))
        cur = _replace_uneval(cur, node, val)
        cur = _fold_fractions(cur)
        steps.append(f"$${_arith_latex(cur)}$$")
    return steps


def _replace_uneval(e, node, val):
    sp = sympy_module()
    if e == node:
        return val
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    args = [_replace_uneval(a, node, val) for a in e.args]
    if isinstance(e, (sp.Add, sp.Mul, sp.Pow)):
        return e.func(*args, evaluate=False)
    return e.func(*args)


def _fold_fractions(expr):
    """Turn unevaluated integer quotients p*q**-1 into Rationals (displayed as fractions)."""
    sp = sympy_module()

    def is_int(a):
        return isinstance(a, sp.Integer)

    def quotient(a, b):
        """a / b as a fraction when it is written in lowest terms (1/3); otherwise the division
        stays, to be shown and worked as a step (48 ÷ 6 = 8, not a silent 8)."""
        if sp.igcd(int(a), int(b)) == 1 and b > 0:
            return sp.Rational(a, b)
        return sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False)

    def as_frac(e):
        if _is_division(e):
            return quotient(e.args[0], e.args[1].base)
        if isinstance(e, sp.Pow) and is_int(e.base) and e.exp == -1 and e.base != 0:
            return sp.Rational(1, e.base)
        if isinstance(e, sp.Mul) and len(e.args) == 2:
            a, b = e.args
            if is_int(a) and isinstance(b, sp.Pow) and is_int(b.base) and b.exp == -1 and b.base != 0:
                return quotient(a, b.base)
            if is_int(b) and isinstance(a, sp.Pow) and is_int(a.base) and a.exp == -1 and a.base != 0:
                return quotient(b, a.base)
        return None

    def walk(e):
        if not isinstance(e, sp.Basic) or e.is_Atom:
            return e
        fr = as_frac(e)
        if fr is not None:
            return fr
        if isinstance(e, sp.Mul):
            raw, args, i = list(e.args), [], 0
            while i < len(raw):
                a = raw[i]
                b = raw[i + 1] if i + 1 < len(raw) else None
                if (
                    is_int(a)
                    and b is not None
                    and isinstance(b, sp.Pow)
                    and is_int(b.base)
                    and b.exp == -1
                    and b.base != 0
                ):
                    args.append(quotient(a, b.base))
                    i += 2
                    continue
                args.append(walk(a))
                i += 1
            if len(args) == 2 and args[0] == -1 and isinstance(args[1], sp.Rational):
                return -args[1]
            if len(args) == 1:
                return args[0]
        else:
            args = [walk(a) for a in e.args]
        return e.func(*args, evaluate=False) if isinstance(e, (sp.Add, sp.Mul, sp.Pow)) else e.func(*args)

    try:
        return walk(expr)
    except Exception:
        return expr


def _is_division(e) -> bool:
    """Is `e` a division of whole numbers kept as written (48 ÷ 6), see :func:`_fold_fractions`?"""
    sp = sympy_module()
    return (
        isinstance(e, sp.Mul)
        and len(e.args) == 2
        and isinstance(e.args[0], sp.Integer)
        and isinstance(e.args[1], sp.Pow)
        and isinstance(e.args[1].base, sp.Integer)
        and e.args[1].exp == -1
        and e.args[1].base != 0
    )


def _arith_latex(e) -> str:
    """LaTeX for an unevaluated numeric tree, showing division by fractions with \\div."""
    sp = sympy_module()
    if _is_division(e):
        d = e.args[1].base
        return f"{latex(e.args[0])} \\div " + (f"\\left({latex(d)}\\right)" if d < 0 else latex(d))
    if isinstance(e, sp.Mul):
        out = ""
        for i, a in enumerate(e.args):
            if isinstance(a, sp.Pow) and a.exp == -1 and not (isinstance(a.base, sp.Integer)) and i > 0:
                inner = _arith_latex(a.base)
                if isinstance(a.base, (sp.Add, sp.Mul)):
                    inner = f"\\left({inner}\\right)"
                out += f" \\div {inner}"
            else:
                inner = _arith_latex(a)
                if isinstance(a, sp.Add) or (i > 0 and a.could_extract_minus_sign()):
                    inner = f"\\left({inner}\\right)"
                out += (" \\cdot " if i > 0 else "") + inner
        return out
    if isinstance(e, sp.Add):
        out = ""
        for i, a in enumerate(e.args):
            t = _arith_latex(a)
            if i == 0:
                out = t
            elif t.startswith("-"):
                out += " - " + t[1:].lstrip()
            else:
                out += " + " + t
        return out
    if isinstance(e, sp.Pow) and not (e.exp == -1):
        b = _arith_latex(e.base)
        if not e.base.is_Atom:
            b = f"\\left({b}\\right)"
        return f"{b}^{{{_arith_latex(e.exp)}}}"
    return latex(e)


def _innermost(e):
    sp = sympy_module()
    if not isinstance(e, sp.Basic) or e.is_Atom or e.is_Rational or e in (sp.pi, sp.E):
        return None
    if _is_division(e):
        return e
    for a in e.args:
        n = _innermost(a)
        if n is not None:
            return n
    if all(a.is_Atom for a in e.args):
        val = rebuild(e)
        return e if val != e else None
    return None


def _explain_op(node, val) -> str:
    sp = sympy_module()
    args = node.args
    if _is_division(node):
        return f"Divide: ${latex(args[0])} \\div {latex(args[1].base)} = {latex(val)}$."
    if (
        isinstance(node, sp.Add)
        and len(args) == 2
        and all(isinstance(a, sp.Rational) for a in args)
        and any(not isinstance(a, sp.Integer) for a in args)
    ):
        a, b = args
        d = sp.ilcm(a.q, b.q)
        if a.q != b.q:
            return (
                f"Use the common denominator ${d}$: ${latex(a)} = \\frac{{{a.p * (d // a.q)}}}{{{d}}}$ and "
                f"${latex(b)} = \\frac{{{b.p * (d // b.q)}}}{{{d}}}$, so the sum is "
                f"$\\frac{{{a.p * (d // a.q)} + {b.p * (d // b.q)}}}{{{d}}}".replace("+ -", "- ")
                + f" = {latex(val)}$."
            )
        return f"Same denominator, so add the numerators: ${latex(node)} = {latex(val)}$."
    if (
        isinstance(node, sp.Mul)
        and all(isinstance(a, sp.Rational) for a in args)
        and any(not isinstance(a, sp.Integer) for a in args)
    ):
        nums = " \\cdot ".join(str(a.p) for a in args)
        dens = " \\cdot ".join(str(a.q) for a in args)
        p = sp.prod([a.p for a in args])
        q = sp.prod([a.q for a in args])
        tail = f" = {latex(val)}$ (in lowest terms)." if sp.gcd(p, q) != 1 else "$."
        return (
            f"Multiply numerators and denominators: $\\frac{{{nums}}}{{{dens}}} = \\frac{{{p}}}{{{q}}}" + tail
        )
    if isinstance(node, sp.Pow) and node.exp == -1 and isinstance(node.base, sp.Rational):
        return f"Dividing by ${latex(node.base)}$ means multiplying by its reciprocal ${latex(val)}$."
    return f"Compute ${latex(node)} = {latex(val)}$."
