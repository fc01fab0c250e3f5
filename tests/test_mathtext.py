import pytest

from tutor.tutoring.mathtext import clean_input, render_markdown


@pytest.mark.parametrize(
    "text",
    [
        "She sells eggs for $2 each and $3 a dozen.",
        "The total is $1,000.",
        "It costs $5 + $3 = $8 in total.",
        "He paid $12.50, then $3.",
        "A $20 bill",
    ],
)
def test_dollar_amounts_stay_text(text):
    out = render_markdown(text)
    assert "\\(" not in out and out.count("$") == text.count("$")


@pytest.mark.parametrize(
    "text, math",
    [
        ("so $x = 5$.", "x = 5"),
        ("half is $\\frac{1}{2}$", "\\frac{1}{2}"),
        ("$5$", "5"),
        ("$2x+1$ and more", "2x+1"),
    ],
)
def test_inline_dollar_math_becomes_katex_inline(text, math):
    assert f"\\({math}\\)" in render_markdown(text)


@pytest.mark.parametrize("text", ["$$x^2$$", "\\[x^2\\]", "\\(x^2\\)"])
def test_other_delimiters_are_kept(text):
    assert render_markdown(text) == text


def test_mixed_currency_and_math():
    out = render_markdown("Eggs cost $2 each, so $9 \\times 2 = 18$ dollars.")
    assert "$2 each" in out and "\\(9 \\times 2 = 18\\)" in out


def test_unbalanced_dollar_and_frac_do_not_break():
    assert render_markdown("unbalanced $x + 1") == "unbalanced $x + 1"
    assert "\\frac{" in render_markdown("$\\frac{1$")


def test_html_is_neutralised_but_comparisons_kept():
    out = render_markdown("<script>alert(1)</script> and <img src=x onerror=alert(1)> if a<b or x < y")
    assert "<script" not in out and "<img" not in out
    assert "x < y" in out


def test_code_is_left_alone():
    assert render_markdown("`$x$` and ```\n$y$\n```") == "`$x$` and ```\n$y$\n```"


def test_control_characters_removed():
    assert clean_input("a\x00b\x07c\nd\te") == "abc\nd\te"
    assert render_markdown("x\x00") == "x"


def test_math_does_not_span_paragraphs():
    out = render_markdown("costs $x\n\nand then y$")
    assert "\\(" not in out
