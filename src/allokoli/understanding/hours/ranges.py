"""Composition of time ranges: « de 9h à 12h », « 9h-12h », « dès 9h … jusqu'à 19h », and the
morning / afternoon ambiguities of bare hours.
"""

from __future__ import annotations

from allokoli.understanding.hours.clock import LATEST_END, MIDNIGHT, NOON
from allokoli.understanding.hours.tokens import Token

__all__ = ["compose_ranges", "pm_shift"]


_TIMEISH = ("time", "num", "noon")


#: A written range ending by this hour ends in the night: « 11h-2h » closes at 2 a.m.
_NIGHT_END = 4 * 60


def _fix_range(
    start: int, end: int, both_bare: bool, end_morning: bool = False, written: bool = False
) -> tuple[int, int] | None:
    """Resolve afternoon/evening ambiguities ("de 2 à 6", "9h à 7h"), midnight, and ranges
    past midnight ("de 17h à 2h", "11h - 2h du matin": the end is counted past 24:00).
    ``written``: a compact written range ("11h-2h") uses the 24-hour clock, so an end in the
    small hours is past midnight rather than an afternoon hour."""
    if end == 0 and start > 0:
        end = MIDNIGHT
    if both_bare and start < end <= 8 * 60:
        start, end = start + 12 * 60, end + 12 * 60
    if end <= start:
        night = written and not both_bare and end <= _NIGHT_END
        if (end_morning or night) and end < start and end + MIDNIGHT <= LATEST_END:
            end += MIDNIGHT  # "jusqu'à 2h du matin", "11h-2h"
        elif end + 12 * 60 > start and end + 12 * 60 <= MIDNIGHT and end < 12 * 60:
            end += 12 * 60
        elif end < start and end + MIDNIGHT <= LATEST_END:
            end += MIDNIGHT  # past midnight
        else:
            return None
    if start >= MIDNIGHT or end > LATEST_END:
        return None
    return start, end


def pm_shift(toks: list[Token]) -> list[Token]:
    """'8h du soir', '2h de l'après-midi' → +12h; '7h du matin' stays. The period words are
    removed so that the time can take part in a range ("de 7h du matin à 7h du soir")."""
    out: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        out.append(tok)
        i += 1
        if tok.kind not in ("time", "num"):
            continue
        j = i
        while (
            j < len(toks)
            and j - i < 2
            and toks[j].kind in ("de", "word")
            and len(toks[j].text) <= 3
        ):
            j += 1
        if j > i and j < len(toks) and toks[j].kind in ("am", "pm", "eve"):
            if toks[j].kind != "am" and tok.value < NOON:
                tok.value += 12 * 60
                tok.explicit = True
                tok.period = "pm"
            elif toks[j].kind == "am":
                tok.period = "am"
            i = j + 1  # "du matin" / "du soir" consumed
    return out


def compose_ranges(toks: list[Token], hours_context: bool) -> list[Token]:
    out: list[Token] = []
    i = 0
    n = len(toks)
    while i < n:
        tok = toks[i]
        prefix = None
        k = i
        if tok.kind in ("de", "entre", "startat") and i + 1 < n and toks[i + 1].kind in _TIMEISH:
            prefix = tok.kind
            k = i + 1
        if toks[k].kind in _TIMEISH and k + 1 < n:
            conn = toks[k + 1]
            second = toks[k + 2] if k + 2 < n else conn
            conn_ok = conn.kind in ("to", "dash", "slash", "until", "endat") or (
                conn.kind == "and" and conn.text == "et" and prefix == "entre"
            )
            if conn.kind == "au" and prefix == "de":
                conn_ok = True
            if second.kind == "de" and k + 3 < n and toks[k + 3].kind in _TIMEISH:
                second = toks[k + 3]  # "de 9h à de 12h" (typing noise)
            if (
                not conn_ok
                and hours_context
                and toks[k].kind == "time"
                and conn.kind in ("time", "noon")
            ):
                conn_ok, second = True, conn  # "9h 19h" with no connector
            if (
                not conn_ok
                and hours_context
                and toks[k].kind == "time"
                and conn.kind == "comma"
                and k + 2 < n
                and toks[k + 2].kind in ("time", "noon")
                and toks[k + 2].value > toks[k].value
            ):
                # « du mardi au samedi, dix heures, dix-neuf heures »: two times said one
                # after the other, a pause between them, open then close
                conn_ok, second = True, toks[k + 2]
            if (
                not conn_ok
                and hours_context
                and toks[k].kind == "time"
                and conn.kind == "comma"
                and k + 3 < n
                and toks[k + 2].kind in ("until", "endat")
                and toks[k + 3].kind in ("time", "noon")
            ):
                # « on ouvre tôt, six heures et demie, jusqu'à dix-neuf heures trente »: the
                # opening time, a pause, then when it closes
                conn_ok, second = True, toks[k + 3]
            if conn_ok and second.kind in _TIMEISH:
                first = toks[k]
                explicit = first.kind != "num" or second.kind != "num"
                bare_ok = prefix in ("de", "entre") or (
                    hours_context and conn.kind in ("dash", "to", "slash")
                )
                if explicit or bare_ok:
                    start_value = first.value
                    if second.period == "pm" and start_value + 12 * 60 < second.value:
                        start_value += 12 * 60  # "de 2h à 6h de l'après-midi"
                    fixed = _fix_range(
                        start_value,
                        second.value,
                        not explicit,
                        second.period == "am",
                        written=conn.kind in ("dash", "slash"),
                    )
                    if fixed is not None:
                        out.append(Token("range", first.text, ranges=(fixed,), pos=first.pos))
                        i = toks.index(second, k + 1) + 1
                        continue
        if tok.kind == "startat" and i + 1 < n and toks[i + 1].kind in _TIMEISH:
            out.append(Token("pstart", tok.text, value=toks[i + 1].value, pos=tok.pos))
            i += 2
            continue
        if tok.kind in ("until", "endat") and i + 1 < n and toks[i + 1].kind in _TIMEISH:
            value = toks[i + 1].value
            if value == 0:
                value = MIDNIGHT
            out.append(Token("pend", tok.text, value=value, pos=tok.pos))
            i += 2
            continue
        if tok.kind == "noon":
            out.append(Token("midi", tok.text, pos=tok.pos))  # a meal period, not a time
            i += 1
            continue
        if tok.kind in ("time", "num"):
            i += 1  # an isolated time (e.g. "intervention en 2h") says nothing about hours
            continue
        out.append(tok)
        i += 1
    # "dès 9h … jusqu'à 19h" → one range
    merged: list[Token] = []
    for tok in out:
        if tok.kind == "pend":
            back = len(merged) - 1
            while back >= 0 and merged[back].kind in (
                "and",
                "comma",
                "word",
                "open",
                "de",
                "am",
                "pm",
                "eve",
                "to",
            ):
                back -= 1
            if back >= 0 and merged[back].kind == "pstart":
                fixed = _fix_range(merged[back].value, tok.value, False)
                if fixed is not None:
                    start_tok = merged[back]
                    del merged[back:]
                    merged.append(
                        Token("range", start_tok.text, ranges=(fixed,), pos=start_tok.pos)
                    )
                    continue
        merged.append(tok)
    return _afternoon_ranges(merged)


def _afternoon_ranges(toks: list[Token]) -> list[Token]:
    """« huit heures midi, deux heures sept heures », « l'après-midi, de deux heures à sept
    heures »: a range in the small hours said after a morning that ends about noon, or after
    « l'après-midi », is the afternoon (14:00-19:00), never 02:00-07:00."""
    previous_end: int | None = None
    for index, tok in enumerate(toks):
        if tok.kind != "range" or len(tok.ranges) != 1:
            continue
        start, end = tok.ranges[0]
        small = start < 8 * 60 and start < end <= 12 * 60
        after_morning = previous_end is not None and 11 * 60 <= previous_end <= 14 * 60
        said_pm = any(t.kind == "pm" for t in toks[max(0, index - 3) : index])
        if small and (after_morning or said_pm):
            tok.ranges = ((start + 12 * 60, end + 12 * 60),)
        previous_end = tok.ranges[0][1]
    return toks
