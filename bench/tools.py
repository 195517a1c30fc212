"""Benchmark of tool calls during live calls (target: server time p95 ≤ 20 ms).

In-process, on SQLite and PostgreSQL: one organisation with a few deployed assistants (their
opening hours known), then signed `tool-calls` messages through the whole webhook path
(`WebhookService.handle`: authentication, tenant checks, the tool, the inbox row, the answer)
and through the ASGI app (`TestClient`: routing and middleware on top). Tools alternate:
opening-hours check, message taking, appointment request. Prints p50/p95/p99 per tool.

    .venv/bin/python bench/tools.py [--rounds 300] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import json
import logging
import time
import uuid
from typing import Any

from _common import databases, organisation, summary
from sqlalchemy import select

from allokoli.app import create_app
from allokoli.auth.webhook_secrets import webhook_secret
from allokoli.db.engine import make_engine
from allokoli.db.session import Database
from allokoli.demo.seed import seed
from allokoli.models import Assistant, Organization
from allokoli.settings import Settings
from allokoli.webhooks.auth import sign

SECRET = "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - benchmark only
TOOLS: dict[str, dict[str, Any]] = {
    "check_opening_hours": {"date": "2026-12-05", "heure": "15:30"},
    "take_message": {
        "nom_appelant": "Jean Dupont",
        "telephone_rappel": "06 12 34 56 78",
        "motif": "rappel",
        "message": "Merci de me rappeler pour un devis.",
    },
    "request_appointment": {
        "nom_appelant": "Marie Curie",
        "telephone_rappel": "07 68 12 34 56",
        "objet": "réservation",
        "date_souhaitee": "2026-12-05",
        "heure_souhaitee": "20:00",
        "nombre_personnes": 4,
    },
}


def _message(provider_assistant: str, tool: str) -> bytes:
    return json.dumps(
        {
            "message": {
                "type": "tool-calls",
                "call": {"id": f"call-{uuid.uuid4()}", "assistantId": provider_assistant},
                "toolCallList": [
                    {
                        "id": f"tc-{uuid.uuid4()}",
                        "type": "function",
                        "function": {"name": tool, "arguments": TOOLS[tool]},
                    }
                ],
            }
        }
    ).encode()


def run(backend: str, urls: Any, rounds: int) -> None:
    org_id = organisation(urls.app)
    db = Database(make_engine(urls.app))
    seed(db, org_id, assistants=5, calls=0, seed=5)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        env="test",
        database_url=urls.app,
        secret_key=SECRET,
        log_level="WARNING",
        outbox_poll_seconds=0,
        reconcile_seconds=0,
        purge_seconds=0,
    )
    app = create_app(settings, database=db)
    logging.getLogger("allokoli").setLevel(logging.WARNING)
    with db.unit_of_work(tenant_id=org_id) as session:
        org = session.get(Organization, org_id)
        assert org is not None
        key, secret = org.webhook_key, webhook_secret(settings, org)
        provider = session.scalar(
            select(Assistant.provider_id).where(Assistant.provider_id.is_not(None)).limit(1)
        )
    assert provider
    service = app.services.webhooks
    print(f"\n== {backend}")
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        for tool in TOOLS:
            direct: list[float] = []
            http: list[float] = []
            for i in range(rounds + 10):
                body = _message(provider, tool)
                headers = {
                    "content-type": "application/json",
                    **sign(body, secret, int(time.time())),
                }
                started = time.perf_counter()
                outcome = service.handle(key, headers, body)
                took = (time.perf_counter() - started) * 1000
                assert "result" in outcome.body["results"][0], outcome.body
                body = _message(provider, tool)
                headers = {
                    "content-type": "application/json",
                    **sign(body, secret, int(time.time())),
                }
                started = time.perf_counter()
                r = client.post(f"/webhooks/vapi/{key}", content=body, headers=headers)
                took_http = (time.perf_counter() - started) * 1000
                assert "result" in r.json()["results"][0], r.text
                if i >= 10:  # warm-up
                    direct.append(took)
                    http.append(took_http)
            print(f"{tool:<20} service {summary(direct)}")
            print(f"{'':<20} ASGI    {summary(http)}")
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with databases(backends) as each:
        for backend, urls in each:
            run(backend, urls, args.rounds)


if __name__ == "__main__":
    main()
