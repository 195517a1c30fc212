"""Reconciliation: calls whose end-of-call-report never reached us, filled in from the provider.

Vapi does not retry webhooks by default, so a report lost on the way (our server restarting, a
network hiccup) would leave a call missing or half-known. Periodically, and with
`allokoli calls reconcile`, we list the provider's recent calls (`GET /call`), keep the ended
ones of *our* assistants (by provider id, or by the ids our deployment puts in the assistant's
metadata), and for each one whose report never arrived (no `end-of-call-report:<id>` event in the
inbox) build the report from the provider's Call object and apply it through
`calls.service.apply_end_of_call_report`, exactly as if the webhook had come. The synthesized
report is stored in the inbox under the same dedupe key: a late real report is then absorbed as a
duplicate, and running reconciliation twice changes nothing. What the webhook does after applying
a report (queueing the owner's notifications) is handed in as `after_report` by the composition
root, since notifications sit beside calls, and runs in the same transaction.

With a real Vapi key one listing covers every organisation (one account). In sandbox mode
(`per_organization`) each organisation is its own sandbox account: each is listed with its own
credential, and its calls can only be attributed to it.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from allokoli.accounts.organizations import retention_by_organization
from allokoli.assistants.repository import AssistantRepository
from allokoli.calls import service as calls
from allokoli.calls.repository import EventRepository
from allokoli.contracts.vapi_messages import EndOfCallReport
from allokoli.db.session import Database
from allokoli.kit.clock import utcnow
from allokoli.models import Assistant, WebhookEvent
from allokoli.providers.vapi import METADATA_KEY, GatewayFactory
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.reconcile")

LIST_LIMIT = 1000
"""Calls listed per pass (Vapi's maximum page), newest first."""
ORG_METADATA_KEY = "allokoliOrganizationId"

AfterReport = Callable[[Session, Tenant, str], None]
"""Called with the session, the tenant and the provider call id once a report is applied."""


@dataclass
class ReconcileResult:
    listed: int = 0
    """Calls the provider returned."""
    ours: int = 0
    """Ended calls of our assistants (of the organisation asked for, if any)."""
    filled: list[str] = field(default_factory=list)
    """Provider ids of the calls filled in by this pass."""
    failed: int = 0


def report_from_call(call: dict[str, Any]) -> dict[str, Any]:
    """The end-of-call-report Vapi would have sent for this Call object."""
    artifact = dict(call.get("artifact") or {})
    for key in ("transcript", "messages", "recordingUrl"):
        if call.get(key) and not artifact.get(key):
            artifact[key] = call[key]
    analysis = dict(call.get("analysis") or {})
    if call.get("summary") and not analysis.get("summary"):
        analysis["summary"] = call["summary"]
    message: dict[str, Any] = {
        "type": "end-of-call-report",
        "call": call,
        "endedReason": call.get("endedReason"),
        "startedAt": call.get("startedAt"),
        "endedAt": call.get("endedAt"),
        "cost": call.get("cost"),
        "costs": call.get("costs") or [],
        "artifact": artifact,
        "analysis": analysis,
        "timestamp": call.get("updatedAt"),
        "source": "reconcile",
    }
    if call.get("customer"):
        message["customer"] = call["customer"]
    if isinstance(call.get("assistant"), dict):
        message["assistant"] = call["assistant"]
    return message


def _ended(call: dict[str, Any]) -> bool:
    return call.get("status") == "ended" or bool(call.get("endedAt"))


def _ids_in_metadata(call: dict[str, Any]) -> tuple[uuid.UUID, uuid.UUID] | None:
    """(organisation, assistant) our deployment wrote in an inline assistant's metadata."""
    assistant = call.get("assistant")
    metadata = assistant.get("metadata") if isinstance(assistant, dict) else None
    if not isinstance(metadata, dict):
        return None
    try:
        return uuid.UUID(str(metadata.get(ORG_METADATA_KEY))), uuid.UUID(
            str(metadata.get(METADATA_KEY))
        )
    except ValueError:
        return None


class Reconciler:
    def __init__(
        self,
        db: Database,
        gateway_factory: GatewayFactory,
        *,
        per_organization: bool = False,
        after_report: AfterReport | None = None,
    ) -> None:
        self.db = db
        self.gateway_factory = gateway_factory
        self.per_organization = per_organization
        self.after_report = after_report

    def run(self, org_id: uuid.UUID | None = None, limit: int = LIST_LIMIT) -> ReconcileResult:
        result = ReconcileResult()
        with self.db.unit_of_work() as session:
            org_ids = list(retention_by_organization(session, org_id))
        if not org_ids:
            return result
        accounts = [[o] for o in org_ids] if self.per_organization else [org_ids]
        for scope in accounts:
            self._run_account(scope, limit, result)
        if result.filled:
            log.info("reconciled %d call(s) whose report never arrived", len(result.filled))
        return result

    def _run_account(self, org_ids: list[uuid.UUID], limit: int, result: ReconcileResult) -> None:
        """One provider account: list its calls, fill in those of `org_ids` never reported."""
        provider_calls = self.gateway_factory(org_ids[0]).list_calls(limit=limit)
        result.listed += len(provider_calls)
        ended = [c for c in provider_calls if _ended(c) and c.get("id")]
        if not ended:
            return
        owners = self._owners(ended, org_ids)
        for call in ended:
            owner = owners.get(str(call["id"]))
            if owner is None:
                continue
            result.ours += 1
            try:
                if self._fill(owner, call):
                    result.filled.append(str(call["id"]))
            except Exception:
                result.failed += 1
                log.exception("reconciling call %s failed", call.get("id"))

    def _owners(
        self, ended: list[dict[str, Any]], org_ids: list[uuid.UUID]
    ) -> dict[str, tuple[uuid.UUID, uuid.UUID]]:
        """{provider call id: (organisation, our assistant)} for the calls that are ours."""
        owners: dict[str, tuple[uuid.UUID, uuid.UUID]] = {}
        by_provider_assistant: dict[str, list[str]] = {}
        by_metadata: dict[uuid.UUID, list[tuple[str, uuid.UUID]]] = {}
        for call in ended:
            call_id = str(call["id"])
            ids = _ids_in_metadata(call)
            if ids is not None:
                by_metadata.setdefault(ids[0], []).append((call_id, ids[1]))
            elif call.get("assistantId"):
                by_provider_assistant.setdefault(str(call["assistantId"]), []).append(call_id)
        with self.db.unit_of_work() as session:
            for org_id in org_ids:
                repo = AssistantRepository(session, Tenant(org_id))
                for call_id, ours in by_metadata.get(org_id, []):
                    if repo.find(ours) is not None:
                        owners[call_id] = (org_id, ours)
                if not by_provider_assistant:
                    continue
                stmt = repo.scoped().with_only_columns(Assistant.provider_id, Assistant.id)
                stmt = stmt.where(Assistant.provider_id.in_(list(by_provider_assistant)))
                for provider_id, assistant_id in session.execute(stmt):
                    for call_id in by_provider_assistant.get(str(provider_id), []):
                        owners[call_id] = (org_id, assistant_id)
        return owners

    def _fill(self, owner: tuple[uuid.UUID, uuid.UUID], call: dict[str, Any]) -> bool:
        org_id, assistant_id = owner
        tenant = Tenant(org_id)
        message = report_from_call(call)
        key = f"end-of-call-report:{call['id']}"[:200]
        with self.db.unit_of_work(tenant_id=org_id) as session:
            events = EventRepository(session, tenant)
            if events.by_key(key) is not None:
                return False
            event = WebhookEvent(
                dedupe_key=key,
                type="end-of-call-report",
                provider_call_id=str(call["id"])[:64],
                payload=message,
            )
            try:
                with session.begin_nested():
                    events.add(event)
            except IntegrityError:  # the real report arrived meanwhile
                return False
            assistant = AssistantRepository(session, tenant).find(assistant_id)
            with session.begin_nested():
                report = EndOfCallReport.model_validate(message)
                calls.apply_end_of_call_report(session, tenant, report, assistant)
            if self.after_report is not None:
                self.after_report(session, tenant, str(call["id"]))
            event.processed_at = utcnow()
        return True
