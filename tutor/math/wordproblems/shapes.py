"""Geometry stories about one shape: the area, perimeter or a side of a rectangle, a square, a
regular polygon, a triangle or parallelogram (area from base and height), a circle (only when the
story gives the value of pi to use: "use 3.14 for pi"), the volume of a box; a side from an area or
a perimeter, the fencing or ribbon that goes around.

Every measure the story states gets a role (length, width, side, area, perimeter, ...) from the
words beside it; the roles become equations (A = l w, P = 2(l + w), ...), SymPy solves them, and the
asked measure is answered in the story's unit (square units for an area). Refused: a number without
a role (or two numbers for one role), mixed units, two shapes, a sentence with a quantity word the
reader did not place ("doubling the sides", "3 times around"), a question asking two things.
"""

from __future__ import annotations

import re
from fractions import Fraction

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ratios import NUM, QUANTITY, story, worked
from tutor.math.wordproblems.reading import singular
from tutor.math.wordproblems.shapes_changes import every_side_scaled, scaled_told, times_around

__all__ = ["read_shape"]

_UNITS = {
    "cm": "centimeter", "centimeter": "centimeter", "centimeters": "centimeter", "centimetre": "centimeter",
    "centimetres": "centimeter", "m": "meter", "meter": "meter", "meters": "meter", "metre": "meter",
    "metres": "meter", "mm": "millimeter", "millimeters": "millimeter", "millimeter": "millimeter",
    "km": "kilometer", "kilometer": "kilometer", "kilometers": "kilometer", "in": "inch", "inch": "inch",
    "inches": "inch", "ft": "foot", "foot": "foot", "feet": "foot", "yd": "yard", "yard": "yard",
    "yards": "yard", "mile": "mile", "miles": "mile",
}  # fmt: skip
_UNIT = r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\.?"
# "24 square feet", "800 sq. yards", "36 sq ft", "25 ft^2", "25 square-inches"
_AREA_AT = re.compile(rf"(?P<n>\d+(?:\.\d+)?)\s+(?:square|sq\.?)[\s-]+(?P<u>{_UNIT})(?![a-z])", re.I)
_AREA_AFTER = re.compile(rf"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>{_UNIT})(?:\s+squared\b|\^?2\b|²)", re.I)
_VOLUME_AT = re.compile(rf"(?P<n>\d+(?:\.\d+)?)\s+cubic\s+(?P<u>{_UNIT})(?![a-z])", re.I)
_LINEAR = re.compile(rf"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>{_UNIT})(?![a-z0-9^²]|\s+squared)", re.I)
_BY = re.compile(
    rf"(?P<n1>\d+(?:\.\d+)?)\s*(?P<u1>{_UNIT})?\s+(?:by|x|×)\s+(?P<n2>\d+(?:\.\d+)?)\s*(?P<u2>{_UNIT})(?![a-z])",
    re.I,
)

_SHAPES = {
    "square": r"\bsquare\b(?![\s-]+(?:" + "|".join(_UNITS) + r")\b)",
    "rectangle": r"\brectang\w*|\boblong\b",
    "triangle": r"\btriang\w*",
    "circle": r"\bcirc(?:le|ular)\b|\bround\b",
    "pentagon": r"\bpentagon\w*",
    "hexagon": r"\bhexagon\w*",
    "octagon": r"\boctagon\w*",
    "parallelogram": r"\bparallelogram\b",
    "box": r"\b(?:box|cube|cuboid|rectangular\s+prism|aquarium|tank|container)\b",
}
_SIDES = {"pentagon": 5, "hexagon": 6, "octagon": 8}
_ROLE_AFTER = {  # "9 inches long"
    "long": "length", "wide": "width", "tall": "height", "high": "height", "deep": "depth", "in length": "length",
    "in width": "width", "in height": "height", "across": "diameter",
}  # fmt: skip
_ROLE_BEFORE = re.compile(
    r"(?P<w>length|width|height|breadth|depth|base|radius|diameter|perimeter|circumference|area|side(?:\s+length)?|sides|"
    r"distance\s+around)\s+(?:of\s+(?:it\s+|each\s+)?|is\s+|was\s+|are\s+|were\s+|measures?\s+|measuring\s+|"
    r"that\s+measure\s+|that\s+are\s+|which\s+(?:is|are)\s+|equals?\s+|of\s+about\s+)?(?:the\s+|about\s+|exactly\s+)?$",
    re.I,
)
# "The total perimeter of the fountain wall is 51 yards": the measure named by the sentence's subject
_SUBJECT = re.compile(
    r"\b(?P<w>(?:length|width|height|breadth|depth|base|radius|diameter|perimeter|circumference|side)(?=\s+of\s)|"
    r"distance\s+around)\s+(?:of\s+)?"
    r"(?:the\s+|a\s+|an\s+|its\s+|this\s+|that\s+)?[\w'-]+(?:\s+[\w'-]+){0,3}?\s+(?:is|was|are|were|measures|equals)\s+$",
    re.I,
)
_PI = re.compile(
    r"\b(?:use|using|take|taking|with|let)\s+(?:pi|π)\s*(?:=|as|to\s+be|equal\s+to|is|of)?\s*(?P<v>3\.14\d*)|"
    r"\b(?:pi|π)\s*(?:=|is|as|≈)\s*(?P<v2>3\.14\d*)|\b(?P<v3>3\.14)\s+(?:for|as)\s+(?:pi|π)\b",
    re.I,
)


def _measures(text: str) -> list[tuple[str, Fraction, str, int]] | None:
    """(role, value, unit, offset) of every measure in `text`; None when one has no role."""
    out: list[tuple[str, Fraction, str, int]] = []
    taken: set[int] = set()
    for m in _AREA_AT.finditer(text):
        out.append(("area", Fraction(m["n"]), _UNITS[m["u"].lower().rstrip(".")], m.start()))
        taken.add(m.start())
    for m in _AREA_AFTER.finditer(text):
        out.append(("area", Fraction(m["n"]), _UNITS[m["u"].lower().rstrip(".")], m.start()))
        taken.add(m.start())
    for m in _VOLUME_AT.finditer(text):
        out.append(("volume", Fraction(m["n"]), _UNITS[m["u"].lower().rstrip(".")], m.start()))
        taken.add(m.start())
    for m in _BY.finditer(text):
        u = _UNITS[m["u2"].lower().rstrip(".")]
        if m["u1"] and _UNITS[m["u1"].lower().rstrip(".")] != u:
            return None
        out.append(("by1", Fraction(m["n1"]), u, m.start("n1")))
        out.append(("by2", Fraction(m["n2"]), u, m.start("n2")))
        taken |= {m.start("n1"), m.start("n2")}
    for m in _LINEAR.finditer(text):
        if m.start() in taken:
            continue
        after = text[m.end() :].strip().lower()
        before = text[: m.start()]
        role = next((r for w, r in _ROLE_AFTER.items() if re.match(rf"{w}\b", after)), None)
        mb = _ROLE_BEFORE.search(before) or _SUBJECT.search(before)
        if mb:
            w = mb["w"].lower()
            r2 = {"breadth": "width", "sides": "side", "side length": "side", "distance around": "perimeter",
                  "long": "length", "wide": "width", "tall": "height", "high": "height"}.get(w, w)  # fmt: skip
            if role is not None and role != r2 and r2 != "side":
                return None
            role = r2  # "sides that are 9 cm long": a side
        if role in ("area", "volume"):
            return None  # an area in a unit of length: not read
        if role is None:
            if re.match(r"(?:of\s+)?(?:fenc|fencing|ribbon|border|trim|edging|rope|wire)\w*\b", after):
                role = "perimeter"
            else:
                return None
        out.append((role, Fraction(m["n"]), _UNITS[m["u"].lower().rstrip(".")], m.start()))
        taken.add(m.start())
    return sorted(out, key=lambda t: t[3])


_ASK = [
    ("area", r"\barea\b|\bhow\s+(?:many|much)\s+(?:square|sq\.?)\s|\bhow\s+much\s+(?:space|surface)\b"),
    ("volume", r"\bvolume\b|\bcubic\b"),
    ("perimeter", r"\bperimeter\b|\bdistance\s+around\b|\baround\b"),
    ("circumference", r"\bcircumference\b"),
    ("side", r"\b(?:each|one|a|the)\s+side\b|\bside\s+length\b|\blength\s+of\s+(?:each|a|one)\s+side\b"),
    ("radius", r"\bradius\b"),
    ("diameter", r"\bdiameter\b"),
    ("length", r"\bhow\s+long\b|\blength\b"),
    ("width", r"\bhow\s+wide\b|\bwidth\b|\bbreadth\b"),
    ("height", r"\bhow\s+(?:tall|high)\b|\bheight\b"),
]
_GOES_AROUND = re.compile(
    r"\b(?:fenc\w*|ribbon|border\w*|trim|edging|rope|wire|lace|tape|string|frame)\b", re.I
)


def _asked(question: str, story_text: str) -> str | None:
    hits = [name for name, pat in _ASK if re.search(pat, question, re.I)]
    if "side" in hits:
        hits = [h for h in hits if h not in ("length",)]
    if "area" in hits or "volume" in hits:
        hits = [h for h in hits if h in ("area", "volume")]
    if (
        re.search(r"^how\s+(?:long|much)\b|^how\s+many\s+\w+\s+of\b", question, re.I)
        and _GOES_AROUND.search(question)
        and re.search(
            r"\b(?:around|enclose\w*|border\w*|form(?:ed|s)?|fence\w*|frame\w*)\b",
            story_text + " " + question,
            re.I,
        )
    ):
        hits = ["perimeter"]
    return hits[0] if len(hits) == 1 else None


_K = r"(?P<k>\d+(?:\.\d+)?\s+times|twice|double|triple|thrice|half)"
_DIM = {"long": "length", "wide": "width", "length": "length", "width": "width", "breadth": "width"}
# "the length is 4 times the width", "it is 2 times as long as it is wide", "its length is 3 m more than its width"
_RELATIONS = [
    re.compile(
        rf"\b(?:the\s+|its\s+)?(?P<a>length|width|breadth)\s+(?:of\s+(?:the|a|an)\s+\w+\s+)?(?:is|was)\s+{_K}\s+"
        r"(?:the|its|as\s+(?:long|wide)\s+as\s+(?:the|its))\s+(?P<b>length|width|breadth)\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:it|that|which|(?:the|a|an|his|her|their|my)\s+\w+)\s+(?:is|was)\s+{_K}\s+as\s+(?P<a>long|wide)\s+as\s+(?:it\s+(?:is|was)\s+)?(?P<b>long|wide)\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:the\s+|its\s+)?(?P<a>length|width|breadth)\s+(?:is|was)\s+(?P<d>\d+(?:\.\d+)?)\s*(?P<u>{_UNIT})\s+"
        r"(?P<dir>more|longer|less|shorter|fewer)\s+than\s+(?:the|its)\s+(?P<b>length|width|breadth)\b",
        re.I,
    ),
]
_TIMES = {"twice": 2, "double": 2, "triple": 3, "thrice": 3}


def _relations(sent: str) -> tuple[str, list[tuple[str, str, Fraction, str, str, int]]]:
    """The relations between a rectangle's sides a sentence states, as (a, "times"/"plus", k, b,
    unit, numerals it used), and the sentence without them."""
    found = []
    for pat in _RELATIONS:
        for m in pat.finditer(sent):
            a, b = _DIM[m["a"].lower()], _DIM[m["b"].lower()]
            if "d" in m.groupdict() and m["d"]:
                k = Fraction(m["d"]) * (1 if m["dir"].lower() in ("more", "longer") else -1)
                found.append((a, "plus", k, b, _UNITS[m["u"].lower().rstrip(".")], 1))
            else:
                w = m["k"].lower()
                k = (
                    Fraction(1, 2)
                    if w == "half"
                    else Fraction(_TIMES[w])
                    if w in _TIMES
                    else Fraction(w.split()[0])
                )
                found.append((a, "times", k, b, "", 1 if w[0].isdigit() else 0))
        sent = pat.sub(" ", sent)
    return sent, found


_ASK_OF = re.compile(
    r"^(?P<ask>(?:what\s+is|what's|find|calculate|determine|work\s+out)\s+the\s+(?:area|perimeter|volume|circumference))"
    r"\s+of\s+(?P<rest>(?:a|an|the)\s+[^?]+?)\s*[?.]?$",
    re.I,
)


def _prepare(text: str) -> str:
    text = re.sub(r"\bsq\b\.?\s*(?=[a-z])", "square ", text, flags=re.I)  # "800 sq. yards"
    return re.sub(r"\b(?:one|a)\s+side\s+(?=measures|is)", "a side ", text, flags=re.I)  # not the number 1


# words after "of the" in a question that name the shape's own parts or the shape itself
_OF_FINE = set("side sides length width height base radius diameter edge edges shape figure it".split())


def read_shape(text: str) -> Solution | None:
    """A one-shape geometry story answered (see the module's doc); None otherwise."""
    if not re.search(
        r"\b(?:area|perimeter|volume|circumference|fenc\w*|around|square|rectang\w*|triang\w*|circ\w+|"
        r"wide|width|long|length|tall|height|side|pentagon|hexagon|octagon|parallelogram|tiles?|by)\b",
        text,
        re.I,
    ):
        return None
    st = story(text, _prepare)
    if st is not None and _TILES_Q.match(st.question) and NUM.search(st.question):
        # "How many square tiles of 2 feet on each side cover the floor?": the tile told in the question
        st.statements.append(st.question)
        st.question = "How many tiles?"
    if st is not None and NUM.search(st.question):
        # "What is the area of a rectangle 8 m long and 3 m wide?": the shape is told in the question
        m = _ASK_OF.match(st.question)
        if m is None or NUM.search(m["ask"]):
            return None
        st.statements.append(f"It is {m['rest']}.")
        st.question = m["ask"] + "?"
    if st is None:
        return None
    q = st.question.rstrip("?").strip()
    laps, laps_numbers = times_around(st, q)
    asked_in = q  # the question as asked: its unit must be the story's
    told_words = " ".join(st.statements).lower()
    for of in re.findall(r"\bof\s+(?:the|its|a|an|this|that|his|her|their|each|one)\s+([a-z]+)", q, re.I):
        if of.lower() not in _OF_FINE and singular(of.lower())[:5] not in told_words:
            return None  # "the volume of the lid" of a box, "the area of its half": another thing
    if laps is not None:
        q = "What is the perimeter"
    scale = every_side_scaled(st, q) if laps is None else None
    if scale is not None:  # "... by doubling the sides. What will the new area be?": the area, then k^2 times
        q = re.sub(r"\bnew\s+", "", q, flags=re.I)
    if re.search(
        r"\b(?:and|angles?|degrees?|sides\s+of|ratio|cost|price|dollars?|how\s+many\s+times|diagonal|hypotenuse|"
        r"surface|arc|remaining|left|other)\b",
        q,
        re.I,
    ):
        return None  # two things asked, angles, money, a diagonal, a changed shape: not read here
    if _TILES_Q.match(q):
        return _tiles(st)
    relations = []
    statements = []
    for sent in st.statements:
        rest, found = _relations(sent)
        relations += found
        statements.append(rest)
    if any(r[0] == r[3] for r in relations):
        return None
    story_text = " ".join(statements)
    for sent in statements:
        if re.search(
            r"\b(?:doubl|tripl|halv|twice|times|each\s+of\s+the|enlarg|shrink|increas|decreas|cut\s+out|removed?)\w*",
            sent,
            re.I,
        ):
            return None
        if not NUM.search(sent) and QUANTITY.search(sent) and not re.search(r"\beach\s+side\b", sent, re.I):
            return None
    pi = _PI.search(story_text + " " + q)
    body = story_text
    if pi:
        body = body[: pi.start()] + body[pi.end() :] if pi.start() < len(body) else body
    measures = _measures(body)
    if not measures:
        return None
    n_pi = 1 if pi else 0
    n_rel = sum(r[5] for r in relations) + laps_numbers
    if len(measures) + n_pi + n_rel != len(st.numbers):
        return None  # a number without a role
    units = {u for _, _, u, _ in measures} | {r[4] for r in relations if r[4]}
    # a unit named in the question must be the story's ("in square yards" of a room told in feet)
    asked_units = re.findall(rf"\b(?:square|cubic|sq\.?|in|many|much)\s+({_UNIT})(?![a-z])", asked_in, re.I)
    units |= {_UNITS[u.lower().rstrip(".")] for u in asked_units}
    if len(units) != 1:
        return None
    unit = units.pop()
    shapes = {name for name, pat in _SHAPES.items() if re.search(pat, story_text + " " + q, re.I)}
    if "box" in shapes and "rectangle" in shapes:
        shapes.discard("rectangle")
    asked = _asked(q, " ".join(st.statements))
    if asked is None or len(shapes) > 1:
        return None
    shape = shapes.pop() if shapes else None
    roles = [r for r, _, _, _ in measures]
    if len(set(roles)) != len(roles):
        return None  # two measures of one kind: two shapes, or a story not read as written
    told = {r: v for r, v, _, _ in measures}
    if shape is None and pi and ("radius" in told or "diameter" in told):
        shape = "circle"  # "a wheel has a diameter of 10 inches; using pi = 3.14"
    if shape is None:
        if "volume" == asked or {"length", "width", "height"} <= set(roles):
            return None
        if any(r in told for r in ("side", "radius", "diameter", "base", "circumference")):
            return None
        shape = "rectangle"
    if shape == "box" and asked != "volume" or relations and shape != "rectangle":
        return None
    if shape == "box" and re.search(r"\bcubes?\b", text, re.I):
        shape = "cube"
    if (
        shape == "triangle"
        and asked in ("side", "perimeter")
        and not re.search(r"\bequilateral\b", text, re.I)
    ):
        return None
    if laps is not None and (asked != "perimeter" or shape not in ("rectangle", "square")):
        return None
    if scale is not None:
        if asked not in ("area", "perimeter") or shape not in ("rectangle", "square"):
            return None
        if asked in told and len(told) == 1:  # "the area is 25 square inches ... the new area"
            return scaled_told(shape, asked, told[asked], scale, unit)
        # every side times k: the perimeter k times, the area k^2 times
        return _solve(
            shape, told, asked, unit, pi, relations, scale if asked == "perimeter" else scale**2, "new"
        )
    return _solve(shape, told, asked, unit, pi, relations, laps)


def _solve(
    shape: str, told: dict, asked: str, unit: str, pi, relations=(), laps=None, times_what: str = "around"
) -> Solution | None:
    sp = sympy_module()
    R = sp.Rational
    pos = {"positive": True}
    syms: dict[str, object] = {}
    rel: dict[str, object] = {}
    names: list[str] = []
    rel_eqs: list = []
    if shape in ("rectangle",):
        told = dict(told)
        if "by1" in told:
            if any(k in told for k in ("length", "width", "height")):
                return None
            told["length"], told["width"] = told.pop("by1"), told.pop("by2")
        if "side" in told:
            # "one side measures 10 feet": the length or the width, so only what is the same either way
            if asked not in ("area", "perimeter") or "length" in told or "width" in told:
                return None
            told["length" if "length" not in told else "width"] = told.pop(
                "side"
            )  # "one side measures 10 feet"
        if relations and ("height" in told or asked == "height"):
            return None
        if "height" in told or asked == "height":
            if "length" not in told and asked != "length":
                told = {("length" if k == "height" else k): v for k, v in told.items()}
                asked = "length" if asked == "height" else asked
            elif "width" not in told and asked != "width":
                told = {("width" if k == "height" else k): v for k, v in told.items()}
                asked = "width" if asked == "height" else asked
            else:
                return None
        l, w = sp.symbols("l w", **pos)
        syms = {"length": l, "width": w}
        for a, how, k, b, _, _ in relations:
            kk = R(k.numerator, k.denominator)
            rel_eqs.append(sp.Eq(syms[a], kk * syms[b] if how == "times" else syms[b] + kk))
        rel = {"area": l * w, "perimeter": 2 * (l + w)}
        names = ["$l$ = the length", "$w$ = the width"]
    elif (
        shape == "square"
        or (shape in _SIDES)
        or (shape == "triangle" and asked in ("side", "perimeter") and "area" not in told)
    ):
        n = {"square": 4, "triangle": 3}.get(shape, _SIDES.get(shape, 4))
        s = sp.Symbol("s", **pos)
        sides = {("side" if k in ("length", "width", "height") else k): v for k, v in told.items()}
        if len(sides) != len(told):
            return None  # two different sides told for a square: not read as written
        told = sides
        if asked in ("length", "width", "height"):
            asked = "side"
        syms = {"side": s}
        rel = {"perimeter": n * s}
        if shape == "square":
            rel["area"] = s**2
        names = [f"$s$ = the side of the {shape}"]
    elif shape in ("triangle", "parallelogram"):
        b, h = sp.symbols("b h", **pos)
        syms = {"base": b, "height": h}
        rel = {"area": (R(1, 2) if shape == "triangle" else 1) * b * h}
        names = ["$b$ = the base", "$h$ = the height"]
    elif shape == "circle":
        if pi is None:
            return None  # the answer depends on the value of pi the class uses
        p = exact_number(next(v for v in (pi["v"], pi["v2"], pi["v3"]) if v))
        r = sp.Symbol("r", **pos)
        syms = {"radius": r}
        rel = {"diameter": 2 * r, "area": p * r**2, "circumference": 2 * p * r}
        names = ["$r$ = the radius", f"$\\pi \\approx {sp.latex(p)}$ (as the story says)"]
    elif shape == "cube":
        sides = {("side" if k in ("length", "width", "height", "edge") else k): v for k, v in told.items()}
        if len(sides) != len(told):
            return None
        told = sides
        s_ = sp.Symbol("s", **pos)
        syms, rel, names = {"side": s_}, {"volume": s_**3}, ["$s$ = the side of the cube"]
    elif shape == "box":
        if "by1" in told:
            return None
        l, w, h = sp.symbols("l w h", **pos)
        syms = {"length": l, "width": w, "height": h}
        rel = {"volume": l * w * h}
        names = ["$l$ = the length", "$w$ = the width", "$h$ = the height"]
    else:
        return None
    everything = {**syms, **rel}
    if any(k not in everything for k in told) or asked not in everything or asked in told:
        return None
    eqs = rel_eqs + [sp.Eq(everything[k], R(v.numerator, v.denominator)) for k, v in told.items()]
    unknowns = list(syms.values())
    sols = sp.solve(eqs, unknowns, dict=True)
    if len(sols) != 1:
        return None
    value = exact_number(sp.sympify(everything[asked]).subs(sols[0]))
    if value.free_symbols or not value.is_Rational or value <= 0:
        return None
    shown_unit = {"area": f"square {unit}", "volume": f"cubic {unit}"}.get(asked, unit)
    lines = [sp.latex(e) for e in eqs] + [r"\text{answer} = " + sp.latex(everything[asked])]
    if laps is not None and times_what == "new":  # every side scaled: the new area or perimeter
        value = value * R(laps.numerator, laps.denominator)
        lines[-1] = (
            r"\text{new " + asked + "} = " + sp.latex(R(laps.numerator, laps.denominator) * everything[asked])
        )
        return worked(f"{shape} (scaled)", names, lines, value, shown_unit, f"the new {asked}")
    if laps is not None:  # k times around: k perimeters
        value = value * R(laps.numerator, laps.denominator)
        lines[-1] = r"\text{answer} = " + sp.latex(R(laps.numerator, laps.denominator) * everything[asked])
        return worked(
            f"{shape} (distance around)", names, lines, value, unit, f"the distance {laps} times around"
        )
    return worked(f"{shape} ({asked})", names, lines, value, shown_unit, f"the {asked}")


# ---------------------------------------------------------------------------------------------
# tiles covering a floor: the floor's area over one tile's area

_TILES_Q = re.compile(
    r"^how\s+many\s+(?:\w+\s+)?(?:tiles|squares|slabs|pavers|paving\s+stones|carpet\s+squares)\b", re.I
)
_TILE = r"(?:tiles?|squares?|slabs?|pavers?|paving\s+stones?)"
# a tile's size as its sides; "each tile is 6 square inches" is not read: it is said of 6-inch
# squares too (GSM8K train's gold reads it so)
_TILE_SIZE = [
    # "each tile is 2 feet by 3 feet", "tiles that measure 2 feet by 2 feet"
    re.compile(
        rf"\b{_TILE}\b[^.]*?\b(?:is|are|measures?|measuring|of)\s+(?P<a>\d+(?:\.\d+)?)\s*(?P<u1>{_UNIT})?\s+(?:by|x)\s+"
        rf"(?P<b>\d+(?:\.\d+)?)\s*(?P<u>{_UNIT})(?![a-z])",
        re.I,
    ),
    # "square tiles with sides of 2 feet", "each tile is 2 feet on each side", "tiles 2 feet on a side"
    re.compile(
        rf"\b(?:square\s+)?{_TILE}\b[^.]*?(?P<a>\d+(?:\.\d+)?)\s*(?P<u>{_UNIT})\s+(?:on\s+(?:each|a|every)\s+side|long\s+on\s+each\s+side|square)\b",
        re.I,
    ),
    re.compile(
        rf"\bsquare\s+{_TILE}\b[^.]*?\b(?:sides?|edges?)\s+(?:of|that\s+(?:are|measure)|measuring)\s+(?P<a>\d+(?:\.\d+)?)\s*(?P<u>{_UNIT})(?![a-z])",
        re.I,
    ),
]
_TO_INCHES: dict[str, Fraction] = {
    k: Fraction(v) for k, v in {"inch": 1, "foot": 12, "yard": 36, "mile": 63360}.items()
}
_TO_CM: dict[str, Fraction] = {
    "millimeter": Fraction(1, 10),
    "centimeter": Fraction(1),
    "meter": Fraction(100),
    "kilometer": Fraction(100000),
}


def _in(unit: str, base: str) -> Fraction | None:
    """How many of `base` one `unit` is (1 foot = 12 inches); None across systems."""
    for table in (_TO_INCHES, _TO_CM):
        if unit in table and base in table:
            return table[unit] / table[base]
    return None


def _tiles(st) -> Solution | None:
    """How many tiles of a told size cover a rectangle (floor, wall) of told sides: whole tiles
    only, so the count must come out whole."""
    text = " ".join(st.statements)
    found = [(m, pat) for pat in _TILE_SIZE if (m := pat.search(text))]
    if not found:
        return None
    m = found[0][0]
    tile_unit = _UNITS[m["u"].lower().rstrip(".")]
    if m.groupdict().get("u1") and _UNITS[m["u1"].lower().rstrip(".")] != tile_unit:
        return None
    if m.groupdict().get("b"):
        tile_area, tile_nums = Fraction(m["a"]) * Fraction(m["b"]), 2
    else:
        tile_area, tile_nums = Fraction(m["a"]) ** 2, 1
    floor_text = text[: m.start()] + " " + text[m.end() :]
    for sent in re.split(r"(?<=[.!?])\s+", floor_text):
        if re.search(r"\b(?:doubl|tripl|halv|twice|times|cut|broken|extra|left|spare|waste)\w*", sent, re.I):
            return None
    measures = _measures(floor_text)
    if not measures or len(measures) + tile_nums != len(st.numbers):
        return None
    told: dict[str, tuple[Fraction, str]] = {}
    roles = [r for r, *_ in measures]
    tall = "width" if "length" in roles else "length"  # "10 feet tall and 15 feet long"
    for role, v, u, _ in measures:
        role = {"by1": "length", "by2": "width", "height": tall}.get(role, role)
        if role in told or role not in ("length", "width", "area", "side"):
            return None
        told[role] = (v, u)
    units = {u for _, u in told.values()}
    if len(units) != 1:
        return None
    unit = units.pop()
    factor = _in(unit, tile_unit)
    if factor is None or tile_area <= 0:
        return None
    if set(told) == {"length", "width"}:
        area = told["length"][0] * told["width"][0] * factor**2
    elif set(told) == {"area"}:
        area = told["area"][0] * factor**2
    elif set(told) == {"side"} and re.search(
        r"\bsquare\b(?![\s-]+(?:tiles?|feet|foot|inch|inches|meters?|cm|yards?))", floor_text, re.I
    ):
        area = (told["side"][0] * factor) ** 2
    else:
        return None
    count = area / tile_area
    if count.denominator != 1:
        return None  # tiles would have to be cut: not one answer
    sp = sympy_module()
    A, a, n = sp.symbols("A a n", positive=True)
    R = sp.Rational
    eqs = [
        sp.Eq(A, R(area.numerator, area.denominator)),
        sp.Eq(a, R(tile_area.numerator, tile_area.denominator)),
        sp.Eq(n * a, A),
    ]
    value = sp.solve(eqs, [A, a, n], dict=True)[0][n]
    names = [
        f"$A$ = the area to cover (square {tile_unit}{'es' if tile_unit == 'inch' else 's'})",
        "$a$ = one tile's area",
        "$n$ = the tiles",
    ]
    if unit != tile_unit:
        names.append(f"1 {unit} = {factor} {tile_unit}{'es' if tile_unit == 'inch' else 's'}")
    return worked(
        "tiling", names, [sp.latex(e) for e in eqs], sp.Integer(value), "tile", "the number of tiles"
    )
