"""iCalendar in and out, with no I/O: busy intervals read from the owner's events, our entries
written as events, and the read-only feed.

Reading keeps what makes the owner busy: VEVENTs that are opaque (TRANSP absent or OPAQUE) and
not cancelled, each recurring event expanded to its occurrences within the window (RRULE, RDATE,
EXDATE and moved occurrences, by `recurring-ical-events`). Times become UTC: a time with a zone
is converted, a floating time or an all-day date is the owner's local time (Europe/Paris), so
an all-day event blocks the French day, from midnight to midnight, whatever the DST.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

OWNER_ZONE = ZoneInfo("Europe/Paris")
PRODID = "-//AlloKoli//Agenda//FR"


class CalendarDataError(ValueError):
    """A calendar object that is not readable iCalendar."""


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One of our bookings as an event of the owner's calendar.

    `uid` is stable for the life of the booking (its id is a good choice, e.g.
    `f"{booking_id}@allokoli"`): writing an entry again with the same uid updates the event."""

    uid: str
    start_utc: datetime
    end_utc: datetime
    summary: str
    description: str = ""
    location: str = ""


@dataclass(frozen=True, slots=True)
class BusyInterval:
    """One occurrence of an event that makes the owner busy, in UTC."""

    uid: str
    start_utc: datetime
    end_utc: datetime
    all_day: bool = False


def _to_utc(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=OWNER_ZONE)
        return value.astimezone(UTC)
    return datetime.combine(value, time(0), tzinfo=OWNER_ZONE).astimezone(UTC)


def _is_busy(event: Event) -> bool:
    transparency = str(event.get("TRANSP", "OPAQUE")).upper()
    status = str(event.get("STATUS", "")).upper()
    return transparency != "TRANSPARENT" and status != "CANCELLED"


def _occurrence(event: Event) -> BusyInterval | None:
    if "DTSTART" not in event:
        return None
    start: date | datetime = event.decoded("DTSTART")
    all_day = not isinstance(start, datetime)
    end: date | datetime
    if "DTEND" in event:
        end = event.decoded("DTEND")
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    else:
        # RFC 5545: a date lasts one day, a date-time without end or duration is an instant.
        end = start + timedelta(days=1) if all_day else start
    start_utc, end_utc = _to_utc(start), _to_utc(end)
    if end_utc <= start_utc:
        return None
    return BusyInterval(str(event.get("UID", "")), start_utc, end_utc, all_day)


def busy_intervals(
    objects: Iterable[str], start: datetime, end: datetime, *, skip_uids: frozenset[str]
) -> list[BusyInterval]:
    """Busy occurrences within [start, end) of the given calendar objects (iCalendar texts),
    except the events whose UID is in `skip_uids` (ours, written by the push), sorted."""
    found: dict[tuple[str, datetime, datetime], BusyInterval] = {}
    for text in objects:
        try:
            calendar = Calendar.from_ical(text)
            occurrences = recurring_ical_events.of(calendar).between(start, end)
        except (ValueError, KeyError, TypeError) as exc:
            raise CalendarDataError(str(exc)) from exc
        for event in occurrences:
            if str(event.get("UID", "")) in skip_uids or not _is_busy(event):
                continue
            interval = _occurrence(event)
            if interval is None or interval.end_utc <= start or interval.start_utc >= end:
                continue
            found[(interval.uid, interval.start_utc, interval.end_utc)] = interval
    return sorted(found.values(), key=lambda i: (i.start_utc, i.end_utc, i.uid))


def _event(entry: CalendarEntry, stamp: datetime, sequence: int) -> Event:
    event = Event()
    event.add("UID", entry.uid)
    event.add("DTSTAMP", stamp.astimezone(UTC))
    event.add("DTSTART", entry.start_utc.astimezone(UTC))
    event.add("DTEND", entry.end_utc.astimezone(UTC))
    event.add("SUMMARY", entry.summary)
    if entry.description:
        event.add("DESCRIPTION", entry.description)
    if entry.location:
        event.add("LOCATION", entry.location)
    event.add("TRANSP", "OPAQUE")
    event.add("SEQUENCE", sequence)
    return event


def _calendar(name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    if name:
        calendar.add("X-WR-CALNAME", name)
        calendar.add("X-WR-TIMEZONE", "Europe/Paris")
    return calendar


def event_ics(entry: CalendarEntry, stamp: datetime, sequence: int = 0) -> str:
    """The calendar object that writes `entry` on a CalDAV server (one VEVENT, UTC times)."""
    calendar = _calendar()
    calendar.add_component(_event(entry, stamp, sequence))
    return str(calendar.to_ical().decode())


def feed_ics(entries: Iterable[CalendarEntry], stamp: datetime, name: str) -> bytes:
    """The read-only feed: every entry as an event of one calendar named `name`."""
    calendar = _calendar(name)
    for entry in sorted(entries, key=lambda e: (e.start_utc, e.uid)):
        calendar.add_component(_event(entry, stamp, 0))
    return bytes(calendar.to_ical())
