"""Benchmark of the dress rehearsal, offline, on the sandbox (issue 19).

1. The time of a full rehearsal of one generated assistant (every scenario × 3 runs) through the
   sandbox's `/chat`, the official Vapi SDK and the ASGI app in process (target: ≤ 3 s for
   8 scenarios × 3 runs): median and p95 over `--rounds` rehearsals.
2. The pass rate over every subtype of the catalogue, with its rich and its minimal profile
   (the generation benchmark's profiles), and the rich one said with « tu » and closed for the
   holidays. Every failure is printed: it is a generator or a
   sandbox bug to fix.

    .venv/bin/python bench/rehearsal.py [--rounds N] [--runs N] [--only SUBTYPE]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
from bench._common import SECRET_KEY, organisation, percentile, sqlite_database  # noqa: E402
from bench.generation import _minimal, _rich  # noqa: E402

from allokoli.domain.catalogue import Family, Subtype  # noqa: E402
from allokoli.domain.profile import BusinessProfile  # noqa: E402


def _tutoiement(family: Family, subtype: Subtype) -> BusinessProfile:
    """The rich profile, said with « tu », closed for the year-end holidays."""
    data = _rich(family, subtype).model_dump(mode="json")
    data["tone"] = {"register": "tutoiement", "style": "décontracté"}
    data["opening_hours"]["closures"] = [
        {"start": "2026-12-28", "end": "2027-01-03", "reason": "congés de fin d'année"}
    ]
    return BusinessProfile.model_validate(data)


from fastapi.testclient import TestClient  # noqa: E402

from allokoli.app import create_app  # noqa: E402
from allokoli.assistants import service as assistants  # noqa: E402
from allokoli.auth.principal import Principal  # noqa: E402
from allokoli.db.engine import make_engine  # noqa: E402
from allokoli.db.session import Database  # noqa: E402
from allokoli.domain.catalogue import load_catalogue  # noqa: E402
from allokoli.generation.service import generate  # noqa: E402
from allokoli.rehearsal import service as rehearsals  # noqa: E402
from allokoli.settings import Settings  # noqa: E402

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # a Wednesday, 10:00 in Paris


class InProcess(httpx.BaseTransport):
    """The SDK's requests into the app in process (as the tests do)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        response = self.client.request(
            request.method, request.url.raw_path.decode(), headers=headers, content=request.read()
        )
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            content=response.content,
            request=request,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=None, help="one subtype id")
    args = parser.parse_args()
    logging.getLogger("allokoli").setLevel(logging.ERROR)

    with sqlite_database() as urls:
        org_id = organisation(urls.app)
        db = Database(make_engine(urls.app))
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            env="test",
            database_url=urls.app,
            secret_key=SECRET_KEY,
            log_level="ERROR",
            outbox_poll_seconds=0,
            reconcile_seconds=0,
            purge_seconds=0,
        )
        app = create_app(settings, database=db)
        app.services.clock = lambda: NOW
        principal = Principal(organization_id=org_id, role="owner")
        with TestClient(app) as client:
            in_process = httpx.Client(transport=InProcess(client), base_url="http://testserver")
            app.services.vapi_http_client = in_process
            app.services.sandbox_http_client = in_process
            gateway = app.services.gateway(org_id)
            catalogue = load_catalogue()
            pairs = [(f, s) for f, s in catalogue.all_subtypes() if args.only in (None, s.id)]

            def create(profile_factory, family, subtype) -> uuid.UUID:  # type: ignore[no-untyped-def]
                result = generate(profile_factory(family, subtype), now=NOW)
                with db.unit_of_work(tenant_id=org_id) as session:
                    return assistants.create_from_result(session, principal, result).id

            def rehearse(assistant_id: uuid.UUID):  # type: ignore[no-untyped-def]
                with db.unit_of_work(tenant_id=org_id) as session:
                    found = rehearsals.run(
                        session,
                        principal,
                        assistant_id,
                        gateway=gateway,
                        settings=settings,
                        clock=lambda: NOW,
                        runs=args.runs,
                    )
                    session.expunge(found)
                    return found

            # 1. Time of a full rehearsal (the first subtype's rich profile).
            family, subtype = pairs[0]
            timed = create(_rich, family, subtype)
            rehearse(timed)  # warm-up: the French pipeline, the SDK
            samples: list[float] = []
            counts = ""
            for _ in range(args.rounds):
                started = time.perf_counter()
                done = rehearse(timed)
                samples.append((time.perf_counter() - started) * 1000)
                counts = f"{done.scenario_count} scenarios × {done.runs_per_scenario} runs"
            print(f"full rehearsal ({subtype.id}, rich, {counts}, sandbox /chat via the SDK)")
            print(
                f"  p50 {statistics.median(samples):7.0f} ms  p95 {percentile(samples, 0.95):7.0f}"
                " ms  (target ≤ 3000 ms)"
            )

            # 2. Pass rate over every subtype, rich and minimal.
            failures: Counter[str] = Counter()
            passed_assistants = 0
            total_assistants = 0
            scenario_total = 0
            scenario_passed = 0
            per_family: dict[str, list[int]] = {}
            for family, subtype in pairs:
                variants = (("rich", _rich), ("minimal", _minimal), ("tu+closure", _tutoiement))
                for label, factory in variants:
                    done = rehearse(create(factory, family, subtype))
                    total_assistants += 1
                    passed_assistants += done.passed
                    scenario_total += done.scenario_count
                    scenario_passed += done.scenario_count - done.failed_count
                    fam = per_family.setdefault(family.id, [0, 0])
                    fam[0] += done.passed
                    fam[1] += 1
                    for result in done.results:
                        if result["passed"]:
                            continue
                        for problem in result["problems"]:
                            failures[f"{result['id']}: {problem}"] += 1
                        run = next(r for r in result["runs"] if not r["passed"])
                        print(f"FAIL {subtype.id} ({label}) · {result['title']}")
                        for problem in result["problems"]:
                            print(f"     - {problem}")
                        for turn in run["turns"]:
                            print(f"     > {turn['caller']}")
                            print(f"     < {turn['reply']}")
            print(
                f"\nassistants passing their whole rehearsal: {passed_assistants}/"
                f"{total_assistants} ({100 * passed_assistants / total_assistants:.1f} %)"
            )
            print(
                f"scenarios passing: {scenario_passed}/{scenario_total} "
                f"({100 * scenario_passed / scenario_total:.1f} %)"
            )
            for fam_id, (ok, n) in per_family.items():
                print(f"  {fam_id:<14} {ok:3d}/{n:<3d} assistants pass")
            if failures:
                print("\nmost frequent failures:")
                for text, count in failures.most_common(15):
                    print(f"  {count:4d}  {text}")
            in_process.close()
        db.dispose()


if __name__ == "__main__":
    main()
