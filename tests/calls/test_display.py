"""Pure helpers: masking, French formatting, conversation parsing, Paris days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from allokoli.calls import display, search, stats
from allokoli.calls.history import conversation, day_bounds
from allokoli.models import Call


@pytest.mark.parametrize(
    ("number", "masked", "full"),
    [
        ("+33612345678", "06 •• •• •• 78", "06 12 34 56 78"),
        ("0612345678", "06 •• •• •• 78", "06 12 34 56 78"),
        ("+33178901234", "01 •• •• •• 34", "01 78 90 12 34"),
        ("+442079460958", "+44 •• •• 58", "+44 20 7946 0958"),
        (None, "Numéro inconnu", "Numéro inconnu"),
        ("", "Numéro inconnu", "Numéro inconnu"),
        ("anonymous", "••", "anonymous"),
    ],
)
def test_masking_and_display(number: str | None, masked: str, full: str) -> None:
    assert display.mask_number(number) == masked
    assert display.display_number(number) == full


def test_french_formats() -> None:
    assert display.duration(150) == "2 min 30 s"
    assert display.duration(45.4) == "45 s"
    assert display.duration(120) == "2 min"
    assert display.duration(None) == "—"
    assert display.euros(1234.5) == "1\u202f234,50\u00a0€"
    assert display.euros(None) == "—"
    winter = datetime(2026, 11, 24, 10, 2, tzinfo=UTC)
    assert display.date_time(winter) == "24/11/2026 à 11 h 02"
    assert display.date_time(datetime(2026, 7, 1, 10, 2, tzinfo=UTC)) == "01/07/2026 à 12 h 02"


def test_ended_reason_labels() -> None:
    assert display.ended_reason_label("customer-ended-call") == "Raccroché par l'appelant"
    assert display.ended_reason_label("pipeline-error-openai-llm-failed") == "Erreur technique"
    assert display.ended_reason_label("call.start.error-get-assistant") == "Erreur technique"
    assert display.ended_reason_label("twilio-failed-to-connect-call") == "Erreur technique"
    assert display.ended_reason_label("something-new") == "Something new"
    assert display.ended_reason_label(None) == "—"
    assert display.is_failure("pipeline-error-x") and not display.is_failure("voicemail")


def test_conversation_from_messages_then_from_transcript() -> None:
    call = Call(
        provider_call_id="x",
        messages=[
            {"role": "system", "message": "prompt"},
            {"role": "bot", "message": "Bonjour !", "secondsFromStart": 0.5},
            {"role": "user", "message": "Je voudrais laisser un message."},
            {"role": "tool_calls", "toolCalls": [{"function": {"name": "take_message"}}]},
            {"role": "tool_call_result", "result": "ok"},
        ],
        transcript="AI: ignored",
    )
    turns = conversation(call)
    assert [(t.role, t.text) for t in turns] == [
        ("assistant", "Bonjour !"),
        ("caller", "Je voudrais laisser un message."),
        ("tool", "Prise de message"),
    ]
    assert turns[0].seconds_from_start == 0.5
    call = Call(
        provider_call_id="y",
        transcript="Assistant: Bonjour, salon Léa.\nClient: Une coupe samedi ?\nsuite de la phrase\nAI: Oui.",
    )
    assert [(t.role, t.text) for t in conversation(call)] == [
        ("assistant", "Bonjour, salon Léa."),
        ("caller", "Une coupe samedi ? suite de la phrase"),
        ("assistant", "Oui."),
    ]
    assert conversation(Call(provider_call_id="z")) == []


def test_search_terms_never_carry_operators() -> None:
    assert search.terms('réserv* "table" OR -pizza NEAR(a b)') == [
        "réserv",
        "table",
        "or",
        "pizza",
        "near",
        "a",
        "b",
    ]
    assert search.terms("  !!! ") == []
    assert search.fts5_query(["rendez", "vous"]) == '"rendez"* "vous"*'
    assert search.tsquery(["rendez", "vous"]) == "rendez:* & vous:*"
    assert len(search.terms(" ".join(["mot"] * 20))) == search.MAX_TERMS


def test_day_bounds_are_paris_days() -> None:
    since, until = day_bounds(datetime(2026, 3, 28).date(), datetime(2026, 3, 29).date())
    assert since == datetime(2026, 3, 27, 23, 0, tzinfo=UTC)
    assert until == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # summer time from the 29th


def test_paris_midnights_follow_daylight_saving_time() -> None:
    assert stats.paris_midnight(date(2026, 10, 25)) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert stats.paris_midnight(date(2026, 10, 26)) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def test_period_start_is_paris_midnight() -> None:
    now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    assert stats.period_start("today", now) == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert stats.period_start("7d", now) == datetime(2026, 11, 18, 23, 0, tzinfo=UTC)
    assert stats.period_start("30d", now) == datetime(2026, 10, 26, 23, 0, tzinfo=UTC)
