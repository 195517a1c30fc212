"""Every generated assistant validates against Vapi's OpenAPI schema (`CreateAssistantDTO`), and
the project's strict models reject what the schema rejects."""

from __future__ import annotations

import copy
import typing
from datetime import datetime
from typing import Any

import pytest
from pydantic import ValidationError

from allokoli.domain.catalogue import Family, Subtype, load_catalogue
from allokoli.domain.profile import BusinessProfile
from allokoli.generation import vapi_models as vm
from allokoli.generation.service import generate
from allokoli.generation.vapi_models import enums as vm_enums
from tests import vapi_schema

# A mark, not a module-level skip: the profile factories below are imported by other tests.
pytestmark = pytest.mark.skipif(
    not vapi_schema.openapi_path().is_file(),
    reason=f"Vapi OpenAPI schema not found at {vapi_schema.openapi_path()} "
    f"(set {vapi_schema.ENV_VAR} to its location)",
)

NOW = datetime(2026, 11, 25, 10, 0)
SUBTYPES = load_catalogue().all_subtypes()


def minimal_profile(family: Family, subtype: Subtype) -> BusinessProfile:
    """Only what is required, plus the sector."""
    return BusinessProfile.model_validate(
        {"company_name": "Ets Martin", "sector": {"family": family.id, "subtype": subtype.id}}
    )


def rich_profile(family: Family, subtype: Subtype, **changes: Any) -> BusinessProfile:
    """Every fact a configurator can fill, with French-looking values."""
    data: dict[str, Any] = {
        "company_name": f"{subtype.label} L'Atelier de Saint-Germain",
        "activity": f"{subtype.label} à Lyon depuis 1998, ouvert 9h-19h, devis au 06 12 34 56 78",
        "sector": {"family": family.id, "subtype": subtype.id},
        "address": {
            "street": "12 bis rue de la République",
            "postal_code": "69002",
            "city": "Lyon",
        },
        "business_phone": "04 78 12 34 56",
        "email": "contact@atelier-saint-germain.fr",
        "website": "https://www.atelier-saint-germain.fr/",
        "opening_hours": {
            "days": [
                {
                    "day": day,
                    "ranges": [
                        {"start": "09:00", "end": "12:00"},
                        {"start": "14:00", "end": "19:00"},
                    ],
                }
                for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
            ]
            + [
                {"day": "samedi", "ranges": [{"start": "09:30", "end": "12:30"}]},
                {"day": "dimanche", "ranges": []},
            ],
            "by_appointment": True,
            "closures": [
                {"start": "2026-12-24", "end": "2027-01-02", "reason": "congés de fin d'année"}
            ],
            "note": "Fermé à 18h la veille des jours fériés.",
        },
        "services": [
            {"name": "Prestation courte", "price_eur": 24.5, "duration_minutes": 30},
            {"name": "Prestation longue", "price_eur": 80, "price_note": "à partir de"},
            {"name": "Sur mesure", "price_note": "sur devis", "duration_minutes": 90},
        ],
        "specialties": ["travail soigné", "produits locaux"],
        "service_area": "Lyon et 20 km autour",
        "tone": {"register": "vouvoiement", "style": "formel"},
        "voice_gender": "masculine",
        "tasks": ["answer_faq", "take_message", "book_appointment", "transfer_urgent"],
        "transfer_number": "+33 6 98 76 54 32",
        "transfer_when": "urgence ou client professionnel",
        "owner_name": "Marc",
        "faq": [
            {"question": "Vous prenez la carte ?", "answer": "Oui, dès 10 €."},
            {"question": "Il y a un parking ?", "answer": "Oui, gratuit, devant la boutique."},
        ],
        "policies": {
            "cancellation": "Prévenir 24 heures à l'avance.",
            "payment": "Carte, espèces, chèque.",
            "delivery": "Livraison offerte dès 50 €.",
        },
        "recording_enabled": True,
        "notes": "Parking gratuit. Accès handicapé.",
    }
    data.update(changes)
    return BusinessProfile.model_validate(data)


def _ids(pair: tuple[Family, Subtype]) -> str:
    return pair[1].id


@pytest.mark.parametrize("pair", SUBTYPES, ids=_ids)
@pytest.mark.parametrize("kind", ["rich", "minimal"])
def test_every_subtype_generates_a_valid_assistant(pair: tuple[Family, Subtype], kind: str) -> None:
    family, subtype = pair
    profile = rich_profile(family, subtype) if kind == "rich" else minimal_profile(family, subtype)
    body = generate(profile, now=NOW).vapi_assistant

    assert vapi_schema.errors(body) == []
    assert vapi_schema.errors(body, strict=True) == []
    # The strict models read it back unchanged.
    assert vm.to_vapi_json(vm.CreateAssistantDTO.model_validate(body)) == body


@pytest.mark.parametrize("register", ["vouvoiement", "tutoiement"])
def test_assistant_with_server_and_credential_is_valid(register: str) -> None:
    family, subtype = SUBTYPES[0]
    profile = rich_profile(family, subtype, tone={"register": register, "style": "dynamique"})
    body = generate(
        profile, server_url="https://example.org/webhooks/vapi", credential_id="cred_1", now=NOW
    ).vapi_assistant

    assert body["server"] == {
        "url": "https://example.org/webhooks/vapi",
        "timeoutSeconds": 8,
        "credentialId": "cred_1",
    }
    assert vapi_schema.errors(body, strict=True) == []


def _valid_body() -> dict[str, Any]:
    family, subtype = SUBTYPES[0]
    return generate(rich_profile(family, subtype), now=NOW).vapi_assistant


def _set(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(body)
    node: Any = out
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value
    return out


def _first_function_index(body: dict[str, Any]) -> int:
    return next(i for i, t in enumerate(body["model"]["tools"]) if t["type"] == "function")


INVALID = {
    "unknown top-level field": ("silenceTimeoutSeconds", 30),
    "unknown nested field": ("voice.emotion", "joy"),
    "bad enum": ("firstMessageMode", "assistant-speaks-later"),
    "bad transcriber language": ("transcriber.language", "fr-XX"),
    "bad model": ("model.model", "gpt-imaginary"),
    "name over 40 characters": ("name", "x" * 41),
    "end-call phrase too short": ("endCallPhrases", ["a"]),
    "duration below minimum": ("maxDurationSeconds", 5),
    "voice seconds above maximum": ("stopSpeakingPlan.voiceSeconds", 0.9),
    "number given as a string": ("maxDurationSeconds", "600"),
    "bad server message": ("serverMessages", ["end-of-call-report", "everything"]),
    "bad hook event": ("hooks.ENDING.on", "call.timeElapsed"),
    "bad transfer mode": ("model.tools.TRANSFER.destinations.0.transferPlan.mode", "warm"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_strict_models_reject_what_the_schema_rejects(case: str) -> None:
    body = _valid_body()
    path, value = INVALID[case]
    if "TRANSFER" in path:
        index = next(i for i, t in enumerate(body["model"]["tools"]) if t["type"] == "transferCall")
        path = path.replace("TRANSFER", str(index))
    if "ENDING" in path:
        index = next(i for i, h in enumerate(body["hooks"]) if h["on"] == "call.ending")
        path = path.replace("ENDING", str(index))
    bad = _set(body, path, value)

    assert vapi_schema.errors(bad, strict=True), f"the schema accepted: {case}"
    with pytest.raises(ValidationError):
        vm.CreateAssistantDTO.model_validate(bad)


@pytest.mark.parametrize("name", ["take message", "prise_de_message_é", "x" * 65, ""])
def test_bad_tool_names_are_rejected_by_both(name: str) -> None:
    body = _valid_body()
    bad = _set(body, f"model.tools.{_first_function_index(body)}.function.name", name)

    assert vapi_schema.errors(bad)
    with pytest.raises(ValidationError):
        vm.CreateAssistantDTO.model_validate(bad)


def test_unknown_fields_are_rejected_as_vapi_does_not_as_the_bare_schema_says() -> None:
    bad = _set(_valid_body(), "silenceTimeoutSeconds", 30)
    assert vapi_schema.errors(bad) == []  # The spec itself lists no additionalProperties.
    assert vapi_schema.errors(bad, strict=True)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": "Accueil", "firstMessage": "Bonjour !"},
        {"voice": {"provider": "azure", "voiceId": "fr-FR-HenriNeural"}},
        {
            "voice": {
                "provider": "11labs",
                "voiceId": "abc",
                "model": "eleven_turbo_v2_5",
                "language": "fr",
            }
        },
        {"transcriber": {"provider": "deepgram", "model": "nova-3-general", "language": "fr"}},
        {"model": {"provider": "openai", "model": "gpt-4.1-mini-2025-04-14:westeurope"}},
        {"serverMessages": ["end-of-call-report", "tool-calls"], "backgroundSound": "office"},
    ],
)
def test_same_valid_bodies_accepted_by_both(body: dict[str, Any]) -> None:
    assert vapi_schema.errors(body, strict=True) == []
    assert vm.to_vapi_json(vm.CreateAssistantDTO.model_validate(body)) == body
    assert vapi_schema.errors(body, "UpdateAssistantDTO", strict=True) == []
    assert vm.to_vapi_json(vm.UpdateAssistantDTO.model_validate(body)) == body


def test_elevenlabs_language_needs_turbo_v2_5() -> None:
    body = {
        "voice": {
            "provider": "11labs",
            "voiceId": "abc",
            "model": "eleven_flash_v2_5",
            "language": "fr",
        }
    }
    with pytest.raises(ValidationError):
        vm.CreateAssistantDTO.model_validate(body)


def _spec_enum(component: str, prop: str) -> list[str]:
    schema = vapi_schema._spec(str(vapi_schema.openapi_path()), False)["components"]["schemas"]
    node = schema[component]["properties"][prop]
    if "items" in node:
        node = node["items"]
    if "anyOf" in node:
        node = node["anyOf"][0]
    return list(node["enum"])


@pytest.mark.parametrize(
    ("component", "prop", "ours"),
    [
        ("OpenAIModel", "model", vm_enums.OPENAI_MODELS),
        ("DeepgramTranscriber", "language", vm_enums.DEEPGRAM_LANGUAGES),
        ("AzureSpeechTranscriber", "language", vm_enums.AZURE_STT_LANGUAGES),
        ("CreateAssistantDTO", "serverMessages", frozenset(typing.get_args(vm.ServerMessageType))),
        ("FormatPlan", "formattersEnabled", frozenset(typing.get_args(vm.Formatter))),
        ("CartesiaVoice", "language", frozenset(typing.get_args(vm.CartesiaLanguage))),
        ("TransferPlan", "mode", frozenset(typing.get_args(vm.TransferMode))),
    ],
)
def test_model_enums_match_the_spec(component: str, prop: str, ours: frozenset[str]) -> None:
    assert ours == frozenset(_spec_enum(component, prop))
