"""The French system prompt, first message and end-call message of an assistant.

The prompt follows Vapi's prompting guide (shared/VOICE-PRACTICES.md §9): Identité, Façon de
parler (response guidelines), Règles (guardrails), Informations (the facts, and only them),
Déroulé (workflow) and Exemples. Every fact is written the way it must be said: numbers, times,
prices, dates and phone numbers in French words ("quatorze heures trente", "vingt-quatre euros
cinquante", "zéro six, douze, trente-quatre…"), because Vapi's own number formatters speak
English.

Modules: `numerals` and `spoken` (the spelling helpers), `hours` (opening hours, holidays, today
in Paris), `greeting` (first and end-call messages), `facts`, `sections` and `examples` (the
system prompt), `wording` (small pieces the sections share).
"""

from __future__ import annotations

from allokoli.generation.prompt.greeting import end_call_message, first_message
from allokoli.generation.prompt.hours import PARIS, today_in_paris, upcoming_holidays
from allokoli.generation.prompt.numerals import (
    date_words,
    duration_words,
    number_words,
    price_words,
    time_words,
)
from allokoli.generation.prompt.sections import build_system_prompt
from allokoli.generation.prompt.spoken import phone_words, postal_code_words, speak_text

__all__ = [
    "PARIS",
    "build_system_prompt",
    "date_words",
    "duration_words",
    "end_call_message",
    "first_message",
    "number_words",
    "phone_words",
    "postal_code_words",
    "price_words",
    "speak_text",
    "time_words",
    "today_in_paris",
    "upcoming_holidays",
]
