"""Monthly cost estimate of an assistant, in euros, from the price list in `data/pricing.yaml`.

minutes per month = expected calls × average call length (from the sector catalogue), then per
line: platform and transcription per minute, telephony per minute plus the number's monthly fee,
the voice for the share of the call the assistant speaks, and the LLM per token (each turn
re-sends the system prompt, the tool definitions and the conversation so far).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

from allokoli.generation.schemas import CostEstimate, CostLine

__all__ = ["Pricing", "estimate_cost", "llm_usd_per_minute", "load_pricing"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlatformPricing(_Model):
    label: str
    usd_per_minute: float = Field(ge=0)


class LlmPrice(_Model):
    usd_per_million_input: float = Field(ge=0)
    usd_per_million_output: float = Field(ge=0)


class LlmPricing(_Model):
    label: str
    turns_per_minute: float = Field(gt=0)
    chars_per_token: float = Field(gt=0)
    tokens_per_tool: int = Field(ge=0)
    history_tokens_per_turn: int = Field(ge=0)
    output_tokens_per_turn: int = Field(ge=0)
    models: dict[str, LlmPrice]


class VoicePricing(_Model):
    label: str
    speech_share: float = Field(gt=0, le=1)
    usd_per_speech_minute: dict[str, float]


class TranscriptionPricing(_Model):
    label: str
    usd_per_minute: dict[str, float]


class TelephonyPricing(_Model):
    label: str
    usd_per_minute: float = Field(ge=0)
    usd_per_month: float = Field(ge=0)


class Pricing(_Model):
    version: int
    as_of: str
    usd_to_eur: float = Field(gt=0)
    platform: PlatformPricing
    llm: LlmPricing
    voice: VoicePricing
    transcription: TranscriptionPricing
    telephony: TelephonyPricing


@lru_cache(maxsize=1)
def load_pricing() -> Pricing:
    """The packaged price list, parsed and validated once per process."""
    text = resources.files("allokoli.generation").joinpath("data/pricing.yaml").read_text("utf-8")
    return Pricing.model_validate(yaml.safe_load(text))


def _fr(value: float, digits: int = 2) -> str:
    """A number the French way: `1 234,5`."""
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def _prompt_tokens(pricing: Pricing, prompt_chars: int, tool_count: int) -> float:
    llm = pricing.llm
    return prompt_chars / llm.chars_per_token + tool_count * llm.tokens_per_tool


def llm_usd_per_minute(
    pricing: Pricing, model_key: str, prompt_chars: int, tool_count: int
) -> float:
    """What one minute of call costs in LLM tokens, with a prompt of that size."""
    llm = pricing.llm
    price = llm.models[model_key]
    per_turn_in = _prompt_tokens(pricing, prompt_chars, tool_count) + llm.history_tokens_per_turn
    usd_in = per_turn_in * price.usd_per_million_input / 1e6
    usd_out = llm.output_tokens_per_turn * price.usd_per_million_output / 1e6
    return llm.turns_per_minute * (usd_in + usd_out)


def estimate_cost(
    *,
    calls_per_month: int,
    average_call_minutes: float,
    sector_label: str,
    model_key: str,
    voice_key: str,
    transcriber_key: str,
    prompt_chars: int,
    tool_count: int,
    labels: dict[str, str] | None = None,
    pricing: Pricing | None = None,
) -> CostEstimate:
    """The monthly bill in € with its breakdown. Raises KeyError for an unknown price key.

    `labels` names the chosen model, voice and transcriber ("llm", "voice", "transcription") in
    the breakdown; the price keys are shown otherwise.
    """
    p = pricing or load_pricing()
    minutes = calls_per_month * average_call_minutes
    rate = p.usd_to_eur
    llm_per_min = llm_usd_per_minute(p, model_key, prompt_chars, tool_count)
    voice_per_speech_min = p.voice.usd_per_speech_minute[voice_key]
    stt_per_min = p.transcription.usd_per_minute[transcriber_key]
    tokens = round(_prompt_tokens(p, prompt_chars, tool_count) + p.llm.history_tokens_per_turn)
    lines_usd: list[tuple[CostLine, float]] = []
    names = {"llm": model_key, "voice": voice_key, "transcription": transcriber_key}
    names.update(labels or {})

    def add(key: str, label: str, usd: float, detail: str) -> None:
        line = CostLine.model_validate(
            {"key": key, "label": label, "monthly_eur": round(usd * rate, 2), "detail": detail}
        )
        lines_usd.append((line, usd))

    add(
        "platform",
        p.platform.label,
        minutes * p.platform.usd_per_minute,
        f"{_fr(p.platform.usd_per_minute, 4)} $ par minute d'appel.",
    )
    add(
        "llm",
        f"{p.llm.label} ({names['llm']})",
        minutes * llm_per_min,
        f"Environ {_fr(tokens, 0)} jetons envoyés à chaque échange, "
        f"{_fr(p.llm.turns_per_minute, 1)} échanges par minute.",
    )
    add(
        "voice",
        f"{p.voice.label} ({names['voice']})",
        minutes * p.voice.speech_share * voice_per_speech_min,
        f"{_fr(voice_per_speech_min, 4)} $ par minute de parole, l'assistant parlant environ "
        f"{_fr(p.voice.speech_share * 100, 0)} % du temps.",
    )
    add(
        "transcription",
        f"{p.transcription.label} ({names['transcription']})",
        minutes * stt_per_min,
        f"{_fr(stt_per_min, 4)} $ par minute d'appel.",
    )
    add(
        "telephony",
        p.telephony.label,
        minutes * p.telephony.usd_per_minute + p.telephony.usd_per_month,
        f"{_fr(p.telephony.usd_per_month)} $ par mois pour le numéro et "
        f"{_fr(p.telephony.usd_per_minute, 4)} $ par minute d'appel reçu.",
    )
    total_usd = sum(usd for _, usd in lines_usd)
    per_minute_eur = (total_usd - p.telephony.usd_per_month) * rate / minutes if minutes else 0.0
    return CostEstimate(
        monthly_eur=round(total_usd * rate, 2),
        calls_per_month=calls_per_month,
        average_call_minutes=average_call_minutes,
        minutes_per_month=round(minutes, 1),
        eur_per_minute=round(per_minute_eur, 4),
        breakdown=[line for line, _ in lines_usd],
        usd_to_eur=rate,
        prices_as_of=p.as_of,
        assumptions=[
            f"Environ {calls_per_month} appels par mois de {_fr(average_call_minutes, 1)} minute"
            f"{'s' if average_call_minutes >= 2 else ''} en moyenne, valeurs habituelles pour "
            f"le secteur « {sector_label} ».",
            f"Prix publics en dollars au {p.as_of}, convertis à {_fr(rate)} € pour 1 $, "
            "hors taxes.",
            "Estimation indicative : la facture réelle dépend du nombre et de la durée des appels.",
        ],
    )
