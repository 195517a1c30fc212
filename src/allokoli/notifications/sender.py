"""The notification jobs: deciding what a call's report is worth (`fan_out`), sending one
delivery (`send`), and the daily digest (`digest`).

Registered with the outbox dispatcher (`Dispatcher.register`), so they run in either job
engine with the outbox's lease, backoff and dead letter. A delivery is sent at most once:

- its row is unique per (organisation, idempotency key): the fan-out queues nothing twice;
- a sent row is never sent again (a duplicate job, a retry, the operator's retry);
- before the network call the row is committed as « sending »: a job that finds it so knows
  an earlier attempt died without recording its outcome (a worker killed mid-send). For an SMS
  it asks Twilio whether that SMS went (same recipient, sender and text since the attempt) and
  records it sent if so; an e-mail cannot be looked up, so it is given up to the dead letter
  with that reason rather than risk a second copy (the operator may retry it).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from allokoli.assistants.repository import AssistantRepository
from allokoli.auth.repository import IdentityRepository
from allokoli.calls.display import PARIS
from allokoli.calls.repository import CallRepository, TakenMessageRepository
from allokoli.db.session import Database
from allokoli.deploy.outbox import MAX_ATTEMPTS, Undelivered
from allokoli.models import Call, NotificationDelivery, NotificationSettings
from allokoli.notifications import content, gaps
from allokoli.notifications.repository import (
    DeliveryRepository,
    DigestCallRepository,
    GapRepository,
    OptOutRepository,
    SettingsRepository,
)
from allokoli.notifications.senders import Email, find_sent_sms, message_id, send_email, send_sms
from allokoli.notifications.service import in_quiet_hours, queue_delivery, wanted
from allokoli.providers.twilio import TwilioGateway
from allokoli.settings import Settings
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.notifications")

INTERRUPTED_EMAIL = (
    "Envoi interrompu (le worker s'est arrêté pendant l'envoi) : le serveur d'envoi a peut-être "
    "déjà remis cet e-mail. Il n'est pas renvoyé de lui-même ; relancez-le "
    "(allokoli jobs retry) si le destinataire ne l'a pas reçu."
)
STOPPED = "Ce numéro a répondu STOP : aucun SMS ne lui est envoyé."
LOOKBACK = timedelta(minutes=2)


def is_urgent(call: Call, messages: list[Any]) -> bool:
    structured = call.structured or {}
    fiche = structured.get("fiche_appel")
    flagged = isinstance(fiche, dict) and bool(fiche.get("urgence") or fiche.get("urgent"))
    return flagged or bool(structured.get("urgence")) or any(m.urgent for m in messages)


def call_link(settings: Settings, call: Call) -> str:
    return f"{settings.public_url.rstrip('/')}/calls/{call.id}"


@dataclass(eq=False)
class Notifier:
    db: Database
    settings: Settings
    twilio: Callable[[], TwilioGateway | None]

    # -- after a call ----------------------------------------------------------------------

    def fan_out(self, org_id: uuid.UUID, payload: dict[str, Any], now: datetime) -> None:
        """The call's report is committed: record its unanswered questions, then queue the
        owner's e-mails / SMS its settings ask for, and the caller's confirmation SMS."""
        provider_call_id = str(payload.get("provider_call_id") or "")
        tenant = Tenant(org_id)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            call = CallRepository(session, tenant).by_provider_id(provider_call_id)
            if call is None or call.assistant_id is None:
                return
            assistant = AssistantRepository(session, tenant).find(call.assistant_id)
            if assistant is None:
                return
            questions = gaps.questions_of((call.structured or {}).get(gaps.STRUCTURED_KEY))
            if questions:
                gaps.record(session, tenant, assistant.id, provider_call_id, questions, now)
            messages = TakenMessageRepository(session, tenant).for_call(provider_call_id)
            prefs = SettingsRepository(session, tenant).for_assistant(assistant.id)
            urgent = is_urgent(call, messages)
            if prefs is not None and wanted(prefs.calls, messages, urgent):
                targets = [("email", e) for e in (prefs.emails if prefs.email_enabled else [])]
                targets += [("sms", p) for p in (prefs.phones if prefs.sms_enabled else [])]
                for channel, recipient in targets:
                    quiet = in_quiet_hours(prefs, now) if channel == "sms" and not urgent else None
                    queue_delivery(
                        session,
                        tenant,
                        key=f"call:{provider_call_id}:{channel}:{recipient}"[:200],
                        kind="call",
                        channel=channel,
                        recipient=recipient,
                        assistant_id=assistant.id,
                        provider_call_id=provider_call_id,
                        at=quiet,
                    )
            if prefs is None or prefs.caller_sms_enabled:
                for message in messages:
                    if message.sms_consent and message.callback_number:
                        queue_delivery(
                            session,
                            tenant,
                            key=f"confirmation:{message.id}:sms",
                            kind="confirmation",
                            channel="sms",
                            recipient=message.callback_number,
                            assistant_id=assistant.id,
                            provider_call_id=provider_call_id,
                            taken_message_id=message.id,
                        )

    # -- one delivery ----------------------------------------------------------------------

    def send(self, org_id: uuid.UUID, payload: dict[str, Any], now: datetime) -> None:
        """Send one delivery at most once (see the module docstring)."""
        delivery_id = uuid.UUID(str(payload.get("delivery_id")))
        tenant = Tenant(org_id)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            delivery = DeliveryRepository(session, tenant).find(delivery_id)
            if delivery is None or delivery.status in ("sent", "skipped"):
                return
            interrupted = delivery.attempt_started_at if delivery.status == "sending" else None
            if delivery.channel == "sms" and OptOutRepository(session, tenant).has(
                delivery.recipient
            ):
                delivery.status, delivery.last_error = "skipped", STOPPED
                return
            if delivery.text_body is None and not self._render(session, tenant, delivery):
                return
            if interrupted is not None and delivery.channel == "email":
                delivery.status, delivery.last_error = "failed", INTERRUPTED_EMAIL
                give_up = True
            else:
                give_up = False
                delivery.status = "sending"
                delivery.attempt_started_at = now
                delivery.attempts += 1
            attempts = delivery.attempts
            channel, recipient = delivery.channel, delivery.recipient
            email = Email(
                to=recipient,
                subject=delivery.subject or "AlloKoli",
                text=delivery.text_body or "",
                html=delivery.html_body,
                message_id=message_id(str(delivery.id), self.settings),
                unsubscribe_url=self._unsubscribe(session, tenant, delivery),
            )
        if give_up:  # committed « failed » first: the reason shows in the settings
            raise Undelivered(INTERRUPTED_EMAIL, retryable=False)
        # Committed « sending »: now the network, with no transaction open.
        try:
            ref: str | None = None
            if channel == "email":
                ref = send_email(self.settings, email)
            else:
                gateway = self.twilio()
                if interrupted is not None:
                    ref = find_sent_sms(
                        gateway, self.settings, recipient, email.text, interrupted - LOOKBACK
                    )
                if ref is None:
                    ref = send_sms(gateway, self.settings, recipient, email.text)
        except Undelivered as exc:
            self._failed(org_id, delivery_id, exc, attempts)
            raise
        with self.db.unit_of_work(tenant_id=org_id) as session:
            found = DeliveryRepository(session, tenant).find(delivery_id)
            if found is not None:
                found.status, found.sent_at, found.last_error = "sent", now, None
                found.provider_ref = (ref or "")[:200] or None

    def _unsubscribe(
        self, session: Any, tenant: Tenant, delivery: NotificationDelivery
    ) -> str | None:
        if delivery.kind != "digest" or delivery.assistant_id is None:
            return None
        prefs = SettingsRepository(session, tenant).for_assistant(delivery.assistant_id)
        if prefs is None:
            return None
        return unsubscribe_url(
            self.settings, org_id=tenant.organization_id, token=prefs.unsubscribe_token
        )

    def _failed(
        self, org_id: uuid.UUID, delivery_id: uuid.UUID, exc: Undelivered, attempts: int
    ) -> None:
        tenant = Tenant(org_id)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            found = DeliveryRepository(session, tenant).find(delivery_id)
            if found is None:
                return
            final = not exc.retryable or attempts >= MAX_ATTEMPTS
            found.status = "failed" if final else "pending"
            found.last_error = exc.detail
            if found.channel == "sms" and "STOP" in exc.detail:
                OptOutRepository(session, tenant).remember(found.recipient, "twilio")

    def _render(self, session: Any, tenant: Tenant, delivery: NotificationDelivery) -> bool:
        """Fill the delivery's text from the stored call (once: a retry sends the same words).
        False when there is nothing to say any more (the call or message is gone)."""
        calls = CallRepository(session, tenant)
        call = calls.by_provider_id(delivery.provider_call_id or "")
        if delivery.kind == "confirmation":
            message = TakenMessageRepository(session, tenant).find(
                delivery.taken_message_id or uuid.uuid4()
            )
            assistant = (
                AssistantRepository(session, tenant).find(delivery.assistant_id)
                if delivery.assistant_id
                else None
            )
            business = str(
                ((assistant.profile if assistant else None) or {}).get("company_name") or ""
            )
            text = content.confirmation_sms(business, message) if message else None
            if text is None:
                delivery.status = "skipped"
                delivery.last_error = (
                    "SMS de confirmation non envoyé : il y manquait le nom de l'établissement "
                    "ou le numéro de l'appelant."
                )
                return False
            delivery.text_body = text
            return True
        if call is None:
            delivery.status, delivery.last_error = "skipped", "L'appel n'existe plus."
            return False
        assistant = (
            AssistantRepository(session, tenant).find(call.assistant_id)
            if call.assistant_id
            else None
        )
        messages = TakenMessageRepository(session, tenant).for_call(call.provider_call_id)
        asked = gaps.call_marks(session, tenant, [call.provider_call_id]).get(
            call.provider_call_id, []
        )
        facts = content.CallFacts(
            assistant_name=assistant.name if assistant else "AlloKoli",
            call=call,
            messages=messages,
            link=call_link(self.settings, call),
            urgent=is_urgent(call, messages),
            unanswered=[q for q, answered in asked if not answered],
        )
        if delivery.channel == "email":
            rendered = content.call_email(facts)
            delivery.subject, delivery.text_body, delivery.html_body = (
                rendered.subject,
                rendered.text,
                rendered.html,
            )
        else:
            delivery.text_body = content.call_sms(facts)
        return True

    # -- the daily digest ------------------------------------------------------------------

    def digest(self, now: datetime) -> int:
        """From DIGEST_HOUR (Paris), queue yesterday's digest of every assistant whose owner
        wants one; once per day and recipient (the idempotency key). Returns how many."""
        local = now.astimezone(PARIS)
        if local.hour < DIGEST_HOUR:
            return 0
        day = local.date() - timedelta(days=1)
        with self.db.unit_of_work() as session:
            org_ids = IdentityRepository(session).organization_ids()
        return sum(self.digest_for(org_id, day) for org_id in org_ids)

    def digest_for(self, org_id: uuid.UUID, day: date) -> int:
        tenant = Tenant(org_id)
        start = datetime.combine(day, datetime.min.time(), tzinfo=PARIS)
        end = start + timedelta(days=1)
        queued = 0
        with self.db.unit_of_work(tenant_id=org_id) as session:
            for prefs in SettingsRepository(session, tenant).with_digest():
                if not prefs.email_enabled or not prefs.emails:
                    continue
                keys = [f"digest:{prefs.assistant_id}:{day}:{e}"[:200] for e in prefs.emails]
                if len(DeliveryRepository(session, tenant).keys(keys)) == len(keys):
                    continue
                rendered = self._digest_content(session, tenant, prefs, day, start, end)
                if rendered is None:
                    continue
                for key, email in zip(keys, prefs.emails, strict=True):
                    queued += (
                        queue_delivery(
                            session,
                            tenant,
                            key=key,
                            kind="digest",
                            channel="email",
                            recipient=email,
                            assistant_id=prefs.assistant_id,
                            subject=rendered.subject,
                            text=rendered.text,
                            html=rendered.html,
                        )
                        is not None
                    )
        return queued

    def _digest_content(
        self,
        session: Any,
        tenant: Tenant,
        prefs: NotificationSettings,
        day: date,
        start: datetime,
        end: datetime,
    ) -> content.Rendered | None:
        repo = DigestCallRepository(session, tenant)
        calls = repo.between(prefs.assistant_id, start.astimezone(UTC), end.astimezone(UTC))
        unanswered = len(GapRepository(session, tenant).unanswered(prefs.assistant_id))
        if not calls and not unanswered:
            return None
        assistant = AssistantRepository(session, tenant).find(prefs.assistant_id)
        name = assistant.name if assistant else "AlloKoli"
        taken = repo.messages_of([c.provider_call_id for c in calls])
        groups: dict[str, list[content.DigestLine]] = {}
        for call in calls:
            messages = taken.get(call.provider_call_id, [])
            group = priority(call, messages)
            headline = next(
                (m.details or m.reason for m in messages if m.details or m.reason), None
            ) or (call.summary or "pas de résumé")
            groups.setdefault(group, []).append(
                content.DigestLine(call, name, headline[:200], call_link(self.settings, call))
            )
        base = self.settings.public_url.rstrip("/")
        return content.digest_email(
            day,
            groups,
            unanswered,
            f"{base}/assistants/{prefs.assistant_id}/questions",
            unsubscribe_url(
                self.settings, org_id=tenant.organization_id, token=prefs.unsubscribe_token
            ),
        )


DIGEST_HOUR = 7
SPAM_SECONDS = 8


def priority(call: Call, messages: list[Any]) -> str:
    """The digest's group of a call: urgent, messages, information or spam."""
    if is_urgent(call, messages):
        return "urgent"
    if messages:
        return "messages"
    structured = call.structured or {}
    short = (call.duration_seconds or 0) < SPAM_SECONDS and not (call.transcript or "").strip()
    if structured.get("spam") or structured.get("indesirable") or short:
        return "spam"
    return "information"


def unsubscribe_url(settings: Settings, *, org_id: uuid.UUID, token: str) -> str:
    return f"{settings.public_url.rstrip('/')}/notifications/unsubscribe/{org_id}/{token}"
