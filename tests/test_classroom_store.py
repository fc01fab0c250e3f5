"""The class database: Alembic schema = the models, WAL, the one writer path under 30 students at
once, what is stored (and what is not), clear refusals, deletion, the CSV export, the dashboard,
and a process killed mid-write."""

import csv
import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.conftest import REPO
from tutor.classroom import dashboard
from tutor.classroom.models import Base
from tutor.classroom.store import ClassError, ClassStore
from tutor.settings import parse_args


@pytest.fixture()
def store(tmp_path):
    s = ClassStore(f"sqlite:///{tmp_path / 'classes.db'}")
    yield s
    s.close()


def test_migrations_make_exactly_the_models_schema_in_wal_mode(store):
    with store.db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert store.db.journal_mode() == "wal"
    assert {"classes", "students", "attempts", "skill_params", "alembic_version"} <= set(store.db.tables())


def test_classes_are_off_by_default_and_the_default_database_is_in_the_runs_folder(tmp_path):
    assert parse_args([], env={}).classes is False
    on = parse_args(["--classes", "--runs-dir", str(tmp_path)], env={})
    assert on.classes and on.class_db is None
    assert (
        parse_args([], env={"TUTOR_CLASSES": "1", "TUTOR_CLASS_DB": "postgresql://x/y"}).class_db
        == "postgresql://x/y"
    )


REFUSALS = [
    ("ZZZZZZ", "Bob", "No class has the join code ZZZZZZ"),
    ("abc", "Bob", "A join code is 6 letters and digits"),
    ("", "Bob", "Type the class's join code"),
    (None, "x" * 41, "41 characters long; the limit is 40"),
    (None, "<img src=x onerror=alert(1)>", "may not contain <, > or &"),
    (None, "Tom & Jerry", "may not contain <, > or &"),
    (None, "   ", "is empty"),
    (None, "Bo\u202eb", "control characters"),
    (None, "ADA", "already called 'ADA'"),
]


def test_join_refusals_say_what_to_change(store):
    room = store.create_class("7B", "local")
    store.join(room.join_code, "Ada")
    for code, name, says in REFUSALS:
        with pytest.raises(ClassError, match=says.replace("(", r"\(")):
            store.join(room.join_code if code is None else code, name)
    assert [s.display_name for s in store.students(room.id)] == ["Ada"]
    with pytest.raises(ClassError, match="The class name is 81 characters long"):
        store.create_class("c" * 81, "local")


def test_join_forgives_case_and_spaces_and_the_token_is_the_member(store):
    room = store.create_class("7B", "local")
    code = room.join_code
    member, token = store.join(f" {code[:3].lower()} {code[3:]} ", "  Ada   Lovelace ")
    assert member.name == "Ada Lovelace" and member.class_name == "7B"
    assert store.member(token) == member
    assert store.member("not-a-token-but-long-enough-xxxxxxxx") is None and store.member(None) is None


def test_the_reply_is_stored_only_with_chat_logging_and_hints_are_counted(store):
    quiet = store.create_class("quiet", "local", chat_logging=False)
    logged = store.create_class("logged", "local", chat_logging=True)
    a, _ = store.join(quiet.join_code, "Ann")
    b, _ = store.join(logged.join_code, "Ben")
    for m in (a, b):
        store.record(m, "hint", "linear_equation", "Solve 2x = 4", verdict="hint", reply="Divide by 2.")
        store.record(m, "hint", "linear_equation", "Solve 2x = 4", verdict="hint", leaked=True, reply="x = 2")
        store.record(m, "check", "linear_equation", "Solve 2x = 4", "x = 2", "verified", True, reply="right")
    qa, la = store.attempts(quiet.id), store.attempts(logged.id)
    assert [x.reply for x in qa] == [None, None, None]
    assert [x.reply for x in la] == ["Divide by 2.", "x = 2", "right"]
    assert qa[-1].hints_used == 2 and qa[-1].answer == "x = 2" and qa[-1].verdict == "verified"
    assert qa[-1].time is not None and qa[-1].skill == "linear_equation"


def test_delete_a_student_says_what_was_deleted_and_leaves_the_others(store):
    room = store.create_class("7B", "local", chat_logging=True)
    ann, ann_token = store.join(room.join_code, "Ann")
    ben, _ = store.join(room.join_code, "Ben")
    for _ in range(3):
        store.record(ann, "practice", "arithmetic", "2 + 3", "5", "right", True)
    store.record(ann, "solve", "derivative", "derivative of x^2", verdict="wrong", reply="3x")
    store.record(ben, "practice", "arithmetic", "2 + 3", "6", "wrong", False)
    gone = store.delete_student(room.id, ann.student_id)
    assert gone == {"name": "Ann", "attempts": 4, "replies": 1, "skills": ["arithmetic", "derivative"]}
    assert store.member(ann_token) is None
    assert [a.student_id for a in store.attempts(room.id)] == [ben.student_id]
    with pytest.raises(ClassError, match="no longer in this class"):
        store.record(ann, "practice", "arithmetic", "1 + 1", "2", "right", True)
    with pytest.raises(ClassError, match="not in this class"):
        store.delete_student(room.id, ann.student_id)
    other = store.create_class("8C", "someone-else")
    with pytest.raises(ClassError, match="not one of yours"):
        store.delete_student(other.id, ben.student_id, teacher="local")


def test_csv_export_neutralises_formulas(store):
    room = store.create_class("7B", "local")
    m, _ = store.join(room.join_code, "=cmd|' /C calc'!A0")
    store.record(m, "practice", "arithmetic", '=HYPERLINK("http://x")', "+1+1", "wrong", False)
    store.record(m, "practice", "arithmetic", "2 - 5", "-3", "right", True)
    rows = list(csv.DictReader(io.StringIO(dashboard.export_csv(store, room.id))))
    assert rows[0]["student"].startswith("'=") and rows[0]["problem"].startswith("'=")
    assert rows[0]["answer"] == "'+1+1" and rows[0]["correct"] == "0"
    assert rows[1]["answer"] == "-3"  # a number stays a number


def test_thirty_students_answering_at_once_lose_no_attempt(store):
    room = store.create_class("big class", "local")
    members = [store.join(room.join_code, f"Student {i}")[0] for i in range(30)]
    per_student = 10
    start = threading.Barrier(30)
    errors = []
    writers = set()  # the threads that flushed a write: one writer path, whatever the callers

    @event.listens_for(Session, "before_flush")
    def _who(*_args):
        writers.add(threading.current_thread().name)

    def answer(m):
        start.wait()
        try:
            for k in range(per_student):
                store.record(m, "practice", "arithmetic", f"{k} + 1", str(k + 1), "right", k % 3 != 0)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    event.remove(Session, "before_flush", _who)
    assert not errors
    assert writers == {"class-db-writer"}
    rows = store.attempts(room.id)
    assert len(rows) == 30 * per_student
    for m in members:  # each student's answers all there, in the order given
        mine = [r.problem for r in rows if r.student_id == m.student_id]
        assert mine == [f"{k} + 1" for k in range(per_student)]


def test_mastery_uses_the_class_fit_once_there_is_enough_data(store):
    from tutor.classroom.mastery import DEFAULTS, MIN_FIT_STUDENTS, BKTParams, simulate

    room = store.create_class("7B", "local")
    truth = BKTParams(0.5, 0.1, 0.05, 0.25)
    answers, _ = simulate(truth, 12, 10, seed=3)
    members = [store.join(room.join_code, f"S{i}")[0] for i in range(12)]
    for i in range(MIN_FIT_STUDENTS - 1):  # too few students: the defaults stay
        for right in answers[i]:
            store.record(members[i], "practice", "arithmetic", "p", "a", "", bool(right))
    assert store.refit(room.id) == {} and store.params(room.id) == {}
    for i in range(MIN_FIT_STUDENTS - 1, 12):
        for right in answers[i]:
            store.record(members[i], "practice", "arithmetic", "p", "a", "", bool(right))
    fitted = store.refit(room.id)["arithmetic"]
    assert store.params(room.id)["arithmetic"] == fitted and fitted != DEFAULTS
    assert fitted.p_slip > DEFAULTS.p_slip  # this class slips more than the defaults assume


def test_assigned_skills_reach_the_student(store):
    from tutor.classroom.selection import ranked_skills

    room = store.create_class("7B", "local")
    _, token = store.join(room.join_code, "Ann")
    assert store.member(token).assigned == ()
    store.set_options(room.id, None, chat_logging=True, assigned=["expand", "derivative"])
    member = store.member(token)
    assert member.assigned == ("derivative", "expand") and member.chat_logging
    assert ranked_skills({}, set(), member.assigned) == ["derivative", "expand"]
    with pytest.raises(ClassError, match="not one of yours"):
        store.set_options(room.id, "someone-else", False, [])


def test_dashboard_finds_who_is_stuck_and_the_flagged_replies(store):
    room = store.create_class("7B", "local")
    ann, _ = store.join(room.join_code, "Ann")
    ben, _ = store.join(room.join_code, "Ben")
    cat, _ = store.join(room.join_code, "Cat")
    for _ in range(3):
        store.record(ann, "practice", "percentage", "p", "a", "wrong", False)
        store.record(ben, "hint", "derivative", "d", verdict="hint", leaked=True)
    store.record(cat, "practice", "percentage", "p", "a", "wrong", False)
    store.record(cat, "practice", "percentage", "p", "a", "wrong", False)
    store.record(cat, "practice", "percentage", "p", "a", "right", True)
    store.record(cat, "solve", "linear_equation", "Solve 2x = 4", verdict="calculation_error")
    store.record(cat, "solve", "linear_equation", "Solve 2x = 5", verdict="verified")
    d = dashboard.build(store, room.id)
    assert d.stuck == [
        ("Ann", "percentage", "3 wrong in a row"),
        ("Ben", "derivative", "3 hints without a right answer"),
    ]
    assert [(f["student"], f["verdict"], f["problem"]) for f in d.flagged] == [
        ("Cat", "calculation_error", "Solve 2x = 4")
    ]
    assert d.hints == {"Ben": 3} and d.leaks == {"Ben": 3}
    assert d.mastery[(ann.student_id, "percentage")] < d.mastery[(cat.student_id, "percentage")]


def test_a_database_that_cannot_be_opened_is_refused_without_showing_its_password(tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(ClassError, match="could not be opened"):
        ClassStore(f"sqlite:///{tmp_path}/a-file/classes.db")  # its folder is a file
    with pytest.raises(ClassError) as err:
        ClassStore("postgresql+nosuchdriver://teacher:s3cret-pw@127.0.0.1:1/school")
    assert "s3cret-pw" not in str(err.value) and "teacher:***@" in str(err.value)


def test_the_tutor_hook_records_class_members_only(tmp_path):
    from tutor.math.verdicts import Verdict
    from tutor.tutoring.practice import PracticeProblem
    from tutor.tutoring.service import Reply
    from tutor.ui import class_tab

    config = parse_args(["--classes", "--runs-dir", str(tmp_path)], env={})
    ctx = SimpleNamespace(classes=class_tab.Classes(config))
    store = ctx.classes.store
    room = store.create_class("7B", "local")
    _, token = store.join(room.join_code, "Ann")
    visitor, member = SimpleNamespace(session_hash="visitor"), SimpleNamespace(session_hash="member")
    ctx.classes.bind(member, token)
    hint = Reply(mode="hint", text="💡 Hint 1: subtract 7", hint_index=1)
    hint.notices.append("The model's hint gave the answer away, so it was replaced.")
    for request in (visitor, member):
        class_tab.record_tutor(ctx, request, "hint", "Solve 3x + 7 = 22", "", hint)
        class_tab.record_tutor(ctx, request, "solve", "Solve 3x + 7 = 22", "", Reply(text="x = 5"))
        checked = Reply(mode="check", check=Verdict(status="wrong", kind="linear_equation"))
        class_tab.record_tutor(ctx, request, "check", "Solve 3x + 7 = 22", "x = 4", checked)
        p = PracticeProblem("percentage", "What is 15% of 40?", "6", "", "numbers changed", "verified")
        class_tab.record_practice(ctx, request, p, "6", True, first_try=True)
        class_tab.record_practice(ctx, request, p, "6", True, first_try=False)  # not a new observation
    rows = store.attempts(room.id)
    assert [(r.source, r.skill, r.leaked, r.answer, r.verdict, r.correct, r.hints_used) for r in rows] == [
        ("hint", "linear_equation", True, "", "hint", None, 1),
        ("solve", "linear_equation", False, "", "none", None, 1),  # the hints on this problem so far
        ("check", "linear_equation", False, "x = 4", "wrong", False, 1),  # after 1 hint on it
        ("practice", "percentage", False, "6", "right", True, 0),
        ("practice", "percentage", False, "6", "right", None, 0),
    ]
    assert (tmp_path / "classes.db").exists()
    ctx.classes.store.close()


KILL_WRITER = """
import sys
from tutor.classroom.store import ClassStore
store = ClassStore(sys.argv[1])
room = store.create_class("7B", "local")
member, _ = store.join(room.join_code, "Ann")
for k in range(100000):
    store.record(member, "practice", "arithmetic", f"{k} + 1", str(k + 1), "right", True, reply="x" * 2000)
    print(k, flush=True)  # after the commit returned
"""


@pytest.mark.slow
def test_killing_the_app_mid_write_loses_at_most_the_attempt_in_flight(tmp_path):
    db = tmp_path / "classes.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_WRITER, f"sqlite:///{db}"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    acked = -1
    deadline = time.time() + 120
    while acked < 150 and time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        acked = int(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert acked >= 150, "the writer did not get going"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = [int(p.split()[0]) for (p,) in conn.execute("SELECT problem FROM attempts ORDER BY id")]
    # every acknowledged answer is there, in order; beyond them at most the ones in flight
    # (the one being committed, and the one whose acknowledgement line the kill cut off)
    assert stored[: acked + 1] == list(range(acked + 1))
    assert len(stored) <= acked + 3
