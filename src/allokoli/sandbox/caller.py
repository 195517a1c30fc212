"""What the caller says about themselves: name, day and time wished, party size, refusals.
Pure, no I/O."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from allokoli.domain.profile import WEEKDAYS, Weekday
from allokoli.sandbox.intents import Intent, Utterance
from allokoli.sandbox.speech import join_fr, say_time, word_list
from allokoli.understanding.normalize import fold

__all__ = [
    "BARE_NUMBER_RE",
    "REASON_PREFIX_RE",
    "REFUSAL_RE",
    "could_be_name",
    "describe_slot",
    "extract_name",
    "merge_slot",
    "party_size",
    "weekday_of",
]

_NAME_INTRO_RE = re.compile(
    r"(?:je m'appelle|je m’appelle|mon nom est|mon nom c'est|mon nom c’est|moi c'est|moi c’est|"
    r"je suis|c'est|c’est|ici|de la part de|au nom de)\s+(?P<name>[^\d,.;!?]+)",
    re.IGNORECASE,
)
_NAME_WORD_RE = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*$")
_NAME_STOP = frozenset(
    word_list(
        "et mon ma je j'ai pour au a le la les un une des de du est vous tu numero telephone "
        "oui non merci bonjour voila rappeler rappelez joindre interesse interessee desole "
        "pas en qui que appelle appel euh ben bah alors donc"
    )
)
_LEADING_FILLERS_RE = re.compile(
    r"^(?:(?:oui|ouais|alors|euh+|ben|bah|bon|donc|ok|d'accord|voila|c'est)[\s,]+)+",
    re.IGNORECASE,
)
_PARTY_RE = re.compile(
    r"\b(\d{1,3})\s*(?:personnes?|pers\b|couverts?|adultes?|p\b)"
    r"|\b(?:table pour|pour|on sera|nous serons|on est|nous sommes|a)\s+(\d{1,2})\b"
    r"(?!\s*(?:h\b|heures?|:|\d))"
)
BARE_NUMBER_RE = re.compile(r"^\D*?(\d{1,3})(?!\s*(?:h\b|heures?|:))\D*$")
REFUSAL_RE = re.compile(
    r"\b(?:pas de (?:numero|telephone|portable)|sans numero|je (?:ne )?prefere pas|"
    r"je (?:ne )?veux pas|pas envie|je (?:ne )?peux pas|non merci)\b"
)
REASON_PREFIX_RE = re.compile(
    r"^(?:c'est|c’est)?\s*(?:pour|au sujet d[eu']|concernant|a propos d[eu']|à propos d[eu'])\s*",
    re.IGNORECASE,
)


def weekday_of(day: date) -> Weekday:
    return Weekday(WEEKDAYS[day.weekday()])


def party_size(u: Utterance) -> int | None:
    match = _PARTY_RE.search(u.digits)
    if not match:
        return None
    value = int(match.group(1) or match.group(2))
    return value if 0 < value <= 500 else None


def describe_slot(u: Utterance, now: datetime) -> str | None:
    """A short French description of the day and time the caller asks for, or None."""
    parts: list[str] = []
    today = now.date()
    if u.today:
        parts.append(f"aujourd'hui ({weekday_of(today).value})")
    elif u.tomorrow:
        parts.append(f"demain ({weekday_of(today + timedelta(days=1)).value})")
    elif u.after_tomorrow:
        parts.append(f"après-demain ({weekday_of(today + timedelta(days=2)).value})")
    days = u.days()
    if days:
        parts.append(join_fr([d.value for d in days], last="ou"))
    period = u.period()
    at = u.time_of_day()
    if at is not None:
        parts.append(f"vers {say_time(at)}")
    elif period and period != "midi":
        parts.append(
            "dans "
            + (
                "la matinée"
                if period == "matin"
                else "l'après-midi"
                if period == "apres midi"
                else "la soirée"
            )
        )
    elif period == "midi":
        parts.append("le midi")
    return " ".join(parts) if parts else None


def merge_slot(previous: str | None, u: Utterance, now: datetime) -> str | None:
    """The new slot; an hour alone completes the day said before ("samedi" + "vers 21 h")."""
    new = describe_slot(u, now)
    if new is None or previous is None:
        return new
    names_day = bool(u.days()) or u.today or u.tomorrow or u.after_tomorrow
    return new if names_day else f"{previous} {new}"


def could_be_name(u: Utterance) -> bool:
    """A short answer with no day, time or request in it."""
    requests = u.intents - {Intent.GREETING, Intent.THANKS}
    return not requests and not u.days() and u.time_of_day() is None and not u.today


def extract_name(text: str, *, lenient: bool) -> str | None:
    """The caller's name: after "je m'appelle", "c'est"…, or (lenient) the whole short answer."""
    candidate: str | None = None
    for match in _NAME_INTRO_RE.finditer(text):
        candidate = match.group("name")
        break
    if candidate is None:
        if not lenient:
            return None
        candidate = _LEADING_FILLERS_RE.sub("", text.strip())
    words: list[str] = []
    for word in re.split(r"\s+", candidate.strip(" ,.;:!?")):
        if not word:
            continue
        if fold(word) in _NAME_STOP:
            if words:
                break
            return None
        if not _NAME_WORD_RE.match(word):
            break
        words.append(word)
        if len(words) == 4:
            break
    if not words:
        return None
    if not lenient and not any(w[0].isupper() for w in words):
        return None
    name = " ".join(words)
    if name.islower() or name.isupper():
        name = " ".join(part.capitalize() for part in words)
    return name
