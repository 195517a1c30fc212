"""Times of day as minutes since midnight, the unit the parser works in."""

from __future__ import annotations

from datetime import time

__all__ = ["LATEST_END", "MIDNIGHT", "MORNING_END", "NOON", "from_time", "hhmm", "to_time"]


MIDNIGHT = 24 * 60
LATEST_END = MIDNIGHT + 6 * 60
"""A range may run past midnight up to 06:00 the next morning (a bar open 17:00-02:00): its
end is then counted past 24:00 (26:00 here) and written 02:00 in the profile."""
NOON = 12 * 60
MORNING_END = 13 * 60


def hhmm(minutes: int) -> str:
    if minutes == MIDNIGHT:
        return "minuit"
    minutes %= MIDNIGHT
    h, m = divmod(minutes, 60)
    return f"{h}h{m:02d}" if m else f"{h}h"


def to_time(minutes: int) -> time:
    minutes %= MIDNIGHT
    return time(minutes // 60, minutes % 60)


def from_time(value: time, is_end: bool) -> int:
    minutes = value.hour * 60 + value.minute
    if is_end and minutes == 0:
        return MIDNIGHT
    return minutes
