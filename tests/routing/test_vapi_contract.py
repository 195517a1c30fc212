"""What the routing feature sends Vapi, checked against Vapi's OpenAPI schema: the answers to
`assistant-request` and the screened phone number's PATCH body."""

from __future__ import annotations

import pytest

from allokoli.contracts.vapi_messages import AssistantRequestResponse
from allokoli.phone_numbers.screening import screened_route
from allokoli.routing import texts
from tests.vapi_schema import errors, openapi_path

pytestmark = pytest.mark.skipif(
    not openapi_path().exists(), reason="shared/vapi/openapi.json missing"
)

COMPONENT = "ServerMessageResponseAssistantRequest"


@pytest.mark.parametrize(
    "answer",
    [
        AssistantRequestResponse(assistant_id="asst-1"),
        AssistantRequestResponse(error=texts.BLOCKED_SPOKEN),
        AssistantRequestResponse(
            destination={"type": "number", "number": "+33612345678", "message": ""}
        ),
        AssistantRequestResponse(
            destination={
                "type": "number",
                "number": "+33612345678",
                "message": texts.BUDGET_TRANSFER,
            }
        ),
    ],
)
def test_assistant_request_answers_are_vapis(answer: AssistantRequestResponse) -> None:
    assert errors(answer.wire(), COMPONENT, strict=True) == []


@pytest.mark.parametrize("component", ["UpdateTwilioPhoneNumberDTO", "UpdateVapiPhoneNumberDTO"])
def test_the_screened_number_body_is_vapis(component: str) -> None:
    body = screened_route(
        "+33612345678",
        {"url": "https://allokoli.example.fr/webhooks/vapi/k", "headers": {"X-Vapi-Secret": "s"}},
    )
    assert body.pop("assistantId") is None  # `null` unsets it (Vapi's PATCH semantics)
    assert errors(body, component, strict=True) == []
    assert body["server"]["timeoutSeconds"] >= 1  # the spec's minimum
