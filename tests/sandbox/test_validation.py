"""Invalid bodies answer 400 in Vapi's shape; the error lists what is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import (
    AUTH,
    BASE,
    HOOK,
    OTHER_AUTH,
    SdkTestClient,
    assistant_body,
    post,
)


def _bad_request(response: Any) -> list[str]:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "Bad Request" and body["statusCode"] == 400
    assert isinstance(body["message"], list) and body["message"]
    return list(body["message"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"name": "x" * 41}, "name"),
        ({"nom": "Salon"}, "property nom should not exist"),
        ({"voice": {"provider": "azure"}}, "voiceId"),
        ({"voice": {"provider": "azure", "voiceId": "v", "speed": 3}}, "speed"),
        ({"firstMessageMode": "speak-first"}, "firstMessageMode"),
        ({"name": None}, "name should not be null"),
        ({"maxDurationSeconds": "600"}, "maxDurationSeconds"),
        ([{"name": "liste"}], "request body must be a JSON object"),
    ],
)
def test_invalid_assistant_bodies(api: SdkTestClient, body: Any, expected: str) -> None:
    messages = _bad_request(post(api, "/assistant", body))
    assert any(expected in m for m in messages), messages


def test_unparsable_json(api: SdkTestClient) -> None:
    response = api.post(
        f"{BASE}/assistant",
        content=b"{not json",
        headers={**AUTH, "content-type": "application/json"},
    )
    assert _bad_request(response) == ["request body is not valid JSON"]


def test_patch_validates_the_merged_assistant(api: SdkTestClient) -> None:
    created = post(api, "/assistant", assistant_body()).json()
    path = f"{BASE}/assistant/{created['id']}"
    messages = _bad_request(api.patch(path, json={"voice": {"provider": "azure"}}, headers=AUTH))
    assert any("voiceId" in m for m in messages)
    messages = _bad_request(api.patch(path, json={"unknown": 1}, headers=AUTH))
    assert messages == ["property unknown should not exist"]
    ok = api.patch(path, json={"name": "Nouveau nom"}, headers=AUTH)
    assert ok.status_code == 200 and ok.json()["name"] == "Nouveau nom"
    assert api.get(path, headers=AUTH).json()["voice"]["voiceId"] == "fr-FR-DeniseNeural"


def test_server_credential_must_exist(api: SdkTestClient) -> None:
    body = assistant_body(server={"url": HOOK, "credentialId": "missing"})
    assert _bad_request(post(api, "/assistant", body)) == [
        "server.credentialId missing does not exist"
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"provider": "twilio", "number": "0612345678", "twilioAccountSid": "AC1"}, "number"),
        ({"provider": "twilio", "number": "+33612345678"}, "twilioAccountSid"),
        ({"provider": "vonage", "number": "+33612345678"}, "provider"),
        ({"number": "+33612345678"}, "provider"),
        ({"provider": "vapi", "name": "x" * 41}, "name"),
        ({"provider": "vapi", "assistantId": "nope"}, "assistantId nope does not exist"),
        ({"provider": "vapi", "sipUri": "sip:x@y"}, "property sipUri should not exist"),
    ],
)
def test_invalid_phone_number_bodies(api: SdkTestClient, body: Any, expected: str) -> None:
    messages = _bad_request(post(api, "/phone-number", body))
    assert any(expected in m for m in messages), messages


def test_twilio_number_is_unique_per_account(api: SdkTestClient) -> None:
    body = {"provider": "twilio", "number": "+33612345678", "twilioAccountSid": "AC1"}
    assert post(api, "/phone-number", body).status_code == 201
    assert _bad_request(post(api, "/phone-number", body)) == [
        "number +33612345678 already exists in this account"
    ]
    other = OTHER_AUTH
    assert post(api, "/phone-number", body, headers=other).status_code == 201


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"assistantId": "a"}, "input should not be empty"),
        ({"input": "Bonjour"}, "Requires at least one of"),
        ({"input": 42, "assistant": {}}, "input"),
        ({"input": [{"role": "robot", "content": "x"}], "assistant": {}}, "role"),
        ({"input": "x", "assistant": {"name": "y" * 41}}, "assistant.name"),
        ({"input": "x", "assistant": {}, "stream": True}, "stream"),
        ({"input": "x", "assistant": {}, "transport": {}}, "property transport should not exist"),
        (
            {"input": "x", "previousChatId": "a", "sessionId": "b"},
            "sessionId and previousChatId are mutually exclusive",
        ),
        ({"input": [{"role": "assistant", "content": "Bonjour"}], "assistant": {}}, "user message"),
    ],
)
def test_invalid_chat_bodies(api: SdkTestClient, body: Any, expected: str) -> None:
    messages = _bad_request(post(api, "/chat", body))
    assert any(expected in m for m in messages), messages


def test_chat_with_unknown_references_is_404(api: SdkTestClient) -> None:
    response = post(api, "/chat", {"input": "x", "assistantId": "nope"})
    assert response.status_code == 404
    assert response.json() == {
        "message": "Couldn't Find Assistant.",
        "error": "Not Found",
        "statusCode": 404,
    }
    response = post(api, "/chat", {"input": "x", "previousChatId": "nope"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"provider": "webhook"}, "authenticationPlan"),
        ({"provider": "openai", "apiKey": "k"}, "provider must be webhook"),
        (
            {"provider": "webhook", "authenticationPlan": {"type": "hmac", "secretKey": "s"}},
            "algorithm",
        ),
        (
            {
                "provider": "webhook",
                "authenticationPlan": {
                    "type": "oauth2",
                    "url": "https://x",
                    "clientId": "a",
                    "clientSecret": "b",
                },
            },
            "oauth2 is not supported",
        ),
        (
            {
                "provider": "webhook",
                "authenticationPlan": {"type": "bearer", "token": "t"},
                "name": "",
            },
            "name",
        ),
    ],
)
def test_invalid_credentials(api: SdkTestClient, body: Any, expected: str) -> None:
    messages = _bad_request(post(api, "/credential", body))
    assert any(expected in m for m in messages), messages


def test_list_filters_are_checked(api: SdkTestClient) -> None:
    assert _bad_request(api.get(f"{BASE}/assistant?limit=abc", headers=AUTH)) == [
        "limit must be a number"
    ]
    assert _bad_request(api.get(f"{BASE}/assistant?createdAtGt=hier", headers=AUTH)) == [
        "createdAtGt must be a valid ISO 8601 date string"
    ]
    created = post(api, "/assistant", {"name": "A"}).json()
    after = api.get(f"{BASE}/assistant", params={"createdAtGt": created["createdAt"]}, headers=AUTH)
    assert after.json() == []
    upto = api.get(f"{BASE}/assistant", params={"createdAtLe": created["createdAt"]}, headers=AUTH)
    assert [a["id"] for a in upto.json()] == [created["id"]]
