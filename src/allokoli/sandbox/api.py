"""Vapi-compatible HTTP API mounted at /sandbox/vapi (the routes AlloKoli uses).

Every route needs an organisation's sandbox credential (`Authorization: Bearer <token>`, see
`sandbox.keys`): anything else is a 401 in Vapi's shape. The request's transaction is then bound
to that organisation, and every row it reads or writes is that organisation's. Write bodies must
be `application/json` (415 otherwise) and are parsed with a bounded depth, then validated with the
project's strict models of Vapi's schema; errors use Vapi's shape
(`{"message": …, "error": …, "statusCode": …}`). See docs/sandbox.md.

The router is not mounted in production when a real Vapi key is set (`app.create_app`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request

from allokoli.db.session import bind_tenant
from allokoli.http.deps import DbSession, ServicesDep
from allokoli.kit.json_input import MAX_JSON_DEPTH, JsonInputError, loads_bounded, nesting_depth
from allokoli.sandbox import inbound, keys
from allokoli.sandbox.errors import (
    VapiBadRequest,
    VapiRouteNotFound,
    VapiUnauthorized,
    VapiUnsupportedMediaType,
)
from allokoli.sandbox.models import SandboxAssistant, SandboxCredential, SandboxPhoneNumber
from allokoli.sandbox.repository import ListFilter, SandboxRepository
from allokoli.sandbox.service import SandboxService
from allokoli.sandbox.webhooks import deliver
from allokoli.settings import Environment, Settings

router = APIRouter(prefix="/sandbox/vapi", include_in_schema=False)

MAX_LIMIT = 1000


def sandbox_organization(request: Request, session: DbSession) -> uuid.UUID:
    """The organisation whose sandbox credential the request carries; binds the transaction to
    it. No credential, or one nobody holds: 401 (Vapi's answer to a bad private key)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise VapiUnauthorized()
    organization_id = keys.organization_of(session, token.strip())
    if organization_id is None:
        raise VapiUnauthorized()
    bind_tenant(session, organization_id)
    return organization_id


OrganizationId = Annotated[uuid.UUID, Depends(sandbox_organization)]

JSON_MEDIA_TYPES = ("application/json",)


async def json_body(request: Request, _organization: OrganizationId) -> Any:
    """The request's JSON body (after authentication: a stranger learns nothing from a 415)."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type not in JSON_MEDIA_TYPES:
        raise VapiUnsupportedMediaType(media_type)
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        return loads_bounded(raw)
    except JsonInputError:
        too_deep = nesting_depth(raw) > MAX_JSON_DEPTH
        raise VapiBadRequest(
            ["request body is nested too deeply" if too_deep else "request body is not valid JSON"]
        ) from None


Body = Annotated[Any, Depends(json_body)]


def _service(
    services: ServicesDep, session: DbSession, organization: OrganizationId
) -> SandboxService:
    return SandboxService(
        SandboxRepository(session, organization), services.settings, services.clock
    )


Service = Annotated[SandboxService, Depends(_service)]


def _date(request: Request, name: str) -> datetime | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise VapiBadRequest([f"{name} must be a valid ISO 8601 date string"]) from None
    if parsed.tzinfo is None:
        raise VapiBadRequest([f"{name} must include a time zone"])
    return parsed


def list_filter(request: Request) -> ListFilter:
    raw = request.query_params.get("limit")
    limit = 100
    if raw is not None:
        try:
            limit = int(float(raw))
        except ValueError:
            raise VapiBadRequest(["limit must be a number"]) from None
        if not 0 <= limit <= MAX_LIMIT:
            raise VapiBadRequest([f"limit must not be greater than {MAX_LIMIT}"])
    return ListFilter(
        limit=limit,
        created_gt=_date(request, "createdAtGt"),
        created_lt=_date(request, "createdAtLt"),
        created_ge=_date(request, "createdAtGe"),
        created_le=_date(request, "createdAtLe"),
        updated_gt=_date(request, "updatedAtGt"),
        updated_lt=_date(request, "updatedAtLt"),
        updated_ge=_date(request, "updatedAtGe"),
        updated_le=_date(request, "updatedAtLe"),
    )


Filter = Annotated[ListFilter, Depends(list_filter)]


# --- assistants ---------------------------------------------------------------------------------


@router.post("/assistant", status_code=201)
def create_assistant(service: Service, body: Body) -> dict[str, Any]:
    """Create an assistant (CreateAssistantDTO)."""
    return service.create_assistant(body)


@router.get("/assistant")
def list_assistants(service: Service, flt: Filter) -> list[dict[str, Any]]:
    """List assistants, newest first."""
    return [service.render(row) for row in service.repo.many(SandboxAssistant, flt)]


@router.get("/assistant/{assistant_id}")
def get_assistant(service: Service, assistant_id: str) -> dict[str, Any]:
    """Get an assistant."""
    return service.render(service.assistant(assistant_id))


@router.patch("/assistant/{assistant_id}")
def update_assistant(service: Service, assistant_id: str, body: Body) -> dict[str, Any]:
    """Update an assistant (UpdateAssistantDTO; the merged result must stay valid)."""
    return service.update_assistant(assistant_id, body)


@router.delete("/assistant/{assistant_id}")
def delete_assistant(service: Service, assistant_id: str) -> dict[str, Any]:
    """Delete an assistant and return it."""
    return service.delete_assistant(assistant_id)


# --- phone numbers ------------------------------------------------------------------------------


@router.post("/phone-number", status_code=201)
def create_phone_number(service: Service, body: Body) -> dict[str, Any]:
    """Import a Twilio number, or allocate a demo number (+33 1 99 00 xx xx) for provider vapi."""
    return service.create_phone_number(body)


@router.get("/phone-number")
def list_phone_numbers(service: Service, flt: Filter) -> list[dict[str, Any]]:
    """List phone numbers, newest first."""
    return [
        service.render(row, status="active") for row in service.repo.many(SandboxPhoneNumber, flt)
    ]


@router.get("/phone-number/{phone_number_id}")
def get_phone_number(service: Service, phone_number_id: str) -> dict[str, Any]:
    """Get a phone number."""
    return service.render(service.phone_number(phone_number_id), status="active")


@router.patch("/phone-number/{phone_number_id}")
def update_phone_number(service: Service, phone_number_id: str, body: Body) -> dict[str, Any]:
    """Update a phone number (e.g. attach it to another assistant)."""
    return service.update_phone_number(phone_number_id, body)


@router.delete("/phone-number/{phone_number_id}")
def delete_phone_number(service: Service, phone_number_id: str) -> dict[str, Any]:
    """Release a phone number and return it."""
    return service.delete_phone_number(phone_number_id)


# --- calls and chats ----------------------------------------------------------------------------


@router.get("/call")
def list_calls(
    service: Service,
    flt: Filter,
    request: Request,
    services: ServicesDep,
    background: BackgroundTasks,
) -> list[dict[str, Any]]:
    """List calls (one per chat conversation), newest first; idle ones are ended first."""
    source = services.sandbox_http()
    for delivery in service.end_idle_calls():
        background.add_task(deliver, source, delivery)
    params = request.query_params
    if params.get("phoneNumberId"):
        return []  # chats are web calls: no call ever has a phone number in the sandbox
    return service.list_calls(flt, call_id=params.get("id"), assistant_id=params.get("assistantId"))


@router.get("/call/{call_id}")
def get_call(service: Service, call_id: str) -> dict[str, Any]:
    """Get a call with its transcript, messages and (once ended) analysis."""
    return service.call(call_id)


@router.post("/chat", status_code=201)
def create_chat(
    service: Service, body: Body, services: ServicesDep, background: BackgroundTasks
) -> dict[str, Any]:
    """Send a message to an assistant and get its answer (one turn of a web call)."""
    source = services.sandbox_http()
    result = service.chat(body, tools_http=source)
    for delivery in result.deliveries:
        # After the response, hence after the transaction has committed.
        background.add_task(deliver, source, delivery)
    return result.chat


@router.post("/call/inbound", status_code=201)
def inbound_call(service: Service, body: Body, services: ServicesDep) -> dict[str, Any]:
    """Sandbox extension: a phone call reaches one of our numbers (`phoneNumberId`, from
    `customerNumber`); routed as Vapi routes it (`sandbox.inbound`), the outcome returned."""
    ring = service.ring(body)
    return inbound.route(services.sandbox_http(), ring)


@router.get("/chat/{chat_id}")
def get_chat(service: Service, chat_id: str) -> dict[str, Any]:
    """Get a chat."""
    return service.chat_by_id(chat_id)


# --- credentials --------------------------------------------------------------------------------


@router.post("/credential", status_code=201)
def create_credential(service: Service, body: Body) -> dict[str, Any]:
    """Create a webhook credential (bearer or HMAC authentication plan)."""
    return service.create_credential(body)


@router.get("/credential")
def list_credentials(service: Service, flt: Filter) -> list[dict[str, Any]]:
    """List credentials, newest first."""
    rows = service.repo.many(SandboxCredential, flt)
    return [service.render(row, authenticationSession={}) for row in rows]


@router.get("/credential/{credential_id}")
def get_credential(service: Service, credential_id: str) -> dict[str, Any]:
    """Get a credential."""
    return service.render(service.credential(credential_id), authenticationSession={})


@router.delete("/credential/{credential_id}")
def delete_credential(service: Service, credential_id: str) -> dict[str, Any]:
    """Delete a credential and return it."""
    row = service.credential(credential_id)
    rendered = service.render(row, authenticationSession={})
    service.repo.delete(row)
    return rendered


# --- anything else ------------------------------------------------------------------------------


@router.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_implemented(path: str, request: Request, _organization: OrganizationId) -> None:
    """Routes of Vapi the sandbox does not play answer like an unknown route of Vapi."""
    raise VapiRouteNotFound(request.method, f"/{path}")


def disabled(settings: Settings) -> bool:
    """In production with a real Vapi key nothing may use the sandbox: it is not mounted (it
    would be a second, unneeded surface reachable from outside)."""
    return settings.env is Environment.PRODUCTION and settings.vapi_api_key is not None
