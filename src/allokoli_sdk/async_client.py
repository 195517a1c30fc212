"""`AsyncAlloKoli`: the asynchronous client (asyncio or trio, through anyio).

    from allokoli_sdk import AsyncAlloKoli

    async with AsyncAlloKoli(api_key="ak_…") as client:
        assistant = await client.assistants.create(text="Pizzeria Da Marco à Lyon…")
        await client.assistants.deploy(assistant.id)

Same methods as `AsyncAlloKoli` (client.py, from which this module is derived), awaited; `iter`
methods are async iterators. The tests check that both clients have the same methods.
"""

from __future__ import annotations

import builtins
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import date, datetime
from types import TracebackType
from typing import Any, Literal, TypeVar

import anyio
import httpx

from allokoli_sdk import _endpoints as ep
from allokoli_sdk import models as m
from allokoli_sdk._base import DEFAULT_TIMEOUT, default_headers, handle, resolve_config
from allokoli_sdk._endpoints import Id
from allokoli_sdk.errors import APIConnectionError

T = TypeVar("T")
Item = TypeVar("Item", bound=m._Model)
Period = Literal["today", "7d", "30d"]


async def _every(fetch: Callable[[str | None], Awaitable[m.Page[Item]]]) -> AsyncIterator[Item]:
    """Every item of a paginated list, fetching the next page (by cursor) as needed."""
    cursor: str | None = None
    while True:
        page = await fetch(cursor)
        for item in page.items:
            yield item
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


class _AsyncResource:
    def __init__(self, client: AsyncAlloKoli) -> None:
        self._client = client

    async def _send(self, request: ep.Request[T]) -> T:
        return await self._client._send(request)


class AsyncApiKeys(_AsyncResource):
    async def list(self) -> list[m.ApiKey]:
        """API keys of the organisation (never the secret)."""
        return await self._send(ep.list_api_keys())

    async def create(self, name: str = "Clé API") -> m.ApiKeyCreated:
        """Create a key; `key` holds the full secret, shown this once."""
        return await self._send(ep.create_api_key(name))

    async def get(self, key_id: Id) -> m.ApiKey:
        return await self._send(ep.get_api_key(key_id))

    async def revoke(self, key_id: Id) -> m.ApiKey:
        """Revoke a key: it stops working at once."""
        return await self._send(ep.revoke_api_key(key_id))


class AsyncAssistants(_AsyncResource):
    async def list(
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
        return await self._send(ep.list_assistants(q, status, sector, sort, limit, cursor))

    async def iter(
        self,
        *,
        q: str | None = None,
        status: str | None = None,
        sector: str | None = None,
        sort: str | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[m.Assistant]:
        """Every matching assistant, fetching pages as needed."""
        async for item in _every(
            lambda cursor: self.list(
                q=q, status=status, sector=sector, sort=sort, limit=page_size, cursor=cursor
            )
        ):
            yield item

    async def create(
        self,
        *,
        text: str | None = None,
        profile: Mapping[str, Any] | None = None,
        config: Mapping[str, Any] | None = None,
        name: str | None = None,
    ) -> m.AssistantDetail:
        """A draft from exactly one of: a French description, a profile, a Vapi config."""
        return await self._send(ep.create_assistant(text, profile, config, name))

    async def import_(self, document: m.ExportDocument | Mapping[str, Any]) -> m.AssistantDetail:
        """Import a document made by `export`."""
        return await self._send(ep.import_assistant(document))

    async def get(self, assistant_id: Id) -> m.AssistantDetail:
        return await self._send(ep.get_assistant(assistant_id))

    async def update(
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
        return await self._send(ep.update_assistant(assistant_id, changes))

    async def delete(self, assistant_id: Id) -> None:
        await self._send(ep.delete_assistant(assistant_id))

    async def duplicate(self, assistant_id: Id) -> m.AssistantDetail:
        return await self._send(ep.duplicate_assistant(assistant_id))

    async def regenerate(
        self, assistant_id: Id, *, keep_owner_changes: bool = True
    ) -> m.AssistantDetail:
        """Generate the assistant again from its facts (a new version when something changes),
        keeping the owner's added instructions, messages and settings unless told otherwise."""
        return await self._send(ep.regenerate_assistant(assistant_id, keep_owner_changes))

    async def regeneration_preview(
        self, assistant_id: Id, *, keep_owner_changes: bool = True
    ) -> m.VersionChanges:
        """What a regeneration would change (nothing is saved)."""
        return await self._send(ep.regeneration_preview(assistant_id, keep_owner_changes))

    async def fiche(self, assistant_id: Id) -> m.Fiche:
        """The business facts as the Fiche forms show them."""
        return await self._send(ep.fiche(assistant_id))

    async def save_fiche(
        self, assistant_id: Id, group: str, fields: dict[str, str]
    ) -> m.FicheSaved:
        """Save one group of facts (validated like the web form); a new version."""
        return await self._send(ep.save_fiche(assistant_id, group, fields))

    async def changes(
        self, assistant_id: Id, from_version: int, to_version: int
    ) -> m.VersionChanges:
        """Two versions compared in French, field by field and line by line."""
        return await self._send(ep.changes(assistant_id, from_version, to_version))

    async def deploy(
        self,
        assistant_id: Id,
        *,
        wait: bool = True,
        timeout: float = 60.0,
        poll_interval: float = 0.5,
    ) -> m.DeployStatus:
        """Push to Vapi. With `wait`, poll until the status leaves `deploying` (or `timeout`)."""
        status = await self._send(ep.deploy_assistant(assistant_id))
        deadline = time.monotonic() + timeout
        while wait and status.status == "deploying":
            detail = await self.get(assistant_id)
            status = m.DeployStatus.model_validate(detail.model_dump())
            if status.status != "deploying" or time.monotonic() >= deadline:
                break
            await anyio.sleep(poll_interval)
        return status

    async def chat(self, assistant_id: Id, text: str, *, chat_id: str | None = None) -> m.ChatReply:
        """One turn of a text test; pass the reply's `chat_id` to continue."""
        return await self._send(ep.chat(assistant_id, text, chat_id))

    async def rehearse(self, assistant_id: Id, *, runs: int | None = None) -> m.RehearsalReport:
        """Dress-rehearse the assistant on scenarios written from its facts (`passed`, each
        scenario with its transcripts and problems); a failure blocks `deploy`."""
        return await self._send(ep.rehearse(assistant_id, runs))

    async def rehearsals(self, assistant_id: Id) -> builtins.list[m.Rehearsal]:
        """The assistant's rehearsals, newest first."""
        return await self._send(ep.rehearsals(assistant_id))

    async def rehearsal(self, assistant_id: Id, rehearsal_id: Id) -> m.RehearsalReport:
        """One rehearsal's report card."""
        return await self._send(ep.rehearsal(assistant_id, rehearsal_id))

    async def override_rehearsal(self, assistant_id: Id, reason: str) -> m.RehearsalReport:
        """Allow deploying this version despite its failed rehearsal (audited)."""
        return await self._send(ep.override_rehearsal(assistant_id, reason))

    async def versions(self, assistant_id: Id) -> builtins.list[m.VersionInfo]:
        return await self._send(ep.versions(assistant_id))

    async def diff(self, assistant_id: Id, from_version: int, to_version: int) -> m.VersionDiff:
        return await self._send(ep.diff(assistant_id, from_version, to_version))

    async def restore(self, assistant_id: Id, version: int) -> m.AssistantDetail:
        return await self._send(ep.restore(assistant_id, version))

    async def export(self, assistant_id: Id) -> m.ExportDocument:
        return await self._send(ep.export(assistant_id))

    async def calls(
        self, assistant_id: Id, *, limit: int | None = None, cursor: str | None = None
    ) -> m.Page[m.Call]:
        return await self._send(ep.assistant_calls(assistant_id, limit, cursor))

    async def provision_phone_number(
        self, assistant_id: Id, *, contains: str | None = None
    ) -> m.PhoneNumber:
        """A phone number for a deployed assistant (a demo number in sandbox mode)."""
        return await self._send(ep.provision_phone_number(assistant_id, contains))

    async def release_phone_number(self, assistant_id: Id) -> m.PhoneNumber:
        return await self._send(ep.release_phone_number(assistant_id))


class AsyncTemplates(_AsyncResource):
    async def list(self) -> list[m.Template]:
        return await self._send(ep.list_templates())

    async def create(self, assistant_id: Id, name: str) -> m.Template:
        return await self._send(ep.create_template(assistant_id, name))

    async def delete(self, template_id: Id) -> None:
        await self._send(ep.delete_template(template_id))

    async def create_assistant(self, template_id: Id, company_name: str) -> m.AssistantDetail:
        return await self._send(ep.assistant_from_template(template_id, company_name))


class AsyncConfigurator(_AsyncResource):
    async def start(self) -> m.ConfiguratorTurn:
        """Start a conversation: its id and the first question (French)."""
        return await self._send(ep.configurator_start())

    async def reply(self, session_id: Id, text: str) -> m.ConfiguratorTurn:
        """The owner's answer; once `done`, `assistant_id` is the created draft."""
        return await self._send(ep.configurator_reply(session_id, text))

    async def get(self, session_id: Id) -> m.ConfiguratorSession:
        return await self._send(ep.configurator_get(session_id))

    async def list_unfinished(self) -> list[m.ConfiguratorSummary]:
        return await self._send(ep.configurator_unfinished())

    async def voice(self, session_id: Id) -> m.ConfiguratorVoice:
        """A voice call bound to this conversation: the assistant and its token (short-lived)."""
        return await self._send(ep.configurator_voice(session_id))


class AsyncCalls(_AsyncResource):
    async def list(
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
        return await self._send(
            ep.list_calls(assistant_id, date_from, date_to, status, q, limit, cursor)
        )

    async def iter(
        self,
        *,
        assistant_id: Id | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        status: str | None = None,
        q: str | None = None,
        page_size: int | None = None,
    ) -> AsyncIterator[m.Call]:
        async for item in _every(
            lambda cursor: self.list(
                assistant_id=assistant_id,
                date_from=date_from,
                date_to=date_to,
                status=status,
                q=q,
                limit=page_size,
                cursor=cursor,
            )
        ):
            yield item

    async def to_rehearsal_scenario(self, call_id: Id) -> m.CallScenario:
        """Keep this call as a regression scenario of its assistant's rehearsal."""
        return await self._send(ep.call_to_rehearsal_scenario(call_id))

    async def get(self, call_id: Id) -> m.CallDetail:
        return await self._send(ep.get_call(call_id))


class AsyncMessages(_AsyncResource):
    async def list(
        self,
        *,
        kind: str | None = None,
        handled: bool | None = None,
        limit: int | None = None,
        cursor: str | None = None,
    ) -> m.Page[m.TakenMessage]:
        return await self._send(ep.list_messages(kind, handled, limit, cursor))

    async def iter(
        self, *, kind: str | None = None, handled: bool | None = None, page_size: int | None = None
    ) -> AsyncIterator[m.TakenMessage]:
        async for item in _every(
            lambda cursor: self.list(kind=kind, handled=handled, limit=page_size, cursor=cursor)
        ):
            yield item

    async def update(self, message_id: Id, *, handled: bool) -> m.TakenMessage:
        """Mark a message as handled (« traité ») or not."""
        return await self._send(ep.update_message(message_id, handled))


class AsyncBookings(_AsyncResource):
    async def list(
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
        return await self._send(
            ep.list_bookings(assistant_id, date_from, date_to, status, limit, offset)
        )

    async def create(
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
        return await self._send(
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

    async def get(self, booking_id: Id) -> m.Booking:
        return await self._send(ep.get_booking(booking_id))

    async def update(
        self, booking_id: Id, *, start_at: datetime | None = None, status: str | None = None
    ) -> m.Booking:
        """Move a booking, accept (`confirmed`) or decline a request, or cancel."""
        return await self._send(ep.update_booking(booking_id, start_at, status))

    async def cancel(self, booking_id: Id) -> m.Booking:
        """Cancel a booking and free its slot."""
        return await self._send(ep.cancel_booking(booking_id))

    async def availability(
        self,
        assistant_id: Id,
        *,
        day: date | None = None,
        service: str | None = None,
        party_size: int | None = None,
        limit: int | None = None,
    ) -> m.Availability:
        """Free slots of a day, or the next free ones."""
        return await self._send(ep.availability(assistant_id, day, service, party_size, limit))

    async def settings(self, assistant_id: Id) -> m.BookingSettings:
        return await self._send(ep.booking_settings(assistant_id))

    async def set_settings(
        self,
        assistant_id: Id,
        *,
        mode: str | None = None,
        min_notice_minutes: int | None = None,
        horizon_days: int | None = None,
        slot_step_minutes: int | None = None,
    ) -> m.BookingSettings:
        """Turn bookings on for an assistant, or change its rules."""
        return await self._send(
            ep.set_booking_settings(
                assistant_id, mode, min_notice_minutes, horizon_days, slot_step_minutes
            )
        )

    async def add_resource(
        self, assistant_id: Id, name: str, capacity: int, *, per_person: bool | None = None
    ) -> m.BookingResource:
        return await self._send(ep.add_booking_resource(assistant_id, name, capacity, per_person))

    async def resources(self, assistant_id: Id) -> builtins.list[m.BookingResource]:
        return await self._send(ep.booking_resources(assistant_id))

    async def update_resource(
        self,
        assistant_id: Id,
        resource_id: Id,
        *,
        name: str | None = None,
        capacity: int | None = None,
        per_person: bool | None = None,
    ) -> m.BookingResource:
        """Rename a resource or change its capacity; arguments left at None are unchanged."""
        return await self._send(
            ep.update_booking_resource(assistant_id, resource_id, name, capacity, per_person)
        )

    async def delete_resource(self, assistant_id: Id, resource_id: Id) -> None:
        """Delete a resource no service uses and no booking holds (`ValidationError` with the
        reason otherwise)."""
        await self._send(ep.delete_booking_resource(assistant_id, resource_id))

    async def add_service(
        self,
        assistant_id: Id,
        name: str,
        duration_minutes: int,
        resource_id: Id,
        *,
        buffer_minutes: int | None = None,
        price_cents: int | None = None,
    ) -> m.BookingService:
        return await self._send(
            ep.add_booking_service(
                assistant_id, name, duration_minutes, resource_id, buffer_minutes, price_cents
            )
        )

    async def services(self, assistant_id: Id) -> builtins.list[m.BookingService]:
        return await self._send(ep.booking_services(assistant_id))

    async def update_service(
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
        return await self._send(
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

    async def delete_service(self, assistant_id: Id, service_id: Id) -> None:
        """Delete a service no booking was taken for (`ValidationError` with the reason
        otherwise: rename it instead)."""
        await self._send(ep.delete_booking_service(assistant_id, service_id))

    async def block(
        self, assistant_id: Id, start_at: datetime, end_at: datetime, *, reason: str | None = None
    ) -> m.BookingBlock:
        """Block a span: nothing can be booked in it."""
        return await self._send(ep.add_booking_block(assistant_id, start_at, end_at, reason))


class AsyncStatsResource(_AsyncResource):
    async def get(self, period: Period = "7d") -> m.Stats:
        return await self._send(ep.stats(period))

    async def alerts(self) -> list[m.Alert]:
        return await self._send(ep.alerts())


class AsyncWebhookEvents(_AsyncResource):
    async def list(
        self, *, failed: bool | None = None, limit: int | None = None, cursor: str | None = None
    ) -> m.Page[m.WebhookEvent]:
        return await self._send(ep.webhook_events(failed, limit, cursor))


class AsyncNumbers(_AsyncResource):
    """Protected and blocked caller numbers."""

    async def list(
        self, *, kind: str | None = None, limit: int | None = None, offset: int | None = None
    ) -> builtins.list[m.NumberRule]:
        return await self._send(ep.list_numbers(kind, limit, offset))

    async def add(self, number: str, kind: str, *, label: str | None = None) -> m.NumberRule:
        """`kind`: "protected" (always forwarded to you) or "blocked" (refused)."""
        return await self._send(ep.add_number(number, kind, label))

    async def get(self, rule_id: Id) -> m.NumberRule:
        return await self._send(ep.get_number(rule_id))

    async def remove(self, rule_id: Id) -> m.NumberRule:
        return await self._send(ep.remove_number(rule_id))

    async def add_caller_of_call(self, call_id: Id, kind: str) -> m.NumberRule:
        """Block or protect the number that made a call."""
        return await self._send(ep.add_caller_of_call(call_id, kind))


class AsyncClosures(_AsyncResource):
    """« Fermeture exceptionnelle / congés »."""

    async def list(self) -> builtins.list[m.Closure]:
        return await self._send(ep.list_closures())

    async def create(
        self,
        starts_on: date | str,
        ends_on: date | str,
        *,
        message: str | None = None,
        assistant_id: Id | None = None,
    ) -> m.Closure:
        return await self._send(ep.create_closure(starts_on, ends_on, message, assistant_id))

    async def get(self, closure_id: Id) -> m.Closure:
        return await self._send(ep.get_closure(closure_id))

    async def delete(self, closure_id: Id) -> m.Closure:
        return await self._send(ep.delete_closure(closure_id))


class AsyncBudgetResource(_AsyncResource):
    """The monthly budget."""

    async def get(self) -> m.Budget:
        return await self._send(ep.get_budget())

    async def set(self, monthly_budget_eur: float | None, *, auto_pause: bool = False) -> m.Budget:
        return await self._send(ep.set_budget(monthly_budget_eur, auto_pause))


class AsyncNotifications(_AsyncResource):
    async def get(self, assistant_id: Id) -> m.NotificationSettings:
        """The assistant's notification settings (the defaults until saved)."""
        return await self._send(ep.get_notifications(assistant_id))

    async def update(self, assistant_id: Id, **fields: Any) -> m.NotificationSettings:
        """Change some settings: calls, email_enabled, sms_enabled, emails, phones,
        quiet_start, quiet_end, digest_enabled, caller_sms_enabled."""
        return await self._send(ep.update_notifications(assistant_id, fields))

    async def deliveries(
        self, *, assistant_id: Id | None = None, limit: int | None = None
    ) -> list[m.NotificationDelivery]:
        """The latest e-mails and SMS, sent or not, with their error."""
        return await self._send(ep.deliveries(assistant_id, limit))


class AsyncKnowledgeGaps(_AsyncResource):
    async def list(self, *, assistant_id: Id | None = None) -> list[m.KnowledgeGap]:
        """« Questions sans réponse », most asked first."""
        return await self._send(ep.knowledge_gaps(assistant_id))

    async def answer(self, gap_id: Id, answer: str) -> m.KnowledgeGap:
        """Answer once: an FAQ entry and a new assistant version."""
        return await self._send(ep.answer_gap(gap_id, answer))


class AsyncSmsOptOuts(_AsyncResource):
    async def list(self) -> list[m.SmsOptOut]:
        return await self._send(ep.sms_opt_outs())

    async def create(self, number: str) -> dict[str, str]:
        return await self._send(ep.add_sms_opt_out(number))

    async def delete(self, number: str) -> None:
        await self._send(ep.remove_sms_opt_out(number))


class AsyncAlloKoli:
    """Asynchronous client of the AsyncAlloKoli REST API.

    `api_key` defaults to `ALLOKOLI_API_KEY`, `base_url` to `ALLOKOLI_BASE_URL` (else
    http://127.0.0.1:8000). Pass `transport` (any `httpx.AsyncBaseTransport`, e.g. for tests or a
    proxy) or a whole `http_client`. Every failure raises an `AlloKoliError` subclass.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        key, self.base_url = resolve_config(api_key, base_url)
        self._headers = default_headers(key)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=timeout, transport=transport)
        self.api_keys = AsyncApiKeys(self)
        self.assistants = AsyncAssistants(self)
        self.templates = AsyncTemplates(self)
        self.configurator = AsyncConfigurator(self)
        self.calls = AsyncCalls(self)
        self.messages = AsyncMessages(self)
        self.bookings = AsyncBookings(self)
        self.stats = AsyncStatsResource(self)
        self.notifications = AsyncNotifications(self)
        self.knowledge_gaps = AsyncKnowledgeGaps(self)
        self.sms_opt_outs = AsyncSmsOptOuts(self)
        self.webhook_events = AsyncWebhookEvents(self)
        self.numbers = AsyncNumbers(self)
        self.closures = AsyncClosures(self)
        self.budget = AsyncBudgetResource(self)

    async def _send(self, request: ep.Request[T]) -> T:
        try:
            response = await self._http.request(
                request.method,
                self.base_url + request.path,
                params=request.params or None,
                json=request.json,
                headers=self._headers,
            )
        except httpx.TransportError as exc:
            raise APIConnectionError(f"AsyncAlloKoli injoignable : {exc}") from exc
        return handle(request, response)

    async def health(self) -> dict[str, Any]:
        """`{"status": "ok", "database": "ok"}` when the server is up."""
        return await self._send(ep.health())

    async def me(self) -> m.Me:
        """The caller (this API key) and its organisation."""
        return await self._send(ep.me())

    async def revoke_sessions(self) -> m.SessionsRevoked:
        """End every browser session of the organisation (after a leak, for instance)."""
        return await self._send(ep.revoke_sessions())

    async def generate(
        self, *, text: str | None = None, profile: Mapping[str, Any] | None = None
    ) -> m.GenerationResult:
        """Generate a complete Vapi assistant (not saved) from a description or a profile."""
        return await self._send(ep.generate(text, profile))

    async def audit_log(
        self, *, entity: str | None = None, limit: int | None = None
    ) -> list[m.AuditEntry]:
        return await self._send(ep.audit_log(entity, limit))

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncAlloKoli:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
