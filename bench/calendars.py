"""Benchmark of calendar sync (docs/calendars.md).

1. Busy intervals read by a live call (`CalendarBusySource.busy`, one unit of work each, a
   7-day window) with 500 imported events in the organisation and 20 other organisations of
   500 each, on SQLite and PostgreSQL. Target: well within the tools' 20 ms p95.
2. One sync of a real Radicale calendar (started here, temporary folder) holding 500 events,
   a tenth of them weekly recurring: CalDAV report, parsing, expansion, import.

    .venv/bin/python bench/calendars.py [--rounds 300] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import logging
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _common import SECRET_KEY, databases, organisation, summary
from caldav.davclient import DAVClient

from allokoli.calendars.entries import CalendarBusySource
from allokoli.calendars.gateway import CalDavGateway
from allokoli.calendars.repository import BusyRepository, ConnectionRepository
from allokoli.calendars.service import CalendarService
from allokoli.db.engine import make_engine
from allokoli.db.session import Database, discard
from allokoli.kit.outbound import OutboundPolicy
from allokoli.models import CalendarBusyEvent, CalendarConnection
from allokoli.settings import Settings
from allokoli.tenancy import Tenant

NOW = datetime(2027, 3, 1, 8, tzinfo=UTC)
EVENTS = 500
OTHER_ORGS = 20


def _connection(db: Database, org: uuid.UUID, url: str, box_seal: str) -> uuid.UUID:
    with db.unit_of_work(tenant_id=org) as session:
        row = ConnectionRepository(session, Tenant(org)).add(
            CalendarConnection(
                scope="organisation",
                server_url=url,
                username="bench",
                password_sealed=box_seal,
                calendar_url=url,
                calendar_name="Bench",
                available_calendars=[],
                next_sync_at=None,
            )
        )
        return row.id


def _fill(db: Database, org: uuid.UUID, connection_id: uuid.UUID) -> None:
    rows = []
    for i in range(EVENTS):
        start = NOW + timedelta(hours=7 * i)
        rows.append(
            CalendarBusyEvent(uid=f"e{i}", start_utc=start, end_utc=start + timedelta(hours=1))
        )
    with db.unit_of_work(tenant_id=org) as session:
        BusyRepository(session, Tenant(org)).replace(connection_id, rows)


def bench_busy(url: str, rounds: int) -> list[float]:
    db = Database(make_engine(url))
    try:
        orgs = [organisation(url, f"bench{i}@exemple.fr") for i in range(OTHER_ORGS + 1)]
        for org in orgs:
            _fill(db, org, _connection(db, org, "https://caldav.exemple.fr/", "sealed:v1:x"))
        org, source, samples = orgs[0], CalendarBusySource(), []
        for i in range(rounds):
            start = NOW + timedelta(days=i % 60)
            began = time.perf_counter()
            with db.unit_of_work(tenant_id=org) as session:
                found = source.busy(session, Tenant(org), None, start, start + timedelta(days=7))
            samples.append((time.perf_counter() - began) * 1000)
            assert found, "the window holds busy events"
        return samples
    finally:
        db.dispose()


def _radicale(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            f"--storage-filesystem-folder={folder}",
            f"--server-hosts=127.0.0.1:{port}",
            "--auth-type=none",
            "--logging-level=error",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("Radicale did not start") from None
            time.sleep(0.05)
    return process, f"http://127.0.0.1:{port}/"


def _event(i: int) -> str:
    start = NOW + timedelta(hours=5 * i)
    rule = "RRULE:FREQ=WEEKLY;COUNT=10\r\n" if i % 10 == 0 else ""
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//FR\r\nBEGIN:VEVENT\r\n"
        f"UID:bench-{i}\r\nDTSTAMP:20270101T000000Z\r\n"
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}\r\nDTEND:{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}\r\n"
        f"{rule}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def bench_sync(url: str, rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="allokoli-radicale-") as tmp:
        process, server = _radicale(Path(tmp))
        try:
            client: Any
            with DAVClient(
                url=server,
                username="bench",
                password="x",  # noqa: S106 - Radicale without authentication
                enable_rfc6764=False,
                require_tls=False,
            ) as client:
                calendar = client.principal().make_calendar(name="Bench", cal_id="bench")
                for i in range(EVENTS):
                    calendar.save_event(_event(i))
                calendar_url = str(calendar.url)
            settings = Settings(_env_file=None, env="test", database_url=url, secret_key=SECRET_KEY)
            db = Database(make_engine(url))
            gateway = CalDavGateway(OutboundPolicy(require_https=False), allow_private=True)
            service = CalendarService(db, settings, gateway, clock=lambda: NOW)
            org = organisation(url, "sync@exemple.fr")
            connection_id = _connection(db, org, server, service.box.seal("x"))
            with db.unit_of_work(tenant_id=org, run_after_commit=discard) as session:
                row = ConnectionRepository(session, Tenant(org)).get(connection_id)
                row.calendar_url = calendar_url
            samples, imported = [], 0
            for _ in range(rounds):
                with db.unit_of_work(tenant_id=org) as session:
                    ConnectionRepository(session, Tenant(org)).get(connection_id).next_sync_at = NOW
                began = time.perf_counter()
                run = service.sync(connection_id, org, NOW)
                samples.append((time.perf_counter() - began) * 1000)
                assert run is not None and run.ok, run
                imported = run.imported
            print(f"  sync of {EVENTS} events ({imported} busy intervals): {summary(samples)}")
            db.dispose()
        finally:
            process.terminate()
            process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--sync-rounds", type=int, default=5)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with databases(backends) as each:
        for backend, urls in each:
            print(f"{backend}:")
            samples = bench_busy(urls.app, args.rounds)
            print(
                f"  busy intervals, {EVENTS} events x {OTHER_ORGS + 1} organisations: "
                f"{summary(samples)}"
            )
            bench_sync(urls.app, args.sync_rounds)


if __name__ == "__main__":
    main()
