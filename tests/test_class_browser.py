"""Browser: the Class tab on a public app in Debian's Chromium. A teacher creates a class; a
student is refused a bad code and an HTML name, joins, solves in the Tutor, practises, and sees
mastery bars whose values are BKT's for their answers; the teacher's heatmap shows the same
values; deleting the student says what was deleted."""

import re

import pytest

from tests.conftest import REPO, AppProcess
from tests.test_browser import ARGS, CHROMIUM  # noqa: F401 - skips/raises as that module does without Chromium
from tutor.classroom.mastery import mastery
from tutor.math import solve

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TEACHER, STUDENT = ("teach", "tpw-123"), ("ann", "apw-123")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    runs = tmp_path_factory.mktemp("class-runs")
    proc = AppProcess(
        "--engine",
        "symbolic",
        "--classes",
        "--public",
        "--runs-dir",
        str(runs),
        env={
            "TUTOR_AUTH": f"{TEACHER[0]}:{TEACHER[1]},{STUDENT[0]}:{STUDENT[1]}",
            "TUTOR_TEACHERS": TEACHER[0],
        },
    )
    proc.runs = runs
    yield proc
    proc.stop()


@pytest.fixture()
def browser(app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _page(browser, app, user):
    page = browser.new_context(viewport={"width": 1280, "height": 1100}).new_page()
    page.request.post(app.url + "login", form={"username": user[0], "password": user[1]})
    page.goto(app.url)
    page.get_by_role("tab", name="Class").click()
    return page


def _wait_text(page, selector, pattern, timeout=30000):
    page.wait_for_function(
        "([s, p]) => new RegExp(p).test(document.querySelector(s)?.innerText || '')",
        arg=[selector, pattern],
        timeout=timeout,
    )
    return page.inner_text(selector)


def _bar(page, skill):
    """(data-mastery, fill width %, shown text) of the student's bar for `skill`."""
    bar = page.locator(f"#class-bars .mbar[data-skill='{skill}']")
    width = bar.locator(".mbar-fill").evaluate("e => e.style.width")
    return float(bar.get_attribute("data-mastery")), width, bar.locator(".mbar-value").inner_text()


def test_teacher_and_student_paths(browser, app):
    teacher = _page(browser, app, TEACHER)
    teacher.fill("#class-new-name textarea", "Maths 7B")
    teacher.click("#class-create")
    code = re.search(r"Join code: ([A-Z2-9]{6})", _wait_text(teacher, "#class-created", "Join code")).group(1)

    student = _page(browser, app, STUDENT)
    assert not student.locator("#class-teacher").is_visible()  # a public app's student: no dashboard
    student.fill("#class-code textarea", "ZZZZZZ")
    student.fill("#class-name textarea", "Ann")
    student.click("#class-join")
    assert "No class has the join code ZZZZZZ" in _wait_text(student, "#class-status", "No class")
    student.fill("#class-code textarea", code.lower())
    student.fill("#class-name textarea", "<img src=x onerror=alert(1)>")
    student.click("#class-join")
    assert "may not contain <, > or &" in _wait_text(student, "#class-status", "may not contain")
    student.fill("#class-name textarea", "Ann")
    student.click("#class-join")
    _wait_text(student, "#class-status", "You are in Maths 7B as Ann")

    # a problem solved in the Tutor tab starts the skill
    student.get_by_role("tab", name="Tutor").click()
    student.fill("#tutor-input textarea", "Solve 3x + 7 = 22")
    student.click("#tutor-send")
    _wait_text(student, "#tutor-chat", "final answer")
    student.get_by_role("tab", name="Class").click()

    answers = []
    for right in (True, False):
        student.click("#class-next")
        shown = _wait_text(student, "#class-problem", "level").split(":", 1)[1].strip()
        sol = solve(shown)
        assert sol.ok and sol.kind == "linear_equation", shown
        value = sol.answer_latex.split("=")[1].strip()
        student.fill("#class-answer textarea", value if right else value + "1")
        student.click("#class-check")
        _wait_text(student, "#class-feedback", "Right" if right else "Not yet")
        answers.append(right)
        expected = mastery(answers)  # BKT with the defaults (too little data to fit)
        student.wait_for_function(
            '(m) => Math.abs(parseFloat(document.querySelector("#class-bars .mbar")?.dataset.mastery) - m) < 1e-3',
            arg=expected,
            timeout=30000,
        )
        got, width, text = _bar(student, "linear_equation")
        assert got == pytest.approx(expected, abs=1e-3)
        assert width == f"{round(100 * expected)}%" and text == f"{round(100 * expected)}%"
    student.reload()  # the membership survives a reload (kept in the browser)
    student.get_by_role("tab", name="Class").click()
    _wait_text(student, "#class-status", "You are in Maths 7B as Ann")
    assert _bar(student, "linear_equation")[0] == pytest.approx(mastery(answers), abs=1e-3)
    artifacts = REPO / "tests" / "_artifacts"
    artifacts.mkdir(exist_ok=True)
    student.screenshot(path=str(artifacts / "class-student.png"), full_page=True)

    teacher.click("#class-refresh")
    cell = teacher.locator("#class-heatmap td.mastery-cell[data-student='Ann'][data-skill='linear_equation']")
    cell.wait_for(timeout=30000)
    assert float(cell.get_attribute("data-mastery")) == pytest.approx(mastery(answers), abs=1e-3)
    assert cell.inner_text() == f"{round(100 * mastery(answers))}%"
    assert "rgb(" in cell.evaluate("e => getComputedStyle(e).backgroundColor")
    assert "Ann" in teacher.inner_text("#class-counts")
    teacher.screenshot(path=str(artifacts / "class-teacher.png"), full_page=True)

    teacher.click("#class-delete-pick input")
    teacher.locator("ul[role=listbox] li, [role=option]").filter(has_text="Ann").first.click()
    teacher.click("#class-delete")
    said = _wait_text(teacher, "#class-deleted", "Deleted")
    assert "Deleted Ann: the student record, 3 attempts" in said
    _wait_text(teacher, "#class-heatmap", "No students yet")
