"""The official Vapi SDK against the sandbox, in process, on every route AlloKoli uses."""

from __future__ import annotations

from typing import Any

import pytest
from vapi import Vapi
from vapi.core.api_error import ApiError
from vapi.phone_numbers import (
    CreatePhoneNumbersRequest_Twilio,
    CreatePhoneNumbersRequest_Vapi,
    UpdatePhoneNumbersRequestBody_Vapi,
)

from tests.sandbox.conftest import (
    AUTH,
    BASE,
    OTHER_TOKEN,
    PROFILE,
    SdkTestClient,
    assistant_body,
    sdk,
)


def _create(vapi: Vapi, **overrides: Any) -> Any:
    body = assistant_body(**overrides)
    return vapi.assistants.create(
        name=body["name"],
        first_message=body["firstMessage"],
        end_call_message=body["endCallMessage"],
        model=body["model"],
        voice=body["voice"],
        transcriber=body["transcriber"],
        metadata=body["metadata"],
    )


def test_assistant_crud_through_the_sdk(vapi: Vapi) -> None:
    created = _create(vapi)
    assert created.id and created.org_id and created.created_at and created.updated_at
    assert created.name == "Salon Élise"
    assert created.metadata["allokoliProfile"]["company_name"] == PROFILE["company_name"]

    fetched = vapi.assistants.get(created.id)
    assert fetched.id == created.id
    assert fetched.voice.voice_id == "fr-FR-DeniseNeural"
    assert fetched.model.messages[0].content.startswith("Tu es l'assistante")

    other = _create(vapi, name="Autre")
    listed = vapi.assistants.list()
    assert [a.id for a in listed] == [other.id, created.id]  # newest first
    assert len(vapi.assistants.list(limit=1)) == 1

    updated = vapi.assistants.update(created.id, name="Salon Élise & Co", first_message="Allô !")
    assert updated.name == "Salon Élise & Co"
    assert updated.first_message == "Allô !"
    assert updated.voice.voice_id == "fr-FR-DeniseNeural"  # untouched properties are kept
    assert updated.updated_at >= created.updated_at

    deleted = vapi.assistants.delete(created.id)
    assert deleted.id == created.id
    with pytest.raises(ApiError) as exc:
        vapi.assistants.get(created.id)
    assert exc.value.status_code == 404
    assert exc.value.body["statusCode"] == 404


def test_phone_numbers_through_the_sdk(vapi: Vapi) -> None:
    assistant = _create(vapi)
    demo = vapi.phone_numbers.create(
        request=CreatePhoneNumbersRequest_Vapi(assistant_id=assistant.id, name="Démo")
    )
    assert demo.provider == "vapi"
    assert demo.number == "+33199000000"  # fiction range reserved by ARCEP
    assert demo.status == "active"
    second = vapi.phone_numbers.create(request=CreatePhoneNumbersRequest_Vapi())
    assert second.number == "+33199000001"

    imported = vapi.phone_numbers.create(
        request=CreatePhoneNumbersRequest_Twilio(
            number="+33612345678",
            twilio_account_sid="ACtest-not-a-real-account-sid",
            twilio_auth_token="secret-token",
            assistant_id=assistant.id,
        )
    )
    assert imported.provider == "twilio"
    assert imported.number == "+33612345678"
    assert imported.assistant_id == assistant.id

    assert vapi.phone_numbers.get(demo.id).number == demo.number
    assert {p.id for p in vapi.phone_numbers.list()} == {demo.id, second.id, imported.id}

    moved = vapi.phone_numbers.update(
        second.id, request=UpdatePhoneNumbersRequestBody_Vapi(assistant_id=assistant.id)
    )
    assert moved.assistant_id == assistant.id
    assert moved.number == "+33199000001"

    vapi.phone_numbers.delete(demo.id)
    again = vapi.phone_numbers.create(request=CreatePhoneNumbersRequest_Vapi())
    assert again.number == "+33199000000"  # the freed number is allocated again


def test_chat_and_calls_through_the_sdk(vapi: Vapi) -> None:
    assistant = _create(vapi)
    first = vapi.chats.create(assistant_id=assistant.id, input="Bonjour, vous êtes où ?")
    assert first.id and first.org_id == assistant.org_id
    assert first.assistant_id == assistant.id
    assert "12 rue de la République" in first.output[0].content

    second = vapi.chats.create(previous_chat_id=first.id, input="Merci, au revoir !")
    assert second.output[0].content == "Merci de votre appel et à bientôt au Salon Élise !"
    assert [m.role for m in second.messages][-1] == "user"

    calls = vapi.calls.list(assistant_id=assistant.id)
    assert len(calls) == 1
    call = vapi.calls.get(calls[0].id)
    assert call.type == "webCall"
    assert call.status == "ended"
    assert call.ended_reason == "customer-ended-call"
    assert call.cost == 0
    assert call.artifact.transcript.splitlines() == [
        "AI: Bonjour, Salon Élise, je suis l'assistante virtuelle. Que puis-je faire ?",
        "User: Bonjour, vous êtes où ?",
        f"AI: {first.output[0].content}",
        "User: Merci, au revoir !",
        "AI: Merci de votre appel et à bientôt au Salon Élise !",
    ]
    assert "adresse" in call.analysis.summary
    assert call.started_at <= call.ended_at
    assert vapi.calls.list(phone_number_id="x") == []


def test_chat_with_inline_assistant_and_session(vapi: Vapi) -> None:
    first = vapi.chats.create(
        assistant=assistant_body(), input="Vous êtes ouverts le dimanche ?", session_id="s-1"
    )
    assert "fermés" in first.output[0].content
    follow = vapi.chats.create(session_id="s-1", input="et le samedi ?")
    assert "neuf heures à dix-sept heures" in follow.output[0].content
    calls = vapi.calls.list()
    assert len(calls) == 1
    assert calls[0].assistant_id is None and calls[0].assistant.name == "Salon Élise"


def test_each_token_is_a_separate_account(api: SdkTestClient, vapi: Vapi) -> None:
    created = _create(vapi)
    bob = sdk(api, OTHER_TOKEN)
    assert bob.assistants.list() == []
    with pytest.raises(ApiError) as exc:
        bob.assistants.get(created.id)
    assert exc.value.status_code == 404
    with pytest.raises(ApiError):
        bob.chats.create(assistant_id=created.id, input="Bonjour")
    assert created.org_id != bob.assistants.create(name="Bob").org_id


def test_credentials_routes(api: SdkTestClient) -> None:
    body = {
        "provider": "webhook",
        "name": "AlloKoli webhooks",
        "authenticationPlan": {"type": "bearer", "token": "t0k3n", "headerName": "X-Vapi-Secret"},
    }
    created = api.post(f"{BASE}/credential", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["provider"] == "webhook" and data["authenticationPlan"]["type"] == "bearer"
    assert {"id", "orgId", "createdAt", "updatedAt", "authenticationSession"} <= set(data)
    got = api.get(f"{BASE}/credential/{data['id']}", headers=AUTH)
    assert got.json()["id"] == data["id"]
    assert [c["id"] for c in api.get(f"{BASE}/credential", headers=AUTH).json()] == [data["id"]]
    assert api.delete(f"{BASE}/credential/{data['id']}", headers=AUTH).status_code == 200
    assert api.get(f"{BASE}/credential/{data['id']}", headers=AUTH).status_code == 404


def test_authentication_is_required(api: SdkTestClient) -> None:
    for headers in ({}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}):
        response = api.get(f"{BASE}/assistant", headers=headers)
        assert response.status_code == 401
        assert response.json() == {
            "message": "Invalid Key. Hot tip, you may be using the private key instead of the "
            "public key, or vice versa.",
            "error": "Unauthorized",
            "statusCode": 401,
        }


def test_unknown_routes_and_ids_answer_like_vapi(api: SdkTestClient) -> None:
    response = api.get(f"{BASE}/squad", headers=AUTH)
    assert response.status_code == 404
    assert response.json() == {
        "message": "Cannot GET /squad",
        "error": "Not Found",
        "statusCode": 404,
    }
    for path in ("/assistant/nope", "/call/7d1c2f7e-0000-4000-8000-000000000000", "/chat/x"):
        response = api.get(f"{BASE}{path}", headers=AUTH)
        assert response.status_code == 404
        assert response.json()["error"] == "Not Found"
