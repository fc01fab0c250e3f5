"""The class database: SQLAlchemy on any URL (the default: one SQLite file in the runs folder),
its schema made and upgraded by Alembic at open, and ONE writer path.

SQLite lets one writer in at a time. Every write here goes through one thread (`_Writer`) that
runs the writes in order, each in its own short transaction, and the caller waits for its commit
(so a student's answer is on disk when the page says it was saved). SQLite runs in WAL mode
(readers never wait for the writer) with `synchronous=FULL` (a committed answer survives the
process being killed, or the machine losing power), and a busy timeout covers a second process
on the same file (`alembic`, a backup). With PostgreSQL the same path works unchanged."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
T = TypeVar("T")


def default_url(runs_dir: str | Path) -> str:
    """The embedded default: `RUNS_DIR/classes.db`."""
    return f"sqlite:///{Path(runs_dir).resolve() / 'classes.db'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # every new connection
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it on a new database)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class _Writer:
    """The one writer: a thread that runs write functions in order, one transaction each."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._jobs: queue.Queue[tuple[Callable[[Session], Any], Future] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="class-db-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            fn, fut = job
            if not fut.set_running_or_notify_cancel():
                continue
            try:
                with self._sessions.begin() as session:
                    result = fn(session)
                fut.set_result(result)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                fut.set_exception(exc)

    def submit(self, fn: Callable[[Session], T]) -> T:
        fut: Future = Future()
        self._jobs.put((fn, fut))
        return fut.result(timeout=120)

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)


class Database:
    """An open class database: `write(fn)` runs `fn(session)` on the one writer path and returns
    its result once committed; `read(fn)` runs `fn(session)` on a reading session."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = _Writer(self._sessions)

    def write(self, fn: Callable[[Session], T]) -> T:
        return self._writer.submit(fn)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self._sessions() as session:
            return fn(session)

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def journal_mode(self) -> str | None:
        if not self.url.startswith("sqlite"):
            return None
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())

    def close(self) -> None:
        self._writer.close()
        self.engine.dispose()
