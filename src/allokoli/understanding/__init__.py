"""Deterministic French understanding for the configurator (no LLM, no network).

The owner answers in every register (SMS style, typos, no accents, numbers in words,
corrections); these extractors turn the answers into ``BusinessProfile`` facts.
"""

from allokoli.understanding.extract import ExtractedFacts, FactKey, PhoneFact, extract_facts
from allokoli.understanding.facts import (
    RolePhone,
    classify_phones,
    extract_address,
    extract_district,
    extract_email,
    extract_owner_name,
    extract_recording_consent,
    extract_register,
    extract_service_area,
    extract_style,
    extract_tasks,
    extract_transfer,
    extract_voice_gender,
    extract_website,
)
from allokoli.understanding.hours import (
    apply_hours_correction,
    find_day,
    has_hours_content,
    parse_opening_hours,
)
from allokoli.understanding.intents import Intent, IntentKind, detect_intent, detect_target
from allokoli.understanding.money import (
    DurationMatch,
    PriceMatch,
    extract_services,
    find_durations,
    find_prices,
    parse_duration_minutes,
    parse_price,
)
from allokoli.understanding.names import extract_company_name
from allokoli.understanding.normalize import fold, prepare, words_to_digits
from allokoli.understanding.phones import PhoneKind, PhoneMatch, find_phones, parse_phone
from allokoli.understanding.yesno import parse_yes_no

__all__ = [
    "DurationMatch",
    "ExtractedFacts",
    "FactKey",
    "Intent",
    "IntentKind",
    "PhoneFact",
    "PhoneKind",
    "PhoneMatch",
    "PriceMatch",
    "RolePhone",
    "apply_hours_correction",
    "classify_phones",
    "detect_intent",
    "detect_target",
    "extract_address",
    "extract_company_name",
    "extract_district",
    "extract_email",
    "extract_facts",
    "extract_owner_name",
    "extract_recording_consent",
    "extract_register",
    "extract_service_area",
    "extract_services",
    "extract_style",
    "extract_tasks",
    "extract_transfer",
    "extract_voice_gender",
    "extract_website",
    "find_day",
    "find_durations",
    "find_phones",
    "find_prices",
    "fold",
    "has_hours_content",
    "parse_duration_minutes",
    "parse_opening_hours",
    "parse_phone",
    "parse_price",
    "parse_yes_no",
    "prepare",
    "words_to_digits",
]
