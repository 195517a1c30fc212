"""Local processes for the fault and load tests: a PostgreSQL server of the test's own, web
processes (`allokoli serve`), workers (`allokoli worker`), and a stream of signed webhook
deliveries that remembers which ones were acknowledged.

Nothing here waits a fixed time for something to happen: every wait polls a condition under a
generous deadline (a loaded 2-core machine imports the app slowly), and fails with the logs.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from sqlalchemy import func, select

from allokoli.accounts import service as accounts
from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.kit.crypto import SecretBox
from allokoli.models import Assistant, Organization, WebhookEvent
from allokoli.settings import Settings
from tests.conftest import TEST_SECRET, DbUrls

SRC = Path(__file__).resolve().parents[2] / "src"
START_SECONDS = 300.0  # start-up of a process on a loaded machine: a bound, not a measurement
WAIT_SECONDS = 300.0
ASSISTANT_PROVIDER_ID = "vapi-assistant-faults"
REDIS_URL = os.environ.get("ALLOKOLI_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], bool], what: str, logs: Callable[[], str] = str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {WAIT_SECONDS} s:\n{logs()}")
        time.sleep(0.05)  # polling; no outcome depends on this interval


# --- a PostgreSQL server of our own --------------------------------------------------------


def _postgres_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and shutil.which("initdb") else None


class OwnPostgres:
    """A PostgreSQL cluster in a temporary folder, on a free port of the loopback, which the
    test may stop and start again (same port, same data). initdb refuses to run as root: as
    root, the server runs as the `postgres` system user."""

    def __init__(self) -> None:
        binaries = _postgres_bin()
        if binaries is None:
            pytest.skip("no PostgreSQL server installed (initdb / pg_ctl not found)")
        self.bin = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="allokoli-own-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and no `postgres` user to run initdb as")
            runuser = shutil.which("runuser")
            if runuser is None:
                pytest.skip("running as root without `runuser` to run initdb as postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self._as = [runuser, "-u", "postgres", "--"]
        self.folder.chmod(0o755)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self._as, *args], capture_output=True, text=True, timeout=START_SECONDS
        )

    def init(self) -> None:
        done = self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8", "--locale", "C",
        )  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"initdb refused to create a cluster: {done.stderr.strip()[-500:]}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c max_connections=200 -c shared_buffers=32MB"
        )
        done = self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", str(int(START_SECONDS)), "start",
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {done.stderr}\n{self.logs()}")

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash (recovery from the WAL at the next start), `fast` a clean
        stop that disconnects every client."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def logs(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    @property
    def superuser_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self) -> DbUrls:
        """An owner role, an app role under RLS and a database, like production."""
        import psycopg

        with psycopg.connect(self.superuser_url, autocommit=True) as conn:
            conn.execute("CREATE ROLE allokoli_owner LOGIN")
            conn.execute("CREATE ROLE allokoli_app LOGIN NOSUPERUSER NOBYPASSRLS")
            conn.execute("CREATE DATABASE allokoli OWNER allokoli_owner")
        base = f"postgresql+psycopg://{{}}@127.0.0.1:{self.port}/allokoli"
        return DbUrls(base.format("allokoli_owner"), base.format("allokoli_app"))

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def own_postgres() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    try:
        server.init()
        server.start()
        yield server
    finally:
        server.remove()


# --- the platform's processes ----------------------------------------------------------------


def environment(urls: DbUrls, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "ALLOKOLI_ENV": "test",
        "ALLOKOLI_DATABASE_URL": urls.app,
        "ALLOKOLI_SECRET_KEY": TEST_SECRET,
        "ALLOKOLI_LOG_LEVEL": "WARNING",
        "ALLOKOLI_OUTBOX_POLL_SECONDS": "0",
        "ALLOKOLI_RECONCILE_SECONDS": "0",
        "ALLOKOLI_PURGE_SECONDS": "0",
        **extra,
    }


class Process:
    """An `allokoli …` command in its own folder (no .env of the checkout), its output in a
    log file."""

    def __init__(self, args: list[str], env: dict[str, str], folder: Path, name: str) -> None:
        self.name = name
        self.log_path = folder / f"{name}.log"
        self._log: IO[bytes] = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "allokoli", *args],
            env=env,
            cwd=folder,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def logs(self) -> str:
        return f"--- {self.name}:\n" + self.log_path.read_text(errors="replace")[-4000:]

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait(timeout=WAIT_SECONDS)
        self._log.close()
        return code


class Web(Process):
    def __init__(
        self, env: dict[str, str], folder: Path, name: str = "web", workers: int = 1
    ) -> None:
        self.port = free_port()
        env = {**env, "ALLOKOLI_PUBLIC_URL": f"http://127.0.0.1:{self.port}"}
        args = ["serve", "--port", str(self.port), "--workers", str(workers)]
        super().__init__(args, env, folder, name)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self) -> None:
        def ready() -> bool:
            if not self.alive():
                pytest.fail(f"the web process exited at start-up:\n{self.logs()}")
            try:
                return httpx.get(f"{self.base}/healthz", timeout=5).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(ready, "healthy web process", self.logs)


class Worker(Process):
    def __init__(self, env: dict[str, str], folder: Path, name: str = "worker") -> None:
        super().__init__(["worker", "--concurrency", "2"], env, folder, name)


# --- one organisation, ready to receive webhooks ----------------------------------------------


@dataclass(frozen=True)
class Receiver:
    organization_id: uuid.UUID
    assistant_id: uuid.UUID
    webhook_key: str
    secret: str

    def path(self) -> str:
        return f"/webhooks/vapi/{self.webhook_key}"


def seed(db: Database, email: str = "faults@exemple.fr") -> Receiver:
    """An organisation and an active assistant known to the provider (deliveries name it)."""
    settings = Settings(_env_file=None, secret_key=TEST_SECRET)
    with db.unit_of_work() as session:
        created = accounts.create_user(
            session,
            email=email,
            password="motdepasse-solide",
            org_name="Plomberie Dupont",
            box=SecretBox(TEST_SECRET),
        )
        org_id = created.organization.id
    with db.unit_of_work(tenant_id=org_id) as session:
        org = session.get(Organization, org_id)
        assert org is not None
        assistant = Assistant(
            organization_id=org_id,
            name="Plomberie Dupont",
            config={"name": "Plomberie Dupont"},
            status="active",
            provider_id=ASSISTANT_PROVIDER_ID,
        )
        session.add(assistant)
        session.flush()
        return Receiver(org_id, assistant.id, org.webhook_key, webhook_secret(settings, org))


def report(call_id: str, at: datetime) -> bytes:
    """An end-of-call-report as Vapi sends it, naming our assistant."""
    message = {
        "type": "end-of-call-report",
        "endedReason": "customer-ended-call",
        "call": {"id": call_id, "type": "inboundPhoneCall", "assistantId": ASSISTANT_PROVIDER_ID},
        "startedAt": at.isoformat().replace("+00:00", "Z"),
        "endedAt": (at + timedelta(seconds=95)).isoformat().replace("+00:00", "Z"),
        "customer": {"number": "+33612345678"},
        "artifact": {"transcript": "AI: Bonjour.\nUser: Une fuite sous l'évier.\n"},
        "analysis": {"summary": "Fuite sous l'évier, rappel demandé."},
        "timestamp": int(at.timestamp() * 1000),
    }
    return json.dumps({"message": message}).encode()


def status_update(call_id: str, status: str, at: datetime) -> bytes:
    message = {
        "type": "status-update",
        "status": status,
        "call": {"id": call_id, "type": "inboundPhoneCall", "assistantId": ASSISTANT_PROVIDER_ID},
        "timestamp": int(at.timestamp() * 1000),
    }
    return json.dumps({"message": message}).encode()


@dataclass
class Answers:
    """What each delivery got: its call id → statuses, and the refusals seen."""

    acknowledged: set[str] = field(default_factory=set)
    statuses: dict[int, int] = field(default_factory=dict)
    retry_after_missing: int = 0
    connection_errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, call_id: str, response: httpx.Response | None) -> None:
        with self.lock:
            if response is None:
                self.connection_errors += 1
                return
            code = response.status_code
            self.statuses[code] = self.statuses.get(code, 0) + 1
            if 200 <= code < 300:
                self.acknowledged.add(call_id)
            elif code == 503 and not response.headers.get("retry-after"):
                self.retry_after_missing += 1

    def count(self, code: int) -> int:
        with self.lock:
            return self.statuses.get(code, 0)


class Stream:
    """Senders posting one new end-of-call-report after another, each to the next of `bases`,
    until stopped (or, with `stop_on_error`, until their connection fails)."""

    def __init__(
        self, bases: list[str], receiver: Receiver, senders: int = 8, stop_on_error: bool = False
    ) -> None:
        self.bases = bases
        self.receiver = receiver
        self.answers = Answers()
        self.stop_on_error = stop_on_error
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._send, args=(i,), daemon=True) for i in range(senders)
        ]
        self._sent = 0
        self._sent_lock = threading.Lock()

    def __enter__(self) -> Stream:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=WAIT_SECONDS)

    def finished(self) -> bool:
        return not any(thread.is_alive() for thread in self._threads)

    def _send(self, index: int) -> None:
        headers = {
            "content-type": "application/json",
            "authorization": f"Bearer {self.receiver.secret}",
        }
        path = self.receiver.path()
        at = datetime.now(UTC)
        with httpx.Client(timeout=60) as client:
            n = 0
            while not self._stop.is_set():
                n += 1
                call_id = f"call-{index}-{n}-{uuid.uuid4().hex[:8]}"
                base = self.bases[(index + n) % len(self.bases)]
                try:
                    response: httpx.Response | None = client.post(
                        base + path, content=report(call_id, at), headers=headers
                    )
                except httpx.HTTPError:
                    response = None
                self.answers.record(call_id, response)
                if response is None and self.stop_on_error:
                    return


def stored_call_ids(db: Database, org_id: uuid.UUID) -> set[str]:
    """The calls whose end-of-call-report is stored AND processed."""
    with db.unit_of_work(tenant_id=org_id) as session:
        rows = session.scalars(
            select(WebhookEvent.provider_call_id).where(
                WebhookEvent.type == "end-of-call-report",
                WebhookEvent.processed_at.is_not(None),
            )
        )
        return {row for row in rows if row}


def event_count(db: Database, org_id: uuid.UUID) -> int:
    with db.unit_of_work(tenant_id=org_id) as session:
        return session.scalar(select(func.count()).select_from(WebhookEvent)) or 0


def app_database(urls: DbUrls) -> Database:
    return Database(make_engine(urls.app))


def json_of(response: httpx.Response) -> Any:
    return response.json()


# --- the load test: many deliveries, duplicated, reordered, concurrent --------------------------


@dataclass
class LoadResult:
    deliveries: int
    distinct: int
    seconds: float
    answers: dict[str, int]
    stored_events: int
    unprocessed: int
    calls: int
    calls_not_ended: int
    duplicate_rows: int
    latencies_ms: list[float]


def load_bodies(deliveries: int, seed_value: int = 7) -> tuple[list[bytes], int]:
    """`deliveries` bodies: 80 % distinct events (per call a status-update « in-progress » and
    an end-of-call-report), 20 % copies of some of them; all shuffled, so a call's report may
    come before its status, and a copy before its original. Returns the bodies and how many
    are distinct."""
    import random

    rng = random.Random(seed_value)
    distinct = int(deliveries * 0.8) // 2 * 2
    at = datetime.now(UTC)
    unique: list[bytes] = []
    for n in range(distinct // 2):
        call_id = f"load-{seed_value}-{n}-{uuid.uuid4().hex[:6]}"
        unique.append(status_update(call_id, "in-progress", at))
        unique.append(report(call_id, at))
    bodies = unique + [rng.choice(unique) for _ in range(deliveries - len(unique))]
    rng.shuffle(bodies)
    return bodies, len(unique)


async def _post_all(
    bases: list[str], receiver: Receiver, bodies: list[bytes], concurrency: int
) -> tuple[float, dict[str, int], list[float]]:
    """Concurrent senders on keep-alive connections (aiohttp: cheap for the load generator,
    which shares the cores with the servers); each delivery retried on 503 or a lost
    connection, as Vapi does, until it is acknowledged."""
    import asyncio

    import aiohttp

    queue: asyncio.Queue[tuple[int, bytes]] = asyncio.Queue()
    for index, body in enumerate(bodies):
        queue.put_nowait((index, body))
    answers: dict[str, int] = {}
    latencies: list[float] = []
    headers = {"content-type": "application/json", "authorization": f"Bearer {receiver.secret}"}
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=concurrency), timeout=timeout
    ) as session:

        async def sender() -> None:
            while not queue.empty():
                index, body = queue.get_nowait()
                url = bases[index % len(bases)] + receiver.path()
                for _attempt in range(20):
                    started = time.perf_counter()
                    try:
                        async with session.post(url, data=body, headers=headers) as response:
                            payload = await response.read()
                            status = response.status
                    except aiohttp.ClientError:
                        answers["connection-error"] = answers.get("connection-error", 0) + 1
                        continue
                    latencies.append((time.perf_counter() - started) * 1000)
                    key = str(status)
                    if status == 200:
                        key = str(json.loads(payload).get("status", key))
                    answers[key] = answers.get(key, 0) + 1
                    if status != 503:
                        break

        started = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(concurrency)))
        return time.perf_counter() - started, answers, latencies


def run_load(
    db: Database, bases: list[str], receiver: Receiver, deliveries: int, concurrency: int = 32
) -> LoadResult:
    import asyncio

    from allokoli.models import Call

    bodies, distinct = load_bodies(deliveries)
    seconds, answers, latencies = asyncio.run(_post_all(bases, receiver, bodies, concurrency))
    with db.unit_of_work(tenant_id=receiver.organization_id) as session:
        keys = session.execute(
            select(WebhookEvent.dedupe_key, func.count())
            .where(WebhookEvent.provider_call_id.like("load-%"))
            .group_by(WebhookEvent.dedupe_key)
        ).all()
        unprocessed = (
            session.scalar(
                select(func.count())
                .select_from(WebhookEvent)
                .where(
                    WebhookEvent.provider_call_id.like("load-%"),
                    WebhookEvent.processed_at.is_(None) | WebhookEvent.error.is_not(None),
                )
            )
            or 0
        )
        call_rows = session.execute(
            select(Call.provider_call_id, Call.status).where(Call.provider_call_id.like("load-%"))
        ).all()
    call_ids = [row[0] for row in call_rows]
    return LoadResult(
        deliveries=len(bodies),
        distinct=distinct,
        seconds=seconds,
        answers=answers,
        stored_events=len(keys),
        unprocessed=unprocessed,
        calls=len(set(call_ids)),
        calls_not_ended=sum(1 for row in call_rows if row[1] != "ended"),
        duplicate_rows=sum(count - 1 for _, count in keys) + len(call_ids) - len(set(call_ids)),
        latencies_ms=latencies,
    )
