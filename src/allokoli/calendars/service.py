"""Calendar sync: connect the owner's CalDAV calendar, import its busy events, write our entries
there, and serve the read-only ICS feed.

No database transaction spans a network call: a job reads what it needs, closes its unit of
work, talks to the server, then writes the outcome in a new one. A live call never waits on the
network either: `CalendarBusySource` reads only the events imported by the last sync, so a
server that is down leaves availability on our own data (the last import) while the sync is
retried with backoff.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session

from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.calendars import ics
from allokoli.calendars.entries import (
    PUSH_WAKE,
    CalendarFormError,
    pushed_entries,
)
from allokoli.calendars.gateway import (
    CalDavGateway,
    CalendarAccess,
    CalendarMissing,
    CalendarServerError,
    RemoteCalendar,
)
from allokoli.calendars.ics import CalendarDataError, CalendarEntry
from allokoli.calendars.repository import (
    AssistantScope,
    BusyRepository,
    ConnectionRepository,
    FeedRepository,
    PushRepository,
    due_pushes,
    due_syncs,
    feed_organization,
    scope_of,
)
from allokoli.db.session import Database, after_commit, discard
from allokoli.kit.crypto import SealedValueError, SecretBox
from allokoli.kit.errors import Forbidden, NotFound
from allokoli.kit.outbound import OutboundRefused
from allokoli.kit.security import random_token, sha256_hex
from allokoli.models import CalendarBusyEvent, CalendarConnection, CalendarFeed, CalendarPush, Role
from allokoli.settings import Settings
from allokoli.tenancy import Tenant

log = logging.getLogger("allokoli.calendars")

#: After-commit key: « a sync was asked for » (`entries.PUSH_WAKE`: « entries wait »).
SYNC_WAKE = "calendars.sync"

MAX_PUSH_ATTEMPTS = 8
LEASE = timedelta(seconds=120)
SEALED_PURPOSE = "calendar-credentials"
UNREADABLE_PASSWORD = (
    "Le mot de passe de l'agenda ne peut plus être lu (la clé secrète du serveur a changé) : "  # noqa: S105
    "reconnectez l'agenda."
)
NO_CALENDAR = "Aucun agenda n'est connecté : l'entrée sera écrite dès qu'un agenda le sera."

EntriesProvider = Callable[[Session, Tenant], Iterable[CalendarEntry]]
"""The entries of the ICS feed (the bookings side, at merge); by default the entries pushed."""


def backoff(failures: int, rng: random.Random | None = None) -> timedelta:
    """2 s, 4 s, 8 s … capped at 15 minutes, less a random part of up to half (equal jitter)."""
    base = min(2**failures, 900)
    return timedelta(seconds=base / 2 + (rng or random).uniform(0, base / 2))


class ConnectionIn(BaseModel):
    """What the owner types to connect a calendar."""

    model_config = ConfigDict(str_strip_whitespace=True)

    server_url: str
    username: str
    password: str
    calendar_name: str = ""

    def checked(self) -> ConnectionIn:
        errors = []
        if not self.server_url:
            errors.append("l'adresse CalDAV")
        if not self.username:
            errors.append("l'identifiant")
        if not self.password:
            errors.append("le mot de passe")
        if errors:
            raise CalendarFormError("Renseignez " + ", ".join(errors) + ".")
        if len(self.server_url) > 500 or len(self.username) > 200 or len(self.password) > 500:
            raise CalendarFormError("L'adresse, l'identifiant ou le mot de passe est trop long.")
        return self


@dataclass(frozen=True)
class AssistantCalendar:
    """An assistant, and the name of its own calendar (None: it uses the organisation's)."""

    id: uuid.UUID
    name: str
    calendar_name: str | None


@dataclass(frozen=True)
class CalendarStatus:
    """What the settings page shows."""

    connection: CalendarConnection | None
    feed_token: str | None
    pending: int
    given_up: list[CalendarPush]
    assistant: AssistantCalendar | None = None
    """The assistant whose own calendar this is (None: the organisation's)."""


@dataclass(frozen=True)
class SyncRun:
    ok: bool
    imported: int = 0
    error: str | None = None


@dataclass(frozen=True)
class PushRun:
    claimed: bool
    retry_at: datetime | None = None


def require_admin(principal: Principal) -> None:
    if principal.role not in (Role.OWNER.value, Role.ADMIN.value):
        raise Forbidden("Seuls le propriétaire et les administrateurs gèrent l'agenda.")


@dataclass(eq=False)
class CalendarService:
    """Connections, sync and pushes over the process's database (built once in `Services`)."""

    db: Database
    settings: Settings
    gateway: CalDavGateway
    clock: Callable[[], datetime]
    feed_entries: EntriesProvider | None = None
    """The ICS feed's entries; None: the entries pushed with `push_entry` (not removed)."""
    box: SecretBox = field(init=False)

    def __post_init__(self) -> None:
        self.box = SecretBox(self.settings.secret_key.get_secret_value(), purpose=SEALED_PURPOSE)

    # -- the settings page ----------------------------------------------------------------

    def status(
        self, session: Session, tenant: Tenant, assistant_id: uuid.UUID | None = None
    ) -> CalendarStatus:
        """The connection (the organisation's, or an assistant's own: `NotFound` for an
        assistant of another organisation), the feed token and the entries not yet written."""
        assistant = None
        if assistant_id is not None:
            found = AssistantScope(session, tenant).get(assistant_id)
            assistant = AssistantCalendar(found.id, found.name, None)
        connection = ConnectionRepository(session, tenant).for_scope(assistant_id)
        pushes = PushRepository(session, tenant)
        return CalendarStatus(
            connection=connection,
            feed_token=self.feed_token(session, tenant) if assistant_id is None else None,
            pending=len(pushes.pending()),
            given_up=pushes.given_up()[:10],
            assistant=assistant,
        )

    def assistants(self, session: Session, tenant: Tenant) -> list[AssistantCalendar]:
        """The organisation's assistants, each with its own calendar's name if it has one."""
        own = {
            c.assistant_id: c.calendar_name
            for c in ConnectionRepository(session, tenant).list()
            if c.assistant_id is not None
        }
        return [
            AssistantCalendar(a.id, a.name, own.get(a.id))
            for a in AssistantScope(session, tenant).list()
        ]

    def _access(self, connection: CalendarConnection) -> CalendarAccess:
        try:
            password = self.box.open(connection.password_sealed)
        except SealedValueError:
            raise CalendarServerError(UNREADABLE_PASSWORD) from None
        return CalendarAccess(connection.server_url, connection.username, password)

    def connect(
        self,
        session: Session,
        principal: Principal,
        form: ConnectionIn,
        assistant_id: uuid.UUID | None = None,
    ) -> CalendarConnection:
        """Test the account (the server answers and accepts it), then store the connection,
        its password sealed, on the calendar named in the form (else the first one). Raises a
        French `AppError` and stores nothing when the server is unreachable or refuses."""
        require_admin(principal)
        if assistant_id is not None:
            AssistantScope(session, principal.tenant).get(assistant_id)  # 404 if not ours
        form = form.checked()
        access = CalendarAccess(form.server_url, form.username, form.password)
        calendars = self.gateway.calendars(access)  # before any write: nothing half-written
        chosen = _choose(calendars, form.calendar_name)
        tenant = principal.tenant
        repo = ConnectionRepository(session, tenant)
        connection = repo.for_scope(assistant_id)
        if connection is None:
            connection = CalendarConnection(scope=scope_of(assistant_id), assistant_id=assistant_id)
        elif connection.calendar_url != chosen.url:
            BusyRepository(session, tenant).replace(connection.id, [])
        connection.server_url = form.server_url
        connection.username = form.username
        connection.password_sealed = self.box.seal(form.password)
        connection.calendar_url, connection.calendar_name = chosen.url, chosen.name
        connection.available_calendars = [{"url": c.url, "name": c.name} for c in calendars]
        connection.last_error = None
        connection.failures = 0
        connection.next_sync_at = self.clock()
        repo.add(connection)
        self._requeue(session, tenant)
        audit.record(
            session,
            tenant,
            actor=principal.actor,
            entity="calendar",
            entity_id=connection.id,
            action="calendar.connected",
            details={"server": form.server_url, "calendar": chosen.name},
        )
        after_commit(session, SYNC_WAKE)
        return connection

    def test(
        self, session: Session, principal: Principal, assistant_id: uuid.UUID | None = None
    ) -> list[RemoteCalendar]:
        """Try the stored connection again now; the result is recorded on it (raises the
        server's French error, recorded as the last error, when it fails)."""
        require_admin(principal)
        connection = ConnectionRepository(session, principal.tenant).get_scope(assistant_id)
        try:
            calendars = self.gateway.calendars(self._access(connection))
        except (CalendarServerError, OutboundRefused) as exc:
            connection.last_error = exc.detail
            connection.last_sync_at = self.clock()
            session.flush()
            raise
        connection.available_calendars = [{"url": c.url, "name": c.name} for c in calendars]
        if connection.calendar_url not in {c.url for c in calendars}:
            connection.last_error = CalendarMissing.default_detail
        session.flush()
        return calendars

    def choose_calendar(
        self,
        session: Session,
        principal: Principal,
        calendar_url: str,
        assistant_id: uuid.UUID | None = None,
    ) -> CalendarConnection:
        """Use another of the account's calendars (one listed at the last test)."""
        require_admin(principal)
        tenant = principal.tenant
        connection = ConnectionRepository(session, tenant).get_scope(assistant_id)
        names = {c["url"]: c["name"] for c in connection.available_calendars}
        if calendar_url not in names:
            raise CalendarFormError("Choisissez un des agendas de la liste.")
        if calendar_url != connection.calendar_url:
            BusyRepository(session, tenant).replace(connection.id, [])
            connection.calendar_url, connection.calendar_name = calendar_url, names[calendar_url]
            connection.next_sync_at = self.clock()
            connection.last_error = None
            self._requeue(session, tenant)
            after_commit(session, SYNC_WAKE)
        session.flush()
        return connection

    def sync_now(
        self, session: Session, principal: Principal, assistant_id: uuid.UUID | None = None
    ) -> None:
        """Ask for a sync right after this transaction (it runs in the background)."""
        connection = ConnectionRepository(session, principal.tenant).get_scope(assistant_id)
        connection.next_sync_at = self.clock()
        session.flush()
        after_commit(session, SYNC_WAKE)

    def disconnect(
        self, session: Session, principal: Principal, assistant_id: uuid.UUID | None = None
    ) -> None:
        """Forget the connection, its password and its imported events. Our events already
        written stay on the owner's calendar (theirs to keep or delete)."""
        require_admin(principal)
        tenant = principal.tenant
        repo = ConnectionRepository(session, tenant)
        connection = repo.get_scope(assistant_id)
        BusyRepository(session, tenant).replace(connection.id, [])
        audit.record(
            session,
            tenant,
            actor=principal.actor,
            entity="calendar",
            entity_id=connection.id,
            action="calendar.disconnected",
            details={"server": connection.server_url},
        )
        repo.delete(connection)

    def _requeue(self, session: Session, tenant: Tenant) -> None:
        """Entries not yet on a calendar wait for one: a new connection takes them now."""
        now = self.clock()
        for row in PushRepository(session, tenant).pending():
            row.next_attempt_at, row.attempts, row.given_up_at = now, 0, None
        session.flush()
        after_commit(session, PUSH_WAKE)

    # -- the ICS feed ---------------------------------------------------------------------

    def feed_token(self, session: Session, tenant: Tenant) -> str:
        """The organisation's feed token, created at the first use."""
        row = FeedRepository(session, tenant).current()
        if row is not None:
            try:
                return self.box.open(row.token_sealed)
            except SealedValueError:
                pass  # sealed under a former secret key: a new token below
        return self._new_token(session, tenant, row)

    def rotate_feed(self, session: Session, principal: Principal) -> str:
        """A new feed token: the former URL answers 404 from now on."""
        require_admin(principal)
        tenant = principal.tenant
        token = self._new_token(session, tenant, FeedRepository(session, tenant).current())
        audit.record(
            session,
            tenant,
            actor=principal.actor,
            entity="calendar_feed",
            entity_id=None,
            action="calendar.feed_rotated",
        )
        return token

    def _new_token(self, session: Session, tenant: Tenant, row: CalendarFeed | None) -> str:
        token = random_token(32)
        if row is None:
            row = FeedRepository(session, tenant).add(
                CalendarFeed(token_hash=sha256_hex(token), token_sealed=self.box.seal(token))
            )
        row.token_hash, row.token_sealed = sha256_hex(token), self.box.seal(token)
        session.flush()
        return token

    def feed(self, session: Session, token: str, name: str = "AlloKoli") -> bytes:
        """The ICS feed of the organisation whose token this is; `NotFound` otherwise (a wrong
        or former token is indistinguishable from no feed)."""
        if not token or len(token) > 200:
            raise NotFound("Agenda introuvable.")
        organization_id = feed_organization(session, sha256_hex(token))
        if organization_id is None:
            raise NotFound("Agenda introuvable.")
        tenant = Tenant(organization_id)
        provider = self.feed_entries or pushed_entries
        return ics.feed_ics(provider(session, tenant), self.clock(), name)

    # -- the jobs -------------------------------------------------------------------------

    def sync_due(self, limit: int = 100) -> int:
        """Sync every connection that is due (the periodic job); returns how many ran."""
        now = self.clock()
        with self.db.unit_of_work() as session:
            due = due_syncs(session, now, limit)
        return sum(1 for cid, org in due if self.sync(cid, org, now) is not None)

    def sync(
        self, connection_id: uuid.UUID, org_id: uuid.UUID, now: datetime | None = None
    ) -> SyncRun | None:
        """Import the busy events of one connection in the horizon (None: not claimed, another
        runner has it or it is not due). A failure is recorded with its French reason and the
        next try is planned with backoff; the events imported before are kept meanwhile."""
        now = now or self.clock()
        tenant = Tenant(org_id)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            repo = ConnectionRepository(session, tenant)
            if not repo.claim_sync(connection_id, now, LEASE):
                return None
            connection = repo.find(connection_id)
            if connection is None:
                return None
            calendar_url = connection.calendar_url
            ours = PushRepository(session, tenant).uids()
            error: str | None = None
            try:
                access: CalendarAccess | None = self._access(connection)
            except CalendarServerError as exc:
                access, error = None, exc.detail
        start = now - timedelta(days=1)
        end = now + timedelta(days=self.settings.calendar_horizon_days)
        intervals: list[ics.BusyInterval] = []
        if access is not None:
            try:
                objects = self.gateway.objects(access, calendar_url, start, end)
                intervals = ics.busy_intervals(objects, start, end, skip_uids=ours)
            except (CalendarServerError, OutboundRefused) as exc:
                error = exc.detail
            except CalendarDataError as exc:
                log.warning("calendar %s: unreadable event: %s", connection_id, exc)
                error = "Un événement de l'agenda est illisible (format iCalendar invalide)."
        with self.db.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
            connection = ConnectionRepository(session, tenant).find(connection_id)
            if connection is None or connection.calendar_url != calendar_url:
                return None  # disconnected or changed meanwhile: this import is stale
            connection.last_sync_at = now
            if error is None:
                rows = [
                    CalendarBusyEvent(
                        uid=i.uid[:500], start_utc=i.start_utc, end_utc=i.end_utc, all_day=i.all_day
                    )
                    for i in intervals
                ]
                BusyRepository(session, tenant).replace(connection_id, rows)
                connection.last_success_at = now
                connection.last_error = None
                connection.failures = 0
                connection.imported_count = len(rows)
                connection.next_sync_at = now + self._period()
                return SyncRun(ok=True, imported=len(rows))
            connection.failures += 1
            connection.last_error = error
            connection.next_sync_at = now + min(backoff(connection.failures), self._period())
        log.warning("calendar %s sync failed: %s", connection_id, error)
        return SyncRun(ok=False, error=error)

    def _period(self) -> timedelta:
        seconds = self.settings.calendar_sync_seconds
        return timedelta(seconds=seconds if seconds > 0 else 3600)

    def due_pushes(self, limit: int = 200) -> list[tuple[uuid.UUID, uuid.UUID]]:
        with self.db.unit_of_work() as session:
            return due_pushes(session, self.clock(), limit)

    def push_due(self, limit: int = 200) -> int:
        """Write every due entry (the inline engine's pass); returns how many were claimed."""
        now = self.clock()
        return sum(self.run_push(pid, org, now).claimed for pid, org in self.due_pushes(limit))

    def run_push(
        self, push_id: uuid.UUID, org_id: uuid.UUID, now: datetime | None = None
    ) -> PushRun:
        """Claim one entry and bring the owner's calendar up to date with it: the job both
        engines run. Idempotent: the event is written or deleted by its UID."""
        now = now or self.clock()
        tenant = Tenant(org_id)
        with self.db.unit_of_work(tenant_id=org_id) as session:
            pushes = PushRepository(session, tenant)
            if not pushes.claim(push_id, now, LEASE):
                return PushRun(claimed=False)
            row = pushes.find(push_id)
            if row is None:
                return PushRun(claimed=False)
            version, removed, former = row.version, row.removed, row.pushed_calendar_url
            entry = CalendarEntry(
                row.uid, row.start_utc, row.end_utc, row.summary, row.description, row.location
            )
            connection = ConnectionRepository(session, tenant).serving(row.assistant_id)
            error: CalendarServerError | OutboundRefused | None = None
            access: CalendarAccess | None = None
            calendar_url: str | None = None
            if connection is not None:
                calendar_url = connection.calendar_url
                try:
                    access = self._access(connection)
                except CalendarServerError as exc:
                    error = exc
        if connection is None:
            with self.db.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
                row = PushRepository(session, tenant).find(push_id)
                if row is not None and row.version == version:
                    row.next_attempt_at = None  # waits for a connection (`_requeue`)
                    row.last_error = NO_CALENDAR
            return PushRun(claimed=True)
        if access is not None and calendar_url is not None:
            try:
                if former is not None and former != calendar_url:
                    self.gateway.delete(access, former, entry.uid)
                if removed:
                    self.gateway.delete(access, calendar_url, entry.uid)
                else:
                    self.gateway.put(access, calendar_url, entry, stamp=now, sequence=version)
            except (CalendarServerError, OutboundRefused) as exc:
                error = exc
        with self.db.unit_of_work(tenant_id=org_id, run_after_commit=discard) as session:
            pushes = PushRepository(session, tenant)
            row = pushes.find(push_id)
            if row is None:
                return PushRun(claimed=True)
            if error is None:
                row.pushed_version = max(row.pushed_version, version)
                row.pushed_calendar_url = None if removed else calendar_url
                row.attempts, row.last_error = 0, None
                if row.version == version:
                    if removed:
                        pushes.delete(row)
                    else:
                        row.next_attempt_at = None
                    return PushRun(claimed=True)
                row.next_attempt_at = now  # changed meanwhile: write the newer state
                return PushRun(claimed=True, retry_at=now)
            row.attempts += 1
            row.last_error = error.detail
            retryable = isinstance(error, CalendarServerError) and error.retryable
            if retryable and row.attempts < MAX_PUSH_ATTEMPTS:
                retry_at = row.next_attempt_at = now + backoff(row.attempts)
            else:
                retry_at, row.next_attempt_at, row.given_up_at = None, None, now
        log.warning("calendar entry %s push failed: %s", push_id, error.detail)
        return PushRun(claimed=True, retry_at=retry_at)

    def retry_given_up(self, session: Session, tenant: Tenant, push_id: uuid.UUID) -> bool:
        """Run a given-up push again from its first attempt (the operator's retry)."""
        row = PushRepository(session, tenant).find(push_id)
        if row is None or row.given_up_at is None:
            return False
        row.given_up_at, row.attempts, row.next_attempt_at = None, 0, self.clock()
        session.flush()
        after_commit(session, PUSH_WAKE)
        return True


def _choose(calendars: list[RemoteCalendar], name: str) -> RemoteCalendar:
    if not name:
        return calendars[0]
    wanted = name.strip().casefold()
    for calendar in calendars:
        if calendar.name.casefold() == wanted or calendar.url == name:
            return calendar
    listed = ", ".join(f"« {c.name} »" for c in calendars)
    raise CalendarFormError(
        f"Aucun agenda ne s'appelle « {name} » sur ce compte. Agendas trouvés : {listed}."
    )
