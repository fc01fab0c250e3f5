# ruff: noqa: E501  (problem texts are kept on one line each)
"""The one-shape geometry reader (tutor.math.wordproblems.shapes), from examples written here in
several phrasings: area, perimeter, a side from an area or a perimeter, fencing around, volume,
triangles and circles (pi only as the story gives it); refused for two shapes, mixed units, a number
without a role, a sentence that changes the shape, money, or a circle without a value of pi."""

from __future__ import annotations

import pytest

from tutor.math import solve
from tutor.math.wordproblems.shapes import read_shape


@pytest.mark.parametrize(
    "text, value, unit",
    [
        # rectangles, their measures told in several ways
        ("A rectangular garden is 12 m long and 5 m wide. What is its area?", 60, "square meters"),
        ("A poster measures 3 feet by 2 feet. What is its perimeter?", 10, "feet"),
        (
            "The length of a table is 9 feet and its width is 4 feet. What is the area of the table?",
            36,
            "square feet",
        ),
        (
            "A rectangular garden is 12 m long and 5 m wide. How much fencing is needed to go around it?",
            34,
            "meters",
        ),
        (
            "A rectangle has an area of 48 square inches and a width of 6 inches. What is its perimeter?",
            28,
            "inches",
        ),
        ("A rug has an area of 54 sq. ft. It is 9 ft long. How wide is the rug?", 6, "feet"),
        (
            "The perimeter of a rectangular pen is 30 yards. The pen is 6 yards wide. How long is it?",
            9,
            "yards",
        ),
        (
            "Lee used 40 meters of fencing to enclose a rectangular yard. The length of the yard is 12 meters. How wide is the yard?",
            8,
            "meters",
        ),
        # squares and regular polygons
        ("A square has a perimeter of 36 cm. What is its area?", 81, "square centimeters"),
        ("A square tile has an area of 49 square inches. How long is each side?", 7, "inches"),
        ("Each side of a square table is 5 feet long. What is the table's perimeter?", 20, "feet"),
        ("The perimeter of a regular hexagon is 48 cm. What is the length of each side?", 8, "centimeters"),
        (
            "A sign is shaped like an equilateral triangle. Its perimeter is 27 inches. How long is each side?",
            9,
            "inches",
        ),
        # triangles, parallelograms, circles with pi given, boxes
        ("A triangle has a base of 10 cm and a height of 6 cm. What is its area?", 30, "square centimeters"),
        (
            "The area of a triangle is 24 square meters. Its base is 8 meters. What is its height?",
            6,
            "meters",
        ),
        (
            "A parallelogram has a base of 7 inches and an area of 56 square inches. What is its height?",
            8,
            "inches",
        ),
        ("A circle has a radius of 5 cm. Use 3.14 for pi. What is its area?", 78.5, "square centimeters"),
        ("A wheel has a diameter of 10 inches. Using pi = 3.14, what is its circumference?", 31.4, "inches"),
        ("A box is 4 feet long, 3 feet wide and 2 feet high. What is its volume?", 24, "cubic feet"),
        ("A cube has edges that are 4 inches long. What is its volume?", 64, "cubic inches"),
        (
            "A room is 12 feet long and 10 feet wide. How many square feet of carpet cover the floor?",
            120,
            "square feet",
        ),
        # the shape told in the question itself
        ("Find the perimeter of a rectangle whose length is 8 m and width is 3 m.", 22, "meters"),
        ("What is the area of a rectangle that is 5 cm by 3 cm?", 15, "square centimeters"),
        (
            "What is the area of a triangle with a base of 6 cm and a height of 4 cm?",
            12,
            "square centimeters",
        ),
        # a rectangle's sides related, one measure told
        (
            "A rectangle is 8 cm long. Its width is half its length. What is its area?",
            32,
            "square centimeters",
        ),
        (
            "The length of a rectangle is 3 times its width. The perimeter is 48 cm. What is the width?",
            6,
            "centimeters",
        ),
        (
            "A patio is three times as long as it is wide. Its perimeter is 64 feet. How long is the patio?",
            24,
            "feet",
        ),
        (
            "A garden is 10 m wide. Its length is 4 m more than its width. What is its perimeter?",
            48,
            "meters",
        ),
        (
            "A rectangle has an area of 100 m2 and its length is four times its width. What is its length?",
            20,
            "meters",
        ),
    ],
)
def test_one_shape_stories(text, value, unit):
    sol = read_shape(text)
    assert sol is not None, text
    assert float(sol.answer) == value and sol.unit == unit
    assert "=" in sol.equations[0] and sol.equations[-1].startswith(r"\text{answer}")


@pytest.mark.parametrize(
    "text",
    [
        # two shapes, or two measures of one kind
        "A rectangle is 12 m long and 5 m wide. A square has sides of 4 m. What is the area of the rectangle?",
        "A square is 5 cm long and 7 cm wide. What is its area?",
        # mixed units, money, a number without a role
        "A rectangular garden is 12 m long and 500 cm wide. What is its area?",
        "A rectangular garden is 12 m long and 5 m wide. Fencing costs $3 per meter. How much will the fencing cost?",
        # (round 2: "ran around the field 3 times. How far?" is answered: test_distance_k_times_around)
        # one side of a rectangle told with the perimeter: the width asked may be that side
        "The distance around a rectangular garden is 36 feet. One side measures 10 feet. What is the width of the garden?",
        # a sentence that changes or relates the measures
        "The length of a rectangle is 2 m less than twice its width. Its width is 5 m. What is its area?",
        "A rectangle is 8 cm long. Its width is half its length. A square is 3 cm wide. What is the area of the rectangle?",
        # (round 2: "enlarges it by doubling the sides. What is the new area?" is answered: test_every_side_scaled)
        "The area of a square photo is 25 square inches. Ann enlarges it by doubling the sides. What is the new side?",
        # not one number asked, angles, a triangle that is not equilateral, a circle without pi given
        "A rectangle has a perimeter of 20 m. What is the length and the width?",
        "In an isosceles triangle one angle is 40 degrees. Find the base angles.",
        "A triangle has a perimeter of 30 cm. How long is each side?",
        "A circle has a radius of 5 cm. What is its area?",
        # another unit asked, a diagonal asked
        "A room is 12 feet long and 10 feet wide. What is the area of the room in square yards?",
        "A square garden has a perimeter of 40 m. What is the length of its diagonal?",
        # 3 measures of a box, the area asked: which face?
        "A rectangular pool is 10 m long, 4 m wide and 2 m deep. What is its area?",
    ],
)
def test_shapes_not_accounted_for_are_refused(text):
    assert read_shape(text) is None


@pytest.mark.parametrize(
    "text, value",
    [
        (
            "A kitchen floor is 12 feet by 10 feet. Each tile is 1 foot by 2 feet. How many tiles are needed to cover the floor?",
            60,
        ),
        (
            "A rectangular room is 12 feet long and 10 feet wide. How many square tiles of 2 feet on each side cover the floor?",
            30,
        ),
        (
            "A floor is 10 m long and 8 m wide. Tiles are 50 cm on each side. How many tiles cover the floor?",
            320,
        ),
        (
            "A wall is 6 feet tall and 9 feet long. Each tile is 3 inches square. How many tiles cover the wall?",
            864,
        ),
    ],
)
def test_tiles_covering_a_floor(text, value):
    sol = read_shape(text)
    assert sol is not None, text
    assert sol.answer == value and sol.unit == "tiles"
    assert "a n = A" in sol.equations


@pytest.mark.parametrize(
    "text",
    [
        # tiles would have to be cut
        "A patio is 9 feet by 7 feet. Square tiles have sides of 2 feet. How many tiles cover it?",
        # a number the reader did not place
        "A floor is 12 feet by 10 feet. Each tile is 2 feet by 2 feet. 5 tiles are broken. How many tiles are needed?",
        # "6 square inches" is said of 6-inch squares too: not one reading
        "Each tile is 6 square inches. A kitchen is 48 inches by 72 inches. How many tiles cover the kitchen floor?",
    ],
)
def test_tiles_not_one_reading_are_refused(text):
    assert read_shape(text) is None


def test_the_front_door_answers_a_shape_story():
    sol = solve("A sandbox is 6 feet long and 4 feet wide. What is the area of the sandbox?")
    assert sol.ok and sol.answer == 24 and sol.unit == "square feet"
    assert "l w" in sol.steps[0] or "w l" in sol.steps[0]


# ---- round 2: k times around a shape, the distance around named before its shape


@pytest.mark.parametrize(
    "text, value, unit",
    [
        (
            "The length of a rectangular field is 75 meters. Its width is 15 meters. Sofie ran around the field 3 times. How far did she run?",
            540,
            "meters",
        ),
        (
            "A square park has sides of 200 meters. Tom walked around the park twice. How many meters did Tom walk?",
            1600,
            "meters",
        ),
        (
            "A rectangular pool is 25 meters long and 10 meters wide. Ana swam around it 4 times. What distance did she swim?",
            280,
            "meters",
        ),
        # one side with the perimeter: the area is the same whichever side it is
        (
            "The distance around a rectangular garden is 36 feet. One side measures 10 feet. What is the area of the garden?",
            80,
            "square feet",
        ),
    ],
)
def test_distance_k_times_around_and_distance_around(text, value, unit):
    sol = read_shape(text)
    assert sol is not None, text
    assert sol.answer == value and sol.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        # not the distance asked
        "A rectangular pool is 25 meters long and 10 meters wide. Ana swam around it 4 times. How long is the pool?",
        # a number without a role
        "A rectangular pool is 25 meters long and 10 meters wide. Ana swam around it 4 times in 3 minutes. What distance did she swim?",
        # a circle without pi given
        "A circular track has a radius of 10 meters. Ana ran around it 4 times. How far did she run?",
        # another unit asked, laps asked
        "A square park has sides of 200 meters. Tom walked around the park twice. How many feet did Tom walk?",
        "A square park has sides of 200 meters. Tom walked around the park twice. How many laps did Tom walk?",
    ],
)
def test_laps_not_read_whole_are_refused(text):
    assert read_shape(text) is None


@pytest.mark.parametrize(
    "text, value, unit",
    [
        (
            "The area of a square photo is 25 square inches. Ann enlarges it by doubling the sides. What is the new area?",
            100,
            "square inches",
        ),
        ("A square has a side of 4 cm. The sides are tripled. What is the new perimeter?", 48, "centimeters"),
        (
            "A rectangle is 6 m long and 4 m wide. Each side is halved. What is the new area?",
            6,
            "square meters",
        ),
    ],
)
def test_every_side_scaled(text, value, unit):
    sol = read_shape(text)
    assert sol is not None, text
    assert sol.answer == value and sol.unit == unit


@pytest.mark.parametrize(
    "text",
    [
        # the scaled shape's area asked without "new": which one?
        "A rectangle is 6 m long and 4 m wide. Each side is doubled. What is the area?",
        # only one side scaled
        "A rectangle is 6 m long and 4 m wide. Its length is doubled. What is the new area?",
    ],
)
def test_a_scaling_not_of_every_side_is_refused(text):
    assert read_shape(text) is None
