"""What the receptionist knows how to answer from the business facts: opening hours (by day,
today, tomorrow, an hour), address, services and prices, FAQ, policies. Pure, no I/O.

An answer is None when the fact is not known: the receptionist then says so and offers to take a
message. It never invents a fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import holidays
from pydantic import ValidationError

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import WEEKDAYS, BusinessProfile, DayHours, Register, Weekday
from allokoli.sandbox.caller import weekday_of
from allokoli.sandbox.intents import Intent, Utterance, best_matches, content_words, read
from allokoli.sandbox.phrases import INFO_INTENTS
from allokoli.sandbox.speech import (
    join_fr,
    lower_name,
    say_minutes,
    say_phone,
    say_price,
    say_range,
    say_time,
    word_list,
)
from allokoli.understanding.normalize import fold
from allokoli.understanding.trade import trade_label

__all__ = ["OFFLINE_FACT", "OFFLINE_PRICE", "Answers", "Facts"]


@dataclass(frozen=True)
class Facts:
    """What the receptionist may say: the business profile and the assistant's own messages."""

    profile: BusinessProfile | None
    first_message: str | None = None
    end_call_message: str | None = None
    name: str | None = None
    owner_addition: str | None = None
    """Instructions the owner added to the prompt (``metadata.allokoliOwner``): the LLM reads
    them, this receptionist cannot; it says so when a question is only answered there."""
    tools: frozenset[str] = frozenset()
    """The names of the assistant's function tools."""

    @classmethod
    def from_assistant(cls, assistant: Mapping[str, Any]) -> Facts:
        metadata = assistant.get("metadata")
        raw = metadata.get("allokoliProfile") if isinstance(metadata, Mapping) else None
        profile: BusinessProfile | None = None
        if isinstance(raw, Mapping):
            try:
                profile = BusinessProfile.model_validate(raw)
            except ValidationError:
                profile = None
        first = assistant.get("firstMessage")
        end = assistant.get("endCallMessage")
        name = assistant.get("name")
        owner = metadata.get("allokoliOwner") if isinstance(metadata, Mapping) else None
        addition = owner.get("prompt_addition") if isinstance(owner, Mapping) else None
        model = assistant.get("model")
        raw_tools = model.get("tools") if isinstance(model, Mapping) else None
        tools = frozenset(
            str(t["function"]["name"])
            for t in (raw_tools if isinstance(raw_tools, list) else [])
            if isinstance(t, Mapping)
            and isinstance(t.get("function"), Mapping)
            and isinstance(t["function"].get("name"), str)
        )
        return cls(
            tools=tools,
            owner_addition=addition if isinstance(addition, str) and addition.strip() else None,
            profile=profile,
            first_message=first if isinstance(first, str) and first.strip() else None,
            end_call_message=end if isinstance(end, str) and end.strip() else None,
            name=name if isinstance(name, str) else None,
        )

    @property
    def company(self) -> str | None:
        return self.profile.company_name if self.profile else self.name

    @property
    def tutoiement(self) -> bool:
        return self.profile is not None and self.profile.tone.register is Register.TUTOIEMENT

    @property
    def who(self) -> str:
        if self.profile and self.profile.owner_name:
            return self.profile.owner_name
        return "quelqu'un de l'équipe"

    @property
    def is_restaurant(self) -> bool:
        return bool(
            self.profile and self.profile.sector and self.profile.sector.family == "restauration"
        )

    @property
    def books(self) -> bool:
        """The assistant books on the owner's agenda through its tools (live booking)."""
        return {"check_availability", "book_appointment"} <= self.tools

    @property
    def books_on_request(self) -> bool:
        """Each booking is a request the owner validates: never « confirmé »."""
        return self.profile is not None and self.profile.booking_mode == "request"

    @property
    def is_medical(self) -> bool:
        return bool(self.profile and self.profile.sector and self.profile.sector.family == "sante")

    def urgencies(self) -> tuple[str, ...]:
        """What is urgent for this business's trade (the catalogue's phrases)."""
        sector = self.profile.sector if self.profile else None
        return _urgencies(sector.family if sector else None, sector.subtype if sector else None)

    def vocabulary(self) -> list[str]:
        if self.profile is None:
            return []
        texts = [s.name for s in self.profile.services]
        texts += [item.question for item in self.profile.faq]
        if self.profile.owner_name:
            texts.append(self.profile.owner_name)
        return [word for text in texts for word in fold(text).replace("-", " ").split()]


@lru_cache(maxsize=256)
def _urgencies(family: str | None, subtype: str | None) -> tuple[str, ...]:
    return tuple(load_catalogue().urgencies(family, subtype))


_PRICED = (Intent.PRICE, Intent.SERVICES, Intent.DURATION)
OFFLINE_PRICE = (
    "En test hors ligne, je réponds à partir de votre fiche ; ajoutez ce tarif à vos prestations "
    "pour que je le connaisse."
)
OFFLINE_FACT = (
    "En test hors ligne, je réponds à partir de votre fiche ; ajoutez cette information à votre "
    "fiche pour que je la connaisse."
)


class Answers:
    """Answers to the caller's questions, for one turn of a conversation."""

    def __init__(
        self,
        facts: Facts,
        state: dict[str, Any],
        now: datetime,
        say: Callable[..., str],
    ) -> None:
        self.facts = facts
        self.profile = facts.profile
        self.st = state
        self.now = now
        self.say = say
        self.missing_fact = False
        """Set when an answer had to say that a fact is not known (a message is then offered)."""

    def info(self, u: Utterance) -> tuple[list[str], list[str]]:
        """(answers, unknown-fact sentences) for every information request of the utterance."""
        answers: list[str] = []
        unknown: list[str] = []
        profile = self.profile
        asked = [i for i in INFO_INTENTS if u.has(i)]
        service_hits = self.service_hits(u) if profile else []
        faq = self.faq(u, 85 if asked else 70) if profile else None
        if faq is not None:
            return [faq], []
        if (
            not asked
            and (u.days() or u.today or u.tomorrow or u.weekend)
            and (u.is_question or self.st.get("lastTopic") == Intent.HOURS.value)
            and not u.has(Intent.APPOINTMENT, Intent.MESSAGE)
        ):
            asked = [Intent.HOURS]
        if not asked and service_hits and not u.has(Intent.APPOINTMENT, Intent.MESSAGE):
            asked = [Intent.SERVICES]
        if not asked:
            return [], []
        if profile is None:
            return [], [self.say("no_facts")]
        handled_services = False
        for intent in asked:
            if intent in (Intent.PRICE, Intent.SERVICES, Intent.DURATION):
                if handled_services:
                    continue
                handled_services = True
                text = self._services_answer(u, service_hits)
            else:
                text = self._simple_answer(intent, u)
            self.st["lastTopic"] = intent.value
            if (text is None or self.missing_fact) and self.only_in_addition(u):
                unknown.append(OFFLINE_PRICE if intent in _PRICED else OFFLINE_FACT)
            elif text is None:
                unknown.append(self.say("unknown"))
            else:
                answers.append(text)
        return answers, list(dict.fromkeys(unknown))

    def only_in_addition(self, u: Utterance) -> bool:
        """The question names a word of the owner's added instructions (that only the LLM
        reads): « le déplacement » asked, « Tarifs : déplacement 45 € » added."""
        addition = self.facts.owner_addition
        if not addition:
            return False
        added = {w for w in content_words(read(addition).text) if len(w) >= 4}
        return any(w in added for w in u.content() if len(w) >= 4)

    def _simple_answer(self, intent: Intent, u: Utterance) -> str | None:
        p = self.profile
        assert p is not None
        if intent is Intent.HOURS:
            return self._hours_answer(u)
        if intent is Intent.ADDRESS:
            if p.address is None or not p.address.one_line:
                return None
            if p.address.street:
                return f"Nous sommes au {p.address.one_line}."
            return f"Nous sommes à {p.address.one_line}."
        if intent is Intent.AREA:
            return f"Notre zone d'intervention : {p.service_area}." if p.service_area else None
        if intent is Intent.PHONE:
            return (
                f"Notre numéro est le {say_phone(p.business_phone)}." if p.business_phone else None
            )
        if intent is Intent.EMAIL:
            return f"Notre adresse e-mail est {p.email}." if p.email else None
        if intent is Intent.WEBSITE:
            return f"Notre site internet : {p.website}." if p.website else None
        if intent is Intent.PAYMENT:
            return p.policies.payment
        if intent is Intent.CANCELLATION:
            return p.policies.cancellation
        if intent is Intent.DELIVERY:
            return p.policies.delivery
        if intent is Intent.SPECIALTIES:
            return f"Nos spécialités : {join_fr(p.specialties)}." if p.specialties else None
        if intent is Intent.ACTIVITY:
            label = trade_label(p.sector.subtype, p.sector.label) if p.sector else None
            label = label or _short_label(p.activity)
            if not label:
                return None
            if not label[:2].isupper():  # « ORL » keeps its capitals
                label = label[:1].lower() + label[1:]
            return f"Vous êtes chez {p.company_name} ({label})."
        return None

    def faq(self, u: Utterance, threshold: float) -> str | None:
        if self.profile is None or not self.profile.faq:
            return None
        questions = [read(item.question).text for item in self.profile.faq]
        hits = best_matches(u.content(), questions, threshold=threshold)
        if not hits:
            return None
        item = self.profile.faq[hits[0]]
        self.st["lastTopic"] = "faq"
        topics: list[str] = self.st.setdefault("topics", [])
        label = f"« {item.question} »"
        if label not in topics:
            topics.append(label)
        return item.answer

    def _service_names(self) -> list[str]:
        return [read(s.name).text for s in self.profile.services] if self.profile else []

    def service_hits(self, u: Utterance) -> list[int]:
        return best_matches(u.content(), self._service_names())

    def _price_of(self, index: int) -> str:
        assert self.profile is not None
        service = self.profile.services[index]
        note = (service.price_note or "").strip()
        if service.price_eur is None:
            return note or "tarif non communiqué"
        price = say_price(service.price_eur)
        if note and fold(note).startswith(("a partir", "des ", "dès")):
            return f"{note} {price}"
        return f"{price} ({note})" if note else price

    def _services_answer(self, u: Utterance, hits: list[int]) -> str | None:
        p = self.profile
        assert p is not None
        if not p.services:
            return None
        services = p.services
        if hits:
            named = [services[i] for i in hits[:4]]
            if u.has(Intent.DURATION):
                parts = [
                    f"{s.name} : environ {say_minutes(s.duration_minutes)}"
                    if s.duration_minutes
                    else f"{s.name} : je n'ai pas la durée"
                    for s in named
                ]
            elif u.has(Intent.PRICE):
                parts = [f"{services[i].name} : {self._price_of(i)}" for i in hits[:4]]
            else:
                offered = join_fr(
                    [f"{lower_name(services[i].name)} ({self._price_of(i)})" for i in hits[:4]]
                )
                return f"Oui, nous proposons {offered}."
            return " ; ".join(parts) + "."
        asked_words = [
            w for w in u.content() if w not in _SERVICE_QUESTION_WORDS and not w.isdigit()
        ]
        listing = join_fr(
            [f"{lower_name(s.name)} ({self._price_of(i)})" for i, s in enumerate(services[:8])]
        )
        more = " et d'autres prestations" if len(services) > 8 else ""
        if asked_words and (u.has(Intent.PRICE) or u.is_question):
            self.missing_fact = True
            return f"Je n'ai pas cette prestation dans ma liste. Nous proposons : {listing}{more}."
        return f"Nous proposons : {listing}{more}."

    def _hours_answer(self, u: Utterance) -> str | None:
        p = self.profile
        assert p is not None
        hours = p.opening_hours
        if hours is None or hours.is_empty:
            return None
        today = self.now.date()
        targets: list[tuple[str, Weekday, date | None]] = []
        if u.today:
            targets.append(("aujourd'hui", weekday_of(today), today))
        if u.tomorrow:
            day = today + timedelta(days=1)
            targets.append(("demain", weekday_of(day), day))
        if u.after_tomorrow:
            day = today + timedelta(days=2)
            targets.append(("après-demain", weekday_of(day), day))
        for when in u.dates(today):
            label = f"le {weekday_of(when).value} {when.day if when.day > 1 else '1er'}"
            targets.append((f"{label} {_MONTH_NAMES[when.month - 1]}", weekday_of(when), when))
        days = [d for d in u.days() if not any(t[1] == d and t[2] for t in targets)]
        if u.weekend:
            days = [*days, Weekday.SAMEDI, Weekday.DIMANCHE]
        if u.weekdays:
            days = [*days, *(Weekday(d) for d in WEEKDAYS[:5])]
        for day_name in dict.fromkeys(days):
            if not any(t[1] == day_name and t[2] is None for t in targets):
                targets.append((f"le {day_name.value}", day_name, None))
        if not targets:
            return self._week_summary()
        yes_no = len(targets) == 1 and _is_yes_no_hours(u)
        asked_closed = "ferm" in u.text and "ouvert" not in u.text
        at = u.time_of_day()
        if at is None and u.now and targets[0][2] == today:
            at = self.now.time().replace(second=0, microsecond=0)
        sentences = [
            self._day_sentence(
                label, day, when, at if len(targets) == 1 else None, yes_no, asked_closed
            )
            for label, day, when in targets
        ]
        if hours.by_appointment:
            sentences.append("Nous recevons aussi sur rendez-vous.")
        return " ".join(sentences)

    def _day_sentence(
        self,
        label: str,
        day: Weekday,
        when: date | None,
        at: time | None,
        yes_no: bool,
        asked_closed: bool,
    ) -> str:
        assert self.profile is not None and self.profile.opening_hours is not None
        hours = self.profile.opening_hours
        head = f"{label} {day.value}" if when is not None and day.value not in label else label
        if when is not None:
            for closure in hours.closures:
                if closure.start <= when <= (closure.end or closure.start):
                    why = f" ({closure.reason})" if closure.reason else ""
                    return _cap(f"{head}, nous sommes exceptionnellement fermés{why}.")
            holiday = _french_holidays(when.year).get(when)
            if holiday and not hours.open_on_public_holidays:
                return _cap(
                    f"{head}, c'est un jour férié ({holiday}) : je ne peux pas "
                    f"{'te' if self.facts.tutoiement else 'vous'} garantir "
                    "nos horaires ce jour-là."
                )
        entry = hours.for_day(day)
        if entry is None:
            return f"Je n'ai pas les horaires du {day.value}."
        is_open = bool(entry.ranges)
        if at is not None and is_open:
            inside = any(_contains(r.start, r.end, at) for r in entry.ranges)
            prefix = _yes_no_prefix(inside, asked_closed) if yes_no else ""
            moment = f"{head} à {say_time(at)}"
            if inside:
                return _cap(f"{prefix}{moment}, nous sommes ouverts ({_ranges(entry)}).")
            return _cap(
                f"{prefix}{moment}, nous sommes fermés ; nous sommes ouverts {_ranges(entry)}."
            )
        prefix = _yes_no_prefix(is_open, asked_closed) if yes_no else ""
        if not is_open:
            return _cap(f"{prefix}{head}, nous sommes fermés.")
        return _cap(f"{prefix}{head}, nous sommes ouverts {_ranges(entry)}.")

    def _week_summary(self) -> str:
        assert self.profile is not None and self.profile.opening_hours is not None
        hours = self.profile.opening_hours
        known = list(hours.days)
        groups: list[tuple[list[DayHours], bool]] = []
        for entry in known:
            key = [(r.start, r.end) for r in entry.ranges]
            if (
                groups
                and [(r.start, r.end) for r in groups[-1][0][-1].ranges] == key
                and groups[-1][0][-1].day.index + 1 == entry.day.index
            ):
                groups[-1][0].append(entry)
            else:
                groups.append(([entry], bool(entry.ranges)))
        open_parts = [f"{_days_label(g)} {_ranges(g[0])}" for g, is_open in groups if is_open]
        closed_days = [entry for g, is_open in groups if not is_open for entry in g]
        sentences = []
        if open_parts:
            sentences.append(f"Nous sommes ouverts {join_fr(open_parts)}.")
        if closed_days:
            sentences.append(
                f"Nous sommes fermés {join_fr([f'le {d.day.value}' for d in closed_days])}."
            )
        if hours.by_appointment:
            sentences.append(
                "Nous recevons aussi sur rendez-vous."
                if open_parts
                else "Nous recevons uniquement sur rendez-vous."
            )
        if hours.note:
            sentences.append(hours.note.rstrip(".") + ".")
        return " ".join(sentences)

    def slot_problem(self, u: Utterance) -> str | None:
        """A sentence when the caller asks for a day or an hour the business is closed."""
        p = self.profile
        if p is None or p.opening_hours is None:
            return None
        days = u.days()
        if u.today:
            days.append(weekday_of(self.now.date()))
        if u.tomorrow:
            days.append(weekday_of(self.now.date() + timedelta(days=1)))
        if len(days) != 1:
            return None
        entry = p.opening_hours.for_day(days[0])
        if entry is None:
            return None
        if not entry.ranges:
            if p.opening_hours.by_appointment:
                return None
            return self.say("slot_closed", day=days[0].value)
        at = u.time_of_day()
        if at is not None and not any(_contains(r.start, r.end, at) for r in entry.ranges):
            return self.say("slot_out_of_hours", day=days[0].value, ranges=_ranges(entry))
        return None


# --- helpers -----------------------------------------------------------------------------------

_SERVICE_QUESTION_WORDS = frozenset(
    word_list(
        "prix combien tarif tarifs coute coutent cout couts cher chere euros euro services service "
        "prestations prestation proposez propose faites carte menu soins quoi liste quels quelles "
        "quel quelle avez vos votre ?"
    )
)


_MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _contains(start: time, end: time, at: time) -> bool:
    if end == time(0, 0) or end < start:  # until midnight, or past it (17:00-02:00)
        return at >= start
    return start <= at < end


def _ranges(entry: DayHours) -> str:
    return join_fr([say_range(r.start, r.end) for r in entry.ranges])


def _days_label(group: list[DayHours]) -> str:
    if len(group) >= 3:
        return f"du {group[0].day.value} au {group[-1].day.value}"
    return join_fr([f"le {d.day.value}" for d in group])


def _is_yes_no_hours(u: Utterance) -> bool:
    if not re.search(r"\bouvert|\bferm|\bouvr", u.text):
        return False
    return not re.search(
        r"\bhoraires?\b|quelle heure|jusqu'a quand|a partir de quand|des quand", u.text
    )


def _yes_no_prefix(is_open: bool, asked_closed: bool) -> str:
    return "Oui, " if is_open != asked_closed else "Non, "


@lru_cache(maxsize=8)
def _french_holidays(year: int) -> Mapping[date, str]:
    days: Mapping[date, str] = holidays.country_holidays("FR", years=year, language="fr")
    return days


def _short_label(activity: str | None) -> str | None:
    """A stored activity that is a label (a few words), not an owner's message (older profiles)."""
    text = (activity or "").strip().rstrip(".")
    return text if text and len(text) <= 60 and len(text.split()) <= 6 else None
