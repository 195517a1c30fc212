"""Units of work are transactions on both backends: a released savepoint does not commit,
a read-then-write unit survives another connection's write in between, write units queue."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from allokoli.db.engine import make_engine
from allokoli.db.session import Database
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
