"""The MCP server over streamable HTTP (`/mcp`), through the official SDK's client, in-process."""

from __future__ import annotations

import uuid

import anyio
import httpx2
import pytest
from fastapi.testclient import TestClient
from mcp.shared.exceptions import MCPError

from allokoli.http.deps import AlloKoliApp
from tests.assistants.conftest import PIZZERIA, create
from tests.conftest import Account
from tests.mcp.conftest import BASE, data, error, http_transport, mcp_over_http

TOOLS = {
    "generate_assistant",
    "create_assistant",
    "list_assistants",
    "get_assistant",
    "update_assistant",
    "delete_assistant",
    "deploy_assistant",
    "chat_with_assistant",
    "rehearse_assistant",
    "provision_phone_number",
    "release_phone_number",
    "configurator_start",
    "configurator_reply",
    "list_calls",
    "get_call",
    "list_messages",
    "get_notification_settings",
    "update_notification_settings",
    "list_unanswered_questions",
    "answer_question",
    "list_listed_numbers",
    "add_listed_number",
    "remove_listed_number",
    "list_closures",
    "add_closure",
    "delete_closure",
    "get_budget",
    "set_budget",
    "check_availability",
    "list_bookings",
    "create_booking",
    "update_booking",
}
CONFIGURATOR_ANSWERS = [
    "Bonjour, je suis coiffeuse à Bordeaux, mon salon s'appelle Belle Mèche",
    "du mardi au samedi de 9h à 19h, fermé dimanche et lundi",
    "coupe femme 35 euros, coupe homme 22 euros, couleur à partir de 60 euros",
    "prendre les rendez-vous et les messages",
    "vouvoiement, chaleureux",
    "une voix féminine",
]


def test_lists_every_tool_with_a_schema_and_a_description(app: AlloKoliApp, alice: Account) -> None:
    async def main() -> None:
        async with mcp_over_http(app, alice.api_key) as mcp:
            tools = {t.name: t for t in (await mcp.list_tools()).tools}
            assert set(tools) == TOOLS
            for tool in tools.values():
                assert tool.description and len(tool.description) > 80, tool.name
                assert tool.input_schema["type"] == "object"
                assert tool.output_schema is not None, tool.name
            generate = tools["generate_assistant"].input_schema
            assert set(generate["properties"]) == {"text", "profile", "company_name"}
            assert generate["properties"]["text"]["anyOf"][0]["maxLength"] == 5000
            chat = tools["chat_with_assistant"].input_schema
            assert set(chat["required"]) == {"assistant_id", "text"}
            assert tools["list_calls"].annotations.read_only_hint is True  # type: ignore[union-attr]
            assert tools["delete_assistant"].annotations.destructive_hint is True  # type: ignore[union-attr]

    anyio.run(main)


def test_generate_create_deploy_chat_then_follow_the_calls(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    async def main() -> None:
        async with mcp_over_http(app, alice.api_key) as mcp:
            generated = data(await mcp.call_tool("generate_assistant", {"text": PIZZERIA}))
            assert generated["profile"]["company_name"] == "Pizzeria Da Marco"
            assert generated["vapi_assistant"]["firstMessage"]
            assert data(await mcp.call_tool("list_assistants", {}))["items"] == []

            profile = generated["profile"]
            created = data(await mcp.call_tool("create_assistant", {"profile": profile}))
            assert created["status"] == "draft" and created["version"] == 1
            aid = created["id"]

            deployed = data(await mcp.call_tool("deploy_assistant", {"assistant_id": aid}))
            assert deployed["status"] == "active", deployed["status_reason"]
            assert deployed["provider_id"]

            first = data(
                await mcp.call_tool(
                    "chat_with_assistant",
                    {"assistant_id": aid, "text": "Bonjour, vous êtes ouverts le lundi ?"},
                )
            )
            assert "ferm" in first["reply"].lower()
            data(
                await mcp.call_tool(
                    "chat_with_assistant",
                    {"assistant_id": aid, "text": "Merci, au revoir", "chat_id": first["chat_id"]},
                )
            )
            calls = data(await mcp.call_tool("list_calls", {"assistant_id": aid}))
            assert len(calls["items"]) == 1
            call = calls["items"][0]
            assert call["status"] == "ended" and call["assistant_name"] == "Pizzeria Da Marco"
            detail = data(await mcp.call_tool("get_call", {"call_id": call["id"]}))
            assert [t["role"] for t in detail["conversation"]][:2] == ["assistant", "caller"]
            assert data(await mcp.call_tool("list_calls", {"status": "failed"}))["items"] == []
            assert data(await mcp.call_tool("list_messages", {"kind": "message"}))["items"] == []

            phone = data(await mcp.call_tool("provision_phone_number", {"assistant_id": aid}))
            assert phone["status"] == "active" and phone["is_demo"] is True
            got = data(await mcp.call_tool("get_assistant", {"assistant_id": aid}))
            assert got["phone_number"]["number"] == phone["number"]
            conflict = error(await mcp.call_tool("delete_assistant", {"assistant_id": aid}))
            assert conflict["status"] == 409 and "Libérez" in conflict["detail"]

            updated = data(
                await mcp.call_tool(
                    "update_assistant",
                    {
                        "assistant_id": aid,
                        "changes": {"name": "Da Marco", "voice_gender": "masculine"},
                    },
                )
            )
            assert updated["name"] == "Da Marco" and updated["version"] == 2
            assert updated["status"] == "active" and updated["deployed_version"] == 2

            page = data(await mcp.call_tool("list_assistants", {"q": "marco", "limit": 1}))
            assert [a["id"] for a in page["items"]] == [aid]

            released = data(await mcp.call_tool("release_phone_number", {"assistant_id": aid}))
            assert released["status"] == "released"
            deleted = data(await mcp.call_tool("delete_assistant", {"assistant_id": aid}))
            assert deleted == {"id": aid, "deleted": True}
            gone = error(await mcp.call_tool("get_assistant", {"assistant_id": aid}))
            assert gone["status"] == 404

    anyio.run(main)


def test_configurator_turn_by_turn_creates_a_draft(app: AlloKoliApp, alice: Account) -> None:
    async def main() -> None:
        async with mcp_over_http(app, alice.api_key) as mcp:
            turn = data(await mcp.call_tool("configurator_start", {}))
            assert turn["reply"] and turn["done"] is False
            sid = turn["id"]
            for text in [*CONFIGURATOR_ANSWERS, "oui, c'est parfait", "oui", "oui"]:
                if turn["done"]:
                    break
                turn = data(
                    await mcp.call_tool("configurator_reply", {"session_id": sid, "text": text})
                )
            assert turn["done"] is True, turn
            assistant = data(
                await mcp.call_tool("get_assistant", {"assistant_id": turn["assistant_id"]})
            )
            assert assistant["profile"]["company_name"] == "Belle Mèche"
            finished = error(
                await mcp.call_tool("configurator_reply", {"session_id": sid, "text": "encore"})
            )
            assert finished["status"] == 409

    anyio.run(main)


def test_errors_are_tool_errors_with_the_french_message(
    app: AlloKoliApp, alice: Account, bob: Account
) -> None:
    bobs = create(bob)["id"]

    async def main() -> None:
        async with mcp_over_http(app, alice.api_key) as mcp:
            # Another tenant's id is simply not found.
            for tool in ("get_assistant", "deploy_assistant", "delete_assistant"):
                envelope = error(await mcp.call_tool(tool, {"assistant_id": bobs}))
                assert envelope["status"] == 404 and envelope["detail"] == "Assistant introuvable."
            chat = error(
                await mcp.call_tool("chat_with_assistant", {"assistant_id": bobs, "text": "Allô"})
            )
            assert chat["status"] == 404
            missing_call = error(await mcp.call_tool("get_call", {"call_id": str(uuid.uuid4())}))
            assert missing_call["status"] == 404
            # Bad arguments: French field errors.
            bad_id = error(await mcp.call_tool("get_assistant", {"assistant_id": "pas-un-id"}))
            assert bad_id["error"] == "ValidationError" and bad_id["status"] == 422
            assert bad_id["errors"][0] == {
                "field": "assistant_id",
                "message": "identifiant non valide",
                "type": "uuid_parsing",
            }
            both = error(await mcp.call_tool("generate_assistant", {}))
            assert both["detail"] == "Donnez soit « text » (une description), soit « profile »."
            short = error(await mcp.call_tool("chat_with_assistant", {"assistant_id": bobs}))
            assert "text : champ obligatoire" in short["detail"]
            nameless = error(await mcp.call_tool("create_assistant", {"text": "je suis plombier"}))
            assert nameless["error"] == "MissingCompanyName" and nameless["status"] == 422
            # generating from a nameless description says what was understood and what is
            # missing; the name given beside the text completes it
            text = "je suis pisciniste à Perpignan, entretien de piscines"
            missing = error(await mcp.call_tool("generate_assistant", {"text": text}))
            assert missing["status"] == 422 and missing["missing"] == ["company_name"]
            assert missing["sector"]["subtype"] == "artisan_generique"
            assert missing["profile"]["sector"]["label"] == "Pisciniste"
            assert "company_name" not in missing["profile"]
            named = data(
                await mcp.call_tool(
                    "generate_assistant", {"text": text, "company_name": "Bleu Lagon"}
                )
            )
            assert named["profile"]["company_name"] == "Bleu Lagon"
            bad_limit = error(await mcp.call_tool("list_calls", {"limit": 0}))
            assert bad_limit["errors"][0]["field"] == "limit"
            undeployed = create(alice)["id"]
            not_deployed = error(
                await mcp.call_tool("provision_phone_number", {"assistant_id": undeployed})
            )
            assert not_deployed["error"] == "NotDeployed" and not_deployed["status"] == 409
            bad_config = error(
                await mcp.call_tool(
                    "update_assistant",
                    {"assistant_id": undeployed, "changes": {"config_patch": {"voice": 3}}},
                )
            )
            assert bad_config["error"] == "InvalidAssistantConfig"
            nul = await mcp.call_tool("list_assistants", {"q": "pizza\x00"})
            assert not nul.is_error or error(nul)["error"] == "ValueRefused"  # PostgreSQL
            unknown = await mcp.call_tool("no_such_tool", {})
            assert unknown.is_error

    anyio.run(main)


def _post_mcp(app: AlloKoliApp, headers: dict[str, str]) -> httpx2.Response:
    async def main() -> httpx2.Response:
        async with (
            http_transport(app) as transport,
            httpx2.AsyncClient(transport=transport, base_url=BASE) as http,
        ):
            return await http.post(
                "/mcp",
                json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                headers={"Accept": "application/json, text/event-stream", **headers},
            )

    return anyio.run(main)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer ak_nope_nope"}, {"Authorization": "Basic abc"}],
    ids=["no-key", "bad-key", "not-bearer"],
)
def test_http_without_a_valid_key_is_401(app: AlloKoliApp, headers: dict[str, str]) -> None:
    response = _post_mcp(app, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body["error"] in {"Unauthorized", "InvalidApiKey"} and body["detail"]


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


def test_the_sdk_client_cannot_connect_with_a_bad_key(app: AlloKoliApp) -> None:
    async def main() -> None:
        async with mcp_over_http(app, "ak_bad_key"):
            pytest.fail("connected with a bad key")  # pragma: no cover

    with pytest.raises(BaseExceptionGroup) as info:
        anyio.run(main)
    assert any(isinstance(leaf, MCPError) for leaf in _leaves(info.value))


def test_a_revoked_key_stops_working_at_once(app: AlloKoliApp, alice: Account) -> None:
    second = alice.client.post(
        "/api/v1/api-keys", json={"name": "agent"}, headers=alice.auth
    ).json()
    auth = {"Authorization": f"Bearer {second['key']}"}

    async def main() -> None:
        async with mcp_over_http(app, second["key"]) as mcp:
            assert data(await mcp.call_tool("list_assistants", {}))["items"] == []
            r = alice.client.delete(f"/api/v1/api-keys/{second['id']}", headers=alice.auth)
            assert r.status_code == 200
            with pytest.raises(MCPError):
                await mcp.call_tool("list_assistants", {})

    anyio.run(main)
    response = _post_mcp(app, auth)
    assert response.status_code == 401
    assert response.json() == {"error": "InvalidApiKey", "detail": "Clé API invalide ou révoquée."}


def test_mcp_requests_count_against_the_key_rate_limit(app: AlloKoliApp, alice: Account) -> None:
    app.services.rate_limiter.capacity = 2.0
    app.services.rate_limiter.rate = 2 / 60
    first = _post_mcp(app, alice.auth)
    second = _post_mcp(app, alice.auth)
    third = _post_mcp(app, alice.auth)
    assert first.status_code == 200 and second.status_code == 200
    assert third.status_code == 429 and int(third.headers["retry-after"]) >= 1
    assert third.json()["error"] == "RateLimited"
