"""Benchmark of webhook ingest (target: ≥ 1,000 events/s on one worker, nothing lost,
duplicates absorbed), on SQLite and PostgreSQL, against a bare endpoint.

For each backend: a temporary database (PostgreSQL: a new database with an owner role and an
RLS-bound app role, like the tests; ALLOKOLI_BENCH_PG_URL), one organisation, then `uvicorn`
with ONE worker on loopback in a subprocess. N concurrent senders (asyncio, one keep-alive
connection each) post signed (HMAC) end-of-call-reports, 10 % of them sent twice. Prints events/s
and p50/p99 latency, checks that every distinct event is stored once (inbox rows and calls) and
that duplicates were answered "duplicate". Then the same load against a bare endpoint (a tiny
FastAPI app in this script that only inserts the raw body in the same database) gives the ratio.

    .venv/bin/python bench/webhooks.py [--events 4000] [--concurrency 32]
                                       [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from _common import ROOT, databases, organisation, summary
from sqlalchemy import func, select, text

from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.models import Assistant, Call, Organization, PhoneNumber, WebhookEvent
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign

SECRET = "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - benchmark only
TRANSCRIPT = (
    "AI: Bonjour, Pizzeria Da Marco, je suis l'assistant virtuel. Que puis-je pour vous ?\n"
    "User: Bonjour, je voudrais réserver une table pour quatre personnes samedi soir.\n"
    "AI: C'est noté, je transmets votre demande de réservation. À quel nom ?\n"
    "User: Martin, au 06 12 34 56 78.\nAI: Merci, à bientôt !\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


ASSISTANT_ID = "bench-vapi-assistant"
PHONE_ID = "bench-vapi-phone-number"


def _report(call_id: str, at: datetime) -> dict[str, Any]:
    """An end-of-call-report as Vapi sends it: it names the assistant and the phone number,
    which the endpoint checks belong to the organisation of the URL."""
    return {
        "message": {
            "type": "end-of-call-report",
            "endedReason": "customer-ended-call",
            "call": {
                "id": call_id,
                "type": "inboundPhoneCall",
                "assistantId": ASSISTANT_ID,
                "phoneNumberId": PHONE_ID,
            },
            "startedAt": at.isoformat().replace("+00:00", "Z"),
            "endedAt": (at + timedelta(seconds=95)).isoformat().replace("+00:00", "Z"),
            "cost": 0.17,
            "customer": {"number": "+33612345678"},
            "artifact": {"transcript": TRANSCRIPT},
            "analysis": {"summary": "Demande de réservation pour quatre personnes samedi soir."},
            "timestamp": int(at.timestamp() * 1000),
        }
    }


def _bodies(events: int, duplicates: float) -> list[bytes]:
    now = datetime.now(UTC)
    unique = [
        json.dumps(_report(f"bench-{uuid.uuid4()}", now - timedelta(minutes=i))).encode()
        for i in range(events)
    ]
    doubled = random.Random(1).sample(unique, int(events * duplicates))
    bodies = unique + doubled
    random.Random(2).shuffle(bodies)
    return bodies


class _Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection that sends a request and reads its answer (status
    line, headers, a Content-Length body: what uvicorn sends). A few lines of asyncio rather
    than a client library: on a 2-core machine the load generator shares the CPU with the
    server (it stays counted in the cores used), and this costs it about 0.1 ms of CPU per
    request against 0.2 ms with aiohttp (itself several times cheaper than httpx)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answer: asyncio.Future[tuple[int, bytes]] | None = None
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0 or self.answer is None:
            return
        head = bytes(self.buffer[:head_end]).decode("latin-1").split("\r\n")
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if len(self.buffer) < head_end + 4 + length:
            return
        body = bytes(self.buffer[head_end + 4 : head_end + 4 + length])
        del self.buffer[: head_end + 4 + length]
        answer, self.answer = self.answer, None
        if not answer.done():
            answer.set_result((int(head[0].split(" ", 2)[1]), body))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(exc or ConnectionError("connection closed by the server"))
        if not self.closed.done():
            self.closed.set_result(None)

    async def request(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        assert self.transport is not None
        self.answer = asyncio.get_running_loop().create_future()
        self.transport.write(head + body)
        return await self.answer


async def _send(
    url: str, bodies: list[bytes], secret: str | None, concurrency: int
) -> tuple[float, list[float], dict[str, int]]:
    """N senders, each on its own keep-alive connection (see `_Connection`)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    loop = asyncio.get_running_loop()

    async def worker() -> None:
        connection: _Connection | None = None
        try:
            while not queue.empty():
                body = queue.get_nowait()
                headers = {"content-type": "application/json"}
                if secret:
                    headers |= sign(body, secret, int(time.time()))
                lines = [f"POST {parts.path} HTTP/1.1", f"Host: {host}:{port}"]
                lines += [f"{k}: {v}" for k, v in headers.items()]
                lines.append(f"Content-Length: {len(body)}")
                head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
                started = time.perf_counter()
                if connection is None or connection.transport is None or connection.closed.done():
                    _, connection = await loop.create_connection(_Connection, host, port)
                status, answer = await asyncio.wait_for(connection.request(head, body), 30)
                latencies.append((time.perf_counter() - started) * 1000)
                key = str(status)
                if status == 200 and secret:
                    key = json.loads(answer).get("status", key)
                outcomes[key] = outcomes.get(key, 0) + 1
        finally:
            if connection is not None and connection.transport is not None:
                connection.transport.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return elapsed, latencies, outcomes


def _wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120  # start-up only (not measured): slow on a loaded machine
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server exited at start-up")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def _serve(args: list[str], env: dict[str, str], health: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _wait(health, process)
    return process


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def run(backend: str, urls: Any, args: argparse.Namespace) -> None:
    org_id = organisation(urls.app)
    db = Database(make_engine(urls.app))
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
    bodies = _bodies(args.events, 0.10)
    print(
        f"\n== {backend}: {args.events} events + {len(bodies) - args.events} duplicates, "
        f"{args.concurrency} concurrent senders, 1 worker"
    )

    port = _free_port()
    env = {
        **os.environ,
        "ALLOKOLI_DATABASE_URL": urls.app,
        "ALLOKOLI_SECRET_KEY": SECRET,
        # "test" skips the start-up warm-up of the Vapi SDK, a thread that would compete with
        # the requests for the GIL during the measurement (webhooks do not use the SDK).
        "ALLOKOLI_ENV": "test",
        "ALLOKOLI_LOG_LEVEL": "WARNING",
        "ALLOKOLI_OUTBOX_POLL_SECONDS": "0",
        "ALLOKOLI_RECONCILE_SECONDS": "0",
        "ALLOKOLI_PURGE_SECONDS": "0",
        "ALLOKOLI_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    server = _serve(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "allokoli.asgi:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env,
        f"http://127.0.0.1:{port}/healthz",
    )
    try:
        warm = _bodies(50, 0)
        asyncio.run(_send(f"http://127.0.0.1:{port}/webhooks/vapi/{key}", warm, secret, 8))
        elapsed, latencies, outcomes = asyncio.run(
            _send(f"http://127.0.0.1:{port}/webhooks/vapi/{key}", bodies, secret, args.concurrency)
        )
    finally:
        _stop(server)
    with db.unit_of_work(tenant_id=org_id) as session:
        events = session.scalar(select(func.count()).select_from(WebhookEvent)) or 0
        calls = session.scalar(select(func.count()).select_from(Call)) or 0
    db.dispose()
    expected = args.events + len(warm)
    ours = len(bodies) / elapsed
    print(f"AlloKoli webhook : {ours:7.0f} events/s  {summary(latencies)}  answers {outcomes}")
    print(
        f"  stored: {events} inbox rows, {calls} calls for {expected} distinct events → "
        f"lost {expected - events}, duplicates stored {max(0, events - expected)}, "
        f"duplicates answered « duplicate »: {outcomes.get('duplicate', 0)}"
        f"/{len(bodies) - args.events}"
    )

    bare_port = _free_port()
    bare = _serve(
        [sys.executable, str(Path(__file__)), "--serve-bare", urls.admin, "--port", str(bare_port)],
        {**os.environ},
        f"http://127.0.0.1:{bare_port}/health",
    )
    try:
        elapsed, bare_latencies, _ = asyncio.run(
            _send(f"http://127.0.0.1:{bare_port}/ingest", bodies, None, args.concurrency)
        )
    finally:
        _stop(bare)
    baseline = len(bodies) / elapsed
    print(f"bare endpoint    : {baseline:7.0f} events/s  {summary(bare_latencies)}")
    ratio = ours / baseline
    print(
        f"{backend}: {ours:.0f} events/s (target ≥ 1,000: {'met' if ours >= 1000 else 'NOT met'})"
        f"; AlloKoli / bare = {ratio:.2f} (target ≥ 0.5: {'met' if ratio >= 0.5 else 'NOT met'})"
    )


def serve_bare(url: str, port: int) -> None:
    """A bare ingest endpoint: read the body, insert it, commit, answer 200."""
    import uvicorn
    from fastapi import FastAPI, Request
    from fastapi.concurrency import run_in_threadpool
    from fastapi.responses import JSONResponse

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS bench_raw (body TEXT NOT NULL)"))
    app = FastAPI()

    def insert(body: bytes) -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_raw (body) VALUES (:b)"), {"b": body.decode()})

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/ingest")
    async def ingest(request: Request) -> JSONResponse:
        await run_in_threadpool(insert, await request.body())
        return JSONResponse({"status": "stored"})

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--serve-bare", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare, args.port)
        return
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with databases(backends) as each:
        for backend, urls in each:
            run(backend, urls, args)


if __name__ == "__main__":
    main()
