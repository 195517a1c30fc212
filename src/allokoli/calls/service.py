"""Calls from Vapi events: created and updated idempotently and monotonically.

Whatever the order or the repetition of a call's events, and whichever worker processes them,
the stored call ends in the same state: statuses only move forward (a late `status-update`
never reopens an ended call: the rank is compared in the UPDATE itself, see `settle_statuses`),
the end-of-call-report's fields are final, and a message taken by a live tool is stored once,
whether the report is processed before or after it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import case, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_attribute

from allokoli.assistants.repository import AssistantRepository
from allokoli.calls import stats
from allokoli.calls.hours import is_open
from allokoli.calls.repository import CallRepository, TakenMessageRepository
from allokoli.contracts.vapi_messages import (
    AnyServerMessage,
    Artifact,
    CallRef,
    EndOfCallReport,
    StatusUpdate,
)
from allokoli.domain.profile import OpeningHours, normalize_french_phone
from allokoli.models import CALL_STATUS_RANK, Assistant, Call, TakenMessage
from allokoli.providers.vapi import METADATA_KEY
from allokoli.tenancy import Tenant

APPOINTMENT_MOTIFS = {"rendez-vous", "réservation", "reservation"}


@lru_cache(maxsize=1)
def usd_to_eur() -> float:
    from allokoli.generation.cost import load_pricing

    return float(load_pricing().usd_to_eur)


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None


def find_assistant(session: Session, tenant: Tenant, message: AnyServerMessage) -> Assistant | None:
    """The assistant an event is about: by Vapi id, else by our id in the metadata."""
    repo = AssistantRepository(session, tenant)
    provider_id = message.named_assistant_id
    if provider_id:
        found = repo.list(repo.scoped().where(Assistant.provider_id == provider_id).limit(1))
        if found:
            return found[0]
    ours = message.assistant_metadata.get(METADATA_KEY)
    if ours:
        try:
            return repo.find(uuid.UUID(str(ours)))
        except ValueError:
            return None
    return None


#: The calls of a batch of events, loaded in one query (see `preload`); None: look each up.
Known = dict[str, Call] | None


def preload(session: Session, tenant: Tenant, provider_call_ids: list[str]) -> dict[str, Call]:
    """The stored calls of a batch of events, by provider id, in one query. With this map the
    event functions neither query nor flush per event: new calls are staged in it."""
    repo = CallRepository(session, tenant)
    return {call.provider_call_id: call for call in repo.by_provider_ids(provider_call_ids)}


def _get_or_create(
    session: Session, tenant: Tenant, provider_call_id: str, known: Known = None
) -> Call:
    repo = CallRepository(session, tenant)
    if known is not None:
        call = known.get(provider_call_id)
        if call is None:  # not stored: staged, sent with the batch's flush
            call = known[provider_call_id] = repo.stage(
                Call(provider_call_id=provider_call_id, status="queued")
            )
        return call
    call = repo.by_provider_id(provider_call_id)
    if call is not None:
        return call
    try:
        with session.begin_nested():
            return repo.add(Call(provider_call_id=provider_call_id, status="queued"))
    except IntegrityError:  # created concurrently by another event of the same call
        call = repo.by_provider_id(provider_call_id)
        assert call is not None
        return call


def _advance(call: Call, status: str) -> None:
    if CALL_STATUS_RANK.get(status, -1) > CALL_STATUS_RANK.get(call.status, -1):
        call.status = status


def settle_statuses(calls: Iterable[Call]) -> None:
    """Make the pending status change of each stored call conditional in its UPDATE:
    `status = CASE WHEN rank(status) < rank(new) THEN new ELSE status END`.

    The events of a batch were applied to the calls as read at the start of the transaction;
    another worker may have ended a call since. The database evaluates the CASE on the row as
    it is when the UPDATE runs (PostgreSQL waits for a concurrent writer, then re-reads its
    row), so the status never moves back, whatever the order and the worker. Call it after
    the events and before the flush; new calls (INSERT) are left alone: a concurrent insert of
    the same call fails on the unique key instead."""
    rank = case(CALL_STATUS_RANK, value=Call.status, else_=-1)
    for call in calls:
        state = inspect(call)
        status = call.status
        if (
            state.persistent
            and isinstance(status, str)
            and state.attrs.status.history.has_changes()
        ):
            guarded = case(
                (rank < CALL_STATUS_RANK.get(status, -1), status),
                else_=Call.status,
            )
            set_attribute(call, "status", guarded)


def _common(
    call: Call, message: StatusUpdate | EndOfCallReport, assistant: Assistant | None
) -> None:
    data = message.call or CallRef()
    if call.assistant_id is None and assistant is not None:
        call.assistant_id = assistant.id
    call.type = call.type or data.type
    for customer in (message.customer, data.customer):
        call.caller_number = call.caller_number or (customer.number if customer else None)
    for phone in (message.phone_number, data.phone_number):
        call.phone_number = call.phone_number or (phone.number if phone else None)
    started = parse_time(message.started_at or data.started_at)
    if call.started_at is None and started is not None:
        call.started_at = started


def apply_status_update(
    session: Session,
    tenant: Tenant,
    message: StatusUpdate,
    assistant: Assistant | None,
    known: Known = None,
) -> Call:
    call = _get_or_create(session, tenant, _required_call_id(message), known)
    _common(call, message, assistant)
    _advance(call, message.status or "")
    if call.status == "ended" and call.ended_reason is None:
        call.ended_reason = message.ended_reason
    stats.forget_call_day(session, tenant.organization_id, call.started_at)
    if known is None:  # else the batch settles its calls once, after all its events
        settle_statuses([call])
    return call


def _required_call_id(message: StatusUpdate | EndOfCallReport) -> str:
    if not message.call_id:  # the webhook handler applies only events that name their call
        raise ValueError("a call event without a call id")
    return message.call_id


def _structured(message: EndOfCallReport) -> dict[str, Any]:
    outputs = message.artifact.structured_outputs if message.artifact else None
    structured_data = message.analysis.structured_data if message.analysis else None
    out: dict[str, Any] = {}
    for key, value in (outputs or {}).items():
        # A structured output's value (`{"name", "result", …}`) is free-form: read as given.
        if isinstance(value, dict) and "result" in value:
            out[str(value.get("name") or key)] = value["result"]
        else:
            out[str(key)] = value
    if structured_data is not None:
        out.update(structured_data)
    return out


def _summary(message: EndOfCallReport, structured: dict[str, Any]) -> str | None:
    summary = message.analysis.summary if message.analysis else None
    if summary and summary.strip():
        return summary.strip()
    resume = structured.get("resume_appel")
    return resume.strip() if isinstance(resume, str) and resume.strip() else None


def apply_end_of_call_report(
    session: Session,
    tenant: Tenant,
    message: EndOfCallReport,
    assistant: Assistant | None,
    known: Known = None,
) -> Call:
    data = message.call or CallRef()
    call = _get_or_create(session, tenant, _required_call_id(message), known)
    _common(call, message, assistant)
    call.status = "ended"
    artifact = message.artifact or Artifact()
    ended = parse_time(message.ended_at or data.ended_at)
    call.ended_at = ended or call.ended_at
    call.ended_reason = message.ended_reason or call.ended_reason
    if call.started_at and call.ended_at:
        call.duration_seconds = max(0.0, (call.ended_at - call.started_at).total_seconds())
    elif message.duration_seconds is not None:
        call.duration_seconds = message.duration_seconds
    call.transcript = artifact.transcript or message.transcript or call.transcript
    call.messages = artifact.messages or message.messages or call.messages
    recording = artifact.recording_url or message.recording_url
    call.recording_url = recording or call.recording_url
    if message.cost is not None:
        call.cost_usd = message.cost
        call.cost_eur = round(message.cost * usd_to_eur(), 4)
    structured = _structured(message)
    call.structured = structured or call.structured
    call.summary = _summary(message, structured) or call.summary
    if assistant is not None and assistant.profile and call.started_at:
        hours = assistant.profile.get("opening_hours")
        if hours:
            call.outside_hours = (
                is_open(OpeningHours.model_validate(hours), call.started_at) is False
            )
    _message_from_report(session, tenant, call, structured, staged=known is not None)
    stats.forget_call_day(session, tenant.organization_id, call.started_at)
    if known is None:
        settle_statuses([call])
    return call


def _phone(raw: Any) -> str | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return normalize_french_phone(text)
    except ValueError:
        return text[:32]


def _text(raw: Any, size: int) -> str | None:
    text = str(raw or "").strip()
    return text[:size] or None


def _report_messages(call: Call, structured: dict[str, Any]) -> list[dict[str, Any]]:
    """Messages and requests an end-of-call report carries: our `fiche_appel` structured
    output, or the `messages` / `appointmentRequests` lists of the sandbox's analysis."""
    found: list[dict[str, Any]] = []
    fiche = structured.get("fiche_appel")
    if isinstance(fiche, dict) and (fiche.get("nom_appelant") or fiche.get("telephone_rappel")):
        motif = str(fiche.get("motif") or "").lower()
        found.append(
            {
                "kind": "appointment" if motif in APPOINTMENT_MOTIFS else "message",
                "caller_name": _text(fiche.get("nom_appelant"), 120),
                "callback_number": _phone(fiche.get("telephone_rappel")) or call.caller_number,
                "reason": _text(motif, 60),
                "details": _text(
                    fiche.get("message_pour_le_responsable")
                    or fiche.get("message")
                    or fiche.get("message_pour_le_gerant"),
                    4000,
                ),
                "urgent": bool(fiche.get("urgence") or fiche.get("urgent")),
                "preferred_date": _text(fiche.get("date_souhaitee"), 20),
            }
        )
    for item in structured.get("messages") or []:
        if isinstance(item, dict) and (item.get("name") or item.get("phone")):
            found.append(
                {
                    "kind": "message",
                    "caller_name": _text(item.get("name"), 120),
                    "callback_number": _phone(item.get("phone")) or call.caller_number,
                    "reason": _text(item.get("reason"), 60),
                    "details": _text(item.get("reason"), 4000),
                }
            )
    for item in structured.get("appointmentRequests") or []:
        if isinstance(item, dict) and (item.get("name") or item.get("phone")):
            party = item.get("partySize")
            found.append(
                {
                    "kind": "appointment",
                    "caller_name": _text(item.get("name"), 120),
                    "callback_number": _phone(item.get("phone")) or call.caller_number,
                    "reason": _text(item.get("service"), 60),
                    "preferred_time": _text(item.get("preferredSlot"), 60),
                    "party_size": party if isinstance(party, int) and 0 < party < 1000 else None,
                }
            )
    return found


def _message_from_report(
    session: Session, tenant: Tenant, call: Call, structured: dict[str, Any], *, staged: bool
) -> None:
    """When the caller left a message that no live tool recorded, keep it from the report.
    A tool call processed later takes that row over (`record_from_tool`): one message either
    way. The call's lock keeps a tool call processed at the same moment from slipping between
    this check and the insert."""
    found = _report_messages(call, structured)
    if not found:
        return
    repo = TakenMessageRepository(session, tenant)
    repo.lock_call(call.provider_call_id)
    if repo.for_call(call.provider_call_id):
        return
    for fields in found:
        (repo.stage if staged else repo.add)(
            TakenMessage(
                assistant_id=call.assistant_id,
                call_id=call.id,
                provider_call_id=call.provider_call_id,
                **fields,
            )
        )
