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

from allokoli.assistants import fiche, history, owner
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
from allokoli.domain.profile import BusinessProfile, FAQItem, Task, normalize_french_phone
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
from allokoli.rehearsal import service as rehearsals
from allokoli.settings import Settings
from allokoli.tenancy import Tenant

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
    rehearsals.schedule_for_new_version(session, principal.tenant, assistant)


def create_from_result(
    session: Session,
    principal: Principal,
    result: GenerationResult,
    *,
    name: str | None = None,
    owner_changes: owner.OwnerChanges | None = None,
) -> Assistant:
    """A new assistant from a generation; `owner_changes` (a template's additions) are applied
    on top and recorded, as a regeneration would."""
    assistant = Assistant(name=name or result.profile.company_name, version=1)
    _apply_generation(assistant, result)
    if owner_changes is not None and not owner_changes.is_empty:
        assistant.config = validate_config(owner.compose(assistant.config, owner_changes))
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
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    data: AssistantUpdate,
    *,
    record_owner_changes: bool = True,
) -> Assistant:
    """Apply an edit as a new version. Profile-level changes (voice, tone, transfer number)
    regenerate the assistant from its updated profile, the owner's changes kept; text edits
    change the config directly and are recorded as the owner's (`owner.derive`), unless
    `record_owner_changes` is False (a restore or a regeneration brings its own record)."""
    assistant = get(session, principal, assistant_id)
    if assistant.status == AssistantStatus.DEPLOYING:
        raise AssistantBusy()
    config = copy.deepcopy(assistant.config)
    stored = assistant.config
    kept = owner.read(assistant.config)
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
        config = owner.compose(assistant.config, kept)
    if data.config is not None:
        config = data.config
    if data.config_patch is not None:
        config = _deep_merge(config, data.config_patch)
    if profile_changes:
        # a form sends every text field: an untouched one must not undo the regeneration
        if data.system_prompt == system_prompt(stored):
            data = data.model_copy(update={"system_prompt": None})
        if data.first_message == stored.get("firstMessage"):
            data = data.model_copy(update={"first_message": None})
        if data.end_call_message == stored.get("endCallMessage"):
            data = data.model_copy(update={"end_call_message": None})
    if data.system_prompt is not None:
        config = _set_system_prompt(config, data.system_prompt)
    if data.first_message is not None:
        config["firstMessage"] = data.first_message
    if data.end_call_message is not None:
        config["endCallMessage"] = data.end_call_message
    edits_text = any(
        v is not None
        for v in (
            data.config,
            data.config_patch,
            data.system_prompt,
            data.first_message,
            data.end_call_message,
        )
    )
    if edits_text and record_owner_changes and assistant.profile is not None:
        # what the owner wrote over the generated text is kept as theirs, to survive regeneration
        previous = owner.compose(assistant.config, kept) if profile_changes else stored
        config = owner.record(config, owner.derive(previous, config, kept))
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
    if is_live(assistant):
        _schedule_push(session, principal, assistant)
    return assistant


def _generated_config(profile: BusinessProfile) -> tuple[GenerationResult, dict[str, Any]]:
    result = generate(profile)
    return result, validate_config(result.vapi_assistant)


def _profile_of(assistant: Assistant, action: str) -> BusinessProfile:
    if assistant.profile is None:
        raise NoBusinessProfile(
            f"Cet assistant a été importé sans fiche d'entreprise : impossible de {action}."
        )
    return BusinessProfile.model_validate(assistant.profile)


def is_live(assistant: Assistant) -> bool:
    """Deployed and not paused: a saved change is pushed to callers at once."""
    return bool(assistant.provider_id) and assistant.status in (
        AssistantStatus.ACTIVE,
        AssistantStatus.ERROR,
    )


class Preview:
    """What a regeneration would change, before it is confirmed."""

    def __init__(self, assistant: Assistant, config: dict[str, Any], keep: bool) -> None:
        self.keep_owner_changes = keep
        self.owner_changes = owner.read(assistant.config)
        self.changes = history.changes(
            assistant.profile, assistant.profile, assistant.config, config
        )
        self.prompt = history.prompt_diff(system_prompt(assistant.config), system_prompt(config))
        self.unchanged = config == assistant.config


def _regenerated(assistant: Assistant, keep_owner_changes: bool) -> dict[str, Any]:
    _, generated = _generated_config(_profile_of(assistant, "le régénérer"))
    kept = owner.read(assistant.config) if keep_owner_changes else owner.OwnerChanges()
    return validate_config(owner.compose(generated, kept))


def regeneration_preview(
    session: Session, principal: Principal, assistant_id: uuid.UUID, *, keep_owner_changes: bool
) -> Preview:
    """The diff a regeneration would make (nothing is saved)."""
    assistant = get(session, principal, assistant_id)
    return Preview(assistant, _regenerated(assistant, keep_owner_changes), keep_owner_changes)


def regenerate(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    *,
    keep_owner_changes: bool = True,
) -> Assistant:
    """Generate the assistant again from its facts (e.g. after a catalogue improvement); the
    owner's additions, messages and settings are kept unless `keep_owner_changes` is False. The
    result is a new version, like any edit."""
    assistant = get(session, principal, assistant_id)
    config = _regenerated(assistant, keep_owner_changes)
    note = "Régénération" if keep_owner_changes else "Régénération (sans vos modifications)"
    return update(
        session,
        principal,
        assistant_id,
        AssistantUpdate(config=config, note=note),
        record_owner_changes=False,
    )


def fiche_values(assistant: Assistant) -> dict[str, str]:
    """The Fiche's fields for the stored facts."""
    return fiche.form_values(_profile_of(assistant, "afficher sa fiche").model_dump(mode="json"))


def edit_fiche(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    group: str,
    form: dict[str, str],
) -> tuple[Assistant, list[history.Change]]:
    """Save one group of the Fiche: the facts are validated like the configurator's answers,
    then the assistant is generated again from them as a new version (the owner's additions
    kept). Returns the assistant and what changed, in French; nothing is saved on an error."""
    assistant = get(session, principal, assistant_id)
    if assistant.status == AssistantStatus.DEPLOYING:
        raise AssistantBusy()
    current = _profile_of(assistant, "modifier sa fiche")
    profile = fiche.read_group(group, form, current.model_dump(mode="json"))
    if profile == current:
        return assistant, []
    result, generated = _generated_config(profile)
    config = validate_config(owner.compose(generated, owner.read(assistant.config)))
    old_profile, old_config = assistant.profile, assistant.config
    _apply_generation(assistant, result)
    assistant.config = config
    found = history.changes(old_profile, assistant.profile, old_config, config)
    assistant.version += 1
    title = next(g.title for g in fiche.GROUPS if g.id == group)
    _save_version(session, principal, assistant, f"Fiche : {title}")
    record_audit(
        session, principal, assistant.id, "update", {"version": assistant.version, "fiche": group}
    )
    if is_live(assistant):
        _schedule_push(session, principal, assistant)
    return assistant, found


def add_faq(
    session: Session, principal: Principal, assistant_id: uuid.UUID, question: str, answer: str
) -> Assistant:
    """Add (or replace, same question) one question and its answer to the profile's FAQ, then
    generate the assistant again as a new version, pushed at once when it is live (the Fiche's
    path). Nothing is saved on an error."""
    assistant = get(session, principal, assistant_id)
    if assistant.status == AssistantStatus.DEPLOYING:
        raise AssistantBusy()
    current = _profile_of(assistant, "compléter ses questions fréquentes")
    question, answer = " ".join(question.split()), " ".join(answer.split())
    if not answer:
        raise InvalidInput("La réponse est vide : écrivez ce que l'assistant doit répondre.")
    kept = [item for item in current.faq if item.question.casefold() != question.casefold()]
    if len(kept) >= 50:
        raise InvalidInput(
            "La fiche a déjà 50 questions fréquentes : supprimez-en une avant d'en ajouter."
        )
    try:
        profile = current.model_copy(
            update={"faq": [*kept, FAQItem(question=question[:300], answer=answer[:1000])]}
        )
        profile = BusinessProfile.model_validate(profile.model_dump(mode="json"))
    except ValidationError as exc:
        raise InvalidInput(french_summary(exc)) from exc
    result, generated = _generated_config(profile)
    config = validate_config(owner.compose(generated, owner.read(assistant.config)))
    _apply_generation(assistant, result)
    assistant.config = config
    assistant.version += 1
    _save_version(session, principal, assistant, f"Question fréquente : {question[:80]}")
    record_audit(
        session, principal, assistant.id, "update", {"version": assistant.version, "faq": True}
    )
    if is_live(assistant):
        _schedule_push(session, principal, assistant)
    return assistant


def set_booking_mode(
    session: Session, principal: Principal, assistant_id: uuid.UUID, mode: str | None
) -> tuple[Assistant, bool]:
    """Turn live booking on (`direct` or `request`) or off (None), then generate the assistant
    again as a new version, pushed at once when it is live (the Fiche's path): its tools and
    its words follow the mode. Turning it on also adds the booking task. Returns the assistant
    and whether anything changed; nothing is saved on an error."""
    assistant = get(session, principal, assistant_id)
    if assistant.status == AssistantStatus.DEPLOYING:
        raise AssistantBusy()
    current = _profile_of(assistant, "prendre des rendez-vous")
    tasks = list(current.tasks)
    if mode is not None and Task.BOOK_APPOINTMENT not in tasks:
        tasks.append(Task.BOOK_APPOINTMENT)
    try:
        profile = BusinessProfile.model_validate(
            current.model_dump(mode="json") | {"booking_mode": mode, "tasks": tasks}
        )
    except ValidationError as exc:
        raise InvalidInput(french_summary(exc)) from exc
    if profile == current:
        return assistant, False
    result, generated = _generated_config(profile)
    config = validate_config(owner.compose(generated, owner.read(assistant.config)))
    _apply_generation(assistant, result)
    assistant.config = config
    assistant.version += 1
    label = {"direct": "réservation directe", "request": "demandes à confirmer"}.get(
        mode or "", "désactivés"
    )
    _save_version(session, principal, assistant, f"Rendez-vous : {label}")
    record_audit(
        session,
        principal,
        assistant.id,
        "update",
        {"version": assistant.version, "booking_mode": mode},
    )
    if is_live(assistant):
        _schedule_push(session, principal, assistant)
    return assistant, True


def versions(
    session: Session, principal: Principal, assistant_id: uuid.UUID
) -> list[AssistantVersion]:
    get(session, principal, assistant_id)
    return list(VersionRepository(session, principal.tenant).for_assistant(assistant_id))


def author_label(session: Session, actor: str) -> str:
    """Who made a version, as the owner knows them: the user's e-mail, or « Clé d'API »."""
    kind, _, ident = actor.partition(":")
    if kind == "user":
        try:
            user = IdentityRepository(session).user(uuid.UUID(ident))
        except ValueError:
            user = None
        return user.email if user is not None else "Utilisateur supprimé"
    if kind == "apikey":
        return "Clé d'API"
    return "AlloKoli"


class VersionRow:
    """One line of the history: the version with its author and its Europe/Paris date."""

    def __init__(self, version: AssistantVersion, author: str) -> None:
        self.version = version.version
        self.note = version.note
        self.author = author
        self.date = history.paris_time(version.created_at)
        self.created_at = version.created_at


def history_rows(
    session: Session, principal: Principal, assistant_id: uuid.UUID
) -> list[VersionRow]:
    authors: dict[str, str] = {}
    rows = []
    for v in versions(session, principal, assistant_id):
        if v.actor not in authors:
            authors[v.actor] = author_label(session, v.actor)
        rows.append(VersionRow(v, authors[v.actor]))
    return rows


class Comparison:
    """Two versions compared: the facts and settings field by field, the instructions line by
    line."""

    def __init__(self, left: AssistantVersion, right: AssistantVersion) -> None:
        self.a, self.b = left.version, right.version
        self.changes = history.changes(left.profile, right.profile, left.config, right.config)
        self.prompt = history.prompt_diff(system_prompt(left.config), system_prompt(right.config))

    @property
    def empty(self) -> bool:
        return not self.changes and not self.prompt


def compare(
    session: Session, principal: Principal, assistant_id: uuid.UUID, a: int, b: int
) -> Comparison:
    get(session, principal, assistant_id)
    repo = VersionRepository(session, principal.tenant)
    return Comparison(repo.one(assistant_id, a), repo.one(assistant_id, b))


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
        record_owner_changes=False,
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


def apply_system_prompt(
    session: Session, tenant: Tenant, assistant: Assistant, prompt: str, note: str
) -> bool:
    """A change the platform makes by itself (a closure starting or ending): a new version with
    `prompt` as the system prompt, pushed at once when the assistant is live. False when the
    prompt is already that."""
    if system_prompt(assistant.config) == prompt:
        return False
    assistant.config = _set_system_prompt(assistant.config, prompt)
    assistant.version += 1
    system = Principal(organization_id=tenant.organization_id)
    VersionRepository(session, tenant).add(
        AssistantVersion(
            assistant_id=assistant.id,
            version=assistant.version,
            config=assistant.config,
            profile=assistant.profile,
            actor="system",
            note=note[:200],
        )
    )
    if assistant.provider_id and assistant.status in (
        AssistantStatus.ACTIVE,
        AssistantStatus.ERROR,
        AssistantStatus.DEPLOYING,
    ):
        _schedule_push(session, system, assistant)
    return True


def deploy(session: Session, principal: Principal, assistant_id: uuid.UUID) -> Assistant:
    """Mark the assistant as deploying and schedule the push in the same transaction."""
    assistant = get(session, principal, assistant_id)
    if assistant.status == AssistantStatus.DEPLOYING:
        return assistant
    # A failed rehearsal of this very version blocks it until the owner overrides it.
    rehearsals.check_deployable(session, principal.tenant, assistant)
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
