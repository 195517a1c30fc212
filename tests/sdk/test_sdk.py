"""The Python SDK against the app in-process: every method, sync and async, and every error."""

from __future__ import annotations

import inspect
import uuid
from datetime import date
from typing import Any

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

import allokoli_sdk
from allokoli.http.deps import AlloKoliApp
from allokoli_sdk import (
    AlloKoli,
    AsyncAlloKoli,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RateLimitError,
    ValidationError,
)
from allokoli_sdk import errors as sdk_errors
from allokoli_sdk import models as sdk_models
from allokoli_sdk._endpoints import OPERATIONS
from tests.assistants.conftest import PIZZERIA
from tests.conftest import Account, InProcessTransport

BASE = "http://testserver"
MESSAGE_CALL = [
    "Bonjour, je voudrais laisser un message",
    "Paul Martin",
    "06 12 34 56 78",
    "c'est pour un devis mariage",
    "oui",
    "non merci, au revoir",
]
ANSWERS = [
    "Bonjour, je suis coiffeuse à Bordeaux, mon salon s'appelle Belle Mèche",
    "du mardi au samedi de 9h à 19h, fermé dimanche et lundi",
    "coupe femme 35 euros, coupe homme 22 euros",
    "prendre les rendez-vous et les messages",
    "vouvoiement, chaleureux",
    "une voix féminine",
    "oui, c'est parfait",
    "oui",
]


def sdk(client: TestClient, key: str) -> AlloKoli:
    return AlloKoli(api_key=key, base_url=BASE, transport=InProcessTransport(client))


def test_all_is_complete_and_importable() -> None:
    public = {
        name
        for module in (sdk_errors, sdk_models)
        for name in module.__all__
        if not name.startswith("_")
    }
    assert public | {"AlloKoli", "AsyncAlloKoli", "__version__"} == set(allokoli_sdk.__all__)
    for name in allokoli_sdk.__all__:
        assert getattr(allokoli_sdk, name) is not None
    for module in (sdk_errors, sdk_models):
        defined = {
            n
            for n, v in vars(module).items()
            if inspect.isclass(v) and v.__module__ == module.__name__ and not n.startswith("_")
        }
        assert defined == set(module.__all__), module.__name__


def test_the_sdk_covers_every_operation_of_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()} - {
        "webhooks-vapi"
    }
    missing = operations - set(OPERATIONS)
    assert not missing, f"operations without an SDK method: {sorted(missing)}"
    assert not set(OPERATIONS) - operations, "SDK methods for operations that do not exist"
    clients: list[Any] = [
        AlloKoli(api_key="ak_x_y", base_url=BASE),
        AsyncAlloKoli(api_key="ak_x_y", base_url=BASE),
    ]
    for target in OPERATIONS.values():
        for api in clients:
            owner = api
            *resource, name = target.split(".")
            if resource:
                owner = getattr(api, resource[0])
            method = getattr(owner, name)
            if isinstance(api, AsyncAlloKoli):
                assert inspect.iscoroutinefunction(method), target
            else:
                assert callable(method), target


def test_sync_and_async_clients_have_the_same_methods() -> None:
    import allokoli_sdk.async_client as a
    import allokoli_sdk.client as s

    pairs = [(s.AlloKoli, a.AsyncAlloKoli)] + [
        (getattr(s, n), getattr(a, "Async" + n))
        for n in (
            "ApiKeys",
            "Assistants",
            "Templates",
            "Configurator",
            "Calls",
            "Messages",
            "Bookings",
            "StatsResource",
            "WebhookEvents",
            "Numbers",
            "Closures",
            "BudgetResource",
        )
    ]
    for sync, asynchronous in pairs:
        sync_methods = {n for n in vars(sync) if not n.startswith("_")}
        async_methods = {n for n in vars(asynchronous) if not n.startswith("_")}
        assert sync_methods == async_methods, sync.__name__
        for name in sync_methods:
            assert list(inspect.signature(getattr(sync, name)).parameters) == list(
                inspect.signature(getattr(asynchronous, name)).parameters
            ), f"{sync.__name__}.{name}"


def test_models_match_the_api_schemas(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    pairs: dict[str, type[BaseModel]] = {
        "MeOut": sdk_models.Me,
        "OrganizationOut": sdk_models.Organization,
        "ApiKeyOut": sdk_models.ApiKey,
        "ApiKeyCreated": sdk_models.ApiKeyCreated,
        "AuditEntryOut": sdk_models.AuditEntry,
        "PhoneNumberOut": sdk_models.PhoneNumber,
        "AssistantOut": sdk_models.Assistant,
        "AssistantDetail": sdk_models.AssistantDetail,
        "DeployOut": sdk_models.DeployStatus,
        "ChatOut": sdk_models.ChatReply,
        "VersionOut": sdk_models.VersionInfo,
        "VersionDiff": sdk_models.VersionDiff,
        "ChangesOut": sdk_models.VersionChanges,
        "FieldChange": sdk_models.FieldChange,
        "PromptLineOut": sdk_models.PromptLine,
        "FicheOut": sdk_models.Fiche,
        "FicheGroupOut": sdk_models.FicheGroup,
        "FicheSaved": sdk_models.FicheSaved,
        "ExportDocument": sdk_models.ExportDocument,
        "TemplateOut": sdk_models.Template,
        "SectorInfo": sdk_models.SectorInfo,
        "QualityReport": sdk_models.QualityReport,
        "CostEstimate": sdk_models.CostEstimate,
        "GenerationResult": sdk_models.GenerationResult,
        "SessionReply": sdk_models.ConfiguratorTurn,
        "TurnOut": sdk_models.ConfiguratorTurnOut,
        "SessionDetail": sdk_models.ConfiguratorSession,
        "SessionSummary": sdk_models.ConfiguratorSummary,
        "TakenMessageOut": sdk_models.TakenMessage,
        "CallOut": sdk_models.Call,
        "CallTurn": sdk_models.CallTurn,
        "CallDetail": sdk_models.CallDetail,
        "WebhookEventOut": sdk_models.WebhookEvent,
        "DayStats": sdk_models.DayStats,
        "AssistantStats": sdk_models.AssistantStats,
        "ReasonStats": sdk_models.ReasonStats,
        "Stats": sdk_models.Stats,
        "AlertOut": sdk_models.Alert,
        "FieldError": sdk_models.FieldError,
        "NumberRuleOut": sdk_models.NumberRule,
        "ClosureOut": sdk_models.Closure,
        "BudgetOut": sdk_models.Budget,
        "RehearsalSummary": sdk_models.Rehearsal,
        "RehearsalOut": sdk_models.RehearsalReport,
        "CallScenarioOut": sdk_models.CallScenario,
        "BookingOut": sdk_models.Booking,
        "BookingPage": sdk_models.BookingPage,
        "Slot": sdk_models.Slot,
        "Availability": sdk_models.Availability,
        "SettingsOut": sdk_models.BookingSettings,
        "ResourceOut": sdk_models.BookingResource,
        "ServiceOut": sdk_models.BookingService,
        "BlockOut": sdk_models.BookingBlock,
    }
    for name, model in pairs.items():
        schema = schemas[name]
        assert set(model.model_fields) == set(schema["properties"]), name
        required = {n for n, f in model.model_fields.items() if f.is_required()}
        assert required <= set(schema.get("required", [])), name


def test_every_sync_method_against_the_app(
    app: AlloKoliApp, client: TestClient, alice: Account, bob: Account
) -> None:
    api = sdk(client, alice.api_key)
    assert api.health() == {"status": "ok", "database": "ok"}
    me = api.me()
    assert me.via == "api_key" and me.organization.name == "Pizzeria Alice"

    created_key = api.api_keys.create("script")
    assert created_key.key.startswith("ak_")
    assert {k.name for k in api.api_keys.list()} == {"tests", "script"}
    assert api.api_keys.get(created_key.id).name == "script"
    assert api.api_keys.revoke(created_key.id).revoked_at is not None
    with pytest.raises(AuthenticationError) as denied:
        sdk(client, created_key.key).me()
    assert denied.value.status_code == 401 and denied.value.error == "InvalidApiKey"

    generated = api.generate(text=PIZZERIA)
    assert generated.profile["company_name"] == "Pizzeria Da Marco"
    assert 0 <= generated.quality.score <= 100 and generated.cost.monthly_eur > 0
    assert api.generate(profile=generated.profile).vapi_assistant["firstMessage"]

    pizzeria = api.assistants.create(text=PIZZERIA)
    assert pizzeria.status == "draft" and pizzeria.config["firstMessage"]
    salon = api.assistants.create(
        text="Salon Belle Mèche à Bordeaux, ouvert du mardi au samedi de 9h à 19h", name="Salon"
    )
    assert api.assistants.get(pizzeria.id).name == pizzeria.name
    assert [a.id for a in api.assistants.list(q="salon").items] == [salon.id]
    first = api.assistants.list(limit=1, sort="name")
    assert len(first.items) == 1 and first.next_cursor
    assert {a.id for a in api.assistants.iter(page_size=1)} == {pizzeria.id, salon.id}

    edited = api.assistants.update(salon.id, first_message="Bonjour, salon Belle Mèche, bienvenue.")
    assert edited.version == 2
    assert [v.version for v in api.assistants.versions(salon.id)] == [2, 1]
    assert "Belle Mèche, bienvenue" in api.assistants.diff(salon.id, 1, 2).diff
    assert api.assistants.restore(salon.id, 1).version == 3
    copy = api.assistants.duplicate(salon.id)
    assert copy.name.endswith("(copie)")
    assert api.assistants.regenerate(pizzeria.id).id == pizzeria.id
    assert api.assistants.fiche(salon.id).values["company_name"]
    saved = api.assistants.save_fiche(salon.id, "prestations", {"services": "Coupe : 30 €"})
    assert saved.assistant.version == 4 and saved.changes[0].after == "Coupe : 30 €"
    assert api.assistants.changes(salon.id, 3, 4).changes == saved.changes
    preview = api.assistants.regeneration_preview(salon.id, keep_owner_changes=False)
    assert preview.changes == [] and preview.prompt == []  # just regenerated from its facts
    document = api.assistants.export(salon.id)
    assert document.format == "allokoli.assistant"
    imported = api.assistants.import_(document)
    assert imported.config == document.config
    assert api.assistants.import_(document.model_dump(mode="json")).name == document.name

    template = api.templates.create(pizzeria.id, "Modèle pizzeria")
    assert [t.id for t in api.templates.list()] == [template.id]
    from_template = api.templates.create_assistant(template.id, "Pizzeria Luigi")
    assert from_template.name and from_template.status == "draft"
    api.templates.delete(template.id)
    assert api.templates.list() == []

    deployed = api.assistants.deploy(pizzeria.id, poll_interval=0.01)
    assert deployed.status == "active", deployed.status_reason
    reply = api.assistants.chat(pizzeria.id, MESSAGE_CALL[0])
    for line in MESSAGE_CALL[1:]:
        reply = api.assistants.chat(pizzeria.id, line, chat_id=reply.chat_id)
    phone = api.assistants.provision_phone_number(pizzeria.id)
    assert phone.is_demo and api.assistants.get(pizzeria.id).phone_number == phone
    with pytest.raises(ConflictError) as conflict:
        api.assistants.delete(pizzeria.id)
    assert "Libérez" in conflict.value.detail
    assert api.assistants.release_phone_number(pizzeria.id).status == "released"

    calls = api.calls.list(assistant_id=pizzeria.id, date_from=date(2000, 1, 1))
    assert len(calls.items) == 1 and calls.items[0].status == "ended"
    assert [c.id for c in api.calls.iter(page_size=1)] == [calls.items[0].id]
    assert api.assistants.calls(pizzeria.id).items == calls.items
    call = api.calls.get(calls.items[0].id)
    assert call.conversation and call.taken_messages
    messages = api.messages.list(kind="message")
    assert messages.items[0].caller_name == "Paul Martin"
    handled = api.messages.update(messages.items[0].id, handled=True)
    assert handled.handled is True
    assert [m.id for m in api.messages.iter(handled=True)] == [handled.id]
    assert api.stats.get("30d").calls == 1
    assert isinstance(api.stats.alerts(), list)
    assert api.webhook_events.list(limit=5).items
    assert {e.entity for e in api.audit_log(limit=200)} >= {"assistant", "api_key"}

    turn = api.configurator.start()
    for text in ANSWERS:
        if turn.done:
            break
        turn = api.configurator.reply(turn.id, text)
    assert turn.done and turn.assistant_id
    assert api.configurator.get(turn.id).transcript
    assert api.configurator.list_unfinished() == []

    api.assistants.delete(copy.id)
    with pytest.raises(NotFoundError) as gone:
        api.assistants.get(copy.id)
    assert gone.value.detail == "Assistant introuvable."
    # Another organisation's assistant is "not found".
    with pytest.raises(NotFoundError):
        sdk(client, bob.api_key).assistants.get(pizzeria.id)


def test_errors_map_one_to_one(client: TestClient, alice: Account) -> None:
    api = sdk(client, alice.api_key)
    with pytest.raises(ValidationError) as invalid:
        api.assistants.create(text="je suis plombier", name="x")
    assert invalid.value.status_code == 422 and invalid.value.error == "MissingCompanyName"
    with pytest.raises(ValidationError) as fields:
        api.assistants.chat(uuid.uuid4(), "")
    assert fields.value.errors[0].field == "text"
    with pytest.raises(ValidationError):
        api.calls.get("pas-un-id")
    with pytest.raises(NotFoundError):  # `/assistants/{id:uuid}`: not an assistant's address
        api.assistants.get("pas-un-id")
    with pytest.raises(AuthenticationError):
        sdk(client, "ak_nope_nope").me()
    with pytest.raises(AuthenticationError):
        AlloKoli(api_key="", base_url=BASE)


def test_rate_limit_error_carries_retry_after(
    app: AlloKoliApp, client: TestClient, alice: Account
) -> None:
    app.services.rate_limiter.capacity = 1.0
    app.services.rate_limiter.rate = 1 / 60
    api = sdk(client, alice.api_key)
    api.me()
    with pytest.raises(RateLimitError) as limited:
        api.me()
    assert limited.value.status_code == 429 and limited.value.retry_after
    assert 1 <= limited.value.retry_after <= 60
    assert isinstance(limited.value, allokoli_sdk.AlloKoliError)


def test_connection_errors_are_wrapped() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    api = AlloKoli(api_key="ak_x_y", base_url=BASE, transport=httpx.MockTransport(refuse))
    with pytest.raises(allokoli_sdk.APIConnectionError) as info:
        api.me()
    assert info.value.status_code is None


def test_error_without_envelope() -> None:
    def teapot(request: httpx.Request) -> httpx.Response:
        return httpx.Response(502, text="Bad Gateway")

    transport = httpx.MockTransport(teapot)
    with (
        AlloKoli(api_key="ak_x_y", base_url=BASE, transport=transport) as api,
        pytest.raises(allokoli_sdk.ProviderError) as info,
    ):
        api.me()
    assert info.value.detail == "Bad Gateway"


def test_async_client_against_the_app(app: AlloKoliApp, client: TestClient, alice: Account) -> None:
    async def main() -> None:
        transport = httpx.ASGITransport(app=app)
        async with AsyncAlloKoli(api_key=alice.api_key, base_url=BASE, transport=transport) as api:
            assert (await api.me()).organization.name == "Pizzeria Alice"
            created = await api.assistants.create(text=PIZZERIA)
            assert [a.id async for a in api.assistants.iter(page_size=1)] == [created.id]
            deployed = await api.assistants.deploy(created.id, poll_interval=0.01)
            assert deployed.status == "active", deployed.status_reason
            reply = await api.assistants.chat(created.id, "Vous êtes ouverts le lundi ?")
            await api.assistants.chat(created.id, "Merci, au revoir", chat_id=reply.chat_id)
            calls = [c async for c in api.calls.iter()]
            assert len(calls) == 1
            assert (await api.calls.get(calls[0].id)).id == calls[0].id
            assert [m async for m in api.messages.iter()] == []
            assert (await api.stats.get("today")).calls == 1
            with pytest.raises(NotFoundError):
                await api.assistants.get(uuid.uuid4())
            turn = await api.configurator.start()
            assert (await api.configurator.get(turn.id)).transcript
            assert [u.id for u in await api.configurator.list_unfinished()] == [turn.id]

    anyio.run(main)
