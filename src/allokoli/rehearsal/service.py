"""The dress rehearsal: scenarios from the assistant's facts, run through the provider's chat,
judged, stored, compared with the previous version's; the deploy gate and its audited override.
Every surface (REST, HTML, MCP, CLI, the version job) calls these."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from allokoli.audit import service as audit
from allokoli.auth.principal import Principal
from allokoli.auth.repository import IdentityRepository
from allokoli.db.session import Database
from allokoli.deploy import outbox
from allokoli.deploy.service import deployable_config, unreadable
from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.prompt import PARIS
from allokoli.kit.clock import utcnow
from allokoli.kit.errors import Conflict, InvalidInput
from allokoli.models import Assistant, Rehearsal, RehearsalScenario
from allokoli.providers.vapi import ProviderError, VapiGateway
from allokoli.rehearsal import dry_run
from allokoli.rehearsal import scenarios as scenario_builder
from allokoli.rehearsal.judge import Judge, judge_from_settings
from allokoli.rehearsal.repository import (
    RehearsalNotFound,
    RehearsalRepository,
    RehearsalScenarioRepository,
    RehearsedAssistants,
    RehearsedCalls,
)
from allokoli.rehearsal.runner import DEFAULT_RUNS, MAX_RUNS, GatewayChat, rehearse
from allokoli.rehearsal.scenarios import Scenario
from allokoli.rehearsal.schemas import (
    RehearsalChangeOut,
    RehearsalOut,
    RehearsalScenarioOut,
    RehearsalSummary,
)
from allokoli.settings import Settings
from allokoli.tenancy import Tenant

MAX_REASON = 500

log = logging.getLogger("allokoli.rehearsal")


class NoFacts(Conflict):
    default_detail = (
        "Cet assistant n'a pas de fiche : la répétition a besoin de vos informations "
        "(horaires, prestations…) pour écrire ses scénarios."
    )


class BadRuns(InvalidInput):
    default_detail = f"Le nombre de passages doit être compris entre 1 et {MAX_RUNS}."


class NothingToOverride(Conflict):
    default_detail = "Il n'y a pas de répétition échouée à passer outre pour cette version."


class OverrideReasonMissing(InvalidInput):
    default_detail = "Indiquez en quelques mots pourquoi vous passez outre la répétition."


class RehearsalFailed(Conflict):
    default_detail = (
        "La répétition de cette version a échoué : corrigez la fiche, relancez la répétition "
        "ou passez outre en indiquant pourquoi."
    )


def profile_of(assistant: Assistant) -> BusinessProfile:
    if not assistant.profile:
        raise NoFacts()
    try:
        return BusinessProfile.model_validate(assistant.profile)
    except ValidationError as exc:
        raise NoFacts() from exc


def tool_names(config: dict[str, Any]) -> frozenset[str]:
    """The assistant's tools: function names, and `transferCall` / `endCall` by type."""
    model = config.get("model")
    tools = model.get("tools") if isinstance(model, dict) else None
    names: set[str] = set()
    for tool in tools if isinstance(tools, list) else []:
        if not isinstance(tool, dict):
            continue
        function = tool.get("function")
        if tool.get("type") == "function" and isinstance(function, dict):
            names.add(str(function.get("name")))
        elif isinstance(tool.get("type"), str):
            names.add(str(tool["type"]))
    return frozenset(names)


def spoken_facts(config: dict[str, Any], profile: BusinessProfile) -> list[str]:
    """Texts the assistant may say word for word: its first and last messages, the FAQ."""
    texts = [config.get("firstMessage"), config.get("endCallMessage")]
    texts += [item.answer for item in profile.faq]
    return [t for t in texts if isinstance(t, str) and t]


def build_scenarios(
    profile: BusinessProfile, config: dict[str, Any], today: date
) -> list[Scenario]:
    """The scenarios of one assistant, from its facts, its sector and its tools."""
    catalogue = load_catalogue()
    subtype_id = profile.sector.subtype if profile.sector else catalogue.generic_subtype
    try:
        subtype = catalogue.subtype(subtype_id)
    except KeyError:
        subtype = catalogue.subtype(catalogue.generic_subtype)
    family = catalogue.family_of(subtype.id)
    return scenario_builder.build(
        profile, family=family, subtype=subtype, tools=tool_names(config), today=today
    )


def local_today(clock: Callable[[], datetime]) -> date:
    return clock().astimezone(PARIS).date()


def run(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    *,
    gateway: VapiGateway,
    settings: Settings,
    clock: Callable[[], datetime] = utcnow,
    runs: int = DEFAULT_RUNS,
    judge: Judge | None = None,
    actor: str | None = None,
) -> Rehearsal:
    """Rehearse the assistant's current version, sent inline to the provider's chat with the
    rehearsal's mark (live or draft alike: a dry run). Stored and returned."""
    if not 1 <= runs <= MAX_RUNS:
        raise BadRuns()
    assistant = RehearsedAssistants(session, principal.tenant).get(assistant_id)
    profile = profile_of(assistant)
    today = local_today(clock)
    scenarios = build_scenarios(profile, assistant.config, today)
    saved = RehearsalScenarioRepository(session, principal.tenant).of_assistant(assistant.id)
    scenarios += [
        scenario_builder.from_call(f"appel_{item.id.hex[:8]}", item.title, item.lines)
        for item in saved
    ]
    # Always sent inline, with the rehearsal's signed mark (a deployed config carries none):
    # its tool calls run as a dry run and its chats are no calls of the owner's, so nothing of
    # the rehearsal reaches the inbox, the agenda or the call list.
    org = IdentityRepository(session).organization(principal.organization_id)
    assert org is not None
    port = GatewayChat(
        gateway,
        inline=dry_run.marked_config(
            deployable_config(settings, org, assistant),
            settings.secret_key.get_secret_value(),
            principal.organization_id,
            clock(),
        ),
    )
    results, duration = rehearse(
        port,
        scenarios,
        profile,
        today=today,
        runs=runs,
        spoken_facts=spoken_facts(assistant.config, profile),
    )
    if judge is not None:
        for result in results:
            result.judge = judge.grade(result, profile)
    failed = sum(not r.passed for r in results)
    repo = RehearsalRepository(session, principal.tenant)
    created_at = clock()
    previous = repo.latest(assistant.id)
    if previous is not None and previous.created_at >= created_at:
        # Newest first is the order of the report card and the deploy gate: a frozen or
        # coarse clock must not put two rehearsals at the same instant.
        created_at = previous.created_at + timedelta(milliseconds=1)
    rehearsal = Rehearsal(
        assistant_id=assistant.id,
        assistant_version=assistant.version,
        created_at=created_at,
        provider="sandbox" if gateway.sandbox else "vapi",
        passed=failed == 0,
        scenario_count=len(results),
        failed_count=failed,
        runs_per_scenario=runs,
        duration_ms=duration,
        results=[r.as_json() for r in results],
        actor=actor or principal.actor,
    )
    repo.add(rehearsal)
    return rehearsal


def rehearsals(session: Session, principal: Principal, assistant_id: uuid.UUID) -> list[Rehearsal]:
    RehearsedAssistants(session, principal.tenant).get(assistant_id)
    return list(RehearsalRepository(session, principal.tenant).of_assistant(assistant_id))


def get(
    session: Session, principal: Principal, assistant_id: uuid.UUID, rehearsal_id: uuid.UUID
) -> Rehearsal:
    found = RehearsalRepository(session, principal.tenant).get(rehearsal_id)
    if found.assistant_id != assistant_id:
        raise RehearsalNotFound()
    return found


def latest(session: Session, principal: Principal, assistant_id: uuid.UUID) -> Rehearsal | None:
    RehearsedAssistants(session, principal.tenant).get(assistant_id)
    return RehearsalRepository(session, principal.tenant).latest(assistant_id)


def changes(session: Session, tenant: Tenant, rehearsal: Rehearsal) -> list[dict[str, Any]]:
    """What changed since the previous version's rehearsal: each scenario whose verdict moved
    (or that appeared), in French."""
    previous = RehearsalRepository(session, tenant).previous_version(
        rehearsal.assistant_id, rehearsal.assistant_version
    )
    if previous is None:
        return []
    before = {r["id"]: r for r in previous.results}
    out: list[dict[str, Any]] = []
    for result in rehearsal.results:
        old = before.get(result["id"])
        if old is None:
            change = "nouveau scénario"
        elif old["passed"] and not result["passed"]:
            change = "ne passe plus"
        elif not old["passed"] and result["passed"]:
            change = "passe désormais"
        else:
            continue
        out.append(
            {
                "id": result["id"],
                "title": result["title"],
                "change": change,
                "since_version": previous.assistant_version,
            }
        )
    return out


def deploy_blocker(session: Session, tenant: Tenant, assistant: Assistant) -> Rehearsal | None:
    """The failed, not overridden rehearsal of the assistant's current version, if its latest
    one is such: it blocks deploying that version."""
    found = RehearsalRepository(session, tenant).latest(assistant.id, assistant.version)
    if found is None or found.passed or found.overridden_at is not None:
        return None
    return found


def check_deployable(session: Session, tenant: Tenant, assistant: Assistant) -> None:
    """Raise `RehearsalFailed` when a failed rehearsal blocks this version."""
    if deploy_blocker(session, tenant, assistant) is not None:
        raise RehearsalFailed()


def override(
    session: Session,
    principal: Principal,
    assistant_id: uuid.UUID,
    reason: str,
    *,
    clock: Callable[[], datetime] = utcnow,
) -> Rehearsal:
    """The owner deploys despite a failed rehearsal: recorded on it and in the audit log."""
    reason = " ".join(reason.split())[:MAX_REASON]
    if not reason:
        raise OverrideReasonMissing()
    assistant = RehearsedAssistants(session, principal.tenant).get(assistant_id)
    blocker = deploy_blocker(session, principal.tenant, assistant)
    if blocker is None:
        raise NothingToOverride()
    blocker.overridden_at = clock()
    blocker.overridden_by = principal.actor
    blocker.override_reason = reason
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="assistant",
        entity_id=assistant.id,
        action="rehearsal_override",
        details={
            "rehearsal_id": str(blocker.id),
            "version": blocker.assistant_version,
            "failed": blocker.failed_count,
            "reason": reason,
        },
    )
    session.flush()
    return blocker


def report(session: Session, principal: Principal, rehearsal: Rehearsal) -> RehearsalOut:
    """The report card: every scenario with its runs, what changed since the previous
    version, and whether it blocks deploying."""
    assistant = RehearsedAssistants(session, principal.tenant).get(rehearsal.assistant_id)
    blocker = deploy_blocker(session, principal.tenant, assistant)
    summary = RehearsalSummary.model_validate(rehearsal)
    return RehearsalOut(
        **summary.model_dump(),
        scenarios=[RehearsalScenarioOut.model_validate(r) for r in rehearsal.results],
        changes=[
            RehearsalChangeOut.model_validate(c)
            for c in changes(session, principal.tenant, rehearsal)
        ],
        blocks_deploy=blocker is not None and blocker.id == rehearsal.id,
    )


JOB_ACTOR = "system:rehearsal"
"""Who ran a rehearsal started by a new version (the outbox job)."""

REHEARSE_JOB = "assistant.rehearse"
"""The outbox kind of « rehearse this new version » (run by `rehearse_job`, registered with the
dispatcher by the composition root); rows already queued keep this kind and payload."""


class RehearseVersion(BaseModel):
    """The payload of a `REHEARSE_JOB` message: `{"assistant_id": "…", "version": 3}`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    assistant_id: uuid.UUID
    version: int


def was_rehearsed(session: Session, tenant: Tenant, assistant_id: uuid.UUID) -> bool:
    return RehearsalRepository(session, tenant).latest(assistant_id) is not None


def schedule_for_new_version(session: Session, tenant: Tenant, assistant: Assistant) -> None:
    """Queue the rehearsal of the assistant's new version (in the change's transaction), when
    its owner rehearses it: every version is then compared with the previous one."""
    if was_rehearsed(session, tenant, assistant.id):
        job = RehearseVersion(assistant_id=assistant.id, version=assistant.version)
        outbox.enqueue_external(session, tenant, REHEARSE_JOB, job.model_dump(mode="json"))


def rehearse_version(
    db: Database,
    settings: Settings,
    gateway: VapiGateway,
    organization_id: uuid.UUID,
    assistant_id: uuid.UUID,
    version: int,
    *,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """The outbox job: rehearse that version, unless the assistant is gone or has moved on
    (the newer version has its own job)."""
    tenant = Tenant(organization_id)
    judge = judge_from_settings(settings)
    try:
        with db.unit_of_work(tenant_id=organization_id) as session:
            assistant = RehearsedAssistants(session, tenant).find(assistant_id)
            if assistant is None or assistant.version != version:
                return
            run(
                session,
                Principal(organization_id=organization_id),
                assistant_id,
                gateway=gateway,
                settings=settings,
                clock=clock,
                judge=judge,
                actor=JOB_ACTOR,
            )
    except NoFacts:
        log.info("rehearsal of %s v%s skipped: no profile", assistant_id, version)
    finally:
        if judge is not None:
            judge.close()


def rehearse_job(
    db: Database,
    settings: Settings,
    gateway: VapiGateway,
    organization_id: uuid.UUID,
    payload: dict[str, Any],
    *,
    clock: Callable[[], datetime] = utcnow,
) -> None:
    """A `REHEARSE_JOB` message (`outbox.ExternalHandler`, once the composition root gave the
    rest): a payload that is not the kind's is given up, a provider failure is retried like a
    push (the assistant's status stays as it is)."""
    try:
        job = RehearseVersion.model_validate(payload)
    except ValidationError as exc:
        raise outbox.Undelivered(unreadable(REHEARSE_JOB, exc), retryable=False) from exc
    try:
        rehearse_version(
            db, settings, gateway, organization_id, job.assistant_id, job.version, clock=clock
        )
    except ProviderError as exc:
        raise outbox.Undelivered(
            exc.detail, retryable=exc.retryable, retry_after=exc.retry_after
        ) from exc


MAX_CALL_LINES = 12


class CallNotReplayable(Conflict):
    default_detail = (
        "Cet appel ne peut pas devenir un scénario : il n'a pas de transcription avec les "
        "paroles de l'appelant, ou il n'est rattaché à aucun assistant."
    )


def caller_lines(transcript: str | None) -> list[str]:
    """The caller's lines of a Vapi transcript (« User: … »), at most `MAX_CALL_LINES`."""
    lines = []
    for raw in (transcript or "").splitlines():
        head, _, text = raw.partition(":")
        if head.strip().lower() in ("user", "customer") and text.strip():
            lines.append(text.strip()[:500])
    return lines[:MAX_CALL_LINES]


def scenario_from_call(
    session: Session,
    principal: Principal,
    call_id: uuid.UUID,
    *,
    clock: Callable[[], datetime] = utcnow,
) -> RehearsalScenario:
    """Turn a real call into a regression scenario of its assistant (once per call)."""
    call = RehearsedCalls(session, principal.tenant).get(call_id)
    lines = caller_lines(call.transcript)
    if call.assistant_id is None or not lines:
        raise CallNotReplayable()
    repo = RehearsalScenarioRepository(session, principal.tenant)
    existing = repo.for_call(call.assistant_id, call.id)
    if existing is not None:
        return existing
    when = (call.started_at or clock()).astimezone(PARIS)
    item = RehearsalScenario(
        assistant_id=call.assistant_id,
        call_id=call.id,
        title=f"L'appel du {when:%d/%m/%Y à %H:%M}",
        lines=lines,
        created_at=clock(),
    )
    repo.add(item)
    audit.record(
        session,
        principal.tenant,
        actor=principal.actor,
        entity="assistant",
        entity_id=call.assistant_id,
        action="rehearsal_scenario_from_call",
        details={"call_id": str(call.id), "lines": len(lines)},
    )
    return item
