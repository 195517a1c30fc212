"""The French wording of the notes (``OpeningHours.note``): days and periods of the day."""

from __future__ import annotations

from allokoli.understanding.hours.days import DAY_NAMES, HOLIDAY

__all__ = ["days_fr", "period_fr"]


_PERIOD_FR = {
    "am": "le matin",
    "pm": "l'après-midi",
    "eve": "le soir",
    "midi": "le midi",
}


def period_fr(period: str | None) -> str:
    if not period:
        return ""
    return " et ".join(_PERIOD_FR.get(p, p) for p in period.split("+"))


def days_fr(days: frozenset[int]) -> str:
    if HOLIDAY in days:
        rest = frozenset(days - {HOLIDAY})
        return f"{days_fr(rest)} et jours fériés" if rest else "jours fériés"
    ordered = sorted(days)
    if len(ordered) == 7:
        return "tous les jours"
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"du {DAY_NAMES[ordered[0]]} au {DAY_NAMES[ordered[-1]]}"
    names = [DAY_NAMES[d] for d in ordered]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " et " + names[-1]
