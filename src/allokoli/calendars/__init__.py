"""Calendar sync with the owner's own calendar (CalDAV) and a read-only ICS feed.

- `ics`: iCalendar in and out (busy intervals, our events, the feed), no I/O;
- `gateway`: the CalDAV client (`caldav`), French errors, URL guard;
- `repository`: the four tenant tables' SQL (`models/calendar.py`);
- `entries`: `push_entry` / `remove_entry` (our bookings on the owner's calendar) and
  `CalendarBusySource` (availability reads imported events only);
- `service`: connect / test / disconnect, the periodic sync, the push job, the feed;
- `views`: the settings pages (`/settings/calendar`, `/assistants/{id}/calendar`) and the feed
  (`/calendar/{token}.ics`).

See docs/calendars.md (operators) and docs/guide/calendrier.md (owners).
"""
