"""MCP and API benchmark: AlloKoli served by uvicorn (one process) with 1,000 assistants.

    .venv/bin/python bench/mcp_latency.py [--assistants 1000] [--calls 200] [--seconds 5]
                                  [--concurrency 16] [--database-url URL]

Prints, over streamable HTTP through the official `mcp` client, p50 / p95 of the tools
`list_assistants` (first page of 50) and `generate_assistant` (a French description), then the
requests per second of `GET /api/v1/assistants?limit=50` with `--concurrency` clients in flight
for `--seconds`. The database is a fresh SQLite file (or `--database-url`, migrated and filled
here). The rate limit is off for the run. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# sys.path[0] is bench/: put src/ first so `allokoli` is importable without installing.
sys.path[0] = str(ROOT / "src")

import anyio  # noqa: E402
import httpx2  # noqa: E402
import uvicorn  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

from allokoli.accounts import service as accounts  # noqa: E402
from allokoli.app import create_app  # noqa: E402
from allokoli.auth.credentials import principal_for  # noqa: E402
from allokoli.auth.repository import IdentityRepository  # noqa: E402
from allokoli.db.engine import make_engine  # noqa: E402
from allokoli.db.migrate import upgrade  # noqa: E402
from allokoli.db.session import Database  # noqa: E402
from allokoli.demo.seed import seed  # noqa: E402
from allokoli.settings import Settings  # noqa: E402
from mcp import ClientSession  # noqa: E402

DESCRIPTION = (
    "Plomberie Martin à Lyon, dépannage 7j/7, du lundi au vendredi de 8h à 19h, "
    "déplacement 40 euros, urgences au 06 12 34 56 78"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(url: str, assistants: int) -> str:
    upgrade(url)
    db = Database(make_engine(url))
    try:
        with db.unit_of_work() as session:
            made = accounts.create_user(
                session,
                email="bench@exemple.fr",
                password="motdepasse-solide",  # noqa: S106 - a throwaway bench user
                org_name="Bench",
            )
            principal = principal_for(IdentityRepository(session), made.user, made.membership)
            _, key = accounts.create_api_key(session, principal, "bench")
            org_id = made.organization.id
        seed(db, org_id, assistants=assistants, calls=0)
    finally:
        db.dispose()
    return key


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   (n={len(ms)})"


async def timed(n: int, call: Callable[[], Awaitable[object]]) -> list[float]:
    for _ in range(3):  # warm-up
        await call()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return samples


async def bench_mcp(base: str, key: str, calls: int) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        streamable_http_client(f"{base}/mcp", http_client=http) as (read, write),
        ClientSession(read, write) as mcp,
    ):
        await mcp.initialize()

        async def list_assistants() -> object:
            result = await mcp.call_tool("list_assistants", {"limit": 50})
            assert not result.is_error and len(result.structured_content["items"]) == 50
            return result

        async def generate_assistant() -> object:
            result = await mcp.call_tool("generate_assistant", {"text": DESCRIPTION})
            assert not result.is_error, result.content
            return result

        print(f"MCP list_assistants     {percentiles(await timed(calls, list_assistants))}")
        print(f"MCP generate_assistant  {percentiles(await timed(calls, generate_assistant))}")


async def bench_rest(base: str, key: str, seconds: float, concurrency: int) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    done = 0
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []

    async def worker(http: httpx2.AsyncClient) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            response = await http.get("/api/v1/assistants", params={"limit": 50})
            assert response.status_code == 200, response.text
            latencies.append(time.perf_counter() - started)
            done += 1

    limits = httpx2.Limits(max_connections=concurrency)
    async with httpx2.AsyncClient(
        base_url=base, headers=headers, timeout=60, limits=limits
    ) as http:
        await http.get("/api/v1/assistants", params={"limit": 50})
        started = time.perf_counter()
        async with anyio.create_task_group() as tg:
            for _ in range(concurrency):
                tg.start_soon(worker, http)
        elapsed = time.perf_counter() - started
    print(
        f"REST GET /api/v1/assistants?limit=50  {done / elapsed:7.1f} req/s "
        f"({concurrency} in flight, {percentiles(latencies)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assistants", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        started = time.perf_counter()
        key = prepare(url, args.assistants)
        print(f"{args.assistants} assistants seeded in {time.perf_counter() - started:.1f} s")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            env="test",
            database_url=url,
            public_url=base,
            api_rate_limit_per_minute=0,
            log_level="WARNING",
            reconcile_seconds=0,
            purge_seconds=0,
        )
        app = create_app(settings)
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        try:
            anyio.run(bench_mcp, base, key, args.calls)
            anyio.run(bench_rest, base, key, args.seconds, args.concurrency)
        finally:
            server.should_exit = True
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
