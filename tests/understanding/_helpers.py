"""Helpers to write opening-hours expectations compactly."""

from __future__ import annotations

from allokoli.domain.profile import OpeningHours

DAYS = ("lun", "mar", "mer", "jeu", "ven", "sam", "dim")


def week(hours: OpeningHours | None) -> dict[str, str]:
    """{"lun": "0900-1200 1400-1900", "dim": "closed"}; unknown days are absent."""
    if hours is None:
        return {}
    out: dict[str, str] = {}
    for day in hours.days:
        key = day.day.value[:3]
        if not day.ranges:
            out[key] = "closed"
        else:
            out[key] = " ".join(f"{r.start:%H%M}-{r.end:%H%M}" for r in day.ranges)
    return out


def spec(**groups: str) -> dict[str, str]:
    """spec(lun_ven="0900-1900", dim="closed") → one entry per day ("lun_ven" is a range)."""
    out: dict[str, str] = {}
    for key, value in groups.items():
        if "_" in key:
            first, last = key.split("_")
            i, j = DAYS.index(first), DAYS.index(last)
            for d in DAYS[i : j + 1]:
                out[d] = value
        else:
            out[key] = value
    return out
