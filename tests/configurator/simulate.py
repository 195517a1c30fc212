"""Drive the configurator with a scripted owner (personas.yaml) and check the final profile.

Shared by the persona tests and by `bench/configurator.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from allokoli.configurator import ConfiguratorState, LLMExtractor, Reply, Stage, start, turn
from allokoli.domain.profile import BusinessProfile
from allokoli.understanding import fold

PERSONAS_FILE = Path(__file__).with_name("personas.yaml")
DONT_KNOW = "je ne sais pas"
#: Safety net: a persona that has not finished after this many turns is stuck.
HARD_LIMIT = 20


@lru_cache(maxsize=1)
def talk(*messages: str) -> tuple[Reply, ConfiguratorState]:
    """A new conversation, the owner's messages said one after the other: the last reply and
    the state."""
    reply, state = start()
    for message in messages:
        reply, state = turn(state, message)
    return reply, state


def load_personas() -> list[dict[str, Any]]:
    data = yaml.safe_load(PERSONAS_FILE.read_text("utf-8"))
    assert isinstance(data, list)
    return data


@dataclass
class Run:
    persona: dict[str, Any]
    state: ConfiguratorState
    reply: Reply
    transcript: list[tuple[str, str]] = field(default_factory=list)
    """(owner text, engine reply) per owner turn."""

    @property
    def turns(self) -> int:
        return self.state.owner_turns

    def show(self) -> str:
        lines = [f"persona {self.persona['id']}"]
        for owner, bot in self.transcript:
            lines.append(f"  OWNER: {owner}")
            lines.append("  BOT:   " + bot.replace("\n", "\n         "))
        return "\n".join(lines)


class Owner:
    """Answers whatever the engine asks, from the persona's script."""

    def __init__(self, persona: dict[str, Any]) -> None:
        self.persona = persona
        answers = persona.get("answers") or {}
        self.answers: dict[str, list[str]] = {
            key: list(value) if isinstance(value, list) else [value]
            for key, value in answers.items()
        }
        self.detours: dict[str, list[str]] = {
            key: list(value) for key, value in (persona.get("detours") or {}).items()
        }
        self.recap = list(persona.get("recap") or ["oui"])
        self.opened = False

    def _answer(self, key: str) -> str:
        values = self.answers.get(key)
        if not values:
            return DONT_KNOW
        if key == "faq" or len(values) > 1:
            # each FAQ answer is given once; several scripted answers are given in order
            return values.pop(0)
        return values[0]

    def say(self, reply: Reply) -> str:
        if reply.stage is Stage.RECAP:
            return self.recap.pop(0) if self.recap else "oui"
        key = reply.asked or ""
        if not self.opened:
            self.opened = True
            return str(self.persona["opening"])
        detour = self.detours.get(key)
        if detour:
            return detour.pop(0)
        if key == "tone" and any("voix" in chip.lower() for chip in reply.chips):
            parts = [self._answer("tone"), self._answer("voice_gender")]
            return ", et ".join(p for p in parts if p != DONT_KNOW) or DONT_KNOW
        if key == "company_name" and "company_name" not in self.answers and "«" in reply.text:
            # « Votre entreprise s'appelle-t-elle « X » ? »: yes when X is the name
            expected = str((self.persona.get("expect") or {}).get("company_name") or "")
            return "oui" if not expected or fold(expected) in fold(reply.text) else expected
        if key == "activity" and "activity" not in self.answers:
            return str(self.persona["opening"])
        return self._answer(key)


def run_persona(persona: dict[str, Any], *, llm: LLMExtractor | None = None) -> Run:
    reply, state = start()
    owner = Owner(persona)
    run = Run(persona, state, reply)
    while not reply.done and state.owner_turns < HARD_LIMIT:
        text = owner.say(reply)
        reply, state = turn(state, text, llm=llm)
        run.transcript.append((text, reply.text))
    run.state, run.reply = state, reply
    return run


# --- expectations --------------------------------------------------------------------------------


def _same(a: object, b: object) -> bool:
    return fold(str(a)).strip() == fold(str(b)).strip()


def _same_person(found: str, expected: object) -> bool:
    """The sets give « the owner's first name (or full name) » (WRITERS.md): an owner who said
    « Philippe Lefèvre » is rightly held as such when the sheet keeps « Philippe »."""
    found_words, expected_words = fold(found).split(), fold(str(expected)).split()
    return bool(expected_words) and found_words[: len(expected_words)] == expected_words


def _hours_of(profile: BusinessProfile, day: str) -> str | None:
    if profile.opening_hours is None:
        return None
    for item in profile.opening_hours.days:
        if item.day.value == day:
            if not item.ranges:
                return "closed"
            return " ".join(f"{r.start:%H:%M}-{_end(r.end)}" for r in item.ranges)
    return None


def _end(value: time) -> str:
    """An end at midnight is 24:00 (« 24h/24 » is 00:00-24:00, « jusqu'à minuit » ends at 24:00)."""
    return "24:00" if value == time(0, 0) else f"{value:%H:%M}"


def name_key(value: str) -> str:
    """A business name compared without case, accents, punctuation or the sentence's article
    before it: « le Syndic des Collines » and « Syndic des Collines » are the same name."""
    key = re.sub(r"[^a-z0-9]+", " ", fold(value)).strip()
    return re.sub(r"^(?:le|la|les|l) (?=\w)", "", key)


def same_business(found: str, stated: str) -> bool:
    """The same name but for the kind of business said before it, in one or the other
    (« Poissonnerie Marée du Jour » for « Marée du Jour », « Chez Dédé » for « Friterie Chez
    Dédé »): the words after the kind are the stated name's own, whole."""
    a, b = name_key(found), name_key(stated)
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if not shorter or not longer.endswith(" " + shorter):
        return False
    kind = longer[: -len(shorter)].split()
    return 1 <= len(kind) <= 3 and _kind_words(kind)


def _kind_words(words: list[str]) -> bool:
    """Words naming a kind of business: the catalogue's terms, shop words, and their glue."""
    from allokoli.understanding.names import _trade_words  # the catalogue's own terms

    glue = {"de", "du", "des", "d", "la", "le", "l", "a", "et"}
    shops = {"cabinet", "centre", "office", "etude", "societe", "entreprise", "maison", "atelier"}
    trades = _trade_words()
    content = [w for w in words if w not in glue]
    return bool(content) and all(w in trades or w in shops for w in content)


def _same_hours(expected: object, actual: str | None) -> bool:
    """Midnight as an end may be written 00:00 or 24:00."""
    return actual is not None and str(expected).replace("-00:00", "-24:00") == actual


_SERVICE_GLUE = frozenset(
    [
        "de",
        "du",
        "des",
        "d",
        "la",
        "le",
        "les",
        "l",
        "a",
        "au",
        "aux",
        "en",
        "et",
        "ou",
        "pour",
        "par",
        "avec",
        "sans",
        "sur",
        "un",
        "une",
        "the",
        "of",
    ]
)


def _service_words(name: str) -> set[str]:
    """The words that name a service, folded and singular (« coupe des griffes » → coupe,
    griffe)."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return {w.rstrip("sx") if len(w) > 3 else w for w in words if w not in _SERVICE_GLUE}


def _same_service(expected: str, found: str) -> bool:
    """The sets give « a word of the service's name » (WRITERS.md); when a writer gave the
    whole phrase (« coupe de griffes », « séance d'ostéopathie »), a word of it in the name
    found is that word (« coupe griffes », « séance »): the price and duration then decide."""
    if fold(expected) in found:
        return True
    return bool(_service_words(expected) & _service_words(found))


def check(profile: BusinessProfile, expect: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """(field, ok, detail) for every expected field."""
    out: list[tuple[str, bool, str]] = []

    def add(name: str, ok: bool, expected: object, actual: object) -> None:
        out.append((name, ok, f"expected {expected!r}, got {actual!r}"))

    address = profile.address
    for key, expected in expect.items():
        if key == "company_name":
            options = expected if isinstance(expected, list) else [expected]
            ok = any(name_key(profile.company_name or "") == name_key(str(o)) for o in options)
            add(key, ok, expected, profile.company_name)
        elif key == "owner_name":
            add(key, _same_person(profile.owner_name or "", expected), expected, profile.owner_name)
        elif key == "sector":
            actual = profile.sector.subtype if profile.sector else None
            add(key, actual == expected, expected, actual)
        elif key in ("city", "street", "postal_code"):
            actual = getattr(address, key) if address else None
            ok = actual is not None and _same(actual, expected)
            if key == "street" and actual is not None and not ok:
                # « 12 avenue de Verdun » is the street « avenue de Verdun » with its number
                ok = _same(re.sub(r"^\d+\s*(?:bis|ter|[a-d])?,?\s+", "", actual), expected)
            add(key, ok, expected, actual)
        elif key == "transfer_number":
            add(key, profile.transfer_number == expected, expected, profile.transfer_number)
        elif key == "voice_gender":
            actual = profile.voice_gender.value if profile.voice_gender else None
            add(key, actual == expected, expected, actual)
        elif key == "register":
            add(key, profile.tone.register.value == expected, expected, profile.tone.register)
        elif key == "style":
            add(key, profile.tone.style.value == expected, expected, profile.tone.style)
        elif key == "tasks":
            tasks = [t.value for t in profile.tasks]
            for task in expected:
                add(f"tasks:{task}", task in tasks, task, tasks)
        elif key == "no_tasks":
            tasks = [t.value for t in profile.tasks]
            for task in expected:
                add(f"no_tasks:{task}", task not in tasks, f"not {task}", tasks)
        elif key == "hours":
            for day, value in expected.items():
                actual_h = _hours_of(profile, day)
                add(f"hours:{day}", _same_hours(value, actual_h), value, actual_h)
        elif key == "services":
            names = [(fold(s.name), s.price_eur, s.duration_minutes) for s in profile.services]
            for item in expected:
                ok = any(
                    ("name" not in item or _same_service(str(item["name"]), name))
                    and ("price" not in item or price == float(item["price"]))
                    and ("duration" not in item or duration == item["duration"])
                    for name, price, duration in names
                )
                add(f"services:{item}", ok, item, names)
        elif key == "service_area_contains":
            area = fold(profile.service_area or "")
            for part in expected:
                add(f"service_area:{part}", fold(part) in area, part, profile.service_area)
        elif key == "specialties_contains":
            joined = fold(" | ".join(profile.specialties))
            for part in expected:
                add(f"specialties:{part}", fold(part) in joined, part, profile.specialties)
        elif key == "faq_contains":
            joined = fold(" | ".join(f.answer for f in profile.faq))
            for part in expected:
                add(f"faq:{part}", fold(part) in joined, part, [f.answer for f in profile.faq])
        else:
            raise KeyError(f"unknown expectation {key!r}")
    return out


# --- owners with a fact sheet (owners.yaml) -------------------------------------------------------

OWNERS_FILE = Path(__file__).with_name("owners.yaml")
#: What the interactive owner says at the recap when a fact is wrong, from their fact sheet.
_RECAP_CORRECTIONS: dict[str, str] = {
    "transfer_number": "non, le numéro de transfert c'est le {transfer_number}",
    "voice_gender": "non, plutôt une voix {voice_gender}",
    "register": "non, {tone}",
    "style": "non, {tone}",
    "hours": "non, les horaires c'est {opening_hours}",
    "company_name": "non, change le nom en {company_name}",
    "services": "non, les tarifs c'est {services}",
    "service_area": "non, la zone c'est {service_area}",
}


@lru_cache(maxsize=1)
def load_owners() -> list[dict[str, Any]]:
    data = yaml.safe_load(OWNERS_FILE.read_text("utf-8"))
    assert isinstance(data, list)
    return data


def run_scripted(owner: dict[str, Any]) -> Run:
    """The owner says their messages in their own order, whatever is asked."""
    reply, state = start()
    run = Run(owner, state, reply)
    for message in owner["messages"]:
        if reply.done:
            break
        reply, state = turn(state, str(message))
        run.transcript.append((str(message), reply.text))
    run.state, run.reply = state, reply
    return run


class InteractiveOwner:
    """Answers the question actually asked, from the fact sheet (« je ne sais pas » when the
    sheet says nothing), volunteers a fact (and maybe a slip) with the first answer, and
    corrects the recap, once per fact, when it does not match the sheet."""

    def __init__(self, owner: dict[str, Any]) -> None:
        self.owner = owner
        self.answers: dict[str, str] = {k: str(v) for k, v in (owner.get("answers") or {}).items()}
        self.said = 0
        self.corrected: set[str] = set()

    def _recap_reply(self, state: ConfiguratorState) -> str:
        for name, ok, _detail in check(state.profile_model(), self.owner["expect"]):
            key = "service_area" if name.startswith("service_area") else name.split(":")[0]
            template = _RECAP_CORRECTIONS.get(key)
            if ok or key in self.corrected or template is None:
                continue
            try:
                text = template.format(**self.answers)
            except KeyError:
                continue
            self.corrected.add(key)
            return text
        return str(self.owner.get("validate") or "oui")

    def say(self, reply: Reply, state: ConfiguratorState) -> str:
        self.said += 1
        if self.said == 1:
            return str(self.owner["messages"][0])
        if reply.stage is Stage.RECAP:
            return self._recap_reply(state)
        key = reply.asked or ""
        if key == "tone" and any("voix" in chip.lower() for chip in reply.chips):
            parts = [self.answers[k] for k in ("tone", "voice_gender") if k in self.answers]
            text = ", et ".join(parts) or DONT_KNOW
        else:
            # a question that asks for several facts (the tasks and the number to transfer
            # to) gets every one the sheet holds
            parts = [self.answers[k] for k in (key, *reply.also_asked) if k in self.answers]
            text = ". ".join(parts) or DONT_KNOW
        if self.said == 2:
            extra = [str(self.owner[k]) for k in ("volunteer", "slip") if self.owner.get(k)]
            text = ". ".join([text, *extra]) if text != DONT_KNOW else ". ".join(extra) or text
        return text


def run_interactive(owner: dict[str, Any]) -> Run:
    reply, state = start()
    speaker = InteractiveOwner(owner)
    run = Run(owner, state, reply)
    while not reply.done and state.owner_turns < HARD_LIMIT:
        text = speaker.say(reply, state)
        reply, state = turn(state, text)
        run.transcript.append((text, reply.text))
    run.state, run.reply = state, reply
    return run
