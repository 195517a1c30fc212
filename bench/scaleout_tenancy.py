"""Nothing a tenant does costs O(platform): deploy and test-chat time with 10, 100 and 1,000
assistants on the platform, and the first deploy after a cold start.

Everything runs in this process on SQLite with the embedded Vapi sandbox, reached through the
official SDK over an in-process transport (as the tests do). Real Vapi is one account shared by
every organisation; in the sandbox each organisation is its own account, so the platform's
assistants are put in the measured organisation's account: the worst case of the shared one.
Their `createdAt` spread over the past days, as a live platform's do.

Figures (median and p95, server time in-process, client overhead ~1 ms included):
- deploy: POST /deploy of a fresh draft until it is `active` (the push runs after the commit);
- draft chat: one test-chat message to a draft (the config goes inline to /chat);
- deployed chat: one test-chat message to a deployed assistant.
Target: flat from 10 to 1,000 assistants; draft chat p95 ≤ 300 ms.

The cold start (`--cold`, run in a fresh process by default) builds the app as `allokoli serve`
does (not the TEST environment, so the warm-ups run), waits for /healthz to say ok, then times
the first deploy. Target: active within 2 s.

Usage: .venv/bin/python bench/scaleout_tenancy.py [--sizes 10,100,1000] [--deploys 10]
       [--chats 30] [--no-cold]
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
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from _common import SECRET_KEY, percentile  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from tests.conftest import InProcessTransport, signup  # noqa: E402
from tests.sandbox.conftest import PROFILE  # noqa: E402

from allokoli.app import create_app  # noqa: E402
from allokoli.auth.repository import IdentityRepository  # noqa: E402
from allokoli.db.engine import make_engine  # noqa: E402
from allokoli.db.migrate import upgrade  # noqa: E402
from allokoli.db.session import Database  # noqa: E402
from allokoli.deploy.service import deployable_config  # noqa: E402
from allokoli.http.deps import AlloKoliApp  # noqa: E402
from allokoli.kit.clock import utcnow  # noqa: E402
from allokoli.models import Assistant, AssistantStatus  # noqa: E402
from allokoli.sandbox.repository import SandboxRepository  # noqa: E402
from allokoli.sandbox.service import SandboxService  # noqa: E402
from allokoli.settings import Settings  # noqa: E402

QUESTION = "Bonjour, quels sont vos horaires d'ouverture ?"


def settings_for(url: str, env: str) -> Settings:
    return Settings(
        _env_file=None,
        env=env,
        database_url=url,
        outbox_poll_seconds=0,
        secret_key=SECRET_KEY,
        api_rate_limit_per_minute=1_000_000,
        log_level="WARNING",
    )


@contextmanager
def running(settings: Settings) -> Iterator[tuple[AlloKoliApp, TestClient]]:
    db = Database(make_engine(settings.database_url))
    app = create_app(settings, database=db)
    try:
        with TestClient(app) as client:
            in_process = httpx.Client(
                transport=InProcessTransport(client), base_url="http://testserver"
            )
            app.services.vapi_http_client = in_process
            app.services.sandbox_http_client = in_process
            yield app, client
            in_process.close()
    finally:
        db.dispose()


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def line(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    median = ordered[len(ordered) // 2]
    return f"{name:<14} median {median:7.1f} ms  p95 {percentile(samples, 0.95):7.1f} ms"


def new_draft(client: TestClient, auth: dict[str, str]) -> str:
    r = client.post("/api/v1/assistants", json={"profile": PROFILE}, headers=auth)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def deploy(client: TestClient, auth: dict[str, str], assistant_id: str) -> float:
    """Time from POST /deploy to `active` (TestClient returns once the push has run)."""
    start = time.perf_counter()
    r = client.post(f"/api/v1/assistants/{assistant_id}/deploy", headers=auth)
    assert r.status_code == 202, r.text
    deadline = time.monotonic() + 120
    while True:
        got = client.get(f"/api/v1/assistants/{assistant_id}", headers=auth).json()
        if got["status"] == AssistantStatus.ACTIVE:
            return ms(start)
        if got["status"] == AssistantStatus.ERROR or time.monotonic() > deadline:
            raise RuntimeError(f"deploy did not succeed: {got['status']} {got['status_reason']}")
        time.sleep(0.005)


def chat(client: TestClient, auth: dict[str, str], assistant_id: str) -> float:
    start = time.perf_counter()
    r = client.post(
        f"/api/v1/assistants/{assistant_id}/chat", json={"text": QUESTION}, headers=auth
    )
    elapsed = ms(start)
    assert r.status_code == 200, r.text
    assert r.json()["reply"], r.text
    return elapsed


def _at(value: datetime) -> datetime:
    return value


def populate(app: AlloKoliApp, org_id: uuid.UUID, template: dict[str, Any], count: int) -> None:
    """`count` more deployed assistants on the platform (ours and the provider's rows),
    created over the past days rather than now."""
    services = app.services
    settings = services.settings
    now = utcnow()
    done = 0
    while done < count:
        batch = min(100, count - done)
        with services.db.unit_of_work(tenant_id=org_id) as session:
            org = IdentityRepository(session).organization(org_id)
            assert org is not None
            for i in range(done, done + batch):
                created = now - timedelta(days=3, minutes=7 * i)
                assistant = Assistant(
                    organization_id=org_id,
                    name=f"Assistant {i}",
                    config=template,
                    version=1,
                    status=AssistantStatus.ACTIVE.value,
                )
                session.add(assistant)
                session.flush()
                sandbox = SandboxService(
                    SandboxRepository(session, org_id), settings, clock=partial(_at, created)
                )
                row = sandbox.create_assistant(deployable_config(settings, org, assistant))
                assistant.provider_id = row["id"]
                assistant.deployed_version = 1
                assistant.deployed_at = created
        done += batch


def tenancy(sizes: list[int], deploys: int, chats: int) -> None:
    with tempfile.TemporaryDirectory(prefix="allokoli-bench-") as tmp:
        url = f"sqlite:///{tmp}/tenancy.db"
        upgrade(url)
        settings = settings_for(url, "test")
        from allokoli.providers.vapi import warm_up_sdk

        warm_up_sdk()  # as a server does before it takes traffic (`/healthz` says when)
        with running(settings) as (app, client):
            owner = signup(app, "bench-tenancy@exemple.fr", "Bench Tenancy")
            auth = owner.auth
            org_id = owner.org_id
            template_id = new_draft(client, auth)
            template = client.get(f"/api/v1/assistants/{template_id}", headers=auth).json()[
                "config"
            ]
            deploy(client, auth, template_id)  # the first deploy and chat build what they use
            chat(client, auth, template_id)
            chat(client, auth, new_draft(client, auth))
            on_platform = 2
            medians: dict[int, list[float]] = {}
            for size in sizes:
                populate(app, org_id, template, size - on_platform)
                on_platform = size
                deploy_ms = [deploy(client, auth, new_draft(client, auth)) for _ in range(deploys)]
                on_platform += deploys
                draft = new_draft(client, auth)
                draft_ms = [chat(client, auth, draft) for _ in range(chats)]
                deployed = template_id
                deployed_ms = [chat(client, auth, deployed) for _ in range(chats)]
                print(f"{size:>5} assistants on the platform")
                print("  " + line("deploy", deploy_ms))
                print("  " + line("draft chat", draft_ms))
                print("  " + line("deployed chat", deployed_ms))
                medians[size] = [statistics.median(x) for x in (deploy_ms, draft_ms, deployed_ms)]
            owner.client.__exit__(None, None, None)
    small, large = min(medians), max(medians)
    ratios = ", ".join(
        f"{name} x{medians[large][i] / medians[small][i]:.2f}"
        for i, name in enumerate(("deploy", "draft chat", "deployed chat"))
    )
    print(f"median at {large} / at {small} assistants (flat is ~1): {ratios}")


def cold() -> None:
    """In a fresh process: start as a server does, wait until ready, time the first deploy."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="allokoli-bench-") as tmp:
        url = f"sqlite:///{tmp}/cold.db"
        upgrade(url)
        settings = settings_for(url, "development")
        with running(settings) as (app, client):
            while True:
                r = client.get("/healthz")
                if r.status_code == 200:
                    break
                time.sleep(0.05)
            ready_s = time.perf_counter() - started
            owner = signup(app, "bench-cold@exemple.fr", "Bench Cold")
            first = deploy(client, owner.auth, new_draft(client, owner.auth))
            owner.client.__exit__(None, None, None)
    print(f"cold start: ready after {ready_s:.1f} s; first deploy active in {first / 1000:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--deploys", type=int, default=10)
    parser.add_argument("--chats", type=int, default=30)
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold:
        cold()
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    tenancy(sizes, args.deploys, args.chats)
    if not args.no_cold:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run([sys.executable, __file__, "--cold"], check=True, env=env)


if __name__ == "__main__":
    main()
