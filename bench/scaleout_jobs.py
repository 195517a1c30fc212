"""Benchmark of the job engine on PostgreSQL (issue 15): job throughput with 1 and 2
`allokoli worker` processes, and the time from a committed change to its job starting.

A temporary database (owner role + RLS-bound app role, like the tests), one organisation, then
real worker subprocesses (`python -m allokoli worker --concurrency C`, procrastinate engine).
The jobs are outbox messages that need no provider call (a number route for an assistant without
a number): what is measured is the engine — relay, queue, fetch, claim, outcome — not Vapi.

- throughput: N messages committed in one transaction; time until every one is done, with the
  workers already up;
- latency: one change committed at a time on an idle worker; job start (the claim time, stored
  as the message's `done_at`) minus the commit time, p50/p95.

    .venv/bin/python bench/scaleout_jobs.py [--jobs 500] [--samples 50] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from _common import (
    ROOT,
    SECRET_KEY,
    organisation,
    percentile,
    postgres_available,
    postgres_database,
)
from sqlalchemy import func, select, text

from allokoli.db.engine import make_engine
from allokoli.db.session import AfterCommit, Database
from allokoli.deploy import outbox
from allokoli.kit.clock import utcnow
from allokoli.models import OutboxMessage
from allokoli.services import Services
from allokoli.settings import JobEngine, Settings
from allokoli.tenancy import Tenant

TIMEOUT_SECONDS = 900.0


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far (Linux /proc): a figure that holds on a
    shared, loaded machine where wall-clock throughput does not."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


@contextmanager
def workers(app_url: str, count: int, concurrency: int, db: Database) -> Iterator[list[int]]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "ALLOKOLI_ENV": "test",
        "ALLOKOLI_DATABASE_URL": app_url,
        "ALLOKOLI_SECRET_KEY": SECRET_KEY,
        "ALLOKOLI_JOB_ENGINE": "procrastinate",
        "ALLOKOLI_OUTBOX_POLL_SECONDS": "1",
        "ALLOKOLI_RECONCILE_SECONDS": "0",
        "ALLOKOLI_PURGE_SECONDS": "0",
        "ALLOKOLI_LOG_LEVEL": "WARNING",
    }
    with tempfile.TemporaryDirectory(prefix="allokoli-bench-workers-") as folder:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "allokoli", "worker", "--concurrency", str(concurrency)],
                env=env,
                cwd=folder,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(count)
        ]
        try:
            wait_for(lambda: registered_workers(db) >= count, "workers up")
            yield [proc.pid for proc in procs]
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=60)
            with db.unit_of_work() as session:
                session.execute(text("DELETE FROM procrastinate_workers"))


def registered_workers(db: Database) -> int:
    with db.unit_of_work() as session:
        return int(session.scalar(text("SELECT count(*) FROM procrastinate_workers")) or 0)


def wait_for(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.02)  # polling; the figures come from stored times, not from this


def pending(db: Database, org_id: uuid.UUID) -> int:
    with db.unit_of_work(tenant_id=org_id) as session:
        query = (
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.done_at.is_(None))
        )
        return int(session.scalar(query) or 0)


def enqueue(db: Database, org_id: uuid.UUID, n: int, stamp: list[datetime]) -> None:
    def runner(callback: AfterCommit) -> None:
        if not stamp:
            stamp.append(utcnow())  # committed: the relay (the after-commit work) starts now
        callback()

    with db.unit_of_work(tenant_id=org_id, run_after_commit=runner) as session:
        for _ in range(n):
            outbox.enqueue(
                session, Tenant(org_id), outbox.RoutePhoneNumber(assistant_id=uuid.uuid4())
            )


def throughput(db: Database, org_id: uuid.UUID, n: int) -> float:
    stamp: list[datetime] = []
    started = time.perf_counter()
    enqueue(db, org_id, n, stamp)
    wait_for(lambda: pending(db, org_id) == 0, f"{n} jobs")
    return n / (time.perf_counter() - started)


def latencies(db: Database, org_id: uuid.UUID, samples: int) -> list[float]:
    found: list[float] = []
    for _ in range(samples):
        stamp: list[datetime] = []
        enqueue(db, org_id, 1, stamp)
        wait_for(lambda: pending(db, org_id) == 0, "one job")
        with db.unit_of_work(tenant_id=org_id) as session:
            started = session.scalar(select(func.max(OutboxMessage.done_at)))
        assert started is not None
        found.append((started - stamp[0]).total_seconds() * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    if not postgres_available():
        raise SystemExit("PostgreSQL unreachable (ALLOKOLI_BENCH_PG_URL): the job engine needs it")
    print(f"cores: {os.cpu_count()} (load generator, PostgreSQL and workers share them)")
    with postgres_database() as urls:
        org_id = organisation(urls.app)
        settings = Settings(
            _env_file=None,
            env="test",
            database_url=urls.app,
            secret_key=SECRET_KEY,
            job_engine=JobEngine.PROCRASTINATE,
        )
        db = Database(make_engine(urls.app))
        with Services.build(settings, database=db):  # wires the after-commit relay on `db`
            for count in (1, 2):
                with workers(urls.app, count, args.concurrency, db) as pids:
                    throughput(db, org_id, 50)  # warm: first fetches, connection pools
                    cpu_before = cpu_seconds(pids)
                    rate = throughput(db, org_id, args.jobs)
                    cpu_ms = (cpu_seconds(pids) - cpu_before) * 1000 / args.jobs
                    print(
                        f"throughput, {count} worker(s) x concurrency {args.concurrency}: "
                        f"{rate:7.1f} jobs/s ({args.jobs} jobs; workers' CPU {cpu_ms:.1f} ms/job; "
                        f"load average {os.getloadavg()[0]:.1f})"
                    )
                    if count == 1:
                        found = latencies(db, org_id, args.samples)
                        print(
                            f"commit -> job start, idle worker ({args.samples} changes): "
                            f"p50 {statistics.median(found):6.1f} ms  "
                            f"p95 {percentile(found, 0.95):6.1f} ms"
                        )
        db.dispose()


if __name__ == "__main__":
    main()
