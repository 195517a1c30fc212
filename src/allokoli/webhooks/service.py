"""Vapi webhook ingestion: authenticate, store in the inbox (dedupe), process, answer.

Deliveries are authenticated from the URL alone (the organisation's secret derives from its key)
before any database access. Informational events then go through a group commit: one writer
thread stores and processes everything that arrived meanwhile in ONE transaction, and each
request is answered 200 once its event is committed. A duplicate is recognised by the inbox's
unique key (`INSERT … ON CONFLICT DO NOTHING`) and answered "duplicate" without being processed
again. An event holding a value the database refuses (NaN, a NUL character…) is found before
any statement and stored quarantined, unprocessed, with the reason (`webhooks.payload`); its
sender gets 422. If anything else fails in a batch, the transaction is rolled back and the batch
redone in a new one with each event in its own savepoints, opened before its first statement (on
PostgreSQL a failed statement outside a savepoint aborts the whole transaction): an event the
database refuses is stored quarantined, a processing bug leaves its event stored with its error
(reprocessable), and the others are untouched. Tool calls answer in Vapi's `results` format
within a hard deadline; a tool call runs once per `toolCall.id` whatever the copies and workers
(its inbox row is claimed before it runs), and every copy gets the stored answer.

A rehearsal's deliveries (a valid signed mark in the assistant's metadata, `rehearsal.dry_run`)
leave nothing an owner sees: their tools run as a dry run (checked and worded as for real in a
savepoint rolled back: no message, request, booking, knowledge gap, outbox job or notification),
and their status updates and end-of-call reports are stored in the inbox but not applied (no
call record, no message from a summary, no notification).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from allokoli.auth.webhook_secrets import webhook_secret_for_key
from allokoli.bookings.service import BookingRuntime
from allokoli.bookings.tools import HANDLERS as BOOKING_HANDLERS
from allokoli.calls import service as calls
from allokoli.calls.alerts import record_webhook_failure
from allokoli.calls.repository import EventRepository, NewEvent
from allokoli.calls.tools import HANDLERS as CALL_HANDLERS
from allokoli.calls.tools import ToolFailure, one_line
from allokoli.contracts.vapi_messages import (
    AnyServerMessage,
    AssistantRequest,
    EndOfCallReport,
    StatusUpdate,
    ToolCall,
    ToolCallResult,
    ToolCalls,
    ToolCallsResponse,
    read_message,
)
from allokoli.db.session import Database, bind_tenant
from allokoli.kit.batcher import Batcher
from allokoli.kit.clock import utcnow
from allokoli.kit.dberrors import ValueRefused
from allokoli.kit.errors import AppError, Forbidden, NotFound, ServiceUnavailable, Unauthorized
from allokoli.kit.json_input import JsonInputError, loads_bounded
from allokoli.models import Assistant, Organization, PhoneNumber, WebhookEvent
from allokoli.notifications import gaps
from allokoli.notifications import service as notifications
from allokoli.phone_numbers.repository import PhoneNumberRepository
from allokoli.providers.vapi import METADATA_KEY
from allokoli.rehearsal import dry_run
from allokoli.routing import decision as routing
from allokoli.settings import Settings
from allokoli.tenancy import Tenant
from allokoli.webhooks import payload
from allokoli.webhooks.auth import verify
from allokoli.webhooks.payload import (
    Inbound,
    InvalidPayload,
    escaped,
    printable,
    quarantined,
    refusal,
)

log = logging.getLogger("allokoli.webhooks")

TOOL_DEADLINE_SECONDS = 2.0
#: Batches of one process in flight at once on PostgreSQL (`kit.batcher`) while it has a core
#: to itself: while one waits for its COMMIT the next is already being written, so a process
#: is not bound by the database's round trips. More split the traffic in smaller batches, which
#: costs CPU per event (docs/deployment.md, Sizing).
WRITERS = 2


def _cores() -> int:
    """The cores this process may run on (its affinity, which a container may narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def writers_per_process(is_postgres: bool, web_processes: int, cores: int) -> int:
    """How many batches a process keeps in flight. SQLite has one writer at a time: a second
    batch would only wait. With as many web processes as cores (or more), the cores are the
    limit and the processes already overlap each other's waits (one writes while another
    waits for its COMMIT): a second batch per process would only halve the batches, and
    measured, cost 1.5 times the CPU per event (docs/deployment.md, Sizing)."""
    if not is_postgres or web_processes >= cores:
        return 1
    return WRITERS


#: How long a request waits for its event to be committed before answering 503.
INGEST_WAIT_SECONDS = 30.0
SLOW_TOOL = (
    "Je n'arrive pas à obtenir la réponse pour le moment ; "
    "je peux prendre un message pour que l'on vous rappelle."
)
TOOL_FAILED = (
    "Un problème technique m'empêche de le faire ; "
    "je peux prendre un message pour que l'on vous rappelle."
)
UNKNOWN_TOOL = "Je ne peux pas faire cela pendant l'appel ; je peux prendre un message."

_tool_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="allokoli-tools")


@dataclass(frozen=True)
class Outcome:
    status_code: int
    body: dict[str, Any]


STORED = Outcome(200, {"status": "stored"})
DUPLICATE = Outcome(200, {"status": "duplicate"})


def dedupe_key(message: AnyServerMessage) -> str:
    call_id = message.call_id or "-"
    if isinstance(message, EndOfCallReport):
        return f"end-of-call-report:{call_id}"
    if isinstance(message, StatusUpdate):
        return f"status-update:{call_id}:{message.status}"
    return f"{message.type}:{call_id}:{message.timestamp}"


def _organization_id(session: Session, org_key: str) -> uuid.UUID:
    org_id = session.scalar(select(Organization.id).where(Organization.webhook_key == org_key))
    if org_id is None:
        raise NotFound("Point de réception inconnu.")
    return org_id


class _TenantChecks:
    """The URL names the tenant; what the body names must belong to it. Lookups are kept for
    the rest of the batch (a batch often carries several events of the same assistant)."""

    def __init__(self, session: Session, tenant: Tenant) -> None:
        self.session = session
        self.tenant = tenant
        self._assistants: dict[tuple[str, str], Assistant | None] = {}
        self._phones: dict[str, bool] = {}

    def check(self, message: AnyServerMessage) -> Assistant | None:
        named = message.named_assistant_id
        metadata = message.assistant_metadata
        key = (str(named or ""), str(metadata.get(METADATA_KEY) or ""))
        if not payload.storable_id(key[0]):  # no such assistant, and the query would fail
            raise Forbidden("Cet assistant n'appartient pas à cette organisation.")
        if key not in self._assistants:
            self._assistants[key] = calls.find_assistant(self.session, self.tenant, message)
        assistant = self._assistants[key]
        if named and assistant is None:
            raise Forbidden("Cet assistant n'appartient pas à cette organisation.")
        claimed_org = metadata.get("allokoliOrganizationId")
        if claimed_org and claimed_org != str(self.tenant.organization_id):
            raise Forbidden("Cet assistant n'appartient pas à cette organisation.")
        phone_id = message.named_phone_number_id
        if phone_id:
            if not payload.storable_id(phone_id):
                raise Forbidden("Ce numéro n'appartient pas à cette organisation.")
            if phone_id not in self._phones:
                phones = PhoneNumberRepository(self.session, self.tenant)
                owned = self.session.scalar(
                    phones.scoped()
                    .with_only_columns(PhoneNumber.id)
                    .where(PhoneNumber.provider_id == phone_id)
                )
                self._phones[phone_id] = owned is not None
            if not self._phones[phone_id]:
                raise Forbidden("Ce numéro n'appartient pas à cette organisation.")
        return assistant


def _check_tenant(session: Session, tenant: Tenant, message: AnyServerMessage) -> Assistant | None:
    return _TenantChecks(session, tenant).check(message)


#: One informational event waiting in the group commit: (organisation key, message).
Delivery = tuple[str, Inbound]


class WebhookService:
    """Vapi deliveries. Informational events go through a group commit: one writer thread
    stores and processes everything that arrived meanwhile in one transaction, and each
    request is answered once its event is committed (see `kit.batcher`)."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        bookings: BookingRuntime | None = None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.bookings = bookings or BookingRuntime()
        self._writer: Batcher[Delivery, Outcome] = Batcher(
            "allokoli-webhooks",
            self.store_batch,
            writers=writers_per_process(db.is_postgres, settings.web_processes, _cores()),
        )
        # What a batch's commit wakes (the notifications it queued) runs beside the writer,
        # never in it: the writer's next batch does not wait for an e-mail to go.
        self._after_commit = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="allokoli-webhook-jobs"
        )
        self._waiting: set[Callable[[], object]] = set()
        self._waiting_lock = threading.Lock()

    # --- entry points ---------------------------------------------------------------------

    def authentic(self, org_key: str, headers: Mapping[str, str], raw: bytes) -> bool:
        """The organisation's secret derives from its key: checked without the database."""
        secret = webhook_secret_for_key(self.settings, org_key)
        return verify(headers, raw, secret, time.time())

    def refuse(self, org_key: str) -> NoReturn:
        """A delivery that failed authentication: 404 for an unknown key, else 401 (counted
        for the owner's alerts)."""
        with self.db.unit_of_work() as session:
            org_id = _organization_id(session, org_key)
        record_webhook_failure(self.db, org_id)
        raise Unauthorized("Signature du webhook invalide.")

    @staticmethod
    def parse(raw: bytes) -> Inbound:
        return payload.parse(raw)

    def submit(self, org_key: str, message: Inbound) -> Future[Outcome]:
        """Store (and process) an informational event; the future resolves once committed."""
        return self._writer.submit((org_key, message))

    def submit_async(self, org_key: str, message: Inbound) -> asyncio.Future[Outcome]:
        """The same, awaited from the event loop."""
        return self._writer.submit_async((org_key, message))

    def handle(self, org_key: str, headers: Mapping[str, str], raw: bytes) -> Outcome:
        """The whole delivery, synchronously (the HTTP endpoint does the same in steps, after
        checking the media type, which is HTTP's business)."""
        if not self.authentic(org_key, headers, raw):
            self.refuse(org_key)
        message = payload.parse(raw)
        if message.type == "tool-calls":
            return self.tool_calls(org_key, message)
        if message.type == "assistant-request":
            return self.assistant_request(org_key, message)
        return self.submit(org_key, message).result(timeout=INGEST_WAIT_SECONDS)

    def drain(self) -> None:
        """At shutdown: write the deliveries already accepted (their senders wait for it)."""
        if not self._writer.drain(timeout=INGEST_WAIT_SECONDS):
            log.error("webhook writer: shutdown before the batch in hand was written")
        self._after_commit.shutdown(wait=True)

    def _later(self, callback: Callable[[], object]) -> None:
        """Run a batch's after-commit work beside the writer (the outbox keeps it if the
        process stops first: the next pass finds it due).

        A callback already waiting to run (not started) is not queued twice: when it starts
        it sees this batch's commit too (an outbox relay, a dispatcher pass read the table
        then). Under load the passes thus follow the batches' pace without piling up."""
        with self._waiting_lock:
            if callback in self._waiting:
                return
            self._waiting.add(callback)

        def run() -> None:
            with self._waiting_lock:
                self._waiting.discard(callback)
            try:
                callback()
            except Exception:
                log.exception("after-commit work of a webhook batch failed")

        try:
            self._after_commit.submit(run)
        except RuntimeError:  # shutting down: left to the next outbox pass
            with self._waiting_lock:
                self._waiting.discard(callback)
            log.info("after-commit work left to the next outbox pass (shutting down)")

    # --- group commit ---------------------------------------------------------------------

    def store_batch(self, batch: list[Delivery]) -> list[Outcome | BaseException]:
        """Store and process a batch (the writer thread's work); for each delivery, in order,
        its outcome or the error to answer."""
        try:
            return self._store_batch(batch, isolated=False)
        except Exception:
            # A processing bug, a value the database refused, or a concurrent insert (another
            # worker) in the fast path. The transaction is gone (on PostgreSQL it was aborted at
            # the failing statement): again in a new one, each event in its own savepoints.
            log.warning("webhook batch of %d failed; storing one by one", len(batch))
            return self._store_batch(batch, isolated=True)

    def _store_batch(
        self, batch: list[Delivery], *, isolated: bool
    ) -> list[Outcome | BaseException]:
        outcomes: list[Outcome | BaseException] = [STORED] * len(batch)
        with self.db.unit_of_work(write=True, run_after_commit=self._later) as session:
            keys = {key for key, _ in batch}
            rows = session.execute(
                select(Organization.webhook_key, Organization.id).where(
                    Organization.webhook_key.in_(keys)
                )
            )
            orgs: dict[str, uuid.UUID] = {row[0]: row[1] for row in rows}
            by_org: dict[uuid.UUID, list[int]] = {}
            for index, (key, _) in enumerate(batch):
                org_id = orgs.get(key)
                if org_id is None:
                    outcomes[index] = NotFound("Point de réception inconnu.")
                else:
                    by_org.setdefault(org_id, []).append(index)
            for org_id, indexes in by_org.items():
                session.flush()  # the previous tenant's rows, under its RLS binding
                bind_tenant(session, org_id)
                self._store_for_tenant(session, Tenant(org_id), batch, indexes, outcomes, isolated)
        return outcomes

    def _store_for_tenant(
        self,
        session: Session,
        tenant: Tenant,
        batch: list[Delivery],
        indexes: list[int],
        outcomes: list[Outcome | BaseException],
        isolated: bool,
    ) -> None:
        checks = _TenantChecks(session, tenant)
        events = EventRepository(session, tenant)
        now = utcnow()
        accepted: list[tuple[int, Assistant | None, NewEvent]] = []
        seen: set[str] = set()
        with session.no_autoflush:
            for index in indexes:
                message = batch[index][1]
                try:
                    assistant = checks.check(message.message)
                except AppError as exc:
                    outcomes[index] = exc
                    continue
                except Exception:  # a body these checks cannot read: that event only
                    if not isolated:
                        raise
                    log.exception("webhook event refused by the tenant checks")
                    outcomes[index] = InvalidPayload()
                    continue
                event = _new_event(message, now)
                if event.dedupe_key in seen:  # twice in the same batch
                    outcomes[index] = DUPLICATE if event.error is None else ValueRefused()
                    continue
                seen.add(event.dedupe_key)
                accepted.append((index, assistant, event))
            if isolated:
                for index, assistant, event in accepted:
                    outcomes[index] = self._store_one(
                        session, tenant, events, event, batch[index][1].message, assistant
                    )
                return
            call_ids = [e.provider_call_id for _, _, e in accepted if e.error is None]
            known = calls.preload(session, tenant, [cid for cid in call_ids if cid])
            inserted = events.insert_new([event for _, _, event in accepted])
            for index, assistant, event in accepted:
                if event.error is not None:  # quarantined (stored unless already there)
                    outcomes[index] = ValueRefused()
                elif event.dedupe_key not in inserted:
                    outcomes[index] = DUPLICATE
                else:  # fast path: an exception fails the batch, which is then isolated
                    self._apply(session, tenant, batch[index][1].message, assistant, known)
            calls.settle_statuses(known.values())

    def _store_one(
        self,
        session: Session,
        tenant: Tenant,
        events: EventRepository,
        event: NewEvent,
        message: AnyServerMessage,
        assistant: Assistant | None,
    ) -> Outcome | BaseException:
        """One event of an isolated batch. Every statement runs in a savepoint opened before
        it, so that whatever the database refuses leaves the transaction usable for the
        others."""
        try:
            with session.begin_nested():
                inserted = events.insert_new([event])
        except Exception as exc:  # refused as it is: stored quarantined, with the reason
            log.warning("webhook event %s refused by the database: %s", event.dedupe_key, exc)
            reason = printable(f"{type(exc).__name__}: {exc}")[:500]
            event = _quarantine(event.payload, event, reason)
            try:
                with session.begin_nested():
                    inserted = events.insert_new([event])
            except Exception as again:  # not even that (database gone): this event's answer
                return again
        if event.error is not None:
            return ValueRefused()
        event_id = inserted.get(event.dedupe_key)
        if event_id is None:
            return DUPLICATE
        error = self._process(session, tenant, message, assistant)
        if error is not None:
            events.mark_failed(event_id, error)
        return STORED

    def _process(
        self,
        session: Session,
        tenant: Tenant,
        message: AnyServerMessage,
        assistant: Assistant | None,
    ) -> str | None:
        """Apply one event to its call in a savepoint; returns the error when processing
        failed (its changes are rolled back, the event stays stored for reprocessing)."""
        try:
            with session.begin_nested():
                self._apply(session, tenant, message, assistant, None)
        except Exception as exc:  # stored, not lost: the error is kept for reprocessing
            log.exception("processing webhook event %s failed", escaped(dedupe_key(message)))
            return printable(f"{type(exc).__name__}: {exc}")[:2000]
        return None

    def _rehearsal(self, message: AnyServerMessage, tenant: Tenant, now: datetime) -> bool:
        """The message comes from a rehearsal: its assistant carries a valid, unexpired mark of
        this organisation, set by the rehearsal run on the server (never by a caller)."""
        secret = self.settings.secret_key.get_secret_value()
        return dry_run.is_marked(message.assistant_metadata, secret, tenant.organization_id, now)

    def _apply(
        self,
        session: Session,
        tenant: Tenant,
        message: AnyServerMessage,
        assistant: Assistant | None,
        known: calls.Known,
    ) -> None:
        """Apply an informational event to its call, unless it is a rehearsal's: a rehearsal
        chat is no call of the owner's (no call record, message or notification)."""
        if self._rehearsal(message, tenant, self.clock()):
            return
        _apply(session, tenant, message, assistant, known)

    def reprocess_failed(self, org_id: uuid.UUID, limit: int = 500) -> int:
        """Process again the stored events whose processing failed (operator task). Tool calls
        and quarantined events (which hold no message) are left as they are."""
        tenant = Tenant(org_id)
        count = 0
        with self.db.unit_of_work(tenant_id=org_id) as session:
            repo = EventRepository(session, tenant)
            rows = repo.list(repo.scoped().where(WebhookEvent.processed_at.is_(None)).limit(limit))
            for event in rows:
                if event.type == "tool-calls" or payload.QUARANTINE_KEY in event.payload:
                    continue
                try:
                    message = read_message(event.payload)
                except ValueError as exc:  # pydantic's ValidationError: stays failed
                    event.error = printable(f"{type(exc).__name__}: {exc}")[:2000]
                    continue
                error = self._process(
                    session, tenant, message, calls.find_assistant(session, tenant, message)
                )
                event.error = error
                if error is None:
                    event.processed_at = utcnow()
                    count += 1
        return count

    # --- assistant-request ------------------------------------------------------------------

    def assistant_request(self, org_key: str, inbound: Inbound) -> Outcome:
        """Who takes an inbound call (`routing.decision`), answered within our own deadline;
        past it, 503 at once: Vapi then transfers the call to the number's fallback (the
        owner's line), it is never dropped."""
        message = inbound.message
        if not isinstance(message, AssistantRequest):
            raise InvalidPayload()
        future = _tool_pool.submit(routing.answer, self.db, org_key, message, utcnow())
        try:
            result = future.result(timeout=routing.DECISION_DEADLINE_SECONDS)
        except FutureTimeout:
            log.error(
                "assistant-request over the %.1fs deadline", routing.DECISION_DEADLINE_SECONDS
            )
            raise ServiceUnavailable(
                "Décision d'appel trop lente : l'appel part vers le numéro de secours."
            ) from None
        return Outcome(200, result.response.wire())

    # --- tool calls -------------------------------------------------------------------------

    def tool_calls(self, org_key: str, inbound: Inbound) -> Outcome:
        message = inbound.message
        if not isinstance(message, ToolCalls):
            raise InvalidPayload()
        items = _tool_call_items(message)
        started = time.monotonic()
        future = _tool_pool.submit(self._run_tools, org_key, message, items, self.clock())
        try:
            results = future.result(timeout=TOOL_DEADLINE_SECONDS)
        except FutureTimeout:
            log.error("tool calls over the %.1fs deadline", TOOL_DEADLINE_SECONDS)
            results = [i.answer({"error": SLOW_TOOL}) for i in items]
        except AppError:
            raise
        except Exception:
            log.exception("tool calls failed")
            results = [i.answer({"error": TOOL_FAILED}) for i in items]
        log.debug("tool calls answered in %.1f ms", (time.monotonic() - started) * 1000)
        return Outcome(200, ToolCallsResponse(results=results).wire())

    def _run_tools(
        self, org_key: str, message: ToolCalls, items: list[_ToolItem], now: datetime
    ) -> list[ToolCallResult]:
        results: list[ToolCallResult] = []
        with self.db.unit_of_work(write=True) as session:
            org_id = _organization_id(session, org_key)
            bind_tenant(session, org_id)
            tenant = Tenant(org_id)
            assistant = _check_tenant(session, tenant, message)
            events = EventRepository(session, tenant)
            call_id = message.call_id
            # A rehearsal's calls (signed mark, decided by the rehearsal run) are dry runs.
            dry = self._rehearsal(message, tenant, now)
            for item in items:
                answer = self._tool_once(
                    session, tenant, events, assistant, item, call_id, now, dry_run=dry
                )
                results.append(item.answer(answer))
        return results

    def _tool_once(
        self,
        session: Session,
        tenant: Tenant,
        events: EventRepository,
        assistant: Assistant | None,
        item: _ToolItem,
        call_id: str | None,
        now: datetime,
        *,
        dry_run: bool = False,
    ) -> dict[str, str]:
        """Run a tool call at most once, whatever the copies Vapi sends and the workers they
        reach: its inbox row is inserted first (`ON CONFLICT DO NOTHING`), and only the copy
        that inserted it runs the tool and stores the answer, in the same transaction. Any
        other copy finds the row taken; on PostgreSQL its INSERT waited until the first
        copy's transaction ended, so the answer it reads is committed: the same answer."""
        stored = {"toolCall": item.stored(), "call": {"id": call_id}}
        event = NewEvent(
            f"tool-call:{item.id}"[:200],
            "tool-calls",
            call_id and call_id[:64],
            stored,
            now,
        )
        reason = payload.unstorable(stored)
        if reason is not None:
            event = _quarantine(stored, event, reason)
        claimed = events.insert_new([event]).get(event.dedupe_key)
        if claimed is None:
            answer = events.result_of(event.dedupe_key)
            return dict(answer) if answer else {"error": TOOL_FAILED}
        if event.error is not None:
            answer = {"error": TOOL_FAILED}
        else:
            answer = self._one_tool(session, tenant, assistant, item, call_id, now, dry_run=dry_run)
        events.set_result(claimed, answer)
        return answer

    def _one_tool(
        self,
        session: Session,
        tenant: Tenant,
        assistant: Assistant | None,
        item: _ToolItem,
        call_id: str | None,
        now: datetime,
        *,
        dry_run: bool = False,
    ) -> dict[str, str]:
        # The calls' tools (messages, hours), then the bookings' (availability, booking).
        handler = CALL_HANDLERS.get(item.name) or BOOKING_HANDLERS.get(item.name)
        if handler is None:
            return {"error": UNKNOWN_TOOL}
        ctx = {
            "call_id": call_id,
            "tool_call_id": item.id,
            "now": now,
            "bookings": self.bookings,
            "dry_run": dry_run,
        }
        try:
            with session.begin_nested() as savepoint:
                answer = handler(session, tenant, assistant, item.arguments, ctx)
                # A question the assistant could not answer, reported with the tool call.
                gaps.from_tool(session, tenant, assistant, item.arguments, call_id, now)
                result = {"result": one_line(answer)}
                if dry_run:
                    # A rehearsal's: checked and worded as for real (same arguments, same
                    # statements), then undone. No message, request, booking, knowledge gap,
                    # audit entry or outbox job stays; a wake-up queued meanwhile finds nothing.
                    savepoint.rollback()
                return result
        except ToolFailure as exc:
            return {"error": one_line(str(exc))}
        except Exception:
            log.exception("tool %s failed", item.name)
            return {"error": TOOL_FAILED}


def _new_event(inbound: Inbound, now: datetime) -> NewEvent:
    """The inbox row of an informational event: processed now, or quarantined when it holds a
    value the database refuses."""
    message, body = inbound.message, inbound.body
    call_id = message.call_id
    event = NewEvent(
        dedupe_key(message)[:200],
        message.type[:40],
        call_id and call_id[:64],
        body,
        now,
    )
    reason = payload.unstorable(body)
    return event if reason is None else _quarantine(body, event, reason)


def _quarantine(body: Any, event: NewEvent, reason: str) -> NewEvent:
    """The same event, stored unprocessed: body as text, identifiers escaped (a NUL in a call id
    becomes `\\u0000`: copies still share one dedupe key), and the reason as its error."""
    provider_call_id = event.provider_call_id
    return NewEvent(
        escaped(event.dedupe_key)[:200],
        escaped(event.type)[:40],
        provider_call_id and escaped(provider_call_id)[:64],
        quarantined(body, reason),
        None,
        refusal(reason),
    )


def _apply(
    session: Session,
    tenant: Tenant,
    message: AnyServerMessage,
    assistant: Assistant | None,
    known: calls.Known,
) -> None:
    if not message.call_id:
        return
    if isinstance(message, StatusUpdate):
        calls.apply_status_update(session, tenant, message, assistant, known)
    elif isinstance(message, EndOfCallReport):
        calls.apply_end_of_call_report(session, tenant, message, assistant, known)
        notifications.after_call(session, tenant, message.call_id)


@dataclass(frozen=True)
class _ToolItem:
    """One tool call as the handlers take it: id, name, and arguments as an object."""

    id: str
    name: str
    arguments: dict[str, Any]

    def stored(self) -> dict[str, Any]:
        """What the inbox keeps of the call (the same shape as ever: older rows read alike)."""
        return {"id": self.id, "name": self.name, "arguments": self.arguments}

    def answer(self, outcome: Mapping[str, str]) -> ToolCallResult:
        result, error = outcome.get("result"), outcome.get("error")
        return ToolCallResult(tool_call_id=self.id, name=self.name, result=result, error=error)


def _tool_call_items(message: ToolCalls) -> list[_ToolItem]:
    items: list[_ToolItem] = []
    for call in message.calls():
        if not isinstance(call, ToolCall) or not call.id:
            raise InvalidPayload("Appel d'outil sans identifiant.")
        args = call.raw_arguments or {}
        if isinstance(args, str):
            try:
                args = loads_bounded(args) if args.strip() else {}
            except JsonInputError:
                args = {}
        items.append(
            _ToolItem(
                id=str(call.id),
                name=call.tool_name,
                arguments=args if isinstance(args, dict) else {},
            )
        )
    return items
