"""Opening hours in free French text → :class:`OpeningHours`.

Understands day ranges and lists ("du lundi au vendredi", "lun-ven", "mardi, jeudi et samedi"),
"tous les jours", "7j/7", "en semaine", "le week-end", exceptions ("sauf le lundi"), closed days
("fermé le dimanche", "le lundi c'est fermé"), time ranges in every usual spelling ("9h-12h",
"9 h 30", "09:30", "de neuf heures à midi", "midi et demi", "8h du soir"), "24h/24", "non-stop",
"sur rendez-vous", public holidays, and partial statements ("le samedi jusqu'à 17h").

Policy for times of day without hours ("le samedi matin", "ouvert le dimanche", "midi et soir"):
hours are never invented. The day is left *unknown* (absent from ``OpeningHours.days``) and a
French note such as "samedi : le matin (horaires à préciser)" is added to ``OpeningHours.note``.
Period words only disambiguate explicit times ("2h de l'après-midi" → 14:00) or remove ranges
that are clearly in that half of the day ("fermé le lundi matin" drops Monday ranges ending by
13:00 when they are known; otherwise a note is added).

Pipeline (one module each): `days` and `phrases` canonicalise the text, `tokens` lexes it,
`ranges` and `day_groups` compose tokens, `association` turns them into a `Delta`, `apply` applies
it to a `week`, with `notes` and `closures` for what cannot be placed; `parse` holds the entry
points, `clock` the minutes-since-midnight helpers.
"""

from __future__ import annotations

from allokoli.understanding.hours.apply import DAYS_UNSAID
from allokoli.understanding.hours.days import find_day
from allokoli.understanding.hours.impossible import impossible_hours
from allokoli.understanding.hours.parse import (
    apply_hours_correction,
    close_unnamed_days,
    has_hours_content,
    parse_opening_hours,
)

__all__ = [
    "DAYS_UNSAID",
    "apply_hours_correction",
    "close_unnamed_days",
    "find_day",
    "has_hours_content",
    "impossible_hours",
    "parse_opening_hours",
]
