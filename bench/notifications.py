"""Benchmark of the notification jobs with one worker: jobs per second and job time (p50/p95).

In-process, on SQLite and PostgreSQL, against a real SMTP server (aiosmtpd on a free local
port) and no SMS (e-mail only: Twilio is outside the machine). One organisation, one assistant
whose owner wants an e-mail after every call; N ended calls, each with a message taken (the
caller said yes to a confirmation SMS: its delivery is skipped because the number is on the STOP
list, which still exercises the path). Each call's report queues its fan-out job; one worker
(this thread) runs every due outbox message in turn: the fan-out (decide, queue deliveries),
then each send (render from the stored call, SMTP, record). What is timed is one job each.

    .venv/bin/python bench/notifications.py [--calls 200] [--backend sqlite|postgresql|both]

Then, as the issue names it here, the `assistant-request` decision with 10,000 listed numbers
(bench/call_routing.py, run with its defaults on the same backends).
"""

from __future__ import annotations

import argparse
import logging
import socket
import statistics
import time
import uuid
from collections import Counter
from datetime import timedelta

from _common import SECRET_KEY, databases, organisation, percentile
from aiosmtpd.controller import Controller
from sqlalchemy import select

from allokoli.db.engine import make_engine
from allokoli.db.session import Database, discard
from allokoli.deploy import outbox
from allokoli.kit.clock import utcnow
from allokoli.models import Assistant, Call, NotificationDelivery, OutboxMessage, TakenMessage
from allokoli.notifications import service as notifications
from allokoli.notifications.repository import OptOutRepository, SettingsRepository
from allokoli.services import Services
from allokoli.settings import Settings
from allokoli.tenancy import Tenant


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seed(db: Database, org_id: uuid.UUID, calls: int) -> None:
    tenant = Tenant(org_id)
    with db.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
        assistant = Assistant(
            organization_id=org_id,
            name="Plomberie Bench",
            config={},
            profile={"company_name": "Plomberie Bench"},
        )
        session.add(assistant)
        session.flush()
        prefs = SettingsRepository(session, tenant).create(assistant.id)
        prefs.calls, prefs.emails = "all", ["gerant@exemple.fr"]
        OptOutRepository(session, tenant).remember("+33611223344", "owner")
        started = utcnow() - timedelta(hours=1)
        for n in range(calls):
            pid = f"bench-{uuid.uuid4()}"
            session.add(
                Call(
                    organization_id=org_id,
                    assistant_id=assistant.id,
                    provider_call_id=pid,
                    status="ended",
                    caller_number="+33611223344",
                    started_at=started + timedelta(seconds=n),
                    duration_seconds=95,
                    summary="Fuite sous l'évier, demande un rappel rapide.",
                )
            )
            session.add(
                TakenMessage(
                    organization_id=org_id,
                    assistant_id=assistant.id,
                    provider_call_id=pid,
                    kind="message",
                    caller_name="Jean Dupont",
                    callback_number="+33611223344",
                    reason="rappel",
                    details="Fuite sous l'évier.",
                    sms_consent=True,
                )
            )
            notifications.after_call(session, tenant, pid)


def run(backend: str, admin_url: str, app_url: str, calls: int) -> None:
    org_id = organisation(admin_url)
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings = Settings(
        _env_file=None,
        env="test",
        database_url=app_url,
        secret_key=SECRET_KEY,
        outbox_poll_seconds=0,
        smtp_host="127.0.0.1",
        smtp_port=port,
    )
    db = Database(make_engine(app_url))
    services = Services.build(settings, database=db)
    # One worker: each job is run and timed on its own (a commit queues, it does not run).
    db.on_commit(outbox.WAKE, lambda: None)
    try:
        seed(db, org_id, calls)
        times: dict[str, list[float]] = {}
        started = time.perf_counter()
        while True:
            with db.unit_of_work() as session:
                due = outbox.due_messages(session, utcnow(), 500)
            with db.unit_of_work(tenant_id=org_id) as session:
                kinds = {
                    row[0]: row[1]
                    for row in session.execute(select(OutboxMessage.id, OutboxMessage.kind))
                }
            if not due:
                break
            for message_id, org in due:
                t0 = time.perf_counter()
                services.dispatcher.run_message(message_id, org)
                times.setdefault(kinds[message_id], []).append((time.perf_counter() - t0) * 1000)
        elapsed = time.perf_counter() - started
        jobs = sum(len(v) for v in times.values())
        print(
            f"{backend}: {jobs} jobs ({calls} calls, {sink.count} e-mails) in {elapsed:.1f} s "
            f"= {jobs / elapsed:.0f} jobs/s with one worker"
        )
        for kind, samples in sorted(times.items()):
            print(
                f"  {kind:20s} n={len(samples):4d}  p50 {statistics.median(samples):6.1f} ms  "
                f"p95 {percentile(samples, 0.95):6.1f} ms"
            )
        with db.unit_of_work(tenant_id=org_id) as session:
            statuses = Counter(session.scalars(select(NotificationDelivery.status)))
        print(f"  deliveries: {dict(statuses)}")
    finally:
        services.close()
        db.dispose()
        controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with databases(backends) as each:
        for backend, urls in each:
            run(backend, urls.admin, urls.app, args.calls)
    import call_routing  # bench/ is on the path of a script run from it

    print("\n`assistant-request` decision (bench/call_routing.py), target p95 ≤ 20 ms")
    with databases(backends) as each:
        for backend, urls in each:
            call_routing.run(backend, urls, 300, 10_000)


if __name__ == "__main__":
    main()
