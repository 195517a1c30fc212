"""Every API operation as a request description, shared by the sync and async clients.

`OPERATIONS` maps each operation id of `/openapi.json` to the client method that calls it
(the tests check that it covers the whole API).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
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
    "rehearsals-run": "assistants.rehearse",
    "rehearsals-list": "assistants.rehearsals",
    "rehearsals-get": "assistants.rehearsal",
    "rehearsals-override": "assistants.override_rehearsal",
    "rehearsals-scenario_from_call": "calls.to_rehearsal_scenario",
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
    "notifications-get": "notifications.get",
    "notifications-update": "notifications.update",
    "notifications-deliveries": "notifications.deliveries",
    "knowledge_gaps-list": "knowledge_gaps.list",
    "knowledge_gaps-answer": "knowledge_gaps.answer",
    "sms_opt_outs-list": "sms_opt_outs.list",
    "sms_opt_outs-create": "sms_opt_outs.create",
    "sms_opt_outs-delete": "sms_opt_outs.delete",
    "bookings-list": "bookings.list",
    "bookings-create": "bookings.create",
    "bookings-get": "bookings.get",
    "bookings-update": "bookings.update",
    "bookings-cancel": "bookings.cancel",
    "bookings-availability": "bookings.availability",
    "bookings-settings_get": "bookings.settings",
    "bookings-settings_set": "bookings.set_settings",
    "bookings-resources_add": "bookings.add_resource",
    "bookings-resources_list": "bookings.resources",
    "bookings-resources_update": "bookings.update_resource",
    "bookings-resources_delete": "bookings.delete_resource",
    "bookings-services_add": "bookings.add_service",
    "bookings-services_list": "bookings.services",
    "bookings-services_update": "bookings.update_service",
    "bookings-services_delete": "bookings.delete_service",
    "bookings-blocks_add": "bookings.block",
    "routing-list_numbers": "numbers.list",
    "routing-add_number": "numbers.add",
    "routing-get_number": "numbers.get",
    "routing-remove_number": "numbers.remove",
    "routing-add_caller_of_call": "numbers.add_caller_of_call",
    "routing-list_closures": "closures.list",
    "routing-create_closure": "closures.create",
    "routing-get_closure": "closures.get",
    "routing-delete_closure": "closures.delete",
    "routing-get_budget": "budget.get",
    "routing-set_budget": "budget.set",
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


def rehearse(assistant_id: Id, runs: int | None) -> Request[m.RehearsalReport]:
    return Request(
        "POST",
        f"{A}/{_id(assistant_id)}/rehearsals",
        _model(m.RehearsalReport),
        json=_body(runs=runs),
    )


def rehearsals(assistant_id: Id) -> Request[list[m.Rehearsal]]:
    return Request("GET", f"{A}/{_id(assistant_id)}/rehearsals", _model(list[m.Rehearsal]))


def rehearsal(assistant_id: Id, rehearsal_id: Id) -> Request[m.RehearsalReport]:
    return Request(
        "GET",
        f"{A}/{_id(assistant_id)}/rehearsals/{_id(rehearsal_id)}",
        _model(m.RehearsalReport),
    )


def override_rehearsal(assistant_id: Id, reason: str) -> Request[m.RehearsalReport]:
    return Request(
        "POST",
        f"{A}/{_id(assistant_id)}/rehearsals/override",
        _model(m.RehearsalReport),
        json=_body(reason=reason),
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


def call_to_rehearsal_scenario(call_id: Id) -> Request[m.CallScenario]:
    return Request(
        "POST", f"/api/v1/calls/{_id(call_id)}/rehearsal-scenario", _model(m.CallScenario)
    )


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


# --- call routing: number lists, closures, budget -----------------------------------------------


def list_numbers(
    kind: str | None, limit: int | None, offset: int | None
) -> Request[list[m.NumberRule]]:
    return Request(
        "GET",
        "/api/v1/numbers",
        _model(list[m.NumberRule]),
        params=_params(kind=kind, limit=limit, offset=offset),
    )


def add_number(number: str, kind: str, label: str | None) -> Request[m.NumberRule]:
    return Request(
        "POST",
        "/api/v1/numbers",
        _model(m.NumberRule),
        json=_body(number=number, kind=kind, label=label),
    )


def get_number(rule_id: Id) -> Request[m.NumberRule]:
    return Request("GET", f"/api/v1/numbers/{_id(rule_id)}", _model(m.NumberRule))


def remove_number(rule_id: Id) -> Request[m.NumberRule]:
    return Request("DELETE", f"/api/v1/numbers/{_id(rule_id)}", _model(m.NumberRule))


def add_caller_of_call(call_id: Id, kind: str) -> Request[m.NumberRule]:
    return Request(
        "POST",
        f"/api/v1/calls/{_id(call_id)}/caller-rule",
        _model(m.NumberRule),
        json={"kind": kind},
    )


def list_closures() -> Request[list[m.Closure]]:
    return Request("GET", "/api/v1/closures", _model(list[m.Closure]))


def create_closure(
    starts_on: date | str, ends_on: date | str, message: str | None, assistant_id: Id | None
) -> Request[m.Closure]:
    return Request(
        "POST",
        "/api/v1/closures",
        _model(m.Closure),
        json=_body(
            starts_on=_value(starts_on),
            ends_on=_value(ends_on),
            message=message,
            assistant_id=assistant_id,
        ),
    )


def get_closure(closure_id: Id) -> Request[m.Closure]:
    return Request("GET", f"/api/v1/closures/{_id(closure_id)}", _model(m.Closure))


def delete_closure(closure_id: Id) -> Request[m.Closure]:
    return Request("DELETE", f"/api/v1/closures/{_id(closure_id)}", _model(m.Closure))


def get_budget() -> Request[m.Budget]:
    return Request("GET", "/api/v1/budget", _model(m.Budget))


def set_budget(monthly_budget_eur: float | None, auto_pause: bool) -> Request[m.Budget]:
    return Request(
        "PUT",
        "/api/v1/budget",
        _model(m.Budget),
        json={"monthly_budget_eur": monthly_budget_eur, "auto_pause": auto_pause},
    )


# --- bookings ---------------------------------------------------------------------------------


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def list_bookings(
    assistant_id: Id | None,
    date_from: date | None,
    date_to: date | None,
    status: str | None,
    limit: int | None,
    offset: int | None,
) -> Request[m.BookingPage]:
    return Request(
        "GET",
        "/api/v1/bookings",
        _model(m.BookingPage),
        params=_params(
            assistant_id=assistant_id,
            **{"from": date_from, "to": date_to},
            status=status,
            limit=limit,
            offset=offset,
        ),
    )


def create_booking(
    assistant_id: Id,
    start_at: datetime,
    service: str,
    party_size: int | None,
    customer_name: str | None,
    callback_number: str | None,
    note: str | None,
    status: str | None,
) -> Request[m.Booking]:
    return Request(
        "POST",
        "/api/v1/bookings",
        _model(m.Booking),
        json=_body(
            assistant_id=assistant_id,
            start_at=_when(start_at),
            service=service,
            party_size=party_size,
            customer_name=customer_name,
            callback_number=callback_number,
            note=note,
            status=status,
        ),
    )


def get_booking(booking_id: Id) -> Request[m.Booking]:
    return Request("GET", f"/api/v1/bookings/{_id(booking_id)}", _model(m.Booking))


def update_booking(
    booking_id: Id, start_at: datetime | None, status: str | None
) -> Request[m.Booking]:
    return Request(
        "PATCH",
        f"/api/v1/bookings/{_id(booking_id)}",
        _model(m.Booking),
        json=_body(start_at=_when(start_at), status=status),
    )


def cancel_booking(booking_id: Id) -> Request[m.Booking]:
    return Request("POST", f"/api/v1/bookings/{_id(booking_id)}/cancel", _model(m.Booking))


def availability(
    assistant_id: Id,
    day: date | None,
    service: str | None,
    party_size: int | None,
    limit: int | None,
) -> Request[m.Availability]:
    return Request(
        "GET",
        f"/api/v1/assistants/{_id(assistant_id)}/availability",
        _model(m.Availability),
        params=_params(date=day, service=service, party_size=party_size, limit=limit),
    )


def booking_settings(assistant_id: Id) -> Request[m.BookingSettings]:
    return Request(
        "GET",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-settings",
        _model(m.BookingSettings),
    )


def set_booking_settings(
    assistant_id: Id,
    mode: str | None,
    min_notice_minutes: int | None,
    horizon_days: int | None,
    slot_step_minutes: int | None,
) -> Request[m.BookingSettings]:
    return Request(
        "PUT",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-settings",
        _model(m.BookingSettings),
        json=_body(
            mode=mode,
            min_notice_minutes=min_notice_minutes,
            horizon_days=horizon_days,
            slot_step_minutes=slot_step_minutes,
        ),
    )


def add_booking_resource(
    assistant_id: Id, name: str, capacity: int, per_person: bool | None
) -> Request[m.BookingResource]:
    return Request(
        "POST",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-resources",
        _model(m.BookingResource),
        json=_body(name=name, capacity=capacity, per_person=per_person),
    )


def booking_resources(assistant_id: Id) -> Request[list[m.BookingResource]]:
    return Request(
        "GET",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-resources",
        _model(list[m.BookingResource]),
    )


def update_booking_resource(
    assistant_id: Id,
    resource_id: Id,
    name: str | None,
    capacity: int | None,
    per_person: bool | None,
) -> Request[m.BookingResource]:
    return Request(
        "PATCH",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-resources/{_id(resource_id)}",
        _model(m.BookingResource),
        json=_body(name=name, capacity=capacity, per_person=per_person),
    )


def delete_booking_resource(assistant_id: Id, resource_id: Id) -> Request[None]:
    return Request(
        "DELETE",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-resources/{_id(resource_id)}",
        _nothing,
    )


def add_booking_service(
    assistant_id: Id,
    name: str,
    duration_minutes: int,
    resource_id: Id,
    buffer_minutes: int | None,
    price_cents: int | None,
) -> Request[m.BookingService]:
    return Request(
        "POST",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-services",
        _model(m.BookingService),
        json=_body(
            name=name,
            duration_minutes=duration_minutes,
            resource_id=resource_id,
            buffer_minutes=buffer_minutes,
            price_cents=price_cents,
        ),
    )


def booking_services(assistant_id: Id) -> Request[list[m.BookingService]]:
    return Request(
        "GET",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-services",
        _model(list[m.BookingService]),
    )


def update_booking_service(
    assistant_id: Id,
    service_id: Id,
    name: str | None,
    duration_minutes: int | None,
    resource_id: Id | None,
    buffer_minutes: int | None,
    price_cents: int | None,
    remove_price: bool,
) -> Request[m.BookingService]:
    body = _body(
        name=name,
        duration_minutes=duration_minutes,
        resource_id=resource_id,
        buffer_minutes=buffer_minutes,
        price_cents=price_cents,
    )
    if remove_price:
        body["price_cents"] = None
    return Request(
        "PATCH",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-services/{_id(service_id)}",
        _model(m.BookingService),
        json=body,
    )


def delete_booking_service(assistant_id: Id, service_id: Id) -> Request[None]:
    return Request(
        "DELETE",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-services/{_id(service_id)}",
        _nothing,
    )


def add_booking_block(
    assistant_id: Id, start_at: datetime, end_at: datetime, reason: str | None
) -> Request[m.BookingBlock]:
    return Request(
        "POST",
        f"/api/v1/assistants/{_id(assistant_id)}/booking-blocks",
        _model(m.BookingBlock),
        json=_body(start_at=_when(start_at), end_at=_when(end_at), reason=reason),
    )


# --- notifications, unanswered questions, the STOP list -----------------------------------------


def get_notifications(assistant_id: Id) -> Request[m.NotificationSettings]:
    path = f"/api/v1/assistants/{_id(assistant_id)}/notifications"
    return Request("GET", path, _model(m.NotificationSettings))


def update_notifications(
    assistant_id: Id, fields: Mapping[str, Any]
) -> Request[m.NotificationSettings]:
    path = f"/api/v1/assistants/{_id(assistant_id)}/notifications"
    return Request("PUT", path, _model(m.NotificationSettings), json=dict(fields))


def deliveries(assistant_id: Id | None, limit: int | None) -> Request[list[m.NotificationDelivery]]:
    params = _params(assistant_id=assistant_id, limit=limit)
    path = "/api/v1/notifications/deliveries"
    return Request("GET", path, _model(list[m.NotificationDelivery]), params=params)


def knowledge_gaps(assistant_id: Id | None) -> Request[list[m.KnowledgeGap]]:
    params = _params(assistant_id=assistant_id)
    return Request("GET", "/api/v1/knowledge-gaps", _model(list[m.KnowledgeGap]), params=params)


def answer_gap(gap_id: Id, answer: str) -> Request[m.KnowledgeGap]:
    path = f"/api/v1/knowledge-gaps/{_id(gap_id)}/answer"
    return Request("POST", path, _model(m.KnowledgeGap), json={"answer": answer})


def sms_opt_outs() -> Request[list[m.SmsOptOut]]:
    return Request("GET", "/api/v1/sms-opt-outs", _model(list[m.SmsOptOut]))


def add_sms_opt_out(number: str) -> Request[dict[str, str]]:
    return Request("POST", "/api/v1/sms-opt-outs", _model(dict[str, str]), json={"number": number})


def remove_sms_opt_out(number: str) -> Request[None]:
    return Request("DELETE", f"/api/v1/sms-opt-outs/{_id(number)}", _nothing)
