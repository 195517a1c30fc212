"""Quality score and monthly cost estimate, and the consistency of the data behind them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import BusinessProfile
from allokoli.generation.cost import estimate_cost, llm_usd_per_minute, load_pricing
from allokoli.generation.quality import assess_quality, known_checks
from allokoli.generation.recommendations import load_recommendations
from allokoli.generation.schemas import CostEstimate, SectorInfo
from allokoli.generation.service import generate
from tests.generation.test_vapi_schema import minimal_profile, rich_profile

NOW = datetime(2026, 11, 25, 10, 0)
SUBTYPES = load_catalogue().all_subtypes()


def _pair(subtype_id: str) -> Any:
    return next(pair for pair in SUBTYPES if pair[1].id == subtype_id)


def _sector(
    family: str = "restauration", source: str = "profile", confidence: float = 1.0
) -> SectorInfo:
    return SectorInfo.model_validate(
        {
            "family": family,
            "family_label": family,
            "subtype": "x",
            "subtype_label": "Pizzeria",
            "source": source,
            "confidence": confidence,
        }
    )


# --- Quality ---------------------------------------------------------------------------------


def test_minimal_profile_scores_low_and_says_what_is_missing_in_french() -> None:
    report = generate(minimal_profile(*_pair("pizzeria")), now=NOW).quality
    assert report.score < 40
    assert report.level == "Insuffisant"
    messages = " ".join(issue.message for issue in report.issues)
    assert "Aucun horaire d'ouverture" in messages
    assert "Aucun numéro de transfert" in messages
    assert "Aucune prestation ni aucun tarif" in messages
    assert "Pas d'adresse" in messages
    points = [issue.points_lost for issue in report.issues]
    assert points == sorted(points, reverse=True)
    assert report.issues[0].check == "opening_hours"


def test_rich_profile_scores_high() -> None:
    report = generate(rich_profile(*_pair("plombier")), now=NOW).quality
    assert report.score >= 90
    assert report.level == "Excellent"
    assert all(issue.status == "weak" for issue in report.issues)


@pytest.mark.parametrize("pair", SUBTYPES, ids=lambda pair: pair[1].id)
def test_scores_stay_between_0_and_100_and_a_full_profile_reaches_the_top(pair: Any) -> None:
    minimal = generate(minimal_profile(*pair), now=NOW).quality.score
    rich = generate(rich_profile(*pair), now=NOW).quality.score
    assert 0 <= minimal < rich <= 100
    assert rich >= 90


def test_weak_facts_get_half_credit_with_a_detail() -> None:
    family, subtype = _pair("coiffeur")
    full = rich_profile(family, subtype)
    partial_hours = full.model_copy(
        update={
            "opening_hours": full.opening_hours.model_copy(  # type: ignore[union-attr]
                update={"days": full.opening_hours.days[:5]}  # type: ignore[union-attr]
            )
        }
    )
    report = assess_quality(partial_hours, _sector("beaute"))
    issue = next(i for i in report.issues if i.check == "opening_hours")
    assert issue.status == "weak"
    assert issue.message == (
        "Horaires incomplets : aucune information pour le samedi et le dimanche."
    )
    assert report.score < assess_quality(full, _sector("beaute")).score

    unpriced = BusinessProfile.model_validate(
        {**full.model_dump(mode="json"), "services": [{"name": "Coupe"}]}
    )
    issue = next(
        i for i in assess_quality(unpriced, _sector("beaute")).issues if i.check == "services"
    )
    assert issue.message == "Tarifs manquants : aucun prix pour « Coupe »."


def test_family_specific_checks_and_weights() -> None:
    profile = minimal_profile(*_pair("plombier"))
    artisans = {i.check for i in assess_quality(profile, _sector("artisans")).issues}
    restaurant = {i.check for i in assess_quality(profile, _sector("restauration")).issues}
    assert "service_area" in artisans and "service_area" not in restaurant
    assert "policies" in restaurant and "policies" not in artisans


def test_uncertain_sector_is_reported() -> None:
    profile = minimal_profile(*_pair("pizzeria"))
    weak = assess_quality(profile, _sector(source="detection", confidence=0.4))
    issue = next(i for i in weak.issues if i.check == "sector")
    assert issue.status == "weak" and "40 %" in issue.message
    unknown = assess_quality(profile, _sector(source="default", confidence=0))
    assert any(i.check == "sector" and i.status == "missing" for i in unknown.issues)


def test_quality_data_is_consistent() -> None:
    config = load_recommendations().quality
    assert {c.id for c in config.checks} <= known_checks()
    assert sum(c.weight for c in config.checks if c.families is None) == 100
    assert [lv.min for lv in config.levels] == sorted(
        (lv.min for lv in config.levels), reverse=True
    )
    assert config.levels[-1].min == 0


# --- Cost ------------------------------------------------------------------------------------


def _estimate(**changes: Any) -> CostEstimate:
    args: dict[str, Any] = {
        "calls_per_month": 200,
        "average_call_minutes": 2.0,
        "sector_label": "Pizzeria",
        "model_key": "gpt-4.1-mini",
        "voice_key": "azure",
        "transcriber_key": "deepgram:nova-3",
        "prompt_chars": 8000,
        "tool_count": 4,
    }
    args.update(changes)
    return estimate_cost(**args)


def test_breakdown_adds_up_to_the_total() -> None:
    cost = _estimate()
    assert [line.key for line in cost.breakdown] == [
        "platform",
        "llm",
        "voice",
        "transcription",
        "telephony",
    ]
    assert abs(sum(line.monthly_eur for line in cost.breakdown) - cost.monthly_eur) <= 0.03
    assert cost.minutes_per_month == 400
    assert cost.currency == "EUR"
    pricing = load_pricing()
    assert cost.breakdown[0].monthly_eur == round(
        400 * pricing.platform.usd_per_minute * pricing.usd_to_eur, 2
    )
    assert all(line.label and line.detail for line in cost.breakdown)
    assert "Pizzeria" in cost.assumptions[0]


def test_cost_follows_volume_model_voice_and_prompt_size() -> None:
    base = _estimate().monthly_eur
    assert _estimate(calls_per_month=400).monthly_eur > 1.9 * base - 2
    assert _estimate(model_key="gpt-4.1").monthly_eur > base
    assert _estimate(voice_key="11labs:eleven_multilingual_v2").monthly_eur > base
    pricing = load_pricing()
    assert llm_usd_per_minute(pricing, "gpt-4.1-mini", 20_000, 4) > llm_usd_per_minute(
        pricing, "gpt-4.1-mini", 4000, 4
    )


def test_zero_calls_costs_only_the_number() -> None:
    cost = _estimate(calls_per_month=0)
    pricing = load_pricing()
    assert cost.monthly_eur == round(pricing.telephony.usd_per_month * pricing.usd_to_eur, 2)
    assert cost.eur_per_minute == 0


def test_unknown_price_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        _estimate(voice_key="nope")


def test_every_candidate_has_a_price_and_the_estimate_uses_the_subtype_volume() -> None:
    load_recommendations().check_prices(load_pricing())
    family, subtype = _pair("pizzeria")
    result = generate(rich_profile(family, subtype), now=NOW)
    assert result.cost.calls_per_month == subtype.expected_calls_per_month
    assert result.cost.average_call_minutes == subtype.average_call_minutes
    assert 5 < result.cost.monthly_eur < 500
    llm = next(line for line in result.cost.breakdown if line.key == "llm")
    assert result.recommendations.model.label in llm.label


def test_health_practices_cost_more_because_of_gpt_4_1() -> None:
    family, subtype = _pair("medecin_generaliste")
    health = generate(minimal_profile(family, subtype), now=NOW).cost
    llm = next(line for line in health.breakdown if line.key == "llm")
    assert "GPT-4.1 (OpenAI)" in llm.label
