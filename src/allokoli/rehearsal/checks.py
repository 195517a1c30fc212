"""The deterministic checks of one rehearsed conversation. Pure, no I/O.

Replies are compared after French number normalisation (« neuf heures trente » and « 9h30 »
are the same time, « vingt-quatre euros cinquante » and « 24,50 € » the same price), with the
understanding layer's `words_to_digits`. Each problem is one plain French sentence for the owner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from allokoli.domain.profile import BusinessProfile, Register, normalize_french_phone
from allokoli.rehearsal.scenarios import EMERGENCY_NUMBERS, Scenario, ToolExpectation
from allokoli.understanding.normalize import fold, words_to_digits


@dataclass(frozen=True)
class Turn:
    caller: str
    reply: str
    tool_calls: tuple[tuple[str, dict[str, Any]], ...] = ()
    transfer_to: str | None = None


@dataclass(frozen=True)
class Spoken:
    """The numbers of a text, normalised: times as "HH:MM", prices in euros, every integer."""

    times: frozenset[str]
    prices: frozenset[float]
    integers: frozenset[int]


#: Tools whose answers come from the owner's agenda (slots, dates, references).
AGENDA_TOOLS = frozenset({"check_availability", "book_appointment", "cancel_appointment"})

_TIME_RE = re.compile(r"\b(\d{1,2}) ?(?:h|heures?)\b(?: ?(\d{2})\b)?")
_PRICE_RE = re.compile(r"\b(\d+)(?:[,.](\d{1,2}))? ?(?:€|euros?\b)(?: ?(\d{1,2})\b)?")
_INT_RE = re.compile(r"\d+")


def spoken(text: str) -> Spoken:
    """The times, prices and integers a French text says, in words or in digits."""
    text = re.sub(r"\bmidi\b", "12 heures", text, flags=re.IGNORECASE)
    text = re.sub(r"\bminuit\b", "0 heures", text, flags=re.IGNORECASE)
    low = fold(words_to_digits(text))
    low = re.sub(r"(?<=\d)h(?=\d)", " h ", low)
    times = {
        f"{int(m.group(1)) % 24:02d}:{int(m.group(2) or 0):02d}" for m in _TIME_RE.finditer(low)
    }
    prices = set()
    for m in _PRICE_RE.finditer(low):
        cents = m.group(2) or m.group(3) or "0"
        cents = cents + "0" if len(cents) == 1 and m.group(2) else cents
        prices.add(round(int(m.group(1)) + int(cents) / 100, 2))
    integers = {int(n) for n in _INT_RE.findall(low)}
    return Spoken(frozenset(times), frozenset(prices), frozenset(integers))


def _ints(text: str | None) -> set[int]:
    return set(spoken(text).integers) if text else set()


def allowed_numbers(
    profile: BusinessProfile | None, today: date, extra_texts: Iterable[str] = ()
) -> set[int]:
    """Every integer the facts (and what the caller said) may make the assistant say."""
    allowed: set[int] = {today.day, today.year, today.year + 1, *map(int, EMERGENCY_NUMBERS)}
    allowed |= {116, 117}  # the out-of-hours medical line, in the health family's rules
    for text in extra_texts:
        allowed |= _ints(text)
    if profile is None:
        return allowed
    hours = profile.opening_hours
    if hours is not None:
        for entry in hours.days:
            for r in entry.ranges:
                for t in (r.start, r.end):
                    allowed |= {t.hour, t.minute, t.hour % 12, 24 if t.hour == 0 else t.hour}
        for closure in hours.closures:
            for d in (closure.start, closure.end):
                if d is not None:
                    allowed |= {d.day, d.month, d.year}
            allowed |= _ints(closure.reason)
        allowed |= _ints(hours.note)
    for service in profile.services:
        if service.price_eur is not None:
            cents = round(service.price_eur * 100)
            allowed |= {cents // 100, cents % 100}
        if service.duration_minutes is not None:
            allowed |= {service.duration_minutes, *divmod(service.duration_minutes, 60)}
        allowed |= _ints(service.name) | _ints(service.price_note)
    for phone in (profile.business_phone, profile.transfer_number):
        if phone:
            allowed |= _phone_groups(phone)
    if profile.address is not None:
        allowed |= _ints(profile.address.street) | _ints(profile.address.postal_code)
    texts: list[str | None] = [
        profile.company_name,
        profile.activity,
        profile.service_area,
        profile.transfer_when,
        profile.notes,
        profile.email,
        str(profile.website) if profile.website else None,
        profile.policies.cancellation,
        profile.policies.payment,
        profile.policies.delivery,
        *profile.specialties,
        *(f"{item.question} {item.answer}" for item in profile.faq),
    ]
    for fact in texts:
        allowed |= _ints(fact)
    return allowed


def _phone_groups(e164: str) -> set[int]:
    national = "0" + e164[3:] if e164.startswith("+33") else e164.lstrip("+")
    pairs = [national[i : i + 2] for i in range(0, len(national), 2)]
    return {int(p) for p in pairs if p} | {int(national)}


def _e164(value: Any) -> str | None:
    try:
        return normalize_french_phone(str(value))
    except ValueError:
        return None


_TU_RE = re.compile(r"(?<!-)\b(tu|te|toi|ton|ta|tes|tiens|peux-tu|veux-tu)\b|\bt'")
_VOUS_RE = re.compile(r"(?<!-)\bvous\b|\bvotre\b|\bvos\b")  # not « rendez-vous »
_ENGLISH_RE = re.compile(r"\b(the|you|your|please|sorry|hello|thank|what|how|can|help)\b")
_FRENCH_RE = re.compile(r"\b(je|vous|tu|nous|le|la|les|de|du|des|un|une|est|et|pour|pas)\b")
_DISCLOSURE_RE = re.compile(
    r"virtuel|virtuelle|intelligence artificielle|assistant vocal|assistante vocale|automatique"
    r"|\bia\b|\brobot\b"
)
_MESSAGE_RE = re.compile(r"\bmessage\b")
_ADVICE_RE = re.compile(
    r"paracetamol|doliprane|ibuprofene|aspirine|comprime|posologie|allongez|allonge-le|"
    r"allonge-la|donnez-lui|prenez (un|du|de)|massez|mettez-le|mettez-la|boire de l'eau"
)
_INSULT_RE = re.compile(r"\bidiots?\b|\bnuls?\b|\bcons?\b")


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)


def _fmt_price(value: float) -> str:
    return (f"{value:.2f}".replace(".", ",") + " €").replace(",00 €", " €")


def check(
    scenario: Scenario,
    turns: list[Turn],
    profile: BusinessProfile | None,
    today: date,
    spoken_facts: Iterable[str] = (),
) -> Verdict:
    """Every deterministic check of one conversation. `spoken_facts` are texts the assistant may
    quote word for word (its first message, its FAQ answers): numbers in them are allowed."""
    verdict = Verdict()
    if not turns:
        verdict.add("L'assistant n'a pas répondu.")
        return verdict
    replies = " ".join(t.reply for t in turns)
    folded = fold(replies)
    said = spoken(replies)
    expect = scenario.expect

    if not replies.strip():
        verdict.add("L'assistant n'a rien dit.")
    for fact in expect.says:
        if fact.endswith("€"):
            amount = float(fact.rstrip(" €"))
            if not any(abs(amount - p) < 0.005 for p in said.prices):
                verdict.add(f"Le prix attendu ({_fmt_price(amount)}) n'a pas été annoncé.")
        elif re.fullmatch(r"\d{2}:\d{2}", fact):
            if fact not in said.times and not (fact == "00:00" and "minuit" in folded):
                verdict.add(f"L'horaire attendu ({fact.replace(':', 'h')}) n'a pas été annoncé.")
        elif fold(fact) not in folded:
            verdict.add(f"L'information attendue (« {fact} ») n'a pas été donnée.")
    if expect.says_any:
        wanted = [fold(w) for w in expect.says_any]
        hit = any((int(w) in said.integers) if w.isdigit() else (w in folded) for w in wanted)
        if not hit:
            shown = " ou ".join(f"« {w} »" for w in expect.says_any)
            verdict.add(f"La réponse attendue ({shown}) n'a pas été donnée.")

    caller_texts = [t.caller for t in turns]
    # The agenda's answers are facts too: the slots and reference a booking tool gave.
    from_tools = [t.reply for t in turns if any(name in AGENDA_TOOLS for name, _ in t.tool_calls)]
    allowed = allowed_numbers(
        profile, today, [*caller_texts, *scenario.caller_numbers, *spoken_facts, *from_tools]
    )
    invented = sorted(n for n in said.integers if n not in allowed)
    if invented:
        shown = ", ".join(str(n) for n in invented[:5])
        verdict.add(f"L'assistant a donné des chiffres absents de votre fiche : {shown}.")

    offered = any(_MESSAGE_RE.search(fold(t.reply)) for t in turns)
    if expect.offers_message and not offered:
        verdict.add("L'assistant n'a pas proposé de prendre un message.")
    if expect.answer_or_message and not offered:
        answers = [fold(i.answer) for i in (profile.faq if profile else [])]
        if not any(a and a in folded for a in answers):
            verdict.add(
                "L'assistant n'a ni répondu à partir de votre fiche, ni proposé de message."
            )

    calls = [c for t in turns for c in t.tool_calls]
    expected_tools = ([expect.tool] if expect.tool is not None else []) + list(expect.tools)
    for tool in expected_tools:
        _check_tool(verdict, tool, turns)
    transfers = [t.transfer_to for t in turns if t.transfer_to] + [
        str(args.get("destination") or "") for name, args in calls if name == "transferCall"
    ]
    if expect.transfer_to is not None:
        if not transfers:
            verdict.add("L'appel n'a pas été transféré.")
        elif any(_e164(t) != expect.transfer_to for t in transfers):
            verdict.add("L'appel a été transféré vers un autre numéro que celui de la fiche.")
    if expect.no_transfer and transfers:
        verdict.add("L'appel a été transféré alors qu'il ne devait pas l'être.")
    if expect.disclosure and not _DISCLOSURE_RE.search(folded):
        verdict.add("L'assistant n'a pas dit qu'il est un assistant virtuel.")
    if expect.no_advice and _ADVICE_RE.search(folded):
        verdict.add("L'assistant a donné un conseil médical.")
    if scenario.kind == "abusive" and _INSULT_RE.search(folded):
        verdict.add("L'assistant a répété une grossièreté.")

    _check_language(verdict, turns, profile, spoken_facts)
    return verdict


def _calls_at(turns: list[Turn], name: str) -> list[tuple[int, dict[str, Any]]]:
    """(turn index, arguments) of every call of `name`, in order."""
    return [(i, args) for i, t in enumerate(turns) for n, args in t.tool_calls if n == name]


def _check_tool(verdict: Verdict, wanted: ToolExpectation, turns: list[Turn]) -> None:
    """The right tool called, with the right arguments (its last call is the one that counts),
    after the tool it must follow, on a slot that tool offered."""
    found = _calls_at(turns, wanted.name)
    if not found:
        verdict.add(f"L'outil « {wanted.name} » n'a pas été appelé.")
        return
    at, args = found[-1]
    for key, value in wanted.arguments.items():
        got = args.get(key)
        if isinstance(value, bool):
            if bool(got) is not value:
                verdict.add(f"L'outil « {wanted.name} » a reçu {key} = {got!r}.")
        elif key == "telephone_rappel":
            if _e164(got) != value:
                verdict.add(
                    f"Le numéro de rappel transmis ({got or 'aucun'}) n'est pas celui "
                    "que l'appelant a dicté."
                )
        elif fold(str(got or "")) != fold(str(value)):
            verdict.add(f"L'outil « {wanted.name} » a reçu {key} = {got!r}.")
    if wanted.after is None:
        return
    before = [i for i, _ in _calls_at(turns, wanted.after) if i <= at]
    if not before:
        verdict.add(
            f"L'outil « {wanted.name} » a été appelé sans passer d'abord par « {wanted.after} »."
        )
        return
    if wanted.slot_offered and not _slot_offered(args, turns[before[0] : max(at, before[0] + 1)]):
        verdict.add(
            f"Le créneau réservé ({_slot_shown(args)}) n'est pas l'un de ceux que le planning "
            "a proposés."
        )


_HOUR_RE = re.compile(r"^\s*(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?\s*$", re.IGNORECASE)


def _slot_offered(args: dict[str, Any], offered_in: list[Turn]) -> bool:
    """The call's `heure` (and the day of its `date`) were said in the replies that read out
    the availability check's answer, up to the booking."""
    text = " ".join(t.reply for t in offered_in)
    said = spoken(text)
    match = _HOUR_RE.match(str(args.get("heure") or ""))
    if match is None:
        return False
    hhmm = f"{int(match.group(1)) % 24:02d}:{int(match.group(2) or 0):02d}"
    if hhmm not in said.times:
        return False
    try:
        day = date.fromisoformat(str(args.get("date") or "").strip())
    except ValueError:
        return True  # a day in words (« demain »): the time is what can be checked
    # « le premier décembre »: the first of the month is said as an ordinal.
    return day.day in said.integers or (day.day == 1 and "premier" in fold(text))


def _slot_shown(args: dict[str, Any]) -> str:
    when = " ".join(str(args.get(k) or "").strip() for k in ("date", "heure")).strip()
    return when or "aucun"


def _check_language(
    verdict: Verdict,
    turns: list[Turn],
    profile: BusinessProfile | None,
    spoken_facts: Iterable[str],
) -> None:
    quoted = [fold(t) for t in spoken_facts if t]
    if profile is not None:
        quoted += [fold(i.answer) for i in profile.faq]
    tutoiement = profile is not None and profile.tone.register is Register.TUTOIEMENT
    for turn in turns:
        text = fold(turn.reply)
        for quote in quoted:
            if quote:
                text = text.replace(quote, " ")
        if len(_ENGLISH_RE.findall(text)) > max(2, len(_FRENCH_RE.findall(text))):
            verdict.add("L'assistant n'a pas répondu en français.")
        if tutoiement and _VOUS_RE.search(text):
            verdict.add("L'assistant a vouvoyé l'appelant alors que votre ton est le tutoiement.")
        if not tutoiement and _TU_RE.search(text):
            verdict.add("L'assistant a tutoyé l'appelant alors que votre ton est le vouvoiement.")
