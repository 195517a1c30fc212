"""Calendar sync with the owner's own calendar (CalDAV) and a read-only ICS feed.

- `ics`: iCalendar in and out (busy intervals, our events, the feed), no I/O;
- `gateway`: the CalDAV client (`caldav`), French errors, URL guard;
- `repository`: the four tenant tables' SQL (`models/calendar.py`);
- `service`: connect / test / disconnect, the periodic sync, `push_entry` / `remove_entry`,
  `CalendarBusySource` (availability reads imported events only), the feed;
- `views`: the settings page (`/settings/calendar`) and the feed (`/calendar/{token}.ics`).

See docs/calendars.md (operators) and docs/guide/calendrier.md (owners).
"""
