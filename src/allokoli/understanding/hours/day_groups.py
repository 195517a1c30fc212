"""Composition of day groups: « du lundi au vendredi », « lun/mar », « tous les jours », « le
week-end », with the period that may follow a day (« samedi matin »).
"""

from __future__ import annotations

from allokoli.understanding.hours.days import ALL_DAYS, HOLIDAY
from allokoli.understanding.hours.tokens import Token

__all__ = ["compose_days"]


def _day_span(a: int, b: int) -> frozenset[int]:
    if a <= b:
        return frozenset(range(a, b + 1))
    return frozenset(list(range(a, 7)) + list(range(0, b + 1)))


_GROUP_DAYS = {
    "all": ALL_DAYS,
    "wkd": frozenset(range(5)),
    "wkdsat": frozenset(range(6)),
    "wke": frozenset({5, 6}),
}


def _juxtaposed_range(toks: list[Token], i: int) -> bool:
    j = i + 1
    if j >= len(toks) or toks[j].kind != "day" or (i > 0 and toks[i - 1].kind == "day"):
        return False
    if j + 1 >= len(toks) or toks[j + 1].kind not in ("time", "num", "range", "noon", "de"):
        return False  # a third day ("lundi mardi jeudi") or no hours: a list
    first, last = min(toks[i].days), min(toks[j].days)
    return HOLIDAY not in toks[i].days | toks[j].days and last - first >= 3


def compose_days(toks: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        if tok.kind in _GROUP_DAYS:
            out.append(Token("days", tok.text, days=_GROUP_DAYS[tok.kind], pos=tok.pos))
            i += 1
            continue
        if tok.kind == "day":
            j = i + 1
            run = i
            while run + 1 < n and toks[run + 1].kind == "day" and not toks[run + 1].period:
                run += 1
            listed = run - i >= 2 or (run - i == 1 and not _juxtaposed_range(toks, i))
            if listed and HOLIDAY not in frozenset().union(*(t.days for t in toks[i : run + 1])):
                # « 18h 21h30 lun mar jeu ven sam », « 9h-12h lun mar »: days side by side, a
                # list (two far apart before times are a span: « lundi vendredi 7h30 17h30 »)
                days = frozenset().union(*(t.days for t in toks[i : run + 1]))
                out.append(Token("days", tok.text, days=days, pos=tok.pos))
                i = run + 1
                continue
            if (
                j + 1 < n
                and toks[j].kind in ("au", "to", "dash", "slash")
                and toks[j + 1].kind == "day"
                and HOLIDAY not in tok.days | toks[j + 1].days
            ):
                first = min(tok.days)
                last = min(toks[j + 1].days)
                days = (
                    _day_span(first, last)
                    if toks[j].kind != "slash"
                    else tok.days | toks[j + 1].days
                )
                out.append(Token("days", tok.text, days=days, pos=tok.pos))
                i = j + 2
            elif _juxtaposed_range(toks, i):
                # "lundi vendredi 7h30 17h30" (SMS style): two far-apart days side by side,
                # nothing between them, followed by times, is a range, not a list of two days.
                days = _day_span(min(tok.days), min(toks[j].days))
                out.append(Token("days", tok.text, days=days, pos=tok.pos))
                i = j + 1
            else:
                out.append(Token("days", tok.text, days=tok.days, pos=tok.pos))
                i += 1
            # period attached to the day: "samedi matin", "le dimanche après-midi"
            if i < n and toks[i].kind in ("am", "pm", "eve", "midi"):
                out[-1].period = toks[i].kind
                i += 1
                # "samedi matin et après-midi" → keep the first, note both
                if (
                    i + 1 < n
                    and toks[i].kind == "and"
                    and toks[i + 1].kind in ("am", "pm", "eve", "midi")
                ):
                    out[-1].period = f"{out[-1].period}+{toks[i + 1].kind}"
                    i += 2
            continue
        out.append(tok)
        i += 1
    return out
