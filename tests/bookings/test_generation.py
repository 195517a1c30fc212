"""The generated assistant books for real when the profile says so, in both modes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from allokoli.domain.profile import BusinessProfile
from allokoli.generation.service import generate
from tests import vapi_schema

NOW = datetime(2027, 3, 8, 7, 0, tzinfo=UTC)


def _salon(**changes: Any) -> BusinessProfile:
    return BusinessProfile.model_validate(
        {
            "company_name": "Salon Léa",
            "sector": {"family": "beaute_bien_etre", "subtype": "salon_coiffure"},
            "tasks": ["book_appointment", "take_message"],
            "opening_hours": {
                "days": [{"day": "mardi", "ranges": [{"start": "09:00", "end": "18:00"}]}]
            },
            **changes,
        }
    )


def _tool_names(body: dict[str, Any]) -> list[str]:
    return [t["function"]["name"] for t in body["model"]["tools"] if t.get("type") == "function"]


@pytest.mark.parametrize("mode", ["direct", "request"])
def test_booking_profiles_get_the_booking_tools_and_valid_dtos(mode: str) -> None:
    result = generate(_salon(booking_mode=mode), server_url="https://exemple.fr/w", now=NOW)
    body = result.vapi_assistant
    names = _tool_names(body)
    assert {"check_availability", "book_appointment", "cancel_appointment"} <= set(names)
    assert "request_appointment" not in names
    assert vapi_schema.errors(body) == []
    assert vapi_schema.errors(body, strict=True) == []
    prompt = body["model"]["messages"][0]["content"]
    assert "check_availability" in prompt and "book_appointment" in prompt
    if mode == "request":
        assert "Ne dis jamais « confirmé » ni « c'est réservé »" in prompt
        assert "Dis « c'est réservé » seulement" not in prompt
    else:
        assert "Dis « c'est réservé » seulement quand book_appointment l'a répondu" in prompt


def test_without_booking_mode_requests_are_passed_on_as_before() -> None:
    body = generate(_salon(), now=NOW).vapi_assistant
    names = _tool_names(body)
    assert "request_appointment" in names and "book_appointment" not in names
