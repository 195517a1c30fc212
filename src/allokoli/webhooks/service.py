"""Vapi webhook ingestion: authenticate, store in the inbox (dedupe), process, answer.

Informational events are committed to the inbox before we answer 200; processing runs in a
savepoint of the same transaction, so a processing bug leaves the event stored with its error
(reprocessable) instead of losing it. Tool calls answer in Vapi's `results` format within a hard
deadline; a retried tool call (same id) gets the stored answer.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from allokoli.accounts.repository import IdentityRepository
from allokoli.assistants.repository import PhoneNumberRepository
from allokoli.calls import service as calls
from allokoli.calls.alerts import record_webhook_failure
from allokoli.calls.repository import EventRepository
from allokoli.calls.tools import HANDLERS, ToolFailure, one_line
from allokoli.db.session import Database
from allokoli.deploy.secrets import webhook_secret
from allokoli.kit.clock import utcnow
from allokoli.kit.errors import AppError, Forbidden, NotFound, Unauthorized
from allokoli.models import Assistant, Organization, PhoneNumber, WebhookEvent
from allokoli.settings import Settings
from allokoli.tenancy import Tenant
from allokoli.webhooks.auth import verify

log = logging.getLogger("allokoli.webhooks")

TOOL_DEADLINE_SECONDS = 2.0
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


class InvalidPayload(AppError):
    status_code = 400
    default_detail = "Le corps de la requête n'est pas un message Vapi valide."


@dataclass(frozen=True)
class Outcome:
    status_code: int
    body: dict[str, Any]


def dedupe_key(message: dict[str, Any]) -> str:
    kind = str(message.get("type"))
    call_id = str((message.get("call") or {}).get("id") or "-")
    if kind == "end-of-call-report":
        return f"end-of-call-report:{call_id}"
    if kind == "status-update":
        return f"status-update:{call_id}:{message.get('status')}"
    return f"{kind}:{call_id}:{message.get('timestamp')}"


def _organization(session: Session, org_key: str) -> Organization:
    org = IdentityRepository(session).organization_by_webhook_key(org_key)
    if org is None:
        raise NotFound("Point de réception inconnu.")
    return org


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidPayload("Le corps de la requête n'est pas du JSON valide.") from exc
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise InvalidPayload()
    return message


def _check_tenant(
    session: Session, tenant: Tenant, org: Organization, message: dict[str, Any]
) -> Assistant | None:
    """The URL names the tenant; what the body names must belong to it."""
    assistant = calls.find_assistant(session, tenant, message)
    call = message.get("call") or {}
    named = call.get("assistantId") or (message.get("assistant") or {}).get("id")
    if named and assistant is None:
        raise Forbidden("Cet assistant n'appartient pas à cette organisation.")
    metadata = (message.get("assistant") or {}).get("metadata") or {}
    claimed_org = metadata.get("allokoliOrganizationId")
    if claimed_org and claimed_org != str(org.id):
        raise Forbidden("Cet assistant n'appartient pas à cette organisation.")
    phone_id = call.get("phoneNumberId") or (message.get("phoneNumber") or {}).get("id")
    if phone_id:
        phones = PhoneNumberRepository(session, tenant)
        owned = session.scalar(phones.scoped().where(PhoneNumber.provider_id == str(phone_id)))
        if owned is None:
            raise Forbidden("Ce numéro n'appartient pas à cette organisation.")
    return assistant


class WebhookService:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings

    def handle(self, org_key: str, headers: Mapping[str, str], raw: bytes) -> Outcome:
        with self.db.unit_of_work() as session:
            org = _organization(session, org_key)
            verified = verify(headers, raw, webhook_secret(self.settings, org), time.time())
            org_id = org.id
        if not verified:
            record_webhook_failure(self.db, org_id)  # counted for the owner's alerts
            raise Unauthorized("Signature du webhook invalide.")
        message = _parse(raw)
        if message["type"] == "tool-calls":
            return self._tool_calls(org_id, message)
        return self._ingest(org_id, message)

    def _ingest(self, org_id: uuid.UUID, message: dict[str, Any]) -> Outcome:
        tenant = Tenant(org_id)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            org = IdentityRepository(session).organization(org_id)
            assert org is not None
            assistant = _check_tenant(session, tenant, org, message)
            event = WebhookEvent(
                dedupe_key=dedupe_key(message)[:200],
                type=message["type"][:40],
                provider_call_id=(message.get("call") or {}).get("id"),
                payload=message,
            )
            try:
                with session.begin_nested():
                    EventRepository(session, tenant).add(event)
            except IntegrityError:
                return Outcome(200, {"status": "duplicate"})
            self._process(session, tenant, event, assistant)
        return Outcome(200, {"status": "stored"})

    def _process(
        self, session: Session, tenant: Tenant, event: WebhookEvent, assistant: Assistant | None
    ) -> None:
        message = event.payload
        try:
            with session.begin_nested():
                if event.type == "status-update" and event.provider_call_id:
                    calls.apply_status_update(session, tenant, message, assistant)
                elif event.type == "end-of-call-report" and event.provider_call_id:
                    calls.apply_end_of_call_report(session, tenant, message, assistant)
            event.processed_at = utcnow()
        except Exception as exc:  # stored, not lost: the error is kept for reprocessing
            log.exception("processing webhook event %s failed", event.dedupe_key)
            event.error = f"{type(exc).__name__}: {exc}"[:2000]

    def reprocess_failed(self, org_id: uuid.UUID, limit: int = 500) -> int:
        """Process again the stored events whose processing failed (operator task)."""
        tenant = Tenant(org_id)
        count = 0
        with self.db.unit_of_work(tenant_id=org_id) as session:
            repo = EventRepository(session, tenant)
            rows = repo.list(repo.scoped().where(WebhookEvent.processed_at.is_(None)).limit(limit))
            for event in rows:
                if event.type == "tool-calls":
                    continue
                event.error = None
                self._process(
                    session, tenant, event, calls.find_assistant(session, tenant, event.payload)
                )
                count += event.processed_at is not None
        return count

    # --- tool calls -------------------------------------------------------------------------

    def _tool_calls(self, org_id: uuid.UUID, message: dict[str, Any]) -> Outcome:
        items = _tool_call_items(message)
        started = time.monotonic()
        future = _tool_pool.submit(self._run_tools, org_id, message, items, utcnow())
        try:
            results = future.result(timeout=TOOL_DEADLINE_SECONDS)
        except FutureTimeout:
            log.error("tool calls over the %.1fs deadline", TOOL_DEADLINE_SECONDS)
            results = [{"toolCallId": i["id"], "error": SLOW_TOOL} for i in items]
        except AppError:
            raise
        except Exception:
            log.exception("tool calls failed")
            results = [{"toolCallId": i["id"], "error": TOOL_FAILED} for i in items]
        log.debug("tool calls answered in %.1f ms", (time.monotonic() - started) * 1000)
        return Outcome(200, {"results": results})

    def _run_tools(
        self, org_id: uuid.UUID, message: dict[str, Any], items: list[dict[str, Any]], now: datetime
    ) -> list[dict[str, str]]:
        tenant = Tenant(org_id)
        results: list[dict[str, str]] = []
        with self.db.unit_of_work(tenant_id=org_id) as session:
            org = IdentityRepository(session).organization(org_id)
            assert org is not None
            assistant = _check_tenant(session, tenant, org, message)
            events = EventRepository(session, tenant)
            call_id = (message.get("call") or {}).get("id")
            for item in items:
                key = f"tool-call:{item['id']}"[:200]
                stored = events.by_key(key)
                if stored is not None and stored.result is not None:
                    results.append({"toolCallId": item["id"], **stored.result})
                    continue
                answer = self._one_tool(session, tenant, assistant, item, call_id, now)
                try:
                    with session.begin_nested():
                        events.add(
                            WebhookEvent(
                                dedupe_key=key,
                                type="tool-calls",
                                provider_call_id=call_id,
                                payload={"toolCall": item, "call": {"id": call_id}},
                                processed_at=now,
                                result=answer,
                            )
                        )
                except IntegrityError:  # the same tool call, concurrently: answer as stored
                    session.expire_all()
                    stored = events.by_key(key)
                    if stored is not None and stored.result is not None:
                        answer = stored.result
                results.append({"toolCallId": item["id"], **answer})
        return results

    def _one_tool(
        self,
        session: Session,
        tenant: Tenant,
        assistant: Assistant | None,
        item: dict[str, Any],
        call_id: str | None,
        now: datetime,
    ) -> dict[str, str]:
        handler = HANDLERS.get(item["name"])
        if handler is None:
            return {"error": UNKNOWN_TOOL}
        ctx = {"call_id": call_id, "tool_call_id": item["id"], "now": now}
        try:
            with session.begin_nested():
                return {
                    "result": one_line(handler(session, tenant, assistant, item["arguments"], ctx))
                }
        except ToolFailure as exc:
            return {"error": one_line(str(exc))}
        except Exception:
            log.exception("tool %s failed", item["name"])
            return {"error": TOOL_FAILED}


def _tool_call_items(message: dict[str, Any]) -> list[dict[str, Any]]:
    raw = message.get("toolCallList")
    if not isinstance(raw, list):
        raw = [
            t.get("toolCall")
            for t in message.get("toolWithToolCallList") or []
            if isinstance(t, dict)
        ]
    items: list[dict[str, Any]] = []
    for call in raw:
        if not isinstance(call, dict) or not call.get("id"):
            raise InvalidPayload("Appel d'outil sans identifiant.")
        function = call.get("function") or {}
        args = function.get("arguments") or call.get("arguments") or {}
        if isinstance(args, str):
            try:
                args = json.loads(args) if args.strip() else {}
            except json.JSONDecodeError:
                args = {}
        items.append(
            {
                "id": str(call["id"]),
                "name": str(function.get("name") or call.get("name") or ""),
                "arguments": args if isinstance(args, dict) else {},
            }
        )
    return items
