"""What the sandbox accepts, Vapi accepts; what Vapi rejects, the sandbox rejects.

Each body is posted to the sandbox (`POST /assistant`) and checked with a JSON-schema validator
on the full Vapi contract (`shared/vapi/openapi.json`, component `CreateAssistantDTO`, read the
way VAPI.md says: `oneOf` as `anyOf`, JavaScript patterns unwrapped, unknown properties refused).
The two verdicts must agree.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.sandbox.conftest import AUTH, BASE, HOOK, SdkTestClient, assistant_body
from tests.vapi_schema import errors, openapi_path

if not openapi_path().exists():
    pytest.skip("shared/vapi/openapi.json is not beside the repository", allow_module_level=True)

FUNCTION_TOOL = {
    "type": "function",
    "function": {
        "name": "prendre_message",
        "description": "Enregistre le message de l'appelant.",
        "parameters": {
            "type": "object",
            "properties": {"nom": {"type": "string"}, "telephone": {"type": "string"}},
            "required": ["nom"],
        },
    },
}


def _model(**extra: Any) -> dict[str, Any]:
    return {"provider": "openai", "model": "gpt-4.1-mini", **extra}


CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("empty body", {}, True),
    ("name only", {"name": "Salon Élise"}, True),
    ("generated-like assistant", assistant_body(), True),
    ("name of exactly 40 characters", {"name": "n" * 40}, True),
    ("function tool", {"model": _model(tools=[FUNCTION_TOOL])}, True),
    (
        "transfer tool",
        {
            "model": _model(
                tools=[
                    {
                        "type": "transferCall",
                        "destinations": [{"type": "number", "number": "+33611223344"}],
                    }
                ]
            )
        },
        True,
    ),
    (
        "ElevenLabs voice with language",
        {
            "voice": {
                "provider": "11labs",
                "voiceId": "abc",
                "model": "eleven_turbo_v2_5",
                "language": "fr",
            }
        },
        True,
    ),
    ("server with timeout", {"server": {"url": HOOK, "timeoutSeconds": 20}}, True),
    (
        "summary plan",
        {"analysisPlan": {"summaryPlan": {"enabled": True, "timeoutSeconds": 10}}},
        True,
    ),
    ("serverMessages", {"serverMessages": ["end-of-call-report", "status-update"]}, True),
    ("unknown property", {"name": "Salon", "nom": "Salon"}, False),
    (
        "unknown nested property",
        {"voice": {"provider": "azure", "voiceId": "v", "pitch": 2}},
        False,
    ),
    ("bad enum", {"firstMessageMode": "assistant-speaks-last"}, False),
    ("name over 40 characters", {"name": "n" * 41}, False),
    (
        "bad tool name",
        {"model": _model(tools=[{**FUNCTION_TOOL, "function": {"name": "prendre message!"}}])},
        False,
    ),
    (
        "tool name over 64 characters",
        {"model": _model(tools=[{**FUNCTION_TOOL, "function": {"name": "t" * 65}}])},
        False,
    ),
    ("missing voiceId", {"voice": {"provider": "azure"}}, False),
    ("missing model name", {"model": {"provider": "openai"}}, False),
    ("unknown voice provider", {"voice": {"provider": "nope", "voiceId": "v"}}, False),
    ("temperature out of range", {"model": _model(temperature=3)}, False),
    ("maxDurationSeconds below minimum", {"maxDurationSeconds": 5}, False),
    (
        "unknown transcriber language",
        {"transcriber": {"provider": "deepgram", "language": "xx"}},
        False,
    ),
    ("name of the wrong type", {"name": 42}, False),
    ("unknown server message", {"serverMessages": ["end-of-call-report", "nope"]}, False),
    ("end-call phrase too short", {"endCallPhrases": ["a"]}, False),
    ("null property", {"name": None}, False),
]


def test_the_cases_cover_both_verdicts() -> None:
    assert len(CASES) >= 15
    assert sum(valid for *_, valid in CASES) >= 5
    assert sum(not valid for *_, valid in CASES) >= 10


@pytest.mark.parametrize(("label", "body", "valid"), CASES, ids=[c[0] for c in CASES])
def test_sandbox_and_vapi_schema_agree(
    api: SdkTestClient, label: str, body: dict[str, Any], valid: bool
) -> None:
    schema_errors = errors(body, "CreateAssistantDTO", strict=True)
    assert (not schema_errors) is valid, f"{label}: the expectation is wrong: {schema_errors}"
    response = api.post(f"{BASE}/assistant", json=body, headers=AUTH)
    assert (response.status_code == 201) is valid, f"{label}: sandbox said {response.text}"
    if valid:
        echoed = {
            k: v
            for k, v in response.json().items()
            if k not in ("id", "orgId", "createdAt", "updatedAt")
        }
        assert errors(echoed, "CreateAssistantDTO", strict=True) == []
    else:
        assert response.json()["error"] == "Bad Request"
