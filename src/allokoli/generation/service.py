"""Generation (F2): a `BusinessProfile` in, a complete Vapi assistant and its explanations out.

`generate` is pure: no I/O beyond the packaged data, loaded and validated once per process and
cached (sector catalogue, recommendation catalogue, price list, holidays). The assistant is
assembled from validated pieces of `vapi_models` (the static ones are built once), so a wrong
value fails here with a pydantic `ValidationError` instead of reaching Vapi.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from allokoli import __version__
from allokoli.domain.catalogue import Family, Subtype, ToolId, load_catalogue
from allokoli.domain.profile import BusinessProfile, Register
from allokoli.generation import vapi_models as vm
from allokoli.generation.cost import estimate_cost
from allokoli.generation.prompt import (
    PARIS,
    build_system_prompt,
    end_call_message,
    first_message,
    today_in_paris,
)
from allokoli.generation.prompt.wording import french_format
from allokoli.generation.quality import assess_quality
from allokoli.generation.recommendations import (
    deep_merge,
    load_recommendations,
    recommend,
)
from allokoli.generation.schemas import GenerationResult, SectorAlternative, SectorInfo

__all__ = ["MAX_NAME_LENGTH", "assistant_name", "generate", "resolve_sector"]

MAX_NAME_LENGTH = 40


# --- Sector ----------------------------------------------------------------------------------


class _Candidate(Protocol):
    @property
    def family(self) -> str: ...
    @property
    def subtype(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def confidence(self) -> float: ...


class _Detection(Protocol):
    @property
    def subtype(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    @property
    def alternatives(self) -> Sequence[_Candidate]: ...
    @property
    def matched(self) -> Sequence[str]: ...


@lru_cache(maxsize=1)
def _detector() -> Callable[[str], _Detection] | None:
    """`detect_sector` when the detection module is installed (it is loaded lazily)."""
    try:
        from allokoli.understanding.detection import detect_sector
    except ImportError:
        return None
    return detect_sector


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[Family, Subtype]]:
    return {sub.id: (fam, sub) for fam, sub in load_catalogue().all_subtypes()}


def _info(
    family: Family,
    subtype: Subtype,
    source: str,
    confidence: float,
    alternatives: list[SectorAlternative] | None = None,
    matched: list[str] | None = None,
) -> SectorInfo:
    return SectorInfo.model_validate(
        {
            "family": family.id,
            "family_label": family.label,
            "subtype": subtype.id,
            "subtype_label": subtype.label,
            "source": source,
            "confidence": confidence,
            "alternatives": alternatives or [],
            "matched": matched or [],
        }
    )


#: Below this, the detector's generic subtype means "nothing recognised" (see detect_sector).
NOTHING_DETECTED = 0.3


def resolve_sector(profile: BusinessProfile) -> tuple[SectorInfo, Family, Subtype]:
    """The owner's subtype if the catalogue knows it, else the detected one, else the generic."""
    generic = load_catalogue().generic_subtype
    index = _index()
    if profile.sector is not None and profile.sector.subtype in index:
        family, subtype = index[profile.sector.subtype]
        return _info(family, subtype, "profile", 1.0), family, subtype
    text = " ".join(filter(None, (profile.activity, profile.company_name)))
    detect = _detector()
    if detect is not None and text.strip():
        found = detect(text)
        recognised = found.subtype != generic or found.confidence >= NOTHING_DETECTED
        if found.subtype in index and recognised:
            family, subtype = index[found.subtype]
            alternatives = [
                SectorAlternative(
                    family=a.family, subtype=a.subtype, label=a.label, confidence=a.confidence
                )
                for a in found.alternatives
                if a.subtype in index
            ]
            info = _info(
                family, subtype, "detection", found.confidence, alternatives, list(found.matched)
            )
            return info, family, subtype
    family, subtype = index[generic]
    return _info(family, subtype, "default", 0.0), family, subtype


# --- Assistant pieces ------------------------------------------------------------------------


def assistant_name(company_name: str) -> str:
    """The company name, cut at a word boundary to Vapi's 40 characters."""
    name = " ".join(company_name.split())
    if len(name) <= MAX_NAME_LENGTH:
        return name
    cut = name[: MAX_NAME_LENGTH - 1]
    if " " in cut[MAX_NAME_LENGTH // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + "…"


@lru_cache(maxsize=64)
def _base_fields(family_id: str, recording: bool) -> dict[str, Any]:
    """The fixed settings for a family, as validated model instances keyed by field name."""
    cat = load_recommendations()
    body = deep_merge(cat.assistant, cat.family_overrides.get(family_id, {}))
    body.setdefault("artifactPlan", {})["recordingEnabled"] = recording
    base = vm.CreateAssistantDTO.model_validate(body)
    return {name: getattr(base, name) for name in base.model_fields_set}


@lru_cache(maxsize=256)
def _function_tool(
    tool_id: ToolId, register: Register, server_url: str | None, credential_id: str | None
) -> vm.CreateFunctionToolDTO:
    cat = load_recommendations()
    entry = cat.tools[tool_id]
    if entry.function is None or entry.messages is None:
        raise ValueError(f"tool {tool_id} has no function definition")
    messages: list[Any] = [
        vm.ToolMessageStart(type="request-start", content=entry.messages.start.get(register))
    ]
    messages += [
        vm.ToolMessageDelayed(
            type="request-response-delayed",
            timing_milliseconds=d.ms,
            content=d.tu if register is Register.TUTOIEMENT else d.vous,
        )
        for d in entry.messages.delayed
    ]
    messages.append(
        vm.ToolMessageFailed(type="request-failed", role="system", content=entry.messages.failed)
    )
    server = (
        vm.Server(
            url=server_url,
            timeout_seconds=cat.function_timeout_seconds,
            credential_id=credential_id,
        )
        if server_url
        else None
    )
    return vm.CreateFunctionToolDTO(
        type="function",
        function=vm.OpenAIFunction.model_validate(entry.function.model_dump()),
        messages=messages,
        server=server,
    )


@lru_cache(maxsize=1024)
def _transfer_tool(
    number: str, person: str, company: str, register: Register, on_failure: bool
) -> vm.CreateTransferCallToolDTO:
    """The transfer to the owner: warm with a message-taking fallback, or blind as a safety net
    when the call itself has failed."""
    cat = load_recommendations()
    wording = cat.wording
    if on_failure:
        message = french_format(wording.pipeline_error_transfer.get(register), person=person)
        plan = vm.TransferPlan(mode=cat.hooks.transfer_on_failure_mode)
    else:
        message = french_format(wording.transfer_message.get(register), person=person)
        plan = vm.TransferPlan(
            mode=cat.transfer_mode,
            summary_plan=vm.SummaryPlan(enabled=True, messages=wording.transfer_summary),
            fallback_plan=vm.TransferFallbackPlan(
                message=french_format(wording.transfer_fallback.get(register), person=person),
                end_call_enabled=False,
            ),
        )
    description = french_format(wording.transfer_description, person=person, company=company)
    return vm.CreateTransferCallToolDTO(
        type="transferCall",
        destinations=[
            vm.TransferDestinationNumber(
                type="number",
                number=number,
                message=message,
                description=description[0].upper() + description[1:],
                transfer_plan=plan,
            )
        ],
    )


def _tools(
    profile: BusinessProfile,
    tools: tuple[ToolId, ...],
    person: str,
    server_url: str | None,
    credential_id: str | None,
) -> list[Any]:
    built: list[Any] = []
    register = profile.tone.register
    for tool_id in tools:
        if tool_id == "end_call":
            built.append(vm.CreateEndCallToolDTO(type="endCall"))
        elif tool_id == "transfer_call" and profile.transfer_number:
            built.append(
                _transfer_tool(
                    profile.transfer_number, person, profile.company_name, register, False
                )
            )
        elif tool_id != "transfer_call":
            built.append(_function_tool(tool_id, register, server_url, credential_id))
    return built


@lru_cache(maxsize=64)
def _silence_hooks(register: Register) -> tuple[vm.CallHookCustomerSpeechTimeout, ...]:
    cat = load_recommendations()
    return (
        vm.CallHookCustomerSpeechTimeout(
            on="customer.speech.timeout",
            options=cat.hooks.silence_prompt,
            do=[vm.SayHookAction(type="say", exact=cat.wording.silence_prompts.get(register))],
        ),
        vm.CallHookCustomerSpeechTimeout(
            on="customer.speech.timeout",
            options=cat.hooks.silence_hangup,
            do=[
                vm.SayHookAction(type="say", exact=cat.wording.silence_goodbye.get(register)),
                vm.ToolCallHookAction(type="tool", tool=vm.CreateEndCallToolDTO(type="endCall")),
            ],
        ),
    )


def _hooks(profile: BusinessProfile, person: str) -> list[Any]:
    cat = load_recommendations()
    hooks: list[Any] = list(_silence_hooks(profile.tone.register))
    if profile.transfer_number:
        tool = _transfer_tool(
            profile.transfer_number, person, profile.company_name, profile.tone.register, True
        )
        hooks.append(
            vm.CallHookCallEnding(
                on="call.ending",
                filters=[
                    vm.CallHookFilter(
                        type="oneOf",
                        key="call.endedReason",
                        one_of=cat.hooks.transfer_on_ended_reasons,
                    )
                ],
                do=[vm.ToolCallHookAction(type="tool", tool=tool)],
            )
        )
    return hooks


# --- Generation ------------------------------------------------------------------------------


def generate(
    profile: BusinessProfile,
    *,
    server_url: str | None = None,
    credential_id: str | None = None,
    now: datetime | None = None,
) -> GenerationResult:
    """Build the Vapi assistant for this business, with recommendations, quality and cost.

    `server_url` (our webhook) and `credential_id` (the Vapi credential that authenticates it)
    go on the assistant and on its function tools only when a server URL is given; otherwise
    Vapi uses the phone number's or the organisation's server URL. `now` fixes the date used for
    the upcoming public holidays (default: the current time in Paris).
    """
    cat = load_recommendations()
    sector, family, subtype = resolve_sector(profile)
    today = today_in_paris(now)
    selection = recommend(
        profile,
        family=family.id,
        default_gender=subtype.voice_gender,
        subtype_tools=list(subtype.tools),
    )
    register = profile.tone.register
    end_phrases = cat.wording.end_call_phrases.get(register)
    prompt = build_system_prompt(
        profile,
        family,
        subtype,
        gender=selection.voice_gender,
        tools=selection.tools,
        end_phrases=end_phrases,
        today=today,
    )
    person = profile.owner_name or cat.wording.default_person
    tools = _tools(profile, selection.tools, person, server_url, credential_id)
    fields = dict(_base_fields(family.id, profile.recording_enabled))
    has_functions = any(isinstance(t, vm.CreateFunctionToolDTO) for t in tools)
    if has_functions and not server_url:
        fields["server_messages"] = [*fields["server_messages"], *cat.tool_server_messages]
    if server_url:
        fields["server"] = vm.Server(
            url=server_url,
            timeout_seconds=cat.function_timeout_seconds,
            credential_id=credential_id,
        )
    model = vm.OpenAIModel.model_validate(
        {
            **selection.model.config,
            **cat.model_settings,
            "messages": [vm.OpenAIMessage(role="system", content=prompt)],
            "tools": tools,
        }
    )
    assistant = vm.CreateAssistantDTO(
        **fields,
        name=assistant_name(profile.company_name),
        transcriber=selection.vapi_transcriber,
        model=model,
        voice=selection.vapi_voice,
        first_message=first_message(profile, subtype, selection.voice_gender),
        end_call_message=end_call_message(profile, subtype, selection.voice_gender),
        end_call_phrases=end_phrases,
        hooks=_hooks(profile, person),
        metadata={
            "allokoli_version": __version__,
            "sector": f"{family.id}/{subtype.id}",
            "sector_family": family.id,
            "sector_subtype": subtype.id,
            "sector_source": sector.source,
            "register": register.value,
            "voice": selection.voice.id,
        },
    )
    cost = estimate_cost(
        calls_per_month=subtype.expected_calls_per_month,
        average_call_minutes=subtype.average_call_minutes,
        sector_label=subtype.label,
        model_key=selection.model.price_key,
        voice_key=selection.voice.price_key,
        transcriber_key=selection.transcriber.price_key,
        prompt_chars=len(prompt),
        tool_count=len(tools),
        labels={
            "llm": selection.model.label,
            "voice": selection.voice.label,
            "transcription": selection.transcriber.label,
        },
    )
    return GenerationResult(
        profile=profile,
        sector=sector,
        recommendations=selection.recommendations,
        quality=assess_quality(profile, sector),
        cost=cost,
        vapi_assistant=vm.to_vapi_json(assistant),
        generator_version=__version__,
        generated_at=now or datetime.now(PARIS),
    )
