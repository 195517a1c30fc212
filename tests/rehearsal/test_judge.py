"""The optional LLM judge, against a fake OpenAI-compatible endpoint at the HTTP boundary."""

from __future__ import annotations

import json

import httpx
from pydantic import SecretStr

from allokoli.domain.profile import BusinessProfile
from allokoli.rehearsal.checks import Turn
from allokoli.rehearsal.judge import RUBRIC, LLMJudge, judge_from_settings
from allokoli.rehearsal.runner import RunResult, ScenarioResult
from allokoli.rehearsal.scenarios import Scenario
from allokoli.settings import Settings
from tests.conftest import TEST_SECRET

PROFILE = BusinessProfile.model_validate({"company_name": "Salon Léa"})


def _settings() -> Settings:
    return Settings(
        _env_file=None,
        env="test",
        secret_key=TEST_SECRET,
        llm_base_url="http://llm.test/v1",
        llm_api_key=SecretStr("cle-de-test"),
    )


def _result() -> ScenarioResult:
    scenario = Scenario(
        id="ai_disclosure", kind="ai_disclosure", title="Robot ?", opening="Robot ?"
    )
    turn = Turn("Vous êtes un robot ?", "Je suis l'assistante virtuelle du Salon Léa.")
    return ScenarioResult(scenario, runs=[RunResult([turn], [])])


def _completion(content: str) -> dict[str, object]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "gpt-4.1-mini",
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
    }


def test_the_judge_grades_against_the_rubric() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url == "http://llm.test/v1/chat/completions"
        assert request.headers["authorization"] == "Bearer cle-de-test"
        body = json.loads(request.content)
        seen.append(body)
        return httpx.Response(200, json=_completion('{"note": 4, "commentaire": "Clair et poli."}'))

    judge = LLMJudge(_settings(), http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    verdict = judge.grade(_result(), PROFILE)
    judge.close()
    assert verdict == {"note": 4, "commentaire": "Clair et poli."}
    messages = seen[0]["messages"]
    assert isinstance(messages, list) and messages[0]["content"] == RUBRIC
    assert "Assistant : Je suis l'assistante virtuelle du Salon Léa." in messages[1]["content"]


def test_an_unavailable_or_confused_judge_gives_no_verdict() -> None:
    answers = iter(
        [
            httpx.Response(500, json={"error": {"message": "boom"}}),
            httpx.Response(200, json=_completion("Très bien !")),
            httpx.Response(200, json=_completion('{"note": 9}')),
        ]
    )
    transport = httpx.MockTransport(lambda request: next(answers))
    judge = LLMJudge(_settings(), http_client=httpx.Client(transport=transport))
    assert [judge.grade(_result(), PROFILE) for _ in range(3)] == [None, None, None]
    judge.close()


def test_no_judge_without_an_llm() -> None:
    settings = Settings(_env_file=None, env="test", secret_key=TEST_SECRET)
    assert judge_from_settings(settings) is None
