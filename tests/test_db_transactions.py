"""Units of work are transactions on both backends: a released savepoint does not commit,
a read-then-write unit survives another connection's write in between, write units queue."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from allokoli.db.engine import make_engine
from allokoli.db.session import Database, after_commit
from allokoli.models import Organization
from tests.conftest import DbUrls


def _count(database: Database) -> int:
    with database.unit_of_work() as s:
        return s.scalar(select(func.count()).select_from(Organization)) or 0


def _fails_after_a_savepoint(database: Database) -> None:
    with database.unit_of_work() as s:
        with s.begin_nested():
            s.add(Organization(name="Boulangerie Savepoint"))
        assert s.scalar(select(func.count()).select_from(Organization)) == 1
        raise RuntimeError("the request fails after the savepoint")


def test_a_released_savepoint_is_rolled_back_with_its_unit_of_work(database: Database) -> None:
    with pytest.raises(RuntimeError, match="after the savepoint"):
        _fails_after_a_savepoint(database)
    assert _count(database) == 0


def test_read_then_write_survives_a_write_in_between(database: Database, db_urls: DbUrls) -> None:
    """A request reads, waits on a provider (which writes through its own connection), then
    writes: no "database is locked"."""
    other = Database(make_engine(db_urls.app))
    try:
        with database.unit_of_work() as s:
            assert s.scalar(select(func.count()).select_from(Organization)) == 0
            with other.unit_of_work() as o:
                o.add(Organization(name="Écrit par le fournisseur"))
            s.add(Organization(name="Écrit par la requête"))
    finally:
        other.dispose()
    assert _count(database) == 2


def test_write_units_of_work_queue_instead_of_failing(database: Database) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with database.unit_of_work(write=True) as s:
                    s.scalar(select(func.count()).select_from(Organization))
                    s.add(Organization(name=f"Entreprise {n}-{i}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert _count(database) == 60


def test_after_commit_callbacks_run_once_per_key_after_the_commit(database: Database) -> None:
    seen: list[str] = []

    def note(label: str, with_rows: int) -> None:
        # What it sees is committed: another unit of work reads the row.
        assert _count(database) == with_rows
        seen.append(label)

    with database.unit_of_work() as s:
        s.add(Organization(name="Boulangerie Après"))
        after_commit(s, "notify", lambda: note("first", 1))
        after_commit(s, "notify", lambda: note("second", 1))
        after_commit(s, "other", lambda: note("other", 1))
        assert seen == []
    assert seen == ["first", "other"]


def test_after_commit_callbacks_do_not_run_after_a_rollback(database: Database) -> None:
    seen: list[str] = []

    def fails() -> None:
        with database.unit_of_work() as s:
            s.add(Organization(name="Boulangerie Annulée"))
            after_commit(s, "notify", lambda: seen.append("ran"))
            raise RuntimeError("the request fails")

    with pytest.raises(RuntimeError, match="fails"):
        fails()
    assert seen == []
    assert _count(database) == 0


def test_a_key_without_callback_runs_what_the_database_wired(database: Database) -> None:
    seen: list[str] = []
    database.on_commit("wake", lambda: seen.append("woken"))
    handed: list[Callable[[], object]] = []
    with database.unit_of_work(run_after_commit=handed.append) as s:
        after_commit(s, "wake")
        after_commit(s, "wake")
        after_commit(s, "unwired")  # nothing wired: nothing to run
    assert seen == []  # handed to the runner (a request's background tasks), not run inline
    assert len(handed) == 1
    handed[0]()
    assert seen == ["woken"]


def test_write_units_run_their_callbacks_after_releasing_the_write_lock(
    database: Database,
) -> None:
    seen: list[int] = []

    def write_again() -> None:
        with database.unit_of_work(write=True) as s:
            s.add(Organization(name="Écrit après le commit"))
        seen.append(_count(database))

    with database.unit_of_work(write=True) as s:
        s.add(Organization(name="Écrit d'abord"))
        after_commit(s, "again", write_again)
    assert seen == [2]
