"""The LLM path of the sandbox chat, with a fake OpenAI-compatible endpoint at the HTTP
boundary (respx); any failure falls back to the deterministic receptionist."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from pydantic import SecretStr

from allokoli.app import create_app
from allokoli.db.session import Database
from allokoli.http.deps import AlloKoliApp
from allokoli.settings import Settings
from tests.sandbox.conftest import (
    AUTH,
    BASE,
    SandboxAccounts,
    SdkTestClient,
    assistant_body,
    post,
)

LLM = "http://llm.test/v1"


def completion(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "gpt-4.1-mini",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
            }
        ],
    }


@pytest.fixture
def llm_app(settings: Settings, database: Database) -> AlloKoliApp:
    configured = settings.model_copy(
        update={
            "llm_base_url": LLM,
            "llm_api_key": SecretStr("sk-llm"),
            "llm_model": "gpt-4.1-mini",
        }
    )
    return create_app(configured, database=database)


@pytest.fixture
def llm_api(llm_app: AlloKoliApp, sandbox_accounts: SandboxAccounts) -> Iterator[SdkTestClient]:
    with SdkTestClient(llm_app) as c:
        yield c


@pytest.fixture
def mock_llm() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=LLM, assert_all_called=False) as router:
        yield router


def _assistant(api: SdkTestClient, **overrides: Any) -> str:
    response = post(api, "/assistant", assistant_body(**overrides))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_the_llm_answers_with_the_assistants_prompt_and_history(
    llm_api: SdkTestClient, mock_llm: respx.MockRouter
) -> None:
    route = mock_llm.post("/chat/completions").mock(
        side_effect=[
            httpx.Response(200, json=completion("Nous sommes rue de la République à Lyon.")),
            httpx.Response(200, json=completion("Le samedi de 9 h à 17 h.")),
        ]
    )
    assistant_id = _assistant(llm_api)
    first = post(llm_api, "/chat", {"assistantId": assistant_id, "input": "Vous êtes où ?"}).json()
    assert first["output"][0]["content"] == "Nous sommes rue de la République à Lyon."
    second = post(llm_api, "/chat", {"previousChatId": first["id"], "input": "Et le samedi ?"})
    assert second.json()["output"][0]["content"] == "Le samedi de 9 h à 17 h."

    sent = json.loads(route.calls[1].request.content)
    assert route.calls[1].request.headers["authorization"] == "Bearer sk-llm"
    assert sent["model"] == "gpt-4.1-mini"
    assert sent["temperature"] == 0.3
    assert sent["messages"] == [
        {"role": "system", "content": "Tu es l'assistante du Salon Élise. N'invente rien."},
        {
            "role": "assistant",
            "content": "Bonjour, Salon Élise, je suis l'assistante virtuelle. Que puis-je faire ?",
        },
        {"role": "user", "content": "Vous êtes où ?"},
        {"role": "assistant", "content": "Nous sommes rue de la République à Lyon."},
        {"role": "user", "content": "Et le samedi ?"},
    ]
    call = llm_api.get(f"{BASE}/call", headers=AUTH).json()[0]
    assert "AI: Le samedi de 9 h à 17 h." in call["artifact"]["transcript"]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("too slow"),
        httpx.Response(500, json={"error": "boom"}),
        httpx.Response(200, json=completion("")),
    ],
    ids=["timeout", "server-error", "empty-answer"],
)
def test_any_llm_failure_falls_back_to_the_receptionist(
    llm_api: SdkTestClient, mock_llm: respx.MockRouter, failure: Any
) -> None:
    if isinstance(failure, Exception):
        route = mock_llm.post("/chat/completions").mock(side_effect=failure)
    else:
        route = mock_llm.post("/chat/completions").mock(return_value=failure)
    assistant_id = _assistant(llm_api)
    response = post(llm_api, "/chat", {"assistantId": assistant_id, "input": "Vous êtes où ?"})
    assert response.status_code == 201
    assert response.json()["output"][0]["content"].startswith(
        "Nous sommes au 12 rue de la République, 69002 Lyon."
    )
    assert route.call_count == 1  # no retry: the caller is waiting


def test_goodbye_ends_the_call_without_asking_the_llm(
    llm_api: SdkTestClient, mock_llm: respx.MockRouter
) -> None:
    route = mock_llm.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=completion("?"))
    )
    assistant_id = _assistant(llm_api)
    reply = post(llm_api, "/chat", {"assistantId": assistant_id, "input": "merci, au revoir"})
    assert (
        reply.json()["output"][0]["content"] == "Merci de votre appel et à bientôt au Salon Élise !"
    )
    assert route.call_count == 0
    call = llm_api.get(f"{BASE}/call", headers=AUTH).json()[0]
    assert call["status"] == "ended" and call["endedReason"] == "customer-ended-call"


def test_an_end_call_phrase_from_the_llm_ends_the_call(
    llm_api: SdkTestClient, mock_llm: respx.MockRouter
) -> None:
    mock_llm.post("/chat/completions").mock(
        return_value=httpx.Response(200, json=completion("Très bien, bonne journée à vous !"))
    )
    assistant_id = _assistant(llm_api, endCallPhrases=["bonne journée à vous"])
    body = {"assistantId": assistant_id, "input": "J'ai eu ce qu'il me fallait"}
    post(llm_api, "/chat", body)
    call = llm_api.get(f"{BASE}/call", headers=AUTH).json()[0]
    assert call["status"] == "ended" and call["endedReason"] == "assistant-ended-call"
