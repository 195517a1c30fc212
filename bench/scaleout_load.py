"""The issue's load check at full size: 4 web processes and 2 workers on PostgreSQL, 20,000
webhook deliveries with 20 % duplicates, shuffled and concurrent; every event stored and
processed once.

The same check as tests/jobs/test_load.py (which sends 1,000 in `make test`), on a temporary
database (ALLOKOLI_BENCH_PG_URL) with Redis (ALLOKOLI_BENCH_REDIS_URL). Prints the answers,
the throughput and latency, the cores used, and whether every check held.

    .venv/bin/python bench/scaleout_load.py [--deliveries 20000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
from pathlib import Path

from _common import ROOT, postgres_available, postgres_database, summary
from scaleout_web import _cpu_seconds, _own_cpu, _postgres_cpu

sys.path.insert(0, str(ROOT))  # the test's cluster helpers: one implementation of the check

from tests.conftest import DbUrls
from tests.jobs.cluster import Web, Worker, environment, run_load, seed

from allokoli.db.engine import make_engine
from allokoli.db.session import Database

REDIS_URL = os.environ.get("ALLOKOLI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    if not postgres_available():
        print("PostgreSQL unreachable (ALLOKOLI_BENCH_PG_URL): nothing measured.")
        return
    print(
        f"load: 4 web processes + 2 workers, PostgreSQL, {args.deliveries} deliveries "
        f"(20 % duplicates, shuffled), {args.concurrency} concurrent senders; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before the run"
    )
    with postgres_database() as urls, tempfile.TemporaryDirectory() as folder:
        db = Database(make_engine(urls.app))
        receiver = seed(db)
        env = environment(
            DbUrls(urls.admin, urls.app),
            ALLOKOLI_REDIS_URL=REDIS_URL,
            ALLOKOLI_JOB_ENGINE="procrastinate",
        )
        web = Web(env, Path(folder), workers=4)
        workers = [Worker(env, Path(folder), f"worker-{n}") for n in (1, 2)]
        try:
            web.wait_ready()
            cpu_server, cpu_self, cpu_pg = (
                _cpu_seconds(web.process.pid),
                _own_cpu(),
                _postgres_cpu(),
            )
            result = run_load(db, [web.base], receiver, args.deliveries, args.concurrency)
            cpu_server = _cpu_seconds(web.process.pid) - cpu_server
            cpu_self = _own_cpu() - cpu_self
            cpu_pg = _postgres_cpu() - cpu_pg
        finally:
            web.stop(signal.SIGTERM)
            for worker in workers:
                worker.stop(signal.SIGTERM)
            db.dispose()
    elapsed = result.seconds
    duplicates = result.deliveries - result.distinct
    checks = {
        "every distinct event answered stored": result.answers.get("stored") == result.distinct,
        "every copy answered duplicate": result.answers.get("duplicate") == duplicates,
        "every event stored once": result.stored_events == result.distinct
        and result.duplicate_rows == 0,
        "every event processed": result.unprocessed == 0,
        "every call once, ended": result.calls == result.distinct // 2
        and result.calls_not_ended == 0,
    }
    print(
        f"{result.deliveries} deliveries ({result.distinct} distinct, {duplicates} copies) in "
        f"{elapsed:.1f} s: {result.deliveries / elapsed:.0f} deliveries/s  "
        f"{summary(result.latencies_ms)}"
    )
    print(
        f"cores used: web {cpu_server / elapsed:.2f} + load generator {cpu_self / elapsed:.2f} "
        f"(PostgreSQL besides {cpu_pg / elapsed:.2f}); answers {result.answers}"
    )
    for name, held in checks.items():
        print(f"  {'ok ' if held else 'FAILED'} {name}")
    if not all(checks.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
