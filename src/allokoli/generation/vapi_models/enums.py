"""Enums copied from the spec (shared/vapi/openapi.json).

The big ones (OpenAI models, transcriber languages) are frozensets checked by a validator;
the schema tests compare every one of them with the spec.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

__all__ = [
    "AZURE_STT_LANGUAGES",
    "DEEPGRAM_LANGUAGES",
    "OPENAI_MODELS",
    "AzureSttLanguage",
    "CartesiaLanguage",
    "DeepgramLanguage",
    "Formatter",
    "OpenAIModelName",
    "PunctuationBoundary",
    "ServerMessageType",
    "TransferMode",
    "WorkflowOpenAIModelName",
]


def _one_of(allowed: frozenset[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"{value!r} is not a valid {what}")
        return value

    return AfterValidator(check)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


OPENAI_MODELS = _words(
    """
    gpt-5.6-sol gpt-5.6-terra gpt-5.6-luna gpt-5.5 chat-latest gpt-5.4 gpt-5.4-mini gpt-5.4-nano
    gpt-5.2 gpt-5.2-chat-latest gpt-5.1 gpt-5.1-chat-latest gpt-5 gpt-5-chat-latest gpt-5-mini
    gpt-5-nano gpt-4.1-2025-04-14 gpt-4.1-mini-2025-04-14 gpt-4.1-nano-2025-04-14 gpt-4.1
    gpt-4.1-mini gpt-4.1-nano chatgpt-4o-latest o3 o3-mini o4-mini o1-mini o1-mini-2024-09-12
    gpt-4o-realtime-preview-2024-10-01 gpt-4o-realtime-preview-2024-12-17
    gpt-4o-mini-realtime-preview-2024-12-17 gpt-realtime-2025-08-28 gpt-realtime-mini-2025-12-15
    gpt-realtime-2 gpt-4o-mini-2024-07-18 gpt-4o-mini gpt-4o gpt-4o-2024-05-13 gpt-4o-2024-08-06
    gpt-4o-2024-11-20 gpt-4-turbo gpt-4-turbo-2024-04-09 gpt-4-turbo-preview gpt-4-0125-preview
    gpt-4-1106-preview gpt-4 gpt-4-0613 gpt-3.5-turbo gpt-3.5-turbo-0125 gpt-3.5-turbo-1106
    gpt-3.5-turbo-16k gpt-3.5-turbo-0613 gpt-5.6-luna:westus3 gpt-5.6-terra:westus3
    gpt-5.6-sol:westus3 gpt-5.4:eastus2 gpt-5.4:swedencentral gpt-5.4-mini:eastus2
    gpt-5.4-mini:swedencentral gpt-5.4-nano:eastus2 gpt-5.4-nano:swedencentral gpt-5.2:eastus2
    gpt-5.2:swedencentral gpt-5.1:eastus2 gpt-5.1:swedencentral gpt-5:eastus2 gpt-5:swedencentral
    gpt-5:canadaeast gpt-5:eastus gpt-5:westeurope gpt-5:germanywestcentral gpt-5:polandcentral
    gpt-5:spaincentral gpt-5-mini:eastus2 gpt-5-mini:swedencentral gpt-5-mini:westeurope
    gpt-5-mini:germanywestcentral gpt-5-mini:polandcentral gpt-5-mini:spaincentral
    gpt-5-nano:eastus2 gpt-5-nano:swedencentral gpt-4.1-2025-04-14:westus
    gpt-4.1-2025-04-14:eastus2 gpt-4.1-2025-04-14:eastus gpt-4.1-2025-04-14:westus3
    gpt-4.1-2025-04-14:northcentralus gpt-4.1-2025-04-14:southcentralus
    gpt-4.1-2025-04-14:westeurope gpt-4.1-2025-04-14:germanywestcentral
    gpt-4.1-2025-04-14:polandcentral gpt-4.1-2025-04-14:spaincentral
    gpt-4.1-mini-2025-04-14:westus gpt-4.1-mini-2025-04-14:eastus2 gpt-4.1-mini-2025-04-14:eastus
    gpt-4.1-mini-2025-04-14:westus3 gpt-4.1-mini-2025-04-14:northcentralus
    gpt-4.1-mini-2025-04-14:southcentralus gpt-4.1-mini-2025-04-14:westeurope
    gpt-4.1-mini-2025-04-14:germanywestcentral gpt-4.1-mini-2025-04-14:polandcentral
    gpt-4.1-mini-2025-04-14:spaincentral gpt-4.1-nano-2025-04-14:westus
    gpt-4.1-nano-2025-04-14:eastus2 gpt-4.1-nano-2025-04-14:westus3
    gpt-4.1-nano-2025-04-14:northcentralus gpt-4.1-nano-2025-04-14:southcentralus
    gpt-4o-2024-11-20:swedencentral gpt-4o-2024-11-20:westus gpt-4o-2024-11-20:eastus2
    gpt-4o-2024-11-20:eastus gpt-4o-2024-11-20:westus3 gpt-4o-2024-11-20:southcentralus
    gpt-4o-2024-11-20:westeurope gpt-4o-2024-11-20:germanywestcentral
    gpt-4o-2024-11-20:polandcentral gpt-4o-2024-11-20:spaincentral gpt-4o-2024-08-06:westus
    gpt-4o-2024-08-06:westus3 gpt-4o-2024-08-06:eastus gpt-4o-2024-08-06:eastus2
    gpt-4o-2024-08-06:northcentralus gpt-4o-2024-08-06:southcentralus
    gpt-4o-mini-2024-07-18:westus gpt-4o-mini-2024-07-18:westus3 gpt-4o-mini-2024-07-18:eastus
    gpt-4o-mini-2024-07-18:eastus2 gpt-4o-mini-2024-07-18:northcentralus
    gpt-4o-mini-2024-07-18:southcentralus gpt-4o-2024-05-13:eastus2 gpt-4o-2024-05-13:eastus
    gpt-4o-2024-05-13:northcentralus gpt-4o-2024-05-13:southcentralus gpt-4o-2024-05-13:westus3
    gpt-4o-2024-05-13:westus gpt-4-turbo-2024-04-09:eastus2 gpt-4-0125-preview:eastus
    gpt-4-0125-preview:northcentralus gpt-4-0125-preview:southcentralus
    gpt-4-1106-preview:australiaeast gpt-4-1106-preview:canadaeast gpt-4-1106-preview:france
    gpt-4-1106-preview:india gpt-4-1106-preview:norway gpt-4-1106-preview:swedencentral
    gpt-4-1106-preview:uk gpt-4-1106-preview:westus gpt-4-1106-preview:westus3
    gpt-4-0613:canadaeast gpt-3.5-turbo-0125:canadaeast gpt-3.5-turbo-0125:northcentralus
    gpt-3.5-turbo-0125:southcentralus gpt-3.5-turbo-1106:canadaeast gpt-3.5-turbo-1106:westus
    gpt-4.1:australiaeast gpt-4o:australiaeast gpt-5.4-mini:australiaeast
    """
)

_OPENAI_REALTIME_ONLY = _words(
    """
    gpt-4o-realtime-preview-2024-10-01 gpt-4o-realtime-preview-2024-12-17
    gpt-4o-mini-realtime-preview-2024-12-17 gpt-realtime-2025-08-28 gpt-realtime-mini-2025-12-15
    gpt-realtime-2
    """
)

DEEPGRAM_LANGUAGES = _words(
    """
    ar az ba be bg bn br bs ca cs da da-DK de de-CH el en en-AU en-CA en-GB en-IE en-IN en-NZ
    en-US es es-419 es-LATAM et eu fa fi fr fr-CA ha haw he hi hi-Latn hr hu id is it ja jw kn ko
    ko-KR ln lt lv mk mr ms multi nl nl-BE no pl pt pt-BR pt-PT ro ru sk sl sn so sr su sv sv-SE
    ta taq te th th-TH tl tr tt uk ur vi yo zh zh-CN zh-HK zh-Hans zh-Hant zh-TW
    """
)

AZURE_STT_LANGUAGES = _words(
    """
    af-ZA am-ET ar-AE ar-BH ar-DZ ar-EG ar-IL ar-IQ ar-JO ar-KW ar-LB ar-LY ar-MA ar-OM ar-PS
    ar-QA ar-SA ar-SY ar-TN ar-YE az-AZ bg-BG bn-IN bs-BA ca-ES cs-CZ cy-GB da-DK de-AT de-CH
    de-DE el-GR en-AU en-CA en-GB en-GH en-HK en-IE en-IN en-KE en-NG en-NZ en-PH en-SG en-TZ
    en-US en-ZA es-AR es-BO es-CL es-CO es-CR es-CU es-DO es-EC es-ES es-GQ es-GT es-HN es-MX
    es-NI es-PA es-PE es-PR es-PY es-SV es-US es-UY es-VE et-EE eu-ES fa-IR fi-FI fil-PH fr-BE
    fr-CA fr-CH fr-FR ga-IE gl-ES gu-IN he-IL hi-IN hr-HR hu-HU hy-AM id-ID is-IS it-CH it-IT
    ja-JP jv-ID ka-GE kk-KZ km-KH kn-IN ko-KR lo-LA lt-LT lv-LV mk-MK ml-IN mn-MN mr-IN ms-MY
    mt-MT my-MM nb-NO ne-NP nl-BE nl-NL pa-IN pl-PL ps-AF pt-BR pt-PT ro-RO ru-RU si-LK sk-SK
    sl-SI so-SO sq-AL sr-RS sv-SE sw-KE sw-TZ ta-IN te-IN th-TH tr-TR uk-UA ur-IN uz-UZ vi-VN
    wuu-CN yue-CN zh-CN zh-CN-shandong zh-CN-sichuan zh-HK zh-TW zu-ZA
    """
)

OpenAIModelName = Annotated[str, _one_of(OPENAI_MODELS, "OpenAI model")]
WorkflowOpenAIModelName = Annotated[
    str, Field(max_length=100), _one_of(OPENAI_MODELS - _OPENAI_REALTIME_ONLY, "OpenAI model")
]
DeepgramLanguage = Annotated[str, _one_of(DEEPGRAM_LANGUAGES, "Deepgram language")]
AzureSttLanguage = Annotated[str, _one_of(AZURE_STT_LANGUAGES, "Azure speech language")]

ServerMessageType = Literal[
    "assistant.started",
    "assistant.speechStarted",
    "conversation-update",
    "end-of-call-report",
    "function-call",
    "hang",
    "language-changed",
    "language-change-detected",
    "model-output",
    "phone-call-control",
    "speech-update",
    "status-update",
    "transcript",
    'transcript[transcriptType="final"]',
    "tool-calls",
    "transfer-destination-request",
    "handoff-destination-request",
    "transfer-update",
    "user-interrupted",
    "voice-input",
    "chat.created",
    "chat.deleted",
    "session.created",
    "session.updated",
    "session.deleted",
    "call.deleted",
    "call.delete.failed",
    "call.artifact.upload",
]
Formatter = Literal[
    "markdown",
    "asterisk",
    "quote",
    "dash",
    "newline",
    "colon",
    "acronym",
    "dollarAmount",
    "email",
    "date",
    "time",
    "distance",
    "unit",
    "percentage",
    "phoneNumber",
    "number",
    "stripAsterisk",
]
PunctuationBoundary = Literal[
    "。", "，", ".", "!", "?", ";", ")", "،", "۔", "।", "॥", "|", "||", ",", ":"
]
CartesiaLanguage = Literal[
    "ar", "bg", "bn", "cs", "da", "de", "el", "en", "es", "fi", "fr", "gu", "he", "hi",
    "hr", "hu", "id", "it", "ja", "ka", "kn", "ko", "ml", "mr", "ms", "nl", "no", "pa",
    "pl", "pt", "ro", "ru", "sk", "sv", "ta", "te", "th", "tl", "tr", "uk", "vi", "zh",
]  # fmt: skip
TransferMode = Literal[
    "blind-transfer",
    "blind-transfer-add-summary-to-sip-header",
    "warm-transfer-say-message",
    "warm-transfer-say-summary",
    "warm-transfer-twiml",
    "warm-transfer-wait-for-operator-to-speak-first-and-then-say-message",
    "warm-transfer-wait-for-operator-to-speak-first-and-then-say-summary",
    "warm-transfer-experimental",
]
