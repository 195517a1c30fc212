"""Behaviour of the generator: robustness on any profile, tone, voice, recording, sector rules,
facts-only prompts, tools and the settings of VOICE-PRACTICES."""

from __future__ import annotations

import re
import string
from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import WEEKDAYS, BusinessProfile, Task
from allokoli.generation import vapi_models as vm
from allokoli.generation.recommendations import load_recommendations
from allokoli.generation.service import assistant_name, generate
from tests import vapi_schema
from tests.generation.test_vapi_schema import minimal_profile, rich_profile

NOW = datetime(2026, 11, 25, 10, 0)
CATALOGUE = load_catalogue()
SUBTYPES = CATALOGUE.all_subtypes()
SCHEMA_PRESENT = vapi_schema.openapi_path().is_file()


def _by_id(subtype_id: str) -> Any:
    return next(pair for pair in SUBTYPES if pair[1].id == subtype_id)


def _first_of_family(family_id: str) -> Any:
    return next(pair for pair in SUBTYPES if pair[0].id == family_id)


def _prompt(body: dict[str, Any]) -> str:
    content = body["model"]["messages"][0]["content"]
    assert isinstance(content, str)
    return content


# --- Robustness (Hypothesis) -----------------------------------------------------------------

_text = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " '-,.:{}()€@éèàçôÉ\n\t"),
    max_size=60,
)
_phone = st.sampled_from(
    ["06 12 34 56 78", "+33 4 78 12 34 56", "0800 12 34 56", "+32 470 12 34 56", "07.11.22.33.44"]
    * 3
    + ["12", "", "abc"]
)
_minutes = st.integers(0, 24 * 4 - 1).map(lambda q: q * 15)


def _range(pair: tuple[int, int]) -> dict[str, str]:
    start, end = sorted(pair)
    return {
        "start": f"{start // 60:02d}:{start % 60:02d}",
        "end": f"{end // 60:02d}:{end % 60:02d}",
    }


_day = st.fixed_dictionaries(
    {
        "day": st.sampled_from(WEEKDAYS),
        # Mostly well-ordered ranges, sometimes a reversed or empty one the profile refuses.
        "ranges": st.lists(st.tuples(_minutes, _minutes).map(_range), max_size=3),
    }
)
_sector = st.one_of(
    st.none(),
    st.sampled_from([{"family": f.id, "subtype": s.id} for f, s in SUBTYPES]),
    st.fixed_dictionaries({"family": _text, "subtype": _text}),
)
_profile_data = st.fixed_dictionaries(
    {"company_name": st.one_of(_text, st.text(min_size=1, max_size=130))},
    optional={
        "activity": _text,
        "sector": _sector,
        "address": st.fixed_dictionaries(
            {},
            optional={
                "street": _text,
                "postal_code": st.sampled_from(["69002", "75011", "06000", "1234"]),
                "city": _text,
            },
        ),
        "business_phone": _phone,
        "email": st.sampled_from(["contact@exemple.fr", "pas-un-email", "A@B.CO"]),
        "website": st.sampled_from(["https://www.exemple.fr/", "exemple", "http://x.io"]),
        "opening_hours": st.fixed_dictionaries(
            {},
            optional={
                "days": st.lists(_day, max_size=7, unique_by=lambda d: d["day"]),
                "by_appointment": st.booleans(),
                "open_on_public_holidays": st.booleans(),
                "note": _text,
                "closures": st.lists(
                    st.fixed_dictionaries(
                        {"start": st.dates().map(str)}, optional={"reason": _text}
                    ),
                    max_size=2,
                ),
            },
        ),
        "services": st.lists(
            st.fixed_dictionaries(
                {"name": _text},
                optional={
                    "price_eur": st.one_of(
                        st.floats(0, 100_000, allow_nan=False), st.integers(-5, 10)
                    ),
                    "price_note": _text,
                    "duration_minutes": st.integers(0, 2000),
                },
            ),
            max_size=4,
        ),
        "specialties": st.lists(_text, max_size=3),
        "service_area": _text,
        "tone": st.fixed_dictionaries(
            {},
            optional={
                "register": st.sampled_from(["vouvoiement", "tutoiement", "autre"]),
                "style": st.sampled_from(
                    ["formel", "chaleureux", "dynamique", "rassurant", "décontracté"]
                ),
            },
        ),
        "voice_gender": st.sampled_from(["féminine", "masculine", None]),
        "tasks": st.lists(st.sampled_from([t.value for t in Task]), max_size=4),
        "transfer_number": _phone,
        "transfer_when": _text,
        "owner_name": _text,
        "faq": st.lists(st.fixed_dictionaries({"question": _text, "answer": _text}), max_size=3),
        "policies": st.fixed_dictionaries(
            {}, optional={"cancellation": _text, "payment": _text, "delivery": _text}
        ),
        "recording_enabled": st.booleans(),
        "notes": _text,
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_profile_data)
def test_any_profile_gives_a_valid_assistant_or_a_clean_validation_error(
    data: dict[str, Any],
) -> None:
    try:
        profile = BusinessProfile.model_validate(data)
    except ValidationError:
        event("profile refused")
        return
    try:
        body = generate(profile, now=NOW).vapi_assistant
    except ValidationError:
        event("generation refused")
        return
    event("assistant generated")
    vm.CreateAssistantDTO.model_validate(body)
    if SCHEMA_PRESENT:
        assert vapi_schema.errors(body, strict=True) == []
    assert len(body["name"]) <= 40
    assert body["artifactPlan"]["recordingEnabled"] is profile.recording_enabled


# --- Tone, voice, recording ------------------------------------------------------------------

_VOUS = re.compile(r"\b(vous|votre|vos)\b", re.IGNORECASE)


@pytest.mark.parametrize("pair", SUBTYPES, ids=lambda pair: pair[1].id)
def test_tutoiement_everywhere_the_caller_hears(pair: Any) -> None:
    family, subtype = pair
    profile = rich_profile(
        family,
        subtype,
        company_name="Atelier Martin",
        tone={"register": "tutoiement", "style": "décontracté"},
    )
    body = generate(profile, now=NOW).vapi_assistant

    heard = [body["firstMessage"], body["endCallMessage"], *body["endCallPhrases"]]
    for hook in body["hooks"]:
        for action in hook["do"]:
            exact = action.get("exact", [])
            heard += [exact] if isinstance(exact, str) else exact
    for tool in body["model"]["tools"]:
        heard += [m["content"] for m in tool.get("messages", []) if m.get("role") != "system"]
        heard += [d.get("message", "") for d in tool.get("destinations", [])]
    for sentence in heard:
        assert not _VOUS.search(sentence), sentence
    assert "tutoie" in _prompt(body)


@pytest.mark.parametrize("gender", ["féminine", "masculine"])
@pytest.mark.parametrize("style", ["formel", "chaleureux", "dynamique", "rassurant", "décontracté"])
def test_voice_gender_is_respected(gender: str, style: str) -> None:
    family, subtype = _by_id("pizzeria")
    result = generate(
        rich_profile(family, subtype, voice_gender=gender, tone={"style": style}), now=NOW
    )
    voices = {v.id: v for v in load_recommendations().voices}
    chosen = voices[result.recommendations.voice.id]
    assert chosen.gender.value == gender
    first = result.vapi_assistant["firstMessage"]
    if gender == "masculine":
        assert "assistante" not in first
    else:
        assert not re.search(r"\bassistant\b", first)
    fallbacks = result.vapi_assistant["voice"]["fallbackPlan"]["voices"]
    assert fallbacks and all(v["provider"] == "azure" for v in fallbacks)


def test_default_gender_comes_from_the_sector_with_a_lower_confidence() -> None:
    family, subtype = _by_id("pizzeria")
    chosen = generate(minimal_profile(family, subtype), now=NOW).recommendations.voice
    profile = minimal_profile(family, subtype).model_copy(
        update={"voice_gender": subtype.voice_gender}
    )
    stated = generate(profile, now=NOW).recommendations.voice
    assert stated.id == chosen.id
    assert chosen.confidence < stated.confidence
    assert "par défaut" in chosen.reason


def test_recording_is_off_by_default_and_disclosed_when_on() -> None:
    family, subtype = _by_id("pizzeria")
    off = generate(minimal_profile(family, subtype), now=NOW).vapi_assistant
    assert off["artifactPlan"]["recordingEnabled"] is False
    assert "enregistré" not in off["firstMessage"]
    assert "ne sont pas enregistrés" in _prompt(off)

    on = generate(rich_profile(family, subtype, recording_enabled=True), now=NOW).vapi_assistant
    assert on["artifactPlan"]["recordingEnabled"] is True
    assert "Cet appel est enregistré" in on["firstMessage"]
    assert "Cet appel est enregistré" in _prompt(on)


@pytest.mark.parametrize("pair", SUBTYPES, ids=lambda pair: pair[1].id)
def test_first_message_discloses_the_ai_and_names_the_business(pair: Any) -> None:
    family, subtype = pair
    body = generate(minimal_profile(family, subtype), now=NOW).vapi_assistant
    first = body["firstMessage"].casefold()
    assert "intelligence artificielle" in first or "automatique" in first
    assert "ets martin" in first
    assert "{" not in body["firstMessage"] + body["endCallMessage"]
    assert not re.search(r"\b(de le|à le|de les)\b", body["firstMessage"])


# --- Sector rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("pair", [p for p in SUBTYPES if p[0].id == "sante"], ids=lambda p: p[1].id)
def test_health_prompt_forbids_medical_advice_and_sends_emergencies_to_15_112(pair: Any) -> None:
    family, subtype = pair
    result = generate(minimal_profile(family, subtype), now=NOW)
    prompt = _prompt(result.vapi_assistant)
    assert re.search(r"\b(15|quinze)\b", prompt)
    assert re.search(r"\b(112|cent douze)\b", prompt)
    assert "conseil médical" in prompt
    assert result.vapi_assistant["startSpeakingPlan"]["waitSeconds"] == 0.6
    assert result.recommendations.model.id == "gpt-4.1"


def test_other_sectors_use_the_default_turn_taking_and_model() -> None:
    family, subtype = _by_id("pizzeria")
    result = generate(minimal_profile(family, subtype), now=NOW)
    assert result.vapi_assistant["startSpeakingPlan"]["waitSeconds"] == 0.4
    assert result.vapi_assistant["model"]["model"] == "gpt-4.1-mini"


@pytest.mark.parametrize(
    "pair", [p for p in SUBTYPES if p[0].id == "artisans"], ids=lambda p: p[1].id
)
def test_craftsmen_qualify_emergency_versus_quote(pair: Any) -> None:
    family, subtype = pair
    prompt = _prompt(generate(minimal_profile(family, subtype), now=NOW).vapi_assistant)
    assert "urgence" in prompt
    assert "devis" in prompt


def test_sector_rules_and_prompt_blocks_come_from_the_catalogue() -> None:
    family, subtype = _by_id("pizzeria")
    prompt = _prompt(generate(minimal_profile(family, subtype), now=NOW).vapi_assistant)
    for text in [*family.rules, *subtype.prompt_blocks]:
        assert text in prompt


# --- Facts only ------------------------------------------------------------------------------


def test_prompt_claims_nothing_that_was_not_given() -> None:
    family, subtype = _by_id("pme_generique")
    prompt = _prompt(generate(minimal_profile(family, subtype), now=NOW).vapi_assistant)
    assert "N'invente jamais" in prompt
    assert "Horaires d'ouverture :" not in prompt
    assert "Prestations et tarifs :" not in prompt
    assert "Adresse :" not in prompt
    assert "Téléphone de l'établissement" not in prompt
    assert (
        "Informations non communiquées : l'adresse ; les horaires d'ouverture ; les prestations "
        "et les tarifs." in prompt
    )
    assert "ne dis jamais si c'est ouvert ou fermé" in prompt
    assert "check_opening_hours" not in prompt
    assert "transferCall" not in prompt
    assert "Tu ne peux pas transférer l'appel" in prompt
    # The only figures are the examples of how to read numbers, never the business's facts.
    context = prompt.split("# Informations sur")[1].split("# Déroulé")[0]
    assert "euros" not in context
    assert "heures" not in context.replace("les dates et les heures en français", "")


def test_given_facts_are_written_the_french_way() -> None:
    family, subtype = _by_id("plombier")
    prompt = _prompt(generate(rich_profile(family, subtype), now=NOW).vapi_assistant)
    assert "zéro quatre, soixante-dix-huit, douze, trente-quatre, cinquante-six" in prompt
    assert "Prestation courte : vingt-quatre euros cinquante, environ trente minutes." in prompt
    assert "à partir de quatre-vingts euros" in prompt
    assert "de neuf heures à midi et de quatorze heures à dix-neuf heures" in prompt
    assert "Du lundi au vendredi" in prompt
    assert "douze bis rue de la République, soixante-neuf zéro zéro deux Lyon" in prompt
    assert "contact arobase atelier tiret saint tiret germain point fr" in prompt
    assert "de neuf heures à dix-neuf heures" in prompt  # From the free-text activity.
    assert "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit" in prompt
    assert "vendredi vingt-cinq décembre (Noël)" in prompt
    assert "Du jeudi vingt-quatre décembre au samedi deux janvier" in prompt
    for section in (
        "# Identité",
        "# Façon de parler",
        "# Règles à respecter",
        "# Informations sur",
        "# Déroulé de l'appel",
        "# Exemples",
    ):
        assert section in prompt
    assert prompt.count("Exemple —") >= 3


def test_holidays_follow_now() -> None:
    family, subtype = _by_id("plombier")
    profile = rich_profile(family, subtype)
    spring = _prompt(generate(profile, now=datetime(2027, 4, 20, 9)).vapi_assistant)
    assert "samedi premier mai (Fête du Travail)" in spring
    assert "Noël" not in spring


# --- Tools, hooks and VOICE-PRACTICES settings -----------------------------------------------


def _tools(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for tool in body["model"]["tools"]:
        out[tool["function"]["name"] if tool["type"] == "function" else tool["type"]] = tool
    return out


def test_tools_of_a_rich_profile() -> None:
    family, subtype = _by_id("pizzeria")
    body = generate(
        rich_profile(family, subtype),
        server_url="https://example.org/hook",
        credential_id="c1",
        now=NOW,
    ).vapi_assistant
    tools = _tools(body)
    assert set(tools) == {
        "take_message",
        "request_appointment",
        "check_opening_hours",
        "transferCall",
        "endCall",
    }
    for name in ("take_message", "request_appointment", "check_opening_hours"):
        tool = tools[name]
        assert tool["function"]["strict"] is True
        params = tool["function"]["parameters"]
        assert sorted(params["required"]) == sorted(params["properties"])
        assert tool["server"] == {
            "url": "https://example.org/hook",
            "timeoutSeconds": 8,
            "credentialId": "c1",
        }
        kinds = [m["type"] for m in tool["messages"]]
        assert kinds.count("request-start") == 1 and "request-failed" in kinds
        assert "request-complete" not in kinds
        delays = [
            m["timingMilliseconds"]
            for m in tool["messages"]
            if m["type"] == "request-response-delayed"
        ]
        assert delays == [2500, 7000]
    destination = tools["transferCall"]["destinations"][0]
    assert destination["number"] == "+33698765432"
    assert destination["message"] == "Je vous mets en relation avec Marc, ne quittez pas."
    plan = destination["transferPlan"]
    assert plan["mode"] == "warm-transfer-experimental"
    assert plan["fallbackPlan"]["endCallEnabled"] is False
    assert "Marc" in plan["fallbackPlan"]["message"]
    assert "{{transcript}}" in str(plan["summaryPlan"]["messages"])
    assert "tool-calls" not in body["serverMessages"]


def test_no_transfer_without_a_number_and_no_server_without_url() -> None:
    family, subtype = _by_id("plombier")
    result = generate(minimal_profile(family, subtype), now=NOW)
    body = result.vapi_assistant
    assert "transferCall" not in _tools(body)
    assert "server" not in body
    assert all("server" not in t for t in body["model"]["tools"])
    assert "tool-calls" in body["serverMessages"]
    assert [h["on"] for h in body["hooks"]] == ["customer.speech.timeout"] * 2
    transfer = next(t for t in result.recommendations.tools if t.id == "transfer_call")
    assert transfer.included is False


def test_owner_tasks_decide_the_tools() -> None:
    family, subtype = _by_id("pizzeria")
    profile = minimal_profile(family, subtype).model_copy(update={"tasks": [Task.TAKE_MESSAGE]})
    assert set(_tools(generate(profile, now=NOW).vapi_assistant)) == {"take_message", "endCall"}


def test_voice_practices_settings() -> None:
    family, subtype = _by_id("pizzeria")
    body = generate(rich_profile(family, subtype), now=NOW).vapi_assistant
    transcriber = body["transcriber"]
    assert transcriber | {"keyterm": None} == transcriber | {
        "provider": "deepgram",
        "model": "nova-3",
        "language": "fr",
        "numerals": True,
        "endpointing": 300,
        "keyterm": None,
    }
    assert "Lyon" in transcriber["keyterm"] and "Marc" in transcriber["keyterm"]
    assert "rue de la République" in " ".join(transcriber["keyterm"])
    assert body["model"]["temperature"] == 0.3
    assert body["model"]["maxTokens"] == 200
    start = body["startSpeakingPlan"]
    assert start["transcriptionEndpointingPlan"] == {
        "onPunctuationSeconds": 0.1,
        "onNoPunctuationSeconds": 1.5,
        "onNumberSeconds": 1,
    }
    assert {r["type"] for r in start["customEndpointingRules"]} == {"assistant", "customer"}
    stop = body["stopSpeakingPlan"]
    assert (stop["numWords"], stop["voiceSeconds"], stop["backoffSeconds"]) == (2, 0.3, 1)
    assert "d'accord" in stop["acknowledgementPhrases"]
    assert "attendez" in stop["interruptionPhrases"]
    assert body["voice"]["chunkPlan"]["formatPlan"]["formattersEnabled"] == [
        "markdown",
        "asterisk",
        "stripAsterisk",
        "quote",
        "newline",
    ]
    assert body["firstMessageMode"] == "assistant-speaks-first"
    assert body["firstMessageInterruptionsEnabled"] is False
    assert body["maxDurationSeconds"] == 600
    assert body["voicemailDetection"] == "off"
    assert body["backgroundSound"] == "off"
    assert body["backgroundSpeechDenoisingPlan"] == {"smartDenoisingPlan": {"enabled": True}}
    artifact = body["artifactPlan"]
    assert artifact["recordingFormat"] == "mp3"
    assert artifact["transcriptPlan"] == {
        "enabled": True,
        "assistantName": "Assistant",
        "userName": "Client",
    }
    assert [o["name"] for o in artifact["structuredOutputs"]] == [
        "resume_appel",
        "fiche_appel",
        "questions_sans_reponse",
        "demande_traitee",
    ]
    assert body["serverMessages"][:4] == [
        "end-of-call-report",
        "status-update",
        "transfer-update",
        "hang",
    ]
    hooks = body["hooks"]
    assert hooks[0]["options"] == {
        "timeoutSeconds": 8,
        "triggerMaxCount": 2,
        "triggerResetMode": "onUserSpeech",
    }
    assert hooks[1]["do"][-1] == {"type": "tool", "tool": {"type": "endCall"}}
    assert hooks[2]["on"] == "call.ending"
    assert hooks[2]["filters"][0]["oneOf"] == ["pipeline-error"]
    assert body["metadata"]["sector"] == "restauration/pizzeria"
    assert body["metadata"]["allokoli_version"]


def test_end_call_phrases_are_french_and_never_bare() -> None:
    family, subtype = _by_id("pizzeria")
    body = generate(minimal_profile(family, subtype), now=NOW).vapi_assistant
    for phrase in body["endCallPhrases"]:
        assert 2 <= len(phrase) <= 140
        assert phrase.strip().casefold() not in {"au revoir", "merci", "bonne journée"}
        assert phrase in _prompt(body)


def test_no_english_only_elevenlabs_model_in_the_catalogue() -> None:
    for voice in load_recommendations().voices:
        if voice.config["provider"] == "11labs":
            assert voice.config["model"] in {"eleven_multilingual_v2", "eleven_flash_v2_5"}
            assert "language" not in voice.config


def test_assistant_name_fits_vapi_limit() -> None:
    assert assistant_name("Da Luigi") == "Da Luigi"
    long = assistant_name("Boulangerie Pâtisserie Artisanale de la Place du Marché de Villeurbanne")
    assert len(long) <= 40 and long.endswith("…")
    assert len(assistant_name("x" * 120)) <= 40


# --- Sector resolution -----------------------------------------------------------------------


def test_unknown_sector_in_profile_falls_back_to_detection_or_generic() -> None:
    profile = BusinessProfile.model_validate(
        {"company_name": "Zzz", "sector": {"family": "nope", "subtype": "nope"}}
    )
    result = generate(profile, now=NOW)
    assert result.sector.subtype == CATALOGUE.generic_subtype
    assert result.sector.source == "default"
    assert result.quality.issues  # "Secteur d'activité non reconnu" among them.


def test_sector_is_detected_from_the_activity() -> None:
    pytest.importorskip("allokoli.understanding.detection")
    profile = BusinessProfile.model_validate(
        {"company_name": "Dupont", "activity": "Je suis plombier à Lyon, dépannage 7j/7"}
    )
    result = generate(profile, now=NOW)
    assert result.sector.subtype == "plombier"
    assert result.sector.source == "detection"
    assert 0 < result.sector.confidence <= 1


def test_generation_does_not_mutate_cached_data() -> None:
    family, subtype = _by_id("pizzeria")
    first = generate(rich_profile(family, subtype), now=NOW)
    first.vapi_assistant["voice"]["chunkPlan"]["formatPlan"]["formattersEnabled"].append("number")
    first.recommendations.voice.config["speed"] = 2
    second = generate(rich_profile(family, subtype), now=NOW)
    assert (
        "number"
        not in second.vapi_assistant["voice"]["chunkPlan"]["formatPlan"]["formattersEnabled"]
    )
    assert second.recommendations.voice.config["speed"] == 1
