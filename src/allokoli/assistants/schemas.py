from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from allokoli.domain.profile import BusinessProfile, Register, Style, VoiceGender
from allokoli.kit.schemas import not_null
from allokoli.phone_numbers.schemas import PhoneNumberOut
from allokoli.understanding.from_text import MAX_DESCRIPTION_CHARS


class AssistantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    status: str
    status_reason: str | None
    sector_family: str | None
    sector_subtype: str | None
    version: int
    provider_id: str | None
    deployed_version: int | None
    deployed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AssistantDetail(AssistantOut):
    profile: dict[str, Any] | None
    config: dict[str, Any]
    generation: dict[str, Any] | None
    phone_number: PhoneNumberOut | None = None


class AssistantPage(BaseModel):
    items: list[AssistantOut]
    next_cursor: str | None


class AssistantCreate(BaseModel):
    """Create from a French description (`text`), a profile, or a ready Vapi config."""

    # The document says what the validator checks: exactly one source, none null.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "oneOf": [{"required": ["text"]}, {"required": ["profile"]}, {"required": ["config"]}]
        },
    )

    text: str | None = Field(
        default=None, min_length=3, max_length=MAX_DESCRIPTION_CHARS, json_schema_extra=not_null
    )
    profile: BusinessProfile | None = Field(default=None, json_schema_extra=not_null)
    config: dict[str, Any] | None = Field(default=None, json_schema_extra=not_null)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    company_name: str | None = Field(default=None, min_length=1, max_length=120)
    """The company name beside `text`, when the description does not state it."""

    @model_validator(mode="after")
    def _one_source(self) -> AssistantCreate:
        given = [x for x in (self.text, self.profile, self.config) if x is not None]
        if len(given) != 1:
            raise ValueError("Donnez exactement un des champs « text », « profile » ou « config ».")
        return self


class AssistantUpdate(BaseModel):
    """Three levels: simple fields, an advanced partial config (deep-merged), or the full config."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    system_prompt: str | None = Field(default=None, min_length=20, max_length=30_000)
    first_message: str | None = Field(default=None, min_length=1, max_length=1000)
    end_call_message: str | None = Field(default=None, min_length=1, max_length=1000)
    voice_gender: VoiceGender | None = None
    register: Register | None = None
    style: Style | None = None
    transfer_number: str | None = None
    config_patch: dict[str, Any] | None = None
    config: dict[str, Any] | None = None
    note: str | None = Field(default=None, max_length=200)


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    actor: str
    note: str | None
    created_at: datetime


class VersionDiff(BaseModel):
    from_version: int
    to_version: int
    diff: str


class ChatIn(BaseModel):
    text: str = Field(min_length=1, max_length=2000)
    chat_id: str | None = Field(default=None, max_length=64)


class ChatOut(BaseModel):
    reply: str
    chat_id: str


class ExportDocument(BaseModel):
    format: Literal["allokoli.assistant"] = "allokoli.assistant"
    format_version: Literal[1] = 1
    name: str
    profile: dict[str, Any] | None  # a BusinessProfile (see `http.openapi`)
    config: dict[str, Any]


class DeployOut(BaseModel):
    id: uuid.UUID
    status: str
    status_reason: str | None
    provider_id: str | None


class FieldChange(BaseModel):
    """One fact or setting that changed, in French."""

    model_config = ConfigDict(from_attributes=True)

    label: str
    before: str
    after: str


class PromptLineOut(BaseModel):
    """One line of an instructions diff: `same`, `add` or `del`; `parts` are
    `[changed, text]` pieces (the changed words highlighted). A `null` line stands for
    unchanged lines left out."""

    model_config = ConfigDict(from_attributes=True)

    kind: Literal["same", "add", "del"]
    parts: list[tuple[bool, str]]


class ChangesOut(BaseModel):
    changes: list[FieldChange]
    prompt: list[PromptLineOut | None]


class FicheGroupOut(BaseModel):
    id: str
    title: str
    help: str


class FicheOut(BaseModel):
    """Every fact of the profile as the Fiche forms show it (strings, by form field)."""

    groups: list[FicheGroupOut]
    values: dict[str, str]


class FicheSaved(BaseModel):
    assistant: AssistantDetail
    changes: list[FieldChange]


class RegenerateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keep_owner_changes: bool = True
    """Keep the owner's added instructions, edited messages and advanced settings."""
