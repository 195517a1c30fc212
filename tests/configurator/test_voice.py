"""The configurator's voice channel: its assistant, its tool calls, its token, its live feed."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import pytest

from allokoli.auth.webhook_secrets import configurator_webhook_secret
from allokoli.configurator.voice import ANSWER, CONFIRM, RECAP, REFUSED
from allokoli.configurator.voice_assistant import configurator_assistant
from allokoli.configurator.voice_token import VARIABLE, issue
from allokoli.domain.profile import VoiceGender
from allokoli.http.deps import AlloKoliApp
from tests import vapi_schema
from tests.configurator.test_sessions_api import ANSWERS
from tests.conftest import Account

HOOK = "/webhooks/vapi/configurator"


@pytest.mark.parametrize("gender", list(VoiceGender))
def test_configurator_assistant_is_valid_for_vapi(gender: VoiceGender) -> None:
    body = configurator_assistant("https://allokoli.example", gender)
    assert vapi_schema.errors(body, strict=True) == []
    tools = [t["function"]["name"] for t in body["model"]["tools"]]
    assert tools == [ANSWER, RECAP, CONFIRM]
    assert all(
        t["server"]["url"] == f"https://allokoli.example{HOOK}" for t in body["model"]["tools"]
    )
    assert body["transcriber"]["language"].startswith("fr")
    # With the webhook credential in `server.headers` (the deployed assistant) it is still valid.
    secured = configurator_assistant("https://allokoli.example", gender, {"X-Vapi-Secret": "s"})
    assert vapi_schema.errors(secured, strict=True) == []
    assert secured["server"]["headers"] == {"X-Vapi-Secret": "s"}
    assert all(t["server"]["headers"] == {"X-Vapi-Secret": "s"} for t in secured["model"]["tools"])
    assert "startSpeakingPlan" in body and body["artifactPlan"]["recordingEnabled"] is False


def _start(acc: Account) -> tuple[str, str]:
    r = acc.client.post("/api/v1/configurator/sessions", headers=acc.auth)
    sid = r.json()["id"]
    voice = acc.client.post(f"/api/v1/configurator/sessions/{sid}/voice", headers=acc.auth)
    assert voice.status_code == 200, voice.text
    body = voice.json()
    token = body["assistant_overrides"]["variableValues"][VARIABLE]
    assert body["assistant"]["name"] and token
    return sid, token


def _installation_secret(acc: Account) -> str:
    return configurator_webhook_secret(acc.client.app.services.settings)  # type: ignore[attr-defined]


def _tool_call(
    acc: Account,
    token: str | None,
    name: str,
    text: str | None = None,
    *,
    credential: str | None = None,
) -> str:
    """A tool call as Vapi sends it; `credential` defaults to the deployed assistant's."""
    args: dict[str, Any] = {} if text is None else {"text": text}
    message: dict[str, Any] = {
        "type": "tool-calls",
        "call": {"id": "call-1", "type": "webCall"},
        "toolCallList": [
            {
                "id": uuid.uuid4().hex,
                "type": "function",
                "function": {"name": name, "arguments": args},
            }
        ],
    }
    if token is not None:
        message["call"]["assistantOverrides"] = {"variableValues": {VARIABLE: token}}
    secret = credential or _installation_secret(acc)
    r = acc.client.post(HOOK, json={"message": message}, headers={"X-Vapi-Secret": secret})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert len(results) == 1 and "\n" not in results[0]["result"]
    return str(results[0]["result"])


def _transcript(acc: Account, sid: str) -> list[dict[str, Any]]:
    detail = acc.client.get(f"/api/v1/configurator/sessions/{sid}", headers=acc.auth).json()
    return list(detail["transcript"])


def _talk_to_done(acc: Account, sid: str, token: str) -> dict[str, Any]:
    for text in ANSWERS:
        said = _tool_call(acc, token, ANSWER, text)
        state = acc.client.get(f"/api/v1/configurator/sessions/{sid}", headers=acc.auth).json()
        if state["stage"] == "recap":
            break
    for _ in range(3):
        said = _tool_call(acc, token, CONFIRM)
        state = acc.client.get(f"/api/v1/configurator/sessions/{sid}", headers=acc.auth).json()
        if state["done"]:
            break
    assert said
    return dict(state)


def test_voice_tool_calls_drive_the_same_session_to_an_assistant(alice: Account) -> None:
    sid, token = _start(alice)
    # The first answer is typed, the rest said: one session, one transcript.
    alice.client.post(
        f"/api/v1/configurator/sessions/{sid}/turns", json={"text": ANSWERS[0]}, headers=alice.auth
    )
    recap = _tool_call(alice, token, RECAP)
    assert recap and "?" in recap
    state = _talk_to_done(alice, sid, token)
    assert state["done"] is True and state["assistant_id"]
    assert state["profile"]["company_name"] == "Belle Mèche"
    owner_turns = [t["text"] for t in _transcript(alice, sid) if t["role"] == "owner"]
    assert owner_turns[0] == ANSWERS[0] and ANSWERS[1] in owner_turns


def test_numbers_are_spoken_in_french_words(alice: Account) -> None:
    _, token = _start(alice)
    said = _tool_call(
        alice, token, ANSWER, "Je suis plombier à Lyon, Plomberie Martin, au 06 12 34 56 78"
    )
    assert "06 12" not in said


def _assert_refused(acc: Account, sid: str, token: str | None) -> None:
    before = _transcript(acc, sid)
    assert _tool_call(acc, token, ANSWER, "Je suis fleuriste à Laval") == REFUSED
    assert _tool_call(acc, token, CONFIRM) == REFUSED
    assert _transcript(acc, sid) == before


def test_forged_missing_or_foreign_tokens_are_refused(alice: Account) -> None:
    sid, token = _start(alice)
    _assert_refused(alice, sid, None)
    _assert_refused(alice, sid, token[:-4] + ("0000" if not token.endswith("0000") else "1111"))
    # A token of the right shape for this session, signed with another installation's secret.
    body, _, _ = token.rpartition(".")
    org, user, session = (uuid.UUID(p) for p in body.split(".")[1:4])
    foreign, _ = issue(
        "another-installation-secret-with-enough-length",
        organization_id=org,
        user_id=user,
        session_id=session,
        now=alice.client.app.services.clock(),  # type: ignore[attr-defined]
        lifetime=timedelta(minutes=5),
    )
    _assert_refused(alice, sid, foreign)
    # The token names this session: it cannot be moved to another one.
    moved = token.replace(session.hex[:8], "00000000", 1)
    _assert_refused(alice, sid, moved)


def test_expired_token_is_refused(app: AlloKoliApp, alice: Account) -> None:
    sid, token = _start(alice)
    later = app.services.clock() + timedelta(
        seconds=app.services.settings.configurator_voice_token_seconds + 1
    )
    app.services.clock = lambda: later
    _assert_refused(alice, sid, token)


def test_another_organisation_cannot_start_a_voice_session(alice: Account, bob: Account) -> None:
    sid, _ = _start(alice)
    r = bob.client.post(f"/api/v1/configurator/sessions/{sid}/voice", headers=bob.auth)
    assert r.status_code == 404


def test_live_events_push_each_voice_turn(app: AlloKoliApp, alice: Account) -> None:
    sid, token = _start(alice)
    feed = app.services.configurator_live
    received: dict[str, Any] = {}

    def watch() -> None:
        received["response"] = alice.client.get(f"/configurator/{sid}/events")

    watcher = threading.Thread(target=watch)
    watcher.start()
    deadline = time.monotonic() + 30
    while feed.subscribers(uuid.UUID(sid)) == 0:  # wait on the condition, not a fixed time
        assert time.monotonic() < deadline, "the page never subscribed"
        time.sleep(0.01)
    _talk_to_done(alice, sid, token)
    watcher.join(timeout=30)
    assert not watcher.is_alive()
    response = received["response"]
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [e for e in response.text.split("\n\n") if e.startswith("event: turn")]
    assert len(events) >= 3
    assert ANSWERS[0].split(",")[0] in events[0]
    assert '"done": true' in events[-1] and "Belle Mèche" in events[-1]


def test_the_page_offers_voice_only_with_a_public_key(app: AlloKoliApp, alice: Account) -> None:
    sid, _ = _start(alice)
    page = alice.client.get(f"/configurator/{sid}")
    assert page.status_code == 200 and "Parler au lieu d'écrire" not in page.text
    app.services.settings.vapi_public_key = "pk-test-public"
    page = alice.client.get(f"/configurator/{sid}")
    assert "Parler au lieu d&#39;écrire" in page.text or "Parler au lieu d'écrire" in page.text
    assert f'data-start="/api/v1/configurator/sessions/{sid}/voice"' in page.text
    assert f'data-events="/configurator/{sid}/events"' in page.text
    assert "vendor/voice.bundle.js" in page.text


def test_the_page_can_start_a_voice_session_with_its_cookie(alice: Account) -> None:
    started = alice.client.post(
        "/configurator", data={"csrf_token": alice.csrf}, follow_redirects=False
    )
    assert started.status_code == 303
    sid = started.headers["location"].rsplit("/", 1)[-1]
    r = alice.client.post(
        f"/api/v1/configurator/sessions/{sid}/voice", headers={"X-CSRF-Token": alice.csrf}
    )
    assert r.status_code == 200, r.text
    assert r.json()["assistant_overrides"]["variableValues"][VARIABLE]


def test_the_recap_is_read_as_sentences_with_times_in_words() -> None:
    from allokoli.configurator import start, turn
    from allokoli.configurator.voice import _spoken
    from tests.configurator.simulate import Owner, load_personas

    owner = Owner(load_personas()[0])
    reply, state = start()
    while str(reply.stage) != "recap" and not reply.done:
        reply, state = turn(state, owner.say(reply))
    said = _spoken(reply)
    assert "\n" not in said and " - " not in said
    assert "Voici le récapitulatif" in said and said.endswith("?")
    assert "11 h 30" not in said and "onze heures trente" in said
