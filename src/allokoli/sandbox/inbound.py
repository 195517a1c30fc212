"""An inbound phone call to a sandbox number, routed as Vapi routes it.

Vapi, when a call reaches a number:
- with an `assistantId`: the assistant answers;
- without one: sends `assistant-request` to the number's `server.url` (else the org's) and
  waits up to `server.timeoutSeconds` (default 20 s). The answer's `error` is spoken and the
  call ends; its `destination` takes the call straight there; its `assistantId` (or inline
  `assistant`) answers. When the request fails (timeout, HTTP error, an answer naming nothing)
  the call goes to the number's `fallbackDestination`, or is hung up with an error when there
  is none.

The sandbox plays exactly that (`POST /sandbox/vapi/call/inbound`, an extension: Vapi has no
route for it, its calls come from the telephone network). The request is signed like the
sandbox's other deliveries, and sent after the sandbox's own transaction (our webhook answers
it with a transaction of its own).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from allokoli.contracts.vapi_messages import (
    AssistantRequest,
    AssistantRequestResponse,
    CallRef,
    Customer,
    PhoneNumberRef,
    ServerMessage,
)
from allokoli.kit import outbound
from allokoli.sandbox.webhooks import HttpClientSource, auth_headers, encode

log = logging.getLogger("allokoli.sandbox")

DEFAULT_TIMEOUT_SECONDS = 20.0


class InboundCallIn(BaseModel):
    """The body of `POST /sandbox/vapi/call/inbound`."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    phone_number_id: str = Field(alias="phoneNumberId", min_length=1, max_length=64)
    customer_number: str | None = Field(
        default=None, alias="customerNumber", pattern=r"^\+[1-9]\d{1,14}$"
    )


Outcome = Literal["assistant", "transferred", "refused", "hung-up"]


@dataclass(frozen=True)
class Ring:
    """What the number says to do with the call, read in the sandbox's transaction."""

    call: dict[str, Any]
    assistant_id: str | None
    url: str | None
    headers: dict[str, str]
    plan: dict[str, Any] | None
    timeout: float
    fallback: dict[str, Any] | None


def request_message(ring: Ring) -> ServerMessage:
    call = CallRef.model_validate(ring.call)
    return ServerMessage(
        message=AssistantRequest(
            call=call,
            customer=call.customer,
            phone_number=PhoneNumberRef(id=call.phone_number_id),
        )
    )


def _answered(ring: Ring, outcome: Outcome, via: str, **extra: Any) -> dict[str, Any]:
    return {"id": ring.call["id"], "outcome": outcome, "via": via, **extra}


def _fallback(ring: Ring, why: str) -> dict[str, Any]:
    if ring.fallback is not None:
        return _answered(
            ring, "transferred", "fallbackDestination", destination=ring.fallback, reason=why
        )
    return _answered(ring, "hung-up", "no-fallback", reason=why)


def route(source: HttpClientSource, ring: Ring) -> dict[str, Any]:
    """Where the call went, as Vapi would route it."""
    if ring.assistant_id:
        return _answered(ring, "assistant", "phone-number", assistantId=ring.assistant_id)
    if not ring.url:
        return _fallback(ring, "no server url")
    body = encode(request_message(ring).wire())
    headers = {"content-type": "application/json", **ring.headers}
    headers.update(auth_headers(ring.plan, body, url=ring.url))
    policy = outbound.OutboundPolicy(max_bytes=64 * 1024, timeout=ring.timeout)
    try:
        if callable(source) and not hasattr(source, "post"):
            with source() as client:
                response = _send(client, ring, body, headers, policy)
        else:
            response = _send(source, ring, body, headers, policy)  # type: ignore[arg-type]
    except httpx.TimeoutException:
        return _fallback(ring, "timeout")
    except (httpx.HTTPError, outbound.OutboundRefused) as exc:
        log.warning("sandbox assistant-request to %s failed: %s", ring.url, exc)
        return _fallback(ring, "request failed")
    if response.status_code >= 300:
        return _fallback(ring, f"HTTP {response.status_code}")
    try:
        answer = AssistantRequestResponse.model_validate(json.loads(response.content))
    except (ValueError, ValidationError):
        return _fallback(ring, "unreadable answer")
    if answer.error:
        return _answered(ring, "refused", "assistant-request", message=answer.error)
    if answer.destination:
        return _answered(ring, "transferred", "assistant-request", destination=answer.destination)
    if answer.assistant_id or answer.assistant:
        return _answered(ring, "assistant", "assistant-request", assistantId=answer.assistant_id)
    return _fallback(ring, "no assistant named")


def _send(
    client: httpx.Client,
    ring: Ring,
    body: bytes,
    headers: Mapping[str, str],
    policy: outbound.OutboundPolicy,
) -> httpx.Response:
    request = client.build_request(
        "POST", str(ring.url), content=body, headers=dict(headers), timeout=ring.timeout
    )
    return outbound.send(client, request, policy)


def new_call(
    phone_id: str, number: str, customer: str | None, org_id: str, now: str
) -> dict[str, Any]:
    """The inbound call as Vapi's `Call` names it in the message."""
    return {
        "id": str(uuid.uuid4()),
        "orgId": org_id,
        "type": "inboundPhoneCall",
        "phoneNumberId": phone_id,
        "phoneNumber": {"id": phone_id, "number": number},
        "customer": Customer(number=customer).wire() if customer else {},
        "status": "ringing",
        "createdAt": now,
        "updatedAt": now,
    }
