"""Scripted owners (personas.yaml) go through the whole configurator, without any LLM.

Each persona must reach "done" within its turn budget (never more than 8 owner turns,
confirmation included), and its final BusinessProfile is checked field by field.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

from allokoli.configurator import MAX_OWNER_TURNS, ConfiguratorState
from allokoli.generation.service import generate
from tests.configurator.simulate import check, load_personas, run_persona

PERSONAS = load_personas()


def test_at_least_25_personas_across_sectors() -> None:
    assert len(PERSONAS) >= 25
    ids = [p["id"] for p in PERSONAS]
    assert len(ids) == len(set(ids))
    sectors = Counter(p["expect"].get("sector", "generic") for p in PERSONAS)
    assert len(sectors) >= 20
    for persona in PERSONAS:
        assert persona["max_turns"] <= MAX_OWNER_TURNS


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["id"] for p in PERSONAS])
def test_persona_reaches_done_with_its_facts(persona: dict[str, Any]) -> None:
    run = run_persona(persona)
    assert run.reply.done, run.show()
    assert run.turns <= persona["max_turns"], run.show()
    profile = run.state.profile_model()
    wrong = [(name, detail) for name, ok, detail in check(profile, persona["expect"]) if not ok]
    assert not wrong, f"{wrong}\n{run.show()}"


@pytest.mark.parametrize("persona", PERSONAS[:6], ids=[p["id"] for p in PERSONAS[:6]])
def test_persona_profile_generates_an_assistant(persona: dict[str, Any]) -> None:
    run = run_persona(persona)
    result = generate(run.state.profile_model(), now=datetime(2025, 3, 3, tzinfo=UTC))
    assert result.vapi_assistant["name"]
    assert result.profile.company_name == run.state.profile_model().company_name


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["id"] for p in PERSONAS])
def test_persona_state_survives_storage_after_every_turn(persona: dict[str, Any]) -> None:
    """What a channel does: store the state as JSON after each turn and reload it."""
    run = run_persona(persona)
    stored = run.state.model_dump(mode="json")
    assert ConfiguratorState.model_validate(stored) == run.state
