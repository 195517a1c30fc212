"""Trades outside the catalogue fall back to their family's generic subtype with the owner's
label; cities, ordinary words and longer terms never become another trade; a family's rules
apply to every subtype in it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from allokoli.domain.catalogue import load_catalogue
from allokoli.domain.profile import BusinessProfile, SectorRef
from allokoli.generation.service import generate
from allokoli.understanding.detection import detect_sector
from allokoli.understanding.from_text import profile_from_text

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CATALOGUE = load_catalogue()


def test_every_family_has_exactly_one_generic_subtype() -> None:
    for family in CATALOGUE.families:
        generic = [s for s in family.subtypes if s.generic]
        assert len(generic) == 1, family.id
        assert CATALOGUE.generic_of(family.id) is generic[0]
    assert CATALOGUE.generic_of("services").id == "pme_generique"


@pytest.mark.parametrize(
    ("text", "family", "label"),
    [
        ("Pisciniste à Perpignan, construction et entretien de piscines", "artisans", "Pisciniste"),
        ("je suis pisciniste", "artisans", "Pisciniste"),
        ("Cabinet ORL à Lyon, consultations adultes et enfants", "sante", "ORL"),
        ("je suis podologue", "sante", "Podologue"),
        ("Centre d'imagerie médicale : IRM et scanner", "sante", "Centre d'imagerie"),
        ("je suis sellier, je refais les selles et les harnais", "artisans", "Sellier"),
        ("Orthésiste à Lille, sur ordonnance", "sante", "Orthésiste"),
        ("Brow bar : restructuration des sourcils", "beaute", "Brow bar"),
    ],
)
def test_unknown_trade_falls_back_to_its_family_generic_with_its_label(
    text: str, family: str, label: str
) -> None:
    found = detect_sector(text)
    assert found.family == family
    assert found.subtype == CATALOGUE.generic_of(family).id
    assert found.generic
    assert found.label == label


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("Plaquiste à Mâcon, cloisons et faux plafonds", "artisan_generique"),
        ("Électricien à Mâcon", "electricien"),
        # massages alone (no spa named) is beauty's generic subtype; messages is no massage
        ("je fais des massages et j'écoute les messages le soir", "beaute_generique"),
        ("Boulanger à Tours", "boulangerie"),
        ("jsuis plombié sur lyon", "plombier"),
    ],
)
def test_cities_and_french_words_are_not_trades(text: str, subtype: str) -> None:
    assert detect_sector(text).subtype == subtype


def test_a_known_word_is_never_corrected_into_a_trade() -> None:
    # « messages » is one edit from « massage », but it is a French word
    assert "spa" not in {detect_sector("laissez vos messages").subtype}


def test_a_trade_the_catalogue_names_keeps_no_label() -> None:
    found = detect_sector("je suis plombier")
    assert found.subtype == "plombier" and not found.generic and found.label is None


def test_label_travels_in_the_profile_and_the_prompt() -> None:
    profile = profile_from_text("Bleu Lagon, pisciniste à Perpignan, entretien de piscines.")
    assert profile.sector == SectorRef(
        family="artisans", subtype="artisan_generique", label="Pisciniste"
    )
    result = generate(profile, now=NOW)
    prompt = result.vapi_assistant["model"]["messages"][0]["content"]
    assert "Activité : Pisciniste" in prompt


def test_sector_ref_without_label_still_loads() -> None:
    old = BusinessProfile.model_validate(
        {"company_name": "X", "sector": {"family": "sante", "subtype": "dentiste"}}
    )
    assert old.sector is not None and old.sector.label is None


@pytest.mark.parametrize(
    "subtype", [s.id for f in CATALOGUE.families if f.id == "sante" for s in f.subtypes]
)
def test_medical_safety_rules_apply_to_every_health_subtype(subtype: str) -> None:
    profile = BusinessProfile.model_validate(
        {"company_name": "Cabinet Test", "sector": {"family": "sante", "subtype": subtype}}
    )
    prompt = generate(profile, now=NOW).vapi_assistant["model"]["messages"][0]["content"]
    assert "conseil médical" in prompt
    assert "112" in prompt
