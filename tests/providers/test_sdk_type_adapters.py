"""The SDK builds each Pydantic `TypeAdapter` once per type (`providers.vapi`), with the same
parsing results as building one per value."""

from __future__ import annotations

from typing import Any

import pydantic
import vapi.core.pydantic_utilities as sdk_utilities
from vapi.core.unchecked_base_model import construct_type
from vapi.types.assistant import Assistant

from allokoli.providers import vapi as gateway

ASSISTANT: dict[str, Any] = {
    "id": "9d1f7d1e-4b8f-4a0b-9f55-2f0d3c1a6b10",
    "orgId": "2b7c3c1e-6a1d-4e0f-8c55-7f0d3c1a6b11",
    "createdAt": "2026-03-02T10:00:00.000Z",
    "updatedAt": "2026-03-02T10:00:00.000Z",
    "name": "Pizzeria Da Marco",
    "firstMessage": "Pizzeria Da Marco, bonjour ! Que puis-je pour vous ?",
    "model": {
        "provider": "openai",
        "model": "gpt-4o-mini",
        "messages": [{"role": "system", "content": "Tu es la réceptionniste."}],
        "tools": [{"type": "endCall"}],
    },
    "voice": {"provider": "azure", "voiceId": "fr-FR-DeniseNeural"},
    "transcriber": {"provider": "deepgram", "model": "nova-2", "language": "fr"},
}


def test_the_sdk_module_sees_the_caching_pydantic() -> None:
    namespace = vars(sdk_utilities)
    assert namespace["pydantic"].TypeAdapter is not pydantic.TypeAdapter
    assert namespace["pydantic"].BaseModel is pydantic.BaseModel  # everything else is Pydantic's


def test_one_adapter_per_type_and_the_same_parse() -> None:
    cached = construct_type(type_=Assistant, object_=ASSISTANT)
    adapters = dict(gateway._ADAPTERS)
    again = construct_type(type_=Assistant, object_=ASSISTANT)
    assert adapters and dict(gateway._ADAPTERS) == adapters  # no new adapter the second time
    vars(sdk_utilities)["pydantic"] = pydantic  # the SDK as shipped
    try:
        plain = construct_type(type_=Assistant, object_=ASSISTANT)
    finally:
        gateway._reuse_sdk_type_adapters()
    dump = {"mode": "json", "by_alias": True, "exclude_none": True}
    assert cached.model_dump(**dump) == plain.model_dump(**dump) == again.model_dump(**dump)
    assert cached.model_dump(**dump)["model"]["provider"] == "openai"


def test_unhashable_or_configured_adapters_are_built_each_time() -> None:
    first = gateway._cached_type_adapter(int, config=None)
    assert first is not gateway._cached_type_adapter(int, config=None)
    assert gateway._cached_type_adapter(int) is gateway._cached_type_adapter(int)
