"""Server messages the sandbox sends to `assistant.server.url`, authenticated as Vapi does.

That URL is always the organisation's own AlloKoli webhook (the service refuses any other), and
requests go through `kit.outbound.send`: no redirect followed, response size and time capped.

Delivery runs after the sandbox's transaction has committed (a background task of the chat
request), never raises, and does not retry (Vapi has no retries unless `server.backoffPlan` is
set). Failures are logged on the "allokoli.sandbox" logger.

Authentication follows the webhook credential named by `server.credentialId`:
- bearer plan: header `headerName` (default `Authorization`) = `Bearer <token>` (or the bare token
  when `bearerPrefixEnabled` is false);
- HMAC plan: header `signatureHeader` (default `x-signature`) = `signaturePrefix` + HMAC of
  `payloadFormat` (default `{timestamp}.{body}`) with `algorithm`, hex (default) or base64, and
  header `timestampHeader` (default `x-timestamp`) = Unix time in seconds;
and `server.headers` are sent as given.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import httpx

from allokoli.contracts.vapi_messages import ServerMessage
from allokoli.kit import outbound

log = logging.getLogger("allokoli.sandbox")

HttpClientFactory = Callable[[], httpx.Client]
HttpClientSource = httpx.Client | HttpClientFactory
"""`Services.sandbox_http_client`: a client (used as is, left open) or a factory of clients
(each delivery gets a new one and closes it)."""

_ALGORITHMS = {"sha256": hashlib.sha256, "sha512": hashlib.sha512, "sha1": hashlib.sha1}


DELIVERY_POLICY = outbound.OutboundPolicy(max_bytes=64 * 1024, timeout=5)
"""Our webhook answers `{}` or a short error within milliseconds."""


def default_http_client() -> httpx.Client:
    return outbound.new_client(DELIVERY_POLICY)


@dataclass(frozen=True)
class Delivery:
    """Messages for one server URL, sent in order."""

    url: str
    payloads: list[ServerMessage]
    headers: dict[str, str] = field(default_factory=dict)
    plan: dict[str, Any] | None = None
    """The credential's `authenticationPlan` (camelCase, as stored)."""


def encode(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def auth_headers(
    plan: Mapping[str, Any] | None,
    body: bytes,
    *,
    url: str,
    method: str = "POST",
    now: float | None = None,
) -> dict[str, str]:
    """The headers a Vapi credential adds to one request."""
    if not plan:
        return {}
    if plan.get("type") == "bearer":
        token = str(plan["token"])
        value = token if plan.get("bearerPrefixEnabled") is False else f"Bearer {token}"
        return {str(plan.get("headerName") or "Authorization"): value}
    if plan.get("type") != "hmac":
        return {}
    timestamp = str(int(now if now is not None else time.time()))
    include_timestamp = plan.get("includeTimestamp") is not False
    message_id = uuid.uuid4().hex
    default_format = "{timestamp}.{body}" if include_timestamp else "{body}"
    signed = (
        str(plan.get("payloadFormat") or default_format)
        .replace("{timestamp}", timestamp)
        .replace("{method}", method)
        .replace("{url}", url)
        .replace("{svix-id}", message_id)
    )
    before, _, after = signed.partition("{body}")
    data = before.encode() + body + after.encode() if "{body}" in signed else signed.encode()
    secret = str(plan["secretKey"])
    key = base64.b64decode(secret) if plan.get("secretIsBase64") else secret.encode()
    digest = hmac.new(key, data, _ALGORITHMS[str(plan.get("algorithm", "sha256"))])
    signature = (
        base64.b64encode(digest.digest()).decode()
        if plan.get("signatureEncoding") == "base64"
        else digest.hexdigest()
    )
    headers = {
        str(plan.get("signatureHeader") or "x-signature"): f"{plan.get('signaturePrefix') or ''}"
        f"{signature}"
    }
    if include_timestamp:
        headers[str(plan.get("timestampHeader") or "x-timestamp")] = timestamp
    if plan.get("messageIdHeader"):
        headers[str(plan["messageIdHeader"])] = message_id
    return headers


def deliver(source: HttpClientSource, delivery: Delivery) -> None:
    """POST every payload; log (never raise) what fails."""
    try:
        if not callable(source) or hasattr(source, "post"):
            # A client (anything with httpx.Client's API): shared, so left open.
            for payload in delivery.payloads:
                _post(cast(httpx.Client, source), delivery, payload)
            return
        with source() as client:
            for payload in delivery.payloads:
                _post(client, delivery, payload)
    except Exception:
        log.exception("sandbox webhook delivery to %s failed", delivery.url)


def _post(client: httpx.Client, delivery: Delivery, payload: ServerMessage) -> None:
    body = encode(payload.wire())
    headers = {"content-type": "application/json", **delivery.headers}
    headers.update(auth_headers(delivery.plan, body, url=delivery.url))
    kind = payload.message.type
    try:
        request = client.build_request("POST", delivery.url, content=body, headers=headers)
        response = outbound.send(client, request, DELIVERY_POLICY)
    except (httpx.HTTPError, outbound.OutboundRefused) as exc:
        log.warning("sandbox webhook %s to %s failed: %s", kind, delivery.url, exc)
        return
    if response.status_code >= 300:
        log.warning(
            "sandbox webhook %s to %s answered %s", kind, delivery.url, response.status_code
        )
