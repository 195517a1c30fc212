"""The base of every Vapi model, and the field types they share."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, Strict
from pydantic.alias_generators import to_camel

__all__ = ["Number", "Str1000", "StrictBool", "VapiModel", "to_vapi_json"]


class VapiModel(BaseModel):
    """Base of every Vapi model: camelCase aliases, unknown keys rejected."""

    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
    )


def to_vapi_json(model: VapiModel) -> dict[str, Any]:
    """The JSON body Vapi expects: camelCase keys, unset (None) fields left out."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _integral(value: float) -> int | float:
    return int(value) if value.is_integer() else value


Number = Annotated[float, Strict(), PlainSerializer(_integral, return_type=int | float)]
"""A JSON-schema `number`: int or float, never a bool or a numeric string."""
StrictBool = Annotated[bool, Strict()]
Str1000 = Annotated[str, Field(max_length=1000)]
