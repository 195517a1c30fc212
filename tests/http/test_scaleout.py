"""Several real web processes on one database and one Redis: the API limit holds across them,
`allokoli serve --workers N` adds up its processes' metrics and stops cleanly.

Bounded in time (start-up waits, request timeouts); no assertion on how long anything took.
Skipped when no Redis answers at ALLOKOLI_TEST_REDIS_URL.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from allokoli.kit.shared import RedisState
from tests.conftest import TEST_SECRET, Account, DbUrls

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("ALLOKOLI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
START_TIMEOUT = 180.0  # a loaded 2-core machine imports the app slowly; not a measurement
METRICS_TOKEN = "jeton-metriques-de-test"

pytestmark = [
    pytest.mark.pg,  # the production layout: PostgreSQL, the app role under RLS
    pytest.mark.skipif(not RedisState(REDIS_URL).ping(), reason=f"no Redis at {REDIS_URL}"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(db_urls: DbUrls, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "ALLOKOLI_ENV": "test",
        "ALLOKOLI_DATABASE_URL": db_urls.app,
        "ALLOKOLI_SECRET_KEY": TEST_SECRET,
        "ALLOKOLI_REDIS_URL": REDIS_URL,
        "ALLOKOLI_LOG_LEVEL": "WARNING",
        "ALLOKOLI_OUTBOX_POLL_SECONDS": "0",
        "ALLOKOLI_RECONCILE_SECONDS": "0",
        "ALLOKOLI_PURGE_SECONDS": "0",
        "ALLOKOLI_METRICS_TOKEN": METRICS_TOKEN,
        **extra,
    }


def _wait_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited at start-up"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}")


@contextmanager
def _running(commands: list[tuple[list[str], int]], env: dict[str, str]) -> Iterator[None]:
    processes = [
        (subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL), port)
        for args, port in commands
    ]
    try:
        for process, port in processes:
            _wait_ready(port, process)
        yield
    finally:
        for process, _ in processes:
            if process.poll() is None:
                process.terminate()
        for process, _ in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


def _uvicorn(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "allokoli.asgi:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


def test_the_api_limit_holds_across_four_processes(db_urls: DbUrls, alice: Account) -> None:
    limit = 5  # per minute: one more token every 12 s
    ports = [_free_port() for _ in range(4)]
    env = _env(db_urls, ALLOKOLI_API_RATE_LIMIT_PER_MINUTE=str(limit))
    statuses: list[int] = []
    with _running([(_uvicorn(port), port) for port in ports], env):
        started = time.monotonic()
        for i in range(40):  # 10 per process, in turn: each process alone would allow 5
            r = httpx.get(
                f"http://127.0.0.1:{ports[i % 4]}/api/v1/me", headers=alice.auth, timeout=30
            )
            statuses.append(r.status_code)
            if r.status_code == 429:
                assert r.json()["error"] == "RateLimited"
                assert "Trop de requêtes" in r.json()["detail"]
                assert int(r.headers["Retry-After"]) >= 1
        elapsed = time.monotonic() - started
    allowed = statuses.count(200)
    assert set(statuses) <= {200, 429}
    # The shared bucket: 5, plus what refilled while the requests ran (not 4 × 5 = 20).
    assert limit <= allowed <= limit + int(elapsed * limit / 60) + 1, statuses
    assert statuses[:limit] == [200] * limit


def _requests_counted(text: str, route: str) -> float:
    pattern = re.compile(
        r'^allokoli_http_requests_total\{[^}]*route="' + re.escape(route) + r'"[^}]*\} (\S+)$',
        re.MULTILINE,
    )
    return sum(float(value) for value in pattern.findall(text))


def test_serve_workers_adds_up_metrics_and_stops_cleanly(db_urls: DbUrls, tmp_path: Path) -> None:
    port = _free_port()
    env = _env(db_urls, PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"))
    args = [sys.executable, "-m", "allokoli", "serve", "--workers", "2", "--port", str(port)]
    server = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    try:
        _wait_ready(port, server)
        base = f"http://127.0.0.1:{port}"
        token = {"Authorization": f"Bearer {METRICS_TOKEN}"}
        before = _requests_counted(httpx.get(f"{base}/metrics", headers=token).text, "/healthz")
        for _ in range(20):  # a new connection each: either process may answer
            assert httpx.get(f"{base}/healthz", timeout=30).status_code == 200
        text = httpx.get(f"{base}/metrics", headers=token, timeout=30).text
        # Whichever process answered /metrics counts the requests of both.
        assert _requests_counted(text, "/healthz") == before + 20
        assert httpx.get(f"{base}/metrics", timeout=30).status_code == 401
        assert list((tmp_path / "metrics").glob("*.db"))
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=90)
    assert code == 0
