"""Voice configurator benchmark: server time of one tool call, and the personas by voice.

    .venv/bin/python bench/voice_configurator.py [--rounds 2]

Every persona of tests/configurator/personas.yaml talks to the configurator through the
sandbox's voice call (`sandbox.voice_call`): each of its lines is a Vapi `tool-calls` delivery
to `/webhooks/vapi/configurator`, answered by the same engine and session as the text chat.
Prints p50 / p95 / p99 of one tool call, in-process through the ASGI app (server time plus a
little client overhead; target p95 ≤ 50 ms, Vapi waits on it while the owner hears silence),
then how many personas reach done through the voice path and with the text path's profile.
SQLite in a temporary file. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from _common import sqlite_database, summary  # noqa: E402
from tests.configurator.simulate import HARD_LIMIT, Owner, load_personas, run_persona  # noqa: E402
from tests.conftest import signup  # noqa: E402

from allokoli.app import create_app  # noqa: E402
from allokoli.configurator import service  # noqa: E402
from allokoli.configurator.repository import SessionRepository  # noqa: E402
from allokoli.configurator.state import ConfiguratorState  # noqa: E402
from allokoli.db.engine import make_engine  # noqa: E402
from allokoli.db.session import Database  # noqa: E402
from allokoli.sandbox.voice_call import SandboxVoiceCall  # noqa: E402
from allokoli.settings import Settings  # noqa: E402
from allokoli.tenancy import Tenant  # noqa: E402

SECRET = "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - benchmark only
TARGET_P95_MS = 50.0


def run_voice(
    app: Any, acc: Any, persona: dict[str, Any], samples: list[float]
) -> tuple[bool, bool]:
    """(done, same profile as by text) for one persona; each tool call's time into `samples`."""
    sid = acc.client.post("/api/v1/configurator/sessions", headers=acc.auth).json()["id"]
    start = acc.client.post(f"/api/v1/configurator/sessions/{sid}/voice", headers=acc.auth).json()
    call = SandboxVoiceCall(acc.client, start["assistant"], start["assistant_overrides"])
    tenant = Tenant(acc.org_id)
    owner = Owner(persona)

    def pending() -> tuple[Any, ConfiguratorState, bool]:
        with app.services.db.unit_of_work(tenant.organization_id) as session:
            conv = SessionRepository(session, tenant).get(uuid.UUID(sid))
            return (
                service.current_reply(conv),
                ConfiguratorState.model_validate(conv.state),
                conv.done,
            )

    reply, state, done = pending()
    for _ in range(HARD_LIMIT + 2):
        if done:
            break
        line = owner.say(reply)
        t0 = time.perf_counter()
        call.say(line)
        samples.append((time.perf_counter() - t0) * 1000)
        reply, state, done = pending()
    return done, state.profile == run_persona(persona).state.profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    logging.getLogger("allokoli").setLevel(logging.WARNING)
    personas = load_personas()
    with sqlite_database() as urls:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            env="test",
            database_url=urls.app,
            secret_key=SECRET,
            log_level="WARNING",
            outbox_poll_seconds=0,
            reconcile_seconds=0,
            purge_seconds=0,
        )
        app = create_app(settings, database=Database(make_engine(urls.app)))
        acc = signup(app, "voix@exemple.fr", "Bench voix")
        run_voice(app, acc, personas[0], [])  # warm-up
        samples: list[float] = []
        done = same = 0
        for _ in range(args.rounds):
            done = same = 0
            for persona in personas:
                finished, identical = run_voice(app, acc, persona, samples)
                done += finished
                same += identical
        print(f"configurator tool call ({len(samples)} calls)  {summary(samples)}")
        p95 = sorted(samples)[int(0.95 * (len(samples) - 1))]
        verdict = "OK" if p95 <= TARGET_P95_MS else "ABOVE TARGET"
        print(f"p95 {p95:.1f} ms (target ≤ {TARGET_P95_MS:.0f} ms): {verdict}")
        print(f"personas done by voice: {done}/{len(personas)}; same profile as by text: {same}")


if __name__ == "__main__":
    main()
