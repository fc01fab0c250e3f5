"""Ratio and proportion stories: "the ratio of boys to girls is 3:5; there are 24 boys; how many
girls?", "Ted and David shared 24 stickers in the ratio 3:5", "a rope cut into two pieces in the
ratio 3:4 ... the longer piece", "6 jerseys cost $105; how much would 12 cost?", "7 eggs for every
2 cups of flour". The ratio becomes equations in the two parts (a/b = p/q, the told amount), SymPy
solves them, and the asked part (one part, both together, or their difference) is the answer.

Refused: a ratio asked for ("what is the ratio ...": not one number), a number or a sentence with
a quantity word the reader did not place, a told amount or a question that names neither part (or
both), three-part ratios. Also the helpers the other readers of this package share (:func:`story`,
:func:`worked`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from tutor.math.parse import exact_number, sympy_module
from tutor.math.problems import Solution
from tutor.math.wordproblems.ratio_words import IRREGULAR_VERBS, actions
from tutor.math.wordproblems.reading import normalise, sentences, singular
from tutor.math.wordproblems.schema_solution import shown_value

__all__ = [
    "read_ratio",
    "Story",
    "story",
    "worked",
    "tokens",
    "words_of",
    "noun_phrase",
    "plural",
    "NUM",
    "QUANTITY",
]

KIND = "word_problem"
# every numeral of the text, also inside "3:5", "6th" and "12:55" (each must be accounted for)
NUM = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_QUESTION_LEAD = re.compile(
    r"(?:^|,\s*|\bthen\s+)((?:how|what|which|find|calculate|determine|after\s+how|in\s+how|after\s+what\s+time|when)\b.*)$",
    re.I,
)
# words that carry a quantity or a relation: a sentence holding one must be read, not skipped
QUANTITY = re.compile(
    r"\b(?:more|less|fewer|times|twice|double|doubled|half|halves|triple|percent|third|quarter|"
    r"fifth|than|extra|another|rest|remaining|instead|except|each|every|per|left)\b|%|\d",
    re.I,
)


@dataclass
class Story:
    """A story problem normalised: its statements (the question's lead clause included), the
    question, and every numeral with its place (so a reader can say which it did not use)."""

    text: str
    statements: list[str]
    question: str
    numbers: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, numeral)


def story(text: str, prepare=None) -> Story | None:
    """The story's statements and its one question (at the end); None when there is not exactly
    one question, at the end. `prepare` rewrites the raw text before normalising."""
    raw = prepare(text) if prepare else text
    # "in one day": when it happened, not an amount
    raw = re.sub(
        r"\b(in|on|for|during)\s+one\s+(?=(?:day|morning|afternoon|evening|night|week|month|year)\b)",
        r"\1 a ",
        raw,
        flags=re.I,
    )
    s = normalise(raw)
    ss = sentences(s)
    if (
        ss
        and not any(x.question for x in ss)
        and re.search(r",\s*(?:find|calculate|determine|what|how)\b", ss[-1].text, re.I)
    ):
        ss[-1].question = True  # "If the base is 8 cm, find its height."
    if not ss or not ss[-1].question or sum(x.question for x in ss) != 1:
        return None
    q = ss[-1].text
    cond = re.search(r"^((?:find|calculate|determine|what)\b[^,]*?)\s+if\s+([^?]*)[.?]$", q, re.I)
    if cond:  # "Find the width if its height measures 40 ft."
        q = f"If {cond.group(2)}, {cond.group(1)}?"
    m = _QUESTION_LEAD.search(q)
    if m is None:
        return None
    lead = q[: m.start(1)].strip().rstrip(",").strip()
    statements = [x.text for x in ss[:-1]] + ([lead] if lead else [])
    return Story(s, statements, m.group(1), [(x.start(), x.group(0)) for x in NUM.finditer(s)])


_STOP = {
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "is", "was",
    "are", "were", "be", "been", "that", "which", "who", "it", "its", "his", "her", "their", "he",
    "she", "they", "them", "there", "this", "these", "those", "number", "amount", "how", "many",
    "much", "what", "did", "does", "do", "will", "would", "if", "had", "has", "have", "sold", "some",
    "from", "as", "ratio", "compared", "then", "so", "total", "combined", "all", "can",
    "could", "still", "same", "one", "s",
}  # fmt: skip


def tokens(text: str) -> list[str]:
    """The content words of a phrase in order, singular and lower-case ("Kate's stickers" ->
    [kate, sticker]); a lone capital letter naming something ("candidate A") is kept as itself."""
    out = []
    for i, w in enumerate(re.findall(r"[A-Za-z][A-Za-z'-]*", text)):
        if len(w) == 1 and w.isupper() and i > 0:
            out.append(w)
            continue
        w = re.sub(r"'s?$", "", w.lower())
        if w and w not in _STOP and not w.isdigit():
            out.append(_stem(singular(w)))
    return out


def _stem(w: str) -> str:
    """One form for a verb's tenses, so "walked" and "walk" match: -ed and -ing dropped (a doubled
    consonant too: "jogged" -> jog), irregular verbs to their past participle (lose -> lost)."""
    if w in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[w]
    for end in ("ing", "ed"):
        if w.endswith(end) and len(w) > len(end) + 3:
            w = w[: -len(end)]
            return w[:-1] if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls" else w
    return w


def words_of(text: str) -> set[str]:
    """The content words of a phrase as a set (:func:`tokens`)."""
    return set(tokens(text))


_ABBREVIATED = {"cm", "m", "km", "mm", "ft", "in", "kg", "g", "mi", "yd", "sq. ft", "lb", "oz"}


def plural(word: str, value) -> str:
    """The unit as the answer says it: 1 foot, 2 feet; 3 baskets; 2 boxes."""
    if value == 1 or not word or word in _ABBREVIATED:
        return word
    if " of " in word:  # "cup of sugar" -> "cups of sugar"
        head, _, rest = word.partition(" of ")
        return f"{plural(head, value)} of {rest}"
    last = word.split()[-1]
    irregular = {"foot": "feet", "child": "children", "person": "people", "man": "men", "woman": "women"}
    if last in irregular:
        return word[: -len(last)] + irregular[last]
    if last.endswith(("s", "sh", "ch", "x")):
        return word if last.endswith("s") and not last.endswith("ss") else word + "es"
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def worked(family: str, names: list[str], equations: list[str], value, unit: str, says: str) -> Solution:
    """The worked solution: the equations the story gave (`names` says what each symbol is), how
    they were solved, then the value with its unit. `value` is an exact SymPy number."""
    sp = sympy_module()
    head = f"The story is a {family} problem; the equations it gives"
    if names:
        head += " (" + "; ".join(names) + ")"
    steps = [head + ":\n\n$$" + r"\\ ".join(equations) + "$$"]
    steps.append(f"Solving them with SymPy: answer $= {sp.latex(value)}$.")
    unit_text = plural(unit, value)
    steps.append(
        f"So the answer ({says}) is **{shown_value(value, unit_text)}{' ' + unit_text if unit_text else ''}**."
    )
    sol = Solution(KIND, equations[-1], steps, sp.latex(value), value)
    sol.unit = unit_text  # type: ignore[attr-defined]
    sol.equations = list(equations)  # type: ignore[attr-defined]
    return sol


# ---------------------------------------------------------------------------------------------
# the ratio reader

_RATIO_OF = re.compile(
    r"\bratio\s+(?:of\s+|representing\s+)?(?P<a>.+?)\s+(?:to|compared\s+to|versus|vs\.?)\s+(?P<b>.+?)"
    r"(?:\s+(?:is|was|are|were|will\s+be|would\s+be)|,)?\s+(?:(?:in\s+)?the\s+ratio\s+)?(?P<p>\d+):(?P<q>\d+)\b"
    r"(?!:)",
    re.I,
)
_IN_RATIO = re.compile(
    r"\b(?:is\s+|are\s+|were\s+|was\s+)?in\s+(?:a\s+|the\s+)?ratio\s+(?:of\s+)?(?P<p>\d+):(?P<q>\d+)\b(?!:)",
    re.I,
)
_PAIR = re.compile(
    r"(?:^|(?<=\bby\s)|(?<=\bof\s))(?P<a>[A-Z][a-z]+(?:'s)?)\s+and\s+(?P<b>[A-Z][a-z]+(?:'s)?)\b"
)
# "Boys and girls are in the ratio 3:4", "A recipe uses flour and sugar in the ratio 5:2"
_NOUN_PAIR = re.compile(
    r"(?:^|\b(?:uses|use|used|mixes|mixed|mix|contains|contain|contained)\s+)(?P<a>[a-z]+(?:\s[a-z]+)?)\s+and\s+"
    r"(?P<b>[a-z]+(?:\s[a-z]+)?)\s+(?:(?:are|were)\s+)?in\s+(?:a\s+|the\s+)?ratio\b",
    re.I,
)
# "girls in a classroom", "cars at the lot": where the parts are, not what they are
_PLACE = re.compile(
    r"\s+(?:in|at|on|inside|from|during)\s+(?:(?:a|an|the|his|her|their|our|my|this|that|one)\b|(?-i:[A-Z][a-z]+'s\b))",
    re.I,
)
_TWO_PIECES = re.compile(
    r"\binto\s+2\s+(?:\w+\s+)?(?P<noun>pieces|parts|portions|groups|sections|lengths)\b", re.I
)
_TOTAL = re.compile(
    r"\b(?:total|combined|altogether|in\s+all|together|originally|original|whole|entire|both)\b", re.I
)
_DIFF = re.compile(r"\bdifference\b|\b(?:more|fewer|less)\b[^.?]*\bthan\b", re.I)
_RATIO_ASKED = re.compile(r"\bratio\b|\bfraction\b|\bpercent", re.I)
_UNIT = re.compile(r"^(?:cm|m|km|mm|inch|inches|feet|foot|ft|yards?|miles?|meters?|centimeters?|kilometers?|"
                   r"dollars?|cents?|pounds?|kg|kilograms?|grams?|liters?|cups?|ounces?|gallons?|minutes?|"
                   r"hours?|seconds?|days?|years?|steps?)\b", re.I)  # fmt: skip


@dataclass
class _Ratio:
    a: set[str]  # the first part's words
    b: set[str]
    p: int
    q: int
    pieces: bool = False  # "into two pieces in the ratio 3:4": parts named longer/shorter
    shown_a: str = "a"
    shown_b: str = "b"


# words that tell of a change or another time: the ratio may not hold for the amount told
_CHANGE = re.compile(
    r"\b(?:more|less|fewer|extra|another|join\w*|leave|leaves|left|arriv\w*|add|adds|added|remov\w*|gave|give|gives|"
    r"took|take|takes|lost|lose|loses|then|later|after|before|now|last|next|ago|year|years|initially|first)\b",
    re.I,
)
_COMPLEMENT = re.compile(
    r"\b(?:kept|keep|left|remaining|rest|not|\w+n't|other|others|lost|lose|loses|without|empty|taken|still)\b",
    re.I,
)


def _partition(r: _Ratio) -> bool:
    """Whether the two parts make up the whole (boys and girls; red and green apples; songs kept
    and deleted), so that the whole is their sum; "apples eaten" to "apples bought" do not."""
    shared = r.a & r.b
    if r.pieces or not shared or _COMPLEMENT.search(r.shown_a) or _COMPLEMENT.search(r.shown_b):
        return True
    for shown, only in ((r.shown_a, r.a - r.b), (r.shown_b, r.b - r.a)):
        toks = tokens(shown)
        first = min((i for i, w in enumerate(toks) if w in shared), default=None)
        # the words that tell the parts apart must come before the noun they share ("red apples")
        if first is None or any(i > first for i, w in enumerate(toks) if w in only):
            return False
    return True


def _side(words: set[str], r: _Ratio, said: str) -> str | None:
    """Which part a phrase names: "a", "b", "total", "difference", or None when it is unclear."""
    if r.pieces:
        if re.search(r"\b(?:longer|longest|larger|largest|bigger|biggest|greater)\b", said, re.I):
            return "a" if r.p > r.q else "b" if r.q > r.p else None
        if re.search(r"\b(?:shorter|shortest|smaller|smallest|lesser)\b", said, re.I):
            return "a" if r.p < r.q else "b" if r.q < r.p else None
    only_a, only_b = r.a - r.b, r.b - r.a
    hit_a, hit_b = bool(words & only_a), bool(words & only_b)
    if _DIFF.search(said):
        return "difference" if (hit_a and hit_b) or r.pieces else None
    if _TOTAL.search(said):
        if hit_a and hit_b:
            return "total"  # "how many cats and dogs altogether"
        return "total" if not (hit_a or hit_b) and _partition(r) else None
    if hit_a and not hit_b:
        return "a"
    if hit_b and not hit_a:
        return "b"
    return None


def read_ratio(text: str) -> Solution | None:
    """A two-part ratio story, or a proportion (:func:`read_proportion`), answered; else None."""
    if not re.search(r"\bratio\b", text, re.I):
        sol = read_proportion(text)
        return sol if sol is not None else read_scaled(text)
    # "the ratio of boys to girls is 3 to 4": the ratio written 3:4
    text = re.sub(
        r"(\bratio\b[^.?!]*?\b(?:is|was|are|were|of)\s+)(\d+)\s+to\s+(\d+)\b(?!\s*:)",
        r"\1\2:\3",
        text,
        flags=re.I,
    )
    st = story(text)
    if st is None or _RATIO_ASKED.search(st.question):
        return None
    if re.search(r"\d+:\d+:\d+", st.text):
        return None  # three parts: not read yet
    pieces = len(_TWO_PIECES.findall(st.text))  # "into 2 pieces": the 2 counts the parts
    if len(st.numbers) != 3 + pieces or pieces > 1 or NUM.search(st.question):
        return None  # the ratio's two terms and one told amount, nothing else
    ratio = None
    rest: list[tuple[str, str | None]] = []
    for sent in st.statements:
        m = _RATIO_OF.search(sent)
        pair = _PAIR.search(sent) or _NOUN_PAIR.search(sent)
        m2 = _IN_RATIO.search(sent)
        if m and ratio is None:
            ta, tb = _PLACE.split(m["a"])[0], _PLACE.split(m["b"])[0]
            ratio = _Ratio(words_of(ta), words_of(tb), int(m["p"]), int(m["q"]), False, ta, tb)
            span = (m.start("p"), m.end("q"))
        elif m2 and ratio is None and (pair or _TWO_PIECES.search(sent)):
            if pair:
                ratio = _Ratio(words_of(pair["a"]), words_of(pair["b"]), int(m2["p"]), int(m2["q"]), False,
                               pair["a"], pair["b"])  # fmt: skip
            else:
                ratio = _Ratio(
                    set(), set(), int(m2["p"]), int(m2["q"]), True, "the first piece", "the second piece"
                )
            span = (m2.start("p"), m2.end("q"))
        else:
            rest.append((sent, None))
            continue
        # what else this sentence tells (a shared total: "shared 24 stickers in the ratio 3:5")
        rest.append((_TWO_PIECES.sub(r"into \g<noun>", sent[: span[0]] + sent[span[1] :]), "ratio"))
    if ratio is None or ratio.p == 0 or ratio.q == 0 or not (ratio.a ^ ratio.b or ratio.pieces):
        return None
    told: list[tuple[str, Fraction, str]] = []  # (side, value, unit)
    for sent, why in rest:
        nums = list(NUM.finditer(sent))
        named = set(tokens(ratio.shown_a + " " + ratio.shown_b))
        if not nums:
            if why is None and QUANTITY.search(sent):
                return None  # a sentence with a quantity word the reader did not place
            if {_stem(w.lower()) for w in _CHANGE.findall(sent)} - named:
                return None  # "... was 3:5 last year": the ratio may not hold now
            continue
        if len(nums) != 1:
            return None
        n = nums[0]
        if why == "ratio" and not re.search(
            r"\b(?:share|shared|split|splits|divide|divided|cut|shares|divides|cuts)\b", sent, re.I
        ):
            return None
        side = "total" if why == "ratio" else _side(words_of(sent), ratio, sent)
        if side is None:
            return None
        changes = {_stem(w.lower()) for w in _CHANGE.findall(sent)} - named
        if changes and not (side == "difference" and changes <= {"more", "less", "fewer"}):
            return None  # "4 more boys join": a change, not how many there are
        um = _UNIT.match(sent[n.end() :].strip())
        told.append((side, Fraction(n.group(0)), um.group(0).lower() if um else ""))
    if len(told) != 1:
        return None
    qwords = words_of(st.question)
    if actions(st.question) - actions(" ".join(st.statements)):
        return None  # "how many did the shop buy" of pens sold: another quantity
    asked = _side(qwords, ratio, st.question)
    side, value, unit = told[0]
    if asked is None or asked == side:
        return None
    if asked in ("a", "b") and re.search(r"\b(?:and|or|plus)\b", st.question, re.I):
        return None  # "how many cats and birds are there?": one part and something else asked
    if asked == "difference" and not re.search(
        r"\bhow\s+(?:many|much)\s+more\b|\bdifference\b", st.question, re.I
    ):
        return None
    return _ratio_solution(ratio, side, value, asked, unit or _noun(st.question))


_VERB = re.compile(
    r"\b(?:did|do|does|were|was|are|is|will|would|can|could|should|must|has|have|had|there|sold|in|on|at|"
    r"that|which|than|of|for|he|she|they|it|you|we|i|to|with|from|if|so|the|a|an|each|both|every|attending|(?-i:[A-Z][a-z]+))\b",
    re.I,
)


def _noun(question: str) -> str:
    """What a "how many ..." question counts, singular ("how many glue bottles did ..." -> glue bottle)."""
    m = re.search(r"\bhow\s+many\s+(?:more\s+)?([a-z][a-z\s-]*)", question, re.I)
    return noun_phrase(m.group(1)) if m else ""


def noun_phrase(words: str) -> str:
    """The noun phrase a text opens with, up to its verb, singular: "glue bottles did the class
    have" -> "glue bottle"; "" when it is longer than 3 words."""
    phrase = _VERB.split(words)[0].strip().lower().split()
    return " ".join([*phrase[:-1], singular(phrase[-1])]) if phrase and len(phrase) <= 3 else ""


def _ratio_solution(r: _Ratio, side: str, value: Fraction, asked: str, unit: str) -> Solution | None:
    sp = sympy_module()
    a, b = sp.symbols("a b", positive=True)
    if r.p == r.q and "difference" in (side, asked):
        return None
    exprs = {"a": a, "b": b, "total": a + b, "difference": a - b if r.p > r.q else b - a}
    eqs = [
        sp.Eq(a / b, sp.Rational(r.p, r.q)),
        sp.Eq(exprs[side], sp.Rational(value.numerator, value.denominator)),
    ]
    sols = sp.solve(eqs, [a, b], dict=True)
    if len(sols) != 1:
        return None
    v = exact_number(exprs[asked].subs(sols[0]))
    if not v.is_Rational or v <= 0 or (not unit or not _UNIT.match(unit)) and not v.is_Integer:
        return None  # a count that comes out fractional: the story was not read as written
    names = [f"$a$ = {r.shown_a}", f"$b$ = {r.shown_b}"]
    lines = [sp.latex(e) for e in eqs]
    lines.append(r"\text{answer} = " + sp.latex(exprs[asked]))
    says = {"a": r.shown_a, "b": r.shown_b, "total": "both parts together", "difference": "the difference"}[
        asked
    ]
    return worked("ratio", names, lines, v, unit, says)


# ---------------------------------------------------------------------------------------------
# proportion: two amounts that go together, scaled

_MONEY = r"(?P<m>\d+(?:\.\d+)?)(?P<cur>\s+dollars)?"  # the front door may have taken the "$" away
_ITEMS = r"(?P<n>\d+(?:\.\d+)?)\s+(?P<x>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})"
_WHO = r"(?:if\s+)?(?:(?-i:[A-Z][a-z]+)\s+|(?:he|she|they|we|i)\s+)?"
_BUY = r"(?:bought|buys|purchased|purchases|paid\s+for|pays\s+for|got)"
_PRICE_PAIR = [
    re.compile(
        rf"^(?:if\s+)?{_ITEMS}\s+(?:cost|costs|sell\s+for|sells\s+for|are\s+sold\s+for)\s+{_MONEY}$", re.I
    ),
    re.compile(rf"^{_WHO}{_BUY}\s+{_ITEMS}\s+for\s+(?:a\s+total\s+of\s+)?{_MONEY}$", re.I),
    re.compile(rf"^{_WHO}(?:paid|pays|spent|spends)\s+{_MONEY}\s+(?:for|on)\s+{_ITEMS}$", re.I),
]
_ASK_PRICE = re.compile(
    r"^how\s+much\s+(?:would|will|do|does|did|should)\s+(?:it\s+cost\s+(?:to\s+buy\s+|for\s+)?)?(?P<n>\d+)\s+"
    r"(?P<x>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}?)(?:\s+cost)?(?:\s+at\s+(?:this|that|the\s+same)\s+(?:rate|price))?\s*\?$",
    re.I,
)


def read_proportion(text: str) -> Solution | None:
    """N items cost $M; the price of K of the same items (a unit price times K)."""
    if not re.search(r"\bcost\b|\bdollars\b|\$", normalise(text)):
        return None
    st = story(text)
    if st is None or len(st.statements) != 1 or len(st.numbers) != 3:
        return None
    said = st.statements[0].rstrip(".").strip()
    pair = next((m for pat in _PRICE_PAIR if (m := pat.match(said))), None)
    ask = _ASK_PRICE.match(st.question)
    if pair is None or ask is None:
        return None
    x, y = pair["x"].lower(), ask["x"].lower()
    if x != y and not (
        y.split() and singular(y.split()[-1]) == singular(x.split()[-1]) and len(y.split()) <= len(x.split())
    ):
        return None  # "12 cost" with the item left out is read below; other items are not
    n, cost, k = Fraction(pair["n"]), Fraction(pair["m"]), Fraction(ask["n"])
    if n == 0:
        return None
    sp = sympy_module()
    u, c = sp.symbols("u c", positive=True)
    R = sp.Rational
    eqs = [
        sp.Eq(R(n.numerator, n.denominator) * u, R(cost.numerator, cost.denominator)),
        sp.Eq(c, R(k.numerator, k.denominator) * u),
    ]
    sol = sp.solve(eqs, [u, c], dict=True)
    if len(sol) != 1:
        return None
    v = exact_number(sol[0][c])
    item = singular(x.split()[-1])
    names = [f"$u$ = the price of 1 {item}", f"$c$ = the price of {k} {plural(item, k)}"]
    unit = "dollar" if pair["cur"] else ""  # "for 105, how much would 12 cost": the currency was not kept
    return worked("proportion", names, [sp.latex(e) for e in eqs], v, unit, "the price")


# ---------------------------------------------------------------------------------------------
# a told pair of amounts scaled: "7 eggs for every 2 cups of flour", "in 3 seconds he dribbles 13
# times; at this rate, how many in 27 seconds?", "a recipe uses 3 cups of sugar for 24 cookies"

_SCALED = re.compile(
    r"\bfor\s+every\b|\bat\s+(?:this|that|the\s+same|a\s+constant|the\s+same\s+constant)\s+(?:rate|speed|pace)\b|"
    r"\bsame\s+rate\b|\brecipe\b|\bscale\b|\brepresents?\b|\bstands?\s+for\b",
    re.I,
)
# who does the work: more of them take less time (inverse, not read here)
_AGENTS = re.compile(
    r"^(?:worker|person|people|man|men|woman|machine|pump|painter|builder|pipe|tap|hose|cook|employee|team|"
    r"friend|student|truck|printer|robot|crew|farmer|volunteer|oven|player|horse|cow|dog|cat)$",
    re.I,
)
_MEASURE = re.compile(
    r"^(?:cup|tablespoon|teaspoon|ounce|gram|kilogram|kg|g|liter|litre|ml|milliliter|pound|lb|gallon|quart|pint|"
    r"dollar|cent|hour|minute|second|day|week|mile|km|kilometer|meter|m|cm|foot|feet|inch|yard|stick)$",
    re.I,
)
_STOPWORD = re.compile(
    r"^(?:in|on|at|for|to|with|from|by|and|or|if|he|she|it|they|will|would|can|could|does|do|did|is|are|was|"
    r"were|each|every|per|of|the|a|an|his|her|their|this|that|same|rate|then|how|many|much|when|while|"
    r"represents?|stands?|equals?|apart|away|long|on|has|have|had)$",
    re.I,
)


def _quantity(text: str, end: int) -> tuple[str, ...] | None:
    """The noun phrase of the amount whose numeral ends at `end`, singular ("2 cups of flour" ->
    (cup, of, flour); "3 red beads" -> (red, bead))."""
    words = re.findall(r"[A-Za-z&][A-Za-z&'-]*", re.split(r"[,.;:?!]", text[end : end + 60])[0])
    out: list[str] = []
    for w in words[:4]:
        if w.lower() == "of" and out and len(out) < 3:
            out.append("of")
            continue
        if _STOPWORD.match(w):
            break
        out.append(w.lower())
    if out and out[-1] == "of":
        out.pop()
    if not out:
        return None
    return (*out[:-1], singular(out[-1])) if "of" not in out else tuple(singular(w) for w in out)


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two amounts are of one kind: the same words, or one names the other's first words
    ("8 bags" and "3 bags of leaves")."""
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _two_apart(text: str) -> str:
    # "Two towns are 7 cm apart": the two things the distance is between, not an amount
    return re.sub(r"\b[Tt]wo\s+(?=[a-z]+\s+(?:are|were|is)\s+[\d.]+\s+[a-z]+\s+apart\b)", "the ", text)


def read_scaled(text: str) -> Solution | None:
    """Two amounts told together and a third of one kind: the other kind, in proportion."""
    if not _SCALED.search(text):
        return None
    if re.search(
        r"\b(?:sides?|square|area|radius|diameter|wide|tall|deep|rectangular|circular)\b|\d+\s+\w+\s+long\b",
        text,
        re.I,
    ):
        return None  # a measure of a shape: what it takes grows with the area, not the side
    st = story(text, _two_apart)
    if st is None or len(st.numbers) != 3:
        return None
    heads = [_quantity(st.text, pos + len(t)) for pos, t in st.numbers]
    if any(h is None for h in heads):
        return None
    if any(_AGENTS.match(w) for h in heads for w in h or ()):
        return None
    # the pair: the two amounts of one statement; the third is scaled
    sent_of = []
    for pos, _ in st.numbers:
        where = [
            i
            for i, sent in enumerate(st.statements)
            if st.text.find(sent) <= pos < st.text.find(sent) + len(sent)
        ]
        sent_of.append(where[0] if where else -1)
    pair = [i for i in range(3) if sent_of.count(sent_of[i]) == 2 and sent_of[i] >= 0]
    if len(pair) != 2:
        return None
    (k_i,) = [i for i in range(3) if i not in pair]
    hx, hy, hk = heads[pair[0]], heads[pair[1]], heads[k_i]
    assert hx is not None and hy is not None and hk is not None
    if _same(hx, hy) or _same(hk, hx) == _same(hk, hy):
        return None
    given, other = (pair[0], pair[1]) if _same(hk, hx) else (pair[1], pair[0])
    want_words = heads[other] or ()
    want = " ".join(want_words)
    head = want_words[0] if "of" in want_words else want_words[-1]
    for sent in st.statements:
        if not NUM.search(sent) and QUANTITY.search(sent) and not _SCALED.search(sent):
            return None
    q = st.question
    m = re.match(r"^how\s+(?:many|much)\s+(?:more\s+)?([a-z&][a-z&' -]*)", q, re.I)
    asked = _quantity(" " + m.group(1), 0) if m else None
    if asked:
        if not _same(asked, want_words) or _same(asked, heads[given] or ()):
            return None
    elif re.match(r"^how\s+far\b", q, re.I):
        if not re.match(r"^(?:mile|km|kilometer|meter|m|foot|feet|yard)$", head):
            return None
    elif re.match(r"^how\s+much\b", q, re.I):
        if head not in ("dollar", "cent"):
            return None
    elif re.match(r"^how\s+long\b", q, re.I):
        if not re.match(r"^(?:hour|minute|second|day|week)$", head):
            return None
    else:
        return None
    x, y, k = (Fraction(st.numbers[i][1]) for i in (given, other, k_i))
    if x == 0:
        return None
    if re.search(r"\bfor\s+every\b", st.text, re.I) and (k / x).denominator != 1:
        return None  # "$1 for every 5 cans", 23 cans: only whole groups may count
    sp = sympy_module()
    r, a = sp.symbols("r a", positive=True)
    R = sp.Rational
    eqs = [
        sp.Eq(r * R(x.numerator, x.denominator), R(y.numerator, y.denominator)),
        sp.Eq(a, r * R(k.numerator, k.denominator)),
    ]
    sol = sp.solve(eqs, [r, a], dict=True)
    if len(sol) != 1:
        return None
    v = exact_number(sol[0][a])
    if not v.is_Rational or (not v.is_Integer and not _MEASURE.match(head)):
        return None  # a count that comes out fractional: not read as written
    given_words = " ".join(heads[given] or ())
    names = [f"$r$ = {plural(want, 2)} for each {given_words}", f"$a$ = the {plural(want, 2)} asked"]
    return worked(
        "proportion", names, [sp.latex(e) for e in eqs], v, want, f"{plural(want, 2)} in proportion"
    )
