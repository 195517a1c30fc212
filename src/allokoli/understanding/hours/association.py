"""Association: which ranges, closures and partial times belong to which days. The composed
tokens become a :class:`Delta`, what the text says before it is applied to a week.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from allokoli.understanding.hours.clock import MIDNIGHT
from allokoli.understanding.hours.tokens import Token

__all__ = ["Association", "Delta"]


def _next(toks: list[Token], i: int, kinds: Iterable[str] = ()) -> int:
    """Index of the next token after ``i`` skipping the given kinds."""
    skip = set(kinds)
    j = i + 1
    while j < len(toks) and toks[j].kind in skip:
        j += 1
    return j


def _kind_at(toks: list[Token], j: int, kind: str) -> bool:
    return j < len(toks) and toks[j].kind == kind


@dataclass(slots=True)
class Delta:
    """What a text says about opening hours, before it is applied to a week."""

    assigned: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    closed: set[int] = field(default_factory=set)
    pstart: dict[int, int] = field(default_factory=dict)
    pend: dict[int, int] = field(default_factory=dict)
    free_pstart: int | None = None
    free_pend: int | None = None
    period_closed: dict[int, str] = field(default_factory=dict)
    open_no_hours: list[tuple[frozenset[int], str | None]] = field(default_factory=list)
    mentioned_no_hours: list[tuple[frozenset[int], str | None]] = field(default_factory=list)
    orphan_ranges: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[tuple[frozenset[int], int, int]] = field(default_factory=list)
    """« fermé entre 12h et 14h »: taken out of the days named (every open day when none)."""
    by_appointment: bool = False
    holidays_open: bool | None = None
    h24: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.assigned
            or self.closed
            or self.pstart
            or self.pend
            or self.free_pstart is not None
            or self.free_pend is not None
            or self.period_closed
            or self.open_no_hours
            or self.mentioned_no_hours
            or self.orphan_ranges
            or self.breaks
            or self.by_appointment
            or self.holidays_open is not None
            or self.notes
        )


class Association:
    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.d = Delta()
        self.pending_days: set[int] = set()
        self.pending_period: str | None = None
        self.pending_open = False
        self.pending_ranges: list[tuple[int, int]] = []
        self.orphans: list[tuple[int, int]] = []
        self.recent_period: str | None = None
        """A period word just said (« et l'après-midi de 16h à 19h »)."""
        self.range_period: str | None = None
        """The period of the last range added to days that already had hours."""
        """Ranges for no named day, set aside when a later day gets its own hours."""
        self.last_days: set[int] = set()
        self.last_was_range = False
        # « le vendredi pareil mais on finit à 16h »: the days said « the same », for the bound
        # that follows
        self.same_days: set[int] = set()
        self.closed_mode = False
        self.except_mode: str | None = None  # "subtract" | "override" | "restrict"
        self.except_days: set[int] = set()
        self.except_period: str | None = None
        self.except_periods: dict[int, str] = {}
        self.consumed: set[int] = set()
        self.t_first_days: set[int] = set()
        self.restrict_days: set[int] = set()
        self.restated: set[int] = set()
        """Days named again after they got hours: their next ranges replace the earlier ones
        (« du mardi au samedi 10h-19h… ah non le samedi c'est 10h-12h »)."""

        self.postposed = self._days_after_last_range()
        """The text names the days after their hours (« 6h-23h en semaine, 8h-20h le
        week-end »): each range goes with the days right after it."""

    def _days_after_last_range(self) -> bool:
        """Does the last range have its days right after it, at the end of the text, and does
        another range come before it? Then every range is said before its days."""
        ranges = [i for i, t in enumerate(self.toks) if t.kind in ("range", "h24")]
        if len(ranges) < 2:
            return False
        j = _next(self.toks, ranges[-1], ("word", "de", "to"))
        if j >= len(self.toks) or self.toks[j].kind != "days":
            return False
        rest = self.toks[j + 1 :]
        return all(t.kind in ("bound", "comma", "word") for t in rest) and all(
            self._days_right_after(i) is not None for i in ranges
        )

    def _days_right_after(self, i: int) -> int | None:
        j = _next(self.toks, i, ("word", "de", "to"))
        if j < len(self.toks) and self.toks[j].kind == "days":
            return j
        return None

    # helpers
    def _assign(self, days: Iterable[int], ranges: list[tuple[int, int]]) -> None:
        for day in days:
            if day in self.restated:
                self.restated.discard(day)
                earlier = self.d.assigned.get(day, [])
                if any(a < d and c < b for a, b in earlier for c, d in ranges):
                    self.d.assigned[day] = []  # overlapping hours restate the day

            self.d.assigned.setdefault(day, [])
            for r in ranges:
                if r not in self.d.assigned[day]:
                    self.d.assigned[day].append(r)
            self.d.closed.discard(day)

    def _range_follows(self, i: int) -> bool:
        j = i + 1
        while j < len(self.toks):
            kind = self.toks[j].kind
            if kind in ("range", "h24"):
                return True
            # (« le lundi j'ouvre de 14h à 19h »: opening is how the range is said)
            if kind in ("days", "bound", "closed", "except"):
                return False
            j += 1
        return False

    def _listed_after(self, i: int) -> list[int]:
        """The day tokens listed right after the one at ``i`` (« le mardi, jeudi et samedi »),
        up to one with its own hours or closed (« …, le dimanche de 9h à 12h »)."""
        out: list[int] = []
        j = i + 1
        while True:
            k = j
            while k < len(self.toks) and (
                self.toks[k].kind in ("comma", "and")
                or (self.toks[k].kind == "word" and self.toks[k].text in ("le", "les", "la"))
            ):
                k += 1
            if k == j or k >= len(self.toks) or self.toks[k].kind != "days":
                return out
            if self._range_follows(k) or self._closing(k) or self._list_has_range(k):
                return out
            out.append(k)
            j = k + 1

    def _period_of_day_before(self, i: int) -> str | None:
        """The period said with the day token that opens the clause of ``i`` (« le samedi midi
        on est fermés »), or None when a comma or another token parts them."""
        j = i - 1
        while j >= 0 and self.toks[j].kind == "word":
            j -= 1
        return self.toks[j].period if j >= 0 and self.toks[j].kind == "days" else None

    def _list_has_range(self, k: int) -> bool:
        """Do the days listed from ``k`` on, without an article between them, end on hours of
        their own (« …, samedi et dimanche 9h-20h »)?"""
        j = k + 1
        while j < len(self.toks) and self.toks[j].kind in ("days", "and", "comma"):
            j += 1
        return j < len(self.toks) and self.toks[j].kind in ("range", "h24")

    def _closing(self, i: int) -> bool:
        """Is the day token at ``i`` (with the days linked to it) closed right after
        (« dimanche et lundi fermé »)?"""
        j = _next(self.toks, i, ("word", "and", "days"))
        if j >= len(self.toks) or self.toks[j].kind != "closed":
            return False
        after = _next(self.toks, j, ("word",))
        # « …du mardi au samedi, fermé dimanche »: « fermé » goes with the days after it;
        # « du lundi au vendredi avec une coupure de 12h à 14h »: a break, the days stay open
        return after >= len(self.toks) or self.toks[after].kind not in ("days", "range")

    def _range_right_after(self, i: int) -> bool:
        """A range right after a day ("fermé le lundi, mardi 9h-12h"): that day is open."""
        j = _next(self.toks, i, ("word", "de", "to"))
        return j < len(self.toks) and self.toks[j].kind in ("range", "h24")

    def _close_days(self, days: Iterable[int], period: str | None) -> None:
        for day in days:
            if period in ("am", "pm", "eve", "midi"):
                self.d.period_closed[day] = period
            else:
                self.d.closed.add(day)
                self.d.assigned.pop(day, None)

    def _flush_except(self) -> None:
        if self.except_mode is not None and self.except_days:
            # « sauf dimanche soir et lundi »: each day with its own period
            plain = self.except_days - set(self.except_periods)
            period = self.except_period
            if period is None and self.except_mode == "override":
                # « le matin de 8h à 13h, et l'après-midi de 16h à 19h sauf le dimanche »:
                # the exception takes back the afternoon only
                period = self.range_period
            self._close_days(plain, period)
            for day, period in self.except_periods.items():
                if day in self.except_days:
                    self._close_days({day}, period)
        self.except_mode = None
        self.except_days = set()
        self.except_period = None
        self.except_periods = {}

    def _record_pending(self) -> None:
        """Days mentioned without hours: kept for the notes."""
        if self.pending_days:
            entry = (frozenset(self.pending_days), self.pending_period)
            if self.pending_open:
                self.d.open_no_hours.append(entry)
            else:
                self.d.mentioned_no_hours.append(entry)
        self.pending_days = set()
        self.pending_period = None

    def _flush_ranges_to_t_first(self) -> None:
        """'de 9h à 12h du lundi au samedi et de 14h à 18h (sauf le samedi)': later ranges
        without days belong to the days of the previous "hours then days" group."""
        if self.pending_ranges and self.t_first_days:
            targets = self.t_first_days - self.restrict_days
            if targets:
                self._assign(targets, self.pending_ranges)
                self.pending_ranges = []
        self.restrict_days = set()

    def _flush_pending(self) -> None:
        if self.except_mode == "restrict":
            self.restrict_days = set(self.except_days)
            self.except_mode = None
            self.except_days = set()
            self.except_periods = {}
        self._flush_except()
        self._flush_ranges_to_t_first()
        self._record_pending()
        self.pending_open = False
        self.closed_mode = False

    def _own_partial(self, i: int) -> bool:
        """A day token followed by its own opening or closing time ("le dimanche on ferme à
        13h"), after a link word, or by its own time range after a comma."""
        before = self.toks[i - 1].kind if i > 0 else ""
        if before == "word" and i > 1:
            before = self.toks[i - 2].kind
        j = _next(self.toks, i, ("word", "de", "to"))
        if j >= len(self.toks) or before not in ("and", "comma"):
            return False
        if self.toks[j].kind in ("pend", "pstart"):
            return True
        # "6h30-19h30 sauf mercredi, dimanche 6h30-13h": after a comma, a day with its own
        # time range starts a new statement (after "et" the range may be the others' hours)
        return before == "comma" and self.toks[j].kind == "range"

    def _own_days(self, i: int, ranges: list[tuple[int, int]]) -> int | None:
        """The day token right after the range at ``i`` when that range overlaps the hours the
        last days already have (so it cannot be another range of theirs) and the days after it
        have no hours of their own."""
        after = self._days_right_after(i)
        if after is None or self._range_follows(after):
            return None
        known = [r for day in self.last_days for r in self.d.assigned.get(day, [])]
        overlaps = any(a < d and c < b for a, b in known for c, d in ranges)
        return after if overlaps else None

    def _shares_period_and_bound(self, i: int) -> bool:
        """Do the days pending and the day token at ``i``, joined by « et », share its period
        and the time said right after (« le vendredi et le samedi soir on va jusqu'à 23h »)?"""
        j = i - 1
        while j >= 0 and self.toks[j].kind == "word" and self.toks[j].text in ("le", "les", "la"):
            j -= 1
        if j < 0 or self.toks[j].kind != "and" or self.pending_period is not None:
            return False
        k = _next(self.toks, i, ("word",))
        return k < len(self.toks) and self.toks[k].kind in ("pend", "pstart")

    def _days_ahead(self, i: int) -> int | None:
        """Index of a day token right after a partial time ("on ouvre à 10h le mardi")."""
        j = i + 1
        while j < len(self.toks) and self.toks[j].kind in ("word", "de", "to", "comma"):
            j += 1
        if j < len(self.toks) and self.toks[j].kind == "days" and not self._range_follows(j):
            return j
        return None

    def run(self) -> Delta:
        toks = self.toks
        for i, tok in enumerate(toks):
            if i in self.consumed:
                continue
            kind = tok.kind
            if kind == "days":
                self.same_days = set()
                if self.except_mode is not None and self._own_partial(i):
                    # "tous les jours sauf le mercredi, et le dimanche on ferme à 13h": the
                    # exception ends where a day gets its own closing or opening time
                    self._flush_pending()
                    # hours stated before for no day stay everyone else's, not that day's
                    self.orphans.extend(self.pending_ranges)
                    self.pending_ranges = []
                if self.except_mode is not None:
                    if self.except_mode == "subtract":
                        self.pending_days -= tok.days
                        self.except_days |= tok.days
                        self.except_period = tok.period
                        if tok.period is not None:
                            self.except_periods.update(dict.fromkeys(tok.days, tok.period))
                    else:
                        self.except_days |= tok.days
                        self.except_period = tok.period
                        if tok.period is not None:
                            self.except_periods.update(dict.fromkeys(tok.days, tok.period))
                    continue
                if self.closed_mode and not self._range_right_after(i):
                    self._close_days(tok.days, tok.period)
                    continue
                if self._range_follows(i) and len(tok.days) <= 2:
                    # one or two days named again: a correction of those days, not another
                    # schedule (« 24h/24 avec badge, l'accueil du lundi au vendredi 10h-20h »)
                    self.restated |= {d for d in tok.days if d in self.d.assigned}
                self.closed_mode = False
                if (
                    self.pending_ranges
                    and not self.pending_days
                    and self._closing(i)
                    and self.d.mentioned_no_hours
                    and self.d.mentioned_no_hours[-1][1] is None
                ):
                    # « Du mardi au samedi. De 12h à 14h et de 19h30 à 22h. Dimanche et lundi
                    # fermé. »: the days being closed take no hours; the days said just
                    # before without any take them
                    days_before, _period = self.d.mentioned_no_hours.pop()
                    self._assign(days_before, self.pending_ranges)
                    self.last_days = set(days_before)
                    self.pending_ranges = []
                if (
                    self.pending_ranges
                    and not self.pending_days
                    and not self._closing(i)
                    # « de 9h à 19h, fermé le lundi. le dimanche on est ouvert de 9h à 13h »:
                    # after days closed, a day with hours of its own does not take the week's
                    and not (self.d.closed and self._range_follows(i))
                ):
                    self._assign(tok.days, self.pending_ranges)
                    self.last_days = set(tok.days)
                    self.t_first_days = set(tok.days)
                    # « 6h30 à 19h30 le mardi, jeudi, vendredi et samedi, le dimanche de 6h30
                    # à 13h »: the days listed after it share the hours said first, up to one
                    # that has its own
                    for k in self._listed_after(i):
                        self._assign(toks[k].days, self.pending_ranges)
                        self.last_days |= toks[k].days
                        self.t_first_days |= toks[k].days
                        self.consumed.add(k)
                    self.pending_ranges = []
                    self.last_was_range = False
                    continue
                if self.last_was_range:
                    self.last_was_range = False
                    self.pending_days = set()
                if (
                    self.pending_days
                    and tok.period != self.pending_period
                    and not self._range_follows(i)
                    and not self._shares_period_and_bound(i)
                ):
                    # "du mardi au samedi midi et soir, le dimanche midi": two statements
                    self._record_pending()
                self.pending_days |= tok.days
                if tok.period is not None:
                    self.pending_period = tok.period
                continue
            if kind in ("range", "h24"):
                self.range_period = None
                ranges = list(tok.ranges) if kind == "range" else [(0, MIDNIGHT)]
                if kind == "h24":
                    self.d.h24 = True
                if self.except_mode == "override" and self.except_days:
                    # "9h-20h, sauf le mercredi 14h-18h": the exception's hours replace those
                    for day in self.except_days:
                        self.d.assigned[day] = []
                    self._assign(self.except_days, ranges)
                    self.last_days = set(self.except_days)
                    self.except_mode = None
                    self.except_days = set()
                    self.except_periods = {}
                    self.last_was_range = True
                elif self.except_mode == "subtract" and self.except_days:
                    # "tous les jours sauf le lundi de 9h à 19h": the range is for the others
                    self._flush_except()
                    if self.pending_days:
                        self._assign(self.pending_days, ranges)
                        self.last_days = set(self.pending_days)
                        self.pending_days = set()
                        self.pending_period = None
                        self.pending_open = False
                    else:
                        self.pending_ranges.extend(ranges)
                    self.last_was_range = True
                elif self.postposed and (after := self._days_right_after(i)) is not None:
                    # « 7/7, 6h-23h en semaine, 8h-20h le week-end »: the days after the range
                    # are its own; days said before it for no hours only said « open »
                    self._assign(toks[after].days, ranges)
                    self.consumed.add(after)
                    self.last_days = set(toks[after].days)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                    self.last_was_range = True
                elif (
                    kind == "h24"
                    and (every := _next(toks, i, ("word", "de", "to", "comma"))) < len(toks)
                    and toks[every].kind == "days"
                    and len(toks[every].days) == 7
                ):
                    # « la nuit, le dimanche, donc 24 heures sur 24, tous les jours »: the
                    # days said before were examples; the whole week round the clock
                    self._assign(toks[every].days, ranges)
                    self.consumed.add(every)
                    self.last_days = set(toks[every].days)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                    self.last_was_range = True
                elif self.pending_days:
                    self._assign(self.pending_days, ranges)
                    self.last_days = set(self.pending_days)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                    self.last_was_range = True
                elif (
                    self.last_was_range and self.last_days and (after := self._own_days(i, ranges))
                ):
                    # « du lundi au vendredi 9h-18h, 9h-21h le jeudi »: a range that overlaps
                    # the days' own is not a second one of theirs, but the hours of the days
                    # named right after it
                    self.restated |= {d for d in toks[after].days if d in self.d.assigned}
                    self._assign(toks[after].days, ranges)
                    self.consumed.add(after)
                    self.last_days = set(toks[after].days)
                elif self.last_was_range and self.last_days:
                    self._assign(self.last_days, ranges)
                    self.range_period = self.recent_period
                else:
                    self.pending_ranges.extend(ranges)
                    self.last_was_range = False
                self.closed_mode = False
                self.recent_period = None
                continue
            if kind in ("pstart", "pend"):
                target: set[int] = set()
                if self.except_mode == "override" and self.except_days:
                    target = set(self.except_days)
                    self.except_mode = None
                    self.except_days = set()
                    self.except_periods = {}
                elif self.same_days:
                    target = set(self.same_days)
                    self.same_days = set()
                elif self.pending_days:
                    target = set(self.pending_days)
                    self._flush_except()  # "tous les soirs sauf le dimanche à partir de 19h"
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                if target:
                    store = self.d.pstart if kind == "pstart" else self.d.pend
                    for day in target:
                        store[day] = tok.value
                    self.last_days = target
                else:
                    ahead = self._days_ahead(i)
                    if ahead is not None:
                        store = self.d.pstart if kind == "pstart" else self.d.pend
                        for day in toks[ahead].days:
                            store[day] = tok.value
                        self.last_days = set(toks[ahead].days)
                        self.consumed.add(ahead)
                    elif kind == "pstart":
                        self.d.free_pstart = tok.value
                    else:
                        self.d.free_pend = tok.value
                continue
            if kind == "closed":
                if self.except_mode is not None:
                    continue
                nxt = _next(toks, i, ("word", "de", "to", "and", "comma"))
                nxt_kind = toks[nxt].kind if nxt < len(toks) else "end"
                if (
                    self.pending_days
                    and self.pending_period in ("am", "pm", "eve", "midi")
                    and nxt_kind != "range"
                    # (« mettez fermé le samedi »: the days named after it are closed)
                    and not _kind_at(toks, _next(toks, i, ("word",)), "days")
                    and self._period_of_day_before(i) == self.pending_period
                ):
                    # « le samedi midi on est fermés, que le soir »: the day's own period
                    for day in self.pending_days:
                        self.d.period_closed[day] = self.pending_period
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                elif nxt_kind in ("am", "pm", "eve"):
                    # "le lundi on est fermé le matin"
                    target = self.pending_days or self.last_days
                    for day in target:
                        self.d.period_closed[day] = nxt_kind
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                elif nxt_kind == "range":
                    # "du lundi au vendredi 9h-18h (fermé entre 12h et 14h)", "le samedi fermé
                    # de 12h à 14h": a break
                    days = frozenset(self.pending_days)
                    self.d.breaks.extend((days, a, b) for a, b in toks[nxt].ranges)
                    self.consumed.add(nxt)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                elif nxt_kind == "days" and not self._range_follows(nxt):
                    # "ouvert du lundi au samedi, fermé le dimanche": closes what follows; and
                    # "le samedi fermé, le dimanche fermé": the days before it too
                    if self.pending_days and not self.pending_open:
                        self._close_days(self.pending_days, self.pending_period)
                        self.pending_days = set()
                        self.pending_period = None
                    self._flush_pending()
                    self.closed_mode = True
                elif self.pending_days:
                    self._close_days(self.pending_days, self.pending_period)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                    self.closed_mode = False
                else:
                    self.closed_mode = True
                continue
            if kind == "same":
                # « le vendredi pareil »: the days take the hours said for the days before
                known = [d for d in sorted(self.last_days) if self.d.assigned.get(d)]
                if self.pending_days and known:
                    ranges = list(self.d.assigned[known[0]])
                    self._assign(self.pending_days, ranges)
                    self.last_days = set(self.pending_days)
                    self.same_days = set(self.pending_days)
                    self.pending_days = set()
                    self.pending_period = None
                    self.pending_open = False
                    self.last_was_range = True
                continue
            if kind == "open":
                self.closed_mode = False
                self.pending_open = True
                continue
            if kind == "except":
                self.closed_mode = False
                if self.pending_days:
                    self.except_mode = "subtract"
                elif self.last_days and self.last_was_range:
                    self.except_mode = "override"
                elif self.pending_ranges and self.t_first_days:
                    self.except_mode = "restrict"
                else:
                    self.except_mode = "subtract"  # "9h-19h sauf le dimanche": closed
                self.except_days = set()
                self.except_periods = {}
                continue
            if kind == "rdv":
                self.d.by_appointment = True
                continue
            if kind == "holopen":
                self.d.holidays_open = True
                continue
            if kind == "holclosed":
                self.d.holidays_open = False
                continue
            if kind == "bound":
                self._flush_pending()
                self.last_was_range = False
                self.recent_period = None
                continue
            if kind in ("am", "pm", "eve"):
                self.recent_period = kind
            if (
                kind in ("am", "pm", "eve", "midi")
                and self.pending_days
                and not self.pending_period
            ):
                self.pending_period = kind
                continue
            # connectors and filler words never break a group
        self._flush_pending()
        self.d.orphan_ranges = self.orphans + [
            r for r in self.pending_ranges if r not in self.orphans
        ]
        return self.d
