"""iCalendar reading and writing, no server: what counts as busy, and when, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from allokoli.calendars.ics import (
    BusyInterval,
    CalendarDataError,
    CalendarEntry,
    busy_intervals,
    event_ics,
    feed_ics,
)

START = datetime(2027, 3, 1, tzinfo=UTC)
END = datetime(2027, 4, 30, tzinfo=UTC)


def vcal(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\nDTSTAMP:20270101T000000Z\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\n{body}END:VCALENDAR\r\n"


def busy(text: str, skip: frozenset[str] = frozenset()) -> list[BusyInterval]:
    return busy_intervals([text], START, END, skip_uids=skip)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_timed_event_in_paris_time_is_busy_in_utc_on_both_sides_of_dst() -> None:
    winter = "UID:a\r\nDTSTART;TZID=Europe/Paris:20270325T100000\r\nDTEND;TZID=Europe/Paris:20270325T110000\r\n"
    summer = "UID:b\r\nDTSTART;TZID=Europe/Paris:20270329T100000\r\nDTEND;TZID=Europe/Paris:20270329T110000\r\n"
    found = busy(vcal(winter, summer))
    assert [(i.uid, i.start_utc, i.end_utc) for i in found] == [
        ("a", at(2027, 3, 25, 9), at(2027, 3, 25, 10)),
        ("b", at(2027, 3, 29, 8), at(2027, 3, 29, 9)),
    ]


def test_a_recurring_event_is_expanded_within_the_window_with_its_exceptions() -> None:
    weekly = (
        "UID:r\r\nDTSTART;TZID=Europe/Paris:20270301T140000\r\n"
        "DTEND;TZID=Europe/Paris:20270301T150000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=6\r\nEXDATE;TZID=Europe/Paris:20270308T140000\r\n"
    )
    found = busy(vcal(weekly))
    starts = [i.start_utc for i in found]
    # 1, 15, 22 March in winter time (UTC+1), 29 March and 5 April in summer time (UTC+2).
    assert starts == [
        at(2027, 3, 1, 13),
        at(2027, 3, 15, 13),
        at(2027, 3, 22, 13),
        at(2027, 3, 29, 12),
        at(2027, 4, 5, 12),
    ]


def test_an_all_day_event_blocks_the_french_day_from_midnight_to_midnight() -> None:
    found = busy(vcal("UID:d\r\nDTSTART;VALUE=DATE:20270328\r\nDTEND;VALUE=DATE:20270329\r\n"))
    # 28 March 2027 is the DST change: the French day is 23 hours long.
    assert found == [BusyInterval("d", at(2027, 3, 27, 23), at(2027, 3, 28, 22), all_day=True)]


def test_an_all_day_event_without_end_lasts_one_day() -> None:
    found = busy(vcal("UID:d\r\nDTSTART;VALUE=DATE:20270310\r\n"))
    assert [(i.start_utc, i.end_utc) for i in found] == [(at(2027, 3, 9, 23), at(2027, 3, 10, 23))]


def test_transparent_and_cancelled_events_do_not_make_the_owner_busy() -> None:
    free = "UID:t\r\nTRANSP:TRANSPARENT\r\nDTSTART:20270310T090000Z\r\nDTEND:20270310T100000Z\r\n"
    cancelled = (
        "UID:c\r\nSTATUS:CANCELLED\r\nDTSTART:20270311T090000Z\r\nDTEND:20270311T100000Z\r\n"
    )
    opaque = "UID:o\r\nTRANSP:OPAQUE\r\nDTSTART:20270312T090000Z\r\nDURATION:PT30M\r\n"
    found = busy(vcal(free, cancelled, opaque))
    assert [(i.uid, i.end_utc) for i in found] == [("o", at(2027, 3, 12, 9, 30))]


def test_a_floating_time_is_read_as_paris_time() -> None:
    found = busy(vcal("UID:f\r\nDTSTART:20270310T090000\r\nDTEND:20270310T100000\r\n"))
    assert [(i.start_utc, i.end_utc) for i in found] == [(at(2027, 3, 10, 8), at(2027, 3, 10, 9))]


def test_our_own_events_and_events_outside_the_window_are_skipped() -> None:
    ours = "UID:booking-1@allokoli\r\nDTSTART:20270310T090000Z\r\nDTEND:20270310T100000Z\r\n"
    before = "UID:old\r\nDTSTART:20260110T090000Z\r\nDTEND:20260110T100000Z\r\n"
    instant = "UID:i\r\nDTSTART:20270310T090000Z\r\n"
    assert busy(vcal(ours, before, instant), frozenset({"booking-1@allokoli"})) == []


def test_unreadable_calendar_data_raises_a_data_error() -> None:
    with pytest.raises(CalendarDataError):
        busy(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:pas-une-date\r\nEND:VEVENT\r\nEND:VCALENDAR"
        )


ENTRY = CalendarEntry(
    uid="b-42@allokoli",
    start_utc=at(2027, 3, 10, 9),
    end_utc=at(2027, 3, 10, 9, 45),
    summary="Coupe – Mme Martin",
    description="Rappel : 06 12 34 56 78",
    location="12 rue de la Paix, Nantes",
)


def test_an_entry_is_written_as_one_opaque_event_with_its_uid_and_utc_times() -> None:
    text = event_ics(ENTRY, at(2027, 3, 1), sequence=3)
    events = Calendar.from_ical(text).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == "b-42@allokoli"
    assert event.decoded("DTSTART") == ENTRY.start_utc
    assert event.decoded("DTEND") == ENTRY.end_utc
    assert str(event["SUMMARY"]) == "Coupe – Mme Martin"
    assert str(event["LOCATION"]) == ENTRY.location
    assert str(event["TRANSP"]) == "OPAQUE"
    assert event.decoded("SEQUENCE") == 3
    # Read back as busy by the same code that reads the owner's events.
    assert busy(text) == [BusyInterval("b-42@allokoli", ENTRY.start_utc, ENTRY.end_utc)]


def test_the_feed_holds_every_entry_in_order_and_names_the_calendar() -> None:
    later = CalendarEntry("b-43@allokoli", at(2027, 3, 11, 9), at(2027, 3, 11, 10), "Couleur")
    feed = Calendar.from_ical(feed_ics([later, ENTRY], at(2027, 3, 1), "Salon Léa"))
    assert str(feed["X-WR-CALNAME"]) == "Salon Léa"
    assert [str(e["UID"]) for e in feed.walk("VEVENT")] == ["b-42@allokoli", "b-43@allokoli"]
