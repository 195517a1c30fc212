"""Vapi-compatible HTTP API mounted at /sandbox/vapi (the routes AlloKoli uses).

Each bearer token is a separate sandbox account: its SHA-256 is the `orgId` that partitions the
data. Bodies are validated with the project's strict models of Vapi's schema; errors use Vapi's
shape (`{"message": …, "error": …, "statusCode": …}`). See docs/sandbox.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request

from allokoli.http.deps import DbSession
from allokoli.kit.clock import utcnow
from allokoli.kit.security import sha256_hex
from allokoli.sandbox.errors import VapiBadRequest, VapiRouteNotFound, VapiUnauthorized
from allokoli.sandbox.models import SandboxAssistant, SandboxCredential, SandboxPhoneNumber
from allokoli.sandbox.repository import ListFilter, SandboxRepository
from allokoli.sandbox.service import SandboxService, render
from allokoli.sandbox.webhooks import HttpClientSource, default_http_client, deliver

router = APIRouter(prefix="/sandbox/vapi", include_in_schema=False)

MAX_LIMIT = 1000


def sandbox_org(request: Request) -> str:
    """The sandbox account of the caller: the SHA-256 of its bearer token."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise VapiUnauthorized()
    return sha256_hex(token.strip())


async def json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise VapiBadRequest(["request body is not valid JSON"]) from None


OrgId = Annotated[str, Depends(sandbox_org)]
Body = Annotated[Any, Depends(json_body)]


def _service(request: Request, session: DbSession, org_id: OrgId) -> SandboxService:
    clock: Callable[[], datetime] = getattr(request.app.state, "sandbox_clock", utcnow)
    return SandboxService(SandboxRepository(session, org_id), request.app.state.settings, clock)


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


def _http_client(request: Request) -> HttpClientSource:
    """`app.state.sandbox_http_client`: an `httpx.Client` or a factory of them (None: default)."""
    source: HttpClientSource | None = getattr(request.app.state, "sandbox_http_client", None)
    return source if source is not None else default_http_client


# --- assistants ---------------------------------------------------------------------------------


@router.post("/assistant", status_code=201)
def create_assistant(service: Service, body: Body) -> dict[str, Any]:
    """Create an assistant (CreateAssistantDTO)."""
    return service.create_assistant(body)


@router.get("/assistant")
def list_assistants(service: Service, flt: Filter) -> list[dict[str, Any]]:
    """List assistants, newest first."""
    return [render(row) for row in service.repo.many(SandboxAssistant, flt)]


@router.get("/assistant/{assistant_id}")
def get_assistant(service: Service, assistant_id: str) -> dict[str, Any]:
    """Get an assistant."""
    return render(service.assistant(assistant_id))


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
    return [render(row, status="active") for row in service.repo.many(SandboxPhoneNumber, flt)]


@router.get("/phone-number/{phone_number_id}")
def get_phone_number(service: Service, phone_number_id: str) -> dict[str, Any]:
    """Get a phone number."""
    return render(service.phone_number(phone_number_id), status="active")


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
def list_calls(service: Service, flt: Filter, request: Request) -> list[dict[str, Any]]:
    """List calls (one per chat conversation), newest first."""
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
    service: Service, body: Body, request: Request, background: BackgroundTasks
) -> dict[str, Any]:
    """Send a message to an assistant and get its answer (one turn of a web call)."""
    result = service.chat(body)
    source = _http_client(request)
    for delivery in result.deliveries:
        # After the response, hence after the transaction has committed.
        background.add_task(deliver, source, delivery)
    return result.chat


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
    return [render(row, authenticationSession={}) for row in rows]


@router.get("/credential/{credential_id}")
def get_credential(service: Service, credential_id: str) -> dict[str, Any]:
    """Get a credential."""
    return render(service.credential(credential_id), authenticationSession={})


@router.delete("/credential/{credential_id}")
def delete_credential(service: Service, credential_id: str) -> dict[str, Any]:
    """Delete a credential and return it."""
    row = service.credential(credential_id)
    rendered = render(row, authenticationSession={})
    service.repo.delete(row)
    return rendered


# --- anything else ------------------------------------------------------------------------------


@router.api_route("/{path:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_implemented(path: str, request: Request) -> None:
    """Routes of Vapi the sandbox does not play answer like an unknown route of Vapi."""
    raise VapiRouteNotFound(request.method, f"/{path}")
