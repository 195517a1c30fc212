"""Our side of the calendar for the bookings: the busy intervals availability reads, and our
entries (bookings) written to the owner's calendar.

`push_entry` / `remove_entry` write the entry's desired state in the caller's transaction (a
`calendar_pushes` row) and wake the push job after the commit; `CalendarBusySource` reads the
events imported by the sync, never the network.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from allokoli.calendars.ics import CalendarEntry
from allokoli.calendars.repository import (
    AssistantScope,
    BusyRepository,
    ConnectionRepository,
    PushRepository,
)
from allokoli.db.session import after_commit
from allokoli.kit.clock import utcnow
from allokoli.kit.errors import AppError
from allokoli.models import CalendarPush
from allokoli.tenancy import Tenant

#: After-commit key: « entries wait to be written » (answered by the job engine).
PUSH_WAKE = "calendars.push"


class CalendarFormError(AppError):
    status_code = 400


def merge(intervals: Iterable[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Sorted, overlapping or touching intervals joined."""
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


class CalendarBusySource:
    """Busy intervals of the owner's calendar, for availability: read from the imported events
    only (never the network), so it answers within a live call's deadline."""

    def busy(
        self,
        session: Session,
        tenant: Tenant,
        assistant_id: uuid.UUID | None,
        start_utc: datetime,
        end_utc: datetime,
    ) -> list[tuple[datetime, datetime]]:
        """Merged busy (start, end) UTC intervals overlapping [start_utc, end_utc), from the
        calendar that serves the assistant (its own, else the organisation's); [] without one."""
        connection = ConnectionRepository(session, tenant).serving(assistant_id)
        if connection is None:
            return []
        return merge(BusyRepository(session, tenant).overlapping(connection.id, start_utc, end_utc))


def push_entry(
    session: Session,
    tenant: Tenant,
    entry: CalendarEntry,
    assistant_id: uuid.UUID | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Write (or update) `entry` on the owner's calendar, after this transaction commits.

    Written in the caller's transaction (the booking's): nothing is pushed for a rolled-back
    booking, nothing is lost for a committed one. The push job retries with backoff."""
    if entry.end_utc <= entry.start_utc:
        raise CalendarFormError("Une entrée d'agenda doit finir après son début.")
    if not entry.uid or len(entry.uid) > 255:
        raise CalendarFormError(
            "L'identifiant d'une entrée d'agenda doit faire 1 à 255 caractères."
        )
    if assistant_id is not None:
        AssistantScope(session, tenant).get(assistant_id)
    repo = PushRepository(session, tenant)
    row = repo.by_uid(entry.uid)
    if row is None:
        row = repo.stage(CalendarPush(uid=entry.uid, version=0, pushed_version=0, attempts=0))
    row.assistant_id = assistant_id
    row.summary = entry.summary[:300]
    row.description = entry.description
    row.location = entry.location[:300]
    row.start_utc, row.end_utc = entry.start_utc, entry.end_utc
    row.removed = False
    _queue(session, row, now or utcnow())


def remove_entry(
    session: Session, tenant: Tenant, uid: str, *, now: datetime | None = None
) -> None:
    """Delete our entry `uid` from the owner's calendar, after this transaction commits
    (nothing to do for an unknown uid)."""
    repo = PushRepository(session, tenant)
    row = repo.by_uid(uid)
    if row is None or row.removed:
        return
    if row.pushed_version == 0 and row.pushed_calendar_url is None:
        repo.delete(row)  # never written anywhere: nothing to delete at the server
        return
    row.removed = True
    _queue(session, row, now or utcnow())


def _queue(session: Session, row: CalendarPush, now: datetime) -> None:
    row.version += 1
    row.attempts = 0
    row.given_up_at = None
    row.last_error = None
    row.next_attempt_at = now
    session.flush()
    after_commit(session, PUSH_WAKE)


def pushed_entries(session: Session, tenant: Tenant) -> list[CalendarEntry]:
    """Our entries (pushed with `push_entry`, not removed): the feed's default content."""
    return [
        CalendarEntry(r.uid, r.start_utc, r.end_utc, r.summary, r.description, r.location)
        for r in PushRepository(session, tenant).current()
    ]
