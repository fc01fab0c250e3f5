"""Arithmetic statements with unit words between the operands (tutor.math.calculation_units):
read where the words only name what each number counts, skipped wherever they may change the
arithmetic (a false "calculation error" under a right line is the worst outcome)."""

from fractions import Fraction

import pytest

from tutor.math.calculations import check_calculations
from tutor.math.checks import calculation_verdict

# (statement, the left side's value): each is read, once, and is right
READ_RIGHT = [
    ("So he has 60 toys / 2 = 30 toys left.", 30),
    ("3 boxes x 4 pens = 12 pens", 12),
    ("She pays 5 dollars * 3 = 15 dollars in all.", 15),
    ("He drives 2 hours * 30 miles/hour = 60 miles.", 60),
    ("He drives 30 miles per hour * 2 hours = 60 miles.", 60),
    ("She eats 3 apples a day * 7 days = 21 apples.", 21),
    ("The cost for 3 adults will be $12/adult x 3 adults = $36", 36),
    ("First convert the length to inches: 15 feet * 12 inches/foot = 180 inches", 180),
    ("In total, Steven will collect 24 seeds + 6 seeds + 27 seeds = 57 seeds.", 57),
    ("Then 7 days/week - 3 days/week = 4 days/week are left.", 4),
    ("The total is $4 + $12 + $2.50 = $18.50", Fraction(37, 2)),
    ("He earns $5 \\text{ per hour} \\times 3 \\text{ hours} = \\$15", 15),
    ("Each hour Jimmy makes 60min ÷ 10min/pizza = 6 pizzas", 6),
    ("Total = 5 red apples * 2 = 10 red apples", 10),
    ("Jackie climbed 2 trees that were 1/2 * 1000 feet = 500 feet tall each.", 500),
    ("His speed was 6 km/ 1/30 hour = 180 kilometers per hour.", 180),
    ("Cloves: 30 vampires * 3 cloves / 2 vampires = 45 cloves", 45),
    ("The mice: 52 weeks/year / 4 weeks/mouse = 13 mice/year", 13),
    ("She drives 60 mph * 2 hours = 120 miles", 120),
    ("They close at 60 mph + 40 mph = 100 mph", 100),
    ("A 20% tip on $50 * 0.2 = $10", 10),
    ("He ran 3 miles a day * 7 days = 21 miles", 21),
    ("80% * 20 votes = 16 votes", 16),
    ("So 12 female lions + 24 male lions = 36 lions", 36),
    ("He bought 48 croissants / 12 = 4 dozen croissants", 4),  # agrees as written
]


@pytest.mark.parametrize("text,value", READ_RIGHT)
def test_read_and_right(text, value):
    report = check_calculations(text)
    assert report.checked == 1, text
    calc = report.calculations[0]
    assert calc.ok and calc.value == value, (text, calc)
    assert calculation_verdict(text).status == "calculations_checked"


# (statement, what the left side gives): each is read, once, and is wrong
READ_WRONG = [
    ("So he has 60 toys / 2 = 33 toys left.", "30"),
    ("3 boxes x 4 pens = 13 pens", "12"),
    ("5 dollars * 3 = 16 dollars", "15"),
    ("2 hours * 30 miles/hour = 61 miles", "60"),
    ("James has 28 marbles - 7 marbles = 22 marbles remaining.", "21"),
    ("The cost for 3 children will be $10/child x 3 children = $33", "30"),
    ("Then convert: 10 feet * 12 inches/foot = 110 inches", "120"),
    ("Then divide: 8 inches / 3 = 2.5 inches", "2.67…"),
    ("Height of the second bounce = 24 feet - 24 feet = 2 feet", "0"),
    ("There are 20 - 4 = 12 pairs of pencils.", "16"),  # 12 pairs is 24 either way
    ("So, 40 miles / 2 hours = 2 hours.", "20"),
]


@pytest.mark.parametrize("text,expected", READ_WRONG)
def test_read_and_wrong_names_the_right_value(text, expected):
    report = check_calculations(text)
    assert report.checked == 1, text
    bad = report.first_error
    assert bad is not None and bad.correct_text == expected, (text, bad)


def test_the_first_wrong_line_of_a_reply_is_located_with_its_value():
    reply = (
        "Lydia uses 60 liters of fuel / 3 = 20 liters of fuel in the second third.\n"
        "In the last third she uses 20 liters / 2 = 12 liters of fuel.\n"
        "In all she uses 20 liters + 10 liters = 30 liters."
    )
    verdict = calculation_verdict(reply)
    assert verdict.status == "calculation_error"
    assert verdict.line == 2 and verdict.expected == "10"
    assert "20 / 2 = 10" in verdict.message and "not $12$" in verdict.message


# each would be a false "calculation error" if read as the bare numbers' arithmetic
SKIPPED = {
    "a scale word: dozen": "3 dozen eggs / 2 = 18 eggs",
    "a scale word: hundred": "2 hundred toys / 5 = 40 toys",
    "a scale word: percent": "20 percent * 50 students = 10 students",
    "a scale word: pairs": "3 pairs * 2 = 12 socks",
    "a scale word before the number": "Half of 60 toys / 2 = 15 toys",
    "+ between different units": "2 hours + 30 minutes = 150 minutes",
    "+ between different things": "2 boxes + 3 pens = 27",
    "+ whose result counts something else": "3 boxes + 2 boxes = 60 pens",
    "+ whose result is money": "3 boxes + 2 boxes = $10",
    "+ of a bare number to a measure": "It took 2 hours + 30 = 2.5 hours",
    "+ of a bare number, result in another unit": "2 hours + 30 = 150 minutes",
    "+ whose result counts another unit": "4 nickels + 5 nickels = 45 cents",
    "/ between two units of one dimension": "5 feet / 12 inches = 5 inches",
    "* that changes the unit without a rate": "1 hour * 30 = 1800 seconds",
    "* whose result is in other money": "20 cents * 5 = $1",
    "a compound quantity": "It takes 1 hour 30 minutes * 2 = 180 minutes",
    "the grouping of / then * is not written": "60 toys / 2 kids * 3 = 10 toys",
    "+ mixed with * between words": "2 boxes * 3 + 4 boxes = 14 boxes",
    "per with a number": "$5 per 2 hours * 3 = $15",
    "an unknown: 3y": "So 3y + 10 + 20 = 45",
    "an unknown after units": "3y + 10 apples + 20 apples = 45 apples",
    "a single letter as a word": "3 x + 4 apples = 10 apples",
    "times as a word": "2 times 3 apples + 1 apple = 7 apples",
    "a variable operand": "5 apples * n = 20 apples",
    "a time of day": "11 am + 3 = 2 pm",
    "a mixed number": "2 1/2 hours * 2 = 5 hours",
    "a percent on the right": "50 students * 20% = 10%",
    "a result scaled by a word": "1200 people * 1000 = 1.2 million people",
    "a result in dozens": "24 eggs / 2 = 1 dozen",
    "a compound result": "90 minutes / 60 = 1 hour 30 minutes",
    "a remainder": "10 apples / 4 = 2 remainder 2",
    "whole parts with a remainder": "8 slices / 3 people = 2 slices each with 2 left over",
    "a number tied to one before it": "There are 60 minutes in 1 hour * 2 = 120",
    "a ratio": "3 in 4 people * 20 = 15 people",
    "a one-letter unit in the result": "100 cm / 2 = 0.5 m",
    "a percent of the amount in a sum": "$50 - 10% = $45",
}


@pytest.mark.parametrize("text", list(SKIPPED.values()), ids=list(SKIPPED))
def test_skipped_where_the_words_may_change_the_arithmetic(text):
    report = check_calculations(text)
    assert report.first_error is None, (text, report.first_error)
    assert report.checked == 0, (text, report.calculations)


def test_plain_statements_read_as_before():
    assert check_calculations("$5 x 3 = $16").first_error.correct_text == "15"
    assert check_calculations("60 / 2 = 33 toys").first_error.correct_text == "30"
    assert check_calculations("So 7*2=14 billion miles.").calculations[0].ok
    # a scaled result that disagrees only unscaled is not called wrong
    assert check_calculations("7*2=14 billion miles").first_error is None
    assert check_calculations("7*2=15 billion miles").first_error.correct_text == "14"
    # "times" after a result counts occasions; only "3 times 4" goes on with the value
    assert check_calculations("He debugged it 4300 / 100 = 42 times.").first_error.correct_text == "43"
    assert check_calculations("so she washes them 52/4 = 13 times per year").calculations[0].ok
    assert check_calculations("6 * 2 = 3 times 4").checked == 0
