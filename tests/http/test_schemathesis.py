"""Property-based tests of the REST API from its own `/openapi.json` (Schemathesis).

One bounded, deterministic run of Schemathesis's engine (fixed seed, derandomized generation, a
few examples per operation) over every documented operation, authenticated with an API key. It
fails on any of these classes of mismatch between the document and the code:

- a server error (5xx);
- a schema-valid request refused (positive data acceptance): 4xx other than 401/403/404/409/429;
- an undeclared method answered with something other than 405 + `Allow` (coverage phase);
- a response whose status, content type, headers or body the document does not describe.

Every operation is fuzzed, the chat one included (through the embedded sandbox). Schemathesis
cancels a request after 10 s; the Vapi client is warmed first, as a server does before it takes
traffic (`vapi_sdk_warm`). (The gateway used to parse answers into the SDK's types, 20-40 s of
CPU to build on first use: that, not the chat itself, is why `/chat` used to time out here.)

It runs once, on PostgreSQL: the production database, whose stricter types (a NUL byte in a
text, a length beyond a column's) are where a fuzzer finds server errors that SQLite lets by.
Run on both, it cost two minutes of the suite's twenty for what the other tests already cover.
"""

from __future__ import annotations

import collections
import os
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from allokoli.http.deps import AlloKoliApp
from tests.assistants.conftest import create
from tests.conftest import Account

# A larger local run: ALLOKOLI_SCHEMATHESIS_EXAMPLES=200 pytest tests/http/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("ALLOKOLI_SCHEMATHESIS_EXAMPLES", "2"))
CHECKS = [
    "not_a_server_error",
    "positive_data_acceptance",
    "unsupported_method",
    "allow_header_conformance",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
]

ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]
# Bodies checked beyond what JSON Schema can say, refused with a French 422 naming the field: a
# Vapi config (checked against our models of Vapi's schema, validators included), phone numbers
# (libphonenumber), opening hours in order, a description that names no company, a fiche group's
# fields (they depend on the group and go through the configurator's French parsers). Everything
# else these operations take is described exactly; every other operation gets no 422 at all.
# Why `config` stays an open object in the document: describing it with our Vapi models (their
# JSON Schema: deep `anyOf` unions, discriminators, patterns) made Schemathesis fail to generate
# or to validate ~8,000 cases, and the validators that give the 422 (our models' Python
# validators, libphonenumber) have no JSON Schema form anyway: the allowance stays.
SEMANTIC_422 = [
    "generation-generate",
    "assistants-create",
    "assistants-import",
    "assistants-update",
    "assistants-fiche_save",
    # Bookings: a slot in the past, on a closed day or outside the hours, an unknown service, a
    # callback number that is not French, a duplicate name: refused with the French reason.
    "bookings-create",
    "bookings-update",
    "bookings-cancel",
    "bookings-availability",
    "bookings-settings_get",
    "bookings-resources_add",
    "bookings-services_add",
    # A name another resource or service has (case and accents aside), a resource a service
    # still uses, a service with bookings: refused with the setup page's French reason.
    "bookings-resources_update",
    "bookings-resources_delete",
    "bookings-services_update",
    "bookings-services_delete",
    "bookings-blocks_add",
    # Call routing and notifications: a number that is not French, dates that are not dates, a
    # zero budget, an e-mail that is not one: refused with the French reason.
    "routing-add_number",
    "routing-create_closure",
    "routing-set_budget",
    "notifications-update",
    "sms_opt_outs-create",
    "sms_opt_outs-delete",
]


def _config(auth: dict[str, str]) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": 20_261_204,
            "headers": auth,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True},
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "checks": {
                "enabled": False,
                **{name: {"enabled": True} for name in CHECKS},
                "positive_data_acceptance": {"enabled": True, "expected-statuses": ACCEPTED},
            },
            "operations": [
                {
                    "include-operation-id": operation_id,
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}
                    },
                }
                for operation_id in SEMANTIC_422
            ],
        }
    )


@pytest.mark.pg
@pytest.mark.usefixtures("vapi_sdk_warm")
def test_api_conforms_to_its_openapi(app: AlloKoliApp, client: TestClient, alice: Account) -> None:
    app.services.rate_limiter.capacity = 1e9  # this test is a burst by design
    create(alice)  # something to list, export, duplicate…
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=_config(alice.auth))
    failures: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    statuses: collections.Counter[int] = collections.Counter()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            recorder = event.recorder
            for interaction in recorder.interactions.values():
                if interaction.response is not None:
                    statuses[interaction.response.status_code] += 1
            for checks in recorder.checks.values():
                for check in checks:
                    if check.status is Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info
                        failures[(check.name, recorder.label)].append(
                            f"{failure.failure.title}: {failure.failure.message}\n"
                            f"{failure.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError | events.FatalError):
            error: Any = getattr(event, "value", None) or getattr(event, "exception", None)
            failures[("error", getattr(event, "label", ""))].append(repr(error))
    report = "\n\n".join(
        f"{name} — {label} ({len(found)}):\n{found[0]}"
        for (name, label), found in sorted(failures.items())
    )
    assert not failures, report
    # Both kinds of data were exercised: accepted requests and refused ones, and 405s.
    assert sum(n for code, n in statuses.items() if code < 300) > 50, statuses
    assert statuses[422] > 50 and statuses[404] > 10 and statuses[405] > 20, statuses
