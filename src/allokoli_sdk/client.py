"""`AlloKoli`: the synchronous client.

from allokoli_sdk import AlloKoli

with AlloKoli(api_key="ak_…", base_url="https://allokoli.example.fr") as client:
    assistant = client.assistants.create(text="Pizzeria Da Marco à Lyon…")
    client.assistants.deploy(assistant.id)   # waits until active (or error)
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from types import TracebackType
from typing import Any, Literal, TypeVar

import httpx

from allokoli_sdk import _endpoints as ep
from allokoli_sdk import models as m
from allokoli_sdk._base import DEFAULT_TIMEOUT, default_headers, handle, resolve_config
from allokoli_sdk._endpoints import Id
from allokoli_sdk.errors import APIConnectionError

T = TypeVar("T")
Item = TypeVar("Item", bound=m._Model)
Period = Literal["today", "7d", "30d"]


def _every(fetch: Callable[[str | None], m.Page[Item]]) -> Iterator[Item]:
    """Every item of a paginated list, fetching the next page (by cursor) as needed."""
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


class _Resource:
    def __init__(self, client: AlloKoli) -> None:
        self._client = client

    def _send(self, request: ep.Request[T]) -> T:
        return self._client._send(request)


class ApiKeys(_Resource):
    def list(self) -> list[m.ApiKey]:
        """API keys of the organisation (never the secret)."""
        return self._send(ep.list_api_keys())

    def create(self, name: str = "Clé API") -> m.ApiKeyCreated:
        """Create a key; `key` holds the full secret, shown this once."""
        return self._send(ep.create_api_key(name))

    def get(self, key_id: Id) -> m.ApiKey:
        return self._send(ep.get_api_key(key_id))

    def revoke(self, key_id: Id) -> m.ApiKey:
        """Revoke a key: it stops working at once."""
        return self._send(ep.revoke_api_key(key_id))


class Assistants(_Resource):
    def list(
        self,
        *,
        q: str | None = None,
        status: str | None = None,
        sector: str | None = None,
        sort: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> m.Page[m.Assistant]:
        """One page of assistants; `next_cursor` gives the next."""
        return self._send(ep.list_assistants(q, status, sector, sort, limit, cursor))

    def iter(
        self,
        *,
        q: str | None = None,
        status: str | None = None,
        sector: str | None = None,
        sort: str | None = None,
        page_size: int | None = None,
    ) -> Iterator[m.Assistant]:
        """Every matching assistant, fetching pages as needed."""
        yield from _every(
            lambda cursor: self.list(
                q=q, status=status, sector=sector, sort=sort, limit=page_size, cursor=cursor
            )
        )

    def create(
        self,
        *,
        text: str | None = None,
        profile: Mapping[str, Any] | None = None,
        config: Mapping[str, Any] | None = None,
        name: str | None = None,
    ) -> m.AssistantDetail:
        """A draft from exactly one of: a French description, a profile, a Vapi config."""
        return self._send(ep.create_assistant(text, profile, config, name))

    def import_(self, document: m.ExportDocument | Mapping[str, Any]) -> m.AssistantDetail:
        """Import a document made by `export`."""
        return self._send(ep.import_assistant(document))

    def get(self, assistant_id: Id) -> m.AssistantDetail:
        return self._send(ep.get_assistant(assistant_id))

    def update(
        self,
        assistant_id: Id,
        *,
        name: str | None = None,
        system_prompt: str | None = None,
        first_message: str | None = None,
        end_call_message: str | None = None,
        voice_gender: str | None = None,
        register: str | None = None,
        style: str | None = None,
        transfer_number: str | None = None,
        config_patch: Mapping[str, Any] | None = None,
        config: Mapping[str, Any] | None = None,
        note: str | None = None,
    ) -> m.AssistantDetail:
        """Edit (each save is a new version); arguments left at None are unchanged."""
        changes = {
            "name": name,
            "system_prompt": system_prompt,
            "first_message": first_message,
            "end_call_message": end_call_message,
            "voice_gender": voice_gender,
            "register": register,
            "style": style,
            "transfer_number": transfer_number,
            "config_patch": config_patch,
            "config": config,
            "note": note,
        }
        return self._send(ep.update_assistant(assistant_id, changes))

    def delete(self, assistant_id: Id) -> None:
        self._send(ep.delete_assistant(assistant_id))

    def duplicate(self, assistant_id: Id) -> m.AssistantDetail:
        return self._send(ep.duplicate_assistant(assistant_id))

    def regenerate(self, assistant_id: Id, *, keep_owner_changes: bool = True) -> m.AssistantDetail:
        """Generate the assistant again from its facts (a new version when something changes),
        keeping the owner's added instructions, messages and settings unless told otherwise."""
        return self._send(ep.regenerate_assistant(assistant_id, keep_owner_changes))

    def regeneration_preview(
        self, assistant_id: Id, *, keep_owner_changes: bool = True
    ) -> m.VersionChanges:
        """What a regeneration would change (nothing is saved)."""
        return self._send(ep.regeneration_preview(assistant_id, keep_owner_changes))

    def fiche(self, assistant_id: Id) -> m.Fiche:
        """The business facts as the Fiche forms show them."""
        return self._send(ep.fiche(assistant_id))

    def save_fiche(self, assistant_id: Id, group: str, fields: dict[str, str]) -> m.FicheSaved:
        """Save one group of facts (validated like the web form); a new version."""
        return self._send(ep.save_fiche(assistant_id, group, fields))

    def changes(self, assistant_id: Id, from_version: int, to_version: int) -> m.VersionChanges:
        """Two versions compared in French, field by field and line by line."""
        return self._send(ep.changes(assistant_id, from_version, to_version))

    def deploy(
        self,
        assistant_id: Id,
        *,
        wait: bool = True,
        timeout: float = 60.0,
        poll_interval: float = 0.5,
    ) -> m.DeployStatus:
        """Push to Vapi. With `wait`, poll until the status leaves `deploying` (or `timeout`)."""
        status = self._send(ep.deploy_assistant(assistant_id))
        deadline = time.monotonic() + timeout
        while wait and status.status == "deploying":
            detail = self.get(assistant_id)
            status = m.DeployStatus.model_validate(detail.model_dump())
            if status.status != "deploying" or time.monotonic() >= deadline:
                break
            time.sleep(poll_interval)
        return status

    def chat(self, assistant_id: Id, text: str, *, chat_id: str | None = None) -> m.ChatReply:
        """One turn of a text test; pass the reply's `chat_id` to continue."""
        return self._send(ep.chat(assistant_id, text, chat_id))

    def rehearse(self, assistant_id: Id, *, runs: int | None = None) -> m.RehearsalReport:
        """Dress-rehearse the assistant on scenarios written from its facts (`passed`, each
        scenario with its transcripts and problems); a failure blocks `deploy`."""
        return self._send(ep.rehearse(assistant_id, runs))

    def rehearsals(self, assistant_id: Id) -> builtins.list[m.Rehearsal]:
        """The assistant's rehearsals, newest first."""
        return self._send(ep.rehearsals(assistant_id))

    def rehearsal(self, assistant_id: Id, rehearsal_id: Id) -> m.RehearsalReport:
        """One rehearsal's report card."""
        return self._send(ep.rehearsal(assistant_id, rehearsal_id))

    def override_rehearsal(self, assistant_id: Id, reason: str) -> m.RehearsalReport:
        """Allow deploying this version despite its failed rehearsal (audited)."""
        return self._send(ep.override_rehearsal(assistant_id, reason))

    def versions(self, assistant_id: Id) -> builtins.list[m.VersionInfo]:
        return self._send(ep.versions(assistant_id))

    def diff(self, assistant_id: Id, from_version: int, to_version: int) -> m.VersionDiff:
        return self._send(ep.diff(assistant_id, from_version, to_version))

    def restore(self, assistant_id: Id, version: int) -> m.AssistantDetail:
        return self._send(ep.restore(assistant_id, version))

    def export(self, assistant_id: Id) -> m.ExportDocument:
        return self._send(ep.export(assistant_id))

    def calls(
        self, assistant_id: Id, *, limit: int | None = None, cursor: str | None = None
    ) -> m.Page[m.Call]:
        return self._send(ep.assistant_calls(assistant_id, limit, cursor))

    def provision_phone_number(
        self, assistant_id: Id, *, contains: str | None = None
    ) -> m.PhoneNumber:
        """A phone number for a deployed assistant (a demo number in sandbox mode)."""
        return self._send(ep.provision_phone_number(assistant_id, contains))

    def release_phone_number(self, assistant_id: Id) -> m.PhoneNumber:
        return self._send(ep.release_phone_number(assistant_id))


class Templates(_Resource):
    def list(self) -> list[m.Template]:
        return self._send(ep.list_templates())

    def create(self, assistant_id: Id, name: str) -> m.Template:
        return self._send(ep.create_template(assistant_id, name))

    def delete(self, template_id: Id) -> None:
        self._send(ep.delete_template(template_id))

    def create_assistant(self, template_id: Id, company_name: str) -> m.AssistantDetail:
        return self._send(ep.assistant_from_template(template_id, company_name))


class Configurator(_Resource):
    def start(self) -> m.ConfiguratorTurn:
        """Start a conversation: its id and the first question (French)."""
        return self._send(ep.configurator_start())

    def reply(self, session_id: Id, text: str) -> m.ConfiguratorTurn:
        """The owner's answer; once `done`, `assistant_id` is the created draft."""
        return self._send(ep.configurator_reply(session_id, text))

    def get(self, session_id: Id) -> m.ConfiguratorSession:
        return self._send(ep.configurator_get(session_id))

    def list_unfinished(self) -> list[m.ConfiguratorSummary]:
        return self._send(ep.configurator_unfinished())

    def voice(self, session_id: Id) -> m.ConfiguratorVoice:
        """A voice call bound to this conversation: the assistant and its token (short-lived)."""
        return self._send(ep.configurator_voice(session_id))


class Calls(_Resource):
    def list(
        self,
        *,
        assistant_id: Id | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        status: str | None = None,
        q: str | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> m.Page[m.Call]:
        return self._send(ep.list_calls(assistant_id, date_from, date_to, status, q, limit, cursor))

    def iter(
        self,
        *,
        assistant_id: Id | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        status: str | None = None,
        q: str | None = None,
        page_size: int | None = None,
    ) -> Iterator[m.Call]:
        yield from _every(
            lambda cursor: self.list(
                assistant_id=assistant_id,
                date_from=date_from,
                date_to=date_to,
                status=status,
                q=q,
                limit=page_size,
                cursor=cursor,
            )
        )

    def to_rehearsal_scenario(self, call_id: Id) -> m.CallScenario:
        """Keep this call as a regression scenario of its assistant's rehearsal."""
        return self._send(ep.call_to_rehearsal_scenario(call_id))

    def get(self, call_id: Id) -> m.CallDetail:
        return self._send(ep.get_call(call_id))


class Messages(_Resource):
    def list(
        self,
        *,
        kind: str | None = None,
        handled: bool | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> m.Page[m.TakenMessage]:
        return self._send(ep.list_messages(kind, handled, limit, cursor))

    def iter(
        self, *, kind: str | None = None, handled: bool | None = None, page_size: int | None = None
    ) -> Iterator[m.TakenMessage]:
        yield from _every(
            lambda cursor: self.list(kind=kind, handled=handled, limit=page_size, cursor=cursor)
        )

    def update(self, message_id: Id, *, handled: bool) -> m.TakenMessage:
        """Mark a message as handled (« traité ») or not."""
        return self._send(ep.update_message(message_id, handled))


class Bookings(_Resource):
    def list(
        self,
        *,
        assistant_id: Id | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        status: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
    ) -> m.BookingPage:
        """Bookings and requests by start time (default: from today)."""
        return self._send(ep.list_bookings(assistant_id, date_from, date_to, status, limit, offset))

    def create(
        self,
        assistant_id: Id,
        start_at: datetime,
        service: str,
        *,
        party_size: int | None = None,
        customer_name: str | None = None,
        callback_number: str | None = None,
        note: str | None = None,
        status: str | None = None,
    ) -> m.Booking:
        """Book a slot (`ConflictError` when it is no longer free)."""
        return self._send(
            ep.create_booking(
                assistant_id,
                start_at,
                service,
                party_size,
                customer_name,
                callback_number,
                note,
                status,
            )
        )

    def get(self, booking_id: Id) -> m.Booking:
        return self._send(ep.get_booking(booking_id))

    def update(
        self, booking_id: Id, *, start_at: datetime | None = None, status: str | None = None
    ) -> m.Booking:
        """Move a booking, accept (`confirmed`) or decline a request, or cancel."""
        return self._send(ep.update_booking(booking_id, start_at, status))

    def cancel(self, booking_id: Id) -> m.Booking:
        """Cancel a booking and free its slot."""
        return self._send(ep.cancel_booking(booking_id))

    def availability(
        self,
        assistant_id: Id,
        *,
        day: date | None = None,
        service: str | None = None,
        party_size: int | None = None,
        limit: int | None = None,
    ) -> m.Availability:
        """Free slots of a day, or the next free ones."""
        return self._send(ep.availability(assistant_id, day, service, party_size, limit))

    def settings(self, assistant_id: Id) -> m.BookingSettings:
        return self._send(ep.booking_settings(assistant_id))

    def set_settings(
        self,
        assistant_id: Id,
        *,
        mode: str | None = None,
        min_notice_minutes: int | None = None,
        horizon_days: int | None = None,
        slot_step_minutes: int | None = None,
    ) -> m.BookingSettings:
        """Turn bookings on for an assistant, or change its rules."""
        return self._send(
            ep.set_booking_settings(
                assistant_id, mode, min_notice_minutes, horizon_days, slot_step_minutes
            )
        )

    def add_resource(
        self, assistant_id: Id, name: str, capacity: int, *, per_person: bool | None = None
    ) -> m.BookingResource:
        return self._send(ep.add_booking_resource(assistant_id, name, capacity, per_person))

    def resources(self, assistant_id: Id) -> builtins.list[m.BookingResource]:
        return self._send(ep.booking_resources(assistant_id))

    def update_resource(
        self,
        assistant_id: Id,
        resource_id: Id,
        *,
        name: str | None = None,
        capacity: int | None = None,
        per_person: bool | None = None,
    ) -> m.BookingResource:
        """Rename a resource or change its capacity; arguments left at None are unchanged."""
        return self._send(
            ep.update_booking_resource(assistant_id, resource_id, name, capacity, per_person)
        )

    def delete_resource(self, assistant_id: Id, resource_id: Id) -> None:
        """Delete a resource no service uses and no booking holds (`ValidationError` with the
        reason otherwise)."""
        self._send(ep.delete_booking_resource(assistant_id, resource_id))

    def add_service(
        self,
        assistant_id: Id,
        name: str,
        duration_minutes: int,
        resource_id: Id,
        *,
        buffer_minutes: int | None = None,
        price_cents: int | None = None,
    ) -> m.BookingService:
        return self._send(
            ep.add_booking_service(
                assistant_id, name, duration_minutes, resource_id, buffer_minutes, price_cents
            )
        )

    def services(self, assistant_id: Id) -> builtins.list[m.BookingService]:
        return self._send(ep.booking_services(assistant_id))

    def update_service(
        self,
        assistant_id: Id,
        service_id: Id,
        *,
        name: str | None = None,
        duration_minutes: int | None = None,
        resource_id: Id | None = None,
        buffer_minutes: int | None = None,
        price_cents: int | None = None,
        remove_price: bool = False,
    ) -> m.BookingService:
        """Change a service; arguments left at None are unchanged, `remove_price=True` removes
        its price."""
        return self._send(
            ep.update_booking_service(
                assistant_id,
                service_id,
                name,
                duration_minutes,
                resource_id,
                buffer_minutes,
                price_cents,
                remove_price,
            )
        )

    def delete_service(self, assistant_id: Id, service_id: Id) -> None:
        """Delete a service no booking was taken for (`ValidationError` with the reason
        otherwise: rename it instead)."""
        self._send(ep.delete_booking_service(assistant_id, service_id))

    def block(
        self, assistant_id: Id, start_at: datetime, end_at: datetime, *, reason: str | None = None
    ) -> m.BookingBlock:
        """Block a span: nothing can be booked in it."""
        return self._send(ep.add_booking_block(assistant_id, start_at, end_at, reason))


class StatsResource(_Resource):
    def get(self, period: Period = "7d") -> m.Stats:
        return self._send(ep.stats(period))

    def alerts(self) -> list[m.Alert]:
        return self._send(ep.alerts())


class WebhookEvents(_Resource):
    def list(
        self, *, failed: bool | None = None, limit: int | None = None, cursor: str | None = None
    ) -> m.Page[m.WebhookEvent]:
        return self._send(ep.webhook_events(failed, limit, cursor))


class Numbers(_Resource):
    """Protected and blocked caller numbers."""

    def list(
        self, *, kind: str | None = None, limit: int | None = None, offset: int | None = None
    ) -> builtins.list[m.NumberRule]:
        return self._send(ep.list_numbers(kind, limit, offset))

    def add(self, number: str, kind: str, *, label: str | None = None) -> m.NumberRule:
        """`kind`: "protected" (always forwarded to you) or "blocked" (refused)."""
        return self._send(ep.add_number(number, kind, label))

    def get(self, rule_id: Id) -> m.NumberRule:
        return self._send(ep.get_number(rule_id))

    def remove(self, rule_id: Id) -> m.NumberRule:
        return self._send(ep.remove_number(rule_id))

    def add_caller_of_call(self, call_id: Id, kind: str) -> m.NumberRule:
        """Block or protect the number that made a call."""
        return self._send(ep.add_caller_of_call(call_id, kind))


class Closures(_Resource):
    """« Fermeture exceptionnelle / congés »."""

    def list(self) -> builtins.list[m.Closure]:
        return self._send(ep.list_closures())

    def create(
        self,
        starts_on: date | str,
        ends_on: date | str,
        *,
        message: str | None = None,
        assistant_id: Id | None = None,
    ) -> m.Closure:
        return self._send(ep.create_closure(starts_on, ends_on, message, assistant_id))

    def get(self, closure_id: Id) -> m.Closure:
        return self._send(ep.get_closure(closure_id))

    def delete(self, closure_id: Id) -> m.Closure:
        return self._send(ep.delete_closure(closure_id))


class BudgetResource(_Resource):
    """The monthly budget."""

    def get(self) -> m.Budget:
        return self._send(ep.get_budget())

    def set(self, monthly_budget_eur: float | None, *, auto_pause: bool = False) -> m.Budget:
        return self._send(ep.set_budget(monthly_budget_eur, auto_pause))


class Notifications(_Resource):
    def get(self, assistant_id: Id) -> m.NotificationSettings:
        """The assistant's notification settings (the defaults until saved)."""
        return self._send(ep.get_notifications(assistant_id))

    def update(self, assistant_id: Id, **fields: Any) -> m.NotificationSettings:
        """Change some settings: calls, email_enabled, sms_enabled, emails, phones,
        quiet_start, quiet_end, digest_enabled, caller_sms_enabled."""
        return self._send(ep.update_notifications(assistant_id, fields))

    def deliveries(
        self, *, assistant_id: Id | None = None, limit: int | None = None
    ) -> list[m.NotificationDelivery]:
        """The latest e-mails and SMS, sent or not, with their error."""
        return self._send(ep.deliveries(assistant_id, limit))


class KnowledgeGaps(_Resource):
    def list(self, *, assistant_id: Id | None = None) -> list[m.KnowledgeGap]:
        """« Questions sans réponse », most asked first."""
        return self._send(ep.knowledge_gaps(assistant_id))

    def answer(self, gap_id: Id, answer: str) -> m.KnowledgeGap:
        """Answer once: an FAQ entry and a new assistant version."""
        return self._send(ep.answer_gap(gap_id, answer))


class SmsOptOuts(_Resource):
    def list(self) -> list[m.SmsOptOut]:
        return self._send(ep.sms_opt_outs())

    def create(self, number: str) -> dict[str, str]:
        return self._send(ep.add_sms_opt_out(number))

    def delete(self, number: str) -> None:
        self._send(ep.remove_sms_opt_out(number))


class AlloKoli:
    """Synchronous client of the AlloKoli REST API.

    `api_key` defaults to `ALLOKOLI_API_KEY`, `base_url` to `ALLOKOLI_BASE_URL` (else
    http://127.0.0.1:8000). Pass `transport` (any `httpx.BaseTransport`, e.g. for tests or a
    proxy) or a whole `http_client`. Every failure raises an `AlloKoliError` subclass.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        key, self.base_url = resolve_config(api_key, base_url)
        self._headers = default_headers(key)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=timeout, transport=transport)
        self.api_keys = ApiKeys(self)
        self.assistants = Assistants(self)
        self.templates = Templates(self)
        self.configurator = Configurator(self)
        self.calls = Calls(self)
        self.messages = Messages(self)
        self.bookings = Bookings(self)
        self.stats = StatsResource(self)
        self.notifications = Notifications(self)
        self.knowledge_gaps = KnowledgeGaps(self)
        self.sms_opt_outs = SmsOptOuts(self)
        self.webhook_events = WebhookEvents(self)
        self.numbers = Numbers(self)
        self.closures = Closures(self)
        self.budget = BudgetResource(self)

    def _send(self, request: ep.Request[T]) -> T:
        try:
            response = self._http.request(
                request.method,
                self.base_url + request.path,
                params=request.params or None,
                json=request.json,
                headers=self._headers,
            )
        except httpx.TransportError as exc:
            raise APIConnectionError(f"AlloKoli injoignable : {exc}") from exc
        return handle(request, response)

    def health(self) -> dict[str, Any]:
        """`{"status": "ok", "database": "ok"}` when the server is up."""
        return self._send(ep.health())

    def me(self) -> m.Me:
        """The caller (this API key) and its organisation."""
        return self._send(ep.me())

    def revoke_sessions(self) -> m.SessionsRevoked:
        """End every browser session of the organisation (after a leak, for instance)."""
        return self._send(ep.revoke_sessions())

    def generate(
        self, *, text: str | None = None, profile: Mapping[str, Any] | None = None
    ) -> m.GenerationResult:
        """Generate a complete Vapi assistant (not saved) from a description or a profile."""
        return self._send(ep.generate(text, profile))

    def audit_log(
        self, *, entity: str | None = None, limit: int | None = None
    ) -> list[m.AuditEntry]:
        return self._send(ep.audit_log(entity, limit))

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> AlloKoli:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
