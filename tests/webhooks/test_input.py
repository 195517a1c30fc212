"""What a delivery must be before anything is stored: a finite, fresh timestamp; JSON of a bounded
depth; the JSON media type. Each refusal stores nothing."""

from __future__ import annotations

import json
import time

from sqlalchemy import func, select

from allokoli.db.session import Database
from allokoli.kit.security import hmac_sha256_hex
from allokoli.models import TakenMessage, WebhookEvent
from allokoli.webhooks.auth import sign
from tests.webhooks.conftest import Hook, call_payload, status_update

JSON = {"content-type": "application/json"}


def _stored(database: Database, hook: Hook) -> tuple[int, int]:
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        events = s.scalar(select(func.count()).where(WebhookEvent.organization_id == hook.org_id))
        messages = s.scalar(select(func.count()).where(TakenMessage.organization_id == hook.org_id))
    return int(events or 0), int(messages or 0)


def test_a_signed_timestamp_must_be_a_finite_number(hook: Hook, database: Database) -> None:
    body = json.dumps({"message": status_update(hook, call_payload(hook), "ringing")}).encode()
    now = int(time.time())
    stamps = ["nan", "NaN", "-nan", "inf", "Infinity", "-inf", f"{now:_}", f"{now}e0", "0x1"]
    for stamp in stamps:
        signature = hmac_sha256_hex(hook.secret, stamp.encode() + b"." + body)
        headers = JSON | {"x-timestamp": stamp, "x-signature": signature}
        r = hook.client.post(hook.url, content=body, headers=headers)
        assert r.status_code == 401, stamp
        assert r.json()["detail"] == "Signature du webhook invalide."
    assert _stored(database, hook) == (0, 0)
    fresh = JSON | sign(body, hook.secret, now)
    assert hook.client.post(hook.url, content=body, headers=fresh).status_code == 200


def test_deeply_nested_json_is_400_not_500(hook: Hook, database: Database) -> None:
    depth = 100_000
    nested_body = b"[" * depth + b"]" * depth
    inside = (
        b'{"message": {"type": "status-update", "status": "ringing", "x": ' + nested_body + b"}}"
    )
    for body in (nested_body, inside):
        headers = JSON | sign(body, hook.secret, int(time.time()))
        r = hook.client.post(hook.url, content=body, headers=headers)
        assert r.status_code == 400
        assert r.json()["detail"] == "Le corps de la requête n'est pas du JSON valide."
    # Tool arguments sent as a JSON string are parsed with the same bound: no arguments.
    tool = {
        "type": "tool-calls",
        "call": call_payload(hook),
        "toolCallList": [
            {
                "id": "deep-1",
                "function": {"name": "take_message", "arguments": "[" * depth + "]" * depth},
            }
        ],
    }
    r = hook.post(tool)
    assert r.status_code == 200
    assert r.json()["results"][0]["error"].startswith("Il me manque votre nom")
    assert _stored(database, hook) == (1, 0)  # the tool call's answer, no message


def test_only_the_json_media_type_is_accepted(hook: Hook, database: Database) -> None:
    refused = [
        None,
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/json",
        "application/jsonx",
        "application/json; charset=latin-1",
        "application/json; boundary=x",
    ]
    for content_type in refused:
        body = json.dumps({"message": status_update(hook, call_payload(hook), "ringing")}).encode()
        headers = sign(body, hook.secret, int(time.time()))
        if content_type is not None:
            headers["content-type"] = content_type
        r = hook.client.post(hook.url, content=body, headers=headers)
        assert r.status_code == 415, content_type
        assert r.json()["error"] == "UnsupportedMediaType"
    assert _stored(database, hook) == (0, 0)
    accepted = [
        "application/json",
        "Application/JSON; charset=UTF-8",
        'application/json;charset="utf-8"',
    ]
    for content_type in accepted:
        body = json.dumps({"message": status_update(hook, call_payload(hook), "ringing")}).encode()
        headers = sign(body, hook.secret, int(time.time())) | {"content-type": content_type}
        assert hook.client.post(hook.url, content=body, headers=headers).status_code == 200
    assert _stored(database, hook) == (len(accepted), 0)


def test_secrets_echoed_by_the_provider_are_never_stored(hook: Hook, database: Database) -> None:
    """Vapi may echo the assistant, whose `server.headers` carry our X-Vapi-Secret."""
    message = status_update(hook, call_payload(hook), "ringing")
    message["assistant"] = {
        "name": "Da Marco",
        "server": {"url": hook.url, "headers": {"X-Vapi-Secret": "secret-echoed-123"}},
        "credentials": [{"provider": "twilio", "authToken": "twilio-token-456"}],
    }
    body = json.dumps({"message": message}).encode()
    r = hook.client.post(
        hook.url, content=body, headers=JSON | sign(body, hook.secret, int(time.time()))
    )
    assert r.status_code == 200
    with database.unit_of_work(tenant_id=hook.org_id) as s:
        stored = s.scalars(select(WebhookEvent.payload)).all()
    assert len(stored) == 1
    text = json.dumps(stored[0])
    assert "secret-echoed-123" not in text and "twilio-token-456" not in text
    assert stored[0]["assistant"]["name"] == "Da Marco"
