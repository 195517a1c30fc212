"""Every API operation as a request description, shared by the sync and async clients.

`OPERATIONS` maps each operation id of `/openapi.json` to the client method that calls it
(the tests check that it covers the whole API).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter

from allokoli_sdk import models as m

T = TypeVar("T")
Id = uuid.UUID | str

OPERATIONS: dict[str, str] = {
    "health-check": "health",
    "accounts-me": "me",
    "accounts-revoke_sessions": "revoke_sessions",
    "accounts-list_api_keys": "api_keys.list",
    "accounts-create_api_key": "api_keys.create",
    "accounts-get_api_key": "api_keys.get",
    "accounts-revoke_api_key": "api_keys.revoke",
    "audit-list": "audit_log",
    "generation-generate": "generate",
    "assistants-list": "assistants.list",
    "assistants-create": "assistants.create",
    "assistants-import": "assistants.import_",
    "assistants-get": "assistants.get",
    "assistants-update": "assistants.update",
    "assistants-delete": "assistants.delete",
    "assistants-duplicate": "assistants.duplicate",
    "assistants-regenerate": "assistants.regenerate",
    "assistants-regenerate_preview": "assistants.regeneration_preview",
    "assistants-fiche": "assistants.fiche",
    "assistants-fiche_save": "assistants.save_fiche",
    "assistants-version_changes": "assistants.changes",
    "assistants-deploy": "assistants.deploy",
    "assistants-chat": "assistants.chat",
    "assistants-versions": "assistants.versions",
    "assistants-diff": "assistants.diff",
    "assistants-restore": "assistants.restore",
    "assistants-export": "assistants.export",
    "phone_numbers-provision": "assistants.provision_phone_number",
    "phone_numbers-release": "assistants.release_phone_number",
    "templates-list": "templates.list",
    "templates-create": "templates.create",
    "templates-delete": "templates.delete",
    "templates-create_assistant": "templates.create_assistant",
    "calls-list": "calls.list",
    "calls-get": "calls.get",
    "calls-list_for_assistant": "assistants.calls",
    "messages-list": "messages.list",
    "messages-update": "messages.update",
    "stats-get": "stats.get",
    "stats-alerts": "stats.alerts",
    "webhooks-list_events": "webhook_events.list",
    "configurator-start": "configurator.start",
    "configurator-reply": "configurator.reply",
    "configurator-get": "configurator.get",
    "configurator-list_unfinished": "configurator.list_unfinished",
    "configurator-voice_start": "configurator.voice",
}
"""Operation id → client method. `webhooks-vapi` is Vapi's, not a client's."""


@dataclass(frozen=True)
class Request(Generic[T]):
    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None


def _model(cls: type[T]) -> Callable[[httpx.Response], T]:
    adapter: TypeAdapter[T] = TypeAdapter(cls)
    return lambda response: adapter.validate_json(response.content)


def _nothing(response: httpx.Response) -> None:
    return None


def _json(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    return dict(body) if isinstance(body, dict) else {"value": body}


def _value(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _params(**values: Any) -> dict[str, Any]:
    return {k: _value(v) for k, v in values.items() if v is not None}


def _body(**values: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, BaseModel):
            value = value.model_dump(mode="json", exclude_none=True)
        out[key] = str(value) if isinstance(value, uuid.UUID) else value
    return out


def _id(value: Id | int) -> str:
    """A path segment; a malformed id is left for the server to refuse (422)."""
    return quote(str(value), safe="")


# --- accounts ------------------------------------------------------------------------------------


def health() -> Request[dict[str, Any]]:
    return Request("GET", "/healthz", _json)


def me() -> Request[m.Me]:
    return Request("GET", "/api/v1/me", _model(m.Me))


def revoke_sessions() -> Request[m.SessionsRevoked]:
    return Request("DELETE", "/api/v1/me/sessions", _model(m.SessionsRevoked))


def list_api_keys() -> Request[list[m.ApiKey]]:
    return Request("GET", "/api/v1/api-keys", _model(list[m.ApiKey]))


def create_api_key(name: str) -> Request[m.ApiKeyCreated]:
    return Request("POST", "/api/v1/api-keys", _model(m.ApiKeyCreated), json={"name": name})


def get_api_key(key_id: Id) -> Request[m.ApiKey]:
    return Request("GET", f"/api/v1/api-keys/{_id(key_id)}", _model(m.ApiKey))


def revoke_api_key(key_id: Id) -> Request[m.ApiKey]:
    return Request("DELETE", f"/api/v1/api-keys/{_id(key_id)}", _model(m.ApiKey))


def audit_log(entity: str | None, limit: int | None) -> Request[list[m.AuditEntry]]:
    return Request(
        "GET",
        "/api/v1/audit-log",
        _model(list[m.AuditEntry]),
        params=_params(entity=entity, limit=limit),
    )


# --- generation ----------------------------------------------------------------------------------


def generate(text: str | None, profile: Mapping[str, Any] | None) -> Request[m.GenerationResult]:
    return Request(
        "POST",
        "/api/v1/generate",
        _model(m.GenerationResult),
        json=_body(text=text, profile=profile),
    )


# --- assistants ----------------------------------------------------------------------------------

A = "/api/v1/assistants"


def list_assistants(
    q: str | None,
    status: str | None,
    sector: str | None,
    sort: str | None,
    limit: int | None,
    cursor: str | None,
) -> Request[m.Page[m.Assistant]]:
    return Request(
        "GET",
        A,
        _model(m.Page[m.Assistant]),
        params=_params(q=q, status=status, sector=sector, sort=sort, limit=limit, cursor=cursor),
    )


def create_assistant(
    text: str | None,
    profile: Mapping[str, Any] | None,
    config: Mapping[str, Any] | None,
    name: str | None,
) -> Request[m.AssistantDetail]:
    body = _body(text=text, profile=profile, config=config, name=name)
    return Request("POST", A, _model(m.AssistantDetail), json=body)


def import_assistant(document: m.ExportDocument | Mapping[str, Any]) -> Request[m.AssistantDetail]:
    doc = (
        document.model_dump(mode="json")
        if isinstance(document, m.ExportDocument)
        else dict(document)
    )
    return Request("POST", f"{A}/import", _model(m.AssistantDetail), json=doc)


def get_assistant(assistant_id: Id) -> Request[m.AssistantDetail]:
    return Request("GET", f"{A}/{_id(assistant_id)}", _model(m.AssistantDetail))


def update_assistant(assistant_id: Id, changes: dict[str, Any]) -> Request[m.AssistantDetail]:
    body = _body(**changes)
    return Request("PATCH", f"{A}/{_id(assistant_id)}", _model(m.AssistantDetail), json=body)


def delete_assistant(assistant_id: Id) -> Request[None]:
    return Request("DELETE", f"{A}/{_id(assistant_id)}", _nothing)


def duplicate_assistant(assistant_id: Id) -> Request[m.AssistantDetail]:
    return Request("POST", f"{A}/{_id(assistant_id)}/duplicate", _model(m.AssistantDetail))


def regenerate_assistant(
    assistant_id: Id, keep_owner_changes: bool = True
) -> Request[m.AssistantDetail]:
    return Request(
        "POST",
        f"{A}/{_id(assistant_id)}/regenerate",
        _model(m.AssistantDetail),
        json={"keep_owner_changes": keep_owner_changes},
    )


def regeneration_preview(
    assistant_id: Id, keep_owner_changes: bool = True
) -> Request[m.VersionChanges]:
    return Request(
        "GET",
        f"{A}/{_id(assistant_id)}/regenerate/preview",
        _model(m.VersionChanges),
        params={"keep_owner_changes": str(keep_owner_changes).lower()},
    )


def fiche(assistant_id: Id) -> Request[m.Fiche]:
    return Request("GET", f"{A}/{_id(assistant_id)}/fiche", _model(m.Fiche))


def save_fiche(assistant_id: Id, group: str, fields: dict[str, str]) -> Request[m.FicheSaved]:
    path = f"{A}/{_id(assistant_id)}/fiche/{_id(group)}"
    return Request("PUT", path, _model(m.FicheSaved), json=fields)


def changes(assistant_id: Id, from_version: int, to_version: int) -> Request[m.VersionChanges]:
    return Request(
        "GET",
        f"{A}/{_id(assistant_id)}/versions/changes",
        _model(m.VersionChanges),
        params={"from": from_version, "to": to_version},
    )


def deploy_assistant(assistant_id: Id) -> Request[m.DeployStatus]:
    return Request("POST", f"{A}/{_id(assistant_id)}/deploy", _model(m.DeployStatus))


def chat(assistant_id: Id, text: str, chat_id: str | None) -> Request[m.ChatReply]:
    return Request(
        "POST",
        f"{A}/{_id(assistant_id)}/chat",
        _model(m.ChatReply),
        json=_body(text=text, chat_id=chat_id),
    )


def versions(assistant_id: Id) -> Request[list[m.VersionInfo]]:
    return Request("GET", f"{A}/{_id(assistant_id)}/versions", _model(list[m.VersionInfo]))


def diff(assistant_id: Id, from_version: int, to_version: int) -> Request[m.VersionDiff]:
    return Request(
        "GET",
        f"{A}/{_id(assistant_id)}/versions/diff",
        _model(m.VersionDiff),
        params={"from": from_version, "to": to_version},
    )


def restore(assistant_id: Id, version: int) -> Request[m.AssistantDetail]:
    path = f"{A}/{_id(assistant_id)}/versions/{_id(version)}/restore"
    return Request("POST", path, _model(m.AssistantDetail))


def export(assistant_id: Id) -> Request[m.ExportDocument]:
    return Request("GET", f"{A}/{_id(assistant_id)}/export", _model(m.ExportDocument))


def assistant_calls(
    assistant_id: Id, limit: int | None, cursor: str | None
) -> Request[m.Page[m.Call]]:
    return Request(
        "GET",
        f"{A}/{_id(assistant_id)}/calls",
        _model(m.Page[m.Call]),
        params=_params(limit=limit, cursor=cursor),
    )


def provision_phone_number(assistant_id: Id, contains: str | None) -> Request[m.PhoneNumber]:
    return Request(
        "POST",
        f"{A}/{_id(assistant_id)}/phone-number",
        _model(m.PhoneNumber),
        json=_body(contains=contains),
    )


def release_phone_number(assistant_id: Id) -> Request[m.PhoneNumber]:
    return Request("DELETE", f"{A}/{_id(assistant_id)}/phone-number", _model(m.PhoneNumber))


# --- templates -----------------------------------------------------------------------------------


def list_templates() -> Request[list[m.Template]]:
    return Request("GET", "/api/v1/templates", _model(list[m.Template]))


def create_template(assistant_id: Id, name: str) -> Request[m.Template]:
    body = {"assistant_id": _id(assistant_id), "name": name}
    return Request("POST", "/api/v1/templates", _model(m.Template), json=body)


def delete_template(template_id: Id) -> Request[None]:
    return Request("DELETE", f"/api/v1/templates/{_id(template_id)}", _nothing)


def assistant_from_template(template_id: Id, company_name: str) -> Request[m.AssistantDetail]:
    return Request(
        "POST",
        f"/api/v1/templates/{_id(template_id)}/assistants",
        _model(m.AssistantDetail),
        json={"company_name": company_name},
    )


# --- configurator --------------------------------------------------------------------------------

C = "/api/v1/configurator/sessions"


def configurator_start() -> Request[m.ConfiguratorTurn]:
    return Request("POST", C, _model(m.ConfiguratorTurn))


def configurator_reply(session_id: Id, text: str) -> Request[m.ConfiguratorTurn]:
    return Request(
        "POST", f"{C}/{_id(session_id)}/turns", _model(m.ConfiguratorTurn), json={"text": text}
    )


def configurator_get(session_id: Id) -> Request[m.ConfiguratorSession]:
    return Request("GET", f"{C}/{_id(session_id)}", _model(m.ConfiguratorSession))


def configurator_unfinished() -> Request[list[m.ConfiguratorSummary]]:
    return Request("GET", C, _model(list[m.ConfiguratorSummary]))


def configurator_voice(session_id: Id) -> Request[m.ConfiguratorVoice]:
    return Request("POST", f"{C}/{_id(session_id)}/voice", _model(m.ConfiguratorVoice))


# --- calls, messages, stats, webhook events ------------------------------------------------------


def list_calls(
    assistant_id: Id | None,
    date_from: date | None,
    date_to: date | None,
    status: str | None,
    q: str | None,
    limit: int | None,
    cursor: str | None,
) -> Request[m.Page[m.Call]]:
    params = _params(
        assistant_id=assistant_id,
        status=status,
        q=q,
        limit=limit,
        cursor=cursor,
        **{"from": date_from, "to": date_to},
    )
    return Request("GET", "/api/v1/calls", _model(m.Page[m.Call]), params=params)


def get_call(call_id: Id) -> Request[m.CallDetail]:
    return Request("GET", f"/api/v1/calls/{_id(call_id)}", _model(m.CallDetail))


def list_messages(
    kind: str | None, handled: bool | None, limit: int | None, cursor: str | None
) -> Request[m.Page[m.TakenMessage]]:
    return Request(
        "GET",
        "/api/v1/messages",
        _model(m.Page[m.TakenMessage]),
        params=_params(kind=kind, handled=handled, limit=limit, cursor=cursor),
    )


def update_message(message_id: Id, handled: bool) -> Request[m.TakenMessage]:
    return Request(
        "PATCH",
        f"/api/v1/messages/{_id(message_id)}",
        _model(m.TakenMessage),
        json={"handled": handled},
    )


def stats(period: str) -> Request[m.Stats]:
    return Request("GET", "/api/v1/stats", _model(m.Stats), params={"period": period})


def alerts() -> Request[list[m.Alert]]:
    return Request("GET", "/api/v1/alerts", _model(list[m.Alert]))


def webhook_events(
    failed: bool | None, limit: int | None, cursor: str | None
) -> Request[m.Page[m.WebhookEvent]]:
    return Request(
        "GET",
        "/api/v1/webhook-events",
        _model(m.Page[m.WebhookEvent]),
        params=_params(failed=failed, limit=limit, cursor=cursor),
    )
