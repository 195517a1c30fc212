"""Property-based tests of the REST API from its own `/openapi.json` (Schemathesis).

A bounded run (a few examples per operation, authenticated with an API key) asserting that no
request gets a 5xx and that every response conforms to the documented schema: status code,
content type, headers and body. Webhooks (Vapi's) and the sandbox are out of scope.
"""

from __future__ import annotations

import itertools
from typing import Any

import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.assistants.conftest import create
from tests.conftest import Account

MAX_EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_api_conforms_to_its_openapi(app: FastAPI, client: TestClient, alice: Account) -> None:
    app.state.rate_limiter.capacity = 1e9  # this test is a burst by design
    create(alice)  # something to list, export, duplicate…
    config = SchemathesisConfig.from_dict(
        {
            "generation": {"max-examples": MAX_EXAMPLES},
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config).exclude(
        path_regex=r"^/(webhooks|sandbox)/"
    )
    failures: list[str] = []
    statuses: dict[int, int] = {}
    tested: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation, mode in itertools.product(operations, GenerationMode):
        tested.append(f"{operation.label} ({mode.value})")

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            response = case.call_and_validate(headers=alice.auth, checks=CHECKS)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        try:
            check()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE, operation.label  # nothing to get wrong
        except (
            Exception,
            BaseExceptionGroup,
        ) as exc:  # collect every operation's failures, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert len(operations) >= 40, tested
    # Both kinds of data were exercised: accepted requests and refused ones.
    assert sum(n for code, n in statuses.items() if code < 300) > 50, statuses
    assert statuses.get(422, 0) > 50 and statuses.get(404, 0) > 10, statuses
    assert not failures, "\n\n".join(failures)
