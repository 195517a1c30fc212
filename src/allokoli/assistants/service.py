"""Assistants: create (from a description, a profile or a config), edit with versions, export and
import, duplicate, delete, deploy, test chat. Every surface (API, HTML, CLI, MCP) calls these."""

from __future__ import annotations

import copy
import difflib
import json
import uuid
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from allokoli.assistants.chats import MAX_CHAT_ID, TestChatNotFound, TestChatRepository
from allokoli.assistants.repository import AssistantRepository, VersionRepository
from allokoli.assistants.schemas import (
    AssistantCreate,
    AssistantDetail,
    AssistantUpdate,
    ExportDocument,
)
from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.deploy import outbox
from allokoli.deploy.service import deployable_config
from allokoli.domain.profile import BusinessProfile, normalize_french_phone
from allokoli.generation.resolve import resolve_profile
from allokoli.generation.schemas import GenerationResult
from allokoli.generation.service import generate
from allokoli.generation.vapi_models import CreateAssistantDTO, to_vapi_json
from allokoli.kit.errors import Conflict, InvalidInput
from allokoli.kit.validation import french_errors, french_summary
from allokoli.models import Assistant, AssistantStatus, AssistantVersion
from allokoli.phone_numbers.repository import PhoneNumberRepository
from allokoli.phone_numbers.service import phone_out
from allokoli.providers.vapi import ChatReply, ProviderError, ProviderNotFound, VapiGateway
from allokoli.settings import Settings

MAX_ERRORS_SHOWN = 5


class InvalidAssistantConfig(InvalidInput):
    default_detail = "La configuration de l'assistant n'est pas valide pour Vapi."


class InvalidImport(InvalidInput):
    default_detail = "Ce fichier n'est pas un export d'assistant AlloKoli valide."


class NoBusinessProfile(Conflict):
    """The assistant was imported without a profile: a valid request its state cannot serve."""


class AssistantBusy(Conflict):
    default_detail = "L'assistant est en cours de mise en service : réessayez dans un instant."


def record_audit(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    action: str,
    details: dict[str, Any],
) -> None:
    """An action of `principal` on an assistant, in the audit log."""
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="assistant",
        entity_id=assistant_id,
        action=action,
        details=details,
    )


def validate_config(config: dict[str, Any]) -> dict[str, Any]:
    """Check a config against our strict models of Vapi's CreateAssistantDTO; return it clean."""
    try:
        return to_vapi_json(CreateAssistantDTO.model_validate(config))
    except ValidationError as exc:
        errors = french_errors(exc, limit=MAX_ERRORS_SHOWN)
        shown = "; ".join(f"{e['field'] or 'racine'} : {e['message']}" for e in errors)
        raise InvalidAssistantConfig(
            f"La configuration n'est pas acceptée par Vapi — {shown}", extra={"errors": errors}
        ) from exc


def _apply_generation(assistant: Assistant, result: GenerationResult) -> None:
    assistant.profile = result.profile.model_dump(mode="json")
    assistant.config = validate_config(result.vapi_assistant)
    assistant.sector_family = result.sector.family
    assistant.sector_subtype = result.sector.subtype
    assistant.generation = result.model_dump(
        mode="json", include={"sector", "recommendations", "quality", "cost", "generator_version"}
    )


def _save_version(
    session: Session, principal: Principal, assistant: Assistant, note: str | None
) -> None:
    VersionRepository(session, principal.tenant).add(
        AssistantVersion(
            assistant_id=assistant.id,
            version=assistant.version,
            config=assistant.config,
            profile=assistant.profile,
            actor=principal.actor,
            note=note,
        )
    )


def create_from_result(
    session: Session, principal: Principal, result: GenerationResult, *, name: str | None = None
) -> Assistant:
    assistant = Assistant(name=name or result.profile.company_name, version=1)
    _apply_generation(assistant, result)
    AssistantRepository(session, principal.tenant).add(assistant)
    _save_version(session, principal, assistant, "Création")
    record_audit(session, principal, assistant.id, "create", {"name": assistant.name})
    return assistant


def create(session: Session, principal: Principal, data: AssistantCreate) -> Assistant:
    if data.config is not None:
        config = validate_config(data.config)
        assistant = Assistant(
            name=data.name or str(config.get("name") or "Assistant importé"),
            config=config,
            version=1,
        )
        AssistantRepository(session, principal.tenant).add(assistant)
        _save_version(session, principal, assistant, "Import")
        record_audit(session, principal, assistant.id, "create", {"name": assistant.name})
        return assistant
    profile = resolve_profile(text=data.text, profile=data.profile, company_name=data.company_name)
    return create_from_result(session, principal, generate(profile), name=data.name)


def get(session: Session, principal: Principal, assistant_id: uuid.UUID) -> Assistant:
    return AssistantRepository(session, principal.tenant).get(assistant_id)


def _deep_merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _set_system_prompt(config: dict[str, Any], prompt: str) -> dict[str, Any]:
    config = copy.deepcopy(config)
    model = config.setdefault("model", {"provider": "openai", "model": "gpt-4.1-mini"})
    messages = [m for m in model.get("messages", []) if m.get("role") != "system"]
    model["messages"] = [{"role": "system", "content": prompt}, *messages]
    return config


def system_prompt(config: dict[str, Any]) -> str:
    for message in (config.get("model") or {}).get("messages", []):
        if message.get("role") == "system":
            return str(message.get("content") or "")
    return ""


def update(
    session: Session, principal: Principal, assistant_id: uuid.UUID, data: AssistantUpdate
) -> Assistant:
    """Apply an edit as a new version. Profile-level changes (voice, tone, transfer number)
    regenerate the assistant from its updated profile; text edits change the config directly."""
    assistant = get(session, principal, assistant_id)
    if assistant.status == AssistantStatus.DEPLOYING:
        raise AssistantBusy()
    config = copy.deepcopy(assistant.config)
    profile_changes: dict[str, Any] = {}
    if data.voice_gender is not None:
        profile_changes["voice_gender"] = data.voice_gender
    if data.register is not None or data.style is not None:
        tone = dict((assistant.profile or {}).get("tone") or {})
        if data.register is not None:
            tone["register"] = data.register
        if data.style is not None:
            tone["style"] = data.style
        profile_changes["tone"] = tone
    if data.transfer_number is not None:
        try:
            profile_changes["transfer_number"] = (
                normalize_french_phone(data.transfer_number) if data.transfer_number else None
            )
        except ValueError as exc:
            raise InvalidInput(
                str(exc), extra={"errors": [{"field": "transfer_number", "message": str(exc)}]}
            ) from exc
    if profile_changes:
        if assistant.profile is None:
            raise NoBusinessProfile(
                "Cet assistant a été importé sans fiche d'entreprise : modifiez sa configuration "
                "en mode Avancé ou Expert."
            )
        try:
            profile = BusinessProfile.model_validate({**assistant.profile, **profile_changes})
        except ValidationError as exc:
            raise InvalidInput(french_summary(exc)) from exc
        result = generate(profile)
        _apply_generation(assistant, result)
        config = assistant.config
    if data.config is not None:
        config = data.config
    if data.config_patch is not None:
        config = _deep_merge(config, data.config_patch)
    if data.system_prompt is not None:
        config = _set_system_prompt(config, data.system_prompt)
    if data.first_message is not None:
        config["firstMessage"] = data.first_message
    if data.end_call_message is not None:
        config["endCallMessage"] = data.end_call_message
    new_config = validate_config(config)
    changed = (
        new_config != assistant.config
        or profile_changes
        or (data.name is not None and data.name != assistant.name)
    )
    if not changed:
        return assistant
    if data.name is not None:
        assistant.name = data.name
    assistant.config = new_config
    assistant.version += 1
    _save_version(session, principal, assistant, data.note)
    record_audit(session, principal, assistant.id, "update", {"version": assistant.version})
    if assistant.provider_id and assistant.status in (
        AssistantStatus.ACTIVE,
        AssistantStatus.ERROR,
    ):
        _schedule_push(session, principal, assistant)
    return assistant


def regenerate(session: Session, principal: Principal, assistant_id: uuid.UUID) -> Assistant:
    """Generate the assistant again from its profile (e.g. after a catalogue improvement); the
    result is a new version, like any edit."""
    assistant = get(session, principal, assistant_id)
    if assistant.profile is None:
        raise NoBusinessProfile(
            "Cet assistant a été importé sans fiche d'entreprise : impossible de le régénérer."
        )
    result = generate(BusinessProfile.model_validate(assistant.profile))
    previous = assistant.config
    _apply_generation(assistant, result)
    new_config = assistant.config
    assistant.config = previous
    return update(
        session, principal, assistant_id, AssistantUpdate(config=new_config, note="Régénération")
    )


def versions(
    session: Session, principal: Principal, assistant_id: uuid.UUID
) -> list[AssistantVersion]:
    get(session, principal, assistant_id)
    return list(VersionRepository(session, principal.tenant).for_assistant(assistant_id))


def _pretty(config: dict[str, Any]) -> list[str]:
    return json.dumps(config, indent=2, ensure_ascii=False, sort_keys=True).splitlines()


def diff(session: Session, principal: Principal, assistant_id: uuid.UUID, a: int, b: int) -> str:
    repo = VersionRepository(session, principal.tenant)
    get(session, principal, assistant_id)
    left, right = repo.one(assistant_id, a), repo.one(assistant_id, b)
    return "\n".join(
        difflib.unified_diff(
            _pretty(left.config),
            _pretty(right.config),
            fromfile=f"version {a}",
            tofile=f"version {b}",
            lineterm="",
        )
    )


def diff_config(current: dict[str, Any], proposed: dict[str, Any]) -> str:
    return "\n".join(
        difflib.unified_diff(
            _pretty(current), _pretty(proposed), fromfile="actuelle", tofile="proposée", lineterm=""
        )
    )


def restore(
    session: Session, principal: Principal, assistant_id: uuid.UUID, version: int
) -> Assistant:
    old = VersionRepository(session, principal.tenant).one(assistant_id, version)
    assistant = get(session, principal, assistant_id)
    if old.profile is not None:
        assistant.profile = old.profile
    return update(
        session,
        principal,
        assistant_id,
        AssistantUpdate(config=old.config, note=f"Restauration de la version {version}"),
    )


def duplicate(session: Session, principal: Principal, assistant_id: uuid.UUID) -> Assistant:
    source = get(session, principal, assistant_id)
    copy_ = Assistant(
        name=f"{source.name} (copie)"[:120],
        config=copy.deepcopy(source.config),
        profile=copy.deepcopy(source.profile),
        generation=copy.deepcopy(source.generation),
        sector_family=source.sector_family,
        sector_subtype=source.sector_subtype,
        version=1,
    )
    AssistantRepository(session, principal.tenant).add(copy_)
    _save_version(session, principal, copy_, f"Copie de « {source.name} »")
    record_audit(session, principal, copy_.id, "create", {"duplicate_of": str(source.id)})
    return copy_


def delete(session: Session, principal: Principal, assistant_id: uuid.UUID) -> None:
    assistant = get(session, principal, assistant_id)
    phones = PhoneNumberRepository(session, principal.tenant)
    phone = phones.active_for(assistant.id)
    if phone is not None:
        raise Conflict(
            "Libérez d'abord le numéro de téléphone de cet assistant, puis supprimez-le."
        )
    if assistant.provider_id:
        outbox.enqueue(
            session,
            principal.tenant,
            outbox.DeleteAssistant(provider_id=assistant.provider_id),
        )
    record_audit(session, principal, assistant.id, "delete", {"name": assistant.name})
    AssistantRepository(session, principal.tenant).delete(assistant)


def export(session: Session, principal: Principal, assistant_id: uuid.UUID) -> ExportDocument:
    assistant = get(session, principal, assistant_id)
    return ExportDocument(name=assistant.name, profile=assistant.profile, config=assistant.config)


def import_(session: Session, principal: Principal, document: dict[str, Any]) -> Assistant:
    try:
        doc = ExportDocument.model_validate(document)
    except ValidationError as exc:
        raise InvalidImport(
            f"{InvalidImport.default_detail} ({french_summary(exc, limit=2)})"
        ) from exc
    config = validate_config(doc.config)
    profile = None
    if doc.profile is not None:
        try:
            profile = BusinessProfile.model_validate(doc.profile).model_dump(mode="json")
        except ValidationError as exc:
            raise InvalidImport(
                f"La fiche d'entreprise de l'export n'est pas valide : {french_summary(exc)}"
            ) from exc
    assistant = Assistant(name=doc.name[:120], config=config, profile=profile, version=1)
    if profile and profile.get("sector"):
        assistant.sector_family = profile["sector"]["family"]
        assistant.sector_subtype = profile["sector"]["subtype"]
    AssistantRepository(session, principal.tenant).add(assistant)
    _save_version(session, principal, assistant, "Import")
    record_audit(session, principal, assistant.id, "create", {"imported": True})
    return assistant


def _schedule_push(session: Session, principal: Principal, assistant: Assistant) -> None:
    assistant.status = AssistantStatus.DEPLOYING
    assistant.status_reason = None
    outbox.enqueue(session, principal.tenant, outbox.PushAssistant(assistant_id=assistant.id))


def deploy(session: Session, principal: Principal, assistant_id: uuid.UUID) -> Assistant:
    """Mark the assistant as deploying and schedule the push in the same transaction."""
    assistant = get(session, principal, assistant_id)
    if assistant.status == AssistantStatus.DEPLOYING:
        return assistant
    _schedule_push(session, principal, assistant)
    record_audit(session, principal, assistant.id, "deploy", {"version": assistant.version})
    return assistant


def chat(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    text: str,
    chat_id: str | None,
    gateway: VapiGateway,
    settings: Settings,
) -> ChatReply:
    """One turn of a text test through the provider's /chat: the deployed assistant when there
    is one, otherwise the current draft sent inline.

    `chat_id` continues a conversation only if this organisation obtained it for this very
    assistant (`TestChatNotFound`, 404, otherwise, before the provider is called); the id the
    provider returns is recorded the same way for the next turn.
    """
    assistant = get(session, principal, assistant_id)
    chats = TestChatRepository(session, principal.tenant)
    if chat_id is not None and not chats.is_bound(chat_id, assistant.id):
        raise TestChatNotFound()
    try:
        if assistant.provider_id and assistant.status == AssistantStatus.ACTIVE:
            reply = gateway.chat(text, previous_chat_id=chat_id, assistant_id=assistant.provider_id)
        else:
            org = IdentityRepository(session).organization(principal.organization_id)
            assert org is not None
            inline = deployable_config(settings, org, assistant)
            reply = gateway.chat(text, previous_chat_id=chat_id, assistant=inline)
    except ProviderNotFound as exc:
        if chat_id is None:
            raise  # the deployed assistant itself is gone at the provider: a provider error
        # Our chat, but the provider no longer has it (expired, deleted): start a new one.
        raise TestChatNotFound() from exc
    if len(reply.chat_id) > MAX_CHAT_ID:
        raise ProviderError("Vapi a renvoyé un identifiant de conversation inattendu.")
    chats.bind(reply.chat_id, assistant.id)
    return reply


# --- read models (the API, the MCP tools and the templates API return these) -------------------


def detail(session: Session, principal: Principal, assistant: Assistant) -> AssistantDetail:
    """The assistant with its whole config and its active phone number, if any."""
    phone = PhoneNumberRepository(session, principal.tenant).active_for(assistant.id)
    out = AssistantDetail.model_validate(assistant)
    out.phone_number = phone_out(phone) if phone else None
    return out
