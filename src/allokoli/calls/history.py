"""Call history and messages taken: lists, one call, "traité" toggles. Every surface (API,
HTML, CLI, MCP) calls these; numbers are masked in lists and shown in full on one call."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from allokoli.assistants.repository import AssistantRepository
from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.calls import display
from allokoli.calls.repository import (
    CallCursor,
    CallFilters,
    CallRepository,
    EventRepository,
    MessageCursor,
    TakenMessageRepository,
)
from allokoli.calls.schemas import (
    CallDetail,
    CallOut,
    CallPage,
    CallTurn,
    TakenMessageOut,
    TakenMessagePage,
    WebhookEventOut,
    WebhookEventPage,
)
from allokoli.kit.errors import InvalidInput
from allokoli.models import Assistant, Call, TakenMessage
from allokoli.tenancy import Tenant

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
TOOL_LABELS = {
    "take_message": "Prise de message",
    "request_appointment": "Demande de rendez-vous",
    "check_opening_hours": "Vérification des horaires",
    "transferCall": "Transfert de l'appel",
    "endCall": "Fin de l'appel",
}
_SPEAKERS = {
    "ai": "assistant",
    "assistant": "assistant",
    "bot": "assistant",
    "user": "caller",
    "client": "caller",
    "customer": "caller",
}
_LINE = re.compile(r"^(\w+)\s*:\s?(.*)$")


class InvalidCursor(InvalidInput):
    default_detail = "Curseur de pagination invalide."


# --- cursors ------------------------------------------------------------------------------------


# A cursor is `<µs since the epoch, or "n" for none>.<row id in hex>`: plain, so that its
# OpenAPI pattern describes it exactly (every string that matches is a position to start from).
CALL_CURSOR_PATTERN = r"^(n|-?[0-9]{1,16})\.[0-9a-f]{32}$"
CURSOR_PATTERN = r"^-?[0-9]{1,16}\.[0-9a-f]{32}$"
STATUS_PATTERN = "^(" + "|".join(display.STATUS_FILTERS) + ")$"
"""The `status` filter of a call list: a call status, or `failed`."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def encode_cursor(when: datetime | None, row_id: uuid.UUID) -> str:
    stamp = "n" if when is None else str((when - _EPOCH) // _MICROSECOND)
    return f"{stamp}.{row_id.hex}"


def _decode(raw: str, pattern: str) -> tuple[datetime | None, uuid.UUID]:
    if re.fullmatch(pattern, raw) is None:  # the API checks it too; HTML and MCP come here
        raise InvalidCursor()
    stamp, _, hex_id = raw.partition(".")
    when = None if stamp == "n" else _EPOCH + int(stamp) * _MICROSECOND
    return when, uuid.UUID(hex=hex_id)


def call_cursor(raw: str | None) -> CallCursor | None:
    if not raw:
        return None
    started, call_id = _decode(raw, CALL_CURSOR_PATTERN)
    return CallCursor(started, call_id)


def _keyset(raw: str) -> tuple[datetime, uuid.UUID]:
    when, row_id = _decode(raw, CURSOR_PATTERN)
    assert when is not None  # the pattern has no "n"
    return when, row_id


def message_cursor(raw: str | None) -> MessageCursor | None:
    if not raw:
        return None
    return MessageCursor(*_keyset(raw))


def day_bounds(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """Local dates (Paris), both included, as a UTC [since, until) range."""
    since = datetime.combine(start, time(0), tzinfo=display.PARIS) if start else None
    until = (
        datetime.combine(end + timedelta(days=1), time(0), tzinfo=display.PARIS) if end else None
    )
    return since, until


def filters(
    assistant_id: uuid.UUID | None,
    date_from: date | None,
    date_to: date | None,
    status: str | None,
    q: str | None,
) -> CallFilters:
    """The call list's filters, as the API, the pages and the MCP tools receive them."""
    if date_from and date_to and date_to < date_from:
        raise InvalidInput("La date de fin doit être après la date de début.")
    since, until = day_bounds(date_from, date_to)
    return CallFilters(
        assistant_id=assistant_id,
        since=since,
        until=until,
        status=status or None,
        q=(q or "").strip() or None,
    )


# --- calls --------------------------------------------------------------------------------------


def _names(session: Session, tenant: Tenant, ids: set[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    repo = AssistantRepository(session, tenant)
    rows = session.execute(
        repo.scoped()
        .with_only_columns(Assistant.id, Assistant.name)
        .where(Assistant.id.in_(wanted))
    )
    return {r[0]: r[1] for r in rows}


def call_out(call: Call, names: dict[uuid.UUID, str]) -> CallOut:
    return CallOut(
        id=call.id,
        assistant_id=call.assistant_id,
        assistant_name=names.get(call.assistant_id) if call.assistant_id else None,
        provider_call_id=call.provider_call_id,
        type=call.type,
        status=call.status,
        status_label=display.CALL_STATUS_LABELS.get(call.status, call.status),
        caller_number_masked=display.mask_number(call.caller_number),
        started_at=call.started_at,
        ended_at=call.ended_at,
        duration_seconds=call.duration_seconds,
        ended_reason=call.ended_reason,
        ended_reason_label=display.ended_reason_label(call.ended_reason),
        summary=call.summary,
        cost_eur=call.cost_eur,
        outside_hours=call.outside_hours,
        has_recording=bool(call.recording_url),
    )


def list_calls(
    session: Session,
    tenant: Tenant,
    filters: CallFilters,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> CallPage:
    """One page of calls, newest first; `next_cursor` continues it."""
    limit = max(1, min(limit, MAX_LIMIT))
    rows = list(CallRepository(session, tenant).page(filters, call_cursor(cursor), limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    names = _names(session, tenant, {c.assistant_id for c in rows})
    last = rows[-1] if rows else None
    next_cursor = encode_cursor(last.started_at, last.id) if more and last else None
    return CallPage(items=[call_out(c, names) for c in rows], next_cursor=next_cursor)


def conversation(call: Call) -> list[CallTurn]:
    """The call as a conversation: Vapi's messages when stored, else the transcript's lines."""
    turns: list[CallTurn] = []
    for message in call.messages or []:
        if not isinstance(message, dict):
            continue
        role = message.get("role")
        seconds = message.get("secondsFromStart")
        when = float(seconds) if isinstance(seconds, int | float) else None
        if role in ("bot", "assistant", "user") and str(message.get("message") or "").strip():
            who = "caller" if role == "user" else "assistant"
            turns.append(
                CallTurn(role=who, text=str(message["message"]).strip(), seconds_from_start=when)
            )
        elif role == "tool_calls":
            for tool_call in message.get("toolCalls") or []:
                name = str(((tool_call or {}).get("function") or {}).get("name") or "")
                label = TOOL_LABELS.get(name, name or "Action")
                turns.append(CallTurn(role="tool", text=label, seconds_from_start=when))
    if turns or not call.transcript:
        return turns
    for line in call.transcript.splitlines():
        match = _LINE.match(line.strip())
        speaker = _SPEAKERS.get(match.group(1).lower()) if match else None
        if match and speaker:
            turns.append(CallTurn(role=speaker, text=match.group(2).strip()))
        elif line.strip() and turns:
            turns[-1].text += " " + line.strip()
        elif line.strip():
            turns.append(CallTurn(role="assistant", text=line.strip()))
    return turns


def get_call(session: Session, tenant: Tenant, call_id: uuid.UUID) -> CallDetail:
    call = CallRepository(session, tenant).get(call_id)
    names = _names(session, tenant, {call.assistant_id})
    messages = TakenMessageRepository(session, tenant).for_call_row(call)
    base = call_out(call, names).model_dump()
    return CallDetail(
        **base,
        caller_number=call.caller_number,
        caller_number_display=display.display_number(call.caller_number),
        phone_number=call.phone_number,
        transcript=call.transcript,
        conversation=conversation(call),
        recording_url=call.recording_url,
        cost_usd=call.cost_usd,
        structured=call.structured,
        taken_messages=[message_out(m, {call.provider_call_id: call.id}) for m in messages],
    )


def calls_of_assistant(
    session: Session,
    tenant: Tenant,
    assistant_id: uuid.UUID,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> CallPage:
    AssistantRepository(session, tenant).get(assistant_id)  # 404 for another tenant's
    return list_calls(session, tenant, CallFilters(assistant_id=assistant_id), cursor, limit)


# --- messages -----------------------------------------------------------------------------------


def message_out(message: TakenMessage, call_ids: dict[str, uuid.UUID]) -> TakenMessageOut:
    return TakenMessageOut(
        id=message.id,
        kind=message.kind,
        kind_label=display.KIND_LABELS.get(message.kind, message.kind),
        assistant_id=message.assistant_id,
        call_id=message.call_id or call_ids.get(message.provider_call_id or ""),
        caller_name=message.caller_name,
        callback_number=message.callback_number,
        callback_display=(
            display.display_number(message.callback_number) if message.callback_number else None
        ),
        reason=message.reason,
        details=message.details,
        urgent=message.urgent,
        preferred_date=message.preferred_date,
        preferred_time=message.preferred_time,
        party_size=message.party_size,
        sms_consent=bool(message.sms_consent),
        handled=message.handled,
        created_at=message.created_at,
    )


def messages_out(
    session: Session, tenant: Tenant, rows: Sequence[TakenMessage]
) -> list[TakenMessageOut]:
    provider_ids = [m.provider_call_id for m in rows if m.provider_call_id and m.call_id is None]
    call_ids = CallRepository(session, tenant).ids_by_provider_ids(provider_ids)
    return [message_out(m, call_ids) for m in rows]


def list_messages(
    session: Session,
    tenant: Tenant,
    *,
    kind: str | None = None,
    handled: bool | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> TakenMessagePage:
    limit = max(1, min(limit, MAX_LIMIT))
    repo = TakenMessageRepository(session, tenant)
    rows = list(
        repo.page(kind=kind, handled=handled, after=message_cursor(cursor), limit=limit + 1)
    )
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    next_cursor = encode_cursor(last.created_at, last.id) if more and last else None
    return TakenMessagePage(items=messages_out(session, tenant, rows), next_cursor=next_cursor)


def set_handled(
    session: Session, principal: Principal, message_id: uuid.UUID, handled: bool
) -> TakenMessageOut:
    """Mark a message or request as dealt with (or not); audited."""
    repo = TakenMessageRepository(session, principal.tenant)
    message = repo.get(message_id)
    if message.handled != handled:
        message.handled = handled
        session.flush()
        audit.record(
            session,
            principal.tenant,
            actor=principal.actor,
            entity="taken_message",
            entity_id=message.id,
            action="update",
            details={"handled": handled},
        )
    return messages_out(session, principal.tenant, [message])[0]


# --- webhook events -----------------------------------------------------------------------------


def list_events(
    session: Session,
    tenant: Tenant,
    *,
    failed: bool | None = None,
    cursor: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> WebhookEventPage:
    limit = max(1, min(limit, MAX_LIMIT))
    after = None
    if cursor:
        after = _keyset(cursor)
    rows = list(EventRepository(session, tenant).page(failed=failed, after=after, limit=limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    next_cursor = encode_cursor(last.received_at, last.id) if more and last else None
    return WebhookEventPage(
        items=[WebhookEventOut.model_validate(e) for e in rows], next_cursor=next_cursor
    )
