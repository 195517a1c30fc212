"""Pushing assistants to Vapi (or the sandbox) from the outbox."""

from __future__ import annotations

import copy
import logging
import threading
import uuid
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from allokoli.auth.repository import IdentityRepository
from allokoli.auth.webhook_secrets import SECRET_HEADER, webhook_secret, webhook_url
from allokoli.db.session import Database, discard
from allokoli.deploy import outbox
from allokoli.kit.clock import utcnow
from allokoli.models import Assistant, AssistantStatus, Organization, OutboxMessage
from allokoli.phone_numbers.repository import AssistantLookup, PhoneNumberRepository
from allokoli.phone_numbers.screening import owner_line, screened_route, screening_wanted
from allokoli.providers.vapi import (
    METADATA_KEY,
    GatewayFactory,
    ProviderError,
    ProviderNotFound,
    VapiGateway,
)
from allokoli.settings import Settings
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.deploy")

TOOL_TIMEOUT_SECONDS = 8


def deployable_config(
    settings: Settings, org: Organization, assistant: Assistant
) -> dict[str, Any]:
    """The stored config plus what only deployment knows: our webhook URL, its secret, our ids."""
    config = copy.deepcopy(assistant.config)
    url = webhook_url(settings, org)
    headers = {SECRET_HEADER: webhook_secret(settings, org)}
    config["name"] = (config.get("name") or assistant.name)[:40]
    config["server"] = {"url": url, "timeoutSeconds": 20, "headers": headers}
    for tool in (config.get("model") or {}).get("tools") or []:
        if tool.get("type") == "function":
            tool["server"] = {
                "url": url,
                "timeoutSeconds": TOOL_TIMEOUT_SECONDS,
                "headers": headers,
            }
    metadata = dict(config.get("metadata") or {})
    metadata.update(
        {
            METADATA_KEY: str(assistant.id),
            "allokoliOrganizationId": str(org.id),
            "allokoliVersion": assistant.version,
        }
    )
    if assistant.profile is not None:
        metadata["allokoliProfile"] = assistant.profile
    config["metadata"] = metadata
    return config


PAUSED_MESSAGE = "Notre assistant est en pause, je vous transfère."


class _Plan(BaseModel):
    """What a job will ask the provider, read from the database before the call (no
    transaction stays open across it)."""

    model_config = ConfigDict(frozen=True)


class Skip(_Plan):
    """Nothing to ask: the assistant or its number is gone, or not in a routable state."""


class PushPlan(_Plan):
    assistant_id: uuid.UUID
    config: dict[str, Any]
    """The deployable config (`deployable_config`)."""
    provider_id: str | None
    version: int
    unrecorded_pushes: tuple[datetime, datetime] | None = None
    """First and last send of the earlier pushes whose outcome was never recorded: one of them
    may have created the assistant at the provider (None: there is none to look for)."""


class DeletePlan(_Plan):
    provider_id: str


class RoutePlan(_Plan):
    phone_provider_id: str
    body: dict[str, Any]
    """The phone number's PATCH body (`assistantId`, maybe `fallbackDestination`)."""


Plan = Skip | PushPlan | DeletePlan | RoutePlan


def _route_plan(
    session: Session, settings: Settings, tenant: Tenant, assistant_id: uuid.UUID
) -> Skip | RoutePlan:
    """Where the assistant's number must point, from the assistant's status now (the latest
    pause or resume wins, whatever order the messages run in). A screened organisation's
    numbers ask us for each call (`phone_numbers.screening`)."""
    assistant = AssistantLookup(session, tenant).find(assistant_id)
    phone = PhoneNumberRepository(session, tenant).active_for(assistant_id) if assistant else None
    if assistant is None or phone is None or not phone.provider_id:
        return Skip()
    owner = owner_line(assistant.profile)
    if assistant.status == AssistantStatus.PAUSED:
        body: dict[str, Any] = {"assistantId": None}
        if owner:
            body["fallbackDestination"] = {
                "type": "number",
                "number": owner,
                "message": PAUSED_MESSAGE,
            }
        return RoutePlan(phone_provider_id=phone.provider_id, body=body)
    if assistant.provider_id and assistant.status == AssistantStatus.ACTIVE:
        if owner and screening_wanted(session, tenant):
            org = IdentityRepository(session).organization(tenant.organization_id)
            assert org is not None
            server = {
                "url": webhook_url(settings, org),
                "headers": {SECRET_HEADER: webhook_secret(settings, org)},
            }
            return RoutePlan(
                phone_provider_id=phone.provider_id, body=screened_route(owner, server)
            )
        return RoutePlan(
            phone_provider_id=phone.provider_id, body={"assistantId": assistant.provider_id}
        )
    return Skip()


class MessageRun(BaseModel):
    """What running one outbox message did."""

    model_config = ConfigDict(frozen=True)

    claimed: bool
    retry_at: datetime | None = None
    """Still pending after a retryable failure: due again at this time."""


def unreadable(kind: str, exc: ValidationError) -> str:
    """The dead-letter reason of a message whose payload does not match its kind."""
    fields = ", ".join(".".join(str(p) for p in e["loc"]) or kind for e in exc.errors())
    return (
        f"Message illisible : son contenu ne correspond pas au type « {kind} » "
        f"(champs en cause : {fields}). Il ne sera pas réessayé."
    )


class Dispatcher:
    """Processes due outbox messages. Safe to run from several threads or processes.

    Built once per app, it answers the outbox's after-commit wake-up (`outbox.WAKE`): a change
    that enqueued a message is pushed right after its transaction commits."""

    def __init__(self, db: Database, settings: Settings, gateway_factory: GatewayFactory) -> None:
        self.db = db
        self.settings = settings
        self.gateway_factory = gateway_factory
        self._external: dict[str, outbox.ExternalHandler] = {}
        db.on_commit(outbox.WAKE, self.run_due)

    def register(self, kind: str, handler: outbox.ExternalHandler) -> None:
        """Run the messages of `kind` with `handler` (a feature beside this one: the
        notifications, the rehearsal of a new version): the outbox keeps the claim, the backoff
        and the dead letter."""
        self._external[kind] = handler

    def run_due(self, now: datetime | None = None, limit: int = 50) -> int:
        """Process every due message once; returns how many were handled."""
        now = now or utcnow()
        with self.db.unit_of_work() as session:
            due = outbox.due_messages(session, now, limit)
        return sum(self.run_message(message_id, org_id, now).claimed for message_id, org_id in due)

    def run_message(
        self, message_id: uuid.UUID, org_id: uuid.UUID, now: datetime | None = None
    ) -> MessageRun:
        """Claim one message and process it: the job both engines run (`jobs.tasks`).

        Not claimed when another runner holds it, it is done, or it is not due yet."""
        now = now or utcnow()
        lease = timedelta(seconds=self.settings.outbox_lease_seconds)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            if not outbox.claim(session, message_id, now, lease):
                return MessageRun(claimed=False)
        return MessageRun(claimed=True, retry_at=self._process(message_id, org_id, now))

    def _process(self, message_id: uuid.UUID, org_id: uuid.UUID, now: datetime) -> datetime | None:
        """Read, call the provider with no transaction open, then write the outcome; returns
        when to try again if the message is still pending.

        No database transaction spans a network call: a provider (or the embedded sandbox,
        which shares an SQLite file in development) must be able to write meanwhile.
        """
        tenant = Tenant(org_id)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            message = session.get(OutboxMessage, message_id)
            if message is None or message.done_at is not None:
                return None
            handler = self._external.get(message.kind)
            if handler is not None:
                kind, payload = message.kind, dict(message.payload)
        if handler is not None:
            return self._process_external(message_id, org_id, now, kind, payload, handler)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            message = session.get(OutboxMessage, message_id)
            if message is None or message.done_at is not None:
                return None
            try:
                job = outbox.load(message)
            except ValidationError as exc:
                # Written by another version (or by hand): retrying cannot help. Dead letter.
                message.attempts += 1
                message.done_at = now
                message.last_error = unreadable(message.kind, exc)
                log.error("outbox %s given up: %s", message_id, message.last_error)
                return None
            plan = self._prepare(session, tenant, job)
        gateway = self.gateway_factory(org_id)
        error: ProviderError | None = None
        outcome: str | None = None
        try:
            outcome = self._call_provider(gateway, job, plan)
        except ProviderError as exc:
            error = exc
        retry_at: datetime | None = None
        # A follow-up this writes (the number's route after a push) waits for the next pass
        # rather than starting a pass inside this one.
        with self.db.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
            message = session.get(OutboxMessage, message_id)
            if message is None or message.done_at is not None:
                return None
            if error is None:
                self._record_success(session, tenant, job, outcome, plan)
                message.done_at = now
                message.last_error = None
                return None
            message.attempts += 1
            message.last_error = error.detail
            if error.retryable and message.attempts < outbox.MAX_ATTEMPTS:
                wait = outbox.next_attempt_in(message.attempts, error.retry_after)
                retry_at = message.next_attempt_at = now + wait
                self._note_retry(session, tenant, job, message.attempts, error.detail)
            else:
                message.done_at = now
                reason = error.detail
                if error.retryable:  # out of attempts: say so, not « nouvel essai bientôt »
                    reason = outbox.given_up(error.detail, message.attempts)
                    message.last_error = reason
                self._fail(session, tenant, job, reason)
        log.warning("outbox %s %s failed: %s", message_id, job.kind, error.detail)
        return retry_at

    def _process_external(
        self,
        message_id: uuid.UUID,
        org_id: uuid.UUID,
        now: datetime,
        kind: str,
        payload: dict[str, Any],
        handler: outbox.ExternalHandler,
    ) -> datetime | None:
        """A registered kind: the handler does the work in its own units of work; the outcome
        is written on the message as for a push (done, retried with backoff, or given up).

        A message carrying several payloads (`outbox.batch_items`, one per call of a webhook
        batch) runs the handler for each in order; when one fails, the message keeps only the
        payloads not done yet, so its retry does not run the others again."""
        error: outbox.Undelivered | None = None
        items = outbox.batch_items(payload)
        done = 0
        try:
            for item in items:
                handler(org_id, item, now)
                done += 1
        except outbox.Undelivered as exc:
            error = exc
        except Exception as exc:  # a bug: kept on the message, retried like an outage
            log.exception("outbox %s %s failed", message_id, kind)
            error = outbox.Undelivered(f"Erreur interne : {type(exc).__name__}", retryable=True)
        with self.db.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
            message = session.get(OutboxMessage, message_id)
            if message is None or message.done_at is not None:
                return None
            if error is None:
                message.done_at = now
                message.last_error = None
                return None
            if done:
                message.payload = outbox.batch_payload(items[done:])
            message.attempts += 1
            message.last_error = error.detail
            if error.retryable and message.attempts < outbox.MAX_ATTEMPTS:
                wait = outbox.next_attempt_in(message.attempts, error.retry_after)
                message.next_attempt_at = now + wait
                retry_at: datetime | None = message.next_attempt_at
            else:
                message.done_at = now
                retry_at = None
        log.warning("outbox %s %s failed: %s", message_id, kind, error.detail)
        return retry_at

    def _prepare(self, session: Session, tenant: Tenant, job: outbox.Job) -> Plan:
        if isinstance(job, outbox.PushAssistant):
            assistant = AssistantLookup(session, tenant).find(job.assistant_id)
            if assistant is None:
                return Skip()  # deleted meanwhile: nothing to push
            org = IdentityRepository(session).organization(tenant.organization_id)
            assert org is not None
            earlier = None
            if assistant.push_sent_first_at is not None:
                last = assistant.push_sent_last_at or assistant.push_sent_first_at
                earlier = (assistant.push_sent_first_at, last)
            # Committed before the call: if this push's answer is lost (timeout, a worker killed
            # mid-call), the next one knows when to look for what it may have created.
            sent_at = utcnow()
            assistant.push_sent_first_at = assistant.push_sent_first_at or sent_at
            assistant.push_sent_last_at = sent_at
            return PushPlan(
                assistant_id=assistant.id,
                config=deployable_config(self.settings, org, assistant),
                provider_id=assistant.provider_id,
                version=assistant.version,
                unrecorded_pushes=earlier,
            )
        if isinstance(job, outbox.DeleteAssistant):
            return DeletePlan(provider_id=job.provider_id)
        return _route_plan(session, self.settings, tenant, job.assistant_id)

    def _call_provider(self, gateway: VapiGateway, job: outbox.Job, plan: Plan) -> str | None:
        if isinstance(plan, Skip):
            return None
        if isinstance(plan, DeletePlan):
            gateway.delete_assistant(plan.provider_id)
            return None
        if isinstance(plan, RoutePlan):
            gateway.update_phone_number(plan.phone_provider_id, plan.body)
            return None
        if plan.provider_id is not None:
            try:
                gateway.update_assistant(plan.provider_id, plan.config)
                return plan.provider_id
            except ProviderNotFound:
                pass  # deleted at the provider meanwhile: created again below
        if plan.unrecorded_pushes is not None:
            # An earlier push may have created it without our hearing back: find it by our id
            # among the assistants created while those pushes were sent, rather than create a
            # second one.
            found = gateway.find_assistant(
                str(plan.assistant_id), sent_between=plan.unrecorded_pushes
            )
            if found is not None:
                try:
                    gateway.update_assistant(found, plan.config)
                    return found
                except ProviderNotFound:
                    pass  # deleted there since: created again below
        return gateway.create_assistant(plan.config)

    def _record_success(
        self,
        session: Session,
        tenant: Tenant,
        job: outbox.Job,
        provider_id: str | None,
        plan: Plan,
    ) -> None:
        if isinstance(plan, RoutePlan):
            log.info("phone number %s routed: %s", plan.phone_provider_id, plan.body)
        if not isinstance(plan, PushPlan) or provider_id is None:
            return
        assistant = AssistantLookup(session, tenant).find(plan.assistant_id)
        if assistant is None:
            return
        assistant.provider_id = provider_id
        assistant.push_sent_first_at = assistant.push_sent_last_at = None
        assistant.status = AssistantStatus.ACTIVE
        assistant.status_reason = None
        assistant.deployed_version = plan.version
        assistant.deployed_at = utcnow()
        if PhoneNumberRepository(session, tenant).active_for(assistant.id) is not None:
            # A paused assistant deployed again answers its number again.
            outbox.enqueue(session, tenant, outbox.RoutePhoneNumber(assistant_id=assistant.id))

    def _assistant_of(self, session: Session, tenant: Tenant, job: outbox.Job) -> Assistant | None:
        if isinstance(job, outbox.DeleteAssistant):
            return None
        return AssistantLookup(session, tenant).find(job.assistant_id)

    def _note_retry(
        self, session: Session, tenant: Tenant, job: outbox.Job, attempts: int, reason: str
    ) -> None:
        assistant = self._assistant_of(session, tenant, job)
        if assistant is not None:
            assistant.status_reason = f"{reason} (tentative {attempts})"

    def _fail(self, session: Session, tenant: Tenant, job: outbox.Job, reason: str) -> None:
        assistant = self._assistant_of(session, tenant, job)
        if assistant is not None:
            assistant.status = AssistantStatus.ERROR
            assistant.status_reason = reason


class OutboxPoller:
    """A daemon thread running the dispatcher every `interval` seconds (0 disables it)."""

    def __init__(self, dispatcher: Dispatcher, interval: float) -> None:
        self.dispatcher = dispatcher
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.interval <= 0:
            return
        self._thread = threading.Thread(target=self._run, name="allokoli-outbox", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.dispatcher.run_due()
            except Exception:  # keep polling whatever happens; the error is logged
                log.exception("outbox pass failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
