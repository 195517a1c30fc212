"""Opening ranges: wall-clock times, in order or running past midnight."""

from __future__ import annotations

from datetime import time

import pytest
from pydantic import ValidationError

from allokoli.domain.profile import TimeRange


def test_a_utc_offset_is_dropped_not_compared() -> None:
    # an offset on one end only used to raise TypeError (a 500) when the ends were compared
    mixed = TimeRange.model_validate({"start": "09:00+01:00", "end": "12:00"})
    assert (mixed.start, mixed.end) == (time(9, 0), time(12, 0))
    assert TimeRange.model_validate({"start": "17:00", "end": "02:00Z"}).overnight


def test_ranges_are_ordered_or_overnight() -> None:
    assert not TimeRange.model_validate({"start": "09:00", "end": "00:00"}).overnight
    assert TimeRange.model_validate({"start": "22:00", "end": "05:30"}).overnight
    with pytest.raises(ValidationError, match="doit être après"):
        TimeRange.model_validate({"start": "14:00", "end": "09:00"})
