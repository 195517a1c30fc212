"""The optional LLM path, against a fake OpenAI-compatible endpoint at the HTTP boundary."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from allokoli.configurator import (
    LLMExtractor,
    OpenAIExtractor,
    extractor_from_settings,
    merge_facts,
    start,
    turn,
)
from allokoli.configurator.llm import LLMFacts, llm_json_schema, to_extracted
from allokoli.settings import Settings
from allokoli.understanding import ExtractedFacts, IntentKind, extract_facts
from tests.configurator.fake_llm import Canned, FakeLLM, fake_llm
from tests.configurator.simulate import load_personas, run_persona

__all__ = ["fake_llm"]  # the fixture

BASE_URL = "http://127.0.0.1:9/v1"  # for tests that never call the endpoint


def llm_facts(**values: Any) -> dict[str, Any]:
    """A complete LLMFacts payload: everything null / empty unless given."""
    data: dict[str, Any] = {
        "intent": "answer",
        "correction_target": None,
        "yes_no": None,
        "company_name": None,
        "owner_name": None,
        "address": None,
        "opening_hours": None,
        "services": [],
        "service_area": None,
        "tasks": [],
        "transfer_number": None,
        "tone_register": None,
        "tone_style": None,
        "voice_gender": None,
        "email": None,
        "confidence": [],
    }
    data.update(values)
    LLMFacts.model_validate(data)  # the fixture itself must follow the schema
    return data


@pytest.fixture
def extractor(fake_llm: FakeLLM) -> Iterator[OpenAIExtractor]:
    extractor = OpenAIExtractor(fake_llm.base_url, "test-key", "fake-model", timeout=3.0)
    yield extractor
    extractor.close()


# --- the schema ---------------------------------------------------------------------------------


def _objects(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            found.append(node)
        for value in node.values():
            found += _objects(value)
    elif isinstance(node, list):
        for value in node:
            found += _objects(value)
    return found


def test_json_schema_is_strict_structured_output() -> None:
    schema = llm_json_schema()
    objects = _objects(schema)
    assert len(objects) >= 6
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
        assert all("default" not in prop for prop in obj["properties"].values())


# --- the request and the validation of the answer -------------------------------------------------


def test_extract_sends_structured_output_request_and_validates(
    fake_llm: FakeLLM, extractor: OpenAIExtractor
) -> None:
    fake_llm.reply_json(
        llm_facts(
            company_name="Maison Dupont",
            tasks=["take_message", "book_appointment"],
            voice_gender="masculine",
            opening_hours={
                "days": [
                    {"day": "lundi", "closed": True, "ranges": []},
                    {
                        "day": "mardi",
                        "closed": False,
                        "ranges": [{"start": "09:00", "end": "18:00"}],
                    },
                ],
                "by_appointment": False,
            },
        )
    )
    text = "ici c'est la maison dupont, on répare les vélos, fermé le lundi, mardi 9h-18h"
    facts = extractor.extract(text, asked="activity", question="Quel est votre métier ?")
    assert facts is not None
    assert facts.company_name == "Maison Dupont"
    assert facts.tasks == ["take_message", "book_appointment"]
    assert facts.voice_gender == "masculine"
    assert facts.opening_hours is not None and len(facts.opening_hours.days) == 2
    assert fake_llm.paths == ["/v1/chat/completions"]
    body = fake_llm.requests[-1]
    assert body["model"] == "fake-model"
    assert body["temperature"] == 0
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == llm_json_schema()
    assert text in body["messages"][-1]["content"]
    assert fake_llm.headers[-1]["authorization"] == "Bearer test-key"


def test_hallucinated_values_are_dropped() -> None:
    text = "Plombier à Lyon, je prends les urgences au 06 12 34 56 78, dépannage 80 euros"
    facts = to_extracted(
        LLMFacts.model_validate(
            llm_facts(
                company_name="Plomberie Dupuis",  # never said
                transfer_number="06 99 99 99 99",  # never said
                services=[
                    {"name": "Dépannage", "price_eur": 80, "duration_minutes": None},
                    {"name": "Devis", "price_eur": 45, "duration_minutes": None},  # no 45
                ],
                address={"street": None, "postal_code": "69003", "city": "Lyon"},
            )
        ),
        text,
    )
    assert facts.company_name is None
    assert facts.transfer_number is None
    assert [(s.name, s.price_eur) for s in facts.services] == [("Dépannage", 80), ("Devis", None)]
    assert facts.address is not None
    assert facts.address.city == "Lyon" and facts.address.postal_code is None


def test_phone_said_in_words_is_accepted() -> None:
    text = "mon portable c'est le zéro six douze trente-quatre cinquante-six soixante-dix-huit"
    facts = to_extracted(LLMFacts.model_validate(llm_facts(transfer_number="0612345678")), text)
    assert facts.transfer_number == "+33612345678"
    assert "transfer_urgent" in facts.tasks


# --- every failure falls back silently ----------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    ["500", "401", "not-json", "incomplete", "bad-enum", "empty", "garbage-body"],
)
def test_any_error_gives_none_and_a_warning(
    fake_llm: FakeLLM,
    extractor: OpenAIExtractor,
    failure: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    if failure == "500":
        fake_llm.fail(500)
    elif failure == "401":
        fake_llm.fail(401, '{"error": {"message": "bad key"}}')
    elif failure == "not-json":
        fake_llm.reply("this is not json")
    elif failure == "incomplete":
        fake_llm.reply(json.dumps({"intent": "answer"}))
    elif failure == "bad-enum":
        fake_llm.reply(json.dumps({**llm_facts(), "voice_gender": "robotique"}))
    elif failure == "empty":
        fake_llm.reply(None)
    else:
        fake_llm.queue.append(Canned(200, "<html>proxy error</html>"))
    with caplog.at_level(logging.WARNING, logger="allokoli.configurator.llm"):
        assert extractor.extract("je suis plombier") is None
    assert any("deterministic path" in r.getMessage() for r in caplog.records)


def test_unreachable_endpoint_gives_none() -> None:
    extractor = OpenAIExtractor("http://127.0.0.1:9/v1", None, "fake-model", timeout=1.0)
    try:
        assert extractor.extract("je suis plombier") is None
    finally:
        extractor.close()


def test_hard_deadline_when_the_server_is_slow(
    fake_llm: FakeLLM, caplog: pytest.LogCaptureFixture
) -> None:
    fake_llm.queue.clear()
    fake_llm.reply(json.dumps(llm_facts(company_name="plombier")), delay=0.8)
    fast = OpenAIExtractor(fake_llm.base_url, None, "fake-model", timeout=0.2)
    with caplog.at_level(logging.WARNING, logger="allokoli.configurator.llm"):
        assert fast.extract("je suis plombier") is None
    assert any("timed out" in r.getMessage() for r in caplog.records)
    time.sleep(0.3)
    fast.close()


# --- merging with the deterministic extraction --------------------------------------------------


def test_deterministic_values_win_and_the_llm_fills_gaps() -> None:
    text = "mon portable 06 12 34 56 78 pour les urgences, le fixe du salon 04 78 00 00 00"
    deterministic = extract_facts(text)
    assert deterministic.transfer_number == "+33612345678"
    llm = to_extracted(
        LLMFacts.model_validate(
            llm_facts(transfer_number="04 78 00 00 00", voice_gender="féminine")
        ),
        text,
    )
    merged = merge_facts(deterministic, llm)
    assert merged.transfer_number == "+33612345678"
    assert merged.voice_gender == "féminine"


def test_a_confident_llm_wins_a_field_both_read_and_only_with_the_owners_words() -> None:
    text = "Bonjour, ici Garage des Trois Ponts, on répare toutes marques à Roubaix"
    deterministic = extract_facts(text).model_copy(update={"company_name": "Trois Ponts"})
    sure = to_extracted(
        LLMFacts.model_validate(
            llm_facts(
                company_name="Garage des Trois Ponts",
                confidence=[{"fact": "company_name", "score": 0.9}],
            )
        ),
        text,
    )
    assert sure.confidence == {"company_name": 0.9}
    merged = merge_facts(deterministic, sure)
    assert merged.company_name == "Garage des Trois Ponts"
    assert merged.confidence["company_name"] == 0.9
    # unsure, or sure of a reading below the deterministic one's: the deterministic value stays
    unsure = sure.model_copy(update={"confidence": {"company_name": 0.4}})
    assert merge_facts(deterministic, unsure).company_name == "Trois Ponts"
    scored = deterministic.model_copy(update={"confidence": {"company_name": 0.95}})
    assert merge_facts(scored, sure).company_name == "Trois Ponts"
    # a confident value the owner never said is dropped before the merge
    invented = to_extracted(
        LLMFacts.model_validate(
            llm_facts(
                company_name="Garage Dupont",
                confidence=[{"fact": "company_name", "score": 1.0}],
            )
        ),
        text,
    )
    assert invented.company_name is None and invented.confidence == {}
    assert merge_facts(deterministic, invented).company_name == "Trois Ponts"


def test_parsed_values_need_a_very_sure_llm_to_be_replaced() -> None:
    text = "mon portable 06 12 34 56 78 pour les urgences, le fixe du salon 04 78 00 00 00"
    deterministic = extract_facts(text)
    payload = llm_facts(
        transfer_number="04 78 00 00 00",
        confidence=[{"fact": "transfer_number", "score": 0.8}],
    )
    llm = to_extracted(LLMFacts.model_validate(payload), text)
    assert merge_facts(deterministic, llm).transfer_number == "+33612345678"
    llm.confidence["transfer_number"] = 0.97
    assert merge_facts(deterministic, llm).transfer_number == "+33478000000"


def test_llm_intent_only_when_the_deterministic_path_found_nothing() -> None:
    text = "bof, on verra ça une autre fois"
    deterministic = extract_facts(text)
    llm = ExtractedFacts(intent=IntentKind.SKIP)
    assert merge_facts(deterministic, llm).intent is IntentKind.SKIP
    answer = extract_facts("fermé le lundi", expecting="opening_hours")
    assert merge_facts(answer, llm).intent is answer.intent


# --- through the engine ---------------------------------------------------------------------------


def test_engine_uses_llm_facts(fake_llm: FakeLLM, extractor: OpenAIExtractor) -> None:
    fake_llm.reply_json(llm_facts(company_name="les Délices de Léa"))
    _, state = start()
    text = "je fais des gâteaux sur commande, les délices de léa, à Nantes"
    reply, state = turn(state, text, llm=extractor)
    assert state.profile["company_name"] == "les Délices de Léa"
    assert state.llm_used == 1
    assert reply.asked != "company_name"
    sent = fake_llm.requests[-1]["messages"][-1]["content"]
    assert json.loads(sent)["fact_asked"] == "activity"


def test_engine_with_a_broken_llm_behaves_like_without(
    fake_llm: FakeLLM, extractor: OpenAIExtractor
) -> None:
    fake_llm.fail(503)
    _, state = start()
    text = "Je suis plombier à Lyon, Plomberie Martin, urgences au 06 12 34 56 78"
    with_llm, state_llm = turn(state, text, llm=extractor)
    without, state_plain = turn(state, text)
    assert with_llm.text == without.text
    assert state_llm.profile == state_plain.profile
    assert state_llm.llm_used == 0


def test_engine_survives_an_extractor_that_raises() -> None:
    class Broken:
        def extract(
            self, text: str, *, asked: str | None = None, question: str | None = None
        ) -> ExtractedFacts | None:
            raise RuntimeError("bug")

    _, state = start()
    _reply, state = turn(state, "pizzeria à Lille, Da Marco", llm=Broken())
    assert state.profile["company_name"] == "Da Marco"


class NullLLM:
    """An LLM that understood nothing: the conversation must be exactly the deterministic one."""

    def extract(
        self, text: str, *, asked: str | None = None, question: str | None = None
    ) -> ExtractedFacts | None:
        return ExtractedFacts()


@pytest.mark.parametrize("persona", load_personas()[:8], ids=lambda p: p["id"])
def test_an_llm_that_finds_nothing_changes_nothing(persona: dict[str, Any]) -> None:
    plain = run_persona(persona)
    with_llm = run_persona(persona, llm=NullLLM())
    assert with_llm.transcript == plain.transcript
    assert with_llm.state.profile == plain.state.profile
    assert with_llm.state.llm_used == with_llm.turns


def test_extractor_from_settings() -> None:
    assert extractor_from_settings(Settings(llm_base_url=None)) is None
    configured = Settings(llm_base_url=BASE_URL, llm_api_key=None, llm_model="mistral-small")
    extractor = extractor_from_settings(configured)
    assert isinstance(extractor, OpenAIExtractor)
    assert extractor.model == "mistral-small" and extractor.timeout == 3.0


def test_protocol_is_satisfied_by_the_openai_extractor() -> None:
    extractor: LLMExtractor = OpenAIExtractor(BASE_URL, None, "m")
    assert callable(extractor.extract)
