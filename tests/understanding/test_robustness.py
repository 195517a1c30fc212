"""No extractor may ever raise, whatever the owner types, and extraction must stay cheap."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allokoli.domain.profile import OpeningHours
from allokoli.understanding import (
    apply_hours_correction,
    classify_phones,
    detect_intent,
    extract_address,
    extract_company_name,
    extract_district,
    extract_email,
    extract_facts,
    extract_owner_name,
    extract_recording_consent,
    extract_register,
    extract_service_area,
    extract_services,
    extract_style,
    extract_tasks,
    extract_transfer,
    extract_voice_gender,
    extract_website,
    find_durations,
    find_phones,
    find_prices,
    parse_opening_hours,
    parse_yes_no,
    words_to_digits,
)
from allokoli.understanding.extract import FactKey
from allokoli.understanding.names import company_name_candidates

# Fragments that exercise the parsers' tricky paths when glued together at random.
FRAGMENTS = [
    "lundi",
    "mardi",
    "mercredy",
    "sam",
    "dim",
    "lu-ve",
    "du",
    "au",
    "de",
    "à",
    "a",
    "et",
    "-",
    "/",
    ",",
    ".",
    "\n",
    ";",
    "?",
    "sauf",
    "fermé",
    "ouvert",
    "le",
    "les",
    "matin",
    "après-midi",
    "soir",
    "midi",
    "minuit",
    "9h",
    "12h30",
    "9 h 30",
    "09:30",
    "19",
    "24h/24",
    "7j/7",
    "tous les",
    "jours",
    "fériés",
    "sur rendez-vous",
    "jusqu'à",
    "dès",
    "on ouvre à",
    "on ferme à",
    "zéro",
    "six",
    "douze",
    "trente-quatre",
    "06",
    "12",
    "34",
    "56",
    "78",
    "+33",
    "0033",
    "(0)",
    "€",
    "euros",
    "25",
    "25,50",
    "à partir de",
    "entre",
    "1h30",
    "45 min",
    "une demi-heure",
    "coupe",
    "homme",
    "femme",
    "voix",
    "pas",
    "non",
    "oui",
    "plutôt",
    "tu",
    "vous",
    "rue",
    "69003",
    "Lyon",
    "3e",
    "s'appelle",
    "Chez",
    "Marco",
    "«",
    "»",
    '"',
    "je m'appelle",
    "demandez",
    "urgences",
    "transférer",
    "portable",
    "rayon",
    "km",
    "et sa banlieue",
    "tout le",
    "@",
    "arobase",
    "point",
    "www",
    ".fr",
    "enregistrer",
    "appels",
    "en fait",
    "pardon",
    "ça veut dire",
    "quoi",
    "je ne sais pas",
    "recommencer",
    "😀",
    "👍",
    "ŒUVRE",
    "’",
    "–",
    "  ",
    "",
    "0",
]

fragment_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=300), fragment_text)

TEXT_EXTRACTORS: list[Callable[[str], object]] = [
    words_to_digits,
    find_phones,
    find_prices,
    find_durations,
    parse_yes_no,
    detect_intent,
    extract_email,
    extract_website,
    extract_address,
    extract_district,
    extract_tasks,
    extract_services,
    lambda t: extract_services(t, bare_list=True),
    parse_opening_hours,
    lambda t: parse_opening_hours(t, expecting=True),
    lambda t: extract_company_name(t, True),
    lambda t: extract_company_name(t, False),
    lambda t: extract_owner_name(t, expecting=True),
    lambda t: extract_service_area(t, expecting=True),
    lambda t: extract_voice_gender(t, expecting=True),
    lambda t: extract_register(t, expecting=True),
    lambda t: extract_style(t, expecting=True),
    lambda t: extract_recording_consent(t, expecting=True),
    lambda t: classify_phones(t, expecting="transfer_number"),
    lambda t: extract_transfer(t, expecting="transfer_when"),
]

BASE_HOURS = parse_opening_hours("du lundi au samedi de 9h à 12h et de 14h à 19h")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_no_extractor_raises(text: str) -> None:
    for extractor in TEXT_EXTRACTORS:
        extractor(text)


@settings(max_examples=150, deadline=None)
@given(any_text, st.sampled_from([None, *[k.value for k in FactKey], "nonsense"]))
def test_extract_facts_never_raises(text: str, expecting: str | None) -> None:
    facts = extract_facts(text, expecting=expecting)
    # whatever was found is valid for the profile models
    if facts.opening_hours is not None:
        OpeningHours.model_validate(facts.opening_hours.model_dump())


@settings(max_examples=150, deadline=None)
@given(any_text)
def test_hours_correction_never_raises(text: str) -> None:
    assert BASE_HOURS is not None
    result = apply_hours_correction(BASE_HOURS, text)
    assert isinstance(result, OpeningHours)


@settings(max_examples=100, deadline=None)
@given(fragment_text)
def test_phone_numbers_are_e164(text: str) -> None:
    for match in find_phones(text):
        assert match.e164.startswith("+")
        assert match.e164[1:].isdigit()


def test_ranges_covering_a_whole_day_are_open_around_the_clock() -> None:
    """Found by the property above: « 13h-1h » beside « 1h-minuit » merge to more than a day."""
    assert BASE_HOURS is not None
    result = apply_hours_correction(BASE_HOURS, "13$A%1:1$A%MINUIT")
    assert isinstance(result, OpeningHours)


# A pattern that backtracks catastrophically costs 2ⁿ on a run of n alike words: a run of 60
# never ends. The alarm is a bound on termination, not a timing: each text here takes well under
# a second, and an exponential pattern would take years.
RUN_WORDS = [f for f in FRAGMENTS if f.strip()] + ["1", "Aa", "A.", "A.B.", "De La", "L'A", "1,1"]


@contextmanager
def _must_end(text: str) -> Iterator[None]:
    def stop(_signum: int, _frame: object) -> None:
        raise AssertionError(f"no end in sight on {text[:40]!r}…")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("separator", [" ", ", ", "\n"])
def test_a_long_run_of_alike_words_is_read_in_bounded_work(separator: str) -> None:
    """« 1 1 1 … » hung a configurator turn: a capitalised run matched a number two ways."""
    for word in RUN_WORDS:
        text = separator.join([word] * 60)
        with _must_end(text):
            company_name_candidates(text)
            extract_facts(text)
            extract_facts(text, expecting=FactKey.OPENING_HOURS.value)


def test_numbers_in_words_are_aligned_in_bounded_work() -> None:
    """A service named with numbers in words is read back in the owner's words: the alignment
    of the digits to those words once ran a general diff per service, years on this text."""
    text = ". ".join(["12h30", "9h-18h", "six", "coupe vingt-cinq euros"] * 60)
    with _must_end(text):
        extract_facts(text, expecting=FactKey.SERVICES.value)
