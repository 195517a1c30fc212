"""Webhook ingest with 1, 2 and 4 web processes (`allokoli serve --workers N`) on PostgreSQL.

One temporary PostgreSQL database (owner role + RLS-bound app role, like the tests), one
organisation, Redis for the shared state (ALLOKOLI_BENCH_REDIS_URL). For each N, a fresh
`allokoli serve --workers N` on loopback receives the same signed end-of-call-reports (10 % sent
twice, shuffled) from the load generator of `bench/webhooks.py` (asyncio, one process). Prints
events/s, latency, the cores used (CPU seconds of the server processes AND of the load generator,
over the wall time, from /proc), and the 1 → 2 ratio; checks that every distinct event is stored
once.

    .venv/bin/python bench/scaleout_web.py [--events 4000] [--concurrency 64] [--workers 1 2 4]
        [--engine procrastinate|inline]

By default the web processes run in the production layout of docs/deployment.md: they queue
the jobs (`ALLOKOLI_JOB_ENGINE=procrastinate`), and one `allokoli worker`, started after the
burst, runs them; its time and CPU are printed apart. `--engine inline` has each web process
run the jobs itself, as the embedded default does (one process only in production).

The target (issue 15): ≥ 1.6× from 1 to 2 processes on 2 cores, load generator counted. It
is only meaningful on an otherwise idle machine: the cores are shared with whatever else runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from _common import ROOT, organisation, postgres_available, postgres_database, summary
from sqlalchemy import func, select

from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.models import Assistant, Organization, OutboxMessage, PhoneNumber, WebhookEvent
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign
from webhooks import (
    ASSISTANT_ID,
    PHONE_ID,
    SECRET,
    _bodies,
    _Connection,
    _free_port,
    _send,
    _wait,
)

#: How long to wait for the jobs queued during a run to be done before stopping the server.
DEFERRED_TIMEOUT_SECONDS = 300.0
REDIS_URL = os.environ.get("ALLOKOLI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (None once the process is gone)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _cpu_seconds(root: int) -> float:
    """User + system CPU of a process and all its (alive) descendants, from /proc."""
    stats = {int(p.name): _stat(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    parents = {pid: int(fields[1]) for pid, fields in stats.items() if fields}
    total = 0.0
    for pid, fields in stats.items():
        ancestor, hops = pid, 0
        while ancestor not in (root, 0, 1) and hops < 16:
            ancestor, hops = parents.get(ancestor, 0), hops + 1
        if fields and ancestor == root:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def _postgres_cpu(command: str = "postgres") -> float:
    """CPU of every `postgres` process of this machine (other clients' work included), or of
    every process of another `command` (`redis-server`)."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if (proc / "comm").read_text().strip() != command:
                    continue
            except OSError:
                continue
            fields = _stat(int(proc.name))
            if fields:
                total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def _machine_cpu() -> tuple[float, float]:
    """CPU seconds every core of the machine spent busy (not idle, not waiting for I/O), and
    of them in interrupts (the loopback's packets: no process is charged for them)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / TICKS, (fields[5] + fields[6]) / TICKS


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Target:
    key: str
    secret: str
    db: Database
    org_id: uuid.UUID


def _seed(url: str) -> Target:
    org_id = organisation(url)
    db = Database(make_engine(url))
    settings = Settings(_env_file=None, secret_key=SECRET)
    with db.unit_of_work(tenant_id=org_id) as session:
        org = session.get(Organization, org_id)
        assert org is not None
        key, secret = org.webhook_key, webhook_secret(settings, org)
        assistant = Assistant(
            organization_id=org_id,
            name="Pizzeria Da Marco",
            config={"name": "Pizzeria Da Marco"},
            status="active",
            provider_id=ASSISTANT_ID,
        )
        session.add(assistant)
        session.flush()
        session.add(
            PhoneNumber(
                organization_id=org_id,
                assistant_id=assistant.id,
                number="+33900000001",
                provider="sandbox",
                provider_id=PHONE_ID,
                status="active",
            )
        )
    return Target(key, secret, db, org_id)


def _stored(target: Target) -> int:
    with target.db.unit_of_work(tenant_id=target.org_id) as session:
        return session.scalar(select(func.count()).select_from(WebhookEvent)) or 0


def _pending_jobs(target: Target) -> int:
    """Outbox messages not done yet (the notification job each stored call queues)."""
    with target.db.unit_of_work(tenant_id=target.org_id) as session:
        pending = select(func.count()).select_from(OutboxMessage)
        return session.scalar(pending.where(OutboxMessage.done_at.is_(None))) or 0


def _deferred_work(
    server: subprocess.Popen[bytes], target: Target, env: dict[str, str], engine: str
) -> tuple[float, float]:
    """After the last answer: how long it takes to finish the jobs the batches queued, and the
    CPU spent on them: by the web processes themselves with the embedded engine, by one
    `allokoli worker` started now in the production layout (procrastinate)."""
    worker = None
    if engine == "procrastinate":
        worker = subprocess.Popen(
            [sys.executable, "-m", "allokoli", "worker", "--concurrency", "2"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    runner = worker if worker is not None else server
    started, cpu = time.monotonic(), _cpu_seconds(runner.pid)
    deadline = started + DEFERRED_TIMEOUT_SECONDS
    try:
        while _pending_jobs(target) and time.monotonic() < deadline:
            time.sleep(0.5)
        return time.monotonic() - started, _cpu_seconds(runner.pid) - cpu
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)


def _requests(url: str, bodies: list[bytes], secret: str) -> list[bytes]:
    """Every request of a burst, signed and encoded before the clock starts: during the burst
    the load generator only writes bytes and reads answers (its CPU stays counted)."""
    parts = urlsplit(url)
    now = int(time.time())
    encoded = []
    for body in bodies:
        headers = {"content-type": "application/json", **sign(body, secret, now)}
        lines = [f"POST {parts.path} HTTP/1.1", f"Host: {parts.hostname}:{parts.port}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        encoded.append(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
    return encoded


async def _burst(
    url: str, requests: list[bytes], concurrency: int
) -> tuple[float, list[float], dict[str, int]]:
    """`concurrency` senders, each on one keep-alive connection opened before the clock starts
    (`webhooks._Connection`), sending the prepared requests in turn."""
    parts = urlsplit(url)
    loop = asyncio.get_running_loop()
    connections = [
        (await loop.create_connection(_Connection, parts.hostname, parts.port))[1]
        for _ in range(concurrency)
    ]
    pending = iter(requests)
    latencies: list[float] = []
    outcomes: dict[str, int] = {}

    async def sender(connection: _Connection) -> None:
        for request in pending:
            started = time.perf_counter()
            status, answer = await asyncio.wait_for(connection.request(request, b""), 30)
            latencies.append((time.perf_counter() - started) * 1000)
            key = str(status)
            if status == 200:
                key = json.loads(answer).get("status", key)
            outcomes[key] = outcomes.get(key, 0) + 1

    started = time.perf_counter()
    try:
        await asyncio.gather(*(sender(c) for c in connections))
    finally:
        for connection in connections:
            if connection.transport is not None:
                connection.transport.close()
    return time.perf_counter() - started, latencies, outcomes


def run_one(workers: int, url: str, target: Target, args: argparse.Namespace) -> float:
    key, secret = target.key, target.secret
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "ALLOKOLI_DATABASE_URL": url,
        "ALLOKOLI_SECRET_KEY": SECRET,
        "ALLOKOLI_REDIS_URL": REDIS_URL,
        # "test": no start-up warm-up threads competing with the measurement (webhooks do not
        # use the Vapi SDK), no background loops.
        "ALLOKOLI_ENV": "test",
        "ALLOKOLI_LOG_LEVEL": "WARNING",
        "ALLOKOLI_OUTBOX_POLL_SECONDS": "0",
        "ALLOKOLI_RECONCILE_SECONDS": "0",
        "ALLOKOLI_PURGE_SECONDS": "0",
        "ALLOKOLI_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "ALLOKOLI_JOB_ENGINE": args.engine,
    }
    command = [sys.executable, "-m", "allokoli", "serve", "--workers", str(workers)]
    server = subprocess.Popen(
        [*command, "--port", str(port)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}/webhooks/vapi/{key}"
    try:
        _wait(f"http://127.0.0.1:{port}/healthz", server)
        # Every process warm: enough requests, on many connections, to reach each of them.
        asyncio.run(_send(endpoint, _bodies(50 * workers, 0), secret, 8 * workers))
        bodies = _bodies(args.events, 0.10)
        requests = _requests(endpoint, bodies, secret)
        before = _stored(target)
        cpu_server, cpu_self, cpu_pg = _cpu_seconds(server.pid), _own_cpu(), _postgres_cpu()
        (cpu_machine, cpu_irq), cpu_redis = _machine_cpu(), _postgres_cpu("redis-server")
        elapsed, latencies, outcomes = asyncio.run(_burst(endpoint, requests, args.concurrency))
        machine_after, irq_after = _machine_cpu()
        cpu_machine, cpu_irq = machine_after - cpu_machine, irq_after - cpu_irq
        cpu_redis = _postgres_cpu("redis-server") - cpu_redis
        cpu_server = _cpu_seconds(server.pid) - cpu_server
        cpu_self = _own_cpu() - cpu_self
        cpu_pg = _postgres_cpu() - cpu_pg
        deferred_seconds, deferred_cpu = _deferred_work(server, target, env, args.engine)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    stored = _stored(target) - before
    rate = len(bodies) / elapsed
    cores = (cpu_server + cpu_self) / elapsed
    print(
        f"{workers} process(es): {rate:7.0f} events/s  {summary(latencies)}  "
        f"cores used {cores:.2f} (server {cpu_server / elapsed:.2f} + load generator "
        f"{cpu_self / elapsed:.2f}; PostgreSQL besides {cpu_pg / elapsed:.2f})  "
        f"answers {outcomes}  stored {stored}/{args.events} distinct"
    )
    # What a busy machine does not distort: the events each CPU-second buys, everything counted.
    spent = cpu_server + cpu_self + cpu_pg
    per_cpu = len(bodies) / spent
    print(f"  {per_cpu:7.0f} events per CPU-second (server, load generator, PostgreSQL)")
    # What the rest of the machine took meanwhile: on shared cores, the part of them the run
    # could not have (the 1 → 2 ratio means little when it is large).
    others = max(0.0, cpu_machine - spent - cpu_redis - cpu_irq) / elapsed
    print(
        f"  machine busy {cpu_machine / elapsed:.2f} of {os.cpu_count()} cores during the "
        f"burst: Redis {cpu_redis / elapsed:.2f}, interrupts {cpu_irq / elapsed:.2f}, "
        f"other processes {others:.2f}"
    )
    # Not in the figures above: the jobs the batches queued (one notification job per call),
    # run after the last answer by a worker (procrastinate) or the web processes (inline).
    runner = "worker" if args.engine == "procrastinate" else "server"
    print(
        f"  then {deferred_seconds:.1f} s and {deferred_cpu:.1f} {runner} CPU-s "
        f"({deferred_cpu / args.events * 1000:.2f} ms per event) to finish the queued jobs"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=4000)
    # enough senders to keep every process busy: with 64, two processes wait on their
    # batches' round trips with a core to spare, and the figure is the senders' latency, not
    # the processes' capacity
    parser.add_argument("--concurrency", type=int, default=256)
    parser.add_argument(
        "--engine",
        choices=("procrastinate", "inline"),
        default="procrastinate",
        help="procrastinate: the production layout (docs/deployment.md), the web processes "
        "queue the jobs for `allokoli worker`; inline: each web process runs them itself",
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    if not postgres_available():
        print("PostgreSQL unreachable (ALLOKOLI_BENCH_PG_URL): nothing measured.")
        return
    print(
        f"webhook ingest, PostgreSQL, {args.events} events + 10 % duplicates, "
        f"{args.concurrency} concurrent senders; {os.cpu_count()} cores on this machine, "
        f"load average {os.getloadavg()[0]:.1f} before the run"
    )
    rates: dict[int, float] = {}
    with postgres_database() as urls:
        target = _seed(urls.app)
        for workers in args.workers:
            rates[workers] = run_one(workers, urls.app, target, args)
        target.db.dispose()
    if 1 in rates and 2 in rates:
        ratio = rates[2] / rates[1]
        print(
            f"1 → 2 processes: {ratio:.2f}× (target ≥ 1.6× on 2 cores, load generator counted: "
            f"{'met' if ratio >= 1.6 else 'NOT met'})"
        )
    if 1 in rates and 4 in rates:
        print(f"1 → 4 processes: {rates[4] / rates[1]:.2f}×")


if __name__ == "__main__":
    main()
