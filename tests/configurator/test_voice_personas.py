"""The persona sets through the sandbox's voice channel reach the profiles the text chat does."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from allokoli.configurator import service
from allokoli.configurator.repository import SessionRepository
from allokoli.configurator.state import ConfiguratorState, Reply
from allokoli.http.deps import AlloKoliApp
from allokoli.sandbox.voice_call import SandboxVoiceCall
from allokoli.tenancy import Tenant
from tests.configurator.simulate import HARD_LIMIT, Owner, load_personas, run_persona
from tests.conftest import Account


def _pending(app: AlloKoliApp, org: uuid.UUID, sid: str) -> tuple[Reply, ConfiguratorState, bool]:
    """What the owner just heard, as the engine's reply (the persona answers by its `asked`)."""
    with app.services.db.unit_of_work(org) as session:
        conv = SessionRepository(session, Tenant(org)).get(uuid.UUID(sid))
        return service.current_reply(conv), ConfiguratorState.model_validate(conv.state), conv.done


def run_voice(app: AlloKoliApp, acc: Account, persona: dict[str, Any]) -> ConfiguratorState:
    sid = acc.client.post("/api/v1/configurator/sessions", headers=acc.auth).json()["id"]
    start = acc.client.post(f"/api/v1/configurator/sessions/{sid}/voice", headers=acc.auth).json()
    call = SandboxVoiceCall(acc.client, start["assistant"], start["assistant_overrides"])  # type: ignore[arg-type]
    assert call.first_message
    org = acc.org_id
    owner = Owner(persona)
    reply, state, done = _pending(app, org, sid)
    for _ in range(HARD_LIMIT + 2):
        if done:
            break
        answer = call.say(owner.say(reply))
        assert answer
        reply, state, done = _pending(app, org, sid)
    assert done, call.transcript
    return state


@pytest.mark.parametrize("persona", load_personas(), ids=lambda p: str(p["id"]))
def test_persona_reaches_the_text_profile_by_voice(
    app: AlloKoliApp, alice: Account, persona: dict[str, Any]
) -> None:
    by_voice = run_voice(app, alice, persona)
    by_text = run_persona(persona).state
    assert by_voice.profile == by_text.profile
